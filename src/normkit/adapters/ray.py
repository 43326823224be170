"""Clean a text column of a ``ray.data.Dataset`` (install ``normkit[ray]``).

Example::

    import ray.data
    from normkit.adapters.ray import clean_column

    ds = ray.data.read_parquet("s3://bucket/pages/")
    ds = clean_column(ds, "text", profile="zh-hans", dropped_column="lines_dropped")
    ds.write_parquet("s3://bucket/clean/")

Ray itself is never imported here: the dataset brings it. Batches travel as Arrow tables;
the cleaner pickles as its :class:`normkit.ChainConfig` and every worker process builds
the pipeline once, from its own registry (third-party plugins must be installed on the
workers, or shipped with ``runtime_env``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..signals.columns import arrow_type
from ._columns import ColumnCleaner, chain_config, pipeline_for

__all__ = ["clean_column"]


def clean_column(
    dataset: Any,
    column: str = "text",
    *,
    output_column: str | None = None,
    dropped_column: str | None = None,
    changed_column: str | None = None,
    annotations_column: str | None = None,
    signals_column: str | None = None,
    profile: str | None = "default",
    steps: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
    **map_batches_kwargs: Any,
) -> Any:
    """Return ``dataset`` (a ``ray.data.Dataset``) with ``column`` cleaned, other columns as they were.

    The cleaned text replaces ``column``, or goes to ``output_column``. ``dropped_column``
    (int), ``changed_column`` (bool) and ``annotations_column`` (a JSON object as text) add
    what the chain did to each row; ``signals_column`` adds the document signals as an
    Arrow struct of typed fields (see ``docs/signals.md``). The chain is chosen as by :class:`normkit.Pipeline`;
    other keyword arguments (``batch_size``, ``concurrency``, ``num_cpus``, ...) go to
    ``Dataset.map_batches``.

    What it asks of the dataset, shown with a stand-in for ``ray.data`` (one batch):

    >>> import pyarrow as pa
    >>> class OneBatch:
    ...     def map_batches(self, fn, batch_format, **kwargs):
    ...         return fn(pa.table({"text": ["  第一行\\u200b  ", "干净。"]})).to_pylist()
    >>> clean_column(OneBatch(), dropped_column="dropped")
    [{'text': '第一行', 'dropped': 0}, {'text': '干净。', 'dropped': 0}]
    """
    cleaner = ColumnCleaner(
        chain_config(profile, steps, options, enable, disable),
        column,
        output_column,
        dropped_column,
        changed_column,
        annotations_column,
        signals_column,
    )
    return dataset.map_batches(ArrowBatchCleaner(cleaner), batch_format="pyarrow", **map_batches_kwargs)


@dataclass(frozen=True)
class ArrowBatchCleaner:
    """Applies a :class:`ColumnCleaner` to one Arrow table, keeping the text column's type."""

    cleaner: ColumnCleaner

    def __call__(self, table: Any) -> Any:
        import pyarrow as pa

        c = self.cleaner
        types = {
            c.output: table.schema.field(c.column).type,
            c.dropped_column: pa.int64(),
            c.changed_column: pa.bool_(),
            c.annotations_column: pa.string(),
        }
        if c.signals_column:
            types[c.signals_column] = arrow_type(pipeline_for(c.config).signals)
        for name, values in c(table.column(c.column).to_pylist()).items():
            array = pa.array(values, type=types[name])
            index = table.schema.get_field_index(name)
            table = table.set_column(index, name, array) if index >= 0 else table.append_column(name, array)
        return table
