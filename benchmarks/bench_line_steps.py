"""CPU time of the three line steps in a row, as the default chain runs them, beside ftfy.

    PYTHONPATH=src python benchmarks/bench_line_steps.py [--repeat N] [--passes]

On the ``all`` pages of ``../shared/realweb``: each page's input to ``spam.tails`` in the
default chain goes through ``spam.tails``, ``boilerplate.lines`` and ``lines.rejoin`` with
one context (``lines.rejoin`` then reads what ``boilerplate.lines`` worked out), the best
of ``N`` runs of each page in CPU seconds of this process (``time.process_time``: steadier
than the wall clock on a shared machine), summed; ftfy's ``fix_text`` (CJK-safe) on the
raw page measured the same way, page by page in the same loop. ``--passes`` also prints
how ``boilerplate.lines``' time splits over its passes (the first, the second, ...).
"""

from __future__ import annotations

import argparse
import collections
import time
from collections.abc import Callable, Mapping

import ftfy

import normkit
from bench_realweb import CJK_SAFE, LINE_STEPS, REALWEB
from normkit import Context
from normkit.lines import shapes
from normkit.normalisers import boilerplate


def chain_inputs(docs: list[str]) -> tuple[list[str], list[Callable[[str, Context], str]]]:
    """Each page as the default chain hands it to its first line step, and the three steps."""
    pipe = normkit.Pipeline()
    first = pipe.names.index(LINE_STEPS[0])
    inputs = []
    for d in docs:
        for step in pipe.steps[:first]:
            d = step(d, Context())
        inputs.append(d)
    return inputs, [pipe.steps[pipe.names.index(name)] for name in LINE_STEPS]


def run(inputs: list[str], steps: list[Callable[[str, Context], str]]) -> None:
    for d in inputs:
        ctx = Context()
        for step in steps:
            d = step(d, ctx)


def per_page(
    docs: list[str], inputs: list[str], steps: list[Callable[[str, Context], str]], repeat: int
) -> None:
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    ours = theirs = 0.0
    for raw, d in zip(docs, inputs, strict=True):
        best = best_ftfy = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            run([d], steps)
            best = min(best, time.process_time() - start)
            start = time.process_time()
            ftfy.fix_text(raw, CJK_SAFE)
            best_ftfy = min(best_ftfy, time.process_time() - start)
        ours += best
        theirs += best_ftfy
    print(f"{len(docs)} pages, {mb:.3f} MB, best of {repeat} per page, CPU seconds:")
    print(f"  the three line steps, one context  {ours:.3f} s  {mb / ours:6.2f} MB/s")
    print(f"  ftfy.fix_text (CJK-safe)           {theirs:.3f} s  {mb / theirs:6.2f} MB/s")
    print(f"  line steps / ftfy                  {theirs / ours:.3f}")


def passes(inputs: list[str], steps: list[Callable[[str, Context], str]], repeat: int) -> None:
    """How ``boilerplate.lines``' passes share its time (the run with the least CPU time)."""
    spent: dict[int, float] = collections.defaultdict(float)
    counts: collections.Counter[int] = collections.Counter()
    original = shapes.until_stable
    module = vars(boilerplate)  # (the name the step calls)

    def timed(
        lines: shapes.Lines,
        classify_once: Callable[[shapes.Lines], Mapping[int, str]],
        keep: frozenset[int] | Callable[[list[int]], frozenset[int]] = frozenset(),
    ) -> dict[int, str]:
        k = 0

        def once(part: shapes.Lines) -> Mapping[int, str]:
            nonlocal k
            start = time.process_time()
            found = classify_once(part)
            spent[min(k, 3)] += time.process_time() - start
            counts[min(k, 3)] += 1
            k += 1
            return found

        return original(lines, once, keep)

    module["until_stable"] = timed
    try:
        best: tuple[float, dict[int, float], dict[int, int]] | None = None
        for _ in range(repeat):
            spent.clear()
            counts.clear()
            start = time.process_time()
            run(inputs, steps)
            total = time.process_time() - start
            if best is None or total < best[0]:
                best = (total, dict(spent), dict(counts))
    finally:
        module["until_stable"] = original
    assert best is not None
    total, by_pass, n = best
    print(
        f"passes of boilerplate.lines (best of {repeat} whole runs, {total:.3f} s CPU for the three steps):"
    )
    for k in sorted(by_pass):
        label = f"pass {k + 1}" if k < 3 else "pass 4 and later"
        print(f"  {label:<17} {n[k]:4d} passes  {by_pass[k]:.3f} s  {by_pass[k] / total:5.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--passes", action="store_true", help="also split boilerplate.lines' time by pass")
    args = parser.parse_args()
    docs = [p.read_text(encoding="utf-8") for p in sorted((REALWEB / "raw").glob("*_all.txt"))]
    inputs, steps = chain_inputs(docs)
    run(inputs, steps)  # (warm: models, lexicons, patterns)
    per_page(docs, inputs, steps, args.repeat)
    if args.passes:
        passes(inputs, steps, args.repeat)


if __name__ == "__main__":
    main()
