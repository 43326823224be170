"""A per-step time limit, so that one slow plugin cannot stall a run.

It uses ``SIGALRM`` and so works in the main thread of a process on POSIX (which is
where the file runner's workers clean documents). Elsewhere the limit is not enforced
and :func:`time_limit` says so by returning ``False`` from :func:`enforceable`.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class StepTimeout(Exception):
    """Raised inside a step that ran past its time limit."""


def enforceable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _expire(signum: int, frame: FrameType | None) -> None:
    raise StepTimeout


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`StepTimeout` in the block if it runs longer than ``seconds``."""
    if not seconds or not enforceable():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
