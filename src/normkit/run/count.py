"""The counting pass over files: lines repeated across a site, for ``boilerplate.repeated``.

``normkit scan`` and ``normkit clean --repeats auto`` plan the inputs into shards as a
cleaning run does (:func:`normkit.run.plan.make_plan`, nothing written), then *map*
:func:`count_shard` over the shards (in this process, a local process pool, or Ray tasks)
and *merge*: each shard spills its counts as sorted run files into a shared directory and
returns their paths; the driver reduces all runs into one counts file
(:class:`normkit.lines.repeats.RepeatCounter`). Each process holds at most the memory
budget.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from .._chain import ChainConfig
from ..errors import RepeatsError as RepeatsError
from ..io import jsonl
from ..io.readers import ReadOptions, read_records
from ..io.records import Record
from ..lines.repeats import CountSettings, LineRepeats, RepeatCounter
from .jobs import STDIN, Shard
from .lifeline import quiet_resource_tracker

#: The normaliser that uses the counts.
STEP = "boilerplate.repeated"


@dataclass(frozen=True)
class CountJob:
    """How every shard of a counting pass is read and counted (picklable): the read
    options, the count settings, each process's memory budget and the directory the
    shards spill their run files to.

    >>> CountJob(ReadOptions(), CountSettings(), 64.0, "/tmp/runs").settings.min_chars
    2
    """

    read: ReadOptions
    settings: CountSettings
    #: Memory budget of each process, in MiB.
    memory_mb: float
    #: Where shards spill their run files (seen by every worker).
    spill_dir: str


@dataclass
class CountReport:
    """What :func:`count_shard` counted: its run files and totals.

    >>> CountReport(0, pages=3, rejected=1).runs
    []
    """

    index: int
    runs: list[str] = field(default_factory=list)
    pages: int = 0
    lines: int = 0
    chars: int = 0
    #: Records that could not be read (not counted), and the file holding their rejects.
    rejected: int = 0
    rejects: str | None = None
    seconds: float = 0.0


def count_shard(shard: Shard, job: CountJob) -> CountReport:
    """Count the lines of one shard's documents; the counts go to run files in ``job.spill_dir``.

    >>> import tempfile
    >>> from normkit.io.formats import Format
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.jsonl").write_text('{"text": "菜单\\\\n正文"}\\n{broken\\n')
    >>> job = CountJob(ReadOptions(), CountSettings(), 1.0, str(folder))
    >>> report = count_shard(Shard(0, str(folder / "a.jsonl"), "a.jsonl", Format("jsonl"), Format("jsonl")), job)
    >>> report.pages, report.lines, report.rejected, len(report.runs)
    (1, 2, 1, 1)
    """
    started = time.perf_counter()
    counter = RepeatCounter(job.settings, job.memory_mb, job.spill_dir, prefix=f"s{shard.index:06d}")
    report = CountReport(shard.index, rejects=shard.rejects)
    rejects: IO[bytes] | None = None

    def reject(where: dict[str, Any], reason: str) -> None:
        nonlocal rejects
        report.rejected += 1
        if shard.rejects is None:
            return
        if rejects is None:
            rejects = open(shard.rejects, "wb")  # noqa: SIM115 - closed below
        rejects.write(jsonl.dumps({**where, "reason": reason}) + b"\n")

    def count(records: Iterable[Record], where: dict[str, Any]) -> None:
        for record in records:
            if record.error is not None or record.doc is None:
                reject({**where, "line": record.line}, record.error or "unreadable")
                continue
            counter.add(record.doc.text, record.doc.meta)

    try:
        if shard.archive is not None:
            from ..io.archives import iter_members

            for member in iter_members(shard.input, shard.archive.kind, shard.archive.read_as):
                where = {"file": shard.name, "member": member.display or None}
                if member.skipped:
                    continue
                if member.refused or member.stream is None or member.fmt is None:
                    reject({**where, "line": None}, member.refused or "unreadable member")
                    continue
                count(
                    read_records(member.stream, member.fmt, job.read, f"{shard.name}/{member.display}"), where
                )
        else:
            source: str | IO[bytes] = sys.stdin.buffer if shard.input == STDIN else shard.input
            records = read_records(
                source, shard.in_format, job.read, shard.name, shard.start, shard.end, shard.first_line
            )
            count(records, {"file": shard.name})
        counter.spill()
    finally:
        if rejects is not None:
            rejects.close()
    report.runs = [str(p) for p in counter.runs]
    report.pages, report.lines, report.chars = counter.pages, counter.lines, counter.chars
    report.seconds = time.perf_counter() - started
    return report


#: A map over shards: runs ``count_shard(shard, job)`` for each, anywhere, and hands each
#: report to the callback as it arrives (``normkit.run.ray_engine.map_tasks`` is one).
MapShards = Callable[[Callable[..., Any], list[Shard], tuple[Any, ...], Callable[[Any], None]], None]


def _pool_context() -> multiprocessing.context.BaseContext:
    quiet_resource_tracker()
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["normkit.run.warm"])
        return ctx
    return multiprocessing.get_context("spawn")


def count_shards(
    shards: list[Shard],
    job: CountJob,
    workers: int = 1,
    on_shard: Callable[[Shard, CountReport], None] | None = None,
    map_shards: MapShards | None = None,
) -> tuple[RepeatCounter, list[CountReport]]:
    """Map :func:`count_shard` over ``shards`` and merge: a counter holding every shard's runs.

    >>> import tempfile
    >>> from normkit.io.formats import Format
    >>> folder = Path(tempfile.mkdtemp())
    >>> shards = []
    >>> for n, body in enumerate(["下雨", "晴天"]):
    ...     _ = (folder / f"{n}.txt").write_text(f"首页 | 新闻\\n{body}")
    ...     shards.append(Shard(n, str(folder / f"{n}.txt"), f"{n}.txt", Format("text"), Format("text")))
    >>> counter, reports = count_shards(shards, CountJob(ReadOptions(), CountSettings(), 1.0, str(folder)))
    >>> len(reports), len(counter.finish())  # the menu line and the pages of the group
    (2, 2)
    """
    by_index = {s.index: s for s in shards}
    reports: list[CountReport] = []

    def handle(report: CountReport) -> None:
        reports.append(report)
        if on_shard is not None:
            on_shard(by_index[report.index], report)

    ordered = sorted(shards, key=lambda s: (-s.size, s.index))
    if map_shards is not None:
        map_shards(count_shard, ordered, (job,), handle)
    elif workers <= 1 or len(shards) <= 1:
        for shard in ordered:
            handle(count_shard(shard, job))
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(shards)), mp_context=_pool_context()) as pool:
            running: set[Future[CountReport]] = {pool.submit(count_shard, s, job) for s in ordered}
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    handle(future.result())
    reports.sort(key=lambda r: r.index)
    merged = RepeatCounter.from_runs(
        [run for r in reports for run in r.runs],
        job.settings,
        pages=sum(r.pages for r in reports),
        lines=sum(r.lines for r in reports),
        chars=sum(r.chars for r in reports),
        memory_mb=job.memory_mb,
    )
    return merged, reports


def with_counts(chain: ChainConfig, path: str | Path) -> ChainConfig:
    """The chain with ``boilerplate.repeated`` judging by the counts file at ``path``.

    >>> from normkit import Pipeline
    >>> chain = with_counts(Pipeline(steps=["boilerplate.repeated"]).config, "counts.bin")
    >>> dict(chain.steps[0][1])["counts"]
    'counts.bin'
    >>> with_counts(Pipeline(steps=["layout.whitespace"]).config, "counts.bin")
    Traceback (most recent call last):
    normkit.RepeatsError: --repeats needs the normaliser boilerplate.repeated in the chain ...
    """
    if STEP not in chain.names:
        raise RepeatsError(
            f"--repeats needs the normaliser {STEP} in the chain (it is left out by the profile or"
            f" --disable); add --enable {STEP}"
        )
    steps = []
    for name, opts in chain.steps:
        if name == STEP:
            opts = tuple((k, str(path) if k == "counts" else v) for k, v in opts)
            if not any(k == "counts" for k, _ in opts):
                opts = (*opts, ("counts", str(path)))
        steps.append((name, opts))
    return replace(chain, steps=tuple(steps))


def check_counts_file(path: str | Path, group_field: str | None) -> LineRepeats:
    """Open a counts file given to ``--repeats``; a usage problem is a :class:`RepeatsError`.

    >>> check_counts_file("no-such-counts.bin", None)
    Traceback (most recent call last):
    normkit.RepeatsError: --repeats: no such counts file 'no-such-counts.bin' (make one with normkit scan)
    """
    from ..lines.repeats import RepeatsFormatError

    try:
        repeats = LineRepeats.load(path)
    except FileNotFoundError:
        raise RepeatsError(
            f"--repeats: no such counts file {str(path)!r} (make one with normkit scan)"
        ) from None
    except RepeatsFormatError as exc:
        raise RepeatsError(f"--repeats: {exc}") from None
    if group_field is not None and group_field != repeats.settings.group_field:
        raise RepeatsError(
            f"--group-field {group_field!r}: the counts file {str(path)!r} groups by "
            f"{repeats.settings.group_field or 'the URL host'!r}; pages are grouped as they were counted"
        )
    return repeats


@dataclass
class ScanResult:
    """A finished counting pass: the counts (also in ``path``) and what was read (see
    :func:`scan`).

    >>> from normkit.lines.repeats import RepeatCounter
    >>> result = ScanResult(RepeatCounter().finish(), Path("counts.bin"), [CountReport(0, pages=2)], 1.0, 0)
    >>> result.summary()
    'scan: 2 page(s) (0.0 M characters) in 1.0 s; 0 line key(s) on two pages or more -> counts.bin'
    """

    repeats: LineRepeats
    path: Path
    reports: list[CountReport]
    seconds: float
    bytes: int
    rejects: Path | None = None

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.reports)

    @property
    def rejected(self) -> int:
        return sum(r.rejected for r in self.reports)

    def summary(self) -> str:
        chars = sum(r.chars for r in self.reports)
        read = f"{self.pages} page(s) ({chars / 1e6:.1f} M characters) in {self.seconds:.1f} s"
        if self.bytes and self.seconds > 0:  # not known for standard input
            read += f" ({self.bytes / (1 << 20):.1f} MB, {self.bytes / (1 << 20) / self.seconds:.1f} MB/s)"
        line = f"scan: {read}; {len(self.repeats)} line key(s) on two pages or more -> {self.path}"
        if self.rejected:
            line += f"; {self.rejected} record(s) not readable, not counted"
            if self.rejects is not None:
                line += f" (see {self.rejects})"
        return line


def scan(
    request: Any,
    read: ReadOptions,
    settings: CountSettings,
    memory_mb: float,
    out: str | Path,
    workers: int = 1,
    map_shards: MapShards | None = None,
    rejects: str | Path | None = None,
) -> ScanResult:
    """Count the inputs of ``request`` (a :class:`~normkit.run.plan.PlanRequest`; nothing
    is written but the counts file ``out`` and, when records are unreadable, ``rejects``).

    >>> import tempfile
    >>> from normkit.run.plan import PlanRequest
    >>> folder = Path(tempfile.mkdtemp())
    >>> for n, body in enumerate(["下雨", "晴天"]):
    ...     _ = (folder / f"{n}.txt").write_text(f"首页 | 新闻\\n{body}")
    >>> request = PlanRequest([str(folder)], workdir=folder / "work")
    >>> result = scan(request, ReadOptions(), CountSettings(), 1.0, folder / "counts.bin")
    >>> result.pages, result.rejected, len(result.repeats), result.path.name
    (2, 0, 2, 'counts.bin')
    """
    from .jobs import RunOptions
    from .plan import make_plan

    started = time.perf_counter()
    workdir = Path(request.workdir) / "scan"
    workdir.mkdir(parents=True, exist_ok=True)
    plan = make_plan(
        replace(request, output=None, overwrite=True, explain=None, workdir=workdir),
        RunOptions(read, mode="check"),
    )
    spill = workdir / "runs"
    spill.mkdir(exist_ok=True)
    job = CountJob(read, settings, memory_mb, str(spill))
    counter, reports = count_shards(plan.shards, job, workers, None, map_shards)
    repeats = counter.finish(out)
    for run in counter.runs:
        run.unlink(missing_ok=True)
    written: Path | None = None
    if rejects is not None and any(r.rejected for r in reports):
        written = Path(rejects)
        with open(written, "wb") as sink:
            for report in reports:
                if report.rejected and report.rejects and Path(report.rejects).exists():
                    sink.write(Path(report.rejects).read_bytes())
    return ScanResult(
        repeats, Path(out), reports, time.perf_counter() - started, sum(s.size for s in plan.shards), written
    )
