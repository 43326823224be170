"""JSON Lines records: parse one line, and find where its text value sits in the raw bytes.

The raw bytes of a record are kept so that a record is written back byte-for-byte: an
unchanged record as it was, a changed one with only its text value replaced.
"""

from __future__ import annotations

import json
import mmap
from typing import Any

import orjson
import regex

#: One JSON string (possessive: linear on any input) or one bracket.
_TOKEN = regex.compile(rb'"(?:[^"\\]++|\\.)*+"|[{}\[\]]')
_COLON = regex.compile(rb"[ \t\r\n]*+:[ \t\r\n]*+")
_STRING = regex.compile(rb'"(?:[^"\\]++|\\.)*+"')


#: Records longer than this are parsed by :func:`loads` only once the memory is there.
LOADS_CHECKED = 64 << 10
#: What ``orjson.loads`` holds at most, over the record's size: its parse buffer (about
#: 10 times; measured: a 1 MB record of short lines needs 11.5 MB) and the strings made.
LOADS_PEAK = 14


def loads(raw: bytes) -> Any:
    """``orjson.loads(raw)``, first making sure that a long record's parse has the memory
    it needs: orjson crashes the process (SIGSEGV; orjson 3.13, under an address-space
    limit) when its parse buffer fits but a string it then makes does not. Raises
    :class:`MemoryError` when the room is not there.

    >>> loads(b'{"text": "a"}')
    {'text': 'a'}
    """
    if len(raw) > LOADS_CHECKED:
        reserve(LOADS_PEAK * len(raw))
    return orjson.loads(raw)


def reserve(size: int) -> None:
    """Raise :class:`MemoryError` unless ``size`` bytes of address space can be mapped
    now (they are mapped and let go at once, never touched: this costs no memory).

    >>> reserve(1 << 20)
    """
    private = getattr(mmap, "MAP_PRIVATE", None)
    if private is None:  # pragma: no cover - Windows: no address-space limit to meet
        return
    try:
        mmap.mmap(-1, size, flags=private).close()
    except OSError:
        raise MemoryError(f"no room for {size} bytes") from None


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
    encoded = json_string(parsed_text)
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
    return b"".join((raw[:start], json_string(new_text), raw[end:]))


#: Longer strings are written by :func:`json_string` with the standard library.
SHORT_STRING = 4096


def json_string(text: str) -> bytes:
    r"""``text`` as a JSON string, byte for byte as ``orjson.dumps(text)`` writes it (the
    same escapes for every character: only ``"``, ``\`` and control characters).

    A long text is written by the standard library's encoder, which costs about twice
    its output and raises :class:`MemoryError` when memory runs out; ``orjson.dumps``
    briefly holds about 13 times its output and, when an allocation fails, crashes the
    process (SIGSEGV; orjson 3.13, under an address-space limit) or raises a wrong
    ``TypeError``. A lone surrogate raises ``TypeError`` either way, as orjson does.

    >>> json_string('中"文\n') == orjson.dumps('中"文\n')
    True
    >>> long = "第1行, \t\x01\n" * 1000
    >>> json_string(long) == orjson.dumps(long)
    True
    """
    if len(text) <= SHORT_STRING:
        return orjson.dumps(text)
    try:
        return json.dumps(text, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        raise TypeError("str is not valid UTF-8: surrogates not allowed") from None


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
    >>> parse_error(b'{"a": "b"}', ValueError("Not enough memory to allocate buffer for parsing"))
    'out of memory parsing a record of 10 bytes'
    """
    if "memory" in str(exc).lower():  # orjson: "Not enough memory to allocate buffer for parsing"
        return f"out of memory parsing a record of {len(raw)} bytes"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return f"invalid UTF-8 at byte {err.start}"
    except MemoryError:
        return f"out of memory parsing a record of {len(raw)} bytes"
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
        return _dumps(record)
    except TypeError:  # a lone surrogate: orjson refuses it
        return _dumps(printable(record))


def _dumps(record: Any) -> bytes:
    """``orjson.dumps(record, default=str)``, with the long strings of a record's fields
    written by :func:`json_string` (the same bytes, in bounded memory)."""
    if (
        isinstance(record, dict)
        and any(type(value) is str and len(value) > SHORT_STRING for value in record.values())
        and all(type(key) is str for key in record)
    ):
        members = (
            json_string(key)
            + b":"
            + (json_string(value) if type(value) is str else orjson.dumps(value, default=str))
            for key, value in record.items()
        )
        return b"{" + b",".join(members) + b"}"
    return orjson.dumps(record, default=str)


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
