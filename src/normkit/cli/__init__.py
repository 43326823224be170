"""The ``normkit`` command: one module per command (``clean``, ``scan``, ``plugins``,
``demo``), the options they share (``options``), the report of a run (``report``), exit
statuses and failures (``status``). Heavy modules are imported inside the commands that
need them, so that ``normkit --help`` stays instant.

>>> from click.testing import CliRunner
>>> done = CliRunner().invoke(main, ["clean", "-q"], input="  第一行\\u200b  \\n")
>>> done.exit_code, done.stdout
(0, '第一行\\n')
>>> done.stderr
'documents: read 1 = written 1 + dropped 0 + rejected 0; changed 1\\n'
"""

from __future__ import annotations

from .._interrupt import quiet_until_started

quiet_until_started()  # first: Ctrl-C while the modules below load is a quiet exit 130

import click  # noqa: E402

from .clean import clean  # noqa: E402
from .demo import demo  # noqa: E402
from .plugins import plugins  # noqa: E402
from .scan import scan  # noqa: E402
from .status import (  # noqa: E402
    EXIT_BROKEN_PIPE,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_TERMINATED,
    EXIT_USAGE,
    EXIT_WOULD_CHANGE,
    Group,
    load_registry,
    plugin_options,
)

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "EXIT_WOULD_CHANGE",
    "load_registry",
    "main",
]


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="normkit")
@plugin_options
def main() -> None:
    """Clean web text for NLP and LLM corpora, correctly for Chinese.

    Exit status (every command): 0 done, 1 --check found changes, 2 bad usage or a
    broken plugin, 3 done but records were rejected, 4 failed, 130 interrupted,
    141 standard output closed early (as by `| head`), 143 terminated (SIGTERM).
    """


for _command in (plugins, clean, scan, demo):
    main.add_command(_command)
