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
    r"""Start and end in ``raw`` (a JSON object) of the string value of top-level ``key``.

    Keys are compared as parsed (``"t\u0065xt"`` is ``text``; ``"\"text"`` is not); of
    duplicate keys the last counts, as for the parser. ``None`` when the key is missing or
    its (last) value is not a string.

    >>> raw = b'{"meta": {"text": "inner"}, "text": "outer", "n": 1}'
    >>> start, end = value_span(raw, "text"); raw[start:end]
    b'"outer"'
    >>> raw = b'{"\\"text": "a", "t\\u0065xt": "b", "text": 1, "text": "c"}'
    >>> start, end = value_span(raw, "text"); raw[start:end]
    b'"c"'
    """
    wanted = orjson.dumps(key)
    depth = 0
    found: tuple[int, int] | None = None
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
            found = value.span() if value is not None else None  # the last occurrence wins
            continue
        depth += 1 if first in (0x7B, 0x5B) else -1  # { [ open, } ] close
    return found


def splice_text(raw: bytes, parsed_text: str, key: str, new_text: str) -> bytes | None:
    r"""``raw`` with the string value of ``key`` (the one the parser kept) replaced by
    ``new_text``, every other byte kept: other keys, duplicates, numbers of any size.
    ``None`` when the value cannot be located safely (the caller then rejects or
    re-serialises).

    >>> splice_text(b'{"text":"a","n":123456789012345678901234567890}', "a", "text", "b")
    b'{"text":"b","n":123456789012345678901234567890}'
    >>> splice_text(b'{"\\"text":"a","t\\u0065xt":"a"}', "a", "text", "b")
    b'{"\\"text":"a","t\\u0065xt":"b"}'
    """
    encoded = orjson.dumps(parsed_text)
    start = _fast_value_start(raw, key, encoded)
    if start is not None:
        end = start + len(encoded)  # written as orjson writes it: found without scanning it
    else:
        span = value_span(raw, key)
        if span is None:
            return None
        start, end = span
        try:
            if orjson.loads(raw[start:end]) != parsed_text:  # pragma: no cover - the parser agrees
                return None
        except orjson.JSONDecodeError:  # pragma: no cover - the whole record parsed
            return None
    return b"".join((raw[:start], orjson.dumps(new_text), raw[end:]))


def _fast_value_start(raw: bytes, key: str, encoded: bytes) -> int | None:
    """Where the value of ``key`` starts, without scanning the record, when that is
    certain: the quoted key occurs once, right after the only ``{`` before it or a comma
    (so it is a whole key at the top level), is followed by a colon and by the value
    written as ``encoded``, and no backslash outside that value could spell the key
    another way (``t\\u0065xt``). Otherwise ``None``, and :func:`value_span` scans."""
    quoted = orjson.dumps(key)
    at = raw.find(quoted)
    if at < 0 or raw.find(quoted, at + 1) >= 0 or raw.count(b"{", 0, at) != 1:
        return None
    before = raw[:at].rstrip(b" \t\r\n")
    if not before.endswith((b"{", b",")):
        return None
    colon = _COLON.match(raw, at + len(quoted))
    if colon is None:
        return None
    start = colon.end()
    if not raw.startswith(encoded, start) or b"\\" in before or b"\\" in raw[start + len(encoded) :]:
        return None
    return start


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
    """The reason a line failed to parse: undecodable bytes or invalid JSON.

    >>> parse_error(b'{"text": "\\xff"}', ValueError("bad"))
    'invalid UTF-8 at byte 10'
    >>> parse_error(b'{"a": }', ValueError("unexpected character"))
    'invalid JSON: unexpected character'
    """
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return f"invalid UTF-8 at byte {err.start}"
    return f"invalid JSON: {exc}"


def dumps(record: Any) -> bytes:
    """Serialise a record for output (non-JSON values such as dates become strings; a
    string that is no valid Unicode, such as a file name of undecodable bytes, shows
    them as escapes).

    >>> import datetime, os
    >>> dumps({"text": "中文", "day": datetime.date(2026, 12, 7)}).decode()
    '{"text":"中文","day":"2026-12-07"}'
    >>> dumps({"file": os.fsdecode(b"crawl/\\xff.jsonl")}).decode()
    '{"file":"crawl/\\\\\\\\xff.jsonl"}'
    """
    try:
        return orjson.dumps(record, default=str)
    except TypeError:  # a lone surrogate: orjson refuses it
        return orjson.dumps(printable(record), default=str)


def printable(value: Any) -> Any:
    """``value`` with every string made valid Unicode: the undecodable bytes of a name
    read with ``surrogateescape`` as ``\\xNN``, other lone surrogates as ``\\uDNNN``.

    >>> printable({"member": ["a\\udcff", "b\\ud800"]})
    {'member': ['a\\\\xff', 'b\\\\ud800']}
    """
    if isinstance(value, str):
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [printable(v) for v in value]
    return value
