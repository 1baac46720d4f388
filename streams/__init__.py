"""wiredesk: a stream processor turning news wire reports into incidents."""

__version__ = "0.1.0"
