"""The cost of document signals, and pii.mask's throughput, on Chinese pages, in one run.

    python benchmarks/bench_signals.py [--mb 2]

The default profile with signals on (``Pipeline.process``) against off
(``process(signals=False)``), interleaved, best of the runs; the target is at most
10 % more. ``pii.mask`` alone on the same pages: the target is at least 50 MB/s.
Pages come from ``$NORMKIT_CORPUS`` or ``../shared/corpus`` (see ``bench_default.py``).
"""

from __future__ import annotations

import argparse
import time

import normkit
from bench_default import documents


def seconds(run: object, docs: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for d in docs:
            run(d)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def interleaved(docs: list[str], repeat: int) -> tuple[float, float]:
    """Seconds with signals on and off: each document cleaned both ways in turn, the
    order alternating (the second of two runs of a document is faster, caches being
    warm), so a loaded machine and the order slow both alike; best of ``repeat`` runs
    each, per document."""
    pipe = normkit.Pipeline()
    clock = time.perf_counter
    on = off = 0.0
    for text in docs:
        best = {True: float("inf"), False: float("inf")}
        for i in range(2 * repeat):
            for signals in (True, False) if i % 2 else (False, True):
                started = clock()
                pipe.process(normkit.Document(text), signals=signals)
                best[signals] = min(best[signals], clock() - started)
        on += best[True]
        off += best[False]
    return on, off


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    docs = documents("raw", args.mb)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    on, off = interleaved(docs, args.repeat)
    print(f"default, signals off: {mb / off:7.2f} MB/s")
    print(f"default, signals on:  {mb / on:7.2f} MB/s  ({(on / off - 1) * 100:+.1f} %, target <= +10 %)")
    clean_docs = documents("golden", args.mb)
    cmb = sum(len(d.encode("utf-8")) for d in clean_docs) / 1e6
    pii = normkit.Pipeline(steps=["pii.mask"])
    t = seconds(lambda s: pii.clean(s), clean_docs, args.repeat)
    print(f"pii.mask alone:       {cmb / t:7.2f} MB/s  (target >= 50 MB/s)")


if __name__ == "__main__":
    main()
