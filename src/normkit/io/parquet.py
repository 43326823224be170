"""Parquet through pyarrow, the optional extra ``normkit[parquet]``; imported only when used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .compression import CorruptInput, MissingDependency

BATCH_ROWS = 8192


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependency(
            "Parquet needs pyarrow, which is not installed: pip install 'normkit[parquet]'"
        ) from exc
    return pyarrow, pq


def iter_rows(path: str) -> Iterator[dict[str, Any]]:
    """Rows as dicts, column order kept. A damaged file raises :class:`CorruptInput`."""
    _, pq = _pyarrow()
    try:
        source = pq.ParquetFile(path)
        for batch in source.iter_batches(batch_size=BATCH_ROWS):
            yield from batch.to_pylist()
    except MissingDependency:
        raise
    except Exception as exc:
        raise CorruptInput(f"cannot read Parquet: {exc}") from exc


def schema_of(path: str) -> Any:
    """The Arrow schema of a Parquet file (to write its cleaned twin with the same columns)."""
    _, pq = _pyarrow()
    return pq.read_schema(path)


class ParquetRowWriter:
    """Collects rows and writes them in row groups; the schema is the input's when known,
    else inferred from the first rows."""

    def __init__(self, path: str, schema: Any = None) -> None:
        self._pa, self._pq = _pyarrow()
        self._path = path
        self._schema = schema
        self._writer: Any = None
        self._rows: list[dict[str, Any]] = []

    def write_row(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._rows and self._writer is not None:
            return
        table = self._pa.Table.from_pylist(self._rows, schema=self._schema)
        if self._writer is None:
            self._schema = table.schema
            self._writer = self._pq.ParquetWriter(self._path, self._schema)
        self._writer.write_table(table)
        self._rows = []

    def close(self) -> None:
        if self._writer is None and self._schema is None and not self._rows:
            self._schema = self._pa.schema([])
        self._flush()
        self._writer.close()
