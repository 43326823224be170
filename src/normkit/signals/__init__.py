"""Per-document quality signals, computed from the chain's shared analysis.

:class:`normkit.Pipeline` computes them after the last normaliser and puts them in
``Result.annotations`` (with the normalisers' own annotations); ``normkit clean``
writes them under one field and filters on them with ``--drop-if``. See
``docs/signals.md`` for every signal.

>>> import normkit
>>> r = normkit.Pipeline().process(normkit.Document("今天天气很好。\\n今天天气很好。"))
>>> r.annotations["han_share"], r.annotations["duplicate_line_share"]
(0.8571, 0.5)
"""

from __future__ import annotations

from .base import FLOAT_DIGITS, SIGNAL_TYPES, RegisterSignal, Signal, SignalInput, SignalSet, SignalType
from .registry import signal_set

__all__ = [
    "FLOAT_DIGITS",
    "SIGNAL_TYPES",
    "RegisterSignal",
    "Signal",
    "SignalInput",
    "SignalSet",
    "SignalType",
    "signal_set",
]
