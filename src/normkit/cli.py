"""The ``normkit`` command. Heavy modules are imported inside the commands that need them."""

from __future__ import annotations

import dataclasses
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

#: Exit statuses of every ``normkit`` command (documented in docs/cli.md).
EXIT_OK = 0
EXIT_WOULD_CHANGE = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
EXIT_FAILED = 4
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
EXIT_TERMINATED = 143

F = TypeVar("F", bound=Callable[..., Any])


class _Command(click.Group):
    """The ``normkit`` group: every failure is one line on stderr and a documented exit
    status, never a traceback (``NORMKIT_DEBUG=1`` shows it)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (KeyboardInterrupt, EOFError):
            click.echo("\nnormkit: interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except OSError as exc:
            if not _broken_pipe(exc):
                _fail(exc)
            _quiet_stdout()
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
        except Exception as exc:
            _fail(exc)


def _broken_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


def _quiet_stdout() -> None:
    """The reader of standard output went away (``normkit ... | head``): stop quietly,
    and keep Python from complaining when it flushes stdout at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
        pass


def _fail(exc: BaseException) -> NoReturn:
    if os.environ.get("NORMKIT_DEBUG"):
        raise exc
    click.echo(f"normkit: error: {_describe(exc)}", err=True)
    sys.exit(EXIT_FAILED)


def _describe(exc: BaseException) -> str:
    from .errors import NormkitError

    if isinstance(exc, (NormkitError, OSError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _plugin_options(func: F) -> F:
    """``--skip-broken-plugins``, on the group and on each command."""
    return click.option(
        "--skip-broken-plugins",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_skip_broken,
        help="Skip (with a warning) a plugin that fails to load, instead of stopping "
        "(also NORMKIT_SKIP_BROKEN_PLUGINS=1).",
    )(func)


def _skip_broken(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:  # the environment carries it to worker processes too
        os.environ["NORMKIT_SKIP_BROKEN_PLUGINS"] = "1"


def load_registry() -> Any:
    """The plugin registry for a command: a plugin that fails to load is one line naming
    its distribution and the cause, exit 2; skipped ones are one warning line each."""
    import warnings

    from ._registry import get_registry
    from .errors import BrokenPluginWarning, PluginError

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BrokenPluginWarning)
        try:
            registry = get_registry()
        except PluginError as exc:
            click.echo(f"normkit: error: {' '.join(str(exc).split())}", err=True)
            click.echo(
                "normkit: fix or uninstall the plugin, or skip it with --skip-broken-plugins", err=True
            )
            sys.exit(EXIT_USAGE)
    for warning in caught:
        if issubclass(warning.category, BrokenPluginWarning):
            click.echo(f"normkit: warning: {' '.join(str(warning.message).split())}", err=True)
    return registry


@click.group(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="normkit")
@_plugin_options
def main() -> None:
    """Clean web text for NLP and LLM corpora, correctly for Chinese.

    Exit status (every command): 0 done, 1 --check found changes, 2 bad usage or a
    broken plugin, 3 done but records were rejected, 4 failed, 130 interrupted,
    141 standard output closed early (as by `| head`), 143 terminated (SIGTERM).
    """


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--profile", default=None, help="Only the normalisers of this profile, in chain order.")
@_plugin_options
def plugins(as_json: bool, profile: str | None) -> None:
    """List every registered normaliser in chain order."""
    import json

    from ._chain import order
    from ._options import describe_type, options_as_dict

    registry = load_registry()
    classes = order([r.cls for r in registry.registrations()], registry)
    rows: list[dict[str, Any]] = []
    for cls in classes:
        if profile and profile not in cls.profiles:
            continue
        reg = registry[cls.name]
        rows.append(
            {
                "name": cls.name,
                "stage": cls.stage.value,
                "version": cls.version,
                "distribution": reg.distribution,
                "distribution_version": reg.dist_version,
                "profiles": sorted(cls.profiles),
                "description": cls.description,
                "options": {
                    k: {"default": _jsonable(v), "type": describe_type(cls.Options.__annotations__.get(k))}
                    for k, v in options_as_dict(cls.Options()).items()
                },
            }
        )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max((len(r["name"]) for r in rows), default=4)
    for r in rows:
        source = f"{r['distribution']} {r['distribution_version']}".strip()
        click.echo(f"{r['name']:<{width}}  {r['stage']:<9}  {source:<20}  {r['description']}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (tuple, frozenset, set)):
        return sorted(value) if isinstance(value, (frozenset, set)) else list(value)
    return value


def _format_option(value: str | None, flag: str) -> Any:
    if value is None:
        return None
    from .io.formats import FORMAT_CHOICES, parse_format

    try:
        return parse_format(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"{exc} (valid: {', '.join(FORMAT_CHOICES)})", param_hint=f"'{flag}'"
        ) from None


@main.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option(
    "-o", "--output", metavar="PATH", help="Output file, or directory mirroring the inputs. Default: stdout."
)
@click.option(
    "--format",
    "in_format",
    metavar="FORMAT",
    help="Read inputs as FORMAT (text, jsonl, parquet; .gz/.zst), not by suffix.",
)
@click.option("--jsonl", is_flag=True, hidden=True, help="Same as --format jsonl.")
@click.option(
    "--output-format",
    metavar="FORMAT",
    help="Write FORMAT instead of the input's format (renames mirrored files).",
)
@click.option("--line-docs", is_flag=True, help="Plain text: one document per line, not one per file.")
@click.option("--text-field", default="text", show_default=True, help="JSONL/Parquet field holding the text.")
@click.option(
    "--id-field", default="id", show_default=True, help="JSONL/Parquet field holding the document id."
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
@click.option(
    "-j", "--workers", type=click.IntRange(1), default=1, show_default=True, help="Worker processes."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Run shards in local processes, or as Ray tasks (pip install 'normkit[ray]').",
)
@click.option(
    "--ray-address",
    metavar="ADDRESS",
    help="With --engine ray: join this cluster ('auto', 'ray://HOST:10001'); default: start a local one "
    "with --workers CPUs.",
)
@click.option(
    "--ray-runtime-env",
    metavar="JSON",
    help='With --engine ray: Ray runtime_env as JSON, e.g. \'{"pip": ["normkit-example"]}\'.',
)
@click.option(
    "--shard-size",
    type=click.IntRange(1),
    default=64,
    show_default=True,
    metavar="MB",
    help="Split uncompressed line files into pieces of at most MB megabytes (with --workers > 1).",
)
@click.option(
    "--rejects",
    metavar="FILE",
    help="Rejected records (JSONL). Default: OUTPUT.rejects.jsonl, or ./normkit-rejects.jsonl "
    "(none with --check and --diff).",
)
@click.option(
    "--decode-errors",
    type=click.Choice(["reject", "replace"]),
    default="reject",
    show_default=True,
    help="Undecodable text: reject the record, or replace bad bytes with U+FFFD (counted).",
)
@click.option(
    "--max-record-mb",
    type=click.FloatRange(0, min_open=True),
    default=64,
    show_default=True,
    metavar="MB",
    help="Reject (without loading) a record or plain-text document larger than MB megabytes.",
)
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
@_plugin_options
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

    from .errors import FlagError, MissingDependency, PlanError
    from .io.formats import Format
    from .io.readers import ReadOptions
    from .run.choose import choose_chain
    from .run.plan import PlanRequest, make_plan
    from .run.shard import RunOptions

    if diff and check:
        raise click.UsageError("--diff and --check exclude each other")
    fmt_in = _format_option(in_format, "--format") or (Format("jsonl") if jsonl else None)
    fmt_out = _format_option(output_format, "--output-format")
    _check_writable(stats_json, "--stats-json")
    load_registry()
    try:
        chain, _ = choose_chain(profile, config_file, not no_config, enable, disable, settings)
    except FlagError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{exc.flag}'") from None
    mode = "diff" if diff else "check" if check else "write"
    _check_drop_if(drop_if, dropped_file)
    options = RunOptions(
        ReadOptions(text_field, id_field, line_docs, decode_errors, max(1, int(max_record_mb * (1 << 20)))),
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
        )
        try:
            plan = make_plan(request, options)
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
        execute = _engine(engine, ray_address, ray_runtime_env, workers, plan)
        code = _run(plan, chain, options, workers, progress, quiet, stats_json, started, execute)
    sys.exit(code)


def _check_drop_if(expressions: tuple[str, ...], dropped_file: str | None) -> None:
    """Parse every ``--drop-if`` here, so a typo is a usage error before any work."""
    if dropped_file is not None and not expressions:
        raise click.UsageError("--dropped needs --drop-if")
    if not expressions:
        return
    from .errors import ExprError
    from .signals import signal_set
    from .signals.expr import parse

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

    from .errors import Terminated

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
    from ._timelimit import default_step_timeout

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
    from .lines.repeats import CountSettings
    from .run.count import RepeatsError, check_counts_file, scan, with_counts

    try:
        if repeats != "auto":
            check_counts_file(repeats, group_field)
            return with_counts(chain, str(Path(repeats).resolve()))
        with_counts(chain, "")  # the step is in the chain
        if not request.args:
            raise RepeatsError("--repeats auto reads the inputs twice: give input files, not stdin")
        out = request.workdir / "repeats.nkr"
        mapper = _mapper(engine, address, runtime_env, workers, keep_running=True)
        result = scan(
            dataclasses.replace(request, exclude=tuple(p for p in (request.output,) if p)),
            options.read,
            CountSettings(group_field),
            memory_mb,
            out,
            workers,
            mapper,
        )
    except RepeatsError as exc:
        raise click.UsageError(str(exc)) from None
    if not quiet:
        click.echo(result.summary().replace("scan:", "repeats: counted", 1), err=True)
    return with_counts(chain, str(out))


def _mapper(
    engine: str, address: str | None, runtime_env: str | None, workers: int, keep_running: bool = False
) -> Any:
    """A map over shards for a counting pass on ``--engine`` (None: local processes);
    ``keep_running``: a Ray cluster started for it stays up for the cleaning pass."""
    if engine == "local":
        return None
    import functools
    import json

    from .run.ray_engine import map_tasks

    try:
        env = json.loads(runtime_env) if runtime_env else None
    except ValueError as exc:
        raise click.BadParameter(f"not JSON: {exc}", param_hint="'--ray-runtime-env'") from None
    return functools.partial(
        map_tasks, address=address, num_cpus=workers, runtime_env=env, keep_running=keep_running
    )


def _engine(engine: str, address: str | None, runtime_env: str | None, workers: int, plan: Any) -> Any:
    """The shard executor for ``--engine`` (None: the local one)."""
    if engine == "local":
        if address or runtime_env:
            raise click.UsageError("--ray-address and --ray-runtime-env need --engine ray")
        return None
    import functools
    import json

    from .errors import RayUnavailable
    from .run.ray_engine import check_shards, execute

    try:
        env = json.loads(runtime_env) if runtime_env else None
    except ValueError as exc:
        raise click.BadParameter(f"not JSON: {exc}", param_hint="'--ray-runtime-env'") from None
    try:
        check_shards(plan.shards)
    except RayUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    return functools.partial(execute, address=address, num_cpus=workers, runtime_env=env)


def _check_optional_libraries(plan: Any) -> None:
    if any("parquet" in (s.in_format.kind, s.out_format.kind) for s in plan.shards):
        from .io.parquet import _pyarrow

        _pyarrow()


def _run(
    plan: Any,
    chain: Any,
    options: Any,
    workers: int,
    progress: bool | None,
    quiet: bool,
    stats_json: str | None,
    started: float,
    execute: Any = None,
) -> int:
    import time

    from .errors import Terminated
    from .run.local import run_plan
    from .run.report import counts_line, files_line, filter_lines, stats_table
    from .run.report import stats_json as stats_dict

    show_bar = progress if progress is not None else (sys.stderr.isatty() and not quiet)
    total = sum(s.size for s in plan.shards)
    bar: Any = None
    try:
        if show_bar and plan.shards:
            bar = click.progressbar(length=max(total, 1), label="cleaning", file=sys.stderr, show_pos=False)
            bar.__enter__()
        totals = run_plan(
            plan,
            chain,
            options,
            workers,
            (lambda shard, _r: bar.update(shard.size)) if bar else None,
            execute,
        )
    except KeyboardInterrupt:
        click.echo("\nnormkit: interrupted; finished outputs are kept, a rerun resumes", err=True)
        return EXIT_INTERRUPTED
    except Terminated:
        click.echo("normkit: terminated; finished outputs are kept, a rerun resumes", err=True)
        return EXIT_TERMINATED
    except Exception as exc:
        if _broken_pipe(exc):
            raise
        click.echo(f"normkit: error: {_describe(exc)}", err=True)
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    wall = time.perf_counter() - started
    if not quiet:
        click.echo(files_line(totals, wall), err=True)
        if totals.members or totals.members_skipped:
            click.echo(_members_line(totals), err=True)
        table = stats_table(totals)
        if table:
            click.echo(table, err=True)
    click.echo(counts_line(totals), err=True)
    if not quiet:
        for line in filter_lines(totals):
            click.echo(line, err=True)
    if totals.rejected:
        where = f"in {plan.rejects}" if plan.rejects is not None else "(not kept: --rejects FILE keeps them)"
        click.echo(f"rejects: {totals.rejected} record(s) {where}", err=True)
    if options.explain and plan.explain is not None:
        click.echo(f"explanations: {plan.explain}", err=True)
    if stats_json:
        import json
        from pathlib import Path

        data = stats_dict(totals, wall, chain.names, workers)
        Path(stats_json).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if totals.rejected:
        return EXIT_REJECTED
    if options.mode == "check" and (totals.changed or totals.dropped):
        click.echo("check: some documents would change", err=True)
        return EXIT_WOULD_CHANGE
    return EXIT_OK


def _members_line(totals: Any) -> str:
    line = f"archives: {totals.members} member(s) read"
    if totals.members_skipped:
        line += (
            f", {totals.members_skipped} not read (hidden, or not named .txt/.text/.md/.jsonl/.ndjson/.json"
            " (.gz/.zst); --format reads every member)"
        )
    return line


@main.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("-o", "--output", required=True, metavar="FILE", help="Counts file to write (e.g. counts.nkr).")
@click.option("--format", "in_format", metavar="FORMAT", help="Read inputs as FORMAT, not by suffix.")
@click.option("--line-docs", is_flag=True, help="Plain text: one document per line, not one per file.")
@click.option("--text-field", default="text", show_default=True, help="JSONL/Parquet field holding the text.")
@click.option(
    "--id-field", default="id", show_default=True, help="JSONL/Parquet field holding the document id."
)
@click.option(
    "--group-field",
    metavar="FIELD",
    help="Group pages by this record field (dotted for nested); default: the host of 'url' or 'meta.url'.",
)
@click.option(
    "--memory",
    "memory_mb",
    type=click.FloatRange(1),
    default=64,
    show_default=True,
    metavar="MB",
    help="Memory for counting per process; more is spilled to the temporary directory.",
)
@click.option(
    "-j", "--workers", type=click.IntRange(1), default=1, show_default=True, help="Worker processes."
)
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--ray-address", metavar="ADDRESS", help="With --engine ray: join this cluster.")
@click.option("--ray-runtime-env", metavar="JSON", help="With --engine ray: Ray runtime_env as JSON.")
@click.option(
    "--shard-size",
    type=click.IntRange(1),
    default=64,
    show_default=True,
    metavar="MB",
    help="Split uncompressed line files into pieces of at most MB megabytes (with --workers > 1).",
)
@click.option(
    "--decode-errors", type=click.Choice(["reject", "replace"]), default="reject", show_default=True
)
@click.option(
    "--max-record-mb", type=click.FloatRange(0, min_open=True), default=64, show_default=True, metavar="MB"
)
@click.option("--rejects", metavar="FILE", help="Unreadable records (JSONL). Default: OUTPUT.rejects.jsonl.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def scan(
    inputs: tuple[str, ...],
    output: str,
    in_format: str | None,
    line_docs: bool,
    text_field: str,
    id_field: str,
    group_field: str | None,
    memory_mb: float,
    workers: int,
    engine: str,
    ray_address: str | None,
    ray_runtime_env: str | None,
    shard_size: int,
    decode_errors: str,
    max_record_mb: float,
    rejects: str | None,
    quiet: bool,
) -> None:
    """Count lines repeated across the pages of each site, for `clean --repeats FILE`.

    \b
    normkit scan crawl/ -o counts.nkr -j 4
    normkit clean crawl/ -o clean/ --repeats counts.nkr

    Exit status: 0 done, 2 bad usage, 3 done but records could not be read, 4 failed.
    """
    import tempfile

    from .io.compression import MissingDependency
    from .io.readers import ReadOptions
    from .lines.repeats import CountSettings
    from .run.count import scan as run_scan
    from .run.plan import PlanError, PlanRequest

    read = ReadOptions(text_field, id_field, line_docs, decode_errors, max(1, int(max_record_mb * (1 << 20))))
    rejects_path = rejects or output + ".rejects.jsonl"
    with tempfile.TemporaryDirectory(prefix="normkit-scan-") as workdir:
        request = PlanRequest(
            list(inputs),
            None,
            _format_option(in_format, "--format"),
            None,
            rejects_path,
            None,
            True,
            workers,
            shard_size << 20,
            Path(workdir),
            (output,),
        )
        try:
            result = run_scan(
                request,
                read,
                CountSettings(group_field),
                memory_mb,
                output,
                workers,
                _mapper(engine, ray_address, ray_runtime_env, workers),
                rejects_path,
            )
        except (PlanError, MissingDependency) as exc:
            raise click.UsageError(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("\nnormkit: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            click.echo(f"normkit: error: {exc}", err=True)
            sys.exit(EXIT_FAILED)
    if not quiet:
        click.echo(result.summary(), err=True)
    sys.exit(EXIT_REJECTED if result.rejected else EXIT_OK)


@main.command()
@click.option("--profile", default="default", show_default=True, help="Profile to run.")
@click.option(
    "--changes",
    "max_changes",
    type=click.IntRange(0),
    default=8,
    show_default=True,
    help="Changes shown per page.",
)
def demo(profile: str, max_changes: int) -> None:
    """Clean the sample Chinese web pages shipped with normkit and show what changed and why."""
    from .run.demo import run_demo

    try:
        run_demo(profile, max_changes)
    except Exception as exc:  # a profile name is the only input
        raise click.BadParameter(str(exc), param_hint="'--profile'") from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
