"""The cost of document signals, and pii.mask's throughput, on Chinese pages, in one run.

    python benchmarks/bench_signals.py [--mb 2] [--rounds 7] [--pages raw|realweb]

The default profile with signals on (``Pipeline.process``) against off
(``process(signals=False)``); the target is at most 10 % more. On a shared machine the
difference of two noisy timings is itself noisy, so two measures, each over ``--rounds``
rounds, reported as median and spread (min–max):

- **interleaved**: every document cleaned with signals on and off in turn, the order
  alternating between rounds (the second run of a document is faster, caches being
  warm); per round, the extra time of the signals-on runs over the signals-off runs;
- **direct**: in the same runs, the time spent computing the signals themselves (inside
  ``Pipeline.process``), over the time of the rest of the chain.

``pii.mask`` alone on the clean pages: the target is at least 50 MB/s. Pages: the sample
corpus (``$NORMKIT_CORPUS`` or ``../shared/corpus``, see ``bench_default.py``), ``raw`` by
default, or the realweb development pages (``../shared/realweb/raw``) with ``--pages
realweb``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import normkit
from _corpus import ROOT
from bench_default import documents
from normkit.signals import SignalInput, SignalSet

REALWEB = ROOT.parent / "shared" / "realweb" / "raw"


class TimedSignals:
    """A pipeline's signal set that adds up the time spent computing."""

    def __init__(self, signals: SignalSet) -> None:
        self.signals = signals
        self.seconds = 0.0

    def compute(self, doc: SignalInput) -> dict[str, Any]:
        started = time.perf_counter()
        values = self.signals.compute(doc)
        self.seconds += time.perf_counter() - started
        return values


def rounds(docs: list[str], count: int) -> list[tuple[float, float, float]]:
    """Per round: seconds with signals on, seconds with them off, and the seconds of the
    signal computation inside the signals-on runs."""
    pipe = normkit.Pipeline()
    timed = TimedSignals(pipe.signals)
    pipe.signals = timed  # type: ignore[assignment]
    for text in docs[:3]:  # warm up: tables, caches
        pipe.process(normkit.Document(text))
    clock = time.perf_counter
    found = []
    for r in range(count):
        on = off = 0.0
        timed.seconds = 0.0
        for text in docs:
            for signals in (True, False) if r % 2 else (False, True):
                started = clock()
                pipe.process(normkit.Document(text), signals=signals)
                spent = clock() - started
                if signals:
                    on += spent
                else:
                    off += spent
        found.append((on, off, timed.seconds))
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
    off_rate = [mb / off for _, off, _ in found]
    print(f"{len(docs)} {args.pages} pages, {mb:.2f} MB, {args.rounds} rounds (median, min … max)")
    print(
        f"default, signals off:  {statistics.median(off_rate):7.2f} MB/s ({min(off_rate):.2f} … {max(off_rate):.2f})"
    )
    interleaved = [(on / off - 1) * 100 for on, off, _ in found]
    direct = [signals / (on - signals) * 100 for on, _, signals in found]
    best = (min(on for on, _, _ in found) / min(off for _, off, _ in found) - 1) * 100
    print(
        f"signals, interleaved:  {spread(interleaved)}; best on / best off {best:+.1f} %  (target <= +10 %)"
    )
    print(f"signals, direct:       {spread(direct)} of the chain")
    signal_rate = [mb / signals for _, _, signals in found]
    print(f"signals alone:         {statistics.median(signal_rate):7.1f} MB/s")
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
