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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..normalisers._lexicon import Lexicon
from .features import NAMES, page_features
from .model import LineModel, load_model

__all__ = ["KIND_OF_FEATURE", "Verdict", "learned_drops"]

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
}

_NO_LETTERS = NAMES.index("no_letters")
_IN_BLOCK, _PREV_PROSE, _NEXT_PROSE = (NAMES.index(n) for n in ("in_block", "prev_prose", "next_prose"))
#: The probability a line in the main block or next to a paragraph needs to be dropped.
NEAR_PROSE = 0.995


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why the model drops a line: its kind, the strongest evidence, the probability."""

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
) -> dict[int, Verdict]:
    """The lines the model judges boilerplate (index -> :class:`Verdict`)."""
    if not lines:
        return {}
    model = load_model() if model is None else model
    cut = model.threshold if threshold is None else threshold
    x = page_features(lines, lexicon).matrix
    p = model.probability(x)
    # A line in the main block or beside a paragraph needs a surer verdict (dropping
    # content costs more than keeping boilerplate); blank and symbol-only lines are
    # left to the rules (an omission ``……`` stays).
    near = (x[:, _IN_BLOCK] > 0) | (x[:, _PREV_PROSE] > 0) | (x[:, _NEXT_PROSE] > 0)
    sure = np.where(near, max(cut, NEAR_PROSE), cut)
    hits = np.flatnonzero((p >= sure) & (x[:, _NO_LETTERS] == 0))
    if not len(hits):
        return {}
    out = {}
    for i, names in zip(hits.tolist(), model.explain(x[hits]), strict=True):
        kind = KIND_OF_FEATURE.get(names[0], "sidebar") if names else "sidebar"
        out[i] = Verdict(kind, tuple(names), float(p[i]))
    return out
