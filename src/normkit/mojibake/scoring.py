"""How plausible a stretch of text is as CJK writing, from the codecs' frequency tiers."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .tables import common_chars

#: Ideographs (with extensions and compatibility forms), kana and hangul syllables.
_CJK_LETTER = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3041-\u30ff\u31f0-\u31ff\uac00-\ud7a3]"
)


@dataclass(frozen=True, slots=True)
class Profile:
    """Counts over the non-ASCII characters of a text."""

    common: int  # in a first-level tier, kana, CJK punctuation
    rare: int  # other ideographs, kana or hangul
    odd: int  # anything else: symbols, Latin and other scripts, half-width kana, private use
    lost: int  # U+FFFD (and ``?`` where it marks a lost byte)

    @property
    def total(self) -> int:
        return self.common + self.rare + self.odd + self.lost

    @property
    def badness(self) -> float:
        """Cost per surviving non-ASCII character: 0 for everyday text, up to 2."""
        kept = self.total - self.lost
        if not kept:
            return 2.0
        return (self.rare + 2 * self.odd) / kept


def profile(text: str, lost_marks: str = "\ufffd") -> Profile:
    """Count ``text``'s characters by tier; ``lost_marks`` count as lost bytes.

    Whole-string operations only: the common characters are deleted with one
    ``str.translate``, the rare ones counted with one regex.
    """
    ascii_count = len(text.encode("ascii", "ignore"))
    uncommon = text.translate(delete_common())
    common = len(text) - len(uncommon)
    replacement = uncommon.count("\ufffd")
    question = text.count("?") if "?" in lost_marks else 0
    rare = len(_CJK_LETTER.findall(uncommon))
    odd = len(uncommon) - ascii_count - rare - replacement
    lost = question + (replacement if "\ufffd" in lost_marks else 0)
    if "\ufffd" not in lost_marks:
        odd += replacement
    return Profile(common, rare, odd, lost)


@functools.cache
def delete_common() -> dict[int, None]:
    """A ``str.translate`` table deleting the common characters."""
    return dict.fromkeys(map(ord, common_chars()))


def clearly_better(before: Profile, after: Profile, *, max_loss: float = 0.34) -> bool:
    """Whether ``after`` (a repair) is clearly more plausible than ``before``.

    The repair must recover at least two characters, lose at most ``max_loss`` of
    them, read like everyday text, and cost less than half as much per character.
    """
    recovered = after.common + after.rare
    if recovered < 2 or after.lost > max_loss * after.total:
        return False
    if after.common < 0.6 * (after.total - after.lost) or after.odd > max(1, after.total // 10):
        return False
    return after.badness < 0.5 * before.badness


def plausible_fragment(before: Profile, after: Profile) -> bool:
    """A short repair, acceptable only once its codec is confirmed elsewhere in the text.

    What it recovers must be everyday characters, and what it replaces must not.
    """
    if after.rare or after.odd or before.lost > before.total // 2 + 1 or not (before.rare + before.odd):
        return False
    return before.common * 2 < before.total and after.total <= before.total
