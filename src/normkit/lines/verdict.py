"""The learned verdict on the lines of a page: which are boilerplate, of what kind, and why.

:func:`learned_drops` runs the model (:mod:`.model`) over the features of a page
(:mod:`.features`) and, for every line it drops, names a kind (``navigation``,
``metadata``, ``related``…) and the evidence: the features that raised the line's
score the most, with the probability.

>>> found = learned_drops(["首页", "新闻", "视频", "评论", "今天，市政府召开了专题会议，研究部署了全市防汛工作，要求各部门做好准备。"])
>>> 4 in found
False
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..normalisers._lexicon import Lexicon
from .features import NAMES, SCORE_NAMES, FeatureCache, page_rows, page_shape
from .model import Leaves, LineModel, blocks, load_model, logistic

__all__ = [
    "KIND_OF_FEATURE",
    "PROSE_REACH",
    "RICH_SHARE",
    "RICH_THRESHOLD",
    "Verdict",
    "drop_mask",
    "explain",
    "learned_drops",
    "prose_reach",
]

#: The kind of boilerplate a feature is evidence of (features not named: ``sidebar``).
KIND_OF_FEATURE: Mapping[str, str] = {
    "date": "metadata",
    "time": "metadata",
    "count": "metadata",
    "percent": "metadata",
    "colons": "metadata",
    "ends_colon": "metadata",
    "notice": "copyright",
    "url": "footer",
    "digit_share": "metadata",
    "lexicon_share": "navigation",
    "lexicon_term": "navigation",
    "short_run": "navigation",
    "separators": "navigation",
    "prev_short": "navigation",
    "next_short": "navigation",
    "length": "navigation",
    "space_share": "navigation",
    "related_term": "related",
    "headline_run": "related",
    "ends_ellipsis": "related",
    "list_mark": "related",
    "bracket_tag": "related",
    "more_link": "related",
    "symbols": "symbols",
    "no_letters": "symbols",
    "repeats": "template_title",
    "spam_term": "sidebar",
    "shape_run": "navigation",
    "length_rank": "navigation",
    "length_vs_median": "navigation",
    "length_vs_longest": "navigation",
    "shape_alternates": "related",
    "above_headline": "navigation",
    "title_copy": "template_title",
}


#: How explanations word the evidence of a feature (others by their name); the feature
#: raised the score, in whichever direction its value points.
EVIDENCE_WORDS: Mapping[str, str] = {
    "length": "line length",
    "short_run": "in a run of short unpunctuated lines",
    "headline_run": "in a run of headline-shaped lines",
    "lexicon_share": "menu or field words",
    "lexicon_term": "the line is a menu word",
    "related_term": "a related-list heading",
    "block_before": "far above the main text",
    "block_after": "far below the main text",
    "in_block": "place relative to the main text",
    "block_share": "share of the page in the main text",
    "prose_near": "paragraphs within 3 lines",
    "prose_wide": "paragraphs within 10 lines",
    "prose_above": "distance to a paragraph above",
    "prose_below": "distance to a paragraph below",
    "repeats": "repeated on the page",
    "date": "a date",
    "time": "a time",
    "count": "a count (reads, comments)",
    "separators": "separators",
    "notice": "a notice (© ICP 版权)",
    "ends_ellipsis": "a truncated title",
    "ends_sentence": "how the line ends",
    "stops": "sentence stops",
    "clauses": "clause marks",
    "position": "its place in the page",
    "length_rank": "its length among the page's lines",
    "length_vs_median": "its length against the page's median line",
    "length_vs_longest": "its length against the page's longest line",
    "shape_run": "in a run of lines of one shape",
    "shape_alternates": "records of alternating lines",
    "page_prose_share": "the page's share of paragraphs",
    "ordinal_run": "its numbering against the lines around it",
    "above_headline": "its place against the article's headline",
    "title_copy": "its relation to the page's title",
    "first_score": "its own shape and place",
    "first_near1": "its neighbours judged boilerplate",
    "first_near2": "its neighbours judged boilerplate",
    "first_near5": "the lines around judged boilerplate",
    "content_above": "sure paragraphs above",
    "content_below": "sure paragraphs below",
    "surest_above": "the surest paragraph above",
    "surest_below": "the surest paragraph below",
}

_NO_LETTERS = NAMES.index("no_letters")

#: The main text goes on through paragraphs (:data:`PROSE_LETTERS` letters or more) at
#: most this many lines apart, the lines between reading as running text, whatever the
#: model says of them (:func:`prose_reach`).
PROSE_REACH = 15
PROSE_LETTERS = 16
#: Lines between: separators only in lines of this Latin share or more (paths, commands);
#: in no run of :data:`PROSE_RUN` short or headline-shaped lines or more (a menu, a feed);
#: less than :data:`PROSE_LEXICON` of their characters in menu or field words.
PROSE_LATIN = 0.3
PROSE_RUN = 4
PROSE_LEXICON = 0.3
#: How much farther the main text reaches over commands and paths (a code block).
PROSE_CODE = 4
#: A page on which this share or more of the lines with letters read as content to the
#: model (probability under :data:`CONTENT_LIKE`) is mostly content: a table of records,
#: a book's contents and notes, a thread of replies. On it no line goes under
#: :data:`RICH_THRESHOLD`, wherever it stands (:func:`drop_mask`).
RICH_SHARE = 0.7
CONTENT_LIKE = 0.5
RICH_THRESHOLD = 0.999
_SCORE_KIND = frozenset(SCORE_NAMES)


def drop_mask(
    probability: npt.NDArray[Any],
    x: npt.NDArray[np.float32],
    threshold: float,
    anchor: float | None,
    far: tuple[float, int] | None = None,
    anchor_letters: int = 0,
    inside: tuple[float, float] | None = None,
    reach: int = 0,
    rich: bool = False,
) -> npt.NDArray[np.bool_]:
    """Which lines of a page (``x`` its features) the classifier drops.

    A line is dropped from ``threshold``; blank and symbol-only lines never (an omission
    ``……`` is left to the rules). With an ``anchor``, the **main text** is spared: the
    lines from the first to the last paragraph (feature ``prose``) whose probability is
    below ``anchor``; with ``anchor_letters``, only those of that many letters and
    digits or more when the page has one (a teaser in a feed or a short comment below
    the article then stretches the main text no more). With ``far`` ``(threshold,
    distance)``, a line more than ``distance`` lines away from the main text is dropped
    from that (lower) threshold. With ``inside`` ``(threshold, share)``, a line of the
    main text that is no paragraph and has ``share`` or more of its characters in
    lexicon terms (``评论``, ``2 举报``, ``登录 注册`` between a thread's posts) is dropped
    from that threshold all the same. A page without such a paragraph (a list, a table, a
    short note) keeps every line. The main
    text then goes on, up and down, through the paragraphs ``reach`` lines or fewer
    apart (:func:`prose_reach`: a manual's paragraphs between its commands; 0 here, so
    that the operating point is chosen without it, :data:`PROSE_REACH` in
    :func:`learned_drops`: it only ever keeps more). With
    ``anchor`` 0, the wide main block (``in_wide_block``) is spared. With ``rich``, on a
    page that is mostly content (:data:`RICH_SHARE` of its lines with letters under
    :data:`CONTENT_LIKE`), every threshold is at least :data:`RICH_THRESHOLD` (off here,
    so that the operating point is chosen without it, on in :func:`learned_drops`: it
    only ever keeps more).

    >>> import numpy as np
    >>> x = np.zeros((6, len(NAMES)), dtype=np.float32)
    >>> x[[1, 3], NAMES.index("prose")] = 1
    >>> p = np.array([0.99, 0.1, 0.99, 0.1, 0.9, 0.9])
    >>> drop_mask(p, x, 0.95, 0.2).tolist()
    [True, False, False, False, False, False]
    >>> drop_mask(p, x, 0.95, 0.2, far=(0.8, 1)).tolist()
    [True, False, False, False, False, True]
    >>> x[1, NAMES.index("length")] = np.log1p(40)  # the paragraph above is long, not the one below
    >>> drop_mask(np.array([0.99, 0.1, 0.99, 0.1, 0.99, 0.9]), x, 0.95, 0.2, anchor_letters=32).tolist()
    [True, False, True, False, True, False]
    >>> x[2, NAMES.index("lexicon_share")] = 1.0  # the line between the paragraphs: menu words
    >>> drop_mask(p, x, 0.95, 0.2, inside=(0.97, 0.5)).tolist()
    [True, False, True, False, False, False]
    >>> rich = np.array([0.99, 0.1, 0.3, 0.1, 0.2, 0.4])  # mostly content: only from 0.999
    >>> drop_mask(rich, x, 0.95, 0.2).tolist(), drop_mask(rich, x, 0.95, 0.2, rich=True).tolist()
    ([True, False, False, False, False, False], [False, False, False, False, False, False])
    """
    return _mask(probability, x[:, _MASK], threshold, anchor, far, anchor_letters, inside, reach, rich)


#: The columns :func:`drop_mask` reads, in the order of :func:`_mask`'s ``cols``.
_MASK_NAMES = (
    "no_letters",
    "in_wide_block",
    "prose",
    "length",
    "lexicon_share",
    # what :func:`prose_reach` reads too
    "ends_sentence",
    "latin_share",
    "separators",
    "date",
    "time",
    "count",
    "short_run",
    "headline_run",
)
_MASK = [NAMES.index(name) for name in _MASK_NAMES]
#: Those of them that are flags and small counts.
_MASK_COUNTS = (
    "no_letters",
    "in_wide_block",
    "prose",
    "ends_sentence",
    "separators",
    "date",
    "time",
    "count",
)


class MaskColumns:
    """The :data:`_MASK` columns of a page, filled a block of rows at a time: the flags
    and small counts (:data:`_MASK_COUNTS`) a byte a line while they are whole numbers
    from 0 to 255 (else ``float32`` from then on), the others ``float32``: 28 bytes a
    line instead of 52, the same values. ``T`` gives the columns, as ``x[:, _MASK].T``.

    >>> x = np.zeros((3, len(NAMES)), dtype=np.float32)
    >>> x[:, NAMES.index("length")], x[:, NAMES.index("separators")] = 0.5, [0, 3, 300]
    >>> cols = MaskColumns(3); cols.put(0, x[:2, _MASK]); cols.put(2, x[2:, _MASK])
    >>> all(np.array_equal(a, b) for a, b in zip(cols.T, x[:, _MASK].T, strict=True))
    True
    >>> [c.dtype.name for c in cols.T][:4], cols.T[_MASK_NAMES.index("separators")].dtype.name
    (['uint8', 'uint8', 'uint8', 'float32'], 'float32')
    """

    __slots__ = ("T",)

    def __init__(self, n: int) -> None:
        self.T: list[npt.NDArray[Any]] = [
            np.empty(n, dtype=np.uint8 if name in _MASK_COUNTS else np.float32) for name in _MASK_NAMES
        ]

    def put(self, start: int, block: npt.NDArray[np.float32]) -> None:
        """Keep ``block`` (rows of the :data:`_MASK` columns) as the rows from ``start``."""
        stop = start + len(block)
        for j, column in enumerate(self.T):
            values = block[:, j]
            if column.dtype == np.uint8:
                if bool(((values >= 0) & (values <= 255)).all()):
                    small = values.astype(np.uint8)
                    if np.array_equal(small, values):
                        column[start:stop] = small
                        continue
                self.T[j] = column = column.astype(np.float32)  # (a value no byte holds)
            column[start:stop] = values


def _mask(
    probability: npt.NDArray[Any],
    cols: npt.NDArray[np.float32] | MaskColumns,
    threshold: float,
    anchor: float | None,
    far: tuple[float, int] | None,
    anchor_letters: int,
    inside: tuple[float, float] | None,
    reach: int = 0,
    rich: bool = False,
) -> npt.NDArray[np.bool_]:
    """:func:`drop_mask` from the :data:`_MASK` columns of the page only."""
    no_letters, in_wide_block, prose, length, lexicon = cols.T[:5]
    letters = no_letters == 0
    if rich and letters.any() and np.mean(probability[letters] < CONTENT_LIKE) >= RICH_SHARE:
        threshold = max(threshold, RICH_THRESHOLD)
        far = (max(far[0], RICH_THRESHOLD), far[1]) if far is not None else None
        inside = (max(inside[0], RICH_THRESHOLD), inside[1]) if inside is not None else None
    drop = (probability >= threshold) & letters
    if anchor is None:
        return np.asarray(drop)
    if anchor <= 0:
        return np.asarray(drop & (in_wide_block <= 0))
    sure = (probability < anchor) & (prose > 0)
    if anchor_letters:
        long_enough = sure & (length >= np.log1p(anchor_letters) - 1e-4)
        if long_enough.any():
            sure = long_enough
    anchors = np.flatnonzero(sure)
    if not len(anchors):
        # No main text to read the other lines against (a list, a table, a short note):
        # nothing is dropped.
        return np.zeros(len(drop), dtype=bool)
    first, last = _reach(cols, int(anchors[0]), int(anchors[-1]), reach)
    if far is not None:
        at, distance = far
        row = np.arange(len(drop))
        away = np.maximum(first - row, row - last)
        drop |= (away > distance) & (probability >= at) & (no_letters == 0)
    span = slice(first, last + 1)
    inner = drop[span] & False
    if inside is not None:
        at, share = inside
        inner = (
            (probability[span] >= at)
            & (lexicon[span] >= share)
            & (prose[span] == 0)
            & (no_letters[span] == 0)
        )
    drop[span] = inner
    return np.asarray(drop)


def prose_reach(
    x: npt.NDArray[np.float32], first: int, last: int, reach: int = PROSE_REACH
) -> tuple[int, int]:
    """The main text ``first``..``last`` (rows of the page ``x``) stretched, up and down,
    through the paragraphs (of :data:`PROSE_LETTERS` letters or more) that follow at most
    ``reach`` lines apart (lines of commands or paths, :data:`PROSE_LATIN`, not counted,
    up to :data:`PROSE_CODE` times ``reach`` lines), when every line between reads as
    running text: in no run of
    short or headline-shaped lines (:data:`PROSE_RUN`), with no separators unless it is
    a command or a path (:data:`PROSE_LATIN`), few menu or field words, no date, time or
    count. A manual goes on so through its paragraphs, headings, commands and notes,
    however far they are from its densest block; a menu, a feed of headlines, a comment's
    name and date stop it. ``reach`` 0 leaves it as it is.

    >>> x = np.zeros((9, len(NAMES)), dtype=np.float32)
    >>> x[[0, 4, 8], NAMES.index("prose")] = 1
    >>> x[:, NAMES.index("length")] = np.log1p(40)
    >>> prose_reach(x, 0, 0, 3), prose_reach(x, 0, 0, 4), prose_reach(x, 4, 4, 4), prose_reach(x, 0, 0, 0)
    ((0, 0), (0, 8), (0, 8), (0, 0))
    >>> x[[5, 6, 7], NAMES.index("separators")] = 2  # commands and paths: they cost no reach
    >>> x[[5, 6, 7], NAMES.index("latin_share")] = 1.0
    >>> prose_reach(x, 4, 4, 1)
    (4, 8)
    >>> x[5:8, NAMES.index("headline_run")] = np.log1p(4)  # a feed of headlines
    >>> prose_reach(x, 0, 0, 4)
    (0, 4)
    """
    return _reach(x[:, _MASK], first, last, reach)


def _reach(cols: npt.NDArray[np.float32] | MaskColumns, first: int, last: int, reach: int) -> tuple[int, int]:
    """:func:`prose_reach` from the :data:`_MASK` columns of the page only."""
    if reach <= 0:
        return first, last
    c = dict(zip(_MASK_NAMES, cols.T, strict=True))
    paragraph = ((c["prose"] > 0) | (c["ends_sentence"] > 0)) & (
        c["length"] >= np.log1p(PROSE_LETTERS) - 1e-4
    )
    latin = c["latin_share"] >= PROSE_LATIN
    running = (c["no_letters"] > 0) | (
        (c["short_run"] < np.log1p(PROSE_RUN) - 1e-4)
        & (c["headline_run"] < np.log1p(PROSE_RUN) - 1e-4)
        & ((c["separators"] == 0) | latin)
        & (c["lexicon_share"] < PROSE_LEXICON)
        & (np.add(np.add(c["date"], c["time"], dtype=np.float32), c["count"], dtype=np.float32) == 0)
    )
    kind = np.where(paragraph, 2, np.where(running, 1, 0)).tolist()
    code = latin.tolist()
    for step, start in ((1, last), (-1, first)):
        end = start
        row = start + step
        gap = 0
        while 0 <= row < len(kind) and kind[row] and abs(row - end) <= PROSE_CODE * reach:
            if kind[row] == 2:
                end, gap = row, 0
            elif not code[row]:
                gap += 1
                if gap >= reach:
                    break
            row += step
        if step > 0:
            last = end
        else:
            first = end
    return first, last


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why the model drops a line: its kind, the strongest evidence, the probability.

    >>> Verdict("navigation", ("short_run",), 0.987).describe()
    'boilerplate.navigation: in a run of short unpunctuated lines (p=0.99)'
    """

    kind: str
    evidence: tuple[str, ...]
    probability: float

    def describe(self) -> str:
        """``boilerplate.navigation: in a run of short unpunctuated lines, menu or field words (p=0.99)``."""
        words = [EVIDENCE_WORDS.get(name, name) for name in self.evidence]
        return f"boilerplate.{self.kind}: {', '.join(words) or 'context'} (p={self.probability:.2f})"


def learned_drops(
    lines: Sequence[str],
    lexicon: Lexicon | None = None,
    model: LineModel | None = None,
    threshold: float | None = None,
    spare_main_block: bool = False,
    cache: FeatureCache | None = None,
    skip: Collection[int] = (),
) -> dict[int, Verdict]:
    """The lines the model judges boilerplate (index -> :class:`Verdict`).

    Blank lines are left out (:func:`~.features.page_features`). With
    ``spare_main_block``, no line of the page's main text is dropped, however sure the
    model is (:func:`drop_mask`: from the first to the last paragraph the model is sure
    is content). A ``cache`` shared by the calls on one page and its parts (lines
    dropped) computes each line's own features once. The lines at ``skip`` (taken by
    another judge already) are left out: their verdicts are not worked out.

    >>> page = ["首页", "新闻", "视频", "评论", "今天，市政府召开了专题会议，研究部署了全市防汛工作，要求各部门做好准备。"]
    >>> found = learned_drops(page)
    >>> sorted(found), found[0].kind
    ([0, 1, 2, 3], 'navigation')
    >>> sorted(learned_drops(page, skip={0, 2}))
    [1, 3]
    """
    if not lines:
        return {}
    model = load_model() if model is None else model
    cut = model.threshold if threshold is None else threshold
    rows = cache.page_rows(lines) if cache is not None else None
    if rows is None:
        shape = page_shape(lines)
        if spare_main_block and not model.anchor and shape.all_letters_in_wide_block():
            # Nothing can be dropped: skip the pattern and lexicon scans and the model.
            return {}
        shown = np.fromiter((i for i, s in enumerate(shape.stripped) if s), dtype=np.int64)
        if len(shown) < len(lines):  # the shape of the lines with text (the page's is let go)
            shape = shape.subset(shown)
        del shown
        # Handed over, not kept here: ``page_rows`` lets it go once the own columns are read.
        shapes = [shape]
        del shape
        rows = page_rows(lines, lexicon, shapes.pop(), cache)
    if model.second is not None:  # the second stage reads the scores of the whole page
        x = rows.rows(0, rows.n)
        if not (x[:, _NO_LETTERS] == 0).any():
            return {}
        x2 = model.stacked(x)
        p = model.second.probability(x2)
        hits = np.flatnonzero(_drop(model, p, x[:, _MASK], cut, spare_main_block, skip))
        if not len(hits):
            return {}
        return {i: verdict for i, verdict in zip(hits.tolist(), explain(model, x, x2, hits, p), strict=True)}
    # A block of rows at a time (the model's blocks: the same scores): the page's
    # scores and the few columns the drop mask reads are all that is held of the page.
    size = model.rows_at_once
    page_blocks = blocks(rows.n, size)
    score = np.empty(rows.n, dtype=np.float32)
    cols = MaskColumns(rows.n)
    # A page of one block keeps its rows and their trees' leaves to explain its hits.
    whole: tuple[npt.NDArray[np.float32], Leaves | None] | None = None
    for start, stop in page_blocks:
        x = rows.rows(start, stop)
        if len(page_blocks) == 1:
            score[start:stop], leaves = model.score_leaves(x)
            whole = (x, leaves)
        else:
            score[start:stop] = model.score(x)
        cols.put(start, x[:, _MASK])
        del x
    if not (cols.T[0] == 0).any():
        return {}
    p = logistic(score)
    del score
    hits = np.flatnonzero(_drop(model, p, cols, cut, spare_main_block, skip))
    del cols
    if whole is not None:
        if not len(hits):
            return {}
        x, leaves = whole
        own = leaves.take(hits) if leaves is not None else None
        return dict(zip(hits.tolist(), explain(model, x, x, hits, p, own), strict=True))
    out: dict[int, Verdict] = {}
    for start, stop in blocks(len(hits), size):  # explained in the blocks of all hits at once
        at = hits[start:stop]
        x = rows.at(at, page_blocks)
        out.update(zip(at.tolist(), explain(model, x, x, np.arange(len(at)), p[at]), strict=True))
    return out


def _drop(
    model: LineModel,
    p: npt.NDArray[Any],
    cols: npt.NDArray[np.float32] | MaskColumns,
    cut: float,
    spare_main_block: bool,
    skip: Collection[int],
) -> npt.NDArray[np.bool_]:
    """The drop mask of a page (:func:`drop_mask`, from its :data:`_MASK` columns), the
    lines at ``skip`` left out."""
    if spare_main_block:
        far = (model.far_threshold, model.far_distance) if model.far_threshold else None
        inside = (model.inside_threshold, model.inside_lexicon) if model.inside_threshold else None
        drop = _mask(p, cols, cut, model.anchor, far, model.anchor_letters, inside, PROSE_REACH, True)
    else:
        drop = _mask(p, cols, cut, None, None, 0, None)
    if skip:
        drop[[i for i in skip if 0 <= i < len(drop)]] = False
    return drop


def explain(
    model: LineModel,
    x: npt.NDArray[np.float32],
    x2: npt.NDArray[np.float32],
    hits: npt.NDArray[np.int64],
    p: npt.NDArray[Any],
    leaves: Leaves | None = None,
) -> list[Verdict]:
    """The verdicts of the lines ``hits`` of a page (``x`` its features, ``x2`` with the
    second stage's columns, ``p`` the probabilities; ``leaves``: the first stage's leaves
    of the rows ``hits``, if known): the evidence is what raised the
    line's score most; its kind comes from the strongest evidence about the line itself
    (the first stage's, when the second stage's is how its neighbours were judged).

    >>> model = load_model()
    >>> from normkit.lines.features import page_features
    >>> x = page_features(["首页", "新闻", "今天，市政府召开了专题会议，研究部署了全市防汛工作。"]).matrix
    >>> [v.kind for v in explain(model, x, x, np.array([0]), model.probability(x))]
    ['navigation']
    """
    own = model.explain(x[hits], leaves=leaves)
    evidence = own if model.second is None else model.second.explain(x2[hits])
    out = []
    for names, first, pi in zip(evidence, own, p[hits].tolist(), strict=True):
        about_line = [n for n in names if n not in _SCORE_KIND] or first
        kind = KIND_OF_FEATURE.get(about_line[0], "sidebar") if about_line else "sidebar"
        out.append(Verdict(kind, tuple(names), float(pi)))
    return out
