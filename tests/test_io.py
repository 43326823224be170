"""Formats, compression, JSONL splicing and line reading."""

from __future__ import annotations

import gzip
import io

import orjson
import pytest
import zstandard
from hypothesis import given
from hypothesis import strategies as st

from normkit.io.compression import CorruptInput, iter_chunks, open_compressed_writer, sniff_compression
from normkit.io.formats import Format, detect_format, parse_format, rename_for
from normkit.io.jsonl import splice_text, value_span
from normkit.io.readers import PartialLine, ReadOptions, iter_lines, read_records

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), st.text(max_size=20))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@pytest.mark.parametrize(
    ("name", "kind", "compression"),
    [
        ("a.jsonl", "jsonl", ""),
        ("a/b.JSONL.GZ", "jsonl", "gz"),
        ("x.ndjson.zst", "jsonl", "zst"),
        ("p.txt.gz", "text", "gz"),
        ("page.html", "text", ""),
        ("README", "text", ""),
        ("t.parquet", "parquet", ""),
        ("v1.2.tar.gz", "text", "gz"),
    ],
)
def test_detect_format(name: str, kind: str, compression: str) -> None:
    assert detect_format(name) == Format(kind, compression)


def test_parse_format_and_renaming() -> None:
    assert parse_format("txt.zstd") == Format("text", "zst")
    assert rename_for("d/a.jsonl.gz", Format("text", "zst")) == "d/a.txt.zst"
    assert rename_for("page.html", Format("jsonl")) == "page.html.jsonl"
    for bad in ("xml", "jsonl.bz2", "parquet.gz"):
        with pytest.raises(ValueError):
            parse_format(bad)


@given(
    st.dictionaries(st.text(max_size=6), json_values, max_size=4),
    st.text(),
    st.text(),
    st.booleans(),
)
def test_splice_replaces_only_the_text_value(
    others: dict[str, object], old: str, new: str, first: bool
) -> None:
    record = {"text": old, **others} if first else {**others, "text": old}
    raw = orjson.dumps(record)
    spliced = splice_text(raw, old, "text", new)
    assert spliced is not None
    assert orjson.loads(spliced) == {**record, "text": new}
    start, end = value_span(raw, "text")  # type: ignore[misc]
    assert spliced[:start] == raw[:start] and spliced[len(spliced) - (len(raw) - end) :] == raw[end:]


def test_value_span_ignores_nested_keys_and_values_and_escaped_keys() -> None:
    raw = b'{"a": "text", "m": {"text": "no"}, "l": ["text", {"text": 1}], "t\\u0065xt": "yes"}'
    start, end = value_span(raw, "text")  # type: ignore[misc]
    assert raw[start:end] == b'"yes"'
    assert value_span(b'{"text": 3}', "text") is None
    assert value_span(b'{"other": "text"}', "text") is None
    # a duplicate key: orjson keeps the last, so the last is replaced and the first kept as it was
    assert splice_text(b'{"text": "a", "text": "b"}', "b", "text", "c") == b'{"text": "a", "text": "c"}'
    # a key that only contains the spelling of "text" is another key
    raw = b'{"\\"text":"x","t\\u0065xt":"x"}'
    assert splice_text(raw, "x", "text", "y") == b'{"\\"text":"x","t\\u0065xt":"y"}'


@given(st.binary(max_size=300), st.lists(st.integers(1, 40), min_size=1, max_size=20))
def test_iter_lines_does_not_depend_on_chunking(data: bytes, sizes: list[int]) -> None:
    chunks, pos, k = [], 0, 0
    while pos < len(data):
        size = sizes[k % len(sizes)]
        chunks.append(data[pos : pos + size])
        pos, k = pos + size, k + 1
    expected = data.split(b"\n")
    if expected and expected[-1] == b"":
        expected.pop()
    assert list(iter_lines(iter(chunks))) == expected


def test_iter_lines_keeps_the_unfinished_line_of_a_damaged_stream() -> None:
    def damaged():  # type: ignore[no-untyped-def]
        yield b"one\ntw"
        yield b"o-and-a-bit"
        raise CorruptInput("cut")

    lines = iter_lines(damaged())
    assert next(lines) == b"one"
    with pytest.raises(PartialLine) as caught:
        next(lines)
    assert caught.value.partial == b"two-and-a-bit"


@pytest.mark.parametrize("compression", ["", "gz", "zst"])
def test_compressed_round_trip_and_concatenated_pieces(compression: str) -> None:
    parts = []
    for piece in (b"first\n" * 1000, b"second\n"):
        sink = io.BytesIO()
        writer = open_compressed_writer(_KeepOpen(sink), compression)
        writer.write(piece)
        writer.close()
        parts.append(sink.getvalue())
    joined = b"".join(parts)
    assert b"".join(iter_chunks(io.BytesIO(joined), compression)) == b"first\n" * 1000 + b"second\n"
    if compression:
        assert sniff_compression(joined) == compression


@pytest.mark.parametrize("compression", ["gz", "zst"])
def test_truncated_streams_are_errors_not_silent_ends(compression: str) -> None:
    data = bytes(range(256)) * 4000
    packed = gzip.compress(data) if compression == "gz" else zstandard.ZstdCompressor().compress(data)
    with pytest.raises(CorruptInput, match="truncated"):
        b"".join(iter_chunks(io.BytesIO(packed[:-10]), compression))


def test_read_records_jsonl_and_line_docs() -> None:
    data = b'{"id": 1, "text": "a", "k": [1]}\n\n{"text": 2}\nnot json\n'
    records = list(read_records(io.BytesIO(data), Format("jsonl"), ReadOptions(), "in"))
    assert [(r.line, r.error is None) for r in records] == [(1, True), (3, False), (4, False)]
    assert records[0].doc is not None and records[0].doc.id == "1" and dict(records[0].doc.meta) == {"k": [1]}
    assert records[1].error == "text field 'text' is int, not a string"
    lines = list(read_records(io.BytesIO(b"x\n\xff\ny"), Format("text"), ReadOptions(line_docs=True), "f"))
    assert [(r.line, r.doc.id if r.doc else r.error) for r in lines] == [
        (1, "f:1"),
        (2, "invalid UTF-8 at byte 0"),
        (3, "f:3"),
    ]


def test_byte_ranges_start_at_their_first_line(tmp_path: object) -> None:
    import pathlib

    path = pathlib.Path(str(tmp_path)) / "a.jsonl"
    path.write_bytes(b'{"text":"a"}\n{"text":"b"}\n{"text":"c"}\n')
    records = list(
        read_records(str(path), Format("jsonl"), ReadOptions(), "a", start=13, end=26, first_line=2)
    )
    assert [(r.line, r.doc.text if r.doc else None) for r in records] == [(2, "b")]


class _KeepOpen(io.BytesIO):
    """A sink whose close() keeps the bytes readable."""

    def __init__(self, target: io.BytesIO) -> None:
        super().__init__()
        self._target = target

    def write(self, data: bytes) -> int:  # type: ignore[override]
        return self._target.write(data)

    def close(self) -> None:
        pass


def test_a_byte_order_mark_opening_a_jsonl_file_is_not_an_error() -> None:
    data = b'\xef\xbb\xbf{"text": "a"}\n{"text": "b"}\n'
    records = list(read_records(io.BytesIO(data), Format("jsonl"), ReadOptions(), "in"))
    assert [r.doc.text for r in records if r.doc] == ["a", "b"]


def test_gzip_output_comes_in_bounded_chunks_however_well_it_compresses() -> None:
    from normkit.io.compression import CHUNK

    bomb = gzip.compress(b"\0" * (40 * CHUNK) + b"end\n", 9) + gzip.compress(b"second\n")
    chunks = list(iter_chunks(io.BytesIO(bomb), "gz"))
    assert max(map(len, chunks)) <= CHUNK
    assert b"".join(chunks) == b"\0" * (40 * CHUNK) + b"end\nsecond\n"
    with pytest.raises(CorruptInput):
        list(iter_chunks(io.BytesIO(bomb[:-30]), "gz"))


def test_zstd_output_comes_in_bounded_chunks_however_well_it_compresses() -> None:
    import zstandard

    from normkit.io.compression import CHUNK

    # one-shot compression writes the content size in the frame header: the decoder used
    # to allocate the whole expansion at once
    body = b"\0" * (40 * CHUNK) + b"end\n"
    bomb = zstandard.ZstdCompressor(level=19).compress(body) + zstandard.ZstdCompressor().compress(
        b"second\n"
    )
    assert len(bomb) < 4096
    chunks = list(iter_chunks(io.BytesIO(bomb), "zst"))
    assert max(map(len, chunks)) <= CHUNK + (4 << 20)
    assert b"".join(chunks) == body + b"second\n"
    with pytest.raises(CorruptInput):
        list(iter_chunks(io.BytesIO(bomb[:-30]), "zst"))


_keys = st.sampled_from(["text", "id", "t", "texts", '"text', "text\\", "meta"])
_values = st.one_of(
    st.text(max_size=8), st.integers(-(2**70), 2**70), st.none(), st.lists(st.text(max_size=3), max_size=2)
)


def _json(value: object) -> bytes:
    """``value`` as JSON; integers of any size as their digits (orjson stops at 64 bits)."""
    return str(value).encode() if isinstance(value, int) else orjson.dumps(value)


def _spell(key: str, escaped: bool) -> bytes:
    """A JSON key, plain or with every character as a \\u escape."""
    if not escaped:
        return orjson.dumps(key)
    return b'"' + "".join(f"\\u{ord(c):04x}" for c in key).encode() + b'"'


@given(
    st.lists(st.tuples(_keys, _values, st.booleans()), max_size=6),
    st.text(max_size=8),
    st.text(max_size=8),
    st.booleans(),
)
def test_splice_replaces_exactly_the_parsed_text_value(
    pairs: list[tuple[str, object, bool]], text: str, new: str, spaced: bool
) -> None:
    pairs = [*pairs, ("text", text, False)] if all(k != "text" for k, _, _ in pairs) else pairs
    sep = b", " if spaced else b","
    raw = b"{" + sep.join(_spell(k, e) + b":" + _json(v) for k, v, e in pairs) + b"}"
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return  # integers beyond 64 bits as floats beyond range, and the like: a reject upstream
    if not isinstance(parsed.get("text"), str):
        return
    out = splice_text(raw, parsed["text"], "text", new)
    assert out is not None
    assert orjson.loads(out) == {**parsed, "text": new}
    span = value_span(raw, "text")
    assert span is not None and orjson.loads(raw[span[0] : span[1]]) == parsed["text"]
    assert out == raw[: span[0]] + orjson.dumps(new) + raw[span[1] :]  # every other byte kept
