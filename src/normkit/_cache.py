"""A small on-disk cache for tables that are slow to build and never change."""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    """``$NORMKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/normkit`` or ``~/.cache/normkit``.

    ``NORMKIT_NO_CACHE=1`` or ``NORMKIT_CACHE_DIR=""`` turns the cache off.
    """
    if os.environ.get("NORMKIT_NO_CACHE"):
        return None
    configured = os.environ.get("NORMKIT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "normkit"


def cached_pickle(name: str, build: Callable[[], T], kind: type[T]) -> T:
    """Like :func:`cached_bytes` for a picklable object of type ``kind``; a cache file
    that does not unpickle to one is rebuilt."""
    try:
        loaded = pickle.loads(cached_bytes(name, lambda: pickle.dumps(build(), pickle.HIGHEST_PROTOCOL)))
    except Exception:  # a damaged or stale cache file
        loaded = None
    if isinstance(loaded, kind):
        return loaded
    built = build()
    store_bytes(name, pickle.dumps(built, pickle.HIGHEST_PROTOCOL))
    return built


def cached_bytes(name: str, build: Callable[[], bytes]) -> bytes:
    """The bytes cached under ``name``, built and stored on first use.

    ``name`` must change whenever what ``build`` returns could change (put versions in
    it). Any problem with the cache (read-only home, a corrupt file) falls back to
    ``build()``; the cache is written atomically, so concurrent workers are safe.
    """
    folder = cache_dir()
    path = folder / name if folder else None
    if path is not None:
        try:
            return path.read_bytes()
        except OSError:
            pass
    data = build()
    store_bytes(name, data)
    return data


def store_bytes(name: str, data: bytes) -> None:
    """Write ``data`` to the cache under ``name``, atomically; silently skip on any problem."""
    folder = cache_dir()
    if folder is None:
        return
    path = folder / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        pass
