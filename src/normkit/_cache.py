"""A small on-disk cache for tables that are slow to build and never change."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path | None:
    """``$NORMKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/normkit`` or ``~/.cache/normkit``.

    ``NORMKIT_CACHE_DIR=""`` turns the cache off.
    """
    configured = os.environ.get("NORMKIT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "normkit"


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
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError:
            pass
    return data
