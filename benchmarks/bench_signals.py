"""The cost of document signals, and pii.mask's throughput, on Chinese pages, in one run.

    python benchmarks/bench_signals.py [--mb 2] [--rounds 7] [--pages raw|realweb]

The default profile with signals on (``Pipeline.process``) against off
(``process(signals=False)``); the target is at most 10 % more. On a shared machine the
difference of two noisy timings is itself noisy, so two measures, each over ``--rounds``
rounds, reported as median and spread (min–max):

- **paired**: per round, a pass over every document with signals on and one with them
  off, in alternating order; the extra time of the signals-on pass;
- **direct**: in the same passes, the time spent computing the signals themselves (inside
  ``Pipeline.process``), over the time of the rest of the chain.

Each in CPU time (``process_time``: without the time the process waits for a core, most
of the noise of a shared machine) and in wall-clock time.

``pii.mask`` alone on the clean pages: the target is at least 50 MB/s. Pages: the sample
corpus (``$NORMKIT_CORPUS`` or ``../shared/corpus``, see ``bench_default.py``), ``raw`` by
default, or the realweb development pages (``../shared/realweb/raw``) with ``--pages
realweb``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from typing import Any

import normkit
from _corpus import ROOT
from bench_default import documents
from normkit.signals import SignalInput, SignalSet

REALWEB = ROOT.parent / "shared" / "realweb" / "raw"


class TimedSignals:
    """A pipeline's signal set that adds up the time spent computing (wall clock and
    this process's CPU time)."""

    def __init__(self, signals: SignalSet) -> None:
        self.signals = signals
        self.seconds = self.cpu = 0.0

    def compute(self, doc: SignalInput) -> dict[str, Any]:
        started, cpu = time.perf_counter(), time.process_time()
        values = self.signals.compute(doc)
        self.cpu += time.process_time() - cpu
        self.seconds += time.perf_counter() - started
        return values


@dataclass
class Round:
    """One round's two passes: seconds with signals on and off, wall clock and CPU time,
    and the signal computation inside the signals-on pass."""

    on: float
    off: float
    on_cpu: float
    off_cpu: float
    signals: float
    signals_cpu: float


def rounds(docs: list[str], count: int) -> list[Round]:
    """Every round of passes (see :class:`Round`).

    After one pass to warm up (the normalisers memoise what they saw: a document cleaned a
    second time is much faster), a round cleans every document with signals on, then every
    document with them off (the other way round in the next round), so a round's two
    passes find the same caches and about the same load. CPU time (``process_time``)
    leaves out the time the process waits for a core, which on a shared machine is most of
    the noise.
    """
    pipe = normkit.Pipeline()
    timed = TimedSignals(pipe.signals)
    pipe.signals = timed  # type: ignore[assignment]
    for text in docs:  # warm up: tables, and the normalisers' memos of lines seen before
        pipe.process(normkit.Document(text))
    found = []
    for r in range(count):
        wall: dict[bool, float] = {}
        cpu: dict[bool, float] = {}
        timed.seconds = timed.cpu = 0.0
        for signals in (True, False) if r % 2 == 0 else (False, True):
            started, started_cpu = time.perf_counter(), time.process_time()
            for text in docs:
                pipe.process(normkit.Document(text), signals=signals)
            cpu[signals] = time.process_time() - started_cpu
            wall[signals] = time.perf_counter() - started
        found.append(Round(wall[True], wall[False], cpu[True], cpu[False], timed.seconds, timed.cpu))
    return found


def spread(values: list[float]) -> str:
    """``median (min–max)`` of percentages."""
    return f"{statistics.median(values):+.1f} % ({min(values):+.1f} … {max(values):+.1f})"


def pages(kind: str, megabytes: float) -> list[str]:
    if kind == "realweb":
        found = [p.read_text(encoding="utf-8") for p in sorted(REALWEB.glob("*.txt"))]
        if not found:
            raise SystemExit(f"no pages in {REALWEB}")
        size = sum(len(p.encode("utf-8")) for p in found)
        return found * max(1, round(megabytes * 1e6 / size))
    return documents(kind, megabytes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--pages", choices=["raw", "realweb"], default="raw")
    args = parser.parse_args()
    docs = pages(args.pages, args.mb)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    found = rounds(docs, args.rounds)
    off_rate = [mb / r.off for r in found]
    print(f"{len(docs)} {args.pages} pages, {mb:.2f} MB, {args.rounds} rounds (median, min … max)")
    low, high = min(off_rate), max(off_rate)
    print(f"default, signals off:  {statistics.median(off_rate):7.2f} MB/s ({low:.2f} … {high:.2f})")
    print("cost of the signals (target <= +10 %):")
    print(f"  paired, CPU time:    {spread([(r.on_cpu / r.off_cpu - 1) * 100 for r in found])}")
    print(
        f"  direct, CPU time:    {spread([r.signals_cpu / (r.on_cpu - r.signals_cpu) * 100 for r in found])}"
    )
    best = (min(r.on for r in found) / min(r.off for r in found) - 1) * 100
    print(
        f"  paired, wall clock:  {spread([(r.on / r.off - 1) * 100 for r in found])}; best on / best off {best:+.1f} %"
    )
    print(f"  direct, wall clock:  {spread([r.signals / (r.on - r.signals) * 100 for r in found])}")
    signal_rate = [mb / r.signals_cpu for r in found]
    print(f"signals alone:         {statistics.median(signal_rate):7.1f} MB/s (CPU time)")
    clean_docs = documents("golden", args.mb)
    cmb = sum(len(d.encode("utf-8")) for d in clean_docs) / 1e6
    pii = normkit.Pipeline(steps=["pii.mask"])
    best_pii = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for d in clean_docs:
            pii.clean(d)
        best_pii = min(best_pii, time.perf_counter() - started)
    print(f"pii.mask alone:        {cmb / best_pii:7.2f} MB/s  (target >= 50 MB/s)")


if __name__ == "__main__":
    main()
