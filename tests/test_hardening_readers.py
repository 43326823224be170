"""Hostile bytes to the readers: each is a document or a reject with a reason (the pieces
``fuzz/fuzz_readers.py`` builds from, checked one by one)."""

from __future__ import annotations

import gzip
import io

import pytest
import zstandard

from normkit.io.formats import Format
from normkit.io.readers import ReadOptions, read_records


def read(
    data: bytes, kind: str = "jsonl", compression: str = "", **options: object
) -> list[tuple[str | None, str | None]]:
    records = read_records(io.BytesIO(data), Format(kind, compression), ReadOptions(**options), "in")  # type: ignore[arg-type]
    return [(r.doc.text if r.doc else None, r.error) for r in records]


@pytest.mark.parametrize(
    ("line", "text", "reason"),
    [
        (b'{"text": "a\\ud800b"}', None, "invalid JSON"),  # a lone high surrogate escape
        (b'{"text": "\\udc00"}', None, "invalid JSON"),  # a lone low surrogate escape
        (b'{"text": "\\ud83d\\ude00"}', "\U0001f600", None),  # a pair: fine
        (b'{"text": "a\\u0000b"}', "a\x00b", None),  # an escaped NUL is text
        (b'{"text": "a\x00b"}', None, "invalid JSON"),  # a raw NUL inside a string is not JSON
        (b'{"text": "\xc0\xaf"}', None, "invalid UTF-8 at byte 10"),  # overlong '/'
        (b'{"text": "\xed\xa0\x80"}', None, "invalid UTF-8 at byte 10"),  # a UTF-8-encoded surrogate
        (b'{"text": "\\x41"}', None, "invalid JSON"),
        (b'{"text": "cut', None, "invalid JSON"),
    ],
)
def test_hostile_jsonl_lines(line: bytes, text: str | None, reason: str | None) -> None:
    [(got_text, error)] = read(line + b"\n")
    assert got_text == text
    if reason is None:
        assert error is None
    else:
        assert error is not None and error.startswith(reason)


def test_overlong_utf8_in_plain_text_is_rejected_or_replaced_and_counted() -> None:
    assert read(b"ok\n\xe0\x80\x80\n", "text", line_docs=True) == [
        ("ok", None),
        (None, "invalid UTF-8 at byte 0"),
    ]
    [(text, error)] = read(b"\xe0\x80\x80", "text", decode_errors="replace")
    assert error is None and text is not None and "\ufffd" in text


@pytest.mark.parametrize("compression", ["gz", "zst"])
def test_a_stream_cut_anywhere_never_raises(compression: str) -> None:
    body = b"".join(b'{"text": "line %d"}\n' % i for i in range(50))
    packed = gzip.compress(body) if compression == "gz" else zstandard.ZstdCompressor().compress(body)
    for cut in range(0, len(packed), 7):
        got = read(packed[:cut], "jsonl", compression)
        texts = [t for t, _ in got if t is not None]
        assert texts == [f"line {i}" for i in range(len(texts))]
        assert all(e for t, e in got if t is None)
        assert sum(t is None for t, _ in got) <= 1
