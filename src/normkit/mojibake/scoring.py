"""How plausible a stretch of text is as CJK writing, from the codecs' frequency tiers.

>>> p = profile("中文测试\ufffd")
>>> (p.common, p.rare, p.odd, p.lost, p.badness)
(4, 0, 0, 1, 0.0)
>>> tiers("中a鍖\ufffd")
'cark'
"""

from __future__ import annotations

import functools
import re

import numpy as np
import numpy.typing as npt

from .tables import characters, common_chars

#: Ideographs (with extensions and compatibility forms), kana and hangul syllables.
_CJK_LETTER = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3041-\u30ff\u31f0-\u31ff\uac00-\ud7a3]"
)
#: The ranges of ``_CJK_LETTER`` in the BMP, inclusive.
CJK_LETTER_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x3041, 0x30FF),
    (0x31F0, 0x31FF),
    (0xAC00, 0xD7A3),
)


class Profile:
    """Counts over the non-ASCII characters of a text (``total`` and ``badness`` derived).

    >>> p = Profile(common=3, rare=1, odd=0, lost=1)
    >>> p.total, p.badness
    (5, 0.25)
    """

    __slots__ = ("badness", "common", "lost", "odd", "rare", "total")

    def __init__(self, common: int, rare: int, odd: int, lost: int) -> None:
        self.common = common  # in a first-level tier, kana, CJK punctuation
        self.rare = rare  # other ideographs, kana or hangul
        self.odd = odd  # anything else: symbols, Latin and other scripts, half-width kana, private use
        self.lost = lost  # U+FFFD (and ``?`` where it marks a lost byte)
        self.total = common + rare + odd + lost
        kept = self.total - lost
        #: Cost per surviving non-ASCII character: 0 for everyday text, up to 2.
        self.badness = (rare + 2 * odd) / kept if kept else 2.0

    def __repr__(self) -> str:
        return f"Profile(common={self.common}, rare={self.rare}, odd={self.odd}, lost={self.lost})"


@functools.cache
def _tier_table() -> str:
    """One letter per BMP code point: ``a`` ASCII, ``c`` common, ``r`` rare (another
    ideograph, kana or hangul), ``k`` U+FFFD, ``o`` anything else; indexed by ``str.translate``."""
    table = np.full(0x10000, ord("o"), dtype=np.uint8)
    table[:0x80] = ord("a")
    for lo, hi in CJK_LETTER_RANGES:
        table[lo : hi + 1] = ord("r")
    table[[ord(ch) for ch in common_chars()]] = ord("c")
    table[0xFFFD] = ord("k")
    return table.tobytes().decode("ascii")


#: Texts longer than this are looked up in tables with NumPy rather than by ``str.translate``
#: (whose cost per character grows on long texts of many distinct characters).
LONG = 40


@functools.cache
def _tier_bytes() -> npt.NDArray[np.uint8]:
    """:func:`_tier_table` as an array indexed by UTF-16 code unit."""
    return np.frombuffer(_tier_table().encode("ascii"), dtype=np.uint8)


def tiers(text: str) -> str:
    """``text`` with each character replaced by the letter of its tier (see
    :func:`_tier_table`; beyond the BMP: ``r`` for ideographs, else ``o``): one
    ``str.translate``, a few times faster than a translate by a dictionary.

    >>> tiers("中a")
    'ca'
    """
    if len(text) > LONG:
        units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        if units.size == len(text):
            return _tier_bytes().take(units).tobytes().decode("ascii")
        index, beyond = characters(text)  # a row per character beyond the BMP
        extra = "".join("r" if _CJK_LETTER.match(ch) else "o" for ch in beyond).encode("ascii")
        table = np.concatenate((_tier_bytes(), np.frombuffer(extra, dtype=np.uint8)))
        return table.take(index).tobytes().decode("ascii")
    found = text.translate(_tier_table())
    if not found.isascii():  # characters beyond the BMP are left as they were
        found = "".join(ch if ch.isascii() else "r" if _CJK_LETTER.match(ch) else "o" for ch in found)
    return found


def profile(text: str, lost_marks: str = "\ufffd") -> Profile:
    """Count ``text``'s characters by tier; ``lost_marks`` count as lost bytes.

    Whole-string operations only: one ``str.translate`` to tier letters, then counts.

    >>> profile("鍖呭湴")
    Profile(common=0, rare=3, odd=0, lost=0)
    """
    found = tiers(text)
    replacement = found.count("k")
    question = text.count("?") if "?" in lost_marks else 0
    odd = found.count("o")
    if "\ufffd" in lost_marks:
        lost = question + replacement
    else:
        lost = question
        odd += replacement
    return Profile(found.count("c"), found.count("r"), odd, lost)


def profile_spans(found: str, text: str, spans: list[tuple[int, int]], lost_marks: str = "\ufffd") -> Profile:
    """:func:`profile` of the pieces ``text[start:end]`` joined, from ``found``, the
    :func:`tiers` of ``text`` (counted in place: no new strings).

    >>> text = "鍖呭湴中?"
    >>> profile_spans(tiers(text), text, [(0, 2), (4, 5)], "?").lost == profile("鍖呭?", "?").lost
    True
    """
    common = rare = odd = replacement = question = 0
    for start, end in spans:
        common += found.count("c", start, end)
        rare += found.count("r", start, end)
        odd += found.count("o", start, end)
        replacement += found.count("k", start, end)
        if "?" in lost_marks:
            question += text.count("?", start, end)
    if "\ufffd" in lost_marks:
        lost = question + replacement
    else:
        lost = question
        odd += replacement
    return Profile(common, rare, odd, lost)


def all_common(text: str) -> bool:
    """Whether every character of ``text`` is in the common tier.

    >>> all_common("中文"), all_common("中a")
    (True, False)
    """
    return tiers(text).count("c") == len(text)


def common_or_ascii(text: str) -> bool:
    """Whether every character of ``text`` is ASCII or in the common tier.

    >>> common_or_ascii("中a"), common_or_ascii("中鍖")
    (True, False)
    """
    found = tiers(text)
    return found.count("c") + found.count("a") == len(text)


@functools.cache
def delete_common() -> dict[int, None]:
    """A ``str.translate`` table deleting the common characters.

    >>> "中文a".translate(delete_common())
    'a'
    """
    return dict.fromkeys(map(ord, common_chars()))


def clearly_better(before: Profile, after: Profile, *, max_loss: float = 0.34) -> bool:
    """Whether ``after`` (a repair) is clearly more plausible than ``before``.

    The repair must recover at least two characters, lose at most ``max_loss`` of
    them, read like everyday text (:func:`reads_well`), and cost less than half as
    much per character.

    >>> clearly_better(profile("鍖呭湴"), profile("中文测试"))
    True
    """
    return reads_well(after, max_loss=max_loss) and after.badness < 0.5 * before.badness


def reads_well(after: Profile, *, max_loss: float = 0.34) -> bool:
    """The half of :func:`clearly_better` that looks at the repair alone: at least two
    characters recovered, at most ``max_loss`` of them lost, everyday text.

    >>> reads_well(profile("中文测试")), reads_well(profile("中"))
    (True, False)
    """
    recovered = after.common + after.rare
    if recovered < 2 or after.lost > max_loss * after.total:
        return False
    return not (after.common < 0.6 * (after.total - after.lost) or after.odd > max(1, after.total // 10))


def plausible_fragment(before: Profile, after: Profile) -> bool:
    """A short repair, acceptable only once its codec is confirmed elsewhere in the text.

    What it recovers must be everyday characters, and what it replaces must not.

    >>> plausible_fragment(profile("鍖呭"), profile("中文"))
    True
    """
    if after.rare or after.odd or before.lost > before.total // 2 + 1 or not (before.rare + before.odd):
        return False
    return before.common * 2 < before.total and after.total <= before.total
