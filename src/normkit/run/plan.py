"""Planning a run: which outputs and shards the inputs (:mod:`.inputs`) make; what a
previous run finished.

The plan is data. Engines execute its shards with :func:`process_shard` in any order;
:class:`~normkit.run.assemble.Assembler` puts the pieces together in order.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from ..errors import PlanError as PlanError
from ..io.archives import ArchiveKind, archive_stem, detect_archive
from ..io.atomic import remove_stale, temp_name
from ..io.formats import Format, detect_format, has_format_suffix, rename_for
from .guards import named_twice, output_holds_input, side_file_clash, unread_below
from .inputs import MIB, Input, confine, expand_inputs, output_is_dir, split_ranges
from .jobs import STDIN, STDOUT, ArchiveJob, RunOptions, Shard


@dataclass
class OutputPlan:
    """One output (``final`` is ``None`` for stdout or when nothing is written) and its
    shards.

    >>> OutputPlan(None, []).pieces
    []
    """

    final: Path | None
    shards: list[Shard]
    #: Where each shard's piece is written (``None``: nowhere or stdout).
    pieces: list[Path] = field(default_factory=list)


@dataclass
class Plan:
    """What a run will do (made by :func:`make_plan`): its outputs, each with its shards
    (an :class:`OutputPlan`), what a previous run finished, where rejects go.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("正文\\n"); _ = (folder / "b.txt").write_text("正文\\n")
    >>> plan = make_plan(PlanRequest([str(folder)], str(folder / "out"), workdir=folder), RunOptions())
    >>> [o.final.name for o in plan.outputs], len(plan.shards), plan.rejects.name
    (['a.txt', 'b.txt'], 2, 'out.rejects.jsonl')
    """

    outputs: list[OutputPlan]
    #: Outputs a previous run finished (skipped unless ``--overwrite``).
    skipped: list[Path]
    #: Where rejects go; None: nowhere (``--check`` and ``--diff`` write no file unasked).
    rejects: Path | None
    explain: Path | None
    workdir: Path
    #: Output goes to standard output.
    to_stdout: bool = False
    #: ``--dropped``: where documents dropped by ``--drop-if`` go (``None``: the rejects).
    dropped: Path | None = None
    #: Files below ``-o`` inside an input directory, not this run's outputs: left unread.
    unread: list[Path] = field(default_factory=list)

    @property
    def shards(self) -> list[Shard]:
        return [s for o in self.outputs for s in o.shards]


@dataclass(frozen=True)
class PlanRequest:
    """What the command line asked for: inputs, where outputs go, formats, workers
    (:func:`normkit.run.local.run_plan` shows a whole run).

    >>> PlanRequest(["crawl/"], "clean/", workers=4).shard_bytes
    67108864
    """

    args: list[str]
    output: str | None = None
    in_format: Format | None = None
    out_format: Format | None = None
    rejects: str | None = None
    explain: str | None = None
    overwrite: bool = False
    workers: int = 1
    shard_bytes: int = 64 * MIB
    workdir: Path = Path(".")
    #: More paths left out of the inputs (files, or directories with what is below them).
    exclude: tuple[str, ...] = ()
    #: ``--dropped`` and ``--stats-json``: written by the run, so never an input or an output.
    dropped: str | None = None
    stats_json: str | None = None


def make_plan(request: PlanRequest, options: RunOptions) -> Plan:
    """Turn the request into outputs and shards; finished outputs are skipped (resume).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = Path(folder, "a.txt").write_text("正文\\n")
    ...     plan = make_plan(PlanRequest([folder], str(Path(folder, "out")), workdir=Path(folder)), RunOptions())
    ...     [(Path(s.name).name, s.out_format.kind) for s in plan.shards]
    [('a.txt', 'text')]
    """
    writing = options.mode == "write"
    workdir = request.workdir
    if not request.args:
        return _stdin_plan(request, options)
    exclude = []
    if request.output is not None and writing:
        exclude.append(Path(request.output))
        problem = output_holds_input(request.output, request.args)
        if problem:
            raise PlanError(problem)
    for extra in (request.rejects, request.explain, request.dropped, request.stats_json, *request.exclude):
        if extra:
            exclude.append(Path(extra))
    inputs = expand_inputs(request.args, exclude)
    problem = named_twice(i.path for i in inputs)
    if problem:
        raise PlanError(problem)
    if not inputs:
        raise PlanError(f"no input files found in {', '.join(map(repr, request.args))}")
    to_dir = request.output is not None and writing and output_is_dir(request.output, request.args, inputs)
    to_file = request.output is not None and writing and not to_dir
    to_stdout = writing and request.output is None

    refused = [i for i in inputs if i.problem is not None]
    inputs = [i for i in inputs if i.problem is None]
    total = sum(i.path.stat().st_size for i in inputs)
    # pieces of about a quarter of each worker's share, within [1 MiB, --shard-size]
    floor = min(MIB, request.shard_bytes)
    target = max(floor, min(request.shard_bytes, math.ceil(total / max(1, request.workers * 4))))
    outputs: list[OutputPlan] = []
    skipped: list[Path] = []
    finals: dict[Path, Path] = {}
    index = 0
    archives: list[Path] = []
    prepare: list[Path] = []
    for item in inputs:
        archive = detect_archive(item.path)
        job: ArchiveJob | None = None
        if archive is not None:
            job = _archive_job(request, item, archive, to_stdout)
            in_fmt = request.in_format or Format()
            out_fmt = _output_format(request, Format(), False, to_stdout)
        else:
            in_fmt = request.in_format or detect_format(item.path)
            out_fmt = _output_format(request, in_fmt, to_file, to_stdout)
        final: Path | None = None
        if to_dir:
            assert request.output is not None
            relative = _mirrored(item.relative, archive is not None, request.out_format, in_fmt, out_fmt)
            confine(Path(request.output), relative)
            final = Path(request.output) / relative
            if archive is not None:
                archives.append(final)
        elif to_file:
            assert request.output is not None
            final = Path(request.output)
        if final is not None:
            if final.resolve() == item.path.resolve():
                raise PlanError(f"output {str(final)!r} would overwrite its input")
            if final in finals:
                raise PlanError(
                    f"inputs {str(finals[final])!r} and {str(item.path)!r} would both write {str(final)!r}"
                )
            finals[final] = item.path
            if final.exists() and not request.overwrite:
                skipped.append(final)
                continue
            prepare.append(final)  # (its directory made once the whole plan holds)
        ranges = [(0, None, 1)]
        splittable = (
            job is None
            and request.workers > 1
            and in_fmt.compression == ""
            and (in_fmt.kind == "jsonl" or (in_fmt.kind == "text" and options.read.line_docs))
            and out_fmt.kind != "parquet"
        )
        size = item.path.stat().st_size
        if splittable:
            ranges = split_ranges(item.path, target)  # type: ignore[assignment]
        shards, pieces = [], []
        for k, (start, end, first) in enumerate(ranges):
            piece: Path | None = None
            if final is not None:
                piece = temp_name(final, k if len(ranges) > 1 else None)
            out: str | None = str(piece) if piece is not None else (STDOUT if to_stdout else None)
            if to_stdout and request.workers > 1:
                out = str(workdir / f"out-{index:06d}")
            shards.append(
                Shard(
                    index=index,
                    input=str(item.path),
                    name=str(item.path),
                    in_format=in_fmt,
                    out_format=out_fmt,
                    start=start,
                    end=end,
                    first_line=first,
                    size=(end if end is not None else size) - start,
                    output=out,
                    rejects=str(workdir / f"rejects-{index:06d}"),
                    explain=str(workdir / f"explain-{index:06d}") if options.explain else None,
                    diff=(STDOUT if request.workers <= 1 else str(workdir / f"diff-{index:06d}"))
                    if options.mode == "diff"
                    else None,
                    parquet_schema_from=str(item.path)
                    if job is None and in_fmt.kind == out_fmt.kind == "parquet"
                    else None,
                    archive=job,
                )
            )
            if piece is not None:
                pieces.append(piece)
            index += 1
        outputs.append(OutputPlan(final, shards, pieces))
    # last, so that a run cut short has finished a prefix of the shards whatever it refused
    for item in refused:
        fmt = request.in_format or detect_format(item.path)
        rejects = str(workdir / f"rejects-{index:06d}")
        shard = Shard(index, str(item.path), str(item.path), fmt, fmt, rejects=rejects, refused=item.problem)
        outputs.append(OutputPlan(None, [shard]))
        index += 1
    _check_archive_outputs(archives, finals, inputs)
    rejects_file = _rejects_path(request, to_dir, to_file, options.mode)
    problem = side_file_clash(_side_files(request, rejects_file), [i.path for i in inputs + refused], finals)
    if problem:
        raise PlanError(problem)
    # Nothing is made in the output before the plan holds: a plan refused leaves no directory.
    for final in prepare:
        final.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(final)
    sides = [path for _, path in _side_files(request, rejects_file)]
    unread: list[Path] = []
    if to_dir and request.output is not None:
        unread = unread_below(Path(request.output), request.args, [*finals, *sides], archives)
    return Plan(
        outputs,
        skipped,
        rejects_file,
        Path(request.explain) if request.explain else None,
        workdir,
        to_stdout,
        unread=unread,
    )


def _mirrored(
    relative: PurePath, archive: bool, forced: Format | None, in_fmt: Format, out_fmt: Format
) -> PurePath:
    """An input's path below ``-o``: an archive's directory (``a/crawl.tar.gz`` ->
    ``a/crawl``), or the input's path, renamed when ``--output-format`` changes the format."""
    if archive:
        return relative.with_name(archive_stem(relative.name))
    if forced is not None and out_fmt != in_fmt:
        return PurePath(rename_for(str(relative), out_fmt))
    return relative


def _archive_job(request: PlanRequest, item: Input, kind: ArchiveKind, to_stdout: bool) -> ArchiveJob:
    if request.in_format is not None and request.in_format.kind == "parquet":
        raise PlanError(f"--format parquet: Parquet is not read from inside archives ({str(item.path)!r})")
    return ArchiveJob(kind, request.in_format, request.out_format, stream=to_stdout)


def _check_archive_outputs(archives: list[Path], finals: dict[Path, Path], inputs: list[Input]) -> None:
    """An archive's directory is its own: no other output below it, no input inside it."""
    owned = {final: finals[final] for final in archives}
    for final, source in finals.items():
        for parent in final.parents:
            if parent in owned:
                raise PlanError(
                    f"inputs {str(owned[parent])!r} and {str(source)!r} would both write below {str(parent)!r}"
                )
    real = {final.resolve(): final for final in archives}
    for item in inputs:
        path = item.path.resolve()
        for holder in (path, *path.parents):
            if holder in real:
                final = real[holder]
                raise PlanError(
                    f"the output of archive {str(owned[final])!r} would be the directory {str(final)!r},"
                    f" which holds the input {str(item.path)!r}; choose another -o"
                )


def _output_format(request: PlanRequest, in_fmt: Format, to_file: bool, to_stdout: bool) -> Format:
    if request.out_format is not None:
        fmt = request.out_format
    elif to_file:
        assert request.output is not None
        named = detect_format(request.output)
        fmt = named if has_format_suffix(request.output) else in_fmt
    elif to_stdout:
        fmt = Format(in_fmt.kind, "") if in_fmt.kind != "parquet" else Format("jsonl")
    else:
        fmt = in_fmt
    if to_stdout and fmt.kind == "parquet":
        raise PlanError("Parquet cannot be written to standard output; use -o FILE or -o DIR")
    return fmt


def _side_files(request: PlanRequest, rejects: Path | None) -> list[tuple[str, Path]]:
    """The files a run writes beside its outputs, each with the flag that names it."""
    named = [
        ("--rejects" if request.rejects else "the rejects file", rejects),
        ("--explain", request.explain),
        ("--dropped", request.dropped),
        ("--stats-json", request.stats_json),
    ]
    return [(flag, Path(path)) for flag, path in named if path]


def _rejects_path(request: PlanRequest, to_dir: bool, to_file: bool, mode: str) -> Path | None:
    if request.rejects:
        return Path(request.rejects)
    if mode != "write":
        return None
    if request.output is not None and (to_dir or to_file):
        return Path(request.output.rstrip("/" + os.sep) + ".rejects.jsonl")
    return Path("normkit-rejects.jsonl")


def _stdin_plan(request: PlanRequest, options: RunOptions) -> Plan:
    from ..io.stdin import sniff_stdin

    in_fmt = request.in_format
    if in_fmt is None:
        in_fmt = sniff_stdin()
    writing = options.mode == "write"
    to_file = writing and request.output is not None
    out_fmt = _output_format(request, in_fmt, to_file, writing and not to_file)
    final = Path(request.output) if to_file and request.output else None
    skipped: list[Path] = []
    pieces: list[Path] = []
    out: str | None = STDOUT if writing else None
    if final is not None:
        final.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(final)
        piece = temp_name(final)
        pieces.append(piece)
        out = str(piece)
    shard = Shard(
        index=0,
        input=STDIN,
        name="<stdin>",
        in_format=in_fmt,
        out_format=out_fmt,
        output=out,
        rejects=str(request.workdir / "rejects-000000"),
        explain=str(request.workdir / "explain-000000") if options.explain else None,
        diff=STDOUT if options.mode == "diff" else None,
    )
    return Plan(
        [OutputPlan(final, [shard], pieces)],
        skipped,
        _rejects_path(request, False, to_file, options.mode),
        Path(request.explain) if request.explain else None,
        request.workdir,
        final is None,
    )
