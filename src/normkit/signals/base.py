"""What a signal is, what it reads, and the set of signals a pipeline computes.

A :class:`Signal` is a named, typed measure of one cleaned document. It reads a
:class:`SignalInput`: the cleaned text, its shared :class:`normkit.tokens.Analysis`
(computed once along the chain), the normalisers' annotations, the dropped lines and
the characters each normaliser changed. Plugins add signals through the
``normkit_register_signals`` hook.

>>> s = Signal("exclamations", "int", "Number of ！.", lambda d: d.text.count("！"))
>>> SignalSet((s,)).compute(SignalInput("好！好！"))
{'exclamations': 2}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .._blocks import line_blocks
from .._context import DroppedLine
from ..errors import PluginError
from ..tokens import Analysis, Kind

#: The value types a signal can have. ``counts`` is a mapping of names to integers.
SignalType = Literal["bool", "int", "float", "counts"]
SIGNAL_TYPES: tuple[SignalType, ...] = ("bool", "int", "float", "counts")
#: Decimal places kept for ``float`` signals (stable, compact output).
FLOAT_DIGITS = 4
_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class SignalInput:
    """Everything a signal may read about one cleaned document.

    ``changes`` maps each normaliser that changed the document to the characters it
    removed plus added; ``analysis`` is shared with the chain when given.

    >>> doc = SignalInput("好好好好 ab\\n\\n乙")
    >>> doc.content_lines, doc.runs_of(3).tolist()
    (['好好好好 ab', '乙'], [0, 1])
    """

    text: str
    annotations: Mapping[str, Any] = field(default_factory=dict)
    dropped: tuple[DroppedLine, ...] = ()
    changes: Mapping[str, int] = field(default_factory=dict)
    given_analysis: Analysis | None = None

    @cached_property
    def analysis(self) -> Analysis:
        """The shared analysis of :attr:`text`."""
        given = self.given_analysis
        if given is not None and (given.text is self.text or given.text == self.text):
            return given
        return Analysis(self.text)

    @cached_property
    def kind_counts(self) -> npt.NDArray[np.intp]:
        """Characters per :class:`normkit.tokens.Kind`, indexed by the kind's value."""
        return np.bincount(self.analysis.kinds, minlength=len(Kind) + 1)

    @cached_property
    def class_counts(self) -> npt.NDArray[np.intp]:
        """Characters per :class:`normkit.signals.classes.CharClass`."""
        from .classes import class_counts

        return class_counts(self.analysis.codes)

    @cached_property
    def script_markers(self) -> tuple[int, int]:
        """(simplified, traditional) script markers in the text (see :mod:`normkit.script`)."""
        from .classes import CharClass

        counts = self.class_counts
        return int(counts[CharClass.SIMPLIFIED]), int(counts[CharClass.TRADITIONAL])

    def runs_of(self, length: int) -> npt.NDArray[np.intp]:
        """Where one code point starts standing ``length`` (2 or more) times in a row.

        >>> SignalInput("哈哈哈哈!").runs_of(3).tolist(), SignalInput("哈哈哈").runs_of(4).tolist()
        ([0, 1], [])
        """
        codes = self.analysis.codes
        same = codes[1:] == codes[:-1]  # same[i]: codes[i + 1] repeats codes[i]
        for _ in range(length - 2):  # length - 1 equal neighbours in a row
            if not same.any():
                break
            same = same[1:] & same[:-1]
        return np.flatnonzero(same)

    @cached_property
    def content_lines(self) -> list[str]:
        """The lines that hold something other than whitespace, stripped."""
        return [line for block in self.content_line_blocks() for line in block]

    def content_line_blocks(self) -> Iterator[list[str]]:
        """:attr:`content_lines` a block of lines at a time (the built-in signals read them
        so: a list of a text's lines costs eight times a text of short lines).

        >>> list(SignalInput("甲\\n\\n 乙 ").content_line_blocks())
        [['甲', '乙']]
        """
        if "content_lines" in vars(self):  # made already: no second copy
            yield self.content_lines
            return
        for block in line_blocks(self.text):
            yield [s for s in map(str.strip, block.split("\n")) if s]


@dataclass(frozen=True)
class Signal:
    """A named, typed measure of a document.

    ``name`` is lower case (``[a-z][a-z0-9_]*``), usable in ``--drop-if``;
    ``compute`` returns a value of ``type``.

    >>> Signal("length", "float", "Characters.", lambda d: len(d.text)).value(SignalInput("好好"))
    2.0
    """

    name: str
    type: SignalType
    description: str
    compute: Callable[[SignalInput], Any]

    def value(self, doc: SignalInput) -> Any:
        """``compute(doc)`` as the declared type (floats rounded to :data:`FLOAT_DIGITS`)."""
        raw = self.compute(doc)
        if self.type == "float":
            return round(float(raw), FLOAT_DIGITS)
        if self.type == "int":
            return int(raw)
        if self.type == "bool":
            return bool(raw)
        return {str(k): int(v) for k, v in dict(raw).items()}


RegisterSignal = Callable[[Signal], None]


def check_signal(signal: object, where: str) -> Signal:
    """``signal`` if it is a well-formed :class:`Signal`, else a :class:`PluginError` naming ``where``.

    >>> check_signal(Signal("Bad-Name", "int", "", len), "my-plugin")
    Traceback (most recent call last):
    normkit.PluginError: my-plugin: signal name 'Bad-Name' is not [a-z][a-z0-9_]*
    """
    if not isinstance(signal, Signal):
        raise PluginError(f"{where} registered {signal!r}, which is not a normkit Signal")
    if not _NAME.fullmatch(signal.name):
        raise PluginError(f"{where}: signal name {signal.name!r} is not [a-z][a-z0-9_]*")
    if signal.type not in SIGNAL_TYPES:
        raise PluginError(
            f"{where}: signal {signal.name} has type {signal.type!r}, not one of {SIGNAL_TYPES}"
        )
    if not callable(signal.compute):
        raise PluginError(f"{where}: signal {signal.name} has no compute function")
    return signal


@dataclass(frozen=True)
class SignalSet:
    """Signals in order, computed together over one document.

    >>> signals = SignalSet.of([Signal("n", "int", "", lambda d: len(d.text)), Signal("one", "int", "", lambda d: 1)])
    >>> signals.names, signals.compute(SignalInput("好好"))
    (['n', 'one'], {'n': 2, 'one': 1})
    """

    signals: tuple[Signal, ...]

    @classmethod
    def of(cls, signals: Iterable[Signal]) -> SignalSet:
        """A set from ``signals``; a name given twice is a :class:`PluginError`."""
        seen: dict[str, Signal] = {}
        for s in signals:
            if s.name in seen:
                raise PluginError(f"signal {s.name!r} is registered twice")
            seen[s.name] = s
        return cls(tuple(seen.values()))

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.signals]

    def types(self) -> dict[str, SignalType]:
        return {s.name: s.type for s in self.signals}

    def compute(self, doc: SignalInput) -> dict[str, Any]:
        """The value of every signal, by name, in order."""
        return {s.name: s.value(doc) for s in self.signals}
