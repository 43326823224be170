"""Signals of damage left in the text: lost characters, encoding debris, placeholders.

>>> from normkit.signals.base import SignalInput
>>> doc = SignalInput("锟斤拷锟斤拷 好\\ufffd 烫烫烫 脸烫烫的 \\ue000□")
>>> garbled(doc), replacement_chars(doc), private_use_chars(doc), box_chars(doc), garbage(doc)
(3, 1, 1, 1, 6)
"""

from __future__ import annotations

import re

from .base import SignalInput
from .classes import CharClass

#: ``锟斤拷`` (U+FFFD written as UTF-8 and read as GBK), and runs of ``烫`` / ``屯``
#: (uninitialised memory, 0xCC / 0xCD, read as GBK); one count per occurrence. Three in
#: a row for 烫 and 屯, as ``烫烫的`` is ordinary Chinese.
GARBLED = "锟斤拷"
GARBLED_RUNS = (re.compile("烫{3,}"), re.compile("屯{3,}"))
#: Characters UTF-8 makes when read as GBK and no Chinese text writes: 锛 (the lead of
#: full-width punctuation), 銆 (of 。、「」), 鈥 (of “” —), and Latin-1 readings of UTF-8
#: (``Ã©``, ``Â``+symbol, ``â€``).
MOJIBAKE = "锛銆鈥"
MOJIBAKE_LATIN = re.compile("Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|â€")


def garbled(doc: SignalInput) -> int:
    """``锟斤拷`` and runs of ``烫烫烫`` / ``屯屯屯``.

    >>> garbled(SignalInput("锟斤拷 烫烫烫 脸烫烫的"))
    2
    """
    if not doc.class_counts[CharClass.GARBLE_LEAD]:
        return 0
    text = doc.text
    return text.count(GARBLED) + sum(len(r.findall(text)) for r in GARBLED_RUNS if r.pattern[0] * 3 in text)


def mojibake_left(doc: SignalInput) -> int:
    """Characters of encoding damage the repair left (:data:`MOJIBAKE`, :data:`MOJIBAKE_LATIN`).

    >>> mojibake_left(SignalInput("鈥滀綘濂解€ cafÃ©"))
    2
    """
    counts = doc.class_counts
    found = int(counts[CharClass.MOJIBAKE_CJK])
    if counts[CharClass.MOJIBAKE_LATIN_LEAD]:
        found += len(MOJIBAKE_LATIN.findall(doc.text))
    return found


def replacement_chars(doc: SignalInput) -> int:
    """U+FFFD, the mark of a character lost in decoding.

    >>> replacement_chars(SignalInput("好\\ufffd\\ufffd"))
    2
    """
    return int(doc.class_counts[CharClass.REPLACEMENT])


def private_use_chars(doc: SignalInput) -> int:
    """Private-use code points (U+E000–U+F8FF, planes 15 and 16): font-specific glyphs.

    >>> private_use_chars(SignalInput("\\ue000好\\U000f0000"))
    2
    """
    return int(doc.class_counts[CharClass.PRIVATE_USE])


def box_chars(doc: SignalInput) -> int:
    """Missing-glyph squares (□ ▯ ◻ ⬜) and box-drawing characters.

    >>> box_chars(SignalInput("□□好┌─┐"))
    5
    """
    return int(doc.class_counts[CharClass.BOX])


def garbage(doc: SignalInput) -> int:
    """The sum of the garbage counts.

    >>> garbage(SignalInput("锟斤拷\\ufffd□")), garbage(SignalInput("干净的文本。"))
    (3, 0)
    """
    return (
        garbled(doc) + mojibake_left(doc) + replacement_chars(doc) + private_use_chars(doc) + box_chars(doc)
    )
