"""``wiredesk eval``: quality measured on labelled data, through the product's own code paths.

Each evaluation lives in its own module and adds its subcommand to :data:`eval_group` below.
"""
from __future__ import annotations

import click


@click.group("eval")
def eval_group() -> None:
    """Measure extraction and resolution quality on labelled data (prints figures)."""


# Subcommands register here, one line each:
from streams.evaluate.claims import claims_command; eval_group.add_command(claims_command)  # noqa: E402,E702
from streams.evaluate.incidents import incidents_command; eval_group.add_command(incidents_command)  # noqa: E402,E702
