"""Legacy CJK bytes (GBK, Big5) shown as windows-1252 or latin-1: ``ÄãºÃ`` for ``你好``.

A page in GBK or Big5 served or saved as windows-1252 shows every byte of a Chinese
character as a Latin-1 letter or symbol. A stretch of at least two such pairs is
turned back into its bytes and decoded; the reading is kept only if every character
is an everyday one (the first levels of GB2312 and Big5, kana, CJK punctuation) and
there are three of them or dictionary words (pairs of characters from OpenCC's phrase
lists) back two, and the bytes are not UTF-8 (``mojibake.latin``'s case). Western
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

from .readings import known
from .tables import common_chars

#: The codecs tried, in order, with the reason given.
_CODECS = (("gbk", "gbk read as windows-1252"), ("cp950", "big5 read as windows-1252"))
#: Bytes windows-1252 leaves undefined; browsers show them as C1 controls.
_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


@dataclass(frozen=True, slots=True)
class LegacyRepair:
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
def _stretch() -> re.Pattern[str]:
    """Two or more byte pairs of a legacy CJK character (a high byte, then a high byte
    or a trail byte 0x40-0x7E), groups of them joined by a little ASCII punctuation."""
    high = "".join(re.escape(chr(c)) for c in sorted(_to_byte()))
    pair = f"[{high}][{high}\\x40-\\x7e]"
    return re.compile(f"(?:{pair}){{2,}}(?:[\\x20-\\x3f]{{1,3}}(?:{pair})+)*")


def might_have_legacy(text: str) -> bool:
    """The cheap test: False means no stretch of ``text`` can be repaired."""
    return not text.isascii() and _stretch().search(text) is not None


def find_repairs(text: str) -> list[LegacyRepair]:
    """The stretches of legacy CJK bytes shown as windows-1252 to decode, in text order."""
    if not might_have_legacy(text):
        return []
    table = _to_byte()
    repairs = []
    for m in _stretch().finditer(text):
        raw = bytes(table.get(ord(ch), ord(ch)) for ch in m.group())
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
    common = common_chars()
    best: tuple[int, str, str] | None = None
    for codec, reason in _CODECS:
        try:
            new = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        wide = [ch for ch in new if not ch.isascii()]
        if len(wide) < 2 or not all(ch in common for ch in wide):
            continue
        words = known(new)
        if len(wide) < 3 and not words:
            continue
        if best is None or words > best[0]:
            best = (words, new, reason)
    return None if best is None else best[1:]
