"""A small on-disk cache for tables that are slow to build and never change.

Nothing read from the cache can run code: it holds raw bytes (:func:`cached_bytes`,
e.g. NumPy arrays, JSON) or plain data (:func:`cached_plain`: ``marshal`` of ``None``,
booleans, numbers, strings, bytes, lists, tuples, dicts and sets only, checked after
loading, behind a SHA-256 checksum). Never ``pickle``: anyone who can write the cache
directory could otherwise run code as every user of it.

>>> import os, tempfile
>>> from unittest import mock
>>> with mock.patch.dict(os.environ, {"NORMKIT_CACHE_DIR": tempfile.mkdtemp()}):
...     built = cached_plain("demo.marshal", lambda: {"a": (1, frozenset("xy"))}, lambda d: d, lambda d: d)
...     read = cached_plain("demo.marshal", lambda: None, lambda d: d, lambda d: d)
>>> built, read["a"][0]
({'a': (1, frozenset({...}))}, 1)
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: The first bytes of a :func:`cached_plain` file; then 32 bytes of SHA-256 of the rest.
MAGIC = b"normkit-plain-1\n"
_PLAIN_ATOMS = (type(None), bool, int, float, str, bytes)
_PLAIN_CONTAINERS = (list, tuple, set, frozenset)


def cache_dir() -> Path | None:
    """``$NORMKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/normkit`` or ``~/.cache/normkit``.

    ``NORMKIT_NO_CACHE=1`` or ``NORMKIT_CACHE_DIR=""`` turns the cache off.

    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"NORMKIT_CACHE_DIR": "/srv/cache"}):
    ...     str(cache_dir())
    '/srv/cache'
    >>> with mock.patch.dict(os.environ, {"NORMKIT_CACHE_DIR": ""}):
    ...     cache_dir() is None
    True
    """
    if os.environ.get("NORMKIT_NO_CACHE"):
        return None
    configured = os.environ.get("NORMKIT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "normkit"


def cached_plain(
    name: str, build: Callable[[], T], to_plain: Callable[[T], Any], from_plain: Callable[[Any], T]
) -> T:
    """The object cached under ``name``, stored as plain data (``to_plain``) and rebuilt
    from it (``from_plain``); built and stored on first use. A cache file that is
    damaged, forged (bad checksum), holds anything but plain data, or that
    ``from_plain`` refuses is ignored and rebuilt."""
    folder = cache_dir()
    if folder is not None:
        try:
            return from_plain(load_plain((folder / name).read_bytes()))
        except Exception:  # missing, damaged, stale or forged: rebuild
            pass
    built = build()
    with contextlib.suppress(ValueError):  # not plain data: not cached
        store_bytes(name, dump_plain(to_plain(built)))
    return built


def dump_plain(data: Any) -> bytes:
    """``data`` (plain data only, else ``ValueError``) as checksummed ``marshal`` bytes.

    >>> dump_plain({"a": 1}).startswith(MAGIC)
    True
    """
    check_plain(data)
    payload = marshal.dumps(data)
    return MAGIC + hashlib.sha256(payload).digest() + payload


def load_plain(blob: bytes) -> Any:
    """The data :func:`dump_plain` wrote; ``ValueError`` for anything else.

    >>> load_plain(dump_plain([1, "二"]))
    [1, '二']
    >>> load_plain(b"normkit-plain-1\\n" + bytes(32) + b"x")
    Traceback (most recent call last):
    ...
    ValueError: cache file checksum mismatch
    """
    if not blob.startswith(MAGIC):
        raise ValueError("not a normkit cache file")
    digest, payload = blob[len(MAGIC) : len(MAGIC) + 32], blob[len(MAGIC) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        raise ValueError("cache file checksum mismatch")
    data = marshal.loads(payload)
    check_plain(data)
    return data


def check_plain(data: Any) -> None:
    """``ValueError`` unless ``data`` is built only of plain values (no code objects).

    >>> check_plain({"a": [1, 2.5, "三", b"4", None]})
    >>> check_plain({"f": check_plain.__code__})
    Traceback (most recent call last):
    ...
    ValueError: not plain data: code
    """
    stack = [data]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind in _PLAIN_ATOMS:
            continue
        if kind in _PLAIN_CONTAINERS:
            stack.extend(item)
        elif kind is dict:
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            raise ValueError(f"not plain data: {kind.__name__}")


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
    """Write ``data`` to the cache under ``name``, atomically; silently skip on any problem.

    >>> import tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {"NORMKIT_CACHE_DIR": folder}):
    ...     store_bytes("demo.bin", b"table")
    ...     cached_bytes("demo.bin", lambda: b"not built again")
    b'table'
    """
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
