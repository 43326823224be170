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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..normalisers._lexicon import Lexicon
from .arrays import around, densest, distance, runs, tally, window, zones
from .chars import (
    CLAUSE,
    COLON,
    DIGIT,
    ELLIPSIS,
    HAN,
    LATIN,
    char_classes,
    length_key,
    repairable_codes,
    within,
)
from .ordinals import ordinal_runs, ordinal_values
from .page import LINES_AT_ONCE, PageShape, line_blocks, page_shape
from .scans import (
    ARROW_MORE,
    BRACKET_TAG,
    COUNT,
    DATE,
    LEXICON_WORD,
    LIST_MARK,
    NOTICE,
    PERCENT,
    SENTENCE_END,
    SPAM_WORD,
    STRIP_MARKS,
    TIME,
    TIME_WORDS,
    TRIGGERS,
    URL,
    covered_at,
    gated_hits,
    lexicon_scan,
    lexicon_starts,
    line_bits,
    line_ids,
    line_starts_matching,
    prefixes,
    spam_pattern,
    trigger_table,
)
from .scores import SCORE_NAMES, score_context
from .texts import TextLines
from .title import title_columns

__all__ = [
    "LINES_AT_ONCE",
    "NAMES",
    "SCORE_NAMES",
    "FeatureCache",
    "OwnColumns",
    "PageFeatures",
    "PageRows",
    "PageShape",
    "length_key",
    "line_blocks",
    "page_features",
    "page_rows",
    "page_shape",
    "score_context",
    "within",
    "zones",
]

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
    "ordinal_run",  # numbered lines in the numbered sequence holding the line (:mod:`.ordinals`), log
    # the page's title and headline (:mod:`.title`)
    "title_copy",  # the line is a copy of the page's first line (its title), above the main block
    "above_headline",  # lines down to the headline (the title's copy nearest above the main block), log
)
_INDEX = {name: i for i, name in enumerate(NAMES)}


@dataclass(frozen=True)
class PageFeatures:
    """The features of one page: ``matrix[i, j]`` is feature ``NAMES[j]`` of line ``i``.

    >>> f = PageFeatures(np.zeros((2, len(NAMES)), dtype=np.float32), (-1, -1))
    >>> f.column("prose").tolist()
    [0.0, 0.0]
    """

    matrix: npt.NDArray[np.float32]
    #: The main block: the first and last line of the densest run of prose (-1 if none).
    block: tuple[int, int]

    def column(self, name: str) -> npt.NDArray[np.float32]:
        return self.matrix[:, _INDEX[name]]


#: The per-line counts the context columns are computed from (see ``_assemble``).
_BASE = 11
#: Where the last character, the line ids and the ordinal are among them.
_MARK, _LINE_ID, _PREFIX_ID, _ORDINAL = 5, 8, 9, 10

#: The columns of a line's own (the first ones of :data:`NAMES`): they do not depend on
#: the other lines, unlike the context columns after them.
N_OWN = NAMES.index("short_run")


#: The own columns that are shares or logarithms; the others are small counts and flags.
_FRACTIONAL = ("length", "han_share", "latin_share", "digit_share", "space_share", "lexicon_share")
_FRACTION_AT = [_INDEX[name] for name in _FRACTIONAL]
_COUNT_AT = [j for j in range(N_OWN) if NAMES[j] not in _FRACTIONAL]


class OwnColumns:
    """The own columns of a page's lines (the first :data:`N_OWN` of :data:`NAMES`): the
    shares and logarithms as ``float32``, the small counts and flags (whole numbers from 0
    to 255) in a byte each, 45 bytes a line instead of 108, the same values. A block with
    any other value in a count column keeps every column as ``float32``.

    >>> own = OwnColumns.empty(2)
    >>> block = np.zeros((2, N_OWN), dtype=np.float32)
    >>> block[1, _INDEX["length"]], block[1, _INDEX["clauses"]] = 0.5, 3
    >>> own.put(0, block)
    >>> bool((own.rows(0, 2) == block).all()), own.column("clauses").tolist(), own.compact
    (True, [0.0, 3.0], True)
    >>> block[0, _INDEX["clauses"]] = 0.5
    >>> own.put(0, block)
    >>> bool((own.rows(0, 2) == block).all()), own.compact
    (True, False)
    """

    __slots__ = ("_counts", "_fractions", "_whole")

    def __init__(
        self,
        fractions: npt.NDArray[np.float32] | None,
        counts: npt.NDArray[np.uint8] | None,
        whole: npt.NDArray[np.float32] | None,
    ) -> None:
        self._fractions, self._counts, self._whole = fractions, counts, whole

    @classmethod
    def empty(cls, n: int) -> OwnColumns:
        """Room for the own columns of ``n`` lines, filled by :meth:`put`."""
        fractions = np.empty((n, len(_FRACTION_AT)), dtype=np.float32)
        return cls(fractions, np.empty((n, len(_COUNT_AT)), dtype=np.uint8), None)

    @property
    def compact(self) -> bool:
        """Whether the counts are kept in a byte each."""
        return self._whole is None

    def __len__(self) -> int:
        return len(self._whole if self._whole is not None else self._fractions)  # type: ignore[arg-type]

    def put(self, start: int, block: npt.NDArray[np.float32]) -> None:
        """Keep ``block`` (rows of all own columns) as the rows from ``start``."""
        stop = start + len(block)
        if self._whole is None:
            counts = block[:, _COUNT_AT]
            if bool(((counts >= 0) & (counts <= 255)).all()):
                small = counts.astype(np.uint8)
                if np.array_equal(small, counts):
                    assert self._fractions is not None and self._counts is not None
                    self._fractions[start:stop] = block[:, _FRACTION_AT]
                    self._counts[start:stop] = small
                    return
            self._widen()
        assert self._whole is not None
        self._whole[start:stop] = block

    def _widen(self) -> None:
        """Keep every column as ``float32`` from now on."""
        assert self._fractions is not None and self._counts is not None
        whole = np.empty((len(self._fractions), N_OWN), dtype=np.float32)
        whole[:, _FRACTION_AT] = self._fractions
        whole[:, _COUNT_AT] = self._counts
        self._whole, self._fractions, self._counts = whole, None, None

    def rows(self, start: int, stop: int) -> npt.NDArray[np.float32]:
        """Rows ``start`` to ``stop`` of all own columns, as ``float32``."""
        if self._whole is not None:
            return self._whole[start:stop]
        assert self._fractions is not None and self._counts is not None
        out = np.empty((len(self._fractions[start:stop]), N_OWN), dtype=np.float32)
        out[:, _FRACTION_AT] = self._fractions[start:stop]
        out[:, _COUNT_AT] = self._counts[start:stop]
        return out

    def column(self, name: str) -> npt.NDArray[np.float32]:
        """The column ``name`` of every line, as ``float32``."""
        j = _INDEX[name]
        if self._whole is not None:
            return self._whole[:, j]
        assert self._fractions is not None and self._counts is not None
        if name in _FRACTIONAL:
            return self._fractions[:, _FRACTIONAL.index(name)]
        return self._counts[:, _COUNT_AT.index(j)].astype(np.float32)

    def extended(self, more: OwnColumns) -> OwnColumns:
        """These rows and then those of ``more``."""
        if self._whole is None and more._whole is None:
            assert self._fractions is not None and self._counts is not None
            assert more._fractions is not None and more._counts is not None
            fractions = np.concatenate((self._fractions, more._fractions))
            return OwnColumns(fractions, np.concatenate((self._counts, more._counts)), None)
        whole = np.concatenate((self.rows(0, len(self)), more.rows(0, len(more))))
        return OwnColumns(None, None, whole)

    def take(self, rows: npt.NDArray[np.int64]) -> OwnColumns:
        """The own columns of the lines at ``rows``."""
        if self._whole is not None:
            return OwnColumns(None, None, self._whole[rows])
        assert self._fractions is not None and self._counts is not None
        return OwnColumns(self._fractions[rows], self._counts[rows], None)


_LET_GO: npt.NDArray[np.float32] = np.empty(0, dtype=np.float32)


class CountColumns:
    """The per-line counts of a page (:data:`_BASE` columns, as :func:`page_rows` reads
    them) kept compactly: each column in the smallest of ``uint8``, ``uint16`` and
    ``int32`` that holds every value of it exactly (the counts and ids are whole
    numbers), else as ``float32``. Read back, the same ``float32`` values.

    >>> base = np.array([[3, 70000, -1], [200, 5, 0.5]], dtype=np.float32)
    >>> counts = CountColumns.of(base)
    >>> bool((counts.take(np.array([1, 0])) == base[[1, 0]]).all()), counts.dtypes
    (True, ('uint8', 'int32', 'float32'))
    >>> len(counts.extended(base)), counts.nbytes
    (4, 18)
    """

    __slots__ = ("_columns",)

    _SMALL = (np.uint8, np.uint16, np.int32)

    def __init__(self, columns: Sequence[npt.NDArray[Any]]) -> None:
        self._columns = tuple(columns)

    @classmethod
    def of(cls, base: npt.NDArray[np.float32]) -> CountColumns:
        """``base`` (rows of :data:`_BASE` ``float32`` columns) kept compactly."""
        return cls([cls._compact(base[:, k]) for k in range(base.shape[1])])

    @classmethod
    def _compact(cls, column: npt.NDArray[np.float32]) -> npt.NDArray[Any]:
        if not len(column) or not bool(np.isfinite(column).all()):
            return np.array(column, dtype=np.float32)
        low, high = float(column.min()), float(column.max())
        for dtype in cls._SMALL:
            info = np.iinfo(dtype)
            if info.min <= low and high <= info.max:
                small = column.astype(dtype)
                if np.array_equal(small.astype(np.float32), column):
                    return small
                break
        return np.array(column, dtype=np.float32)

    @classmethod
    def joined(cls, parts: Sequence[CountColumns], release: bool = False) -> CountColumns:
        """The rows of every one of ``parts`` in order, each column in the widest type
        its parts have (``float32`` if any part's is: every value came from one).
        ``release``: the parts are emptied, each column of theirs let go as soon as it is
        joined (the parts and the whole are never all held at once).

        >>> a = CountColumns.of(np.array([[1, 2]], dtype=np.float32))
        >>> b = CountColumns.of(np.array([[300, 0.5]], dtype=np.float32))
        >>> joined = CountColumns.joined([a, b])
        >>> joined.dtypes, joined.take(np.array([0, 1])).tolist()
        (('uint16', 'float32'), [[1.0, 2.0], [300.0, 0.5]])
        """
        if not parts:
            return cls.of(np.zeros((0, _BASE), dtype=np.float32))
        held: list[list[npt.NDArray[Any]]] = [list(p._columns) for p in parts]
        if release:
            for p in parts:
                p._columns = ()
        columns = []
        for k in range(len(held[0])):
            kinds = [h[k].dtype for h in held]
            wide = np.float32 if any(d.kind == "f" for d in kinds) else np.result_type(*kinds)
            columns.append(np.concatenate([h[k] for h in held]).astype(wide, copy=False))
            for h in held:  # (a part's column let go once joined, when nothing else holds it)
                h[k] = _LET_GO
        return cls(columns)

    @property
    def dtypes(self) -> tuple[str, ...]:
        """The type each column is kept in."""
        return tuple(str(c.dtype) for c in self._columns)

    @property
    def nbytes(self) -> int:
        """The bytes the columns take."""
        return sum(c.nbytes for c in self._columns)

    def __len__(self) -> int:
        return len(self._columns[0]) if self._columns else 0

    def column(self, k: int) -> npt.NDArray[np.float32]:
        """The column ``k`` of every line, as ``float32``."""
        return np.asarray(self._columns[k], dtype=np.float32)

    def subset(self, rows: npt.NDArray[np.int64]) -> CountColumns:
        """The counts of the lines at ``rows``, kept as these are."""
        return CountColumns([c[rows] for c in self._columns])

    def take(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        """The rows ``rows`` of every column, as ``float32`` (as the page's counts)."""
        out = np.empty((len(rows), len(self._columns)), dtype=np.float32)
        for k, column in enumerate(self._columns):
            out[:, k] = column[rows]
        return out

    def extended(self, more: npt.NDArray[np.float32]) -> CountColumns:
        """These rows and then the rows ``more`` (``float32`` counts)."""
        every = np.arange(len(self), dtype=np.int64)
        return CountColumns.of(np.concatenate((self.take(every), more)))


class CodedColumn:
    """A ``float32`` column of a page kept as the codes of its distinct values (a byte or
    two a line when it has at most 256 or 65,536 of them: run lengths, windows, tallies),
    else as it is. Slices read back the very same values (bit for bit).

    >>> column = np.log1p(np.array([1, 2, 2, 1, 9], dtype=np.float32))
    >>> coded = CodedColumn.of(column)
    >>> coded.codes.dtype.name, bool((coded[1:4] == column[1:4]).all())
    ('uint8', True)
    """

    __slots__ = ("codes", "values")

    def __init__(self, codes: npt.NDArray[Any], values: npt.NDArray[np.float32] | None) -> None:
        self.codes, self.values = codes, values

    @classmethod
    def of(cls, column: npt.NDArray[Any]) -> CodedColumn:
        """``column`` (as ``float32``) coded when that is smaller and exact."""
        column = np.asarray(column, dtype=np.float32)
        bits = column.view(np.uint32)
        values = np.unique(bits)
        for dtype in (np.uint8, np.uint16):
            if len(values) <= np.iinfo(dtype).max + 1:
                codes = np.empty(len(bits), dtype=dtype)
                for start, stop in line_blocks(len(bits)):  # (no index of 8 bytes a line)
                    codes[start:stop] = np.searchsorted(values, bits[start:stop])
                return cls(codes, values.view(np.float32))
        return cls(column, None)

    def __getitem__(self, rows: slice) -> npt.NDArray[np.float32]:
        if self.values is None:
            return np.asarray(self.codes[rows], dtype=np.float32)
        return np.asarray(self.values[self.codes[rows]], dtype=np.float32)


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

    A cache that ``grows`` keeps the rows of every page it is asked about (pages that
    share most of their lines, such as a page and the page with two of its lines joined):
    only the rows of the lines it lacks are computed.

    >>> cache = FeatureCache(grows=True)
    >>> first = page_features(page, cache=cache)
    >>> joined = ["首页新闻", *page[2:]]
    >>> bool((page_features(joined, cache=cache).matrix == page_features(joined).matrix).all())
    True
    """

    def __init__(self, grows: bool = False) -> None:
        self.grows = grows
        #: The row of every line kept, made when first asked (a page read once needs none).
        self._row: dict[str, int] | None = {}
        self._stripped: Sequence[str] = ()
        self._own = OwnColumns.empty(0)
        self._base = CountColumns.of(np.zeros((0, _BASE), dtype=np.float32))
        #: The lexicon of the rows kept, and the numbers of the folded lines and field
        #: labels seen so far (for the rows added to them).
        self._lexicon: Lexicon | None = None
        self._seen: tuple[dict[str, int], dict[str, int]] = ({"": -1}, {"": -1})

    def fill(
        self,
        stripped: Sequence[str],
        own: OwnColumns,
        base: npt.NDArray[np.float32] | CountColumns,
        lexicon: Lexicon | None = None,
        seen: tuple[dict[str, int], dict[str, int]] | None = None,
    ) -> None:
        """Keep the rows of a page computed afresh (replacing what was kept)."""
        self._row, self._stripped = None, stripped
        self._own, self._base = own, base if isinstance(base, CountColumns) else CountColumns.of(base)
        self._lexicon = lexicon
        self._seen = seen if seen is not None else ({"": -1}, {"": -1})

    def add(self, lines: Sequence[str], lexicon: Lexicon) -> bool:
        """Compute and keep the rows of the ``lines`` (none blank) not kept yet, when the
        rows kept are of ``lexicon`` (they are read with it): False when they are not."""
        if self._lexicon is not lexicon:
            return False
        row = self._index()
        missing = [s for s in dict.fromkeys(line.strip() for line in lines) if s not in row]
        if not missing:
            return True
        shape = page_shape(missing)
        n = len(missing)
        own = OwnColumns.empty(n)
        base = np.empty((n, _BASE), dtype=np.float32)
        for start, stop in line_blocks(n):
            block = np.empty((stop - start, N_OWN), dtype=np.float32)
            _own_rows(shape, start, stop, lexicon, self._seen, block, base[start:stop])
            own.put(start, block)
        first = len(self._own)
        row.update((s, first + k) for k, s in enumerate(missing))
        self._own = self._own.extended(own)
        self._base = self._base.extended(base)
        return True

    def _index(self) -> dict[str, int]:
        """The row of every line kept (made from the lines kept when first asked)."""
        row = self._row
        if row is None:
            row = self._row = {s: i for i, s in enumerate(self._stripped)}
            self._stripped = ()
        return row

    def rows(self, lines: Sequence[str]) -> tuple[OwnColumns, CountColumns] | None:
        """The kept per-line columns and counts of ``lines`` if every one of them is kept."""
        row = self._index()
        try:  # an array of row numbers, not a list of integer objects
            idx = np.fromiter((row[s.strip()] for s in lines), dtype=np.int64, count=len(lines))
        except KeyError:
            return None
        return self._own.take(idx), self._base.subset(idx)

    def features(self, lines: Sequence[str]) -> PageFeatures | None:
        """The features of ``lines`` if every one of them is kept, else ``None``."""
        known = self.rows(lines)
        if known is None:
            return None
        rows = PageRows.of(*known, _wide(*known), lines)
        return PageFeatures(rows.rows(0, rows.n), rows.block)

    def page_rows(self, lines: Sequence[str]) -> PageRows | None:
        """:func:`page_rows` of ``lines`` if every one of them is kept, else ``None``."""
        known = self.rows(lines)
        return None if known is None else PageRows.of(*known, _wide(*known), lines)


def _wide(own: OwnColumns, base: CountColumns) -> tuple[int, int]:
    """The wide main block (as :attr:`PageShape.wide`) from the per-line columns and counts."""
    prose = own.column("prose") > 0
    return densest(np.where(prose, base.column(0), -2.0))


def page_features(
    lines: Sequence[str],
    lexicon: Lexicon | None = None,
    shape: PageShape | None = None,
    cache: FeatureCache | None = None,
) -> PageFeatures:
    """The features of every line of a page (lines as split at ``\\n``); blank lines
    are left out of the page (their rows: no letters). ``shape`` is :func:`page_shape`
    of the same lines if already computed; ``cache`` keeps the per-line columns for later
    calls on some of the same lines (:class:`FeatureCache`). A line's own columns are
    computed in blocks of :data:`LINES_AT_ONCE` lines (a bounded working set); the
    whole matrix is :func:`page_rows` read at once.

    >>> f = page_features(["首页", "", "今天，市政府召开了专题会议，研究部署防汛工作。"])
    >>> f.block, f.column("no_letters").tolist()
    ((2, 2), [0.0, 1.0, 0.0])
    """
    rows = page_rows(lines, lexicon, shape, cache)
    return PageFeatures(rows.rows(0, rows.n), rows.block)


def page_rows(
    lines: Sequence[str],
    lexicon: Lexicon | None = None,
    shape: PageShape | None = None,
    cache: FeatureCache | None = None,
) -> PageRows:
    """The features of a page (as :func:`page_features`), to be read a block of rows at a
    time: only the per-line columns and a few numbers a line for the context columns
    are held, never the whole matrix. ``shape`` may also be that of the page's lines
    with text only (:meth:`PageShape.subset`).

    >>> page = ["首页", "", "今天，市政府召开了专题会议，研究部署防汛工作。"]
    >>> rows = page_rows(page)
    >>> bool((np.concatenate([rows.rows(0, 1), rows.rows(1, 3)]) == page_features(page).matrix).all())
    True
    """
    if lexicon is None:
        from ..normalisers._lexicon import build_lexicon

        lexicon = build_lexicon(use_plugins=False)
    n = len(lines)
    if not n:
        return PageRows(0, (-1, -1), None, None)
    shown = np.fromiter((i for i, line in enumerate(lines) if line.strip()), dtype=np.int64)
    if len(shown) == n:
        if cache is not None and (known := cache.rows(lines)) is not None:
            return PageRows.of(*known, _wide(*known), lines)
        own, base = _own_columns(lines, lexicon, shape, cache)
        wide = shape.wide if shape is not None else _wide(own, base)
        shape = None  # (let go before the context columns are worked out)
        return PageRows.of(own, base, wide, lines)
    # Blank lines are not part of the page the model reads (a later step may remove
    # them): the other lines are read as one page, written into their rows; a blank
    # line's row is that of no letters.
    if not len(shown):
        return PageRows(n, (-1, -1), None, shown)
    text_lines = lines.take(shown) if isinstance(lines, TextLines) else [lines[i] for i in shown.tolist()]
    known = cache.rows(text_lines) if cache is not None else None
    if known is None:
        # The shape of the lines with text, from the page's when given (counts are per line),
        # or given as such.
        part = None
        if shape is not None and len(shape.stripped) == n:
            part = shape.subset(shown)
        elif shape is not None and len(shape.stripped) == len(shown):
            part = shape
        known = _own_columns(text_lines, lexicon, part, cache)
        shape = part = None  # (let go before the context columns are worked out)
    own, base = known
    return PageRows.of(own, base, _wide(own, base), text_lines, shown, n)


def _own_columns(
    lines: Sequence[str], lexicon: Lexicon, shape: PageShape | None, cache: FeatureCache | None
) -> tuple[OwnColumns, CountColumns]:
    """The per-line columns and counts of ``lines`` (none blank), kept in ``cache``."""
    if cache is not None and cache.grows and cache.add(lines, lexicon):
        known = cache.rows(lines)
        if known is not None:
            return known
    if shape is None:
        shape = page_shape(lines)
    n = len(lines)
    own = OwnColumns.empty(n)
    parts = []  # the counts kept compact a block at a time (never all as float32)
    seen: tuple[dict[str, int], dict[str, int]] = ({"": -1}, {"": -1})
    for start, stop in line_blocks(n):
        block = np.empty((stop - start, N_OWN), dtype=np.float32)
        base = np.empty((stop - start, _BASE), dtype=np.float32)
        _own_rows(shape, start, stop, lexicon, seen, block, base)
        own.put(start, block)
        parts.append(CountColumns.of(base))
    counts = CountColumns.joined(parts, release=True)  # (never the parts and the whole held)
    del parts
    if cache is not None:
        cache.fill(shape.stripped, own, counts, lexicon, seen)
    return own, counts


#: The patterns of :data:`~.scans.TRIGGERS` that match only with a digit.
_WITH_DIGITS = frozenset({DATE, TIME, COUNT, PERCENT})


def _own_rows(
    shape: PageShape,
    start: int,
    stop: int,
    lexicon: Lexicon,
    seen: tuple[dict[str, int], dict[str, int]],
    own: npt.NDArray[np.float32],
    base: npt.NDArray[np.float32],
) -> None:
    """Fill ``own`` and ``base`` with the rows of lines ``start`` to ``stop`` (``seen``:
    the numbers of the folded lines and field labels seen so far on the page)."""
    folded = shape.block(start, stop)
    text, starts, ends, codes = folded.text, folded.starts, folded.ends, folded.codes
    n = stop - start
    nchar = shape.nchar[start:stop]
    han, latin, digit, space, clause, stop_marks, sep, bracket, _ellipsis, colon, quote, symbol = (
        shape.counts[start:stop].T
    )
    nonempty = ends > starts
    padded = np.concatenate((codes, np.zeros(1, dtype=np.uint32)))
    last = np.where(nonempty, padded[np.maximum(ends - 1, 0)], 0)
    last_cls = char_classes()[last]
    ends_ellipsis = (last_cls == ELLIPSIS) | ((last == ord(".")) & (nchar >= 3))
    # ``...`` ends a sentence as ``……`` does (a later repair turns one into the other)
    ends_sentence = ((trigger_table()[last] & SENTENCE_END) != 0) | ends_ellipsis
    # the last character that later repairs leave alone, and whether marks they may change follow it
    movable = repairable_codes()[codes]
    # shares are of the characters that later repairs leave alone
    moved = np.concatenate(([0], np.cumsum(movable)))
    size = np.maximum(nchar - (moved[ends] - moved[starts]), 1)
    idx = np.arange(len(codes))
    last_fixed = np.concatenate((np.maximum.accumulate(np.where(movable, -1, idx)), [-1]))
    fixed_at = np.where(nonempty, last_fixed[np.maximum(ends - 1, 0)], -1)
    has_fixed = fixed_at >= starts
    mark = np.where(has_fixed, padded[np.maximum(fixed_at, 0)], 0)
    trailing = (fixed_at < ends - 1) & nonempty
    letters = shape.letters[start:stop]
    prose = shape.prose[start:stop]

    # The lexicon and the patterns scan only the lines that may hold a match.
    scan, whole, related, spam = lexicon_scan(lexicon)
    folded_lines = text.split("\n")
    lengths = ends - starts
    word_at = lexicon_starts(lexicon).bits(codes)
    words = line_bits(word_at, starts)
    covered = covered_at(scan, word_at & LEXICON_WORD, text, starts, n)
    cores = [f.strip(STRIP_MARKS) if len(f) <= 16 else "" for f in folded_lines]
    term = np.fromiter(map(whole.__contains__, cores), dtype=np.bool_, count=n).astype(np.float32)
    rel = np.fromiter(map(related.__contains__, cores), dtype=np.bool_, count=n).astype(np.float32)
    spam_hits = np.zeros(n, dtype=np.float32)
    if spam:
        spam_rows = np.flatnonzero(words & SPAM_WORD)
        spam_hits = gated_hits(spam_pattern(spam), spam_rows, folded_lines, text, starts, lengths)

    # The patterns that need a digit scan only the lines with one.
    triggered = line_bits(trigger_table()[codes], starts)
    with_digit = digit > 0
    scans: dict[re.Pattern[str], npt.NDArray[np.float32]] = {}
    for k, (pattern, _) in enumerate(TRIGGERS):
        open_ = (triggered & (1 << k)) != 0
        if pattern in _WITH_DIGITS:
            open_ &= with_digit
        scans[pattern] = gated_hits(pattern, np.flatnonzero(open_), folded_lines, text, starts, lengths)

    length = np.log1p(letters)
    cols = {
        "length": length,
        "han_share": han / size,
        "latin_share": latin / size,
        "digit_share": digit / size,
        "space_share": space / size,
        "clauses": np.minimum(clause, 10),
        "stops": np.minimum(stop_marks, 10),
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
        "date": np.minimum(scans[DATE], 3),
        "time": np.minimum(scans[TIME] + scans[TIME_WORDS], 3),
        "count": np.minimum(scans[COUNT], 3),
        "percent": np.minimum(scans[PERCENT], 3),
        "url": np.minimum(scans[URL], 3),
        "list_mark": line_starts_matching(LIST_MARK, folded_lines, codes, starts),
        "bracket_tag": line_starts_matching(BRACKET_TAG, folded_lines, codes, starts),
        "notice": np.minimum(scans[NOTICE], 3),
        "more_link": scans[ARROW_MORE],
        "prose": prose.astype(np.float32),
        "lexicon_share": covered / size,
        "lexicon_term": term,
        "related_term": rel,
        "spam_term": np.minimum(spam_hits, 5),
    }
    for j, name in enumerate(NAMES[:N_OWN]):
        own[:, j] = cols[name]
    seen_lines, seen_labels = seen
    for k, column in enumerate(
        (
            han,
            letters,
            clause,
            stop_marks,
            nonempty,
            mark,
            trailing,
            colon,
            line_ids(folded_lines, seen_lines),
            line_ids(prefixes(folded_lines), seen_labels),
            ordinal_values(folded_lines),
        )
    ):
        base[:, k] = column


class _Context:
    """What the context columns of any block of rows are read from: the per-line columns
    ``own`` and counts ``base`` (Han, letters, clause marks, stops, non-empty, last
    character, characters, colons, the ids of the folded line and of its field label, its
    ordinal), the page's blocks and numbers, and the columns that need the whole page
    (runs, windows, distances, tallies, ranks, the title's copies: read from ``lines``),
    one ``float32`` a line each."""

    def __init__(
        self, own: OwnColumns, base: CountColumns, wide: tuple[int, int], lines: Sequence[str]
    ) -> None:
        n = len(own)
        # (the counts read as float32 one at a time, when needed)
        han, letters, clause, stop, nonempty_f = (base.column(k) for k in range(5))
        nonempty = nonempty_f > 0
        prose = own.column("prose") > 0
        length = own.column("length")
        short = (letters <= 12) & (clause + stop == 0) & nonempty
        headline = (
            (letters >= 6) & (letters <= 40) & (stop == 0) & (clause <= 1) & (han >= letters * 0.5) & nonempty
        )
        # the main block: the run of lines with the largest sum of prose Han minus a cost per other line
        block = densest(np.where(prose, han, -np.maximum(letters, 8.0)))
        self.n, self.own, self.block, self.wide = n, own, block, wide
        self.share = float(han[block[0] : block[1] + 1].sum() / max(han.sum(), 1)) if block[0] >= 0 else 0.0
        self.prose_f = prose.astype(np.float32)
        self.short_f = short.astype(np.float32)
        prose_f = self.prose_f
        del han, clause, stop, nonempty_f  # (a page's column each: let go before the windows)
        #: The columns that read the whole page, each as ``float32`` (as the matrix holds
        #: it), kept as the codes of its distinct values (:class:`CodedColumn`).
        self.whole: dict[str, CodedColumn] = {}

        def keep(name: str, values: npt.NDArray[Any]) -> None:
            self.whole[name] = CodedColumn.of(values)

        keep("short_run", np.log1p(runs(short)))
        keep("headline_run", np.log1p(runs(headline)))
        del short, headline
        keep("prose_near", window(prose_f, 3))
        keep("prose_wide", window(prose_f, 10))
        keep("prose_above", np.log1p(distance(prose, backwards=False)))
        keep("prose_below", np.log1p(distance(prose, backwards=True)))
        # records: lines sharing a field label (``成人票原价：``) or their first characters
        keep("shared_prefix", np.log1p(tally(base.column(_PREFIX_ID))))
        # repetition inside the page (the empty line counts too)
        keep("repeats", np.log1p(tally(base.column(_LINE_ID) + 1)))
        keep("ordinal_run", np.log1p(ordinal_runs(base.column(_ORDINAL))))
        mark, trailing, colon = (base.column(k) for k in (_MARK, _MARK + 1, _MARK + 2))
        self.median, self.longest, self.prose_share = _length_and_shape(
            keep, length, prose, nonempty, mark, trailing, letters, colon
        )
        del mark, trailing, colon
        copy, above = title_columns(lines, block[0] if block[0] >= 0 else n, letters)
        keep("title_copy", copy)
        keep("above_headline", above)

    def fill(self, out: npt.NDArray[np.float32], start: int, stop: int) -> None:
        """Write rows ``start`` to ``stop`` of the page's matrix into ``out``."""
        n, m = self.n, stop - start
        out[:, :N_OWN] = self.own.rows(start, stop)
        length = self.own.column("length")
        written: set[str] = set()

        def put(name: str, values: npt.NDArray[Any]) -> None:
            out[:, _INDEX[name]] = values
            written.add(name)

        for name, coded in self.whole.items():
            put(name, coded[start:stop])
        put("prev_length", _shifted(length, start, stop, 1, 0.0))
        put("next_length", _shifted(length, start, stop, -1, 0.0))
        put("prev_prose", _shifted(self.prose_f, start, stop, 1, 0.0))
        put("next_prose", _shifted(self.prose_f, start, stop, -1, 0.0))
        put("prev_short", _shifted(self.short_f, start, stop, 1, 1.0))
        put("next_short", _shifted(self.short_f, start, stop, -1, 1.0))
        for names, block in (
            (("block_before", "block_after", "in_block"), self.block),
            (("wide_before", "wide_after", "in_wide_block"), self.wide),
        ):
            for name, values in zip(names, around(block, n, start, stop), strict=True):
                put(name, values)
        put("block_share", np.full(m, self.share, dtype=np.float32))
        put("position", np.arange(start, stop, dtype=np.float32) / max(n - 1, 1))
        put("page_lines", np.full(m, np.log1p(n), dtype=np.float32))
        put("length_vs_median", length[start:stop] - self.median)
        put("length_vs_longest", length[start:stop] - self.longest)
        put("page_prose_share", np.full(m, self.prose_share, dtype=np.float32))
        if len(written) != len(NAMES) - N_OWN:  # every context column, once
            raise AssertionError(f"context columns missing: {sorted(set(NAMES[N_OWN:]) - written)}")


def _shifted(
    x: npt.NDArray[np.float32], start: int, stop: int, by: int, fill: float
) -> npt.NDArray[np.float32]:
    """``shift(x, by, fill)[start:stop]`` without shifting the whole page."""
    at = np.arange(start - by, stop - by)
    inside = (at >= 0) & (at < len(x))
    out = np.full(stop - start, fill, dtype=x.dtype)
    out[inside] = x[at[inside]]
    return out


@dataclass(frozen=True)
class PageRows:
    """The features of a page, read a block of rows at a time (:func:`page_rows`):
    ``rows(a, b)`` is ``page_features(...).matrix[a:b]``; ``block`` the main block.

    >>> rows = page_rows(["首页", "今天，市政府召开了专题会议，研究部署防汛工作。"])
    >>> rows.n, rows.block, rows.rows(1, 2).shape == (1, len(NAMES))
    (2, (1, 1), True)
    """

    n: int
    block: tuple[int, int]
    context: _Context | None
    #: The rows of the lines with text when some are blank (else None).
    shown: npt.NDArray[np.int64] | None

    @classmethod
    def of(
        cls,
        own: OwnColumns,
        base: CountColumns,
        wide: tuple[int, int],
        lines: Sequence[str],
        shown: npt.NDArray[np.int64] | None = None,
        n: int = 0,
    ) -> PageRows:
        """The rows of the lines with text ``lines`` (``own``, ``base``), at ``shown`` of
        ``n`` rows if given."""
        context = _Context(own, base, wide, lines)
        if shown is None:
            return cls(len(own), context.block, context, None)
        top, bottom = context.block
        return cls(n, (int(shown[top]), int(shown[bottom])) if top >= 0 else (-1, -1), context, shown)

    def rows(self, start: int, stop: int) -> npt.NDArray[np.float32]:
        """Rows ``start`` to ``stop`` of the page's matrix."""
        context, shown = self.context, self.shown
        if context is not None and shown is None:
            out = np.empty((stop - start, len(NAMES)), dtype=np.float32)
            context.fill(out, start, stop)
            return out
        out = np.zeros((stop - start, len(NAMES)), dtype=np.float32)
        out[:, _INDEX["no_letters"]] = 1
        if context is not None and shown is not None:
            lo, hi = np.searchsorted(shown, (start, stop)).tolist()
            if hi > lo:
                inner = np.empty((hi - lo, len(NAMES)), dtype=np.float32)
                context.fill(inner, lo, hi)
                out[shown[lo:hi] - start] = inner
        return out

    def at(
        self, indices: npt.NDArray[np.int64], blocks: Sequence[tuple[int, int]]
    ) -> npt.NDArray[np.float32]:
        """The rows at ``indices`` (increasing), read a block of ``blocks`` at a time."""
        out = np.empty((len(indices), len(NAMES)), dtype=np.float32)
        for start, stop in blocks:
            lo, hi = np.searchsorted(indices, (start, stop)).tolist()
            if hi > lo:
                out[lo:hi] = self.rows(start, stop)[indices[lo:hi] - start]
        return out


def _length_and_shape(
    keep: Callable[[str, npt.NDArray[Any]], None],
    length: npt.NDArray[np.float32],
    prose: npt.NDArray[np.bool_],
    nonempty: npt.NDArray[np.bool_],
    mark: npt.NDArray[np.float32],
    trailing: npt.NDArray[np.float32],
    letters: npt.NDArray[np.float32],
    colon: npt.NDArray[np.float32],
) -> tuple[float, float, float]:
    """``keep`` the length rank and the runs of lines of one shape; the page's median and
    longest line length and its share of prose. A line's shape
    reads only what later repairs leave alone: its last character but the marks they may
    change (its class when a letter or digit: ``首页`` and ``新闻`` alike), whether such
    marks follow it, its letters and digits in steps of 6 up to 36, a colon."""
    n = len(length)
    rank = np.empty(n, dtype=np.float32)
    rank[length.argsort(kind="stable")] = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    keep("length_rank", rank)
    del rank
    with_letters = length[length > 0]
    with_letters.sort()
    k = len(with_letters)
    median = float(with_letters[(k - 1) // 2] + with_letters[k // 2]) / 2 if k else 0.0
    del with_letters
    cls = char_classes()[mark.astype(np.int64)]
    end = np.where((cls & (HAN | LATIN | DIGIT)) != 0, -cls.astype(np.float64), mark.astype(np.float64))
    shape = np.where(nonempty, end * 32 + np.minimum(letters // 6, 6) * 4 + (colon > 0) * 2 + trailing, -1e9)
    del cls, end
    same = np.empty(n, dtype=bool)
    same[:1] = False
    same[1:] = shape[1:] == shape[:-1]
    ids = (~same).cumsum() - 1
    del same
    run = np.bincount(ids)[ids].astype(np.float32) * nonempty
    del ids  # (8 bytes a line each, let go before the columns are coded)
    alternates = np.zeros(n, dtype=np.float32)
    alternates[2:] = (shape[2:] == shape[:-2]) & nonempty[2:]
    del shape
    keep("shape_run", np.log1p(run))
    del run
    keep("shape_alternates", alternates)
    return (
        median,
        float(length.max(initial=0.0)),
        float(np.float32(np.count_nonzero(prose) / n if n else 0.0)),
    )
