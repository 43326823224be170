"""One shard of work: read a piece of an input, clean it, write the piece of its output.

:func:`process_shard` is the unit every engine runs: the local process pool here, and a
distributed engine (one task per shard) later. It is a plain function of picklable
arguments: the shard, the chain's configuration (the chain is rebuilt from the registry)
and the run's options. It writes only the files the shard names and returns a
:class:`ShardReport`; ordering, renaming and resuming are the driver's job.
"""

from __future__ import annotations

import base64
import difflib
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from .._chain import ChainConfig
from .._pipeline import Pipeline, Stats, StepFailed
from ..io.formats import Format
from ..io.readers import ReadOptions, read_records
from ..io.records import Record
from ..io.stdin import stdin
from ..io.writers import KeepOpen

if TYPE_CHECKING:
    from ..io.archives import ArchiveKind
    from ..io.writers import Writer
    from ..signals.expr import Rule

#: ``Shard.output`` / ``Shard.diff`` value meaning standard output.
STDOUT = "-"
#: ``Shard.input`` value meaning standard input.
STDIN = "-"


@dataclass(frozen=True)
class RunOptions:
    """How every shard of a run is processed (``normkit clean``'s flags, as data that
    pickles to workers).

    >>> RunOptions(mode="check").read.text_field
    'text'
    """

    read: ReadOptions = field(default_factory=ReadOptions)
    #: ``"write"`` cleaned outputs, ``"check"`` only count, ``"diff"`` print diffs.
    mode: str = "write"
    #: Record every change for ``--explain``.
    explain: bool = False
    #: Seconds one step may spend on one document (``--step-timeout``); None: no limit.
    step_timeout: float | None = None
    #: ``--annotations-field``: write the annotations (signals) in this field; None: not.
    annotations: str | None = None
    #: ``--drop-if``: drop a document when any of these expressions holds for its signals.
    drop_if: tuple[str, ...] = ()
    #: ``--dropped``: documents dropped by ``drop_if`` go to their own file, not the rejects.
    dropped_file: bool = False


@dataclass(frozen=True)
class ArchiveJob:
    """An archive read as one shard, member after member (a tar is one stream)."""

    kind: ArchiveKind
    #: ``--format``: read every regular member so (else each member's name chooses).
    read_as: Format | None = None
    #: ``--output-format``: write every member so (else as read).
    write_as: Format | None = None
    #: ``Shard.output`` is one stream for every member (standard output), not a directory.
    stream: bool = False


@dataclass(frozen=True)
class Shard:
    """A piece of work: a whole input, or a byte range of an uncompressed line-oriented one.

    ``output``, ``rejects``, ``explain`` and ``diff`` are the files this shard writes
    (``None``: nothing; ``"-"``: standard output). ``index`` orders shards in the run.
    For an archive (``archive``), ``output`` is the directory its members are written
    below, and ``in_format``/``out_format`` are only what ``--format``/``--output-format``
    force (members otherwise have their own).

    >>> shard = Shard(0, "crawl/a.jsonl.gz", "a.jsonl.gz", Format("jsonl", "gz"), Format("jsonl", "gz"))
    >>> shard.start, shard.end, shard.first_line  # the whole file
    (0, None, 1)
    """

    index: int
    input: str
    name: str
    in_format: Format
    out_format: Format
    start: int = 0
    end: int | None = None
    first_line: int = 1
    size: int = 0
    output: str | None = None
    rejects: str | None = None
    explain: str | None = None
    diff: str | None = None
    #: Parquet to Parquet: the input whose schema the output keeps.
    parquet_schema_from: str | None = None
    archive: ArchiveJob | None = None
    #: Why the input cannot be read (not a regular file, unreadable): one reject, no output.
    refused: str | None = None


@dataclass
class Counts:
    """Documents counted by shards, adding up: ``read == written + dropped + rejected``.

    >>> counts = Counts(read=3, written=2, rejected=1, filtered={"spam > 0": 1})
    >>> counts.add(Counts(read=1, dropped=1, filtered={"spam > 0": 1}))
    >>> counts.read, counts.balanced, counts.filtered
    (4, True, {'spam > 0': 2})
    """

    read: int = 0
    written: int = 0
    dropped: int = 0
    rejected: int = 0
    changed: int = 0
    #: Documents decoded with replacement characters (``--decode-errors replace``).
    replaced: int = 0
    #: CPU time of the processes running the shards.
    cpu_seconds: float = 0.0
    stats: Stats = field(default_factory=Stats)
    #: Archives: members read, and members skipped (hidden, or a name that is not a text
    #: or JSON Lines file).
    members: int = 0
    members_skipped: int = 0
    #: Documents dropped by ``--drop-if`` (counted in ``dropped`` too), by expression.
    filtered: dict[str, int] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        """Add the counts of ``other`` to these."""
        for f in fields(Counts):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                for key, n in theirs.items():
                    mine[key] = mine.get(key, 0) + n
            else:
                setattr(self, f.name, mine + theirs)

    @property
    def balanced(self) -> bool:
        return self.read == self.written + self.dropped + self.rejected


@dataclass
class ShardReport(Counts):
    """What a shard did (its :class:`Counts`); ``read == written + dropped + rejected``
    always holds.

    >>> ShardReport(index=0, read=2, written=2).balanced
    True
    """

    index: int = field(default=0, kw_only=True)
    seconds: float = 0.0
    #: An archive: member files written.
    outputs: int = 0


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
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     source = Path(folder, "a.jsonl")
    ...     _ = source.write_text('{"text": "  a  "}\\n{broken\\n')
    ...     shard = Shard(0, str(source), "a.jsonl", Format("jsonl"), Format("jsonl"),
    ...                   output=str(Path(folder, "out.jsonl")), rejects=str(Path(folder, "rejects.jsonl")))
    ...     report = process_shard(shard, Pipeline(steps=["layout.whitespace"]).config, RunOptions())
    ...     (report.read, report.written, report.rejected), Path(folder, "out.jsonl").read_text()
    ((2, 1, 1), '{"text": "a"}\\n')
    """
    started = time.perf_counter()
    cpu_started = time.process_time()
    pipe = _pipeline(chain, options.step_timeout)
    stats = Stats()
    for name in pipe.names:
        stats.step(name)
    pipe.stats = stats
    report = ShardReport(index=shard.index, stats=stats)
    rejects = _LazyLines(shard.rejects)
    sinks = _Sinks(
        rejects,
        _LazyLines(shard.explain) if options.explain else None,
        _LazyLines(shard.diff) if options.mode == "diff" else None,
        (_LazyLines(dropped_part(shard.rejects)) if options.dropped_file else rejects)
        if options.drop_if
        else None,
    )
    try:
        if shard.refused is not None:
            report.read = report.rejected = 1
            sinks.rejects.write(_reject_line(_Origin(shard.name), Record(None, b""), shard.refused))
        elif shard.archive is not None:
            _clean_archive(shard, shard.archive, pipe, options, report, sinks)
        else:
            source: str | IO[bytes] = stdin() if shard.input == STDIN else shard.input  # type: ignore[assignment]
            records = read_records(
                source, shard.in_format, options.read, shard.name, shard.start, shard.end, shard.first_line
            )
            writer = _open_output(shard, options)
            try:
                _clean(records, _Origin(shard.name), pipe, writer, options, report, sinks)
            finally:
                if writer is not None:
                    writer.close()
            for record, reason in getattr(writer, "refused", ()):  # rows Parquet could not take
                report.written -= 1
                report.rejected += 1
                sinks.rejects.write(_reject_line(_Origin(shard.name), record, reason))
    finally:
        sinks.close()
    report.seconds = time.perf_counter() - started
    report.cpu_seconds = time.process_time() - cpu_started
    return report


@dataclass(frozen=True)
class _Origin:
    """Where records come from: an input file, or a member of an archive."""

    file: str
    member: str | None = None
    #: Records from an archive name their member (``None`` for damage to the archive).
    archive: bool = False

    @property
    def label(self) -> str:
        """The name shown in diffs and given to plain-text documents: ``a.tar/x/y.txt``."""
        return self.file if self.member is None else f"{self.file}/{self.member}"


@dataclass
class _Sinks:
    rejects: _LazyLines
    explain: _LazyLines | None
    diff: _LazyLines | None
    #: Documents dropped by ``--drop-if`` (the rejects file, or the ``--dropped`` one).
    dropped: _LazyLines | None = None

    def close(self) -> None:
        for sink in (self.rejects, self.explain, self.diff, self.dropped):
            if sink is not None:
                sink.close()


def dropped_part(rejects_part: str | None) -> str | None:
    """The file a shard writes its ``--dropped`` documents to, beside its rejects part.

    >>> dropped_part("out.rejects.jsonl"), dropped_part(None)
    ('out.rejects.jsonl.dropped', None)
    """
    return None if rejects_part is None else rejects_part + ".dropped"


def _clean(
    records: Iterable[Record],
    origin: _Origin,
    pipe: Pipeline,
    writer: Writer | None,
    options: RunOptions,
    report: ShardReport,
    sinks: _Sinks,
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
            sinks.rejects.write(_reject_line(origin, record, record.error or "unreadable"))
            continue
        try:
            result = pipe.process(doc, explain=options.explain, signals=signals)
        except (StepFailed, MemoryError) as exc:
            reason = str(exc).rstrip(": ") if isinstance(exc, StepFailed) else "MemoryError"
            if isinstance(exc, MemoryError) or isinstance(exc.__cause__, MemoryError):
                reason += f" (out of memory cleaning a record of {len(doc.text)} characters)"
            del exc, doc
            report.rejected += 1
            sinks.rejects.write(_reject_line(origin, record, reason))
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
                sinks.explain.write(_explain_line(origin, record, result, empty))
            if sinks.diff is not None:
                sinks.diff.write(_diff_text(origin, record, text).encode("utf-8", "surrogatepass"))
        if empty:
            continue
        rule = next((r for r in rules if r.test(result.annotations)), None)
        if rule is not None:
            report.dropped += 1
            report.filtered[rule.source] = report.filtered.get(rule.source, 0) + 1
            if sinks.dropped is not None:
                sinks.dropped.write(_dropped_line(origin, record, rule.source, result.annotations))
            continue
        if writer is not None:
            writer.write(record, text, result.annotations if annotate else None)
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
    shard: Shard, job: ArchiveJob, pipe: Pipeline, options: RunOptions, report: ShardReport, sinks: _Sinks
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
            origin = _Origin(shard.name, member.display or None, archive=True)
            claim = member.refused or outputs.claim(member)
            if isinstance(claim, str):
                report.read += 1
                report.rejected += 1
                sinks.rejects.write(_reject_line(origin, Record(None, b""), claim))
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


class _LazyLines:
    """A file opened on first write (most shards reject nothing); ``"-"`` is stdout."""

    def __init__(self, path: str | None) -> None:
        self._path = path
        self._stream: Any = None

    def write(self, data: bytes) -> None:
        if self._path is None:
            return
        if self._stream is None:
            self._stream = KeepOpen(sys.stdout.buffer) if self._path == STDOUT else open(self._path, "wb")  # noqa: SIM115
        self._stream.write(data)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def _where(origin: _Origin, record: Record) -> dict[str, Any]:
    if not origin.archive:
        return {"file": origin.file, "line": record.line}
    return {"file": origin.file, "member": origin.member, "line": record.line}


def _reject_line(origin: _Origin, record: Record, reason: str) -> bytes:
    from ..io import jsonl

    entry = _where(origin, record)
    entry["reason"] = reason
    if record.raw or record.fields is None:
        raw = record.raw[:REJECT_RAW_BYTES]
        try:
            entry["raw"] = _decoded_head(raw, len(raw) < len(record.raw))
        except UnicodeDecodeError:
            entry["raw_base64"] = base64.b64encode(raw).decode("ascii")
        if len(raw) < len(record.raw):
            entry["raw_truncated"] = len(record.raw)  # the record's size in bytes; only a head kept
    else:
        entry["record"] = record.fields
    return jsonl.dumps(entry) + b"\n"


def _dropped_line(origin: _Origin, record: Record, rule: str, annotations: Any) -> bytes:
    """A document ``--drop-if`` dropped: where, why, its signal values and the record."""
    from ..io import jsonl

    entry = _where(origin, record)
    entry["reason"] = f"drop-if: {rule}"
    entry["signals"] = annotations
    if record.raw or record.fields is None:
        try:
            entry["raw"] = record.raw.decode("utf-8")
        except UnicodeDecodeError:
            entry["raw_base64"] = base64.b64encode(record.raw).decode("ascii")
    else:
        entry["record"] = record.fields
    return jsonl.dumps(entry) + b"\n"


#: A reject keeps at most this many bytes of its record (a note gives the full size), so
#: a huge record that failed costs no second copy of itself.
REJECT_RAW_BYTES = 64 << 10


def _decoded_head(raw: bytes, cut: bool) -> str:
    """``raw`` as UTF-8; when ``cut``, a character split at the end is left out."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if cut and exc.start >= len(raw) - 3 and exc.reason == "unexpected end of data":
            return raw[: exc.start].decode("utf-8")
        raise


def _explain_line(origin: _Origin, record: Record, result: Any, dropped: bool) -> bytes:
    from ..io import jsonl

    entry = _where(origin, record)
    entry["id"] = result.document.id
    entry["dropped"] = dropped
    entry["changes"] = [c.as_dict() for c in result.changes]
    entry["dropped_lines"] = [
        {"normaliser": d.normaliser, "line": d.line, "text": d.text, "reason": d.reason}
        for d in result.dropped
    ]
    return jsonl.dumps(entry) + b"\n"


def _diff_text(origin: _Origin, record: Record, new: str) -> str:
    assert record.doc is not None
    label = origin.label if record.line is None else f"{origin.label}:{record.line}"
    if record.doc.id is not None and record.doc.id != label:
        label += f" ({record.doc.id})"
    lines = difflib.unified_diff(
        record.doc.text.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"a/{label}",
        f"b/{label}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of text\n" for line in lines
    )
