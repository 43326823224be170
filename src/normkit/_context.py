"""What a normaliser gets besides the text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .tokens import Analysis


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A line a normaliser removed. ``line`` counts from 1 in the text that normaliser saw."""

    normaliser: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a normaliser changed ``text[start:end]`` of its input."""

    start: int
    end: int
    reason: str


@dataclass
class Context:
    """Per-document state shared along the chain.

    ``meta`` is the document's metadata (read it, never change it); ``annotations``
    is where normalisers put what they learnt about the document (flags, labels);
    :meth:`analysis` gives the shared tokenisation of the current text.
    """

    meta: Mapping[str, Any] = field(default_factory=dict)
    annotations: dict[str, Any] = field(default_factory=dict)
    dropped: list[DroppedLine] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    #: The normaliser running now; set by the engine.
    current: str = ""
    _analysis: Analysis | None = None

    def analysis(self, text: str) -> Analysis:
        """The analysis of ``text``, shared while the text is unchanged."""
        cached = self._analysis
        if cached is None or (cached.text is not text and cached.text != text):
            cached = self._analysis = Analysis(text)
        return cached

    def drop(self, line: int, text: str, reason: str) -> None:
        """Report that line ``line`` (from 1, in this step's input) was dropped."""
        self.dropped.append(DroppedLine(self.current, line, text, reason))

    def reason(self, start: int, end: int, reason: str) -> None:
        """Say why ``input[start:end]`` changed; shown in explanations."""
        self.reasons.append(Reason(start, end, reason))
