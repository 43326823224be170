"""Signals as typed columns (Parquet, Arrow, Hugging Face datasets).

A column store needs the same fields in every row: each signal becomes one field of
its declared type, and a ``counts`` signal (names vary per document) becomes a JSON
object as text.

>>> from normkit.signals.base import Signal, SignalSet
>>> signals = SignalSet((Signal("n", "int", "", len), Signal("by", "counts", "", dict)))
>>> row({"n": 3, "by": {"b": 1, "a": 2}, "other": "x"}, signals)
{'n': 3, 'by': '{"a":2,"b":1}'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from .base import SignalSet


def row(annotations: Mapping[str, Any], signals: SignalSet) -> dict[str, Any]:
    """The signals of one document as a flat row of scalars (missing ones ``None``).

    >>> from normkit.signals.base import Signal
    >>> row({}, SignalSet((Signal("n", "int", "", len),)))
    {'n': None}
    """
    out: dict[str, Any] = {}
    for s in signals.signals:
        value = annotations.get(s.name)
        if s.type == "counts" and value is not None:
            value = orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
        out[s.name] = value
    return out


def arrow_type(signals: SignalSet) -> Any:
    """The Arrow struct type of :func:`row` (imports pyarrow).

    >>> from normkit.signals.base import Signal
    >>> arrow_type(SignalSet((Signal("n", "int", "", len), Signal("by", "counts", "", dict))))
    StructType(struct<n: int64, by: string>)
    """
    import pyarrow as pa

    types = {"bool": pa.bool_(), "int": pa.int64(), "float": pa.float64(), "counts": pa.string()}
    return pa.struct([pa.field(s.name, types[s.type]) for s in signals.signals])
