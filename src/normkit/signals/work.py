"""Signals of what the chain did to a document: lines dropped, repairs, spam, personal data.

>>> from normkit.signals.base import SignalInput
>>> doc = SignalInput("正文", {"spam": True, "pii_by": {"PHONE": 2}}, changes={"layout.whitespace": 3})
>>> spam(doc), spam_score(doc), pii(doc), repairs(doc)
(True, 1.0, 2, {'layout.whitespace': 3})
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from ..tokens import Kind
from .base import SignalInput

#: The marks that flood besides Han and emoji (see :mod:`normkit.normalisers.floods`).
_FLOOD_MARKS = np.array([ord(c) for c in "！？～"], dtype=np.uint32)
#: The annotation ``pii.mask`` writes: placeholder kind -> number masked.
PII_ANNOTATION = "pii_by"


def lines_dropped(doc: SignalInput) -> int:
    """Lines the line filters removed.

    >>> import normkit
    >>> result = normkit.Pipeline().process(normkit.Document("正文内容很长很长，讲了一件事。\\n返回顶部"))
    >>> lines_dropped(SignalInput(result.text, dropped=tuple(result.dropped)))
    1
    """
    return len(doc.dropped)


def dropped_by(doc: SignalInput) -> dict[str, int]:
    """Lines removed, by the normaliser that removed them.

    >>> from normkit import DroppedLine
    >>> dropped_by(SignalInput("", dropped=(DroppedLine("boilerplate.lines", 2, "返回顶部", "navigation"),)))
    {'boilerplate.lines': 1}
    """
    return dict(Counter(d.normaliser for d in doc.dropped))


def repairs(doc: SignalInput) -> dict[str, int]:
    """Characters removed plus added, by each normaliser that changed the document.

    >>> repairs(SignalInput("正文", changes={"punctuation.width": 2}))
    {'punctuation.width': 2}
    """
    return dict(doc.changes)


def spam(doc: SignalInput) -> bool:
    """The spam flag the spam normalisers set (``annotations["spam"]``); false without them.

    >>> spam(SignalInput("正文", {"spam": True})), spam(SignalInput("正文"))
    (True, False)
    """
    return bool(doc.annotations.get("spam", False))


def spam_score(doc: SignalInput) -> float:
    """The spam normalisers' score (``annotations["spam_score"]``) when they give one;
    else 1.0 for a document flagged as spam, 0.0 otherwise.

    >>> spam_score(SignalInput("", {"spam_score": 0.25})), spam_score(SignalInput("", {"spam": True}))
    (0.25, 1.0)
    """
    score: Any = doc.annotations.get("spam_score")
    if isinstance(score, (int, float)) and not isinstance(score, bool):
        return float(score)
    return 1.0 if spam(doc) else 0.0


def pii_by(doc: SignalInput) -> dict[str, int]:
    """Personal data ``pii.mask`` replaced, by kind (``PHONE``, ``ID``, ...).

    >>> pii_by(SignalInput("", {"pii_by": {"PHONE": 2, "bad": "x"}}))
    {'PHONE': 2}
    """
    found: Any = doc.annotations.get(PII_ANNOTATION)
    if not isinstance(found, dict):
        return {}
    return {str(k): int(v) for k, v in found.items() if isinstance(v, int)}


def pii(doc: SignalInput) -> int:
    """Personal data items ``pii.mask`` replaced.

    >>> pii(SignalInput("", {"pii_by": {"PHONE": 2, "EMAIL": 1}}))
    3
    """
    return sum(pii_by(doc).values())


def floods(doc: SignalInput) -> int:
    """Floods of one repeated character: those ``repetition.floods`` shortened when it
    ran, else those left in the text (runs of more than three).

    >>> floods(SignalInput("哈哈哈哈哈哈")), floods(SignalInput("哈哈哈", {"floods": 2}))
    (1, 2)
    """
    if "floods" in doc.annotations:
        return int(doc.annotations["floods"])
    from ..normalisers.floods import DEFAULT_MAX_REPEAT, count_floods

    if not _may_flood(doc, DEFAULT_MAX_REPEAT + 1):
        return 0  # most documents: the pattern need not run
    return count_floods(doc.text)


def _may_flood(doc: SignalInput, length: int) -> bool:
    """Whether a character that can flood (Han, emoji, ！？～: kinds HAN and OTHER and those
    three) stands ``length`` times in a row."""
    at = doc.runs_of(length)
    if not at.size:
        return False
    kinds = doc.analysis.kinds[at]
    codes = doc.analysis.codes[at]
    return bool(((kinds == Kind.HAN) | (kinds == Kind.OTHER) | np.isin(codes, _FLOOD_MARKS)).any())
