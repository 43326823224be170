"""Per-line features of a whole page, computed at once (vectorised with NumPy).

:func:`page_features` turns the lines of one page into a matrix: one row per line, one
column per feature of :data:`NAMES`. A line is read from its own shape (length, share of
Han, Latin and digits, sentence punctuation and how it ends, separators, dates, counts,
times, bracket tags, list marks, lexicon hits) and from its place in the page: runs of
short unpunctuated lines (menus, link lists) and of headline-shaped lines (feeds), its
neighbours, its distance from the main text block (the densest run of prose), and how
often it repeats in the page.

The text is folded first (:func:`~normkit.normalisers._lexicon.fold_codes`: traditional
characters to simplified, full-width forms to ASCII), so every feature reads simplified
and traditional Chinese alike.

>>> f = page_features(["首页", "新闻", "今天，市政府召开了专题会议，研究部署防汛工作。"])
>>> f.matrix.shape == (3, len(NAMES))
True
>>> float(f.column("prose")[2]), float(f.column("prose")[0])
(1.0, 0.0)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..normalisers._lexicon import Lexicon, fold_codes, trie_pattern

__all__ = [
    "NAMES",
    "SCORE_NAMES",
    "PageFeatures",
    "PageShape",
    "length_key",
    "page_features",
    "page_shape",
    "score_context",
    "within",
    "zones",
]

# ---------------------------------------------------------------------------- characters

HAN, LATIN, DIGIT, SPACE, CLAUSE, STOP, SEP, BRACKET, ELLIPSIS, COLON, QUOTE, SYMBOL = (
    1 << k for k in range(12)
)
_BITS = 12


@functools.cache
def char_classes() -> npt.NDArray[np.uint16]:
    """The class bits of every code point (after folding), indexed by code point."""
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
_ENDS_SENTENCE = frozenset("。！？!?…”」』\"'")

# ---------------------------------------------------------------------------- patterns (folded text)
# ``\d(?<!\d\d)\d?`` is ``(?<!\d)\d{1,2}`` written to start with a digit (a faster scan).

_DATE = re.compile(
    r"(?:19|20)\d\d[ \t]*[-/.年][ \t]*\d{1,2}[ \t]*[-/.月][ \t]*\d{1,2}|\d{1,2}月\d{1,2}日|\d(?<!\d\d)\d?-\d{1,2}(?![\d-])"
)
_TIME = re.compile(r"\d(?<!\d\d)\d?:\d\d(?!\d)|\d+[ \t]*(?:分钟|小时|天)前")
_TIME_WORDS = re.compile(r"昨天|前天|刚刚")
_COUNT = re.compile(
    r"\d[\d.,]*[ \t]*[万wk千]?\+?[ \t]*(?:人|次|条|个)?[ \t]*(?:阅读|浏览|评论|点赞|收藏|转发|回复|赞|播放|观看|关注|粉丝|回答|浏览量)"
    r"|(?:阅读|浏览|评论|点赞|回复|播放|人气|热度|粉丝|关注|收藏|回答|采纳率)[ \t]*(?:数|量)?[ \t]*[:(]?[ \t]*\d"
)
_PERCENT = re.compile(r"\d[ \t]*%")
_URL = re.compile(r"https?://|www\.|\.(?:com|cn|net|org)\b|@[\w.]+")
_LIST_MARK = re.compile(
    r"^(?:\d{1,2}[ \t]*[.、)][ \t]*|[-*•·●◆▪■□○►▶※][ \t]*|\(\d{1,2}\)|[一二三四五六七八九十]、)", re.M
)
_BRACKET_TAG = re.compile(r"^[【\[][^】\]\n]{1,12}[】\]]", re.M)
_NOTICE = re.compile(r"©|\(c\)[ \t]*\d{4}|icp|备\d|公网安备|版权|copyright|rights reserved")
_ARROW_MORE = re.compile(r"(?:更多|more)[ \t]*(?:>>|>|»|\+)?[ \t]*$|>>[ \t]*$", re.M)

# ---------------------------------------------------------------------------- the features

#: The columns of :attr:`PageFeatures.matrix`, in order.
NAMES: tuple[str, ...] = (
    # own shape
    "length",  # log of the characters of the stripped line
    "han_share",
    "latin_share",
    "digit_share",
    "space_share",
    "clauses",  # clause marks (， 、 ；)
    "stops",  # sentence stops (。！？) anywhere in the line
    "ends_sentence",  # the last character closes a sentence
    "ends_clause",  # the last character is a clause mark
    "ends_colon",
    "ends_ellipsis",  # a truncated title (… or ...)
    "separators",  # | > · / and the like
    "brackets",
    "symbols",
    "quotes",
    "colons",
    "no_letters",  # no letter or digit at all
    "date",
    "time",
    "count",  # ``1234 阅读``, ``评论(3)``
    "percent",
    "url",
    "list_mark",
    "bracket_tag",  # ``【热点】``, ``[置顶]`` at the start
    "notice",  # © ICP 版权 copyright
    "more_link",  # ``更多>>``
    "prose",  # reads like a paragraph
    # lexicon
    "lexicon_share",  # characters covered by lexicon terms
    "lexicon_term",  # the whole line is a lexicon term
    "related_term",  # a heading of a related list
    "spam_term",
    # context
    "short_run",  # length of the run of short unpunctuated lines holding the line
    "headline_run",  # length of the run of headline-shaped lines holding the line
    "prose_near",  # share of prose lines within 3 lines
    "prose_wide",  # share of prose lines within 10 lines
    "prev_length",
    "next_length",
    "prev_prose",
    "next_prose",
    "prev_short",
    "next_short",
    "prose_above",  # lines up to the nearest prose line above (log)
    "prose_below",  # lines down to the nearest prose line below (log)
    "shared_prefix",  # lines of the page starting with the same field label or two characters (log)
    "block_before",  # lines between the line and the main block when above it (log)
    "block_after",  # lines between the main block and the line when below it (log)
    "in_block",
    "wide_before",  # the same for the wide block (other lines cost little: lists inside an article)
    "wide_after",
    "in_wide_block",
    "block_share",  # share of the page's Han characters in the main block
    "position",  # index / lines
    "repeats",  # how many other lines of the page are the same (log)
    "page_lines",  # log of the lines of the page
    "length_rank",  # rank of the line's length in the page (0 shortest, 1 longest)
    "length_vs_median",  # ``length`` minus the page's median (lines with letters)
    "length_vs_longest",  # ``length`` minus the page's longest
    "shape_run",  # lines in the run of lines of one shape (how it ends, length, colon), log
    "shape_alternates",  # the line has the shape of the line two above (records of two lines)
    "page_prose_share",  # share of the page's lines that read as prose
)
_INDEX = {name: i for i, name in enumerate(NAMES)}


@dataclass(frozen=True)
class PageFeatures:
    """The features of one page: ``matrix[i, j]`` is feature ``NAMES[j]`` of line ``i``."""

    matrix: npt.NDArray[np.float32]
    #: The main block: the first and last line of the densest run of prose (-1 if none).
    block: tuple[int, int]

    def column(self, name: str) -> npt.NDArray[np.float32]:
        return self.matrix[:, _INDEX[name]]


@functools.cache
def _repairable_codes() -> npt.NDArray[np.bool_]:
    """Which code points (after folding) are marks that later repairs may change."""
    t = np.zeros(0x110000, dtype=bool)
    t[[ord(c) for c in ".。…⋯!！?？,，、;；:： \t\u3000\u00a0"]] = True
    return t


#: Marks that later repairs add, remove or double (``...`` → ``……``, ``！！`` → ``！``, spaces).
_REPAIRABLE = re.compile("[.。…⋯!！?？,，、;；:： \t\u3000\u00a0]")


def length_key(line: str) -> int:
    """The length of ``line`` as length limits judge it: without the marks that later
    repairs change (:data:`_REPAIRABLE`), so a limit gives the same verdict before and
    after them.

    >>> length_key("一一...") == length_key("一一……") == 2
    True
    """
    return len(line) - _REPAIRABLE.subn("", line)[1]


def within(line: str, limit: int) -> bool:
    """``length_key(line) <= limit``, skipping the count when the length decides."""
    return len(line) <= limit or length_key(line) <= limit


def _runs(flag: npt.NDArray[np.bool_]) -> npt.NDArray[np.float32]:
    """For every line the length of the run of ``True`` it belongs to (0 outside runs)."""
    n = len(flag)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    change = np.empty(n, dtype=bool)
    change[0] = True
    change[1:] = flag[1:] != flag[:-1]
    ids = np.cumsum(change) - 1
    lengths = np.bincount(ids)
    return np.asarray(lengths[ids] * flag, dtype=np.float32)


def _window(x: npt.NDArray[np.float32], k: int) -> npt.NDArray[np.float32]:
    """The mean of ``x`` over the lines within ``k`` of each line (the line excluded)."""
    n = len(x)
    c = np.concatenate(([0.0], np.cumsum(x, dtype=np.float64)))
    idx = np.arange(n)
    lo = np.maximum(idx - k, 0)
    hi = np.minimum(idx + k + 1, n)
    total = c[hi] - c[lo] - x
    count = np.maximum(hi - lo - 1, 1)
    return np.asarray(total / count, dtype=np.float32)


def _shift(x: npt.NDArray[np.float32], by: int, fill: float) -> npt.NDArray[np.float32]:
    out = np.full_like(x, fill)
    if by > 0:
        out[by:] = x[:-by]
    else:
        out[:by] = x[-by:]
    return out


def _lines_of(positions: list[int], starts: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.float32]:
    """How many of ``positions`` (character offsets) fall in each line."""
    if not positions:
        return np.zeros(n, dtype=np.float32)
    ids = np.searchsorted(starts, np.asarray(positions), side="right") - 1
    return np.bincount(ids, minlength=n).astype(np.float32)


def _hits(
    pattern: re.Pattern[str], text: str, starts: npt.NDArray[np.int64], n: int
) -> npt.NDArray[np.float32]:
    return _lines_of([m.start() for m in pattern.finditer(text)], starts, n)


_Scan = tuple[re.Pattern[str], frozenset[str], frozenset[str], frozenset[str]]
_SCANS: dict[int, tuple[Lexicon, _Scan]] = {}


def _lexicon_scan(lexicon: Lexicon) -> _Scan:
    """One pattern of every term of two or more characters (but spam), the whole-line
    terms, the related-list headings and the spam terms (built once per lexicon)."""
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


_STRIP_MARKS = "[]【】()<>《》|:·•-—=*#>» "


#: The per-line counts the context columns are computed from (see ``_assemble``).
_BASE = 10

#: The columns of a line's own (the first ones of :data:`NAMES`): they do not depend on
#: the other lines, unlike the context columns after them.
N_OWN = NAMES.index("short_run")


class FeatureCache:
    """The per-line columns of the lines of a page, kept for later calls on lines of the
    same page (a page with some lines dropped): only the context columns are computed
    again, and the matrix is the same as computed afresh.

    >>> cache = FeatureCache()
    >>> page = ["首页", "新闻", "今天，市政府召开了专题会议，研究部署防汛工作。", "上一篇"]
    >>> first = page_features(page, cache=cache)
    >>> again = page_features(page[1:3], cache=cache)
    >>> bool((again.matrix == page_features(page[1:3]).matrix).all())
    True
    """

    def __init__(self) -> None:
        self._row: dict[str, int] = {}
        self._own = np.zeros((0, N_OWN), dtype=np.float32)
        self._base = np.zeros((0, _BASE), dtype=np.float32)

    def fill(
        self,
        stripped: Sequence[str],
        own: npt.NDArray[np.float32],
        base: npt.NDArray[np.float32],
    ) -> None:
        """Keep the rows of a page computed afresh (replacing what was kept)."""
        self._row = {s: i for i, s in enumerate(stripped)}
        self._own, self._base = own, base

    def features(self, lines: Sequence[str]) -> PageFeatures | None:
        """The features of ``lines`` if every one of them is kept, else ``None``."""
        row = self._row
        try:
            idx = [row[s.strip()] for s in lines]
        except KeyError:
            return None
        base = self._base[idx]
        own = self._own[idx]
        prose = own[:, _INDEX["prose"]] > 0
        wide = _densest(np.where(prose, base[:, 0], -2.0))
        return _assemble(own, base, wide)


@dataclass(frozen=True)
class PageShape:
    """The cheap first stage of :func:`page_features`: the folded text and the per-line
    class counts, enough to find the wide main block before any pattern or lexicon scan.

    >>> shape = page_shape(["首页", "今天，市政府召开了专题会议，研究部署防汛工作。"])
    >>> shape.all_letters_in_wide_block()
    False
    >>> page_shape(["今天，市政府召开了专题会议，研究部署防汛工作。", "……"]).all_letters_in_wide_block()
    True
    """

    stripped: list[str]
    text: str
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    nchar: npt.NDArray[np.float32]
    counts: npt.NDArray[np.float32]
    codes: npt.NDArray[np.uint32]
    letters: npt.NDArray[np.float32]
    prose: npt.NDArray[np.bool_]
    #: The wide main block (first and last line, -1 if none).
    wide: tuple[int, int]

    def all_letters_in_wide_block(self) -> bool:
        """Every line with a letter or digit lies inside the wide main block."""
        first, last = self.wide
        with_letters = np.flatnonzero(self.letters > 0)
        if not len(with_letters):
            return True
        return first >= 0 and int(with_letters[0]) >= first and int(with_letters[-1]) <= last


def page_shape(lines: Sequence[str]) -> PageShape:
    """The first stage of :func:`page_features` (``lines`` not empty)."""
    n = len(lines)
    stripped = [s.strip() for s in lines]
    joined = "\n".join(stripped)
    raw = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    text = fold_codes(raw)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    breaks = np.flatnonzero(codes == 10)
    starts = np.concatenate(([0], breaks + 1)).astype(np.int64)
    ends = np.concatenate((breaks, [len(codes)])).astype(np.int64)
    nchar = (ends - starts).astype(np.float32)
    classes = char_classes()[codes]
    # One running count per class bit (a few bytes per character, whatever the page's size).
    counts = np.empty((n, _BITS), dtype=np.float32)
    cum = np.zeros(len(codes) + 1, dtype=np.int64)
    for b in range(_BITS):
        np.cumsum((classes & (1 << b)) != 0, out=cum[1:])
        counts[:, b] = cum[ends] - cum[starts]
    han, latin, digit = counts[:, 0], counts[:, 1], counts[:, 2]
    clause, stop = counts[:, 4], counts[:, 5]
    letters = han + latin + digit
    prose = ((han >= 12) & (clause + stop >= 1)) | (han >= 50)
    wide = _densest(np.where(prose, han, -2.0))
    return PageShape(stripped, text, starts, ends, nchar, counts, codes, letters, prose, wide)


def page_features(
    lines: Sequence[str],
    lexicon: Lexicon | None = None,
    shape: PageShape | None = None,
    cache: FeatureCache | None = None,
) -> PageFeatures:
    """The features of every line of a page (lines as split at ``\\n``); blank lines
    are left out of the page (their rows: no letters). ``shape`` is :func:`page_shape`
    of the same lines if already computed; ``cache`` keeps the per-line columns for later
    calls on some of the same lines (:class:`FeatureCache`)."""
    if lexicon is None:
        from ..normalisers._lexicon import build_lexicon

        lexicon = build_lexicon(use_plugins=False)
    n = len(lines)
    if not n:
        return PageFeatures(np.zeros((0, len(NAMES)), dtype=np.float32), (-1, -1))
    if cache is not None:
        known = cache.features(lines)
        if known is not None:
            return known
    shown = [i for i, line in enumerate(lines) if line.strip()]
    if len(shown) < n:
        # Blank lines are not part of the page the model reads (a later step may remove
        # them): the other lines are read as one page; a blank line's row is that of no letters.
        matrix = np.zeros((n, len(NAMES)), dtype=np.float32)
        matrix[:, _INDEX["no_letters"]] = 1
        if not shown:
            return PageFeatures(matrix, (-1, -1))
        inner = page_features([lines[i] for i in shown], lexicon, cache=cache)
        matrix[shown] = inner.matrix
        top, bottom = inner.block
        return PageFeatures(matrix, (shown[top], shown[bottom]) if top >= 0 else (-1, -1))
    if shape is None:
        shape = page_shape(lines)
    text, starts, ends, nchar, codes = shape.text, shape.starts, shape.ends, shape.nchar, shape.codes
    han, latin, digit, space, clause, stop, sep, bracket, _ellipsis, colon, quote, symbol = shape.counts.T
    nonempty = ends > starts
    padded = np.concatenate((codes, np.zeros(1, dtype=np.uint32)))
    last = np.where(nonempty, padded[np.maximum(ends - 1, 0)], 0)
    last_cls = char_classes()[last]
    ends_ellipsis = (last_cls == ELLIPSIS) | ((last == ord(".")) & (nchar >= 3))
    # ``...`` ends a sentence as ``……`` does (a later repair turns one into the other)
    ends_sentence = np.isin(last, np.array([ord(c) for c in _ENDS_SENTENCE], dtype=np.uint32)) | ends_ellipsis
    # the last character that later repairs leave alone, and whether marks they may change follow it
    movable = _repairable_codes()[codes]
    # shares are of the characters that later repairs leave alone
    moved = np.concatenate(([0], np.cumsum(movable)))
    size = np.maximum(nchar - (moved[ends] - moved[starts]), 1)
    idx = np.arange(len(codes))
    last_fixed = np.concatenate((np.maximum.accumulate(np.where(movable, -1, idx)), [-1]))
    fixed_at = np.where(nonempty, last_fixed[np.maximum(ends - 1, 0)], -1)
    has_fixed = fixed_at >= starts
    mark = np.where(has_fixed, padded[np.maximum(fixed_at, 0)], 0)
    trailing = (fixed_at < ends - 1) & nonempty
    letters = shape.letters
    prose = shape.prose

    # lexicon
    scan, whole, related, spam = _lexicon_scan(lexicon)
    covered_pos: list[int] = []
    covered_len: list[int] = []
    for m in scan.finditer(text):
        covered_pos.append(m.start())
        covered_len.append(m.end() - m.start())
    if covered_pos:
        ids = np.searchsorted(starts, np.asarray(covered_pos), side="right") - 1
        covered = np.bincount(ids, weights=np.asarray(covered_len), minlength=n).astype(np.float32)
    else:
        covered = np.zeros(n, dtype=np.float32)
    folded_lines = text.split("\n")
    cores = [f.strip(_STRIP_MARKS) if len(f) <= 16 else "" for f in folded_lines]
    term = np.array([c in whole for c in cores], dtype=np.float32)
    rel = np.array([c in related for c in cores], dtype=np.float32)
    spam_hits = np.zeros(n, dtype=np.float32)
    if spam:
        spam_hits = _hits(_spam_pattern(spam), text, starts, n)

    # The patterns that need a digit scan only the lines with one.
    digit_rows = np.flatnonzero(digit > 0)
    digit_text = "\n".join([folded_lines[i] for i in digit_rows.tolist()])
    digit_starts = np.concatenate(([0], np.cumsum(nchar[digit_rows] + 1)[:-1])).astype(np.int64)

    def with_digits(pattern: re.Pattern[str]) -> npt.NDArray[np.float32]:
        out = np.zeros(n, dtype=np.float32)
        if len(digit_rows):
            out[digit_rows] = _hits(pattern, digit_text, digit_starts, len(digit_rows))
        return out

    length = np.log1p(letters)
    cols = {
        "length": length,
        "han_share": han / size,
        "latin_share": latin / size,
        "digit_share": digit / size,
        "space_share": space / size,
        "clauses": np.minimum(clause, 10),
        "stops": np.minimum(stop, 10),
        "ends_sentence": ends_sentence,
        "ends_clause": last_cls == CLAUSE,
        "ends_colon": last_cls == COLON,
        "ends_ellipsis": ends_ellipsis,
        "separators": np.minimum(sep, 10),
        "brackets": np.minimum(bracket, 10),
        "symbols": np.minimum(symbol, 10),
        "quotes": np.minimum(quote, 10),
        "colons": np.minimum(colon, 5),
        "no_letters": (letters == 0),
        "date": np.minimum(with_digits(_DATE), 3),
        "time": np.minimum(with_digits(_TIME) + _hits(_TIME_WORDS, text, starts, n), 3),
        "count": np.minimum(with_digits(_COUNT), 3),
        "percent": np.minimum(with_digits(_PERCENT), 3),
        "url": np.minimum(_hits(_URL, text, starts, n), 3),
        "list_mark": _hits(_LIST_MARK, text, starts, n),
        "bracket_tag": _hits(_BRACKET_TAG, text, starts, n),
        "notice": np.minimum(_hits(_NOTICE, text, starts, n), 3),
        "more_link": _hits(_ARROW_MORE, text, starts, n),
        "prose": prose.astype(np.float32),
        "lexicon_share": covered / size,
        "lexicon_term": term,
        "related_term": rel,
        "spam_term": np.minimum(spam_hits, 5),
    }
    own = np.empty((n, N_OWN), dtype=np.float32)
    for j, name in enumerate(NAMES[:N_OWN]):
        own[:, j] = cols[name]
    base = np.stack(
        [
            han,
            letters,
            clause,
            stop,
            nonempty.astype(np.float32),
            mark.astype(np.float32),
            trailing.astype(np.float32),
            colon,
            _ids(folded_lines),
            _ids([_prefix(f) for f in folded_lines]),
        ],
        axis=1,
    )
    if cache is not None:
        cache.fill(shape.stripped, own, base)
    return _assemble(own, base, shape.wide)


def _ids(keys: list[str]) -> npt.NDArray[np.float32]:
    """A number per distinct key, in order of appearance; -1 for ``""``."""
    seen: dict[str, int] = {"": -1}
    return np.array([seen.setdefault(k, len(seen) - 1) for k in keys], dtype=np.float32)


def _tally(ids: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """For every line how many other lines have its id (0 for id -1)."""
    known = ids >= 0
    if not known.any():
        return np.zeros(len(ids), dtype=np.float32)
    as_int = np.where(known, ids, 0).astype(np.int64)
    counts = np.bincount(as_int[known])
    return np.where(known, counts[as_int] - 1, 0).astype(np.float32)


def _assemble(
    own: npt.NDArray[np.float32],
    base: npt.NDArray[np.float32],
    wide: tuple[int, int],
) -> PageFeatures:
    """The page's matrix from the per-line columns ``own`` and the per-line counts
    ``base`` (Han, letters, clause marks, stops, non-empty, last character, characters,
    colons, the ids of the folded line and of its field label): the context columns are
    computed here, from the lines' order."""
    n = len(own)
    han, letters, clause, stop, nonempty_f, mark, trailing, colon, line_id, prefix_id = base.T
    nonempty = nonempty_f > 0
    prose = own[:, _INDEX["prose"]] > 0
    length = own[:, _INDEX["length"]]
    short = (letters <= 12) & (clause + stop == 0) & nonempty
    headline = (
        (letters >= 6) & (letters <= 40) & (stop == 0) & (clause <= 1) & (han >= letters * 0.5) & nonempty
    )

    # repetition inside the page (the empty line counts too)
    repeats = _tally(line_id + 1)
    # records: lines sharing a field label (``成人票原价：``) or their first characters
    shared = _tally(prefix_id)

    # the main block: the run of lines with the largest sum of prose Han minus a cost per other line
    block = _densest(np.where(prose, han, -np.maximum(letters, 8.0)))
    before, after, inside = _around(block, n)
    wide_before, wide_after, wide_inside = _around(wide, n)
    share = float(han[block[0] : block[1] + 1].sum() / max(han.sum(), 1)) if block[0] >= 0 else 0.0

    prose_f = prose.astype(np.float32)
    short_f = short.astype(np.float32)
    cols = {
        "short_run": np.log1p(_runs(short)),
        "headline_run": np.log1p(_runs(headline)),
        "prose_near": _window(prose_f, 3),
        "prose_wide": _window(prose_f, 10),
        "prev_length": _shift(length, 1, 0.0),
        "next_length": _shift(length, -1, 0.0),
        "prev_prose": _shift(prose_f, 1, 0.0),
        "next_prose": _shift(prose_f, -1, 0.0),
        "prev_short": _shift(short_f, 1, 1.0),
        "next_short": _shift(short_f, -1, 1.0),
        "prose_above": np.log1p(_distance(prose, backwards=False)),
        "prose_below": np.log1p(_distance(prose, backwards=True)),
        "shared_prefix": np.log1p(shared),
        "block_before": before,
        "block_after": after,
        "in_block": inside,
        "wide_before": wide_before,
        "wide_after": wide_after,
        "in_wide_block": wide_inside,
        "block_share": np.full(n, share, dtype=np.float32),
        "position": np.arange(n, dtype=np.float32) / max(n - 1, 1),
        "repeats": np.log1p(repeats),
        "page_lines": np.full(n, np.log1p(n), dtype=np.float32),
        **_length_and_shape(length, prose, nonempty, mark, trailing, letters, colon),
    }
    matrix = np.empty((n, len(NAMES)), dtype=np.float32)
    matrix[:, :N_OWN] = own
    for j, name in enumerate(NAMES[N_OWN:], start=N_OWN):
        matrix[:, j] = cols[name]
    return PageFeatures(matrix, block)


def _length_and_shape(
    length: npt.NDArray[np.float32],
    prose: npt.NDArray[np.bool_],
    nonempty: npt.NDArray[np.bool_],
    mark: npt.NDArray[np.float32],
    trailing: npt.NDArray[np.float32],
    letters: npt.NDArray[np.float32],
    colon: npt.NDArray[np.float32],
) -> dict[str, npt.NDArray[np.float32]]:
    """The page-relative length columns and the runs of lines of one shape. A line's shape
    reads only what later repairs leave alone: its last character but the marks they may
    change (its class when a letter or digit: ``首页`` and ``新闻`` alike), whether such
    marks follow it, its letters and digits in steps of 6 up to 36, a colon."""
    n = len(length)
    rank = np.empty(n, dtype=np.float32)
    rank[np.argsort(length, kind="stable")] = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    with_letters = np.sort(length[length > 0])
    k = len(with_letters)
    median = float(with_letters[(k - 1) // 2] + with_letters[k // 2]) / 2 if k else 0.0
    cls = char_classes()[mark.astype(np.int64)]
    end = np.where((cls & (HAN | LATIN | DIGIT)) != 0, -cls.astype(np.float64), mark.astype(np.float64))
    shape = np.where(nonempty, end * 32 + np.minimum(letters // 6, 6) * 4 + (colon > 0) * 2 + trailing, -1e9)
    same = np.empty(n, dtype=bool)
    same[:1] = False
    same[1:] = shape[1:] == shape[:-1]
    ids = np.cumsum(~same) - 1
    run = np.bincount(ids)[ids].astype(np.float32) * nonempty
    alternates = np.zeros(n, dtype=np.float32)
    alternates[2:] = (shape[2:] == shape[:-2]) & nonempty[2:]
    return {
        "length_rank": rank,
        "length_vs_median": length - median,
        "length_vs_longest": length - float(length.max(initial=0.0)),
        "shape_run": np.log1p(run),
        "shape_alternates": alternates,
        "page_prose_share": np.full(n, float(prose.mean()) if n else 0.0, dtype=np.float32),
    }


@functools.lru_cache(maxsize=8)
def _spam_pattern(spam: frozenset[str]) -> re.Pattern[str]:
    return re.compile(trie_pattern(spam))


def _argmin_accumulate(x: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """For every ``j`` the index of the (first) minimum of ``x[: j + 1]``."""
    n = len(x)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    low = np.minimum.accumulate(x)
    is_new = np.empty(n, dtype=bool)
    is_new[0] = True
    is_new[1:] = low[1:] < low[:-1]
    marks = np.where(is_new, np.arange(n), 0)
    return np.maximum.accumulate(marks)


def _prefix(line: str) -> str:
    """A line's field label (``票价:``) or its first two characters; ``""`` for short lines."""
    colon = line.find(":", 1, 10)
    if colon > 0:
        return line[: colon + 1]
    return line[:2] if len(line) >= 6 else ""


def _distance(flag: npt.NDArray[np.bool_], backwards: bool) -> npt.NDArray[np.float32]:
    """Lines from each line to the nearest flagged line before it (after it if ``backwards``);
    the page's length when there is none."""
    n = len(flag)
    if backwards:
        return np.ascontiguousarray(_distance(flag[::-1], False)[::-1])
    idx = np.arange(n)
    seen = np.where(flag, idx, -(n + 1))
    last = np.maximum.accumulate(seen) if n else seen
    prev = np.empty(n, dtype=np.int64)
    if n:
        prev[0] = -(n + 1)
        prev[1:] = last[:-1]
    return np.asarray(np.minimum(idx - prev, n), dtype=np.float32)


def _densest(score: npt.NDArray[np.float64]) -> tuple[int, int]:
    """First and last index of the run with the largest sum of ``score``; (-1, -1) if none is positive."""
    n = len(score)
    total = np.concatenate(([0.0], np.cumsum(score, dtype=np.float64)))
    low = np.minimum.accumulate(total[:-1]) if n else total[:0]
    gain = total[1:] - low
    if not n or gain.max() <= 0:
        return (-1, -1)
    end = int(np.argmax(gain))
    return (int(_argmin_accumulate(total[:-1])[end]), end)


def _around(
    block: tuple[int, int], n: int
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Log lines to a block above it, below it, and whether each line is inside it."""
    idx = np.arange(n, dtype=np.float32)
    if block[0] < 0:
        zero = np.zeros(n, dtype=np.float32)
        return zero, zero, zero
    before = np.log1p(np.maximum(block[0] - idx, 0))
    after = np.log1p(np.maximum(idx - block[1], 0))
    inside = ((idx >= block[0]) & (idx <= block[1])).astype(np.float32)
    return before, after, inside


def zones(body: Sequence[bool], skip: Container[int]) -> tuple[int, int]:
    """``(first, last)`` index of body lines not in ``skip``; ``(-1, -1)`` when there is none.

    Lines before ``first`` are the page head, lines after ``last`` the page tail.

    >>> zones([False, True, False, True, False], skip={3})
    (1, 1)
    """
    first = last = -1
    for i, is_body in enumerate(body):
        if is_body and i not in skip:
            if first < 0:
                first = i
            last = i
    return first, last


# ---------------------------------------------------------------------------- second stage

#: The columns :func:`score_context` adds for the second stage of the classifier: what
#: the first stage made of the line and of its neighbours.
SCORE_NAMES: tuple[str, ...] = (
    "first_score",  # the first stage's log-odds of the line (clipped to ±8)
    "first_near1",  # the mean of its neighbours' within 1 line
    "first_near2",  # … within 2 lines
    "first_near5",  # … within 5 lines
    "content_above",  # lines above judged surely content (log-odds < -2), log
    "content_below",  # the same below
    "surest_above",  # the lowest first-stage log-odds above (8 when none)
    "surest_below",  # the same below
)


def score_context(scores: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The :data:`SCORE_NAMES` columns of a page from its lines' first-stage log-odds
    (in page order).

    >>> m = score_context(np.array([5.0, -4.0, 5.0], dtype=np.float32))
    >>> m.shape, float(m[0, 4]), float(m[0, 5]), float(m[2, 7])
    ((3, 8), 0.0, 0.6931471824645996, 8.0)
    """
    s = np.clip(np.asarray(scores, dtype=np.float32), -8.0, 8.0)
    n = len(s)
    out = np.empty((n, len(SCORE_NAMES)), dtype=np.float32)
    if not n:
        return out
    sure = (s < -2).astype(np.float32)
    above = np.cumsum(sure) - sure
    below = np.cumsum(sure[::-1])[::-1] - sure
    lowest_above = np.full(n, 8.0, dtype=np.float32)
    lowest_above[1:] = np.minimum.accumulate(s)[:-1]
    lowest_below = np.full(n, 8.0, dtype=np.float32)
    lowest_below[:-1] = np.minimum.accumulate(s[::-1])[::-1][1:]
    out[:, 0] = s
    out[:, 1] = _window(s, 1)
    out[:, 2] = _window(s, 2)
    out[:, 3] = _window(s, 5)
    out[:, 4] = np.log1p(above)
    out[:, 5] = np.log1p(below)
    out[:, 6] = lowest_above
    out[:, 7] = lowest_below
    return out
