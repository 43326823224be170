"""Throughput of the structure stage's line droppers beside the tokenising core.

    PYTHONPATH=src python benchmarks/bench_structure.py [--repeat N] [--corpus DIR]

Runs over the sample corpus's raw pages (``../shared/corpus/raw``), each page a document,
repeated ``--repeat`` times, and prints MB/s (UTF-8 bytes of input) and the ratio to the
tokenising core measured in the same run.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from normkit import Context
from normkit.normalisers.boilerplate import Boilerplate
from normkit.normalisers.spam import SpamTails
from normkit.tokens import Analysis, tokenize

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def _pages(corpus: Path) -> list[str]:
    raw = sorted((corpus / "raw").glob("*.txt"))
    if raw:
        return [p.read_text(encoding="utf-8") for p in raw]
    # No corpus beside the repository: use the held-out test pages instead.
    rows = (ROOT / "tests" / "data" / "boilerplate").glob("*.txt")
    return ["\n".join(r[2:] for r in p.read_text(encoding="utf-8").split("\n")) for p in sorted(rows)]


def _measure(fn: Callable[[str], object], docs: list[str], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for doc in docs:
            fn(doc)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    pages = _pages(args.corpus)
    docs = pages * args.repeat
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    spam, boiler = SpamTails(), Boilerplate()
    spam("warm up\n" + pages[0], Context())
    boiler("warm up\n" + pages[0], Context())

    def both(text: str) -> str:
        ctx = Context()
        return boiler(spam(text, ctx), ctx)

    rows = [
        ("tokens.tokenize (core)", lambda t: tokenize(t)),
        ("Analysis.lines (core)", lambda t: Analysis(t).lines),
        ("spam.tails", lambda t: spam(t, Context())),
        ("boilerplate.lines", lambda t: boiler(t, Context())),
        ("spam.tails + boilerplate.lines", both),
    ]
    print(f"{len(docs)} documents, {size:.2f} MB ({len(pages)} pages x {args.repeat})")
    print(f"{'step':<32} {'seconds':>8} {'MB/s':>8} {'vs tokenize':>12}")
    base = None
    for name, fn in rows:
        seconds = _measure(fn, docs)
        rate = size / seconds
        base = base or rate
        print(f"{name:<32} {seconds:>8.3f} {rate:>8.1f} {rate / base:>11.2f}x")


if __name__ == "__main__":
    main()
