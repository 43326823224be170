"""Cleaning a corpus in two passes: count repeated lines, then clean with the counts.

:func:`process_corpus` is what ``Pipeline.process_corpus`` runs. How it consumes ``docs``:

- a re-iterable (a list, a ``datasets.Dataset``, any object whose ``iter()`` is not itself)
  is iterated twice, once to count and once to clean: memory is the counter's budget;
- a one-shot iterator (a generator, a file reader) is iterated once: while counting, each
  document is written to a temporary file in ``spill_dir`` (the system's temporary
  directory by default), read back for cleaning, and the file is removed at the end.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._context import Document, Result
from .repeats import CountSettings, LineRepeats, RepeatCounter

if TYPE_CHECKING:
    from .._pipeline import Pipeline

#: The name of the normaliser that uses the counts.
STEP = "boilerplate.repeated"


def count_documents(
    docs: Iterable[Document],
    settings: CountSettings | None = None,
    memory_mb: float = 64.0,
    spill_dir: str | Path | None = None,
) -> LineRepeats:
    """Count the repeated lines of ``docs`` (one pass).

    >>> docs = [Document(f"菜单一 菜单二\\n正文{n}", meta={"url": "http://x.cn"}) for n in range(3)]
    >>> count_documents(docs).group_pages("x.cn")
    3
    """
    with RepeatCounter(settings, memory_mb, spill_dir) as counter:
        for doc in docs:
            counter.add(doc.text, doc.meta)
        return counter.finish()


def process_corpus(
    pipe: Pipeline,
    docs: Iterable[Document],
    explain: bool = False,
    *,
    repeats: LineRepeats | None = None,
    settings: CountSettings | None = None,
    memory_mb: float = 64.0,
    spill_dir: str | Path | None = None,
) -> Iterator[Result]:
    """Count (unless ``repeats`` is given), then yield a :class:`Result` per document in order.

    >>> from normkit import Pipeline
    >>> docs = [Document(f"菜单一 菜单二\\n{t}", meta={"url": "http://x.cn"}) for t in ("下雨", "晴天")]
    >>> [r.text for r in process_corpus(Pipeline(steps=["boilerplate.repeated"]), docs)]
    ['下雨', '晴天']
    """
    step = next((s for s in pipe.steps if s.name == STEP), None)
    if step is None:
        yield from pipe.process_many(docs, explain)
        return
    use = getattr(step, "use")  # noqa: B009 - the Repeated normaliser's method
    previous = getattr(step, "repeats", None)
    if repeats is not None:
        use(repeats)
        try:
            yield from pipe.process_many(docs, explain)
        finally:
            use(previous)
        return
    if iter(docs) is not docs:  # re-iterable: read twice
        use(count_documents(docs, settings, memory_mb, spill_dir))
        try:
            yield from pipe.process_many(docs, explain)
        finally:
            use(previous)
        return
    with tempfile.TemporaryFile(prefix="normkit-corpus-", dir=spill_dir) as spill:
        # Our own temporary file, written and read back by this process only.
        with RepeatCounter(settings, memory_mb, spill_dir) as counter:
            for doc in docs:
                counter.add(doc.text, doc.meta)
                pickle.dump(doc, spill, pickle.HIGHEST_PROTOCOL)
            counted = counter.finish()
        spill.seek(0)
        use(counted)
        try:
            yield from pipe.process_many(_read_back(spill), explain)
        finally:
            use(previous)


def _read_back(spill: Any) -> Iterator[Document]:
    while True:
        try:
            yield pickle.load(spill)
        except EOFError:
            return
