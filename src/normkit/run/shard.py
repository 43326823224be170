"""One shard of work: read a piece of an input, clean it, write the piece of its output.

:func:`process_shard` is the unit every engine runs: the local process pool here, and a
distributed engine (one task per shard) later. It is a plain function of picklable
arguments: the shard, the chain's configuration (the chain is rebuilt from the registry)
and the run's options. It writes only the files the shard names and returns a
:class:`ShardReport`; ordering, renaming and resuming are the driver's job.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from .._chain import ChainConfig
from .._pipeline import Pipeline, Stats, StepFailed
from ..io.readers import read_records
from ..io.records import Record
from ..io.stdin import stdin
from ..io.writers import KeepOpen
from .allocator import fix_mmap_threshold
from .jobs import STDIN, STDOUT, ArchiveJob, Counts, RunOptions, Shard, ShardReport, dropped_part
from .sinks import LazyLines, Origin, Sinks, diff_text, dropped_line, explain_line, reject_line

if TYPE_CHECKING:
    from ..io.writers import Writer
    from ..signals.expr import Rule

__all__ = [
    "STDIN",
    "STDOUT",
    "ArchiveJob",
    "Counts",
    "RunOptions",
    "Shard",
    "ShardReport",
    "drop_rules",
    "dropped_part",
    "process_shard",
]


_pipelines: dict[ChainConfig, Pipeline] = {}


def _pipeline(chain: ChainConfig, step_timeout: float | None = None) -> Pipeline:
    """The chain, built once per process (workers keep it across shards)."""
    pipe = _pipelines.get(chain)
    if pipe is None:
        pipe = _pipelines[chain] = Pipeline.from_config(chain)
    pipe.step_time_limit = step_timeout
    return pipe


def process_shard(
    shard: Shard,
    chain: ChainConfig,
    options: RunOptions,
) -> ShardReport:
    """Clean one shard; bad records go to the shard's rejects file, never stop it.

    >>> import tempfile
    >>> from normkit import Pipeline
    >>> from normkit.io.formats import Format
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     source = Path(folder, "a.jsonl")
    ...     _ = source.write_text('{"text": "  a  "}\\n{broken\\n')
    ...     shard = Shard(0, str(source), "a.jsonl", Format("jsonl"), Format("jsonl"),
    ...                   output=str(Path(folder, "out.jsonl")), rejects=str(Path(folder, "rejects.jsonl")))
    ...     report = process_shard(shard, Pipeline(steps=["layout.whitespace"]).config, RunOptions())
    ...     (report.read, report.written, report.rejected), Path(folder, "out.jsonl").read_text()
    ((2, 1, 1), '{"text": "a"}\\n')
    """
    fix_mmap_threshold()  # before the chain loads: a long record's blocks go back when freed
    started = time.perf_counter()
    cpu_started = time.process_time()
    pipe = _pipeline(chain, options.step_timeout)
    stats = Stats()
    for name in pipe.names:
        stats.step(name)
    pipe.stats = stats
    report = ShardReport(index=shard.index, stats=stats)
    rejects = LazyLines(shard.rejects)
    sinks = Sinks(
        rejects,
        LazyLines(shard.explain) if options.explain else None,
        LazyLines(shard.diff) if options.mode == "diff" else None,
        (LazyLines(dropped_part(shard.rejects)) if options.dropped_file else rejects)
        if options.drop_if
        else None,
    )
    try:
        if shard.refused is not None:
            report.read = report.rejected = 1
            sinks.rejects.write(reject_line(Origin(shard.name), Record(None, b""), shard.refused))
        elif shard.archive is not None:
            _clean_archive(shard, shard.archive, pipe, options, report, sinks)
        else:
            source: str | IO[bytes] = stdin() if shard.input == STDIN else shard.input  # type: ignore[assignment]
            records = read_records(
                source, shard.in_format, options.read, shard.name, shard.start, shard.end, shard.first_line
            )
            writer = _open_output(shard, options)
            try:
                _clean(records, Origin(shard.name), pipe, writer, options, report, sinks)
            finally:
                if writer is not None:
                    writer.close()
            for record, reason in getattr(writer, "refused", ()):  # rows Parquet could not take
                report.written -= 1
                report.rejected += 1
                sinks.rejects.write(reject_line(Origin(shard.name), record, reason))
    finally:
        sinks.close()
    report.seconds = time.perf_counter() - started
    report.cpu_seconds = time.process_time() - cpu_started
    return report


def _clean(
    records: Iterable[Record],
    origin: Origin,
    pipe: Pipeline,
    writer: Writer | None,
    options: RunOptions,
    report: ShardReport,
    sinks: Sinks,
) -> None:
    """Clean records and write them; every record is counted once."""
    rules = drop_rules(options.drop_if, pipe)
    signals = options.annotations is not None or bool(rules)
    annotate = options.annotations is not None
    for record in records:
        report.read += 1
        doc = record.doc
        if record.error is not None or doc is None:
            report.rejected += 1
            sinks.rejects.write(reject_line(origin, record, record.error or "unreadable"))
            continue
        try:
            result = pipe.process(doc, explain=options.explain, signals=signals)
        except (StepFailed, MemoryError) as exc:
            reason = str(exc).rstrip(": ") if isinstance(exc, StepFailed) else "MemoryError"
            if isinstance(exc, MemoryError) or isinstance(exc.__cause__, MemoryError):
                reason += f" (out of memory cleaning a record of {len(doc.text)} characters)"
            del exc, doc
            report.rejected += 1
            sinks.rejects.write(reject_line(origin, record, reason))
            continue
        text = result.text
        report.replaced += record.replaced
        changed = text is not doc.text and text != doc.text
        report.changed += changed
        empty = not text or text.isspace()
        if empty:
            report.dropped += 1
        if changed:
            if sinks.explain is not None:
                sinks.explain.write(explain_line(origin, record, result, empty))
            if sinks.diff is not None:
                sinks.diff.write(diff_text(origin, record, text).encode("utf-8", "surrogatepass"))
        if empty:
            continue
        rule = next((r for r in rules if r.test(result.annotations)), None)
        if rule is not None:
            report.dropped += 1
            report.filtered[rule.source] = report.filtered.get(rule.source, 0) + 1
            if sinks.dropped is not None:
                sinks.dropped.write(dropped_line(origin, record, rule.source, result.annotations))
            continue
        if writer is not None:
            try:
                writer.write(record, text, result.annotations if annotate else None)
            except MemoryError:  # in making the record's bytes, before any is written
                size = len(doc.text)
                del result, text, doc
                report.rejected += 1
                reason = f"MemoryError (out of memory writing a record of {size} characters)"
                sinks.rejects.write(reject_line(origin, record, reason))
                continue
        report.written += 1


def drop_rules(sources: tuple[str, ...], pipe: Pipeline) -> list[Rule]:
    """The ``--drop-if`` expressions, parsed once per process (names checked against the
    pipeline's signals).

    >>> from normkit import Pipeline
    >>> [(rule.source, sorted(rule.names)) for rule in drop_rules(("han_share < 0.3",), Pipeline())]
    [('han_share < 0.3', ['han_share'])]
    """
    if not sources:
        return []
    key = (sources, tuple(pipe.signals.names))
    found = _rules.get(key)
    if found is None:
        from ..signals.expr import parse

        found = _rules[key] = [parse(s, pipe.signals.names) for s in sources]
    return found


_rules: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Rule]] = {}


def _clean_archive(
    shard: Shard, job: ArchiveJob, pipe: Pipeline, options: RunOptions, report: ShardReport, sinks: Sinks
) -> None:
    """Every member in stored order. A member that cannot be read or written safely (an
    unsafe name, a link, a device, a name another member has) is one reject."""
    from ..io.archives import iter_members
    from ..io.atomic import fresh_dir
    from ..io.member_outputs import MemberOutputs

    read = options.read
    target = shard.output if options.mode == "write" else None
    stream: IO[bytes] | None = None
    root: Path | None = None
    if target == STDOUT:
        stream = cast(IO[bytes], KeepOpen(sys.stdout.buffer))
    elif target is not None and job.stream:
        stream = open(target, "wb")  # noqa: SIM115 - closed below
    elif target is not None:
        root = fresh_dir(Path(target))
    outputs = MemberOutputs(
        root, stream, job.write_as, read.text_field, read.id_field, read.line_docs, options.annotations
    )
    try:
        for member in iter_members(shard.input, job.kind, job.read_as):
            if member.skipped:
                report.members_skipped += 1
                continue
            origin = Origin(shard.name, member.display or None, archive=True)
            claim = member.refused or outputs.claim(member)
            if isinstance(claim, str):
                report.read += 1
                report.rejected += 1
                sinks.rejects.write(reject_line(origin, Record(None, b""), claim))
                continue
            report.members += 1
            assert member.stream is not None and member.fmt is not None
            writer = outputs.open(member, *claim)
            try:
                records = read_records(member.stream, member.fmt, read, origin.label)
                _clean(records, origin, pipe, writer, options, report, sinks)
            finally:
                if writer is not None:
                    writer.close()
    finally:
        if stream is not None:
            stream.close()
    report.outputs = outputs.written


def _open_output(shard: Shard, options: RunOptions) -> Any:
    from ..io.writers import open_writer

    if options.mode != "write" or shard.output is None:
        return None
    target: Any = KeepOpen(sys.stdout.buffer) if shard.output == STDOUT else shard.output
    schema = None
    if shard.parquet_schema_from is not None:
        from ..io.parquet import schema_of

        schema = schema_of(shard.parquet_schema_from)
    read = options.read
    return open_writer(
        target,
        shard.out_format,
        text_field=read.text_field,
        id_field=read.id_field,
        line_docs=read.line_docs or shard.in_format.kind != "text",
        parquet_schema=schema,
        annotations_field=options.annotations,
    )
