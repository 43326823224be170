"""The files of line counting: run files (sorted keys and counts that a counter spills)
and the counts file (:class:`LineRepeats`: on how many pages of its group each repeated
line occurs), both plain arrays behind a header, never pickle.

>>> keys, counts = reduce_counts(np.array([5, 3, 5], dtype=np.uint64), np.ones(3, dtype=np.uint32))
>>> keys.tolist(), counts.tolist()
([3, 5], [1, 2])
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

from ..errors import RepeatsFormatError
from .repeats_keys import KEY_VERSION, U64, CountSettings, line_group_keys, page_key

__all__ = [
    "MIB",
    "LineRepeats",
    "load_repeats",
    "open_repeats",
    "open_run",
    "reduce_counts",
    "run_size",
    "write_repeats",
    "write_run",
]

MIB = 1 << 20
_MAGIC = b"NKREPEATS\n"
_RUN_MAGIC = b"NKRUN001"


def write_run(path: Path, keys: U64, counts: npt.NDArray[np.uint32]) -> None:
    """Write a run file: a magic, the number of keys, the sorted keys, their counts.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.run"
    >>> write_run(path, np.array([3, 5], dtype=np.uint64), np.array([1, 2], dtype=np.uint32))
    >>> [a.tolist() for a in open_run(path)], run_size(path)
    ([[3, 5], [1, 2]], 2)
    """
    with open(path, "wb") as out:
        out.write(_RUN_MAGIC)
        out.write(np.uint64(keys.size).tobytes())
        out.write(keys.astype("<u8").tobytes())
        out.write(counts.astype("<u4").tobytes())


def open_run(path: Path) -> tuple[U64, npt.NDArray[np.uint32]]:
    """The keys and counts of a run file, memory-mapped (see :func:`write_run`); a file
    that is no run file or is cut short raises :class:`RepeatsFormatError`.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "b.run"
    >>> _ = path.write_bytes(b"not a run")
    >>> open_run(path)
    Traceback (most recent call last):
    normkit.RepeatsFormatError: ...: not a normkit run file
    """
    with open(path, "rb") as f:
        head = f.read(16)
    if len(head) != 16 or head[:8] != _RUN_MAGIC:
        raise RepeatsFormatError(f"{path}: not a normkit run file")
    n = int(np.frombuffer(head[8:], dtype="<u8")[0])
    if path.stat().st_size != 16 + 12 * n:
        raise RepeatsFormatError(f"{path}: truncated run file")
    if n == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint32)
    keys = np.memmap(path, dtype="<u8", mode="r", offset=16, shape=(n,))
    counts = np.memmap(path, dtype="<u4", mode="r", offset=16 + 8 * n, shape=(n,))
    return keys, counts


def run_size(path: Path) -> int:
    """The number of keys in a run file (checked against its size).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "c.run"
    >>> write_run(path, np.array([7], dtype=np.uint64), np.array([1], dtype=np.uint32))
    >>> run_size(path)
    1
    """
    return int(open_run(path)[0].size)


def reduce_counts(keys: U64, counts: npt.NDArray[np.uint32]) -> tuple[U64, npt.NDArray[np.uint32]]:
    """Equal keys summed, sorted by key.

    >>> [a.tolist() for a in reduce_counts(np.array([9, 2, 9], dtype=np.uint64), np.array([1, 1, 3], dtype=np.uint32))]
    [[2, 9], [1, 4]]
    """
    if keys.size == 0:
        return keys.astype(np.uint64), counts.astype(np.uint32)
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    c = counts[order].astype(np.uint64)
    first = np.concatenate(([True], k[1:] != k[:-1]))
    starts = np.flatnonzero(first)
    summed = np.add.reduceat(c, starts)
    return k[starts], np.minimum(summed, np.iinfo(np.uint32).max).astype(np.uint32)


def write_repeats(
    path: str | Path, ranges: Iterable[tuple[U64, npt.NDArray[np.uint32]]], header: Mapping[str, Any]
) -> None:
    """Write a counts file: a magic line, a JSON header line padded to 64 bytes (with the
    payload's size and SHA-256), the sorted 64-bit keys, then their 32-bit page counts
    (little-endian). Written beside ``path`` and renamed into place.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "counts.bin"
    >>> keys, counts = np.array([3, 5], dtype=np.uint64), np.array([2, 4], dtype=np.uint32)
    >>> write_repeats(path, [(keys, counts)], {"format": 1, "key_version": KEY_VERSION, "pages": 4})
    >>> LineRepeats.load(path)
    <LineRepeats 2 repeated keys over 4 pages>
    """
    path = Path(path)
    tmp = Path(tempfile.mkdtemp(prefix=".normkit-repeats-", dir=path.parent or "."))
    try:
        keys_file, counts_file = tmp / "keys", tmp / "counts"
        digest = hashlib.sha256()
        n = 0
        with open(keys_file, "wb") as kf, open(counts_file, "wb") as cf:
            for keys, counts in ranges:
                kf.write(keys.astype("<u8").tobytes())
                cf.write(counts.astype("<u4").tobytes())
                n += keys.size
        for part in (keys_file, counts_file):
            with open(part, "rb") as f:
                for block in iter(lambda: f.read(4 * MIB), b""):
                    digest.update(block)
        head = dict(header)
        head.update({"entries": n, "sha256": digest.hexdigest()})
        line = json.dumps(head, sort_keys=True).encode("utf-8")
        pad = -(len(_MAGIC) + len(line) + 1) % 64
        out_tmp = tmp / "out"
        with open(out_tmp, "wb") as out:
            out.write(_MAGIC + line + b" " * pad + b"\n")
            for part in (keys_file, counts_file):
                with open(part, "rb") as f:
                    shutil.copyfileobj(f, out, 4 * MIB)
        os.replace(out_tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _read_header(f: BinaryIO, path: Path) -> tuple[dict[str, Any], int]:
    magic = f.read(len(_MAGIC))
    if magic != _MAGIC:
        raise RepeatsFormatError(f"{path}: not a normkit counts file (made by `normkit scan`)")
    line = f.readline(1 << 16)
    try:
        header = json.loads(line)
    except ValueError:
        raise RepeatsFormatError(f"{path}: damaged header") from None
    if not isinstance(header, dict) or header.get("format") != 1:
        raise RepeatsFormatError(f"{path}: unknown counts format {header.get('format')!r}")
    if header.get("key_version") != KEY_VERSION:
        raise RepeatsFormatError(
            f"{path}: counted with key version {header.get('key_version')}, this normkit uses {KEY_VERSION};"
            " run normkit scan again"
        )
    return header, len(_MAGIC) + len(line)


class LineRepeats:
    """On how many pages of its group each repeated line occurs (lines on one page are left out).

    Made by :meth:`RepeatCounter.finish`, saved and loaded as a counts file (no pickle:
    a JSON header with a checksum, then arrays).

    >>> repeats = LineRepeats(np.array([page_key("a.cn")]), np.array([7], dtype=np.uint32), {"pages": 7})
    >>> repeats.group_pages("a.cn"), repeats.group_pages("b.cn"), len(repeats)
    (7, 1, 1)
    """

    def __init__(self, keys: U64, counts: npt.NDArray[np.uint32], header: Mapping[str, Any]) -> None:
        self.keys = keys
        self.counts = counts
        self.header = dict(header)
        self.settings = CountSettings(header.get("group_field"), int(header.get("min_chars", 2)))

    @property
    def pages(self) -> int:
        """Pages counted in all."""
        return int(self.header.get("pages", 0))

    def __len__(self) -> int:
        return int(self.keys.size)

    def _lookup(self, keys: U64) -> npt.NDArray[np.uint32]:
        if not self.keys.size or not keys.size:
            return np.zeros(keys.size, dtype=np.uint32)
        at = np.searchsorted(self.keys, keys)
        at = np.minimum(at, self.keys.size - 1)
        found = np.asarray(self.keys[at]) == keys
        return np.where(found, np.asarray(self.counts[at]), 0).astype(np.uint32)

    def group_pages(self, group: str) -> int:
        """Pages of ``group`` counted (a group seen once reads 1, an unknown one 0 or 1)."""
        return max(1, int(self._lookup(np.array([page_key(group)], dtype=np.uint64))[0]))

    def line_pages(self, hashes: U64, group: str) -> npt.NDArray[np.uint32]:
        """For each line hash (from :func:`line_keys`), the pages of ``group`` it occurs on
        (0 or 1: seen on at most one page)."""
        return self._lookup(line_group_keys(hashes, group))

    def save(self, path: str | Path) -> None:
        write_repeats(path, [(self.keys, self.counts)], self.header)

    @classmethod
    def load(cls, path: str | Path, verify: bool = True) -> LineRepeats:
        """Open a counts file (memory-mapped); ``verify`` checks its SHA-256 first."""
        path = Path(path)
        with open(path, "rb") as f:
            header, offset = _read_header(f, path)
        n = header.get("entries")
        if not isinstance(n, int) or n < 0 or path.stat().st_size != offset + 12 * n:
            raise RepeatsFormatError(f"{path}: truncated or damaged (size does not match its header)")
        if verify:
            digest = hashlib.sha256()
            with open(path, "rb") as f:
                f.seek(offset)
                for block in iter(lambda: f.read(4 * MIB), b""):
                    digest.update(block)
            if digest.hexdigest() != header.get("sha256"):
                raise RepeatsFormatError(f"{path}: checksum mismatch (damaged file)")
        if n == 0:
            return cls(np.zeros(0, np.uint64), np.zeros(0, np.uint32), header)
        keys = np.memmap(path, dtype="<u8", mode="r", offset=offset, shape=(n,))
        counts = np.memmap(path, dtype="<u4", mode="r", offset=offset + 8 * n, shape=(n,))
        return cls(keys, counts, header)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LineRepeats):
            return NotImplemented
        return bool(np.array_equal(self.keys, other.keys) and np.array_equal(self.counts, other.counts))

    def __repr__(self) -> str:
        return f"<LineRepeats {len(self)} repeated keys over {self.pages} pages>"


@functools.cache
def load_repeats(path: str, mtime_ns: int, size: int) -> LineRepeats:
    """:meth:`LineRepeats.load`, once per process for a file (keyed by its time and size).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "counts.bin"
    >>> LineRepeats(np.zeros(0, np.uint64), np.zeros(0, np.uint32), {"format": 1, "key_version": 1}).save(path)
    >>> st = path.stat()
    >>> load_repeats(str(path), st.st_mtime_ns, st.st_size) is load_repeats(str(path), st.st_mtime_ns, st.st_size)
    True
    """
    return LineRepeats.load(path)


def open_repeats(path: str | Path) -> LineRepeats:
    """The counts file at ``path``, loaded once per process while it is unchanged.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "counts.bin"
    >>> LineRepeats(np.zeros(0, np.uint64), np.zeros(0, np.uint32), {"format": 1, "key_version": 1}).save(path)
    >>> open_repeats(path) is open_repeats(path)
    True
    """
    st = os.stat(path)
    return load_repeats(str(path), st.st_mtime_ns, st.st_size)


# ---------------------------------------------------------------------------- the drop rule
