"""Documents in, results out, and what a normaliser gets besides the text (the context)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .tokens import Analysis

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A line a normaliser removed. ``line`` counts from 1 in the text that normaliser saw.

    >>> import normkit
    >>> normkit.DroppedLine("boilerplate.lines", 2, "返回顶部", "navigation").line
    2
    """

    normaliser: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a normaliser changed ``text[start:end]`` of its input (``ctx.reason``).

    >>> ctx = Context()
    >>> ctx.reason(2, 3, "full-width comma between Han characters")
    >>> ctx.reasons[0]
    Reason(start=2, end=3, reason='full-width comma between Han characters')
    """

    start: int
    end: int
    reason: str


@dataclass
class Context:
    """Per-document state shared along the chain.

    ``meta`` is the document's metadata (read it, never change it); ``annotations``
    is where normalisers put what they learnt about the document (flags, labels);
    :meth:`analysis` gives the shared tokenisation of the current text.

    >>> import normkit
    >>> ctx = normkit.Context(meta={"url": "https://example.cn/a"})
    >>> ctx.drop(2, "返回顶部", "navigation")
    >>> ctx.dropped[0].line, ctx.dropped[0].reason
    (2, 'navigation')
    """

    meta: Mapping[str, Any] = field(default_factory=dict)
    annotations: dict[str, Any] = field(default_factory=dict)
    dropped: list[DroppedLine] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    #: The normaliser running now; set by the engine.
    current: str = ""
    _analysis: Analysis | None = None
    _shared: dict[str, Any] = field(default_factory=dict)

    def analysis(self, text: str) -> Analysis:
        """The analysis of ``text``, shared while the text is unchanged."""
        cached = self._analysis
        if cached is None or (cached.text is not text and cached.text != text):
            cached = self._analysis = Analysis(text)
            self._shared.clear()
        return cached

    def shared(self, key: str, text: str, build: Callable[[Analysis], T]) -> T:
        """``build(self.analysis(text))``, computed once while the text is unchanged.

        For what several normalisers derive from the same text (the line shapes of the
        line filters); ``key`` names the result.
        """
        analysis = self.analysis(text)
        try:
            found: T = self._shared[key]
        except KeyError:
            found = self._shared[key] = build(analysis)
        return found

    def release(self, text: str) -> None:
        """Let go of what was derived from another text than ``text`` (the engine calls it
        after each step with the text the next step gets), and of the list of lines of
        ``text``'s analysis: a list of Python strings costs about eight times a text of
        short lines, and a step that asks for it again splits the text again.

        >>> ctx = Context()
        >>> ctx.analysis("甲\\n乙").lines
        ['甲', '乙']
        >>> ctx.release("甲\\n乙")
        >>> "lines" in vars(ctx.analysis("甲\\n乙")), ctx.analysis("甲\\n乙").lines
        (False, ['甲', '乙'])
        """
        cached = self._analysis
        if cached is None:
            return
        if cached.text is not text and cached.text != text:
            self._analysis = None
            self._shared.clear()
            return
        vars(cached).pop("lines", None)  # a ``cached_property``: computed again when asked

    def drop(self, line: int, text: str, reason: str) -> None:
        """Report that line ``line`` (from 1, in this step's input) was dropped."""
        self.dropped.append(DroppedLine(self.current, line, text, reason))

    def reason(self, start: int, end: int, reason: str) -> None:
        """Say why ``input[start:end]`` changed; shown in explanations."""
        self.reasons.append(Reason(start, end, reason))


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
