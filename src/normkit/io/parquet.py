"""Parquet through pyarrow, the optional extra ``normkit[parquet]``; imported only when used."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .compression import CorruptInput, MissingDependency

BATCH_ROWS = 8192


@dataclass(frozen=True)
class OversizedCell:
    """A row with a string or binary cell over the limit: the column, the cell's size and
    its first bytes (the row is not converted to Python); see :func:`iter_rows`.

    >>> OversizedCell("text", 10_000_000, b"head").size
    10000000
    """

    column: str
    size: int
    head: bytes


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependency(
            "Parquet needs pyarrow, which is not installed: pip install 'normkit[parquet]'"
        ) from exc
    return pyarrow, pq


def iter_rows(
    path: str, limit: int | None = None, head: int = 4096
) -> Iterator[dict[str, Any] | OversizedCell]:
    """Rows as dicts, column order kept. A damaged file raises :class:`CorruptInput`.

    A row with a string or binary cell longer than ``limit`` bytes comes as an
    :class:`OversizedCell` (its first ``head`` bytes kept) and is never converted to
    Python; Arrow has decoded its batch, so memory is bounded by the row group, not ``limit``.

    >>> import tempfile
    >>> from pathlib import Path
    >>> path = str(Path(tempfile.mkdtemp()) / "a.parquet")
    >>> writer = ParquetRowWriter(path)
    >>> writer.write_row({"id": 1, "text": "短"}); writer.write_row({"id": 2, "text": "长" * 50})
    >>> writer.close()
    >>> list(iter_rows(path, limit=100, head=6))
    [{'id': 1, 'text': '短'}, OversizedCell(column='text', size=150, head=b'\\xe9\\x95\\xbf\\xe9\\x95\\xbf')]
    >>> schema_of(path).names, schema_of(str(Path(path).parent / "missing.parquet"))
    (['id', 'text'], None)
    """
    _, pq = _pyarrow()
    try:
        source = pq.ParquetFile(path)
        for batch in source.iter_batches(batch_size=BATCH_ROWS):
            big = {} if limit is None else _oversized(batch, limit)
            start = 0
            for row in sorted(big):
                if row > start:
                    yield from batch.slice(start, row - start).to_pylist()
                yield _cell(batch, row, big[row], head)
                start = row + 1
            if start < batch.num_rows:
                yield from (batch.slice(start).to_pylist() if start else batch.to_pylist())
    except MissingDependency:
        raise
    except Exception as exc:
        raise CorruptInput(f"cannot read Parquet: {exc}") from exc


def _oversized(batch: Any, limit: int) -> dict[int, tuple[int, int]]:
    """Rows of ``batch`` with a string or binary cell over ``limit`` bytes: row -> (column, size)
    of the first such cell, measured from Arrow's offsets (nothing is copied)."""
    import pyarrow.compute as pc

    found: dict[int, tuple[int, int]] = {}
    for number, column in enumerate(batch.columns):
        if _is_string(column.type) or _is_binary(column.type):
            sizes = pc.fill_null(pc.binary_length(column), 0).to_numpy()
            for row in (sizes > limit).nonzero()[0].tolist():
                found.setdefault(row, (number, int(sizes[row])))
    return found


def _cell(batch: Any, row: int, where: tuple[int, int], head: int) -> OversizedCell:
    import pyarrow.compute as pc

    number, size = where
    column = batch.column(number).slice(row, 1)
    first = pc.binary_slice(column.cast("large_binary"), 0, head)[0].as_py()
    if _is_string(column.type):
        first = first.decode("utf-8", "ignore").encode("utf-8")  # cut inside a character
    return OversizedCell(batch.schema.field(number).name, size, first)


def _is_string(kind: Any) -> bool:
    pa, _ = _pyarrow()
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _is_binary(kind: Any) -> bool:
    pa, _ = _pyarrow()
    return bool(pa.types.is_binary(kind) or pa.types.is_large_binary(kind))


def schema_of(path: str) -> Any:
    """The Arrow schema of a Parquet file (to write its cleaned twin with the same columns);
    ``None`` when it cannot be read (reading the file then rejects it, with the reason).

    >>> schema_of("no-such-file.parquet") is None
    True
    """
    _, pq = _pyarrow()
    try:
        return pq.read_schema(path)
    except Exception:
        return None


class ParquetRowWriter:
    """Collects rows and writes them in row groups; the schema is the input's when known,
    else inferred from the first rows. A row that does not fit the schema (a column that
    changes type) is not written: it is listed in :attr:`refused` with its ``tag`` and
    the reason, and the other rows are written.

    >>> import tempfile
    >>> from pathlib import Path
    >>> writer = ParquetRowWriter(str(Path(tempfile.mkdtemp()) / "b.parquet"))
    >>> writer.write_row({"n": 1}, "first"); writer.write_row({"n": "one"}, "second")
    >>> writer.close()
    >>> [tag for tag, reason in writer.refused]
    ['second']
    """

    def __init__(self, path: str, schema: Any = None) -> None:
        self._pa, self._pq = _pyarrow()
        self._path = path
        self._schema = schema
        self._writer: Any = None
        self._rows: list[dict[str, Any]] = []
        self._tags: list[Any] = []
        #: ``(tag, reason)`` of every row not written, in order.
        self.refused: list[tuple[Any, str]] = []

    def write_row(self, row: dict[str, Any], tag: Any = None) -> None:
        self._rows.append(row)
        self._tags.append(tag)
        if len(self._rows) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._rows and self._writer is not None:
            return
        try:
            table = self._pa.Table.from_pylist(self._rows, schema=self._schema)
        except (self._pa.ArrowException, TypeError, ValueError, OverflowError):
            table = self._fitting_rows()
        if self._writer is None:
            self._schema = table.schema
            self._writer = self._pq.ParquetWriter(self._path, self._schema)
        self._writer.write_table(table)
        self._rows, self._tags = [], []

    def _fitting_rows(self) -> Any:
        """The rows that fit one schema (the known one, or one grown row by row: a null
        column takes the first type it meets), the others refused."""
        pa = self._pa
        schema = self._schema
        kept: list[dict[str, Any]] = []
        for row, tag in zip(self._rows, self._tags, strict=True):
            try:
                if self._schema is not None:
                    pa.Table.from_pylist([row], schema=self._schema)
                else:
                    own = pa.Table.from_pylist([row]).schema
                    grown = own if schema is None else pa.unify_schemas([schema, own])
                    pa.Table.from_pylist([*kept[-1:], row], schema=grown)
                    schema = grown
            except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
                self.refused.append((tag, f"cannot be written as Parquet: {exc}"))
                continue
            kept.append(row)
        return pa.Table.from_pylist(kept, schema=schema if schema is not None else pa.schema([]))

    def close(self) -> None:
        if self._writer is None and self._schema is None and not self._rows:
            self._schema = self._pa.schema([])
        self._flush()
        self._writer.close()
