"""Simulated disk faults for end-to-end tests: put this directory first on ``PYTHONPATH``
of a ``normkit`` subprocess (its workers load it too) and set

- ``NORMKIT_FAULT_DIR``: files opened for binary writing below it are watched (unbuffered,
  so what was written is what is on disk);
- ``NORMKIT_FAULT_FULL=N``: the disk holds N bytes below that directory: a write that
  would pass it writes what fits and raises ``OSError(ENOSPC)``, as a full disk does;
- ``NORMKIT_FAULT_KILL=N``: the N-th watched write of a process (counting only writes to
  files whose name ends in ``NORMKIT_FAULT_SUFFIX``, when set) writes half its bytes,
  then the process kills itself with SIGKILL.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import os
import signal
from typing import Any

_DIR = os.environ.get("NORMKIT_FAULT_DIR")
_FULL = int(os.environ.get("NORMKIT_FAULT_FULL", "0") or 0)
_KILL = int(os.environ.get("NORMKIT_FAULT_KILL", "0") or 0)
_SUFFIX = os.environ.get("NORMKIT_FAULT_SUFFIX", "")
_writes = 0
_open = builtins.open


def _used(root: str) -> int:
    total = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_size
    return total


class _Watched:
    def __init__(self, raw: Any, counted: bool) -> None:
        self._raw = raw
        self._counted = counted

    def write(self, data: Any) -> int:
        global _writes
        data = bytes(data)
        _writes += self._counted
        if _KILL and self._counted and _writes == _KILL:
            self._raw.write(data[: len(data) // 2])
            os.kill(os.getpid(), signal.SIGKILL)
        if _FULL and _DIR is not None:
            room = _FULL - _used(_DIR)
            if len(data) > room:
                if room > 0:
                    self._raw.write(data[:room])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written: int = self._raw.write(data)
        return written

    def __enter__(self) -> _Watched:
        return self

    def __exit__(self, *exc: object) -> None:
        self._raw.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


def _watched_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    if (
        _DIR is not None
        and isinstance(file, (str, os.PathLike))
        and "b" in mode
        and any(m in mode for m in "wax+")
        and os.path.abspath(os.fspath(file)).startswith(os.path.abspath(_DIR) + os.sep)
    ):
        kwargs.pop("buffering", None)
        return _Watched(_open(file, mode, 0, *args[1:], **kwargs), os.fspath(file).endswith(_SUFFIX))
    return _open(file, mode, *args, **kwargs)


if _DIR is not None and (_FULL or _KILL):
    builtins.open = _watched_open
