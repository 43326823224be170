"""Writers: cleaned records out, in the input's layout or another format.

A JSONL record read from JSONL keeps its raw bytes: unchanged records are copied as
they were, changed ones get only their text value replaced.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any, Protocol

from .compression import open_compressed_writer
from .formats import Format
from .records import Record

#: How much of a refused record's raw bytes a writer keeps for its reject.
REFUSED_HEAD = 4096


class Writer(Protocol):
    """What every writer does: write a record with its cleaned text (and annotations),
    then close; :func:`open_writer` makes one for a format.

    >>> isinstance(TextWriter, type), Writer.write.__name__
    (True, 'write')
    """

    def write(self, record: Record, text: str, annotations: Mapping[str, Any] | None = None) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    """JSON Lines out; metadata byte-for-byte when the input was JSONL too.

    With ``annotations_field``, the annotations given to :meth:`write` are added as
    that field (after the record's own fields, which keep their bytes; a record that
    already has the field gets it replaced, and is re-serialised).

    >>> import io
    >>> from normkit import Document
    >>> out = io.BytesIO()
    >>> writer = JsonlWriter(KeepOpen(out), "text", "id")
    >>> writer.write(Record(None, b"", Document("a", id="7")), "b"); writer.close()
    >>> out.getvalue()
    b'{"id":"7","text":"b"}\\n'
    """

    def __init__(
        self, stream: IO[bytes], text_field: str, id_field: str, annotations_field: str | None = None
    ) -> None:
        from . import jsonl

        self._jsonl = jsonl
        self._stream = stream
        self._text_field = text_field
        self._id_field = id_field
        self._annotations_field = annotations_field

    def write(self, record: Record, text: str, annotations: Mapping[str, Any] | None = None) -> None:
        doc = record.doc
        assert doc is not None
        field = self._annotations_field if annotations is not None else None
        out: bytes | None = None
        if record.raw and record.fields is not None and (field is None or field not in record.fields):
            if text == doc.text:
                out = record.raw
            else:
                out = self._jsonl.splice_text(record.raw, doc.text, self._text_field, text)
            if out is not None and field is not None:
                out = self._jsonl.append_field(out, field, annotations)
        if out is None:
            if record.fields is not None:
                fields = dict(record.fields)
                fields[self._text_field] = text
            else:
                fields = {self._id_field: doc.id, self._text_field: text}
            if field is not None:
                fields[field] = annotations
            out = self._jsonl.dumps(fields)
        self._stream.write(out + b"\n")

    def close(self) -> None:
        self._stream.close()


class TextWriter:
    """Plain text: the document as it is (one per file), or one per line (``line_docs``).

    >>> import io
    >>> from normkit import Document
    >>> out = io.BytesIO()
    >>> writer = TextWriter(KeepOpen(out), line_docs=True)
    >>> writer.write(Record(1, b"", Document("a")), "b\\nc"); writer.close()
    >>> out.getvalue()
    b'b c\\n'
    """

    def __init__(self, stream: IO[bytes], line_docs: bool) -> None:
        self._stream = stream
        self._line_docs = line_docs

    def write(self, record: Record, text: str, annotations: Mapping[str, Any] | None = None) -> None:
        """Plain text has nowhere to put ``annotations``; they are not written."""
        if self._line_docs:
            text = text.rstrip("\n").replace("\n", " ") + "\n"
        self._stream.write(text.encode("utf-8", "surrogatepass"))

    def close(self) -> None:
        self._stream.close()


class ParquetWriter:
    """Parquet out. A record whose row does not fit the file's schema (a column changing
    type) is not written; it is listed in :attr:`refused` (a head of the record and the
    reason) when the rows are flushed, at the latest by :meth:`close`. With
    ``annotations_field``, the document signals go in one struct column of typed fields
    (``docs/signals.md``) after the record's own columns.

    >>> import tempfile, pyarrow.parquet as pq
    >>> from pathlib import Path
    >>> from normkit import Document
    >>> path = str(Path(tempfile.mkdtemp()) / "c.parquet")
    >>> writer = ParquetWriter(path, "text", "id")
    >>> writer.write(Record(1, b"", Document("a", id="1")), "b"); writer.close()
    >>> pq.read_table(path).to_pylist()
    [{'id': '1', 'text': 'b'}]
    """

    def __init__(
        self,
        path: str,
        text_field: str,
        id_field: str,
        schema: Any = None,
        annotations_field: str | None = None,
    ) -> None:
        from .parquet import ParquetRowWriter

        self._signals: Any = None
        if annotations_field is not None:
            from ..signals import signal_set
            from ..signals.columns import arrow_type

            self._signals = signal_set()
            if schema is not None:
                kind = arrow_type(self._signals)
                found = schema.get_field_index(annotations_field)
                schema = (
                    schema.set(found, schema.field(found).with_type(kind))
                    if found >= 0
                    else schema.append(_arrow_field(annotations_field, kind))
                )
        self._rows = ParquetRowWriter(path, schema)
        self._text_field = text_field
        self._id_field = id_field
        self._annotations_field = annotations_field

    @property
    def refused(self) -> list[tuple[Record, str]]:
        return self._rows.refused

    def write(self, record: Record, text: str, annotations: Mapping[str, Any] | None = None) -> None:
        doc = record.doc
        assert doc is not None
        if record.fields is not None:
            row = dict(record.fields)
            row[self._text_field] = text
        else:
            row = {self._id_field: doc.id, self._text_field: text}
        if self._annotations_field is not None:
            from ..signals.columns import row as signal_row

            row[self._annotations_field] = (
                None if annotations is None else signal_row(annotations, self._signals)
            )
        where = Record(record.line, record.raw[:REFUSED_HEAD], fields=None if record.raw else record.fields)
        self._rows.write_row(row, where)

    def close(self) -> None:
        self._rows.close()


def _arrow_field(name: str, kind: Any) -> Any:
    import pyarrow as pa

    return pa.field(name, kind)


def open_writer(
    target: str | IO[bytes],
    fmt: Format,
    *,
    text_field: str = "text",
    id_field: str = "id",
    line_docs: bool = False,
    parquet_schema: Any = None,
    annotations_field: str | None = None,
) -> Writer:
    """A writer for ``fmt`` into ``target`` (a path, or a binary stream it will close).

    ``annotations_field``: JSONL and Parquet records get the annotations passed to
    ``write`` in that field (plain text has no place for them). A JSON Lines record keeps
    its bytes but for the text (and the annotations field, appended):

    >>> import io, tempfile
    >>> from pathlib import Path
    >>> from normkit.io.readers import ReadOptions, read_records
    >>> (record,) = read_records(io.BytesIO(b'{"id": 1, "text": "  a  "}\\n'), Format("jsonl"), ReadOptions(), "in")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     writer = open_writer(str(Path(folder, "out.jsonl")), Format("jsonl"), annotations_field="normkit")
    ...     writer.write(record, "a", {"changed": True})
    ...     writer.close()
    ...     Path(folder, "out.jsonl").read_text()
    '{"id": 1, "text": "a","normkit":{"changed":true}}\\n'
    """
    if fmt.kind == "parquet":
        if not isinstance(target, str):
            raise ValueError("Parquet output needs a file (use -o FILE or -o DIR)")
        return ParquetWriter(target, text_field, id_field, parquet_schema, annotations_field)
    stream = open(target, "wb") if isinstance(target, str) else target  # noqa: SIM115 - the writer closes it
    stream = open_compressed_writer(stream, fmt.compression)
    if fmt.kind == "jsonl":
        return JsonlWriter(stream, text_field, id_field, annotations_field)
    return TextWriter(stream, line_docs)


def write_all(stream: IO[bytes], data: bytes | memoryview) -> int:
    """Write all of ``data`` to ``stream``, however many calls it takes; return its size.

    A buffered stream on a pipe whose reader went away mid-write returns a short count
    instead of raising (Python's ``BufferedWriter`` on a partial ``write(2)``); the next
    call raises ``BrokenPipeError``, so a closed pipe is never taken for success.

    >>> import io
    >>> class Short(io.BytesIO):
    ...     def write(self, data):
    ...         return super().write(bytes(data)[:2])
    >>> stream = Short()
    >>> write_all(stream, b"abcde"), stream.getvalue()
    (5, b'abcde')
    """
    view = memoryview(data).cast("B")
    size = len(view)
    while view:
        written = stream.write(view)
        if written is None or written >= len(view):
            break
        view = view[written:]
    return size


class KeepOpen:
    """A stream for a writer that closes what it writes to, when the stream must stay open
    (standard output, an archive's shared stream): closing only flushes. Every write is
    written whole (:func:`write_all`).

    >>> import io
    >>> stream = io.BytesIO()
    >>> kept = KeepOpen(stream)
    >>> _ = kept.write(b"a"); kept.close()
    >>> stream.closed, stream.getvalue()
    (False, b'a')
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        return write_all(self._stream, data)

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.flush()
