"""Mojibake repair throughput against ftfy, in the same run.

    PYTHONPATH=src python benchmarks/bench_mojibake.py [--mb 3] [--repeat 3]

Inputs: the pages of the sample corpus (``$NORMKIT_CORPUS`` or ``../shared/corpus``) as
documents, repeated to about ``--mb`` MB: as crawled (raw, with pinyin glosses) and as
cleaned (golden), both clean Chinese; and the golden pages damaged: every third line
misread as GBK, every fifth as windows-1252, every seventh as Shift-JIS (UTF-8 bytes
decoded with the wrong codec, undecodable bytes shown as U+FFFD). Reports MB/s (of UTF-8
input) and the ratio to ftfy's ``fix_text`` with CJK-safe settings.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

import normkit
from normkit.normalisers.mojibake import CJKMojibake, GBKPhase, LatinMojibake

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("NORMKIT_CORPUS") or ROOT.parent / "shared" / "corpus")
FALLBACK = "记者从市政府了解到，新的交通规划将于明年实施。他说：“我们会尽快完成。”大家都很期待。\n" * 40

CJK_SAFE = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False, explain=False
)


def _pages(kind: str) -> list[str]:
    pages = sorted((CORPUS / kind).glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in pages] or [FALLBACK]


def _damage(page: str) -> str:
    lines = page.split("\n")
    for i, line in enumerate(lines):
        raw = line.encode("utf-8")
        if i % 3 == 1:
            lines[i] = raw.decode("gbk", "replace")
        elif i % 5 == 2:
            lines[i] = raw.decode("windows-1252", "replace")
        elif i % 7 == 3:
            lines[i] = raw.decode("shift_jis", "replace")
    return "\n".join(lines)


def _documents(pages: list[str], megabytes: float) -> list[str]:
    docs: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        for page in pages:
            docs.append(page)
            size += len(page.encode("utf-8"))
    return docs


def _measure(fn: Callable[[str], str], docs: list[str], repeat: int) -> float:
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in docs:
            fn(doc)
        best = min(best, time.perf_counter() - start)
    return size / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    latin, cjk, phase = LatinMojibake(), CJKMojibake(), GBKPhase()
    for step in (latin, cjk, phase):
        step("预热 warm-up 涓枃 ÃƒÂ© ?!薄澳")
    setup = time.perf_counter() - start

    def mojibake_chain(text: str) -> str:
        return phase(cjk(latin(text)))

    default = normkit.Pipeline.from_profile("default")
    minimal = normkit.Pipeline.from_profile("minimal")
    contenders: list[tuple[str, Callable[[str], str]]] = [
        ("normkit mojibake.* (3 steps)", mojibake_chain),
        ("normkit mojibake.latin", latin),
        ("normkit mojibake.cjk", cjk),
        ("normkit mojibake.gbk_phase", phase),
        ("normkit profile minimal", minimal.clean),
        ("normkit profile default", default.clean),
        ("ftfy.fix_text CJK-safe", lambda t: ftfy.fix_text(t, CJK_SAFE)),
        ("ftfy.fix_text defaults", ftfy.fix_text),
        ("ftfy.fix_encoding", ftfy.fix_encoding),
    ]
    golden = _pages("golden")
    inputs = {
        "clean Chinese, raw": _documents(_pages("raw"), args.mb),
        "clean Chinese, golden": _documents(golden, args.mb),
        "damaged": _documents([_damage(p) for p in golden], args.mb / 3),
    }
    print(f"tables built lazily on first use: {setup:.2f} s (once per process)")
    for label, docs in inputs.items():
        size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        print(f"\n{label}: {len(docs)} documents, {size:.1f} MB")
        print(f"{'':32} {'MB/s':>8} {'vs ftfy CJK-safe':>18}")
        results = [(name, _measure(fn, docs, args.repeat)) for name, fn in contenders]
        reference = dict(results)["ftfy.fix_text CJK-safe"]
        for name, speed in results:
            print(f"{name:32} {speed:8.1f} {speed / reference:17.1f}x")


if __name__ == "__main__":
    main()
