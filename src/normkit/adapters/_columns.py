"""What every adapter shares: the chain as data, one pipeline per process, a column cleaner."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from .._chain import ChainConfig
from .._context import Document
from .._pipeline import Pipeline
from .._timelimit import default_step_timeout
from ..signals.columns import row

_pipelines: dict[ChainConfig, Pipeline] = {}


def chain_config(
    profile: str | None = "default",
    steps: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
) -> ChainConfig:
    """Validate the :class:`Pipeline` parameters here, in the driver, and return the chain as data."""
    return Pipeline(steps, options, profile=profile, enable=enable, disable=disable).config


def pipeline_for(config: ChainConfig) -> Pipeline:
    """This process's pipeline for ``config``, built from the registry on first use."""
    try:
        pipe = _pipelines.get(config)
    except TypeError:  # an unhashable option value: build, don't cache
        return Pipeline.from_config(config, step_time_limit=default_step_timeout())
    if pipe is None:
        pipe = _pipelines[config] = Pipeline.from_config(config, step_time_limit=default_step_timeout())
    return pipe


@dataclass(frozen=True)
class ColumnCleaner:
    """Cleans a column of texts into output columns; pickles as configuration, never as code.

    ``output_column`` gets the cleaned texts (``None`` stays ``None``); the optional
    columns get, per text, the number of lines dropped, whether the text changed, the
    annotations (normalisers' and document signals) as a JSON object, and the signals
    as one typed record (``docs/signals.md``; ``counts`` signals as JSON text).
    """

    config: ChainConfig
    column: str = "text"
    output_column: str | None = None
    dropped_column: str | None = None
    changed_column: str | None = None
    annotations_column: str | None = None
    signals_column: str | None = None

    @property
    def output(self) -> str:
        return self.output_column or self.column

    def __call__(self, texts: Iterable[str | None]) -> dict[str, list[Any]]:
        pipe = pipeline_for(self.config)
        signals = bool(self.annotations_column or self.signals_column)
        results = [None if text is None else pipe.process(Document(text), signals=signals) for text in texts]
        columns: dict[str, list[Any]] = {self.output: [None if r is None else r.text for r in results]}
        if self.dropped_column:
            columns[self.dropped_column] = [0 if r is None else len(r.dropped) for r in results]
        if self.changed_column:
            columns[self.changed_column] = [r is not None and r.changed for r in results]
        if self.annotations_column:
            columns[self.annotations_column] = [_json(None if r is None else r.annotations) for r in results]
        if self.signals_column:
            columns[self.signals_column] = [
                None if r is None else row(r.annotations, pipe.signals) for r in results
            ]
        return columns


def _json(annotations: Mapping[str, Any] | None) -> str:
    return orjson.dumps(annotations or {}, option=orjson.OPT_SORT_KEYS, default=str).decode()
