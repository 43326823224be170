"""``normkit clean``: choose the chain, plan the run, run it on an engine, report.

Heavy modules are imported inside the command, so that ``normkit --help`` stays instant.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import click

from .options import (
    engine_options,
    executor,
    format_option,
    input_options,
    mapper,
    read_options,
    record_options,
)
from .report import run_and_report
from .status import load_registry, plugin_options


@click.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option(
    "-o", "--output", metavar="PATH", help="Output file, or directory mirroring the inputs. Default: stdout."
)
@input_options
@click.option("--jsonl", is_flag=True, hidden=True, help="Same as --format jsonl.")
@click.option(
    "--output-format",
    metavar="FORMAT",
    help="Write FORMAT instead of the input's format (renames mirrored files).",
)
@click.option("--profile", metavar="NAME", help="Profile: default, minimal, zh-hans, zh-hant, pii.")
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    help="TOML configuration (default: ./normkit.toml or [tool.normkit] in ./pyproject.toml).",
)
@click.option("--no-config", is_flag=True, help="Ignore configuration files in the current directory.")
@click.option("--enable", multiple=True, metavar="NAME", help="Add a normaliser to the chain (repeatable).")
@click.option(
    "--disable", multiple=True, metavar="NAME", help="Remove a normaliser from the chain (repeatable)."
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME.OPTION=VALUE",
    help="Set an option; VALUE is a TOML value or a string (repeatable).",
)
@engine_options
@click.option(
    "--rejects",
    metavar="FILE",
    help="Rejected records (JSONL). Default: OUTPUT.rejects.jsonl, or ./normkit-rejects.jsonl "
    "(none with --check and --diff).",
)
@record_options
@click.option(
    "--overwrite",
    is_flag=True,
    help="Redo outputs that already exist (default: skip them, so a rerun resumes).",
)
@click.option(
    "--annotations-field",
    default="normkit",
    show_default=True,
    metavar="NAME",
    help="JSONL/Parquet field for each document's signals and annotations (docs/signals.md).",
)
@click.option("--no-annotations", is_flag=True, help="Write no annotations field (and compute no signals).")
@click.option(
    "--drop-if",
    "drop_if",
    multiple=True,
    metavar="EXPR",
    help="Drop a document when EXPR holds for its signals, e.g. 'han_share < 0.3' (repeatable).",
)
@click.option(
    "--dropped",
    "dropped_file",
    metavar="FILE",
    help="Write documents dropped by --drop-if here (JSONL, with their signals), not to the rejects.",
)
@click.option("--stats-json", metavar="FILE", help="Write the counts and per-normaliser statistics as JSON.")
@click.option("--explain", metavar="FILE", help="Write every change of every changed document (JSONL).")
@click.option("--diff", is_flag=True, help="Print a unified diff per changed document; write nothing.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if anything would change.")
@click.option(
    "--step-timeout",
    type=click.FloatRange(0),
    default=None,
    metavar="SECONDS",
    help="A document that one normaliser works on longer than this is rejected, naming the "
    "normaliser (0: no limit). Default: $NORMKIT_STEP_TIMEOUT, else 300.",
)
@plugin_options
@click.option("-q", "--quiet", is_flag=True, help="Only the counts line, no statistics table.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: when stderr is a terminal).",
)
@click.option(
    "--repeats",
    metavar="auto|FILE",
    help="Drop lines repeated across the pages of a site: 'auto' counts over the inputs first;"
    " FILE reuses counts from normkit scan.",
)
@click.option(
    "--repeats-memory",
    type=click.FloatRange(1),
    default=64,
    show_default=True,
    metavar="MB",
    help="With --repeats auto: memory for counting per process (more is spilled to disk).",
)
@click.option(
    "--group-field",
    metavar="FIELD",
    help="With --repeats auto: group pages by this record field (dotted for nested), not the URL's host.",
)
def clean(
    inputs: tuple[str, ...],
    output: str | None,
    in_format: str | None,
    jsonl: bool,
    output_format: str | None,
    line_docs: bool,
    text_field: str,
    id_field: str,
    profile: str | None,
    config_file: str | None,
    no_config: bool,
    enable: tuple[str, ...],
    disable: tuple[str, ...],
    settings: tuple[str, ...],
    workers: int,
    engine: str,
    ray_address: str | None,
    ray_runtime_env: str | None,
    shard_size: int,
    rejects: str | None,
    decode_errors: str,
    max_record_mb: float,
    overwrite: bool,
    annotations_field: str,
    no_annotations: bool,
    drop_if: tuple[str, ...],
    dropped_file: str | None,
    stats_json: str | None,
    explain: str | None,
    diff: bool,
    check: bool,
    step_timeout: float | None,
    quiet: bool,
    progress: bool | None,
    repeats: str | None,
    repeats_memory: float,
    group_field: str | None,
) -> None:
    """Clean files, directories (recursively) or glob patterns; stdin when none is given.

    \b
    normkit clean crawl/ -o clean/ --workers 4       # mirror a directory
    normkit clean 'crawl/**/*.jsonl.gz' -o clean/    # a glob (quoted)
    cat page.txt | normkit clean > page.clean.txt    # stdin to stdout
    normkit clean docs.jsonl --check                 # exit 1 if anything would change

    Exit status: 0 done, 1 --check found changes, 2 bad usage or a broken plugin,
    3 done but records were rejected (see the rejects file), 4 failed, 130
    interrupted, 141 standard output closed early, 143 terminated.
    """
    import tempfile
    import time
    from pathlib import Path

    from ..errors import FlagError, MissingDependency, PlanError
    from ..io.formats import Format
    from ..run.choose import choose_chain
    from ..run.plan import PlanRequest, make_plan
    from ..run.shard import RunOptions

    if diff and check:
        raise click.UsageError("--diff and --check exclude each other")
    fmt_in = format_option(in_format, "--format") or (Format("jsonl") if jsonl else None)
    fmt_out = format_option(output_format, "--output-format")
    _check_writable(stats_json, "--stats-json")
    load_registry()
    try:
        chain, _ = choose_chain(profile, config_file, not no_config, enable, disable, settings)
    except FlagError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{exc.flag}'") from None
    mode = "diff" if diff else "check" if check else "write"
    _check_drop_if(drop_if, dropped_file)
    options = RunOptions(
        read_options(text_field, id_field, line_docs, decode_errors, max_record_mb),
        mode,
        explain is not None,
        _step_timeout(step_timeout),
        annotations=None if no_annotations else _annotations_field(annotations_field, text_field, id_field),
        drop_if=drop_if,
        dropped_file=dropped_file is not None,
    )
    started = time.perf_counter()
    _terminate_on_sigterm()
    with tempfile.TemporaryDirectory(prefix="normkit-") as workdir:
        request = PlanRequest(
            list(inputs),
            output,
            fmt_in,
            fmt_out,
            rejects,
            explain,
            overwrite,
            workers,
            shard_size << 20,
            Path(workdir),
            dropped=dropped_file,
            stats_json=stats_json,
        )
        try:
            plan = make_plan(request, options)
            _warn_unread(plan.unread, output)
            if dropped_file is not None:
                plan.dropped = Path(dropped_file)
            _check_optional_libraries(plan)
        except (PlanError, MissingDependency) as exc:
            raise click.UsageError(str(exc)) from None
        except OSError as exc:  # e.g. -o below a file: its directory cannot be made
            raise click.UsageError(f"cannot prepare the outputs: {exc}") from None
        if repeats is not None:
            chain = _repeats_chain(
                repeats,
                chain,
                request,
                options,
                workers,
                engine,
                ray_address,
                ray_runtime_env,
                repeats_memory,
                group_field,
                quiet,
            )
        execute = executor(engine, ray_address, ray_runtime_env, workers, plan)
        code = run_and_report(plan, chain, options, workers, progress, quiet, stats_json, started, execute)
    sys.exit(code)


def _warn_unread(unread: list[Path], output: str | None) -> None:
    """Say which files below ``-o`` the run leaves unread (nothing below it is read)."""
    if unread:
        many = len(unread) > 1
        names = ", ".join(repr(str(p)) for p in unread[:3]) + (", ..." if len(unread) > 3 else "")
        click.echo(
            f"normkit: warning: {len(unread)} file{'s' if many else ''} below the output directory"
            f" {output!r} {'are' if many else 'is'} not read (nothing below -o is): {names}",
            err=True,
        )


def _check_drop_if(expressions: tuple[str, ...], dropped_file: str | None) -> None:
    """Parse every ``--drop-if`` here, so a typo is a usage error before any work."""
    if dropped_file is not None and not expressions:
        raise click.UsageError("--dropped needs --drop-if")
    if not expressions:
        return
    from ..errors import ExprError
    from ..signals import signal_set
    from ..signals.expr import parse

    for source in expressions:
        try:
            parse(source, signal_set().names)
        except ExprError as exc:
            raise click.BadParameter(str(exc), param_hint="'--drop-if'") from None


def _annotations_field(name: str, text_field: str, id_field: str) -> str:
    if not name or name in (text_field, id_field):
        raise click.BadParameter(
            f"{name!r} cannot hold annotations (it is empty, or the text or id field)",
            param_hint="'--annotations-field'",
        )
    return name


def _terminate_on_sigterm() -> None:
    """``SIGTERM`` stops the run as Ctrl-C does (workers stopped, pieces removed), exit 143."""
    import signal

    from ..errors import Terminated

    def terminate(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second one ends the process at once
        raise Terminated

    signal.signal(signal.SIGTERM, terminate)


def _check_writable(path: str | None, flag: str) -> None:
    """A file the run writes at the end must be possible before the run starts."""
    if path is None or path == "-":
        return
    from pathlib import Path

    target = Path(path)
    if target.is_dir():
        raise click.BadParameter(f"{path!r} is a directory, not a file", param_hint=f"'{flag}'")
    parent = target.parent
    if not parent.is_dir():
        raise click.BadParameter(f"directory {str(parent)!r} does not exist", param_hint=f"'{flag}'")


def _step_timeout(value: float | None) -> float | None:
    from .._timelimit import default_step_timeout

    if value is None:
        return default_step_timeout()
    return value or None


def _repeats_chain(
    repeats: str,
    chain: Any,
    request: Any,
    options: Any,
    workers: int,
    engine: str,
    address: str | None,
    runtime_env: str | None,
    memory_mb: float,
    group_field: str | None,
    quiet: bool,
) -> Any:
    """``--repeats``: the chain with ``boilerplate.repeated`` judging by counts, made over
    the inputs first (``auto``) or read from a file."""
    from ..lines.repeats import CountSettings
    from ..run.count import RepeatsError, check_counts_file, scan, with_counts

    try:
        if repeats != "auto":
            check_counts_file(repeats, group_field)
            return with_counts(chain, str(Path(repeats).resolve()))
        with_counts(chain, "")  # the step is in the chain
        if not request.args:
            raise RepeatsError("--repeats auto reads the inputs twice: give input files, not stdin")
        out = request.workdir / "repeats.nkr"
        count_map = mapper(engine, address, runtime_env, workers, keep_running=True)
        result = scan(
            dataclasses.replace(request, exclude=tuple(p for p in (request.output,) if p)),
            options.read,
            CountSettings(group_field),
            memory_mb,
            out,
            workers,
            count_map,
        )
    except RepeatsError as exc:
        raise click.UsageError(str(exc)) from None
    if not quiet:
        click.echo(result.summary().replace("scan:", "repeats: counted", 1), err=True)
    return with_counts(chain, str(out))


def _check_optional_libraries(plan: Any) -> None:
    if any("parquet" in (s.in_format.kind, s.out_format.kind) for s in plan.shards):
        from ..io.parquet import _pyarrow

        _pyarrow()
