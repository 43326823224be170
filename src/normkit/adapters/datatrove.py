"""A datatrove pipeline step that cleans ``Document.text`` (install ``normkit[datatrove]``).

Example::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from normkit.adapters.datatrove import NormkitCleaner

    LocalPipelineExecutor(
        pipeline=[
            JsonlReader("crawl/"),
            NormkitCleaner(profile="zh-hans"),
            JsonlWriter("clean/"),
        ],
        tasks=8,
        logging_dir="logs/clean",
    ).run()

``NormkitCleaner`` is made on first access, so this module imports without datatrove.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .._context import Document
from .._pipeline import Pipeline
from .._timelimit import default_step_timeout
from ._columns import chain_config

__all__ = ["NormkitCleaner"]  # noqa: F822 (made on first access, by __getattr__)


def __getattr__(name: str) -> Any:
    if name != "NormkitCleaner":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    cls = globals()[name] = _define_cleaner()
    return cls


def _define_cleaner() -> type[Any]:
    step_base: Any = importlib.import_module("datatrove.pipeline.base").PipelineStep

    class NormkitCleaner(step_base):  # type: ignore[misc]
        """Clean every document's text with a normkit chain; drop documents left empty.

        The chain is chosen as by :class:`normkit.Pipeline` (``profile``, ``steps``,
        ``options``, ``enable``, ``disable``). The document's metadata reaches the
        normalisers as ``Context.meta``; the annotations (normalisers' and document
        signals, ``docs/signals.md``) are added to it under ``annotations_key``
        (``None``: not added, and signals are not computed). Stats: ``total``, ``forwarded``, ``dropped`` and
        ``dropped_empty`` (documents), ``changed`` (documents whose text changed),
        ``lines_dropped`` (per document that lost lines), and per normaliser
        ``NAME/changed``, ``NAME/lines_dropped`` and ``NAME/chars_removed`` (per task).

        >>> from datatrove.data import Document as TroveDocument
        >>> step = NormkitCleaner()
        >>> [d.text for d in step.run([TroveDocument(text="今天天气很好,我们去散步。", id="1")])]
        ['今天天气很好，我们去散步。']
        """

        name = "🧹 normkit"
        type = "✂️ - FORMAT"

        def __init__(
            self,
            profile: str | None = "default",
            steps: Iterable[str] | None = None,
            options: Mapping[str, Mapping[str, Any]] | None = None,
            enable: Iterable[str] = (),
            disable: Iterable[str] = (),
            annotations_key: str | None = "normkit",
        ) -> None:
            super().__init__()
            self.config = chain_config(profile, steps, options, enable, disable)
            self.annotations_key = annotations_key

        def run(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]:
            # one per task: its stats are the task's; steps limited to $NORMKIT_STEP_TIMEOUT
            pipe = Pipeline.from_config(self.config, step_time_limit=default_step_timeout())
            for doc in data:
                self.stat_update("total")
                with self.track_time():
                    result = pipe.process(
                        Document(doc.text, doc.id, doc.metadata), signals=self.annotations_key is not None
                    )
                if result.dropped:
                    self.stat_update("lines_dropped", value=len(result.dropped))
                if not result.text.strip():
                    self.stat_update("dropped", "dropped_empty")
                    continue
                if result.changed:
                    self.stat_update("changed")
                    doc.text = result.text
                if self.annotations_key is not None:
                    doc.metadata[self.annotations_key] = dict(result.annotations)
                self.stat_update("forwarded")
                self.update_doc_stats(doc)
                yield doc
            for step, stats in pipe.stats.steps.items():
                for label in ("changed", "lines_dropped", "chars_removed"):
                    if value := getattr(stats, label):
                        self.stat_update(f"{step}/{label}", value=value, unit="task")

    NormkitCleaner.__qualname__ = "NormkitCleaner"  # pickles by reference, through __getattr__
    return NormkitCleaner
