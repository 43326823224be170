"""Pinyin glosses glued after the characters they read (stage ``inline``).

Pages carry the reading of a character in brackets right after it: converters to
traditional characters gloss what they converted (``城市小區(qū)``), others gloss words
to dodge keyword filters, toneless and on simplified characters (``烟(yan)台市(shi)``).
A bracket is such a gloss only when what it holds is a reading of the character or
characters just before it, checked against pypinyin's dictionary of readings: toned
(``區(qū)``) or toneless (``區（qu）``), one syllable per character (``教育(jiaoyu)``).
Brackets that are not readings stay (``人工智能(AI)``, ``(一)``, ``(记者 张三)``,
``(yes)``), and so does real phonetic annotation: headwords (a gloss at the start of a
line or before a colon), teaching texts that gloss characters in a row
(``曲(qū)项(xiàng)向(xiàng)``), and texts about readings, which gloss one character
with two readings (``他姓繆(miào)，不姓繆(móu)``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata

import regex

from .._context import Context
from .._normaliser import SAFE_PROFILES, Normaliser, Stage
from ..codespans import might_hold_code
from ..hookspecs import hookimpl
from ..tokens import HAN
from .punctuation.runs import TONED, has_cjk

__all__ = ["GlossOptions", "Glosses", "readings"]

_LETTERS = f"a-zA-ZüÜ{TONED}{TONED.upper()}"
# One bracketed gloss: up to four syllables, written together or apart.
_GROUP = rf"[(（][ \t]*+[{_LETTERS}]{{1,24}}+(?:[ \t'’-][{_LETTERS}]{{1,6}}+){{0,3}}+[ \t]*+[)）]"
# Glosses after a Han character (repeats are one gloss, so removing it can never reveal
# another); before a colon, tab or ``=`` they are a headword's (``區(qū)：區域``).
_GLOSSES = regex.compile(rf"(?<=[{HAN}])(?:{_GROUP})++")
_BEFORE_COLON = regex.compile(r"[ \t]*+[:：\t=]")
_ONE = regex.compile(_GROUP)
_SEPARATORS = re.compile(r"[ \t'’-]+")
_HAN_CHAR = regex.compile(f"[{HAN}]")
#: Pre-check: a bracket with a Latin letter after it (one ``re`` per bracket: fast).
_HAS_GLOSS = tuple(re.compile(rf"{b}[ \t]*[{_LETTERS}]") for b in (r"\(", "（"))
_CANDIDATE = re.compile(rf"[(（][ \t]*[{_LETTERS}]")
#: Most characters one gloss reads.
_MAX_CHARS = 4


def _toneless(syllable: str) -> str:
    """``syllable`` without tone marks, ``ü`` as ``v``."""
    decomposed = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v").replace("U\u0308", "V")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _toned(syllable: str) -> str:
    """``syllable`` with ``v`` written ``ü`` and composed (``lǘ``)."""
    return unicodedata.normalize("NFC", syllable.replace("v", "ü"))


@functools.cache
def _dictionary() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


@functools.lru_cache(maxsize=65536)
def readings(char: str) -> tuple[frozenset[str], frozenset[str]]:
    """The readings of ``char`` in pypinyin's dictionary: (toned, toneless).

    >>> sorted(readings("区")[0]), sorted(readings("區")[1])
    (['qū', 'ōu'], ['gou', 'kou', 'ou', 'qiu', 'qu'])
    """
    found = _dictionary().get(ord(char), "")
    toned = frozenset(_toned(r) for r in found.split(",") if r)
    return toned, frozenset(_toneless(r) for r in toned)


def _reads(gloss: str, chars: str) -> bool:
    """Whether ``gloss`` (the bracket's content) is a reading of ``chars``, one syllable
    per character: toned syllables against toned readings, toneless against toneless."""
    word = gloss.strip(" \t")
    has_tone = any(c in TONED or c in TONED.upper() for c in word)
    if not has_tone and not word.islower():  # 人工智能(AI), 上海(Shanghai): names, not glosses
        return False
    word = word.lower()
    parts = _SEPARATORS.split(word)
    if len(parts) > 1:
        return len(parts) == len(chars) and all(
            _syllable_reads(p, c, has_tone) for p, c in zip(parts, chars, strict=True)
        )
    return _spells(word, chars, has_tone)


def _syllable_reads(syllable: str, char: str, has_tone: bool) -> bool:
    toned, toneless = readings(char)
    return _toned(syllable) in toned if has_tone else _toneless(syllable) in toneless


def _spells(word: str, chars: str, has_tone: bool) -> bool:
    """Whether ``word`` is a reading of each of ``chars`` in turn, written together."""
    if not chars:
        return not word
    toned, toneless = readings(chars[0])
    options = {_toned(r) for r in toned} if has_tone else toneless
    key = _toned(word) if has_tone else _toneless(word)
    return any(key.startswith(r) and _spells(key[len(r) :], chars[1:], has_tone) for r in options if r)


def _glossed(text: str, start: int, gloss: str) -> str:
    """The characters before ``start`` that ``gloss`` reads (the fewest that do), or ""."""
    for n in range(1, _MAX_CHARS + 1):
        chars = text[max(0, start - n) : start]
        if len(chars) < n or not _HAN_CHAR.fullmatch(chars[0]):
            return ""
        if _reads(gloss, chars):
            return chars
    return ""


@dataclasses.dataclass(frozen=True)
class GlossOptions:
    """When ``pinyin.glosses`` removes glosses.

    >>> Glosses(min_glosses=2)("这是重(zhòng)要的事。")
    '这是重(zhòng)要的事。'
    >>> Glosses()("这是重(zhòng)要的事。")
    '这是重要的事。'
    """

    #: Fewest glosses that are readings a document needs before any is removed.
    min_glosses: int = 1
    #: Glosses on this many characters in a row (or more) are a teaching text's: kept.
    teaching_run: int = 3

    def __post_init__(self) -> None:
        if self.min_glosses < 1:
            raise ValueError("min_glosses must be 1 or more")
        if self.teaching_run < 2:
            raise ValueError("teaching_run must be 2 or more")


@dataclasses.dataclass
class _Found:
    start: int
    end: int
    chars: str
    readings: frozenset[str]


def _glosses(text: str) -> list[regex.Match[str]]:
    """``_GLOSSES.finditer(text)``, matched only where a bracket and a letter stand after
    a Han character (found by ``re``, which skips the rest fast)."""
    found: list[regex.Match[str]] = []
    done = 0
    for c in _CANDIDATE.finditer(text):
        at = c.start()
        if at < done or at == 0 or not _HAN_CHAR.match(text, at - 1):
            continue
        m = _GLOSSES.match(text, at)
        if m is not None:
            found.append(m)
            done = m.end()
    return found


def _find(text: str, ctx: Context) -> tuple[list[_Found], set[str]]:
    """The glosses in ``text`` that read the characters before them, outside code and
    not on a headword (the first characters of a line, no Han after the gloss); and
    the characters glossed as headwords."""
    code = ctx.analysis(text).code if might_hold_code(text) else []
    found = []
    headwords = set()
    for m in _glosses(text):
        start = m.start()
        if code and any(span.start < m.end() and start < span.end for span in code):
            continue
        groups = [g.group()[1:-1] for g in _ONE.finditer(m.group())]
        chars = _glossed(text, start, groups[0])
        if not chars or not all(_reads(g, chars) for g in groups[1:]):
            continue
        at_line_start = start == len(chars) or text[start - len(chars) - 1] == "\n"
        if (at_line_start and not _HAN_CHAR.match(text, m.end())) or _BEFORE_COLON.match(text, m.end()):
            headwords.add(chars)
            continue
        found.append(_Found(start, m.end(), chars, frozenset(_toneless(g.strip().lower()) for g in groups)))
    return found, headwords


def _kept(found: list[_Found], headwords: set[str], run: int) -> set[int]:
    """Indices of the glosses that are real annotation: in a row of ``run`` or more
    glossed characters, or on a character glossed elsewhere with another reading or as
    a headword."""
    keep: set[int] = set()
    row = [0]
    for k in range(1, len(found)):
        a, b = found[k - 1], found[k]
        if b.start - len(b.chars) == a.end:
            row.append(k)
            continue
        if len(row) >= run:
            keep.update(row)
        row = [k]
    if len(row) >= run:
        keep.update(row)
    by_char: dict[str, set[str]] = {}
    for f in found:
        by_char.setdefault(f.chars, set()).update(f.readings)
    keep.update(k for k, f in enumerate(found) if len(by_char[f.chars]) > 1 or f.chars in headwords)
    return keep


class Glosses(Normaliser):
    """Remove pinyin glosses that read the characters right before them.

    >>> Glosses()("烟(yan)台市(shi)教育装备(bei)中心，城市小區(qū)，人工智能(AI)")
    '烟台市教育装备中心，城市小區，人工智能(AI)'
    """

    name = "pinyin.glosses"
    stage = Stage.INLINE
    description = (
        "Remove pinyin glosses that read the characters before them (烟(yan)台 → 烟台, 區(qū) → 區)."
    )
    profiles = SAFE_PROFILES
    Options = GlossOptions
    examples = (
        (
            "城市小區(qū),,是疫情防控的重中之重，發(fā)揮戰(zhàn)斗堡壘作用，網(wǎng)格員到位",
            "城市小區,,是疫情防控的重中之重，發揮戰斗堡壘作用，網格員到位",
        ),
        ("小区（qu）和社区（qū）以及战（zhan）区", "小区和社区以及战区"),
        ("烟(yan)台市(shi)教育装备(bei)中心", "烟台市教育装备中心"),
        ("欢迎来到教育(jiaoyu)频道", "欢迎来到教育频道"),
    )
    keeps = (
        "曲(qū)项(xiàng)向(xiàng)天(tiān)歌(gē)",
        "鵝(é)鵝(é)鵝(é)，曲(qū)項(xiàng)向(xiàng)天(tiān)歌(gē)",
        "區(qū)：區域；地區(qū)的區。",
        "他姓繆(miào)，不姓繆(móu)。",
        "人工智能(AI)的发展，世界卫生组织(WHO)的报告",
        "第三章(一)总则，(记者 张三)报道",
        "他回答(yes)，然后离开",
        "上海(Shanghai)与北京(Beijing)",
        "普通的繁體中文句子，沒有注音。",
        "函数 f(x) 与 g(a)",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if not any(p.search(text) for p in _HAS_GLOSS) or not has_cjk(text):
            return text
        found, headwords = _find(text, ctx)
        opts = self.options
        if len(found) < opts.min_glosses:
            return text
        keep = _kept(found, headwords, opts.teaching_run)
        pieces = []
        done = 0
        for k, f in enumerate(found):
            if k in keep:
                continue
            pieces.append(text[done : f.start])
            done = f.end
        if not pieces:
            return text
        pieces.append(text[done:])
        return "".join(pieces)


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Glosses)
