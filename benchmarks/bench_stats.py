"""What the Pipeline's change statistics cost on damaged pages, against ftfy in the same run.

    python benchmarks/bench_stats.py [--mb 1] [--repeat 3]

Inputs: the sample corpus's golden pages damaged as ``bench_mojibake.py`` damages them
(every third line UTF-8 read as GBK, some as windows-1252 or Shift-JIS), repeated to
``--mb``. Prints MB/s (CPU time, best of ``--repeat``) and the ratio to ftfy
``fix_text`` CJK-safe of: the three ``mojibake.*`` steps called directly (no statistics),
the same steps through a ``Pipeline`` (with its per-step statistics), and that Pipeline
with the cache of aligned lines emptied before each document (as if every page were new:
no damaged line recurs). Then ``size_of_change`` alone over the steps' changes, per page.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import ftfy

import normkit
from bench_mojibake import CJK_SAFE, _damage, _documents, _pages
from normkit import Context, _diff
from normkit.normalisers.mojibake import CJKMojibake, GBKPhase, LatinMojibake

STEPS = ["mojibake.latin", "mojibake.cjk", "mojibake.gbk_phase"]


def _clear() -> None:
    cached = getattr(_diff, "_aligned_cached", None)  # (absent before the cache existed)
    if cached is not None:
        cached.cache_clear()


def _measure(fn: Callable[[str], object], docs: list[str], repeat: int, cold: bool = False) -> float:
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    best = float("inf")
    for _ in range(repeat):
        _clear()
        start = time.process_time()
        for doc in docs:
            if cold:
                _clear()
            fn(doc)
        best = min(best, time.process_time() - start)
    return size / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pages = [_damage(p) for p in _pages("golden")]
    docs = _documents(pages, args.mb)
    latin, cjk, phase = LatinMojibake(), CJKMojibake(), GBKPhase()
    pipe = normkit.Pipeline(steps=STEPS, profile=None)
    pipe.clean(pages[0])
    contenders: list[tuple[str, Callable[[str], object], bool]] = [
        ("mojibake.* (3 steps, no statistics)", lambda t: phase(cjk(latin(t))), False),
        ("Pipeline(mojibake.*)", pipe.clean, False),
        ("Pipeline(mojibake.*), cache cold", pipe.clean, True),
        ("ftfy.fix_text CJK-safe", lambda t: ftfy.fix_text(t, CJK_SAFE), False),
    ]
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"damaged pages: {len(docs)} documents ({len(pages)} distinct), {size:.2f} MB")
    results = [(name, _measure(fn, docs, args.repeat, cold)) for name, fn, cold in contenders]
    reference = dict(results)["ftfy.fix_text CJK-safe"]
    for name, speed in results:
        print(f"{name:38} {speed:8.2f} MB/s {speed / reference:6.2f}x ftfy")
    pairs = []
    for text in pages:
        ctx = Context()
        for step in pipe.steps:
            out = step.normalise(text, ctx)
            if out != text:
                pairs.append((text, out))
            text = out
    for label, cold in (("cold", True), ("warm", False)):
        best = float("inf")
        for _ in range(max(args.repeat, 5)):
            _clear()
            if not cold:
                for old, new in pairs:
                    _diff.size_of_change(old, new)
            start = time.process_time()
            for old, new in pairs:
                _diff.size_of_change(old, new)
            best = min(best, time.process_time() - start)
        print(
            f"size_of_change over the {len(pages)} pages' {len(pairs)} changes, cache {label}: {best * 1e3:.1f} ms"
        )


if __name__ == "__main__":
    main()
