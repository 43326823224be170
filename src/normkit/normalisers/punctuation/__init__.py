"""Punctuation damage in Chinese text (stage ``inline``).

Doubled marks, half-width marks and quotes in Chinese context, ellipses made of dots,
and sentence-final marks lost by a whole document. Every rule looks at the characters
around a mark: it only acts in Chinese context (a Han character or a full-width mark
beside it) and never inside a protected span (URLs, e-mail addresses, numbers such as
``9:40:36`` or ``3,000``, code, runs of Latin text).

One module per rule (``width``, ``doubled`` with the ellipsis, ``quotes``, ``final``),
the Chinese-run engine they share (``runs``) and the line shapes that ``final`` and
``lines.rejoin`` share (``shapes``). This package registers the five normalisers.
"""

from __future__ import annotations

from ...hookspecs import hookimpl
from .doubled import Doubled, Ellipsis
from .final import Final, FinalOptions
from .quotes import Quotes
from .runs import CLOSERS, SENTENCE_END, TONED
from .width import Width, name_marks

__all__ = [
    "CLOSERS",
    "SENTENCE_END",
    "TONED",
    "Doubled",
    "Ellipsis",
    "Final",
    "FinalOptions",
    "Quotes",
    "Width",
    "name_marks",
]


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Ellipsis)
    register(Doubled)
    register(Width)
    register(Quotes)
    register(Final)
