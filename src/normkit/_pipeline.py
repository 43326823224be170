"""The engine: runs a chain over documents, timing, counting and explaining each step."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ._chain import ChainConfig, select
from ._context import Change, Context, Document, DroppedLine, Reason, Result
from ._diff import edits, size_of_change
from ._normaliser import Normaliser
from ._registry import Registry, get_registry
from ._timelimit import StepWatch, interrupted, thread_watch, watch_interrupts
from .errors import StepFailed as StepFailed
from .errors import StepTimeout
from .signals import SignalInput, SignalSet, signal_set
from .tokens import Analysis


class Pipeline:
    """An ordered chain of normalisers, ready to clean documents.

    >>> Pipeline(steps=["layout.whitespace"]).clean("  第一行  \\n\\n\\n第二行")
    '第一行\\n\\n第二行'
    """

    def __init__(
        self,
        steps: Iterable[str] | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        profile: str | None = "default",
        enable: Iterable[str] = (),
        disable: Iterable[str] = (),
        registry: Registry | None = None,
        step_time_limit: float | None = None,
    ) -> None:
        registry = registry or get_registry()
        config = select(registry, profile, steps, enable, disable, options)
        self._setup(config, registry, step_time_limit)

    @classmethod
    def from_profile(cls, name: str, **kwargs: Any) -> Pipeline:
        """The built-in profile ``name`` (``default``, ``minimal``, ``zh-hans``, ``zh-hant``)."""
        return cls(profile=name, **kwargs)

    @classmethod
    def from_config(
        cls, config: ChainConfig, registry: Registry | None = None, step_time_limit: float | None = None
    ) -> Pipeline:
        """Rebuild a pipeline from its configuration (as worker processes do)."""
        pipe = cls.__new__(cls)
        pipe._setup(config, registry or get_registry(), step_time_limit)
        return pipe

    def _setup(self, config: ChainConfig, registry: Registry, step_time_limit: float | None) -> None:
        self.config = config
        #: Seconds one normaliser may spend on one document (any thread); None: no limit.
        self.step_time_limit = step_time_limit
        watch_interrupts()
        self.steps: list[Normaliser] = config.build(registry)
        #: The document signals :meth:`process` adds to the annotations.
        self.signals: SignalSet = signal_set(registry)
        self.stats = Stats()
        for step in self.steps:
            self.stats.step(step.name)
        #: Whether the steps have loaded what they load on first use (:func:`warm_up`).
        self.warmed = False

    def __reduce__(self) -> tuple[Any, ...]:
        return (Pipeline.from_config, (self.config, None, self.step_time_limit))

    @property
    def names(self) -> list[str]:
        return self.config.names

    def clean(self, text: str) -> str:
        """Clean one string."""
        return self.process(Document(text), signals=False).text

    def process(self, doc: Document, explain: bool = False, *, signals: bool = True) -> Result:
        """Run the chain over ``doc``; with ``explain``, record every change.

        With ``signals`` (the default), ``Result.annotations`` holds the value of every
        document signal (``docs/signals.md``) besides what the normalisers annotated
        (their values win on a shared name).
        Raises :class:`StepFailed` when a normaliser raises or returns a non-string.
        """
        ctx = Context(meta=doc.meta)
        text = doc.text
        changes: list[Change] = []
        changed_chars: dict[str, int] = {}
        stats = self.stats
        stats.documents += 1
        limit = self.step_time_limit
        if limit and not self.warmed:  # first-use loading is not counted by the limit
            warm_up(self.steps, limit)
            self.warmed = True
        watch = thread_watch(limit) if limit else None
        clock = time.perf_counter
        for step in self.steps:
            ctx.current = step.name
            ctx.reasons = []
            dropped_before = len(ctx.dropped)
            started = clock()
            new = _call(step, text, ctx, watch)
            elapsed = clock() - started
            ctx.release(new)  # before counting the change: no stale analysis held meanwhile
            s = stats.steps[step.name]
            s.documents += 1
            s.seconds += elapsed
            if new is not text and new != text:
                s.changed += 1
                s.lines_dropped += len(ctx.dropped) - dropped_before
                removed, added = _size_of_change(text, new, ctx.dropped[dropped_before:])
                s.chars_removed += removed
                s.chars_added += added
                changed_chars[step.name] = removed + added
                if explain:
                    reasons = ctx.reasons + _drop_reasons(text, ctx.dropped[dropped_before:])
                    changes.extend(_explain(step, text, new, reasons))
                text = new
        dropped = tuple(ctx.dropped)
        annotations = ctx.annotations
        if signals:
            found = SignalInput(text, annotations, dropped, changed_chars, ctx.analysis(text))
            annotations = {**self.signals.compute(found), **annotations}
        return Result(doc, text, dropped, tuple(changes), annotations)

    def process_many(self, docs: Iterable[Document], explain: bool = False) -> Iterator[Result]:
        for doc in docs:
            yield self.process(doc, explain)

    def process_corpus(
        self,
        docs: Iterable[Document],
        explain: bool = False,
        *,
        repeats: Any = None,
        group_field: str | None = None,
        memory_mb: float = 64.0,
        spill_dir: str | None = None,
    ) -> Iterator[Result]:
        """Clean a corpus: count lines repeated across the pages of each site first, then
        yield a :class:`Result` per document, in input order, with ``boilerplate.repeated``
        judging by those counts (or by ``repeats``, a :class:`~normkit.lines.repeats.LineRepeats`).

        Documents are grouped by the host of ``meta["url"]`` (or ``meta["meta"]["url"]``),
        or by the field ``group_field``; counting uses at most ``memory_mb`` of memory
        (more is spilled to ``spill_dir``). A list or other re-iterable is read twice; a
        one-shot iterator is read once and its documents kept in a temporary file until
        cleaned. A chain without ``boilerplate.repeated`` just runs :meth:`process_many`.
        See :mod:`normkit.lines.corpus`.
        """
        from .lines.corpus import process_corpus
        from .lines.repeats import CountSettings

        return process_corpus(
            self,
            docs,
            explain,
            repeats=repeats,
            settings=CountSettings(group_field),
            memory_mb=memory_mb,
            spill_dir=spill_dir,
        )

    def __repr__(self) -> str:
        return f"Pipeline({self.names!r})"


#: What every step cleans once before the time limit applies.
WARM_UP_TEXT = (
    "首页 > 新闻\n今天，市政府召开了專題會議，研究部署防汛工作……\nhttps://example.cn/a?b=1 (c) 2024"
)


def warm_up(steps: list[Normaliser], limit: float) -> None:
    """Let every step load what it loads on first use (models, lexicons, tables) before
    the step time limit counts: each cleans :data:`WARM_UP_TEXT` once (the lines of a
    page, prose, a link: not the rarer inputs whose machinery loads only when met, such as
    mojibake or pinyin), within a limit of its own (ten times ``limit``, at most a minute
    or ``limit`` if longer); whatever goes wrong is left to the documents.

    >>> warm_up(Pipeline(steps=["layout.whitespace"]).steps, 1.0)
    """
    watch = thread_watch(min(10 * limit, max(limit, 60.0)))
    try:
        for step in steps:
            try:
                _call(step, WARM_UP_TEXT, Context(), watch)
            except StepFailed:
                continue
    finally:
        thread_watch(limit)


def _call(step: Normaliser, text: str, ctx: Context, watch: StepWatch | None) -> str:
    """``step.normalise(text, ctx)``; whatever goes wrong in it is :class:`StepFailed`
    naming the step: an exception, ``SystemExit``, a ``KeyboardInterrupt`` that is not a
    real Ctrl-C, the time limit, or a result that is not a string."""
    try:
        try:
            if watch is not None:
                watch.start()
            new = step.normalise(text, ctx)
        finally:
            if watch is not None:
                watch.stop()
    except StepTimeout:
        if watch is not None:
            watch.stop()
        raise StepFailed(step.name, f"took longer than {watch.seconds if watch else '?'} s") from None
    except KeyboardInterrupt:
        if interrupted():
            raise
        raise StepFailed(step.name, "raised KeyboardInterrupt") from None
    except SystemExit as exc:
        raise StepFailed(step.name, f"called exit ({exc.code!r})") from None
    except Exception as exc:
        raise StepFailed(step.name, f"{type(exc).__name__}: {exc}") from exc
    if not isinstance(new, str):
        raise StepFailed(step.name, f"returned {type(new).__name__}, not str")
    return new


def _size_of_change(old: str, new: str, dropped: list[DroppedLine]) -> tuple[int, int]:
    """Characters removed and added by a step; when it only dropped lines (as line filters
    do: the lengths and line counts say so), the dropped lines are the answer."""
    if dropped:
        removed = min(sum(len(d.text) + 1 for d in dropped), len(old))
        if len(new) == len(old) - removed and new.count("\n") == max(old.count("\n") - len(dropped), 0):
            return removed, 0
    return size_of_change(old, new)


def _drop_reasons(text: str, dropped: list[DroppedLine]) -> list[Reason]:
    """The reason of every dropped line, at that line's span of the step's input."""
    if not dropped:
        return []
    starts = Analysis(text).line_starts
    return [
        Reason(starts[d.line - 1], starts[d.line - 1] + len(d.text), d.reason)
        for d in dropped
        if 0 < d.line <= len(starts)
    ]


def _explain(step: Normaliser, old: str, new: str, reasons: list[Reason]) -> Iterator[Change]:
    for e in edits(old, new):
        reason = next(
            (r.reason for r in reasons if r.start <= e.old_end and e.old_start <= r.end),
            step.description,
        )
        yield Change(
            step.name,
            (e.old_start, e.old_end),
            (e.new_start, e.new_end),
            old[e.old_start : e.old_end],
            new[e.new_start : e.new_end],
            reason,
        )


_cache: dict[tuple[Any, ...], Pipeline] = {}


def clean(
    text: str,
    profile: str = "default",
    steps: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """Clean ``text`` with a profile, or with only the named ``steps`` (in chain order).

    >>> clean("  第一行\\u200b\\u3000\\n\\n\\n第二行  ")
    '第一行\\n\\n第二行'
    """
    key = (profile, tuple(steps) if steps is not None else None, _freeze(options))
    pipe = _cache.get(key)
    if pipe is None:
        pipe = _cache[key] = Pipeline(steps, options, profile=profile)
    return pipe.clean(text)


def _freeze(options: Mapping[str, Mapping[str, Any]] | None) -> Any:
    if not options:
        return None
    return tuple(sorted((k, repr(sorted(v.items()))) for k, v in options.items()))


@dataclass
class StepStats:
    """What one normaliser did over some documents; adds up with ``+``.

    >>> import normkit
    >>> (normkit.StepStats(documents=2, changed=1) + StepStats(documents=3)).documents
    5
    """

    documents: int = 0
    changed: int = 0
    chars_removed: int = 0
    chars_added: int = 0
    lines_dropped: int = 0
    seconds: float = 0.0

    def __add__(self, other: StepStats) -> StepStats:
        return StepStats(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class Stats:
    """Statistics of a run: documents, and one :class:`StepStats` per normaliser, in chain order.

    >>> import normkit
    >>> stats = normkit.Stats()
    >>> stats.step("layout.whitespace").changed += 1
    >>> normkit.Stats.from_dict(stats.as_dict()) == stats
    True
    """

    documents: int = 0
    steps: dict[str, StepStats] = field(default_factory=dict)

    def step(self, name: str) -> StepStats:
        found = self.steps.get(name)
        if found is None:
            found = self.steps[name] = StepStats()
        return found

    def __add__(self, other: Stats) -> Stats:
        merged = Stats(self.documents + other.documents)
        for name in [*self.steps, *(n for n in other.steps if n not in self.steps)]:
            merged.steps[name] = self.steps.get(name, StepStats()) + other.steps.get(name, StepStats())
        return merged

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps.values())

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "steps": {n: s.as_dict() for n, s in self.steps.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Stats:
        return cls(data["documents"], {n: StepStats(**s) for n, s in data["steps"].items()})
