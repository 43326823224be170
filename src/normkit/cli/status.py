"""Exit statuses, and failures as one line on stderr: the command group, plugins that fail
to load, a reader of standard output that went away.

>>> from normkit.cli.status import EXIT_REJECTED, describe
>>> EXIT_REJECTED
3
>>> describe(ValueError("bad value"))
'ValueError: bad value'
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from .._interrupt import started

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


class Group(click.Group):
    """The ``normkit`` group: every failure is one line on stderr and a documented exit
    status, never a traceback (``NORMKIT_DEBUG=1`` shows it).

    >>> import click
    >>> @click.group(cls=Group)
    ... def tool() -> None: ...
    >>> @tool.command()
    ... def boom() -> None:
    ...     raise RuntimeError("no luck")
    >>> from click.testing import CliRunner
    >>> done = CliRunner().invoke(tool, ["boom"])
    >>> done.exit_code, done.stderr
    (4, 'normkit: error: RuntimeError: no luck\\n')
    """

    def invoke(self, ctx: click.Context) -> Any:
        started()  # from here a Ctrl-C is a KeyboardInterrupt, handled below
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (KeyboardInterrupt, EOFError):
            click.echo("\nnormkit: interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except OSError as exc:
            if not broken_pipe(exc):
                fail(exc)
            quiet_stdout()
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
        except Exception as exc:
            fail(exc)


def broken_pipe(exc: BaseException) -> bool:
    """Whether ``exc`` says the reader of our output went away.

    >>> broken_pipe(BrokenPipeError()), broken_pipe(OSError(2, "No such file"))
    (True, False)
    """
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


def quiet_stdout() -> None:
    """The reader of standard output went away (``normkit ... | head``): stop quietly,
    and keep Python from complaining when it flushes stdout at exit (standard output
    now goes to the null device).

    >>> import subprocess, sys
    >>> code = "from normkit.cli.status import quiet_stdout; quiet_stdout(); print('lost')"
    >>> subprocess.run([sys.executable, "-c", code], capture_output=True).stdout
    b''
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
        pass


def fail(exc: BaseException) -> NoReturn:
    """Report ``exc`` as one line on stderr and exit 4 (``NORMKIT_DEBUG=1``: raise it).

    >>> try:
    ...     fail(ValueError("bad value"))
    ... except SystemExit as exc:
    ...     exc.code
    4
    """
    if os.environ.get("NORMKIT_DEBUG"):
        raise exc
    click.echo(f"normkit: error: {describe(exc)}", err=True)
    sys.exit(EXIT_FAILED)


def describe(exc: BaseException) -> str:
    """``exc`` as the one line a failure prints: normkit's own errors and OS errors speak
    for themselves, others are named.

    >>> import normkit
    >>> describe(normkit.PlanError("no inputs")), describe(KeyError("k"))
    ('no inputs', "KeyError: 'k'")
    >>> describe(MemoryError())
    'MemoryError: out of memory outside any one record (the chain and its tables need more than the memory limit leaves)'
    """
    from ..errors import NormkitError

    if isinstance(exc, (NormkitError, OSError)):
        return str(exc)
    if isinstance(exc, MemoryError) and not str(exc):
        return (
            "MemoryError: out of memory outside any one record"
            " (the chain and its tables need more than the memory limit leaves)"
        )
    return f"{type(exc).__name__}: {exc}"


def plugin_options(func: F) -> F:
    """``--skip-broken-plugins``, on the group and on each command.

    >>> @plugin_options
    ... @click.command()
    ... def tool() -> None: ...
    >>> [p.name for p in tool.params]
    ['skip_broken_plugins']
    """
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
    its distribution and the cause, exit 2; skipped ones are one warning line each.

    >>> "layout.whitespace" in load_registry()
    True
    """
    import warnings

    from .._registry import get_registry
    from ..errors import BrokenPluginWarning, PluginError

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
