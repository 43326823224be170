"""Readers: turn an input (path or stream, format, byte range) into :class:`Record` objects.

Readers never raise on bad data: a line that cannot be decoded, invalid JSON, a missing
text field or a damaged compressed stream each become a record with an ``error``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from .._context import Document
from ..errors import PartialLine as PartialLine
from .compression import CorruptInput, MissingDependency, iter_chunks
from .formats import Format
from .jsonl import loads, parse_error
from .records import Record

_BOM = b"\xef\xbb\xbf"
#: ``--max-record-mb`` default: 64 MiB.
DEFAULT_MAX_RECORD_BYTES = 64 << 20
#: How much of an oversized record the rejects file keeps.
OVERSIZE_HEAD = 4096


@dataclass(frozen=True)
class Oversized:
    """A line longer than the limit: its size and first bytes (the rest was not kept).

    >>> list(iter_lines(iter([b"short\\n", b"x" * 20 + b"\\n"]), limit=10))[1]
    Oversized(size=20, head=b'xxxxxxxxxxxxxxxxxxxx')
    """

    size: int
    head: bytes
    #: Not over the limit, but there was no memory left to hold it.
    out_of_memory: bool = field(default=False, repr=False)


@dataclass(frozen=True)
class ReadOptions:
    """How to turn records into documents (see :func:`read_records`).

    >>> ReadOptions(text_field="content").max_record_bytes == 64 << 20
    True
    """

    text_field: str = "text"
    id_field: str = "id"
    #: Plain text: one document per line instead of one per file.
    line_docs: bool = False
    #: ``"reject"`` undecodable text, or ``"replace"`` bad bytes with U+FFFD (recorded).
    decode_errors: str = "reject"
    #: Records (lines, or whole plain-text files) longer than this many bytes are
    #: rejected without being held in memory (``--max-record-mb``).
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES


def iter_lines(chunks: Iterator[bytes], limit: int | None = None) -> Iterator[bytes | Oversized]:
    """Lines (without ``\\n``) from a stream of chunks; a final line without ``\\n`` is kept.

    A line longer than ``limit`` bytes is yielded as :class:`Oversized`: once the line
    passes the limit its bytes are counted and dropped, so at most ``limit`` bytes plus
    one chunk are held. Raises :class:`PartialLine` carrying the unfinished line (its
    head, when oversized) if the chunks raise :class:`CorruptInput`.

    >>> list(iter_lines(iter([b"ab\\ncd", b"e\\nf"])))
    [b'ab', b'cde', b'f']
    >>> list(iter_lines(iter([b"short\\n", b"x" * 20 + b"\\nok"]), limit=10))[1].size
    20
    """
    pending: list[bytes] = []
    pending_size = 0
    skipped = -1  # bytes of an oversized line counted so far; -1 while not skipping
    head = b""
    try:
        for chunk in chunks:
            newline = chunk.find(b"\n")
            if skipped >= 0:
                rest = chunk if newline < 0 else chunk[:newline]
                if len(head) < OVERSIZE_HEAD:
                    head += rest[: OVERSIZE_HEAD - len(head)]
                if newline < 0:
                    skipped += len(chunk)
                    continue
                yield Oversized(skipped + newline, head)
                skipped = -1
                chunk = chunk[newline + 1 :]
                newline = chunk.find(b"\n")
            if newline < 0:
                if limit is not None and pending_size + len(chunk) > limit:
                    head = b"".join(pending)[:OVERSIZE_HEAD] if pending else b""
                    head = (head + chunk[: OVERSIZE_HEAD - len(head)])[:OVERSIZE_HEAD]
                    skipped = pending_size + len(chunk)
                    pending, pending_size = [], 0
                    continue
                if chunk:
                    pending.append(chunk)
                    pending_size += len(chunk)
                continue
            # No memory left to hold a long line (joined from its pieces, or split from what
            # follows it): that line is rejected, the lines after it are read.
            starved: Oversized | None = None
            joined = False
            if pending:
                try:
                    chunk = b"".join((*pending, chunk))
                    joined = True
                except MemoryError:
                    starved = Oversized(pending_size + newline, pending[0][:OVERSIZE_HEAD], True)
                    chunk = chunk[newline + 1 :]
                pending, pending_size = [], 0
            try:
                lines = chunk.split(b"\n")
            except MemoryError:
                if not joined:
                    raise
                end = chunk.find(b"\n")
                starved = Oversized(end, chunk[:OVERSIZE_HEAD], True)
                chunk = chunk[end + 1 :]
                lines = chunk.split(b"\n")
            chunk = b""  # (its lines are copies: a long record is not held twice while cleaned)
            if starved is not None:
                yield starved
                starved = None
            last = lines.pop()
            if limit is None:
                yield from lines
            else:
                for line in lines:
                    yield line if len(line) <= limit else Oversized(len(line), line[:OVERSIZE_HEAD])
            if last:
                if limit is not None and len(last) > limit:
                    skipped, head = len(last), last[:OVERSIZE_HEAD]
                else:
                    pending.append(last)
                    pending_size = len(last)
    except CorruptInput as exc:
        partial = head if skipped >= 0 else b"".join(pending)
        raise PartialLine(str(exc), partial) from exc
    if skipped >= 0:
        yield Oversized(skipped, head)
    elif pending:
        yield b"".join(pending)


def read_records(
    source: str | IO[bytes],
    fmt: Format,
    options: ReadOptions,
    name: str,
    start: int = 0,
    end: int | None = None,
    first_line: int = 1,
) -> Iterator[Record]:
    """Every record of ``source`` (a path or binary stream) in ``fmt``.

    ``start``/``end`` select a byte range of an uncompressed file that begins at line
    ``first_line``. ``name`` is the input's display name (ids of plain-text documents).
    A record that cannot be read comes with its ``error``, and the reading goes on:

    >>> import io
    >>> data = io.BytesIO(b'{"id": 1, "text": "a"}\\n{broken\\n')
    >>> [(r.line, r.doc and r.doc.text, r.error is not None) for r in read_records(data, Format("jsonl"), ReadOptions(), "x")]
    [(1, 'a', False), (2, None, True)]
    """
    if fmt.kind == "parquet":
        if not isinstance(source, str):
            raise MissingDependency("Parquet cannot be read from stdin; give a file")
        yield from _parquet_records(source, options)
        return
    chunks = iter_chunks(source, fmt.compression, start, end)
    if fmt.kind == "jsonl":

        def jsonl_record(raw: bytes, n: int) -> Record | None:
            # a byte-order mark opening the file, or a file joined on (`cat a.jsonl b.jsonl`)
            if raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            return _jsonl_record(raw, n, options)

        yield from _line_records(chunks, first_line, options.max_record_bytes, jsonl_record)
    elif options.line_docs:
        yield from _line_records(
            chunks,
            first_line,
            options.max_record_bytes,
            lambda raw, n: _text_record(raw, n, f"{name}:{n}", options),
        )
    else:
        yield _whole_file(chunks, name, options)


def oversize_reason(size: int, limit: int, whole_file: bool = False, what: str = "") -> str:
    """Why an oversized record was rejected (names the limit and the flag that sets it).

    >>> oversize_reason(100 << 20, 64 << 20)
    'record too large: 104857600 bytes, over the limit of 67108864 bytes (--max-record-mb 64); not loaded'
    """
    what = what or ("document" if whole_file else "record")
    more = "at least " if whole_file else ""
    return (
        f"{what} too large: {more}{size} bytes, over the limit of {limit} bytes"
        f" (--max-record-mb {limit / (1 << 20):g}); not loaded"
    )


def _line_records(
    chunks: Iterator[bytes],
    first_line: int,
    limit: int,
    make: Callable[[bytes, int], Record | None],
) -> Iterator[Record]:
    number = first_line - 1
    lines = iter_lines(chunks, limit)
    while True:
        try:
            raw = next(lines)
        except StopIteration:
            return
        except PartialLine as exc:
            yield Record(number + 1, exc.partial, error=str(exc))
            return
        number += 1
        if isinstance(raw, Oversized):
            if raw.out_of_memory:
                yield Record(number, raw.head, error=f"out of memory reading a record of {raw.size} bytes")
            else:
                yield Record(number, raw.head, error=oversize_reason(raw.size, limit))
            continue
        record = make(raw, number)
        if record is not None:
            yield record


def _decode(raw: bytes, options: ReadOptions) -> tuple[str | None, str | None, bool]:
    """(text, error, replaced)."""
    try:
        return raw.decode("utf-8"), None, False
    except UnicodeDecodeError as exc:
        if options.decode_errors == "replace":
            return raw.decode("utf-8", "replace"), None, True
        return None, f"invalid UTF-8 at byte {exc.start}", False


def _text_record(raw: bytes, line: int | None, doc_id: str, options: ReadOptions) -> Record:
    try:
        text, error, replaced = _decode(raw, options)
    except MemoryError:
        return Record(line, raw, error=f"out of memory decoding a document of {len(raw)} bytes")
    if text is None:
        return Record(line, raw, error=error)
    return Record(line, raw, Document(text, doc_id), replaced=replaced)


def _whole_file(chunks: Iterator[bytes], name: str, options: ReadOptions) -> Record:
    parts: list[bytes] = []
    size = 0
    limit = options.max_record_bytes
    try:
        for chunk in chunks:
            size += len(chunk)
            if size > limit:
                head = b"".join(parts)[:OVERSIZE_HEAD] if parts else chunk[:OVERSIZE_HEAD]
                return Record(None, head, error=oversize_reason(size, limit, whole_file=True))
            parts.append(chunk)
    except CorruptInput as exc:
        return Record(None, b"".join(parts), error=str(exc))
    try:
        whole = b"".join(parts)
    except MemoryError:
        head = parts[0][:OVERSIZE_HEAD] if parts else b""
        del parts
        return Record(None, head, error=f"out of memory reading a document of {size} bytes")
    del parts
    return _text_record(whole, None, name, options)


def _jsonl_record(raw: bytes, line: int, options: ReadOptions) -> Record | None:
    if not raw or raw.isspace():
        return None  # blank lines are no records
    try:
        fields = loads(raw)
    except orjson.JSONDecodeError as exc:
        return Record(line, raw, error=parse_error(raw, exc))
    except MemoryError:
        return Record(line, raw, error=f"out of memory parsing a record of {len(raw)} bytes")
    return record_from_fields(fields, line, raw, options)


def record_from_fields(fields: Any, line: int | None, raw: bytes, options: ReadOptions) -> Record:
    """A record from a parsed JSON object or Parquet row (checks the text field).

    >>> record_from_fields({"id": 7, "text": "a"}, 3, b"", ReadOptions()).doc
    Document(text='a', id='7', meta={})
    >>> record_from_fields({"id": 7, "body": "a"}, 3, b"", ReadOptions()).error
    "text field 'text' is missing"
    """
    if not isinstance(fields, dict):
        return Record(line, raw, error=f"not a JSON object but {type(fields).__name__}")
    text = fields.get(options.text_field)
    if text is None:
        missing = "missing" if options.text_field not in fields else "null"
        return Record(line, raw, fields=fields, error=f"text field {options.text_field!r} is {missing}")
    if not isinstance(text, str):
        return Record(
            line,
            raw,
            fields=fields,
            error=f"text field {options.text_field!r} is {type(text).__name__}, not a string",
        )
    doc_id = fields.get(options.id_field)
    meta = {k: v for k, v in fields.items() if k != options.text_field and k != options.id_field}
    doc = Document(text, None if doc_id is None else str(doc_id), meta)
    return Record(line, raw, doc, fields)


def _parquet_records(path: str, options: ReadOptions) -> Iterator[Record]:
    from .parquet import OversizedCell, iter_rows

    line = 0
    limit = options.max_record_bytes
    try:
        for row in iter_rows(path, limit, OVERSIZE_HEAD):
            line += 1
            if isinstance(row, OversizedCell):
                reason = oversize_reason(row.size, limit, what=f"cell {row.column!r}")
                yield Record(line, row.head, error=reason)
                continue
            yield record_from_fields(row, line, b"", options)
    except CorruptInput as exc:
        yield Record(line + 1, b"", error=str(exc))
