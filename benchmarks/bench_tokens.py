"""Throughput of the tokenising core beside two baselines, in one run.

    python benchmarks/bench_tokens.py [--mb 8]

Baselines: a bare ``regex.finditer`` over script runs (iterating the matches and doing
nothing else) and ``str.split("\\n")``. The target: the core at least half as fast as
the bare scan.
"""

from __future__ import annotations

import argparse

import regex

from _corpus import best_time, mb_per_s, repeated, sample_pages
from normkit.tokens import Analysis, run_table, tokenize

SCRIPT_RUNS = regex.compile(r"\p{Han}+|\p{Latin}+|\p{N}+|\s+|[^\p{Han}\p{Latin}\p{N}\s]+")


def bare_scan(text: str) -> None:
    for _ in SCRIPT_RUNS.finditer(text):
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=8.0)
    args = parser.parse_args()
    text = repeated(sample_pages("raw"), args.mb)
    cases = {
        "baseline: regex.finditer script runs": lambda: bare_scan(text),
        'baseline: str.split("\\n")': lambda: text.split("\n"),
        "normkit run_table (kinds + offsets)": lambda: run_table(text),
        "normkit tokenize (Run objects)": lambda: tokenize(text),
        "normkit Analysis: protected spans": lambda: Analysis(text).protected,
        "normkit Analysis: sentences": lambda: Analysis(text).sentences,
    }
    rates = {name: mb_per_s(text, best_time(fn, 3)) for name, fn in cases.items()}
    base = rates["baseline: regex.finditer script runs"]
    print(f"input: {len(text.encode('utf-8')) / 1e6:.1f} MB of sample pages\n")
    print(f"{'what':<40} {'MB/s':>8} {'vs finditer':>12}")
    for name, rate in rates.items():
        print(f"{name:<40} {rate:8.1f} {rate / base:11.2f}x")


if __name__ == "__main__":
    main()
