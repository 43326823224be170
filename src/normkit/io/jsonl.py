"""JSON Lines records: parse one line, and find where its text value sits in the raw bytes.

The raw bytes of a record are kept so that a record is written back byte-for-byte: an
unchanged record as it was, a changed one with only its text value replaced.
"""

from __future__ import annotations

from typing import Any

import orjson
import regex

#: One JSON string (possessive: linear on any input) or one bracket.
_TOKEN = regex.compile(rb'"(?:[^"\\]++|\\.)*+"|[{}\[\]]')
_COLON = regex.compile(rb"[ \t\r\n]*+:[ \t\r\n]*+")
_STRING = regex.compile(rb'"(?:[^"\\]++|\\.)*+"')


def value_span(raw: bytes, key: str) -> tuple[int, int] | None:
    """Start and end in ``raw`` (a JSON object) of the string value of top-level ``key``.

    ``None`` when the key is missing or its value is not a string.

    >>> raw = b'{"meta": {"text": "inner"}, "text": "outer", "n": 1}'
    >>> start, end = value_span(raw, "text"); raw[start:end]
    b'"outer"'
    """
    wanted = orjson.dumps(key)
    depth = 0
    for match in _TOKEN.finditer(raw):
        start, end = match.span()
        first = raw[start]
        if first == 0x22:  # a string
            if depth != 1:
                continue
            colon = _COLON.match(raw, end)
            if colon is None:
                continue  # a value, not a key
            token = raw[start:end]
            if token != wanted and (b"\\" not in token or orjson.loads(token) != key):
                continue
            value = _STRING.match(raw, colon.end())
            return value.span() if value is not None else None
        depth += 1 if first in (0x7B, 0x5B) else -1  # { [ open, } ] close
    return None


def splice_text(raw: bytes, parsed_text: str, key: str, new_text: str) -> bytes | None:
    """``raw`` with the string value of ``key`` replaced by ``new_text``, every other byte
    kept; ``None`` when the value cannot be located safely (the caller re-serialises)."""
    encoded = orjson.dumps(parsed_text)
    start = _fast_value_start(raw, key)
    if start is not None and raw.startswith(encoded, start):
        end = start + len(encoded)  # written as orjson writes it: found without scanning it
    else:
        span = value_span(raw, key)
        if span is None:
            return None
        start, end = span
        try:
            if orjson.loads(raw[start:end]) != parsed_text:  # a duplicate key: orjson keeps the last
                return None
        except orjson.JSONDecodeError:  # pragma: no cover - the whole record parsed
            return None
    return b"".join((raw[:start], orjson.dumps(new_text), raw[end:]))


def _fast_value_start(raw: bytes, key: str) -> int | None:
    """Where the value of ``key`` starts when its quoted spelling occurs once, after the
    only ``{`` before it (so at the top level), and is followed by a colon; else ``None``
    and :func:`value_span` scans the record."""
    quoted = orjson.dumps(key)
    at = raw.find(quoted)
    if at < 0 or raw.find(quoted, at + 1) >= 0 or raw.count(b"{", 0, at) != 1:
        return None
    colon = _COLON.match(raw, at + len(quoted))
    return None if colon is None else colon.end()


_CLOSE = regex.compile(rb"\}[ \t\r]*+$")
_OPEN_ONLY = regex.compile(rb"^[ \t\r\n]*+\{[ \t\r\n]*+$")


def append_field(raw: bytes, key: str, value: Any) -> bytes | None:
    """``raw`` (a JSON object that has no top-level ``key``) with ``"key": value`` added
    before its closing brace, every other byte kept; ``None`` when the object's end is
    not where it should be (the caller re-serialises).

    >>> append_field(b'{"text": "x", "url": "u"}', "normkit", {"n": 1})
    b'{"text": "x", "url": "u","normkit":{"n":1}}'
    >>> append_field(b"{}", "normkit", True)
    b'{"normkit":true}'
    """
    end = _CLOSE.search(raw)
    if end is None:
        return None
    head = raw[: end.start()]
    member = dumps(key) + b":" + dumps(value)
    if _OPEN_ONLY.match(head):
        return head + member + raw[end.start() :]
    return head + b"," + member + raw[end.start() :]


def parse_error(raw: bytes, exc: Exception) -> str:
    """The reason a line failed to parse: undecodable bytes or invalid JSON."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return f"invalid UTF-8 at byte {err.start}"
    return f"invalid JSON: {exc}"


def dumps(record: Any) -> bytes:
    """Serialise a record for output (non-JSON values such as dates become strings)."""
    return orjson.dumps(record, default=str)
