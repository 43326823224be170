"""Inputs built to hurt: time and peak memory against size, for the default chain.

    python benchmarks/bench_pathological.py [--sizes 100000,200000,400000] [--profile default]
    python benchmarks/bench_pathological.py --steps pii.mask   # one step (or a few) alone
    python benchmarks/bench_pathological.py --steps 'mojibake.*' --sizes 50000,100000,200000

For each input shape (see ``normkit.testing``: ``pathological_inputs`` and
``mojibake_worst_inputs``) it cleans the input at growing sizes and reports seconds,
peak traced memory, the slowdown against ordinary Chinese pages of the same size, the
ratio to ftfy's ``fix_text`` on the same input in the same run, and the largest growth
exponent between consecutive sizes (1.0 is linear; the check fails above 1.3: choose
sizes that double, and some below 100,000: a change of over 200,000 characters is
counted coarsely, so larger sizes alone hide the cost of aligning one long line). Seconds are best-of-3 CPU time (steadier than wall time on a loaded
machine), with the change statistics on, as a ``Pipeline`` keeps them. ``--steps``
takes names or patterns (``mojibake.*``). Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import fnmatch
import itertools
import math
import time
import tracemalloc

import ftfy

import normkit
from _corpus import repeated, sample_pages
from normkit.testing import mojibake_worst_inputs, pathological_inputs


def _inputs(size: int) -> dict[str, str]:
    return {**pathological_inputs(size), **mojibake_worst_inputs(size)}


def measure(pipe: normkit.Pipeline, text: str) -> tuple[float, int]:
    """Best-of-3 CPU seconds, and the peak memory (bytes) traced during one run."""
    best = math.inf
    for _ in range(3):
        start = time.process_time()
        pipe.clean(text)
        best = min(best, time.process_time() - start)
    tracemalloc.start()
    pipe.clean(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak


def _ftfy_seconds(text: str) -> float:
    """Best-of-3 CPU seconds of ftfy's ``fix_text`` (defaults) on ``text``."""
    best = math.inf
    for _ in range(3):
        start = time.process_time()
        ftfy.fix_text(text)
        best = min(best, time.process_time() - start)
    return best


def _step_names(spec: str) -> list[str]:
    """The registered steps named by comma-separated names or patterns (``mojibake.*``)."""
    known = normkit.get_registry().names()
    names: list[str] = []
    for part in spec.split(","):
        matched = fnmatch.filter(known, part) if any(c in part for c in "*?[") else [part]
        if not matched:
            raise SystemExit(f"--steps: no step matches {part!r} (known: {', '.join(known)})")
        names += [n for n in matched if n not in names]
    return names


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200000,400000,800000", help="characters, comma-separated")
    parser.add_argument("--profile", default="default")
    parser.add_argument("--steps", help="comma-separated step names to time instead of a profile")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.steps:
        pipe = normkit.Pipeline(steps=_step_names(args.steps))
        chain = f"steps {args.steps}"
    else:
        pipe = normkit.Pipeline.from_profile(args.profile)
        chain = f"profile {args.profile}"
    ordinary = repeated(sample_pages("raw"), sizes[-1] * 3 / 1e6)
    base = {n: measure(pipe, ordinary[:n])[0] for n in sizes}
    print(f"{chain}; sizes in characters: {sizes}\n")
    print("| input | chars | seconds | × ordinary | ftfy s | × ftfy | peak MB | largest growth exponent |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    worst = 0.0
    for label in _inputs(1):
        times = {}
        for n in sizes:
            text = _inputs(n)[label]
            seconds, peak = measure(pipe, text)
            times[n] = seconds
        n2 = sizes[-1]
        theirs = _ftfy_seconds(_inputs(n2)[label])
        # (each doubling whose larger run takes over 5 ms: shorter runs are mostly noise)
        exponents = [
            math.log(max(times[y], 1e-6) / max(times[x], 1e-6)) / math.log(y / x)
            for x, y in itertools.pairwise(sizes)
            if times[y] > 0.005
        ]
        exponent = max(exponents, default=1.0)
        worst = max(worst, exponent)
        print(
            f"| {label} | {n2:,} | {times[n2]:.3f} | {times[n2] / base[n2]:.1f} | {theirs:.3f} | "
            f"{times[n2] / theirs:.1f} | {peak / 1e6:.1f} | {exponent:.2f} |"
        )
    print(f"\nordinary pages, {sizes[-1]:,} chars: {base[sizes[-1]]:.3f} s")
    verdict = "linear" if worst <= 1.3 else "NOT LINEAR"
    print(f"worst growth exponent (inputs taking over 5 ms): {worst:.2f} -> {verdict}")


if __name__ == "__main__":
    main()
