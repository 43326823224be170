"""Signals of damage left in the text: lost characters, encoding debris, placeholders.

>>> from normkit.signals.base import SignalInput
>>> doc = SignalInput("锟斤拷锟斤拷 好\\ufffd 烫烫烫 脸烫烫的 \\ue000□")
>>> garbled(doc), replacement_chars(doc), private_use_chars(doc), box_chars(doc), garbage(doc)
(3, 1, 1, 1, 6)
"""

from __future__ import annotations

import re

import numpy as np

from .base import SignalInput

#: ``锟斤拷`` (U+FFFD written as UTF-8 and read as GBK), and runs of ``烫`` / ``屯``
#: (uninitialised memory, 0xCC / 0xCD, read as GBK); one count per occurrence. Three in
#: a row for 烫 and 屯, as ``烫烫的`` is ordinary Chinese.
GARBLED = re.compile("锟斤拷|烫{3,}|屯{3,}")
#: Characters UTF-8 makes when read as GBK and no Chinese text writes: 锛 (the lead of
#: full-width punctuation), 銆 (of 。、「」), 鈥 (of “” —), and Latin-1 readings of UTF-8
#: (``Ã©``, ``Â``+symbol, ``â€``).
MOJIBAKE = re.compile("[锛銆鈥]|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|â€")
#: White squares and rectangles that stand for a missing glyph (□ ▯ ◻ ⬜), and box drawing.
BOX = ((0x2500, 0x257F), (0x25A1, 0x25A1), (0x25AF, 0x25AF), (0x25FB, 0x25FB), (0x2B1C, 0x2B1C))
PRIVATE_USE = ((0xE000, 0xF8FF), (0xF0000, 0x10FFFF))


def _in_ranges(doc: SignalInput, ranges: tuple[tuple[int, int], ...]) -> int:
    codes = doc.analysis.codes
    found = np.zeros(len(codes), dtype=bool)
    for lo, hi in ranges:
        found |= (codes >= lo) & (codes <= hi)
    return int(np.count_nonzero(found))


def garbled(doc: SignalInput) -> int:
    """``锟斤拷`` and runs of ``烫烫烫`` / ``屯屯屯``."""
    text = doc.text
    if "锟" not in text and "烫" not in text and "屯" not in text:
        return 0
    return len(GARBLED.findall(text))


def mojibake_left(doc: SignalInput) -> int:
    """Characters of encoding damage the repair left (see :data:`MOJIBAKE`)."""
    return len(MOJIBAKE.findall(doc.text))


def replacement_chars(doc: SignalInput) -> int:
    """U+FFFD, the mark of a character lost in decoding."""
    return doc.text.count("\ufffd")


def private_use_chars(doc: SignalInput) -> int:
    """Private-use code points (U+E000–U+F8FF, planes 15 and 16): font-specific glyphs."""
    return _in_ranges(doc, PRIVATE_USE)


def box_chars(doc: SignalInput) -> int:
    """Missing-glyph squares (□ ▯ ◻ ⬜) and box-drawing characters."""
    return _in_ranges(doc, BOX)


def garbage(doc: SignalInput) -> int:
    """The sum of the garbage counts."""
    return (
        garbled(doc) + mojibake_left(doc) + replacement_chars(doc) + private_use_chars(doc) + box_chars(doc)
    )
