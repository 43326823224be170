"""The default profile against ftfy's ``fix_text`` on Chinese pages, in one run.

    python benchmarks/bench_default.py [--mb 2] [--steps]

Inputs: the sample pages as crawled (raw) and as cleaned (golden), from
``$NORMKIT_CORPUS`` or ``../shared/corpus`` beside the repository, each repeated to the
given size and cut into page-sized documents. ftfy runs with its defaults (which fold
Chinese punctuation to ASCII) and with CJK-safe settings (no quote uncurling, no width
folding). The target: normkit's default profile at least 5× ftfy's CJK-safe fix_text.
With ``--steps``, each normaliser's own throughput in the chain (from the pipeline's
statistics, best of the runs) is printed too.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import ftfy

import normkit
from _corpus import best_time, sample_pages

CJK_SAFE = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False)


def pages(kind: str) -> list[str]:
    corpus = os.environ.get("NORMKIT_CORPUS")
    if corpus:
        found = [p.read_text(encoding="utf-8") for p in sorted((Path(corpus) / kind).glob("*.txt"))]
        if found:
            return found
    return sample_pages(kind)


def documents(kind: str, megabytes: float) -> list[str]:
    docs = pages(kind)
    size = sum(len(p.encode("utf-8")) for p in docs)
    return docs * max(1, round(megabytes * 1e6 / size))


def step_rates(profile: str, docs: list[str], mb: float, repeat: int = 3) -> dict[str, float]:
    """MB/s of every step of the chain, each the best of ``repeat`` runs."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        pipe = normkit.Pipeline.from_profile(profile)
        for d in docs:
            pipe.clean(d)
        for name, s in pipe.stats.steps.items():
            best[name] = min(best.get(name, float("inf")), s.seconds)
    return {name: mb / max(seconds, 1e-9) for name, seconds in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--steps", action="store_true", help="also print each step's throughput")
    args = parser.parse_args()
    pipe = normkit.Pipeline.from_profile(args.profile)
    print(f"normkit profile {args.profile!r}: {', '.join(pipe.names)}\n")
    print(f"{'input':<8} {'tool':<28} {'MB/s':>8} {'normkit ×':>10}")
    per_step: dict[str, dict[str, float]] = {}
    for kind in ("raw", "golden"):
        docs = documents(kind, args.mb)
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        cases = {
            f"normkit {args.profile}": lambda docs=docs: [pipe.clean(d) for d in docs],
            "ftfy.fix_text (CJK-safe)": lambda docs=docs: [ftfy.fix_text(d, CJK_SAFE) for d in docs],
            "ftfy.fix_text (defaults)": lambda docs=docs: [ftfy.fix_text(d) for d in docs],
        }
        rates = {name: mb / best_time(fn, 3) for name, fn in cases.items()}
        ours = rates[f"normkit {args.profile}"]
        for name, rate in rates.items():
            print(f"{kind:<8} {name:<28} {rate:8.2f} {ours / rate:9.2f}x")
        if args.steps:
            per_step[kind] = step_rates(args.profile, docs, mb)
    if args.steps:
        print(f"\n{'step (MB/s in the chain)':<28} {'raw':>9} {'golden':>9}")
        for name in pipe.names:
            print(f"{name:<28} {per_step['raw'][name]:9.1f} {per_step['golden'][name]:9.1f}")


if __name__ == "__main__":
    main()
