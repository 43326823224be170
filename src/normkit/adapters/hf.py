"""Clean a text column of a Hugging Face ``datasets.Dataset`` (install ``normkit[datasets]``).

Example::

    from datasets import load_dataset
    from normkit.adapters.hf import clean_column

    ds = load_dataset("json", data_files="pages.jsonl", split="train")
    ds = clean_column(ds, "text", profile="zh-hans", num_proc=8)

The mapped function carries the chain as its :class:`normkit.ChainConfig`, so it pickles
for ``num_proc`` workers (each builds the pipeline once) and hashes the same in every
run, which lets ``datasets`` reuse its cache.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ._columns import ColumnCleaner, chain_config

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
    **map_kwargs: Any,
) -> Any:
    """Return ``dataset`` with ``column`` cleaned by a batched ``Dataset.map``, other columns untouched.

    Works on ``Dataset``, ``DatasetDict`` and ``IterableDataset`` alike. The cleaned text
    replaces ``column``, or goes to ``output_column``; ``dropped_column`` (int),
    ``changed_column`` (bool) and ``annotations_column`` (a JSON object as text) add what
    the chain did; ``signals_column`` adds the document signals as one record per row
    (a struct of typed fields, see ``docs/signals.md``). The chain is chosen as by :class:`normkit.Pipeline`; other keyword
    arguments (``num_proc``, ``batch_size``, ``desc``, ...) go to ``map``.

    >>> from datasets import Dataset
    >>> pages = Dataset.from_dict({"text": ["  第一行\\u200b  ", "干净。"], "n": [1, 2]})
    >>> clean_column(pages, changed_column="changed", desc="cleaning").to_list()
    [{'text': '第一行', 'n': 1, 'changed': True}, {'text': '干净。', 'n': 2, 'changed': False}]
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
    return dataset.map(cleaner, batched=True, input_columns=column, **map_kwargs)
