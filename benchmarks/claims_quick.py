#!/usr/bin/env python3
"""Quick claims benchmark on PolNeAR: extract claims with the real pipeline and score them.

    python benchmarks/claims_quick.py                # train split (for development)
    python benchmarks/claims_quick.py --split dev    # held-out figures: report only, never tune

Converts the split with the reference converter (/work/shared/eval/polnear_to_jsonl.py), runs
``load_nlp`` + ``extract_claims`` over all articles (``nlp.pipe``), writes ``{"id", "claims"}``
records to ``--out`` and prints the reference scorer's figures (score.py claims).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from streams.nlp.claims import extract_claims  # noqa: E402
from streams.nlp.pipeline import load_nlp  # noqa: E402

SHARED = os.environ.get("WIREDESK_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
POLNEAR = os.path.join(SHARED, "data", "claims", "polnear")
EVAL = os.path.join(SHARED, "eval")


def convert(split_dir: str) -> list[dict]:
    out = subprocess.run([sys.executable, os.path.join(EVAL, "polnear_to_jsonl.py"), split_dir],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


_BRAT_LINE = re.compile(r"^[A-Z#]+\d*\t")


def scorable_gold(split_dir: str) -> str:
    """``split_dir``, or a copy of it without the continuation lines of multi-line span texts.

    A few train .ann files hold span texts with line breaks; score.py splits every line starting
    with "T" on tabs and stops on such a continuation line. The copy (texts symlinked, .ann
    files minus those lines) leaves every annotation line as it is.
    """
    ann_dir = os.path.join(split_dir, "attributions")
    names = sorted(os.listdir(ann_dir))
    bad = [n for n in names if any(line.strip() and not _BRAT_LINE.match(line)
                                   for line in open(os.path.join(ann_dir, n), encoding="utf-8"))]
    if not bad:
        return split_dir
    tmp = tempfile.mkdtemp(prefix="polnear_")
    os.symlink(os.path.abspath(os.path.join(split_dir, "text")), os.path.join(tmp, "text"))
    os.mkdir(os.path.join(tmp, "attributions"))
    for n in names:
        src, dst = os.path.join(ann_dir, n), os.path.join(tmp, "attributions", n)
        if n in bad:
            with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
                g.writelines(line for line in f if _BRAT_LINE.match(line))
        else:
            os.symlink(os.path.abspath(src), dst)
    print(f"scoring against a copy of {split_dir} without continuation lines in {len(bad)} .ann files",
          file=sys.stderr)
    return tmp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="train", choices=("train", "dev"))
    ap.add_argument("--out", default=None, help="records JSONL (default /tmp/claims_<split>.jsonl)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    ap.add_argument("--batch", type=int, default=32)
    a = ap.parse_args()
    split_dir = os.path.join(POLNEAR, a.split)
    out = a.out or f"/tmp/claims_{a.split}.jsonl"
    articles = convert(split_dir)
    if a.limit:
        articles = articles[: a.limit]
    nlp = load_nlp()
    t0 = time.perf_counter()
    n_claims = 0
    with open(out, "w", encoding="utf-8") as f:
        for art, doc in zip(articles, nlp.pipe((x["body"] for x in articles), batch_size=a.batch)):
            claims = extract_claims(doc)
            n_claims += len(claims)
            f.write(json.dumps({"id": art["id"], "claims": claims}, ensure_ascii=False) + "\n")
    dt = time.perf_counter() - t0
    print(f"{len(articles)} articles, {n_claims} claims, {dt:.1f} s ({len(articles) / dt:.1f} articles/s)",
          file=sys.stderr)
    subprocess.run([sys.executable, os.path.join(EVAL, "score.py"), "claims", "--gold", scorable_gold(split_dir),
                    "--pred", out], check=True)


if __name__ == "__main__":
    main()
