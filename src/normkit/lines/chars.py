"""Character classes of folded text and the length of a line as length limits read it.

:func:`char_classes` gives the class bits of every code point (Han, Latin, digits,
spaces, clause and sentence marks, separators…); :func:`length_key` and :func:`within`
count a line without the marks that later repairs change, so a length limit judges a
line alike before and after them.

>>> int(char_classes()[ord("中")]) == HAN, within("一一......", 2)
(True, True)
"""

from __future__ import annotations

import functools
import re

import numpy as np
import numpy.typing as npt

__all__ = [
    "BITS",
    "BRACKET",
    "CLAUSE",
    "COLON",
    "DIGIT",
    "ELLIPSIS",
    "ENDS_SENTENCE",
    "HAN",
    "LATIN",
    "QUOTE",
    "SEP",
    "SPACE",
    "STOP",
    "SYMBOL",
    "char_classes",
    "length_key",
    "repairable_codes",
    "within",
]

HAN, LATIN, DIGIT, SPACE, CLAUSE, STOP, SEP, BRACKET, ELLIPSIS, COLON, QUOTE, SYMBOL = (
    1 << k for k in range(12)
)
#: How many class bits there are.
BITS = 12


@functools.cache
def char_classes() -> npt.NDArray[np.uint16]:
    """The class bits of every code point (after folding), indexed by code point.

    >>> t = char_classes()
    >>> int(t[ord("中")]) == HAN, int(t[ord("，")]) == CLAUSE, int(t[ord("7")]) == DIGIT
    (True, True, True)
    """
    t = np.zeros(0x110000, dtype=np.uint16)
    for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F)):
        t[lo : hi + 1] = HAN
    t[[0x3005, 0x3007]] = HAN
    t[ord("a") : ord("z") + 1] = LATIN
    t[ord("A") : ord("Z") + 1] = LATIN
    t[ord("0") : ord("9") + 1] = DIGIT

    def put(chars: str, bit: int) -> None:
        t[[ord(c) for c in chars]] = bit

    put(" \t\u3000\u00a0", SPACE)
    put("，,、；;", CLAUSE)
    put("。！？!?", STOP)
    put("|｜>»›/·•丨→<«‹-_—–=", SEP)
    put("【】[]〔〕「」『』()（）《》〈〉{}", BRACKET)
    put("…⋯", ELLIPSIS)
    put(":：", COLON)
    put("\"“”‘’'", QUOTE)
    put("©®™#*+~^$%&@\\×√●◆◇▪■□○►▶▸※★☆♥❤", SYMBOL)
    return t


#: Characters a sentence or a quoted sentence ends with.
ENDS_SENTENCE = frozenset("。！？!?…”」』\"'")


@functools.cache
def repairable_codes() -> npt.NDArray[np.bool_]:
    """Which code points (after folding) are marks that later repairs may change.

    >>> bool(repairable_codes()[ord("。")]), bool(repairable_codes()[ord("中")])
    (True, False)
    """
    t = np.zeros(0x110000, dtype=bool)
    t[[ord(c) for c in ".。…⋯!！?？,，、;；:： \t\u3000\u00a0"]] = True
    return t


#: Marks that later repairs add, remove or double (``...`` → ``……``, ``！！`` → ``！``, spaces).
REPAIRABLE = re.compile("[.。…⋯!！?？,，、;；:： \t\u3000\u00a0]")


def length_key(line: str) -> int:
    """The length of ``line`` as length limits judge it: without the marks that later
    repairs change (:data:`REPAIRABLE`), so a limit gives the same verdict before and
    after them.

    >>> length_key("一一...") == length_key("一一……") == 2
    True
    """
    return len(line) - REPAIRABLE.subn("", line)[1]


def within(line: str, limit: int) -> bool:
    """``length_key(line) <= limit``, skipping the count when the length decides.

    >>> within("你好！！！", 2), within("你好吗", 2)
    (True, False)
    """
    return len(line) <= limit or length_key(line) <= limit
