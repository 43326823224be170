"""What the step time limit costs on the default chain: the same documents cleaned with
no limit and with the command line's default (300 s), alternating, in one run.

    python benchmarks/bench_step_timeout.py [--mb 1] [--rounds 5] [--chunk 2000]

Inputs: the sample pages (raw, as crawled) from ``$NORMKIT_CORPUS`` or ``../shared/corpus``,
repeated to the given size and cut into documents of ``--chunk`` characters (short
documents show the per-step cost best). Prints the best time of each and the overhead.
"""

from __future__ import annotations

import argparse
import time

import normkit
from bench_default import pages


def run(pipe: normkit.Pipeline, docs: list[str]) -> float:
    started = time.perf_counter()
    for doc in docs:
        pipe.clean(doc)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chunk", type=int, default=2000)
    args = parser.parse_args()
    text = "\n".join(pages("raw"))
    total = int(args.mb * 1e6 / 3)  # characters (Han: 3 bytes each)
    text = (text * (total // len(text) + 1))[:total]
    docs = [text[k : k + args.chunk] for k in range(0, len(text), args.chunk)]
    plain = normkit.Pipeline()
    limited = normkit.Pipeline(step_time_limit=300.0)
    run(plain, docs[:50])
    run(limited, docs[:50])
    best = {"no limit": float("inf"), "limit 300 s": float("inf")}
    for _ in range(args.rounds):
        best["no limit"] = min(best["no limit"], run(plain, docs))
        best["limit 300 s"] = min(best["limit 300 s"], run(limited, docs))
    steps = len(plain.names)
    print(f"{len(docs)} documents of {args.chunk} characters, {steps} steps, best of {args.rounds}")
    for name, seconds in best.items():
        print(f"{name:12}  {seconds:7.3f} s  {len(docs) / seconds:8.0f} docs/s")
    extra = best["limit 300 s"] - best["no limit"]
    print(f"overhead: {extra / best['no limit']:+.1%}, {extra / (len(docs) * steps) * 1e6:+.2f} µs per step")


if __name__ == "__main__":
    main()
