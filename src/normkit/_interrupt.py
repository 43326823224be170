"""Ctrl-C while the ``normkit`` command is still starting (importing its modules): a quiet
exit 130, as later, instead of a traceback from inside an import.

:func:`quiet_until_started` is the first thing the command does; the command group calls
:func:`started` when it runs a command, from which a Ctrl-C is a ``KeyboardInterrupt``
again (turned into exit 130 by the group, with what was written cleaned up).
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

__all__ = ["quiet_until_started", "started"]

#: The exit status of an interrupted command (``normkit.cli.status.EXIT_INTERRUPTED``).
INTERRUPTED = 130


def _leave(signum: int, frame: FrameType | None) -> None:
    os.write(2, b"\nnormkit: interrupted\n")
    os._exit(INTERRUPTED)


def quiet_until_started() -> bool:
    """Make a Ctrl-C end the process at once with status 130 (nothing is written yet),
    when this is the ``normkit`` command starting in the main thread with Python's own
    handler; whether it did.

    >>> quiet_until_started()  # (not the command: the doctest runner)
    False
    """
    program = os.path.basename(sys.argv[0]) if sys.argv else ""
    if program not in ("normkit", "-m") or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return False
    try:
        signal.signal(signal.SIGINT, _leave)
    except ValueError:  # not the main thread
        return False
    return True


def started() -> None:
    """Ctrl-C raises ``KeyboardInterrupt`` again (if :func:`quiet_until_started` changed it).

    >>> started()
    """
    try:
        if signal.getsignal(signal.SIGINT) is _leave:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:  # not the main thread
        pass
