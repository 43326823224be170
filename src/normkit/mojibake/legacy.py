"""Legacy CJK bytes (GBK, Big5) shown as windows-1252 or latin-1: ``ÄãºÃ`` for ``你好``.

A page in GBK or Big5 served or saved as windows-1252 shows every byte of a Chinese
character as a Latin-1 letter or symbol. A stretch of at least two such pairs is
turned back into its bytes and decoded; the reading is kept only if every character
is CJK, nearly all are everyday ones (the first levels of GB2312 and Big5, kana, CJK
punctuation), and there are three, all everyday, or dictionary words (pairs of
characters from OpenCC's phrase lists) back them, and the bytes are not UTF-8 (``mojibake.latin``'s case). Western
text almost never has two accented letters in a row that read as two everyday
characters.

>>> [r.new for r in find_repairs("标题：ÄãºÃ£¬ÊÀ½ç")]
['你好，世界']
>>> find_repairs("Crème brûlée, Ærøskøbing, São Paulo")
[]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .readings import known
from .scoring import tiers
from .tables import code_units

#: The codecs tried, in order, with the reason given.
_CODECS = (("gbk", "gbk read as windows-1252"), ("cp950", "big5 read as windows-1252"))
#: Share of everyday characters a reading needs (names hold rarer ones: 马丞玺).
_EVERYDAY = 0.85
_CJK = re.compile("[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—·]")
#: A character that is neither ASCII nor matched by ``_CJK``.
_NOT_CJK = re.compile("[^\x00-\x7f\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—·]")
#: Bytes windows-1252 leaves undefined; browsers show them as C1 controls.
_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


@dataclass(frozen=True, slots=True)
class LegacyRepair:
    """One stretch to replace: ``text[start:end]`` becomes ``new``.

    >>> find_repairs("ÊÀ½ç")
    [LegacyRepair(start=0, end=4, new='世界', reason='gbk read as windows-1252')]
    """

    start: int
    end: int
    new: str
    reason: str


@functools.cache
def _to_byte() -> dict[int, int]:
    """Character -> the windows-1252 (as browsers decode it) or latin-1 byte it shows."""
    table = {b: b for b in range(0xA0, 0x100)}
    for b in range(0x80, 0xA0):
        table[b] = b  # C1 controls: latin-1, and the undefined bytes in browsers
        if b not in _UNDEFINED:
            table[ord(bytes((b,)).decode("cp1252"))] = b
    return table


@functools.cache
def _to_byte_chars() -> dict[int, str]:
    """:func:`_to_byte` as a ``str.translate`` table to latin-1 characters (one call per
    stretch instead of a look-up per character)."""
    return {ch: chr(byte) for ch, byte in _to_byte().items()}


@functools.cache
def _stretch() -> re.Pattern[str]:
    """Two or more byte pairs of a legacy CJK character (a high byte, then a high byte
    or a trail byte 0x40-0x7E), groups of them joined by a little ASCII punctuation."""
    high = "".join(re.escape(chr(c)) for c in sorted(_to_byte()))
    pair = f"[{high}][{high}\\x40-\\x7e]"
    return re.compile(f"(?:{pair}){{2,}}(?:[\\x20-\\x3f]{{1,3}}(?:{pair})+)*")


def might_have_legacy(text: str) -> bool:
    """The cheap test: False means no stretch of ``text`` can be repaired.

    One table look-up per character, vectorised: two byte pairs in a row (a high
    character, then a high one or a trail 0x40-0x7E) must be there.

    >>> might_have_legacy("ÄãºÃ"), might_have_legacy("Crème")
    (True, False)
    """
    if text.isascii():
        return False
    units = code_units(text)
    kinds = _kinds().take(units)
    if units.size < 4 or not np.count_nonzero(kinds & _HIGH):
        return False
    lead, trail = (kinds & _HIGH) != 0, kinds != 0
    pairs = lead[:-3] & trail[1:-2] & lead[2:-1] & trail[3:]
    return bool(np.count_nonzero(pairs)) and _stretch().search(text) is not None


_HIGH, _TRAIL = 1, 2


@functools.cache
def _kinds() -> npt.NDArray[np.uint8]:
    """Per UTF-16 code unit: ``_HIGH`` (shows a byte 0x80-0xFF), ``_TRAIL`` (0x40-0x7E)."""
    kinds = np.zeros(0x10000, dtype=np.uint8)
    kinds[list(_to_byte())] = _HIGH
    kinds[0x40:0x7F] = _TRAIL
    return kinds


def find_repairs(text: str) -> list[LegacyRepair]:
    """The stretches of legacy CJK bytes shown as windows-1252 to decode, in text order.

    >>> [(r.start, r.new) for r in find_repairs("Title: ÊÀ½ç")]
    [(7, '世界')]
    """
    if not might_have_legacy(text):
        return []
    table = _to_byte_chars()
    repairs = []
    for m in _stretch().finditer(text):
        # (the stretch's other characters are ASCII: kept as they are)
        raw = m.group().translate(table).encode("latin-1")
        try:
            raw.decode("utf-8")
            continue  # UTF-8 read as a single-byte code page: mojibake.latin's case
        except UnicodeDecodeError:
            pass
        best = _best_reading(raw)
        if best is not None:
            repairs.append(LegacyRepair(m.start(), m.end(), *best))
    return repairs


def _best_reading(raw: bytes) -> tuple[str, str] | None:
    """The reading of ``raw`` with the most dictionary pairs, if it is clearly CJK text."""
    best: tuple[int, str, str] | None = None
    for codec, reason in _CODECS:
        try:
            new = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        # (counted on the tiers, one ``str.translate``: ``c`` is the common tier, ``a`` ASCII)
        found = tiers(new)
        wide = len(new) - found.count("a")
        everyday = found.count("c")
        if wide < 2 or everyday < _EVERYDAY * wide or _NOT_CJK.search(new) is not None:
            continue
        words = known(new)
        if (wide < 3 or everyday < wide) and not words:
            continue
        if best is None or words > best[0]:
            best = (words, new, reason)
    return None if best is None else best[1:]
