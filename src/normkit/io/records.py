"""One input record: where it came from, its raw bytes, and the document (or why there is none)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._context import Document


@dataclass(slots=True)
class Record:
    """A record read from an input.

    ``line`` counts from 1 (``None`` for a whole-file document). ``raw`` is the record as
    read (a JSONL line without its ``\\n``, or a whole file); ``fields`` the parsed JSON
    object or Parquet row; ``error`` the reason it was rejected before cleaning.

    >>> Record(2, b"{broken", error="invalid JSON").doc is None
    True
    """

    line: int | None
    raw: bytes
    doc: Document | None = None
    fields: dict[str, Any] | None = None
    error: str | None = None
    #: The text was decoded with replacement characters (``--decode-errors replace``).
    replaced: bool = False
