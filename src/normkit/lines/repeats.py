"""Lines repeated across the pages of a site: exact counts in bounded memory, and the drop rule.

Menus, footers, sidebars and feeds recur on the pages of a site; an article's sentences do
not. CCNet removed such paragraphs by counting their hashes over the corpus. This module
counts, for every *group* of documents (the host of a ``url`` field or ``meta["url"]``, a
field the user names, else the whole input), on how many pages each normalised line
occurs, and decides which lines of a page recur on enough pages of its group to drop.

How a line is keyed (:func:`line_keys`): letters and digits only (spaces, punctuation and
symbols removed), full-width ASCII folded to ASCII, Latin lower-cased, every decimal digit
read as ``0`` (so ``2024-05-10 10:23`` and ``2023-01-02 08:00`` are one key), then a 64-bit
hash, computed for a whole page at once with NumPy. A line counts once per page.

How counts stay bounded (:class:`RepeatCounter`): the keys of each page (one 64-bit key per
distinct line and group, and one per page for its group's size) go to a buffer; when the
buffer reaches an eighth of the memory budget it is sorted, reduced to (key, count) pairs
and written to a *run* file. :meth:`RepeatCounter.finish` reduces all runs key range by key
range, each range small enough for the budget, and keeps the keys seen on two pages or more:
a :class:`LineRepeats`. Counts are exact (no sketch error); memory is the budget whatever
the corpus size; disk holds at most 12 bytes per distinct line of a page. Two counters add
(``a + b``: their runs together), so workers count shards apart and the driver merges.

The drop rule (:func:`repeated_lines`): a line is dropped when it occurs on at least
``threshold(n) = max(min_pages, ceil(n ** growth))`` of the ``n`` pages of its group
(2 of 2, 3 of 9, 10 of 100, 100 of 10,000), unless it reads as prose
(:func:`reads_as_prose`: sentences are never furniture, however often quoted), or it is the
page's own headline (sites list their articles in feeds on other pages: what the page's
``<title>`` line contains or repeats, or the headline-shaped line just before the first
paragraph that is on fewer pages than the furniture), a numbered section heading inside the
text (``一、总体要求``), or a short heading right above a paragraph found on this page only
(``问题描述``).

>>> counter = RepeatCounter()
>>> for n in range(3):
...     counter.add_text(f"首页 | 新闻 | 视频\\n第{n}篇文章的正文，讲的是第{n}件事。", "example.com")
>>> repeats = counter.finish()
>>> repeats.group_pages("example.com")
3
>>> page = "首页 | 新闻 | 视频\\n第9篇文章的正文，讲的是第9件事。"
>>> repeated_lines(page.split("\\n"), repeats, "example.com")
{0: 'boilerplate.repeated'}
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from ..errors import RepeatsFormatError as RepeatsFormatError

__all__ = [
    "REASON",
    "CountSettings",
    "LineRepeats",
    "RepeatCounter",
    "RepeatRule",
    "RepeatsFormatError",
    "group_of",
    "line_keys",
    "reads_as_prose",
    "repeated_lines",
]

U64 = npt.NDArray[np.uint64]
#: The reason of every line this rule drops.
REASON = "boilerplate.repeated"
MIB = 1 << 20
#: Version of the key function; a counts file made with another cannot be used.
KEY_VERSION = 1
_MAGIC = b"NKREPEATS\n"
_RUN_MAGIC = b"NKRUN001"
_BASE = np.uint64(0x100000001B3)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
#: Salt of the per-page key that counts a group's pages.
_PAGE_SALT = np.uint64(0xD6E8FEB86659FD93)


# ---------------------------------------------------------------------------- keys


@functools.cache
def _fold_table() -> U64:
    """Code point -> folded code point (0: not part of the key), for every code point
    (outside the BMP: itself)."""
    table = np.arange(0x110000, dtype=np.uint64)
    table[:0x10000] = 0
    for cp in range(0x10000):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat == "Nd":
            table[cp] = 0x30
        elif cat[0] == "L" or cat[0] == "N":
            if 0xFF21 <= cp <= 0xFF5A:
                ch = chr(cp - 0xFEE0)
            low = ch.lower()
            table[cp] = ord(low) if len(low) == 1 else ord(ch)
    return table


#: Texts with more key characters than this are hashed line by line position (slower, no
#: table of powers that large).
_POW_TABLE = 1 << 20


@functools.cache
def _powers(n: int = _POW_TABLE) -> tuple[U64, U64]:
    """``BASE ** i`` and its inverse (mod 2**64) for ``i < n``."""
    inverse = np.uint64(pow(int(_BASE), -1, 1 << 64))
    out = []
    for base in (_BASE, inverse):
        powers = np.empty(n, dtype=np.uint64)
        powers[0] = 1
        k = 1
        with np.errstate(over="ignore"):
            step = base
            while k < n:
                m = min(k, n - k)
                powers[k : k + m] = powers[:m] * step
                k += m
                step = np.uint64((int(step) * int(step)) % (1 << 64))
        out.append(powers)
    return out[0], out[1]


def _mix(x: U64) -> U64:
    """The splitmix64 finaliser, on an array (integer arrays wrap silently)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))  # type: ignore[no-any-return]


def line_keys(text: str) -> tuple[U64, npt.NDArray[np.intp]]:
    """The hash of every line of ``text`` (lines as ``text.split("\\n")``) and its number of
    key characters (letters and digits); a line without any has hash 0.

    >>> h, n = line_keys("首页 | 新闻\\n首页|新闻\\n第 1 版\\n第2版\\n——")
    >>> bool(h[0] == h[1]), bool(h[2] == h[3]), n.tolist()
    (True, True, [4, 4, 3, 3, 0])
    """
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    breaks = np.flatnonzero(cps == 10)
    n_lines = breaks.size + 1
    codes = _fold_table()[cps]
    keep = np.flatnonzero(codes)
    hashes = np.zeros(n_lines, dtype=np.uint64)
    if not keep.size:
        return hashes, np.zeros(n_lines, dtype=np.intp)
    kept = codes[keep]
    # the number of key characters before each line break: lines are runs of ``kept``
    bounds = np.empty(n_lines + 1, dtype=np.intp)
    bounds[0], bounds[-1] = 0, keep.size
    bounds[1:-1] = np.searchsorted(keep, breaks)
    starts = bounds[:-1]
    nchars = bounds[1:] - starts
    filled = np.flatnonzero(nchars)
    first = starts[filled]
    if keep.size <= _POW_TABLE:
        powers, inverses = _powers()
        sums = np.add.reduceat(kept * powers[: keep.size], first) * inverses[first]
    else:  # a huge text: powers of the position in the line, capped
        line_of = np.repeat(np.arange(n_lines), nchars)
        pos = np.minimum(np.arange(keep.size) - starts[line_of], _POW_TABLE - 1)
        sums = np.add.reduceat(kept * _powers()[0][pos], first)
    hashes[filled] = _mix(sums ^ (nchars[filled].astype(np.uint64) * _GOLDEN))
    return hashes, nchars.astype(np.intp)


@functools.lru_cache(maxsize=4096)
def _group_hash(group: str) -> np.uint64:
    digest = hashlib.blake2b(group.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    value: np.uint64 = np.uint64(int.from_bytes(digest, "little"))
    return value


@functools.lru_cache(maxsize=4096)
def _group_salt(group: str) -> np.uint64:
    """What a line's hash is combined with in ``group`` (line hashes are mixed already)."""
    return _mix(np.array([_group_hash(group)], dtype=np.uint64))[0]  # type: ignore[no-any-return]


def _line_group_keys(hashes: U64, group: str) -> U64:
    return hashes ^ _group_salt(group)


@functools.lru_cache(maxsize=4096)
def _page_key(group: str) -> np.uint64:
    """The key that counts the pages of ``group``."""
    return _mix(np.array([_group_hash(group) ^ _PAGE_SALT], dtype=np.uint64))[0]  # type: ignore[no-any-return]


def group_of(meta: Mapping[str, Any], field: str | None = None) -> str:
    """The group a document belongs to.

    With ``field`` (dotted for nested records: ``meta.site``), that field's value; else the
    host of ``meta["url"]`` or ``meta["meta"]["url"]``; else ``""`` (the whole input).

    >>> group_of({"url": "https://News.Example.com:8080/a/1.html"})
    'news.example.com'
    >>> group_of({"meta": {"url": "http://b.cn/x"}}), group_of({"site": 7}, "site"), group_of({})
    ('b.cn', '7', '')
    """
    if field:
        value: Any = meta
        for part in field.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        return "" if value is None else str(value)
    url = meta.get("url")
    if not isinstance(url, str):
        inner = meta.get("meta")
        url = inner.get("url") if isinstance(inner, Mapping) else None
    if not isinstance(url, str) or not url:
        return ""
    m = _HOST.match(url)
    if m is not None:  # the common case, without urlsplit's work
        return m.group(1).lower()
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return ""
    return host or ""


#: ``scheme://host/``: a plain host name (no user, port or brackets) before the path.
_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://([A-Za-z0-9.-]+)(?=[/?#]|\Z)")


@dataclass(frozen=True)
class CountSettings:
    """How lines are counted; stored in the counts file, so cleaning groups the same way.

    ``group_field``: the record field naming a document's group (``None``: the URL's host).
    ``min_chars``: lines with fewer key characters are not counted (nor dropped).
    """

    group_field: str | None = None
    min_chars: int = 2

    def as_dict(self) -> dict[str, Any]:
        return {"group_field": self.group_field, "min_chars": self.min_chars, "key_version": KEY_VERSION}


# ---------------------------------------------------------------------------- counting


def _write_run(path: Path, keys: U64, counts: npt.NDArray[np.uint32]) -> None:
    with open(path, "wb") as out:
        out.write(_RUN_MAGIC)
        out.write(np.uint64(keys.size).tobytes())
        out.write(keys.astype("<u8").tobytes())
        out.write(counts.astype("<u4").tobytes())


def _open_run(path: Path) -> tuple[U64, npt.NDArray[np.uint32]]:
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


def _run_size(path: Path) -> int:
    """The number of keys in a run file (checked against its size)."""
    return int(_open_run(path)[0].size)


def _reduce(keys: U64, counts: npt.NDArray[np.uint32]) -> tuple[U64, npt.NDArray[np.uint32]]:
    """Equal keys summed, sorted by key."""
    if keys.size == 0:
        return keys.astype(np.uint64), counts.astype(np.uint32)
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    c = counts[order].astype(np.uint64)
    first = np.concatenate(([True], k[1:] != k[:-1]))
    starts = np.flatnonzero(first)
    summed = np.add.reduceat(c, starts)
    return k[starts], np.minimum(summed, np.iinfo(np.uint32).max).astype(np.uint32)


#: Pages are hashed together once this many characters or pages are pending.
_BATCH_CHARS = 1 << 16
_BATCH_PAGES = 512


class RepeatCounter:
    """Counts, per group, on how many pages each line occurs; memory bounded by ``memory_mb``.

    ``spill_dir`` holds the run files (a temporary directory by default); :meth:`close`
    (or leaving a ``with`` block) removes the runs it wrote: counters whose runs must
    outlive them (workers) are not closed. ``a + b`` is
    a counter holding both counts (same settings); :meth:`finish` gives the table.
    """

    def __init__(
        self,
        settings: CountSettings | None = None,
        memory_mb: float = 64.0,
        spill_dir: str | Path | None = None,
        prefix: str = "run",
    ) -> None:
        self.settings = settings or CountSettings()
        self.memory = max(int(memory_mb * MIB), MIB)
        self.spill_dir = Path(spill_dir) if spill_dir is not None else None
        self.prefix = prefix
        self.runs: list[Path] = []
        self.pages = 0
        self.lines = 0
        self.chars = 0
        self._buffer: list[U64] = []
        self._buffered = 0
        self._own_dir: str | None = None
        self._written: list[Path] = []
        self._pending: list[tuple[str, str]] = []
        self._pending_chars = 0

    # -- adding
    def add(self, text: str, meta: Mapping[str, Any] | None = None) -> None:
        """Count the lines of one document, grouped by its metadata."""
        self.add_text(text, group_of(meta or {}, self.settings.group_field))

    def add_text(self, text: str, group: str) -> None:
        """Count the lines of one page of ``group`` (pages are hashed in batches)."""
        self._pending.append((text, group))
        self._pending_chars += len(text)
        self.pages += 1
        self.chars += len(text)
        if self._pending_chars >= _BATCH_CHARS or len(self._pending) >= _BATCH_PAGES:
            self._hash_pending()

    def _hash_pending(self) -> None:
        """Hash the pending pages at once: one pass over their text joined, then each page's
        keys made distinct (a line counts once per page)."""
        pending = self._pending
        if not pending:
            return
        self._pending, self._pending_chars = [], 0
        hashes, nchars = line_keys("\n".join(text for text, _ in pending))
        per_page = np.fromiter(
            (text.count("\n") + 1 for text, _ in pending), dtype=np.intp, count=len(pending)
        )
        page_of = np.repeat(np.arange(len(pending)), per_page)
        salts = np.fromiter((_group_salt(g) for _, g in pending), dtype=np.uint64, count=len(pending))
        counted = np.flatnonzero(nchars >= self.settings.min_chars)
        keys = hashes[counted] ^ salts[page_of[counted]]
        pages = page_of[counted]
        order = np.lexsort((keys, pages))
        keys, pages = keys[order], pages[order]
        first = np.ones(keys.size, dtype=bool)
        first[1:] = (keys[1:] != keys[:-1]) | (pages[1:] != pages[:-1])
        keys = keys[first]
        page_keys = np.fromiter((_page_key(g) for _, g in pending), dtype=np.uint64, count=len(pending))
        self.lines += int(keys.size)
        self._buffer.append(np.concatenate((keys, page_keys)))
        self._buffered += keys.size + page_keys.size
        if self._buffered * 8 * 8 >= self.memory:
            self.spill()

    def spill(self) -> None:
        """Write the buffer out as a sorted run file."""
        self._hash_pending()
        if not self._buffer:
            return
        keys = np.concatenate(self._buffer)
        self._buffer, self._buffered = [], 0
        k, c = np.unique(keys, return_counts=True)
        del keys
        path = self._directory() / f"{self.prefix}-{os.getpid()}-{id(self):x}-{len(self.runs):05d}.run"
        _write_run(path, k, c.astype(np.uint32))
        self.runs.append(path)
        self._written.append(path)

    def _directory(self) -> Path:
        if self.spill_dir is None:
            self._own_dir = tempfile.mkdtemp(prefix="normkit-repeats-")
            self.spill_dir = Path(self._own_dir)
        self.spill_dir.mkdir(parents=True, exist_ok=True)
        return self.spill_dir

    # -- merging
    def __add__(self, other: RepeatCounter) -> RepeatCounter:
        if not isinstance(other, RepeatCounter):
            return NotImplemented
        if other.settings != self.settings:
            raise ValueError(
                f"cannot add counts made with {other.settings} to counts made with {self.settings}"
            )
        self._hash_pending()
        other._hash_pending()
        merged = RepeatCounter(
            self.settings, self.memory / MIB, self.spill_dir or other.spill_dir, self.prefix
        )
        merged.runs = self.runs + other.runs
        merged._buffer = self._buffer + other._buffer
        merged._buffered = self._buffered + other._buffered
        merged.pages = self.pages + other.pages
        merged.lines = self.lines + other.lines
        merged.chars = self.chars + other.chars
        return merged

    @classmethod
    def from_runs(
        cls,
        runs: Sequence[str | Path],
        settings: CountSettings,
        pages: int = 0,
        lines: int = 0,
        chars: int = 0,
        memory_mb: float = 64.0,
    ) -> RepeatCounter:
        """A counter holding the run files that other counters spilled (workers)."""
        counter = cls(settings, memory_mb)
        counter.runs = [Path(r) for r in runs]
        counter.pages, counter.lines, counter.chars = pages, lines, chars
        return counter

    # -- finishing
    def _ranges(self) -> Iterator[tuple[U64, npt.NDArray[np.uint32]]]:
        """(keys, pages) of every key seen on two pages or more, one key range at a time.

        Each run is cut at the range bounds once (a binary search on a map of its keys,
        dropped at once), then read range by range with plain reads, so no more of the runs
        than one range is ever in memory.
        """
        self._hash_pending()
        buffered = np.concatenate(self._buffer) if self._buffer else np.zeros(0, np.uint64)
        bk, bc = _reduce(buffered, np.ones(buffered.size, dtype=np.uint32))
        sizes = [_run_size(p) for p in self.runs]
        total = sum(sizes) + bk.size
        parts = max(1, math.ceil(total * 12 * 4 / self.memory))
        bounds = np.array([(i << 64) // parts for i in range(1, parts)], dtype=np.uint64)
        cuts = []
        for path, n in zip(self.runs, sizes, strict=True):
            keys, _ = _open_run(path)
            cuts.append([0, *np.searchsorted(keys, bounds, "left").tolist(), n])
            del keys
        in_memory = [0, *np.searchsorted(bk, bounds, "left").tolist(), bk.size]
        for part in range(parts):
            pieces_k = [bk[in_memory[part] : in_memory[part + 1]]]
            pieces_c = [bc[in_memory[part] : in_memory[part + 1]]]
            for path, n, cut in zip(self.runs, sizes, cuts, strict=True):
                a, b = cut[part], cut[part + 1]
                if b > a:
                    pieces_k.append(np.fromfile(path, dtype="<u8", count=b - a, offset=16 + 8 * a))
                    pieces_c.append(np.fromfile(path, dtype="<u4", count=b - a, offset=16 + 8 * n + 4 * a))
            k, c = _reduce(
                np.concatenate(pieces_k).astype(np.uint64, copy=False),
                np.concatenate(pieces_c).astype(np.uint32, copy=False),
            )
            repeated = c >= 2
            if repeated.any():
                yield k[repeated], c[repeated]

    def header(self) -> dict[str, Any]:
        """What the counts file records about the count."""
        self._hash_pending()
        return {
            "format": 1,
            **self.settings.as_dict(),
            "pages": self.pages,
            "lines": self.lines,
            "chars": self.chars,
        }

    def finish(self, path: str | Path | None = None) -> LineRepeats:
        """The table of repeated lines; with ``path``, written there (as it is reduced, so
        memory stays bounded) and opened from it."""
        if path is None:
            ks, cs = [], []
            for k, c in self._ranges():
                ks.append(k)
                cs.append(c)
            keys = np.concatenate(ks) if ks else np.zeros(0, np.uint64)
            counts = np.concatenate(cs) if cs else np.zeros(0, np.uint32)
            return LineRepeats(keys, counts, self.header())
        write_repeats(path, self._ranges(), self.header())
        return LineRepeats.load(path)

    def close(self) -> None:
        """Remove the run files this counter wrote (and its own temporary directory)."""
        for path in self._written:
            path.unlink(missing_ok=True)
        self._written = []
        if self._own_dir is not None:
            shutil.rmtree(self._own_dir, ignore_errors=True)
            self._own_dir = None

    def __enter__(self) -> RepeatCounter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------------------- the table


def write_repeats(
    path: str | Path, ranges: Iterable[tuple[U64, npt.NDArray[np.uint32]]], header: Mapping[str, Any]
) -> None:
    """Write a counts file: a magic line, a JSON header line padded to 64 bytes (with the
    payload's size and SHA-256), the sorted 64-bit keys, then their 32-bit page counts
    (little-endian). Written beside ``path`` and renamed into place."""
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
        return max(1, int(self._lookup(np.array([_page_key(group)], dtype=np.uint64))[0]))

    def line_pages(self, hashes: U64, group: str) -> npt.NDArray[np.uint32]:
        """For each line hash (from :func:`line_keys`), the pages of ``group`` it occurs on
        (0 or 1: seen on at most one page)."""
        return self._lookup(_line_group_keys(hashes, group))

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
    """:meth:`LineRepeats.load`, once per process for a file (keyed by its time and size)."""
    return LineRepeats.load(path)


def open_repeats(path: str | Path) -> LineRepeats:
    """The counts file at ``path``, loaded once per process while it is unchanged."""
    st = os.stat(path)
    return load_repeats(str(path), st.st_mtime_ns, st.st_size)


# ---------------------------------------------------------------------------- the drop rule


@dataclass(frozen=True)
class RepeatRule:
    """When a repeated line is dropped: on ``max(min_pages, ceil(n ** growth))`` of the
    ``n`` pages of its group or more.

    >>> [RepeatRule().threshold(n) for n in (1, 2, 4, 9, 100, 10000)]
    [2, 2, 2, 3, 10, 100]
    """

    min_pages: int = 2
    growth: float = 0.5

    def threshold(self, pages: int) -> int:
        return int(max(self.min_pages, math.ceil(max(pages, 1) ** self.growth - 1e-9)))


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
#: Sentence ends (a closing quote or bracket may follow).
_SENTENCE_END = re.compile(r"[。！？!?；;][”’」』）)\]】\"']*")
_CLAUSE = re.compile(r"[，、：,；;]")
_TRUNCATED = re.compile(r"(\.\.\.|…|。。。)\s*$")
#: A numbered heading of a document's sections: ``一、``, ``（二）``, ``第三章``, ``1.2 ``.
_SECTION = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十百\d]+[章节條条部篇]"
    r"|\d+[、．]|\d+(?:\.\d+)+\s)\s*[" + _HAN + "]"
)
#: Ends a sentence that is surely prose (a question or exclamation may be a headline).
_FULL_STOP = re.compile(r"[。．；;][”’」』）)\]】\"']*$")


def reads_as_prose(line: str) -> bool:
    """A sentence of text: ten or more Han characters ending in ``。`` (not a truncation
    ``…``), two sentences, a question or exclamation of twenty or more with a clause in it
    (shorter ones are headlines), or a long line of clauses. Never dropped as repeated.

    >>> reads_as_prose("据新华社报道，今年一季度全国粮食产量稳中有升。")
    True
    >>> reads_as_prose("习近平同志《论党的自我革命》出版发行"), reads_as_prose("全国粮食产量稳中有升，专家表示…")
    (False, False)
    >>> reads_as_prose("初中数学第一课，怎样学好有理数？")
    False
    """
    han = len(_HAN_RE.findall(line))
    if han < 10:
        return False
    stripped = line.strip()
    if _TRUNCATED.search(stripped):
        return False
    ends = list(_SENTENCE_END.finditer(stripped))
    if len(ends) >= 2 or _FULL_STOP.search(stripped):
        return True
    clauses = len(_CLAUSE.findall(stripped))
    if ends and ends[-1].end() == len(stripped) and han >= 20 and clauses:
        return True
    return han >= 40 and clauses >= 2


def _headline_shaped(line: str) -> bool:
    s = line.strip()
    han = len(_HAN_RE.findall(s))
    return 6 <= len(s) <= 80 and han >= 4 and not _FULL_STOP.search(s)


#: Separators of menus and link lists.
_SEPARATORS = re.compile(r"[|｜>›»/／·•]|\s\S{1,4}\s")


def _heading(line: str) -> bool:
    """A short heading: up to sixteen characters with two or more Han, no space inside (menu
    items stand side by side), no menu separators."""
    s = line.strip().lstrip("#").strip()
    return (
        2 <= len(s) <= 16
        and len(_HAN_RE.findall(s)) >= 2
        and not any(c.isspace() for c in s)
        and not _SEPARATORS.search(s)
    )


def repeated_lines(
    lines: Sequence[str],
    repeats: LineRepeats,
    group: str,
    rule: RepeatRule | None = None,
    hashes: tuple[U64, npt.NDArray[np.intp]] | None = None,
) -> dict[int, str]:
    """Index (from 0) of every line of a page of ``group`` to drop as repeated -> reason.

    ``hashes``: :func:`line_keys` of ``"\\n".join(lines)`` when already computed.
    """
    rule = rule or RepeatRule()
    pages = repeats.group_pages(group)
    if pages < rule.min_pages:
        return {}
    h, nchars = hashes if hashes is not None else line_keys("\n".join(lines))
    seen = repeats.line_pages(h, group)
    cand = (seen >= rule.threshold(pages)) & (nchars >= repeats.settings.min_chars)
    if not cand.any():
        return {}
    candidates = set(np.flatnonzero(cand).tolist())
    prose = [i for i, line in enumerate(lines) if reads_as_prose(line)]
    protected = _protected(lines, candidates, prose, seen, pages)
    keep = protected.union(prose)
    return {i: REASON for i in sorted(candidates) if i not in keep}


#: A headline is looked for among candidates with at most this many kept lines before the
#: first paragraph.
_HEADLINE_REACH = 4


def _protected(
    lines: Sequence[str], candidates: set[int], prose: list[int], seen: npt.NDArray[np.uint32], pages: int
) -> set[int]:
    """Candidates that are the page's own headline or a section heading of its text.

    The headline: a candidate that the page's first kept line (the ``<title>`` of crawled
    text) contains (half of it or more), the first line and its copy when the title is the
    headline itself, or the headline-shaped candidate nearest above the first paragraph among
    those on the fewest pages, when that is fewer than all (furniture is on every page; a
    headline only on its own page and in some feeds). Only lines that stay whatever happens
    (not candidates, or prose) are counted and compared, so a second pass protects the same
    lines (idempotent).
    """
    protected: set[int] = set()
    stays = candidates.difference(prose)
    kept = [i for i in range(len(lines)) if i not in stays and lines[i].strip()]
    top = next((i for i, line in enumerate(lines) if line.strip()), None)
    if top is not None and top in stays and _headline_shaped(lines[top]):
        # the <title> line is the headline itself, repeated below it: both are this page's
        key = _key_text(lines[top])
        copies = [
            i
            for i in stays
            if top < i < top + 60 and _headline_shaped(lines[i]) and _key_text(lines[i]) == key
        ]
        if copies:
            protected.update([top, *copies])
    if kept:
        title = _key_text(lines[kept[0]]) if len(lines[kept[0]]) <= 400 else ""  # titles are short
        if len(title) >= 8:
            for i in candidates:
                if not _headline_shaped(lines[i]):
                    continue
                key = _key_text(lines[i])
                if 2 * len(key) >= len(title) and len(key) >= 6 and key in title:
                    protected.add(i)
        # a heading right above a paragraph found on this page only (``问题描述``); the
        # paragraph stays, so a second pass sees the same pair
        unique_prose = set(prose).difference(candidates)
        for i in stays:
            nxt = i + 1
            while nxt < len(lines) and not lines[nxt].strip():
                nxt += 1
            if nxt in unique_prose and _heading(lines[i]):
                protected.add(i)
    if prose:
        first, last = prose[0], prose[-1]
        before = [i for i in kept if i < first]
        floor = before[-_HEADLINE_REACH] if len(before) >= _HEADLINE_REACH else -1
        near = [i for i in sorted(stays) if floor < i < first and _headline_shaped(lines[i])]
        if near:
            fewest = min(int(seen[i]) for i in near)
            if fewest < pages:
                protected.add(max(i for i in near if int(seen[i]) == fewest))
        protected.update(i for i in candidates if first < i < last and _SECTION.match(lines[i]))
    return protected


def _key_text(line: str) -> str:
    table = _fold_table()
    return "".join(
        chr(table[ord(c)]) if ord(c) < 0x10000 else c for c in line if ord(c) >= 0x10000 or table[ord(c)]
    )
