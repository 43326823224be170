"""Documents in, results out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._context import DroppedLine


@dataclass(frozen=True, slots=True)
class Document:
    """One text to clean. ``meta`` holds every other field of the input record, untouched.

    >>> import normkit
    >>> normkit.Pipeline(steps=["layout.whitespace"]).process(normkit.Document("正文  ", id="a1")).document.id
    'a1'
    """

    text: str
    id: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Change:
    """One edit a normaliser made: ``old`` at ``old_span`` of its input became ``new`` at ``new_span``.

    >>> import normkit
    >>> normkit.Change("punctuation.width", (2, 3), (2, 3), ",", "，", "full width").as_dict()["new"]
    '，'
    """

    normaliser: str
    old_span: tuple[int, int]
    new_span: tuple[int, int]
    old: str
    new: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "normaliser": self.normaliser,
            "old_span": list(self.old_span),
            "new_span": list(self.new_span),
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """What the pipeline made of a document: the text, the lines dropped, the changes.

    >>> import normkit
    >>> result = normkit.Pipeline(steps=["layout.whitespace"]).process(normkit.Document("正文  "))
    >>> result.text, result.changed
    ('正文', True)
    """

    document: Document
    text: str
    dropped: tuple[DroppedLine, ...] = ()
    changes: tuple[Change, ...] = ()
    annotations: Mapping[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.text != self.document.text
