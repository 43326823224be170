"""One look-up table for the characters signals count besides the tokeniser's kinds.

Every code point gets one :class:`CharClass`; a document's counts are one table
look-up over its code points and one ``bincount``, with no pass per signal.

>>> import numpy as np
>>> codes = np.frombuffer("头發\\ufffd锟\\ue000□".encode("utf-32-le"), dtype=np.uint32)
>>> [int(n) for n in class_counts(codes)]
[0, 1, 1, 1, 1, 1, 0, 1, 0]
"""

from __future__ import annotations

import enum
import functools

import numpy as np
import numpy.typing as npt


class CharClass(enum.IntEnum):
    """What a character is to the signals, beside its tokeniser kind (one class each).

    >>> CharClass(int(class_table()[ord("锟")])).name
    'GARBLE_LEAD'
    """

    OTHER = 0
    SIMPLIFIED = 1  # a simplified script marker (normkit.script)
    TRADITIONAL = 2  # a traditional script marker
    REPLACEMENT = 3  # U+FFFD
    PRIVATE_USE = 4
    BOX = 5  # missing-glyph squares and box drawing
    MOJIBAKE_CJK = 6  # 锛 銆 鈥: UTF-8 read as GBK (see garbage.MOJIBAKE)
    GARBLE_LEAD = 7  # 锟 烫 屯
    MOJIBAKE_LATIN_LEAD = 8  # Ã Â â: may start UTF-8 read as Latin-1


#: Missing-glyph squares (□ ▯ ◻ ⬜) and the box-drawing block.
BOX_RANGES = ((0x2500, 0x257F), (0x25A1, 0x25A1), (0x25AF, 0x25AF), (0x25FB, 0x25FB), (0x2B1C, 0x2B1C))
PRIVATE_USE_RANGES = ((0xE000, 0xF8FF), (0xF0000, 0x10FFFF))
MOJIBAKE_CJK = "锛銆鈥"
MOJIBAKE_LATIN_LEADS = "ÃÂâ"
GARBLE_LEADS = "锟烫屯"


@functools.cache
def class_table() -> npt.NDArray[np.uint8]:
    """A :class:`CharClass` per code point (built once per process, from the marker sets).

    >>> len(class_table()), CharClass(int(class_table()[0xFFFD])).name
    (1114112, 'REPLACEMENT')
    """
    from ..script import marker_chars

    table = np.zeros(0x110000, dtype=np.uint8)
    simplified, traditional = marker_chars()
    table[[ord(c) for c in simplified]] = CharClass.SIMPLIFIED
    table[[ord(c) for c in traditional]] = CharClass.TRADITIONAL
    for lo, hi in PRIVATE_USE_RANGES:
        table[lo : hi + 1] = CharClass.PRIVATE_USE
    for lo, hi in BOX_RANGES:
        table[lo : hi + 1] = CharClass.BOX
    table[[ord(c) for c in MOJIBAKE_CJK]] = CharClass.MOJIBAKE_CJK
    table[[ord(c) for c in MOJIBAKE_LATIN_LEADS]] = CharClass.MOJIBAKE_LATIN_LEAD
    table[[ord(c) for c in GARBLE_LEADS]] = CharClass.GARBLE_LEAD
    table[0xFFFD] = CharClass.REPLACEMENT
    return table


def class_counts(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.intp]:
    """Characters per :class:`CharClass` among ``codes`` (see the module's example).

    >>> int(class_counts(np.array([0xFFFD, 0xFFFD, 0x41], dtype=np.uint32))[CharClass.REPLACEMENT])
    2
    """
    return np.bincount(class_table()[codes], minlength=len(CharClass))
