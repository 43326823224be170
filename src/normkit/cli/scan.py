"""``normkit scan``: count lines repeated across the pages of each site, for ``clean --repeats FILE``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import engine_options, format_option, input_options, mapper, read_options, record_options
from .status import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_REJECTED


@click.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("-o", "--output", required=True, metavar="FILE", help="Counts file to write (e.g. counts.nkr).")
@input_options
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
@engine_options
@record_options
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

    from ..io.compression import MissingDependency
    from ..lines.repeats import CountSettings
    from ..run.count import scan as run_scan
    from ..run.plan import PlanError, PlanRequest

    read = read_options(text_field, id_field, line_docs, decode_errors, max_record_mb)
    rejects_path = rejects or output + ".rejects.jsonl"
    with tempfile.TemporaryDirectory(prefix="normkit-scan-") as workdir:
        request = PlanRequest(
            list(inputs),
            None,
            format_option(in_format, "--format"),
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
                mapper(engine, ray_address, ray_runtime_env, workers),
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
