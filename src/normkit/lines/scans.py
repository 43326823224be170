"""The pattern and lexicon scans of the page features: how many hits of a pattern each
line of a folded block of lines holds (:func:`hits`), the lexicon's scan
(:func:`lexicon_scan`), a line's field label (:func:`prefix`) and numbers for distinct
lines (:func:`line_ids`).

Every pattern reads folded text (simplified, half-width, lower-case) and no match crosses
a line, so a block of lines scans as the whole page would.

>>> import numpy as np
>>> hits(DATE, "2023年5月1日\\n首页", np.array([0, 10]), 2).tolist()
[1.0, 0.0]
"""

from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
import numpy.typing as npt

from ..normalisers._lexicon import Lexicon, trie_pattern
from .chars import ENDS_SENTENCE

__all__ = [
    "ARROW_MORE",
    "BRACKET_TAG",
    "COUNT",
    "DATE",
    "LEXICON_WORD",
    "LIST_MARK",
    "LIST_START",
    "NOTICE",
    "PERCENT",
    "SENTENCE_END",
    "SPAM_WORD",
    "STRIP_MARKS",
    "TAG_START",
    "TIME",
    "TIME_WORDS",
    "TRIGGERS",
    "URL",
    "Scan",
    "WordStarts",
    "covered_at",
    "gated_hits",
    "gated_text",
    "hits",
    "lexicon_scan",
    "lexicon_starts",
    "line_bits",
    "line_ids",
    "line_starts_matching",
    "lines_of",
    "prefix",
    "prefixes",
    "spam_pattern",
    "trigger_table",
    "unicode_digits",
]

# ``\d(?<!\d\d)\d?`` is ``(?<!\d)\d{1,2}`` written to start with a digit (a faster scan).

DATE = re.compile(
    r"(?:19|20)\d\d[ \t]*[-/.年][ \t]*\d{1,2}[ \t]*[-/.月][ \t]*\d{1,2}|\d{1,2}月\d{1,2}日|\d(?<!\d\d)\d?-\d{1,2}(?![\d-])"
)
TIME = re.compile(r"\d(?<!\d\d)\d?:\d\d(?!\d)|\d+[ \t]*(?:分钟|小时|天)前")
TIME_WORDS = re.compile(r"昨天|前天|刚刚")
COUNT = re.compile(
    r"\d[\d.,]*[ \t]*[万wk千]?\+?[ \t]*(?:人|次|条|个)?[ \t]*(?:阅读|浏览|评论|点赞|收藏|转发|回复|赞|播放|观看|关注|粉丝|回答|浏览量)"
    r"|(?:阅读|浏览|评论|点赞|回复|播放|人气|热度|粉丝|关注|收藏|回答|采纳率)[ \t]*(?:数|量)?[ \t]*[:(]?[ \t]*\d"
)
PERCENT = re.compile(r"\d[ \t]*%")
URL = re.compile(r"https?://|www\.|\.(?:com|cn|net|org)\b|@[\w.]+")
LIST_MARK = re.compile(
    r"^(?:\d{1,2}[ \t]*[.、)][ \t]*|[-*•·●◆▪■□○►▶※][ \t]*|\(\d{1,2}\)|[一二三四五六七八九十]、)", re.M
)
BRACKET_TAG = re.compile(r"^[【\[][^】\]\n]{1,12}[】\]]", re.M)
NOTICE = re.compile(r"©|\(c\)[ \t]*\d{4}|icp|备\d|公网安备|版权|copyright|rights reserved")
ARROW_MORE = re.compile(r"(?:更多|more)[ \t]*(?:>>|>|»|\+)?[ \t]*$|>>[ \t]*$", re.M)


#: For each pattern scanned on every line, characters one of which every match holds (in
#: folded text; read off the pattern): a line holding none of them is not scanned.
TRIGGERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (DATE, "-/.年月"),
    (TIME, ":前"),
    (TIME_WORDS, "天刚"),
    # a character of each count word: 阅读 浏览 评论 点赞 收藏 转发 回复 播放 观看 关注 粉丝 回答 人气 热度 采纳率
    (COUNT, "读览论赞藏发复放看注丝答气度纳"),
    (PERCENT, "%"),
    (URL, ":.@"),
    (NOTICE, "©(p备版yg"),
    (ARROW_MORE, "多m>"),
)
#: The patterns anchored at a line's start, with the characters a match may start with
#: (besides digits, for ``LIST_MARK``).
_LINE_START: dict[re.Pattern[str], str] = {
    LIST_MARK: "-*•·●◆▪■□○►▶※(一二三四五六七八九十",
    BRACKET_TAG: "【[",
}


#: Bits of :func:`trigger_table` besides those of :data:`TRIGGERS`: may start a match of
#: ``LIST_MARK``, of ``BRACKET_TAG`` (as a line's first character); ends a sentence
#: (:data:`~normkit.lines.chars.ENDS_SENTENCE`).
LIST_START, TAG_START, SENTENCE_END = 1 << 13, 1 << 14, 1 << 15


@functools.cache
def trigger_table() -> npt.NDArray[np.uint16]:
    """Bit ``k`` set at the trigger characters of ``TRIGGERS[k]``, indexed by code point;
    and :data:`LIST_START`, :data:`TAG_START`, :data:`SENTENCE_END` (one table for all).

    >>> bool(trigger_table()[ord("%")] & (1 << 4)), int(trigger_table()[ord("中")])
    (True, 0)
    >>> bool(trigger_table()[ord("【")] & TAG_START), bool(trigger_table()[ord("。")] & SENTENCE_END)
    (True, True)
    """
    if len(TRIGGERS) > 13:
        raise AssertionError("one bit per pattern")
    t = np.zeros(0x110000, dtype=np.uint16)
    for k, (_, chars) in enumerate(TRIGGERS):
        t[[ord(c) for c in chars]] |= 1 << k
    t[unicode_digits()] |= LIST_START
    for bit, chars in ((LIST_START, _LINE_START[LIST_MARK]), (TAG_START, _LINE_START[BRACKET_TAG])):
        t[[ord(c) for c in chars]] |= bit
    t[[ord(c) for c in ENDS_SENTENCE]] |= SENTENCE_END
    return t


def line_bits(values: npt.NDArray[Any], starts: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
    """The OR of ``values`` (one per character of a block of lines and its line breaks,
    which must be 0) over each line that starts at ``starts``.

    >>> line_bits(np.array([1, 2, 0, 0, 4], dtype=np.uint8), np.array([0, 3, 4])).tolist()
    [3, 0, 4]
    """
    padded = np.zeros(len(values) + 1, dtype=values.dtype)
    padded[:-1] = values
    return np.bitwise_or.reduceat(padded, starts)


def gated_text(
    rows: npt.NDArray[np.int64],
    lines: list[str],
    text: str,
    starts: npt.NDArray[np.int64],
    lengths: npt.NDArray[Any],
) -> tuple[str, npt.NDArray[np.int64]]:
    """The text to scan for the ``lines`` at ``rows`` and where each of them starts in it
    (``text`` and ``starts`` themselves when ``rows`` are all the lines): the lines of
    ``text`` (starting at ``starts``, ``lengths`` long) at ``rows``, joined by line breaks.
    No match crosses a line, so the lines at ``rows`` scan alone as they do in ``text``.

    >>> gated_text(np.array([0, 2]), ["a", "bc", "d"], "a\\nbc\\nd", np.array([0, 2, 5]), np.array([1, 2, 1]))
    ('a\\nd', array([0, 2]))
    """
    if len(rows) == len(lines):
        return text, starts
    sizes = lengths[rows].astype(np.int64) + 1
    return "\n".join([lines[i] for i in rows.tolist()]), np.cumsum(sizes) - sizes


def gated_hits(
    pattern: re.Pattern[str],
    rows: npt.NDArray[np.int64],
    lines: list[str],
    text: str,
    starts: npt.NDArray[np.int64],
    lengths: npt.NDArray[Any],
) -> npt.NDArray[np.float32]:
    """:func:`hits` of ``pattern`` in the ``lines`` of ``text`` (starting at ``starts``,
    ``lengths`` long), scanning only the lines at ``rows`` (:func:`gated_text`): the
    others must hold no match.

    >>> lines = ["涨了5%", "没有", "跌了3%"]
    >>> text = "\\n".join(lines)
    >>> gated_hits(PERCENT, np.array([2]), lines, text, np.array([0, 5, 8]), np.array([4, 2, 4])).tolist()
    [0.0, 0.0, 1.0]
    """
    n = len(lines)
    if len(rows) == n:
        return hits(pattern, text, starts, n)
    out = np.zeros(n, dtype=np.float32)
    if len(rows):
        out[rows] = hits(pattern, *gated_text(rows, lines, text, starts, lengths), len(rows))
    return out


def covered_at(
    pattern: re.Pattern[str],
    candidates: npt.NDArray[Any],
    text: str,
    starts: npt.NDArray[np.int64],
    n: int,
) -> npt.NDArray[np.float32]:
    """The characters of each of the ``n`` lines of ``text`` (starting at ``starts``) in
    matches of ``pattern`` (a match counted whole in the line it starts in), ``pattern``
    tried only at the positions where ``candidates`` (one value a character) is set:
    every match must start at one of them (as the words of :class:`WordStarts` do).
    Those are the matches of ``finditer``: each leftmost, the next one after its end.

    >>> text = "首页新闻\\n没有\\n关于我们"
    >>> at = np.array([ch in "首关" for ch in text])
    >>> covered_at(re.compile("首页|关于"), at, text, np.array([0, 5, 8]), 3).tolist()
    [2.0, 0.0, 2.0]
    """
    covered = np.zeros(n, dtype=np.float32)
    match, end = pattern.match, 0
    spans = []
    for at in np.flatnonzero(candidates).tolist():
        if at >= end and (m := match(text, at)) is not None:
            end = m.end()
            spans.append((at, end))
    if spans:
        found = np.array(spans, dtype=np.int64)
        ids = np.searchsorted(starts, found[:, 0], side="right") - 1
        covered += np.bincount(ids, weights=found[:, 1] - found[:, 0], minlength=n).astype(np.float32)
    return covered


def line_starts_matching(
    pattern: re.Pattern[str], lines: list[str], codes: npt.NDArray[np.uint32], starts: npt.NDArray[np.int64]
) -> npt.NDArray[np.float32]:
    """:func:`hits` of ``LIST_MARK`` or ``BRACKET_TAG`` (anchored at a line's start: at most
    one match per line), trying only the lines whose first character may start one.

    >>> lines = ["1. 首页", "新闻", "【热点】今天"]
    >>> codes = np.array([ord(c) for c in "\\n".join(lines)], dtype=np.uint32)
    >>> line_starts_matching(BRACKET_TAG, lines, codes, np.array([0, 6, 9])).tolist()
    [0.0, 0.0, 1.0]
    """
    bit = LIST_START if pattern is LIST_MARK else TAG_START
    padded = np.zeros(len(codes) + 1, dtype=np.uint32)
    padded[:-1] = codes
    first = padded[starts]
    out = np.zeros(len(lines), dtype=np.float32)
    for i in np.flatnonzero(trigger_table()[first] & bit).tolist():
        out[i] = pattern.match(lines[i]) is not None
    return out


#: The bit of :class:`WordStarts`' table where a word of two or more characters starts.
_PAIR_FIRST = 128


class WordStarts:
    """Where a text may hold one of a set of words: at the first two characters of one
    (a superset: the scan then confirms the words), or at a word of one character.

    >>> starts = WordStarts({"返回首页": 1, "首页": 1, "赌": 2})
    >>> codes = np.array([ord(c) for c in "请返回首页\\n赌场\\n首"], dtype=np.uint32)
    >>> starts.bits(codes).tolist()
    [0, 1, 0, 1, 0, 0, 2, 0, 0, 0]
    """

    def __init__(self, words: dict[str, int]) -> None:
        pairs: dict[int, int] = {}
        # Per code point: the bits of the words of one character, and :data:`_PAIR_FIRST`
        # where a word of two or more characters starts (one byte each).
        single = np.zeros(0x110000, dtype=np.uint8)
        for word, bit in words.items():
            if len(word) == 1:
                single[ord(word)] |= bit
            elif word:
                key = ord(word[0]) << 21 | ord(word[1])
                pairs[key] = pairs.get(key, 0) | bit
        keys = sorted(pairs)
        if any(bit & _PAIR_FIRST for bit in words.values()):
            raise ValueError(f"word bits must leave bit {_PAIR_FIRST} free")
        single[[k >> 21 for k in keys]] |= _PAIR_FIRST
        self._single = single
        self._keys = np.array(keys, dtype=np.int64)
        self._key_bits = np.array([pairs[k] for k in keys], dtype=np.uint8)

    def bits(self, codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint8]:
        """The bits of the words that may start at each code point."""
        out = self._single[codes]
        if len(codes) > 1 and len(self._keys):
            where = np.flatnonzero(out[:-1] & _PAIR_FIRST)
            pairs = codes[where].astype(np.int64) << 21 | codes[where + 1]
            at = np.searchsorted(self._keys, pairs)
            at[at == len(self._keys)] = 0
            found = self._keys[at] == pairs
            out &= ~np.uint8(_PAIR_FIRST)
            out[where[found]] |= self._key_bits[at[found]]
        else:
            out &= ~np.uint8(_PAIR_FIRST)
        return out


def lines_of(positions: list[int], starts: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.float32]:
    """How many of ``positions`` (character offsets) fall in each line.

    >>> lines_of([0, 1, 5], np.array([0, 4, 8]), 3).tolist()
    [2.0, 1.0, 0.0]
    """
    if not positions:
        return np.zeros(n, dtype=np.float32)
    ids = np.searchsorted(starts, np.asarray(positions), side="right") - 1
    return np.bincount(ids, minlength=n).astype(np.float32)


def hits(
    pattern: re.Pattern[str], text: str, starts: npt.NDArray[np.int64], n: int
) -> npt.NDArray[np.float32]:
    """How many matches of ``pattern`` start in each of the ``n`` lines of ``text``.

    >>> hits(PERCENT, "涨了5%和3%\\n没有", np.array([0, 8]), 2).tolist()
    [2.0, 0.0]
    """
    return lines_of([m.start() for m in pattern.finditer(text)], starts, n)


Scan = tuple[re.Pattern[str], frozenset[str], frozenset[str], frozenset[str]]
#: Bits of :func:`lexicon_starts`: a lexicon word of the scan, a spam term.
LEXICON_WORD, SPAM_WORD = 1, 2
_SCANS: dict[int, tuple[Lexicon, Scan]] = {}


def lexicon_scan(lexicon: Lexicon) -> Scan:
    """One pattern of every term of two or more characters (but spam), the whole-line
    terms, the related-list headings and the spam terms (built once per lexicon).

    >>> from normkit.normalisers._lexicon import build_lexicon
    >>> scan, words, related, spam = lexicon_scan(build_lexicon())
    >>> bool(scan.search("返回首页")), "为你推荐" in related
    (True, True)
    """
    known = _SCANS.get(id(lexicon))
    if known is not None and known[0] is lexicon:
        return known[1]
    if len(_SCANS) > 16:
        _SCANS.clear()
    words = {t for kind, terms in lexicon.terms.items() if kind != "spam" for t in terms}
    scan = re.compile(trie_pattern(w for w in words if len(w) >= 2))
    found = (scan, frozenset(words), lexicon.terms["related"], lexicon.terms["spam"])
    _SCANS[id(lexicon)] = (lexicon, found)
    return found


STRIP_MARKS = "[]【】()<>《》|:·•-—=*#>» "


def line_ids(keys: list[str], seen: dict[str, int]) -> npt.NDArray[np.float32]:
    """A number per distinct key, in order of appearance on the page (``seen``: the keys
    of the lines before, ``{"": -1}`` at first); -1 for ``""``.

    >>> line_ids(["a", "b", "", "a"], {"": -1}).tolist()
    [0.0, 1.0, -1.0, 0.0]
    """
    return np.array([seen.setdefault(k, len(seen) - 1) for k in keys], dtype=np.float32)


def lexicon_starts(lexicon: Lexicon) -> WordStarts:
    """Where the words of :func:`lexicon_scan`'s pattern (bit :data:`LEXICON_WORD`) and the
    spam terms (bit :data:`SPAM_WORD`) may start (built once per lexicon).

    >>> from normkit.normalisers._lexicon import build_lexicon
    >>> codes = np.array([ord(c) for c in "返回首页"], dtype=np.uint32)
    >>> lexicon_starts(build_lexicon()).bits(codes).tolist()[:1]
    [1]
    """
    known = _STARTS.get(id(lexicon))
    if known is not None and known[0] is lexicon:
        return known[1]
    if len(_STARTS) > 16:
        _STARTS.clear()
    _, words, _, spam = lexicon_scan(lexicon)
    bits = dict.fromkeys((w for w in words if len(w) >= 2), LEXICON_WORD)
    for term in spam:
        bits[term] = bits.get(term, 0) | SPAM_WORD
    found = WordStarts(bits)
    _STARTS[id(lexicon)] = (lexicon, found)
    return found


_STARTS: dict[int, tuple[Lexicon, WordStarts]] = {}


@functools.cache
def unicode_digits() -> npt.NDArray[np.int64]:
    """Every code point that ``\\d`` of ``re`` or of ``regex`` matches.

    >>> digits = unicode_digits()
    >>> bool(np.isin(ord("7"), digits)), bool(np.isin(ord("a"), digits))
    (True, False)
    """
    import regex

    codes = np.arange(0x110000, dtype=np.uint32)
    codes[0xD800:0xE000] = 0x20  # surrogates cannot be decoded; a space is no digit
    every = codes.tobytes().decode("utf-32-le")
    digits = {m.start() for m in re.finditer(r"\d", every)}
    digits.update(m.start() for m in regex.finditer(r"\d", every))
    return np.array(sorted(digits), dtype=np.int64)


@functools.lru_cache(maxsize=8)
def spam_pattern(spam: frozenset[str]) -> re.Pattern[str]:
    """One pattern of the ``spam`` terms (built once per set of terms).

    >>> spam_pattern(frozenset({"加微信", "代开发票"})).findall("加微信代开发票")
    ['加微信', '代开发票']
    """
    return re.compile(trie_pattern(spam))


def prefix(line: str) -> str:
    """A line's field label (``票价:``) or its first two characters; ``""`` for short lines.

    >>> prefix("票价:100元"), prefix("今天天气很好"), prefix("首页")
    ('票价:', '今天', '')
    """
    colon = line.find(":", 1, 10)
    if colon > 0:
        return line[: colon + 1]
    return line[:2] if len(line) >= 6 else ""


def prefixes(lines: list[str]) -> list[str]:
    """:func:`prefix` of every line (one comprehension, no call per line).

    >>> prefixes(["票价:100元", "今天天气很好", "首页"])
    ['票价:', '今天', '']
    """
    return [f[: c + 1] if (c := f.find(":", 1, 10)) > 0 else (f[:2] if len(f) >= 6 else "") for f in lines]
