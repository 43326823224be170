"""Options that several commands share (how inputs are read, where shards run) and the
values they turn into.

>>> format_option("jsonl.gz", "--format")
Format(kind='jsonl', compression='gz')
>>> read_options("text", "id", False, "reject", 0.5).max_record_bytes
524288
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _all(doc: str, *decorators: Callable[[F], F]) -> Callable[[F], F]:
    """The decorators applied as if written in this order above a function; ``doc`` is
    the docstring of the decorator made of them."""

    def apply(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    apply.__doc__ = doc
    return apply


input_options = _all(
    """``--format``, ``--line-docs``, ``--text-field``, ``--id-field``: what the inputs hold.

    >>> from click.testing import CliRunner
    >>> @click.command()
    ... @input_options
    ... def show(**values: object) -> None:
    ...     click.echo(sorted(values.items()))
    >>> print(CliRunner().invoke(show, ["--text-field", "body"]).output, end="")
    [('id_field', 'id'), ('in_format', None), ('line_docs', False), ('text_field', 'body')]
    """,
    click.option(
        "--format",
        "in_format",
        metavar="FORMAT",
        help="Read inputs as FORMAT (text, jsonl, parquet; .gz/.zst), not by suffix.",
    ),
    click.option("--line-docs", is_flag=True, help="Plain text: one document per line, not one per file."),
    click.option(
        "--text-field", default="text", show_default=True, help="JSONL/Parquet field holding the text."
    ),
    click.option(
        "--id-field", default="id", show_default=True, help="JSONL/Parquet field holding the document id."
    ),
)

record_options = _all(
    """``--decode-errors``, ``--max-record-mb``: what becomes a reject when read.

    >>> from click.testing import CliRunner
    >>> @click.command()
    ... @record_options
    ... def show(**values: object) -> None:
    ...     click.echo(sorted(values.items()))
    >>> print(CliRunner().invoke(show, ["--decode-errors", "replace"]).output, end="")
    [('decode_errors', 'replace'), ('max_record_mb', 64.0)]
    """,
    click.option(
        "--decode-errors",
        type=click.Choice(["reject", "replace"]),
        default="reject",
        show_default=True,
        help="Undecodable text: reject the record, or replace bad bytes with U+FFFD (counted).",
    ),
    click.option(
        "--max-record-mb",
        type=click.FloatRange(0, min_open=True),
        default=64,
        show_default=True,
        metavar="MB",
        help="Reject (without loading) a record or plain-text document larger than MB megabytes.",
    ),
)

engine_options = _all(
    """``--workers``, ``--engine``, ``--ray-address``, ``--ray-runtime-env``, ``--shard-size``.

    >>> from click.testing import CliRunner
    >>> @click.command()
    ... @engine_options
    ... def show(**values: object) -> None:
    ...     click.echo(sorted(values.items()))
    >>> print(CliRunner().invoke(show, ["-j", "2"]).output, end="")
    [('engine', 'local'), ('ray_address', None), ('ray_runtime_env', None), ('shard_size', 64), ('workers', 2)]
    """,
    click.option(
        "-j", "--workers", type=click.IntRange(1), default=1, show_default=True, help="Worker processes."
    ),
    click.option(
        "--engine",
        type=click.Choice(["local", "ray"]),
        default="local",
        show_default=True,
        help="Run shards in local processes, or as Ray tasks (pip install 'normkit[ray]').",
    ),
    click.option(
        "--ray-address",
        metavar="ADDRESS",
        help="With --engine ray: join this cluster ('auto', 'ray://HOST:10001'); default: start a local "
        "one with --workers CPUs.",
    ),
    click.option(
        "--ray-runtime-env",
        metavar="JSON",
        help='With --engine ray: Ray runtime_env as JSON, e.g. \'{"pip": ["normkit-example"]}\'.',
    ),
    click.option(
        "--shard-size",
        type=click.IntRange(1),
        default=64,
        show_default=True,
        metavar="MB",
        help="Split uncompressed line files into pieces of at most MB megabytes (with --workers > 1).",
    ),
)


def format_option(value: str | None, flag: str) -> Any:
    """The ``Format`` a ``--format``-like flag names (None when not given).

    >>> format_option("text.zst", "--output-format")
    Format(kind='text', compression='zst')
    >>> format_option("csv", "--format")
    Traceback (most recent call last):
    ...
    click.exceptions.BadParameter: unknown format 'csv' (valid: text, jsonl, parquet) (valid: ...)
    """
    if value is None:
        return None
    from ..io.formats import FORMAT_CHOICES, parse_format

    try:
        return parse_format(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"{exc} (valid: {', '.join(FORMAT_CHOICES)})", param_hint=f"'{flag}'"
        ) from None


def read_options(
    text_field: str, id_field: str, line_docs: bool, decode_errors: str, max_record_mb: float
) -> Any:
    """The ``ReadOptions`` of :data:`input_options` and :data:`record_options`.

    >>> read_options("content", "id", True, "replace", 1).line_docs
    True
    """
    from ..io.readers import ReadOptions

    return ReadOptions(text_field, id_field, line_docs, decode_errors, max(1, int(max_record_mb * (1 << 20))))


def _runtime_env(runtime_env: str | None) -> Any:
    """``--ray-runtime-env`` parsed (None when not given).

    >>> _runtime_env('{"pip": ["x"]}')
    {'pip': ['x']}
    """
    try:
        return json.loads(runtime_env) if runtime_env else None
    except ValueError as exc:
        raise click.BadParameter(f"not JSON: {exc}", param_hint="'--ray-runtime-env'") from None


def mapper(
    engine: str, address: str | None, runtime_env: str | None, workers: int, keep_running: bool = False
) -> Any:
    """A map over shards for a counting pass on ``--engine`` (None: local processes);
    ``keep_running``: a Ray cluster started for it stays up for the cleaning pass.

    >>> mapper("local", None, None, 2) is None
    True
    """
    if engine == "local":
        return None
    from ..run.ray_engine import map_tasks

    env = _runtime_env(runtime_env)
    return functools.partial(
        map_tasks, address=address, num_cpus=workers, runtime_env=env, keep_running=keep_running
    )


def executor(engine: str, address: str | None, runtime_env: str | None, workers: int, plan: Any) -> Any:
    """The shard executor for ``--engine`` (None: the local one).

    >>> executor("local", None, None, 2, plan=None) is None
    True
    >>> executor("local", "auto", None, 2, plan=None)
    Traceback (most recent call last):
    ...
    click.exceptions.UsageError: --ray-address and --ray-runtime-env need --engine ray
    """
    if engine == "local":
        if address or runtime_env:
            raise click.UsageError("--ray-address and --ray-runtime-env need --engine ray")
        return None
    from ..errors import RayUnavailable
    from ..run.ray_engine import check_shards, execute

    env = _runtime_env(runtime_env)
    try:
        check_shards(plan.shards)
    except RayUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    return functools.partial(execute, address=address, num_cpus=workers, runtime_env=env)
