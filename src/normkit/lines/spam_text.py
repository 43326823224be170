"""The shapes of text that the spam rules measure: sentences, segments between
separators, quotes, a phrase repeated through a line, and the lines of a page.

>>> count_visible("a_b, 中文！12")
6
>>> [a.tolist() for a in span_arrays("ab cd", PIECE_SEPARATORS)]
[[0, 3], [2, 5]]
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import overload

import numpy as np
import numpy.typing as npt

__all__ = [
    "CONTACT",
    "HAN4",
    "PIECE_SEPARATORS",
    "SEGMENT_SEPARATORS",
    "SENTENCE",
    "Page",
    "Spans",
    "SplitLines",
    "clause_around",
    "content_heading",
    "count_visible",
    "covered_segments",
    "distinct",
    "holding",
    "most_common",
    "quoted",
    "repeated_phrase",
    "show",
    "span_arrays",
    "title_like",
]

SENTENCE = re.compile(r"[。！？!?；;]")
_CLAUSE_SPLIT = re.compile(r"[^。！？!?；;，,]+[。！？!?；;，,]*")
_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_HAN3 = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{3}")
_OPEN_QUOTES = "“「『《\"'‘"
_CLOSE_QUOTES = "”」』》\"'’"
CONTACT = re.compile(
    r"(?:qq|扣扣|企鹅|微信|vx|wx|v信|威信|薇信|加v|飞机|telegram|tg)\s*(?:号码?)?\s*[:：]?\s*[a-z0-9_\-]{5,}"
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"
    r"|(?:https?://|www\.)[a-z0-9\-._~/?#=&%]+"
    r"|(?<![a-z0-9.\-])[a-z0-9\-]{2,}\.(?:com|net|cc|vip|top|xyz|me|tv|app|bet|club|live|info|co|org|cn|hk)(?![a-z0-9])"
)
#: Bit 1: a Han character; bit 2: a clause mark; as an array indexed by code point.
_CLASSES = np.zeros(0x110000, dtype=np.uint8)
_CLASSES[0x3400:0x4DC0] = _CLASSES[0x4E00:0xA000] = _CLASSES[0xF900:0xFB00] = _CLASSES[0x20000:0x31350] = 1
_CLASSES[[ord(c) for c in "。，,！？!?；;、"]] = 2
_BULLET_FIRST = "-–—*+·•●◆◇▪■□○►▶▸※"
_WHITE = " \t\r\f\v\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
#: The separators of keyword segments and of space-separated pieces, as arrays indexed by code point.
SEGMENT_SEPARATORS = np.zeros(0x110000, dtype=bool)
SEGMENT_SEPARATORS[[ord(c) for c in "|｜丨/\\、,，_·•" + _WHITE]] = True
PIECE_SEPARATORS = np.zeros(0x110000, dtype=bool)
PIECE_SEPARATORS[[ord(c) for c in "|｜丨" + _WHITE]] = True
HAN4 = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{4}")
#: The first four Han characters of a short line without sentence punctuation (a title).
_BULLETS = np.zeros(0x110000, dtype=bool)
_BULLETS[[ord(c) for c in "-–—*+·•●◆◇▪■□○►▶▸※"]] = True
_BULLET = re.compile(r"^(?:[-–—*+][ \t]+|[·•●◆◇▪■□○►▶▸※][ \t]*)")
_TITLE_STOP = re.compile(r"[。；;]|[!?！？](?=.)")


def count_visible(text: str) -> int:
    """Letters and digits in ``text`` (what ``\\w`` matches but ``_``).

    >>> count_visible("a_b, 中文！12")
    6
    """
    if len(text) < _LONG:
        return len(_NON_WORD.sub("", text)) if text else 0
    # A long text: each distinct character judged once, counted by array.
    counts = np.bincount(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
    present = np.flatnonzero(counts)
    word = np.fromiter((chr(c).isalnum() for c in present.tolist()), dtype=bool, count=len(present))
    return int(counts[present[word]].sum())


#: Text length from which :func:`count_visible` counts by array.
_LONG = 20_000


def distinct(hits: Iterable[tuple[int, int, str, int]]) -> list[str]:
    """The terms of ``hits`` (``(start, end, term, strength)``), most frequent first
    (then in order of appearance).

    >>> distinct([(0, 2, "b", 2), (2, 4, "a", 2), (5, 7, "a", 1)])
    ['a', 'b']
    """
    counts = Counter(h[2] for h in hits)
    return [t for t, _ in counts.most_common()]


def most_common(terms: list[str]) -> list[str]:
    """:func:`distinct` of bare terms.

    >>> most_common(["b", "a", "a"])
    ['a', 'b']
    """
    return [t for t, _ in Counter(terms).most_common()]


def show(terms: Sequence[str]) -> str:
    """The first three terms, as evidence.

    >>> show(["百家乐", "六合彩", "时时彩", "彩金"])
    '百家乐 六合彩 时时彩 …'
    """
    return " ".join(terms[:3]) + (" …" if len(terms) > 3 else "")


def covered_segments(segments: Spans, hit_starts: npt.NDArray[np.int64]) -> int:
    """How many segments hold the (sorted) start of a hit.

    >>> covered_segments(span_arrays("ab cd ef", PIECE_SEPARATORS), np.array([0, 1, 6]))
    2
    """
    starts, ends = segments
    return int(holding(starts, ends, hit_starts).sum())


def holding(
    starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64], points: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """For each span ``[starts, ends)``, whether one of the sorted ``points`` is in it.

    >>> holding(np.array([0, 3]), np.array([2, 5]), np.array([4])).tolist()
    [False, True]
    """
    if not len(points) or not len(starts):
        return np.zeros(len(starts), dtype=bool)
    at = np.searchsorted(points, starts)
    found = points[np.minimum(at, len(points) - 1)]
    return (at < len(points)) & (found < ends)


#: Spans as two arrays: starts and ends.
Spans = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]


def span_arrays(f: str, separators: npt.NDArray[np.bool_]) -> Spans:
    """The starts and ends of the runs of ``f`` between separator characters.

    >>> [a.tolist() for a in span_arrays("ab cd", PIECE_SEPARATORS)]
    [[0, 3], [2, 5]]
    """
    if not f:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    codes = np.frombuffer(f.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    inside = np.concatenate(([False], ~separators[codes], [False]))
    edges = np.flatnonzero(inside[1:] != inside[:-1]).astype(np.int64)
    return edges[::2], edges[1::2]


def repeated_phrase(f: str, spans: Spans) -> tuple[str, int, int]:
    """The three-Han-character phrase repeated in most of fifteen or more short segments,
    with its count and the number of segments; ``("", 0, n)`` when there is none.

    >>> line = " ".join(f"北京网站建设{k}" for k in "一二三四五六七八九十甲乙丙丁戊")
    >>> repeated_phrase(line, span_arrays(line, SEGMENT_SEPARATORS))
    ('北京网站建设', 15, 15)
    >>> repeated_phrase("北京 上海", span_arrays("北京 上海", SEGMENT_SEPARATORS))
    ('', 0, 2)
    """
    n = len(spans[0])
    if n < 15 or f.isascii() or _HAN3.search(f) is None:  # (no phrase to repeat)
        return "", 0, n
    if n < 15 or (SENTENCE.search(f) and len(SENTENCE.findall(f)) * 10 > n):
        return "", 0, n
    total = int((spans[1] - spans[0]).sum())
    if total > 12 * n or sum(len(d) for d in _DIGITS.findall(f)) * 20 > len(f):
        return "", 0, n
    # A phrase in three of five segments is, but for a contrived line, in one of seven spread over the line: take
    # the candidates from those, count them at C speed, and check the best exactly.
    segments = list(zip(spans[0].tolist(), spans[1].tolist(), strict=True))
    sample = {segments[(n - 1) * k // 6] for k in range(7)}
    candidates = {f[k : k + 3] for s, e in sample for k in range(s, e - 2) if _HAN3.fullmatch(f, k, k + 3)}
    if not candidates:
        return "", 0, n
    gram = max(sorted(candidates), key=f.count)
    if f.count(gram) * 5 < n * 3:
        return "", 0, n
    count = sum(1 for s, e in segments if f.find(gram, s, e) >= 0)
    if count * 5 < n * 3:
        return "", 0, n
    # the phrase is most of each segment holding it (a keyword and its variants), unlike
    # a list of names sharing a place name (``广东省人民政府国有资产监督管理委员会网``)
    holding = [(s, e) for s, e in segments if f.find(gram, s, e) >= 0]
    phrase = _grown(f, gram, holding)
    if len(phrase) * len(holding) < sum(e - s for s, e in holding) * 0.5:
        return "", 0, n
    return phrase, count, n


def _grown(f: str, gram: str, holding: list[tuple[int, int]]) -> str:
    """``gram`` grown to the longest phrase around it that every segment of ``holding`` has."""
    s, e = holding[0]
    at = f.find(gram, s, e)
    start, end = at, at + len(gram)
    for step in (-1, 1):
        while end - start < 12:
            ns, ne = (start - 1, end) if step < 0 else (start, end + 1)
            if ns < s or ne > e or not all(f.find(f[ns:ne], a, b) >= 0 for a, b in holding[:1000]):
                break
            start, end = ns, ne
    return f[start:end]


def quoted(f: str, at: int) -> bool:
    """Whether position ``at`` of ``f`` is inside quotes (or a title's brackets).

    >>> quoted("他说“百家乐”", 4), quoted("百家乐", 0)
    (True, False)
    """
    depth = 0
    straight = 0
    for ch in f[max(0, at - 200) : at]:
        if ch in "\"'":
            straight ^= 1
        elif ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES and depth:
            depth -= 1
    return depth > 0 or straight == 1


def clause_around(f: str, start: int, end: int) -> str:
    """The clause of ``f`` holding ``start`` (at least up to ``end``).

    >>> clause_around("今天天气好，加微信abc123领彩金。明天", 6, 8)
    '加微信abc123领彩金。'
    """
    for m in _CLAUSE_SPLIT.finditer(f):
        if m.start() <= start < m.end():
            return f[m.start() : max(end, m.end())]
    return f


class SplitLines(Sequence[str]):
    """The lines of ``text``, split when a line is first asked for (a page without spam
    never is: no string per line).

    >>> lines = SplitLines("a\\nb"); len(lines), lines[1], list(lines)
    (2, 'b', ['a', 'b'])
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None
        self._count = text.count("\n") + 1

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if self._lines is None:
            self._lines = self._text.split("\n")
        return self._lines[index]


class Page:
    """The lines of a page, folded, with the shapes the page rules need (computed once).

    >>> lines = ["导航", "今天的天气很好，我们去公园散步，看见很多花。"]
    >>> page = Page(lines, "\\n".join(lines))
    >>> page.body, page.stems(0)
    ([False, True], ['导航', '今天的天气很好，我们去公园散步，看见很多花。'])
    """

    def __init__(self, lines: Sequence[str], folded: str) -> None:
        self.lines = lines
        self.folded = folded

    @functools.cached_property
    def _bounds(self) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        codes = np.frombuffer(self.folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        breaks = np.flatnonzero(codes == 10)
        return codes, np.concatenate(([0], breaks + 1)), np.concatenate((breaks, [len(codes)]))

    @functools.cached_property
    def body(self) -> list[bool]:
        """Which lines read like paragraphs (twelve Han characters and clause punctuation,
        or fifty Han characters; not a bulleted title)."""
        codes, starts, ends = self._bounds
        classes = _CLASSES[codes]
        counts = []
        for bit in (1, 2):
            totals = np.concatenate(([0], np.cumsum(classes & bit, dtype=np.int64)))
            counts.append(totals[ends] - totals[starts])
        han, punct = counts
        body: list[bool] = ((han >= 50) | ((han >= 12) & (punct > 0))).tolist()
        first = codes[np.minimum(starts, max(len(codes) - 1, 0))] if len(codes) else starts
        bulleted = _BULLETS[first] | (first == 32) | (first == 9) | (first == 0x3000)
        for i in np.flatnonzero(bulleted & np.array(body, dtype=bool)).tolist():
            s = self.lines[i].strip()
            if s[:1] in _BULLET_FIRST and _BULLET.match(s) and len(s) <= 80 and not _TITLE_STOP.search(s):
                body[i] = False
        return body

    def stems(self, first: int) -> list[str]:
        """Folded lines of at most 80 characters without their bullets (``""`` otherwise),
        from line ``first`` on (``""`` before)."""
        _, starts, ends = self._bounds
        out = [""] * first
        for i in range(first, len(self.lines)):
            f = self.folded[int(starts[i]) : int(ends[i])].strip()
            if len(f) > 80:
                f = ""
            elif f[:1] in _BULLET_FIRST:
                f = _BULLET.sub("", f, count=1)
            out.append(f)
        return out


def title_like(f: str) -> bool:
    """Whether ``f`` reads as a title: short, no sentence stop, at most one comma.

    >>> title_like("澳门新葡京官网"), title_like("今天很好。明天也好")
    (True, False)
    """
    return len(f) <= 80 and not (f.endswith(":") or _TITLE_STOP.search(f) or len(re.findall(r"[,，]", f)) > 1)


def content_heading(f: str) -> bool:
    """Whether ``f`` is a short heading of the article's own (not ``相关阅读`` and the like,
    nor a path of links: ``首页 > 专题``, ``新闻 | 视频``, which the line filters drop).

    >>> content_heading("出席名单"), content_heading("相关阅读"), content_heading("首页 > 专题 > …")
    (True, False, False)
    >>> content_heading("出席/列席名单")  # a slash is no path of links
    True
    """
    return (
        2 <= len(f) <= 12
        and title_like(f)
        and not f.startswith(("(", "（", "[", "【"))
        and f.strip(" :") not in _RELATED
        and _PATH_SEPARATOR.search(f) is None
    )


#: What separates the links of a breadcrumb or a menu line.
_PATH_SEPARATOR = re.compile(r"[>|»›]")


#: Headings that introduce a list of related titles (a site's own list, not the article's).
_RELATED = frozenset(
    {"猜你喜欢", "最新文章", "相关阅读", "推荐阅读", "相关文章", "相关新闻", "相关推荐", "热门文章", "热门推荐",
     "延伸阅读", "更多精彩", "精彩推荐", "大家都在看", "为你推荐", "往期回顾", "最新资讯", "热点新闻"}
)  # fmt: skip
