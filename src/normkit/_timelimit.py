"""A per-step time limit, so that one slow or looping plugin cannot stall a run.

No signals: a watchdog thread (one per process, started on first use) watches the
deadlines of the threads inside :func:`time_limit` and raises :class:`StepTimeout` in
a thread whose block runs past its deadline (``PyThreadState_SetAsyncExc``). So the
limit works in any thread and in worker processes, and costs a dictionary update per
step. The exception arrives between two Python bytecodes: a step stuck inside one
long C call (one ``re`` match) is interrupted when that call returns; a step that
swallows the exception is interrupted again, every ``seconds``.

>>> import time
>>> try:
...     with time_limit(0.05):
...         while True:
...             time.sleep(0.001)
... except StepTimeout:
...     print("stopped")
stopped
"""

from __future__ import annotations

import ctypes
import math
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType

from .errors import StepTimeout

__all__ = [
    "DEFAULT_STEP_TIMEOUT",
    "StepTimeout",
    "StepWatch",
    "default_step_timeout",
    "enforceable",
    "interrupted",
    "thread_watch",
    "time_limit",
    "watch_interrupts",
]

#: How often the watchdog looks at the deadlines, at most (seconds).
_TICK = 0.05
#: The limit the command line and the adapters apply unless told otherwise (seconds).
DEFAULT_STEP_TIMEOUT = 300.0


def default_step_timeout() -> float | None:
    """``$NORMKIT_STEP_TIMEOUT`` (seconds; ``0``: no limit), else :data:`DEFAULT_STEP_TIMEOUT`.

    >>> default_step_timeout()
    300.0
    """
    value = os.environ.get("NORMKIT_STEP_TIMEOUT", "").strip()
    if not value:
        return DEFAULT_STEP_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_STEP_TIMEOUT
    return seconds if seconds > 0 else None


class _Deadline:
    __slots__ = ("at", "fired", "seconds")

    def __init__(self, at: float, seconds: float) -> None:
        self.at = at
        self.seconds = seconds
        self.fired = False


_lock = threading.Lock()
_deadlines: dict[int, _Deadline] = {}
_watchdog_pid: int | None = None


def _raise_in(ident: int, exc: type[BaseException] | None) -> None:
    """Schedule ``exc`` in thread ``ident`` (``None``: cancel a scheduled one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exc) if exc else None)


def enforceable() -> bool:
    """Always true: the limit works in every thread of every process.

    >>> enforceable()
    True
    """
    return True


def _watch() -> None:
    while True:
        now = time.monotonic()
        wait = 1.0
        with _lock:
            for ident, deadline in _deadlines.items():
                if deadline.at <= now:
                    _raise_in(ident, StepTimeout)
                    deadline.fired = True
                    deadline.at = now + max(deadline.seconds, _TICK)
                wait = min(wait, deadline.at - now)
        time.sleep(min(max(wait, 0.001), _TICK))


def _ensure_watchdog() -> None:
    global _watchdog_pid
    pid = os.getpid()
    if _watchdog_pid == pid:
        return
    with _lock:
        if _watchdog_pid != pid:  # first use, or a forked child (threads do not survive fork)
            _deadlines.clear()
            threading.Thread(target=_watch, name="normkit-step-watchdog", daemon=True).start()
            _watchdog_pid = pid


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`StepTimeout` in the block if it runs longer than ``seconds``
    (``None`` or 0: no limit). Blocks nest; the inner deadline applies inside it.

    >>> import time
    >>> try:
    ...     with time_limit(0.05):
    ...         while True:
    ...             time.sleep(0.01)
    ... except StepTimeout:
    ...     print("stopped")
    stopped
    """
    if not seconds:
        yield
        return
    _ensure_watchdog()
    ident = threading.get_ident()
    mine = _Deadline(time.monotonic() + seconds, seconds)
    outer = _deadlines.get(ident)
    _deadlines[ident] = mine
    try:
        yield
    finally:
        with _lock:
            if outer is None:
                _deadlines.pop(ident, None)
            else:
                _deadlines[ident] = outer
            if mine.fired:
                # Sent but not met yet: dropped, so it cannot surface after the block.
                _raise_in(ident, None)


class StepWatch:
    """The limit for a run of steps in one thread, cheaper than a :func:`time_limit`
    per step: register once (``with``), then :meth:`start` and :meth:`stop` each step.

    >>> with StepWatch(10.0) as watch:
    ...     watch.start()
    ...     watch.stop()
    """

    __slots__ = ("_deadline", "_ident", "_outer", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._deadline = _Deadline(math.inf, seconds)
        self._ident = 0
        self._outer: _Deadline | None = None

    def __enter__(self) -> StepWatch:
        _ensure_watchdog()
        self._ident = threading.get_ident()
        self._outer = _deadlines.get(self._ident)
        _deadlines[self._ident] = self._deadline
        return self

    def start(self) -> None:
        """The step starts now: it may run ``seconds``."""
        self._deadline.at = time.monotonic() + self.seconds

    def stop(self) -> None:
        """The step ended; drop a :class:`StepTimeout` sent but not met yet."""
        deadline = self._deadline
        with _lock:
            deadline.at = math.inf
            if deadline.fired:
                deadline.fired = False
                _raise_in(self._ident, None)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        with _lock:
            if self._outer is None:
                _deadlines.pop(self._ident, None)
            else:
                _deadlines[self._ident] = self._outer


_local = threading.local()


def thread_watch(seconds: float) -> StepWatch:
    """This thread's :class:`StepWatch`, registered once and kept (idle between steps),
    limiting each step to ``seconds``.

    >>> thread_watch(1.0) is thread_watch(1.0)
    True
    """
    watch: StepWatch | None = getattr(_local, "watch", None)
    if watch is None or _watchdog_pid != os.getpid():
        watch = _local.watch = StepWatch(seconds).__enter__()
    watch.seconds = watch._deadline.seconds = seconds
    return watch


_sigint_seen = False
_watching_interrupts = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _sigint_seen
    _sigint_seen = True
    raise KeyboardInterrupt


def watch_interrupts() -> None:
    """Remember a real Ctrl-C (``SIGINT``), so that :func:`interrupted` can tell it from a
    ``KeyboardInterrupt`` a plugin raises. Installs a handler that behaves as Python's
    default one, in the main thread and only when the default one is in place."""
    global _watching_interrupts
    if _watching_interrupts or threading.current_thread() is not threading.main_thread():
        return
    try:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _on_sigint)
            _watching_interrupts = True
    except (ValueError, OSError):  # pragma: no cover - embedded interpreters
        pass


def interrupted() -> bool:
    """Whether a ``KeyboardInterrupt`` may be a real one: the user pressed Ctrl-C, or
    :func:`watch_interrupts` could not tell (another SIGINT handler is in place)."""
    if _watching_interrupts:
        return _sigint_seen
    try:
        return signal.getsignal(signal.SIGINT) is not _on_sigint
    except ValueError:  # pragma: no cover
        return True
