"""Writers: cleaned records out, in the input's layout or another format.

A JSONL record read from JSONL keeps its raw bytes: unchanged records are copied as
they were, changed ones get only their text value replaced.
"""

from __future__ import annotations

from typing import IO, Any, Protocol

from .compression import open_compressed_writer
from .formats import Format
from .records import Record

#: How much of a refused record's raw bytes a writer keeps for its reject.
REFUSED_HEAD = 4096


class Writer(Protocol):
    def write(self, record: Record, text: str) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    """JSON Lines out; metadata byte-for-byte when the input was JSONL too."""

    def __init__(self, stream: IO[bytes], text_field: str, id_field: str) -> None:
        from . import jsonl

        self._jsonl = jsonl
        self._stream = stream
        self._text_field = text_field
        self._id_field = id_field

    def write(self, record: Record, text: str) -> None:
        doc = record.doc
        assert doc is not None
        out: bytes | None = None
        if record.raw and record.fields is not None:
            if text == doc.text:
                out = record.raw
            else:
                out = self._jsonl.splice_text(record.raw, doc.text, self._text_field, text)
        if out is None:
            if record.fields is not None:
                fields = dict(record.fields)
                fields[self._text_field] = text
            else:
                fields = {self._id_field: doc.id, self._text_field: text}
            out = self._jsonl.dumps(fields)
        self._stream.write(out + b"\n")

    def close(self) -> None:
        self._stream.close()


class TextWriter:
    """Plain text: the document as it is (one per file), or one per line (``line_docs``)."""

    def __init__(self, stream: IO[bytes], line_docs: bool) -> None:
        self._stream = stream
        self._line_docs = line_docs

    def write(self, record: Record, text: str) -> None:
        if self._line_docs:
            text = text.rstrip("\n").replace("\n", " ") + "\n"
        self._stream.write(text.encode("utf-8", "surrogatepass"))

    def close(self) -> None:
        self._stream.close()


class ParquetWriter:
    """Parquet out. A record whose row does not fit the file's schema (a column changing
    type) is not written; it is listed in :attr:`refused` (a head of the record and the
    reason) when the rows are flushed, at the latest by :meth:`close`."""

    def __init__(self, path: str, text_field: str, id_field: str, schema: Any = None) -> None:
        from .parquet import ParquetRowWriter

        self._rows = ParquetRowWriter(path, schema)
        self._text_field = text_field
        self._id_field = id_field

    @property
    def refused(self) -> list[tuple[Record, str]]:
        return self._rows.refused

    def write(self, record: Record, text: str) -> None:
        doc = record.doc
        assert doc is not None
        if record.fields is not None:
            row = dict(record.fields)
            row[self._text_field] = text
        else:
            row = {self._id_field: doc.id, self._text_field: text}
        where = Record(record.line, record.raw[:REFUSED_HEAD], fields=None if record.raw else record.fields)
        self._rows.write_row(row, where)

    def close(self) -> None:
        self._rows.close()


def open_writer(
    target: str | IO[bytes],
    fmt: Format,
    *,
    text_field: str = "text",
    id_field: str = "id",
    line_docs: bool = False,
    parquet_schema: Any = None,
) -> Writer:
    """A writer for ``fmt`` into ``target`` (a path, or a binary stream it will close)."""
    if fmt.kind == "parquet":
        if not isinstance(target, str):
            raise ValueError("Parquet output needs a file (use -o FILE or -o DIR)")
        return ParquetWriter(target, text_field, id_field, parquet_schema)
    stream = open(target, "wb") if isinstance(target, str) else target  # noqa: SIM115 - the writer closes it
    stream = open_compressed_writer(stream, fmt.compression)
    if fmt.kind == "jsonl":
        return JsonlWriter(stream, text_field, id_field)
    return TextWriter(stream, line_docs)


class KeepOpen:
    """A stream for a writer that closes what it writes to, when the stream must stay open
    (standard output, an archive's shared stream): closing only flushes."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        return self._stream.write(data)

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.flush()
