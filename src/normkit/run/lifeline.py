"""Processes that die with the run: a worker or a forkserver never outlives its parent.

Imported first by the forkserver (``normkit.run.warm``), so it imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux
    ``PR_SET_PDEATHSIG``; elsewhere nothing); if the parent is already gone, die now.

    A process whose parent is alive goes on:

    >>> import subprocess, sys
    >>> code = "from normkit.run.lifeline import die_with_parent; die_with_parent(); print('alive')"
    >>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    'alive\\n'
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if parent == 1 or os.getppid() != parent:  # orphaned before the request took effect
        os.kill(os.getpid(), signal.SIGKILL)


#: The warning filter given to the processes multiprocessing starts (``-W``).
QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


def quiet_resource_tracker() -> None:
    """Keep Python's resource tracker from writing into the caller's stderr after a run
    killed with ``SIGKILL``: it outlives the run for a moment to remove the run's semaphores
    (as it should) and used to report them as "leaked" in a two-line ``UserWarning``.

    The filter goes to the processes multiprocessing starts from now on (it passes
    ``sys.warnoptions`` as ``-W``); only the tracker's ``UserWarning`` is silenced.

    >>> quiet_resource_tracker(); quiet_resource_tracker()
    >>> sys.warnoptions.count(QUIET_TRACKER)
    1
    """
    if QUIET_TRACKER not in sys.warnoptions:
        sys.warnoptions.append(QUIET_TRACKER)


def watch_run(pid: int) -> None:
    """Die with the parent, and end this process (``SIGKILL``) as soon as process
    ``pid`` (the run) is gone: a pidfd where there are pidfds, else a poll every 0.2 s.
    The initializer of every worker of the local engine.

    A worker watching a run that has ended is gone at once (killed, ``-9``):

    >>> import subprocess, sys
    >>> ended = subprocess.Popen([sys.executable, "-c", "pass"]); _ = ended.wait()
    >>> code = f"import time; from normkit.run.lifeline import watch_run; watch_run({ended.pid}); time.sleep(30)"
    >>> subprocess.run([sys.executable, "-c", code], timeout=20).returncode
    -9
    """
    die_with_parent()

    def watch() -> None:
        try:
            fd = os.pidfd_open(pid)
        except (AttributeError, OSError):  # no pidfds (old kernel, not Linux): poll
            while True:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    pass
                threading.Event().wait(0.2)
        else:
            select.select([fd], [], [])  # readable when the process has exited
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="normkit-run-watch", daemon=True).start()
