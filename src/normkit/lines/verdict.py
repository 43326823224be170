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
from .features import NAMES, SCORE_NAMES, FeatureCache, page_features, page_shape
from .model import LineModel, load_model

__all__ = ["KIND_OF_FEATURE", "Verdict", "drop_mask", "explain", "learned_drops", "main_part"]

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
_IN_WIDE_BLOCK = NAMES.index("in_wide_block")
_PROSE = NAMES.index("prose")
_LENGTH = NAMES.index("length")
_LEXICON = NAMES.index("lexicon_share")
_SCORE_KIND = frozenset(SCORE_NAMES)


def drop_mask(
    probability: npt.NDArray[Any],
    x: npt.NDArray[np.float32],
    threshold: float,
    anchor: float | None,
    far: tuple[float, int] | None = None,
    anchor_letters: int = 0,
    inside: tuple[float, float] | None = None,
    split: tuple[float, int] | None = None,
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
    short note) keeps every line. With ``split`` ``(probability, lines)``, the main text
    ends at a run of ``lines`` or more lines that are no paragraph and that the model
    gives ``probability`` or more (a sidebar of app links, a leaderboard, a feed): of
    the parts of the span such runs cut, only the one with the most letters of
    paragraphs is spared; the others are judged as lines outside the main text. With
    ``anchor`` 0, the wide main block (``in_wide_block``) is spared.

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
    >>> drop_mask(np.array([0.99, 0.1, 0.99, 0.1, 0.99, 0.9]), x, 0.95, 0.2, split=(0.97, 1)).tolist()
    [True, False, True, False, True, False]
    """
    drop = (probability >= threshold) & (x[:, _NO_LETTERS] == 0)
    if anchor is None:
        return np.asarray(drop)
    if anchor <= 0:
        return np.asarray(drop & (x[:, _IN_WIDE_BLOCK] <= 0))
    sure = (probability < anchor) & (x[:, _PROSE] > 0)
    if anchor_letters:
        long_enough = sure & (x[:, _LENGTH] >= np.log1p(anchor_letters) - 1e-4)
        if long_enough.any():
            sure = long_enough
    anchors = np.flatnonzero(sure)
    if not len(anchors):
        # No main text to read the other lines against (a list, a table, a short note):
        # nothing is dropped.
        return np.zeros(len(drop), dtype=bool)
    if split is not None and len(anchors) > 1:
        anchors = main_part(probability, x, anchors, split)
    if far is not None:
        at, distance = far
        row = np.arange(len(drop))
        away = np.maximum(anchors[0] - row, row - anchors[-1])
        drop |= (away > distance) & (probability >= at) & (x[:, _NO_LETTERS] == 0)
    span = slice(anchors[0], anchors[-1] + 1)
    inner = drop[span] & False
    if inside is not None:
        at, share = inside
        inner = (
            (probability[span] >= at)
            & (x[span, _LEXICON] >= share)
            & (x[span, _PROSE] == 0)
            & (x[span, _NO_LETTERS] == 0)
        )
    drop[span] = inner
    return np.asarray(drop)


def main_part(
    probability: npt.NDArray[Any],
    x: npt.NDArray[np.float32],
    anchors: npt.NDArray[np.int64],
    split: tuple[float, int],
) -> npt.NDArray[np.int64]:
    """The anchors (rows of the paragraphs sparing the main text) of the part of the page
    with the most letters of them, the parts cut by runs of ``split[1]`` or more lines
    that are no paragraph and have a probability of ``split[0]`` or more (lines without
    letters in such a run neither cut it nor count).

    >>> x = np.zeros((7, len(NAMES)), dtype=np.float32)
    >>> x[[0, 6], NAMES.index("prose")] = 1
    >>> x[:, NAMES.index("length")] = np.log1p([40, 2, 2, 2, 2, 2, 60])
    >>> main_part(np.array([0.1, 0.99, 0.99, 0.5, 0.99, 0.99, 0.1]), x, np.array([0, 6]), (0.97, 3)).tolist()
    [0, 6]
    >>> main_part(np.array([0.1, 0.99, 0.99, 0.99, 0.99, 0.99, 0.1]), x, np.array([0, 6]), (0.97, 3)).tolist()
    [6]
    """
    at, least = split
    letters = x[:, _NO_LETTERS] == 0
    sure = (probability >= at) & (x[:, _PROSE] == 0) & letters
    run = sure | ~letters
    starts = np.flatnonzero(run & ~np.concatenate(([False], run[:-1])))
    if not len(starts):
        return anchors
    ids = np.cumsum(run & ~np.concatenate(([False], run[:-1]))) - 1
    counts = np.bincount(ids[run], weights=sure[run], minlength=len(starts))
    cut = run & (counts[np.maximum(ids, 0)] >= least)
    if not cut.any():
        return anchors
    part = np.cumsum(cut & ~np.concatenate(([False], cut[:-1])))
    weight = np.expm1(x[anchors, _LENGTH].astype(np.float64))
    best = int(np.argmax(np.bincount(part[anchors], weights=weight)))
    return np.asarray(anchors[part[anchors] == best], dtype=np.int64)


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
    known = cache.features(lines) if cache is not None else None
    if known is not None:
        x = known.matrix
    else:
        shape = page_shape(lines)
        if spare_main_block and not model.anchor and shape.all_letters_in_wide_block():
            # Nothing can be dropped: skip the pattern and lexicon scans and the model.
            return {}
        x = page_features(lines, lexicon, shape, cache).matrix
    if not (x[:, _NO_LETTERS] == 0).any():
        return {}
    cut = model.threshold if threshold is None else threshold
    x2 = x if model.second is None else model.stacked(x)
    p = model.probability(x) if model.second is None else model.second.probability(x2)
    far = (model.far_threshold, model.far_distance) if model.far_threshold else None
    if spare_main_block:
        inside = (model.inside_threshold, model.inside_lexicon) if model.inside_threshold else None
        split = (model.split_threshold, model.split_lines) if model.split_threshold else None
        drop = drop_mask(p, x, cut, model.anchor, far, model.anchor_letters, inside, split)
    else:
        drop = drop_mask(p, x, cut, None)
    if skip:
        drop[[i for i in skip if 0 <= i < len(drop)]] = False
    hits = np.flatnonzero(drop)
    if not len(hits):
        return {}
    return {i: verdict for i, verdict in zip(hits.tolist(), explain(model, x, x2, hits, p), strict=True)}


def explain(
    model: LineModel,
    x: npt.NDArray[np.float32],
    x2: npt.NDArray[np.float32],
    hits: npt.NDArray[np.int64],
    p: npt.NDArray[Any],
) -> list[Verdict]:
    """The verdicts of the lines ``hits`` of a page (``x`` its features, ``x2`` with the
    second stage's columns, ``p`` the probabilities): the evidence is what raised the
    line's score most; its kind comes from the strongest evidence about the line itself
    (the first stage's, when the second stage's is how its neighbours were judged).

    >>> model = load_model()
    >>> x = page_features(["首页", "新闻", "今天，市政府召开了专题会议，研究部署了全市防汛工作。"]).matrix
    >>> [v.kind for v in explain(model, x, x, np.array([0]), model.probability(x))]
    ['navigation']
    """
    own = model.explain(x[hits])
    evidence = own if model.second is None else model.second.explain(x2[hits])
    out = []
    for names, first, pi in zip(evidence, own, p[hits].tolist(), strict=True):
        about_line = [n for n in names if n not in _SCORE_KIND] or first
        kind = KIND_OF_FEATURE.get(about_line[0], "sidebar") if about_line else "sidebar"
        out.append(Verdict(kind, tuple(names), float(pi)))
    return out
