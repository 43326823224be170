"""Costly mojibake inputs that do not repeat: real Chinese text cut into short pieces,
each misread along a path, so that no per-document cache or branch predictor sees the
same run twice (``normkit.testing.mojibake_worst_inputs`` repeats one short unit).

The text comes from the realweb pages (``../shared/realweb/raw``), else the sample
corpus. Each shape is a function of the size in characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import cycle
from pathlib import Path

from _corpus import sample_pages

ROOT = Path(__file__).resolve().parent.parent
REALWEB = ROOT.parent / "shared" / "realweb" / "raw"
_HAN = re.compile("[\u4e00-\u9fff]")


def source_text() -> str:
    """Real Chinese lines (at least 8 characters, a third of them hanzi), joined."""
    pages = [p.read_text(encoding="utf-8") for p in sorted(REALWEB.glob("*_all.txt"))] or sample_pages("raw")
    lines = []
    for page in pages:
        for line in page.split("\n"):
            line = line.strip()
            if len(line) >= 8 and 3 * len(_HAN.findall(line)) >= len(line):
                lines.append(line)
    return "".join(dict.fromkeys(lines))


def _misread(text: str, codec: str, lost: str = "\ufffd") -> str:
    return text.encode("utf-8").decode(codec, "replace").replace("\ufffd", lost)


def _shifted(text: str, lost: str = "?") -> str:
    """``text`` in GBK with its middle byte dropped, read as GBK."""
    raw = text.encode("gbk", "ignore")
    half = len(raw) // 2
    return (raw[:half] + raw[half + 1 :]).decode("gbk", "replace").replace("\ufffd", lost)


def _pieces(width: int, make: Callable[[str, int], str]) -> Callable[[int], str]:
    """A shape: consecutive ``width``-character pieces of the source, the ``i``-th made
    into ``make(piece, i)``, until ``size`` characters."""

    def build(size: int) -> str:
        text = source_text()
        out: list[str] = []
        total = 0
        starts = cycle(range(0, len(text) - width, width))
        for i, start in enumerate(starts):
            piece = make(text[start : start + width], i)
            out.append(piece)
            total += len(piece)
            if total >= size:
                break
        return "".join(out)[:size]

    return build


_SIX = ("gbk", "big5", "shift_jis", "euc_kr", "euc_jp", "gb18030")
#: ... and two codecs whose readings hold characters beyond the BMP.
_EIGHT = (*_SIX, "cp949", "big5hkscs")

SHAPES: dict[str, Callable[[int], str]] = {
    "varied: gbk and shift-jis alternating, runs of 4": _pieces(
        4, lambda p, i: _misread(p, ("gbk", "shift_jis")[i % 2]) + " "
    ),
    "varied: six codecs alternating, runs of 4": _pieces(4, lambda p, i: _misread(p, _SIX[i % 6]) + " "),
    "varied: six codecs alternating, runs of 3": _pieces(3, lambda p, i: _misread(p, _SIX[i % 6]) + " "),
    "varied: eight codecs alternating, runs of 4": _pieces(4, lambda p, i: _misread(p, _EIGHT[i % 8]) + " "),
    "varied: gbk and shift-jis alternating, runs of 2": _pieces(
        2, lambda p, i: _misread(p, ("gbk", "shift_jis")[i % 2]) + " "
    ),
    "varied: gbk with ?, runs of 4": _pieces(4, lambda p, i: _misread(p, "gbk", "?") + " "),
    "varied: cp932 with ・, runs of 6": _pieces(6, lambda p, i: _misread(p, "cp932", "・") + "，"),
    "varied: gbk with ?, lines of 200": _pieces(200, lambda p, i: _misread(p, "gbk", "?") + "\n"),
    "varied: shifted gbk with ?, lines of 120": _pieces(120, lambda p, i: _shifted(p) + "\n"),
    "varied: clean lines with ? every 10": _pieces(
        10, lambda p, i: p[:-1] + "?" + ("\n" if i % 12 == 11 else "")
    ),
}


def varied_worst_inputs(size: int) -> dict[str, str]:
    """Every shape, about ``size`` characters each."""
    return {name: build(size) for name, build in SHAPES.items()}
