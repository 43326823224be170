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

import math
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import RepeatsFormatError
from .repeats_file import (
    MIB,
    LineRepeats,
    open_repeats,
    open_run,
    reduce_counts,
    run_size,
    write_repeats,
    write_run,
)
from .repeats_keys import U64, CountSettings, group_of, group_salt, line_keys, page_key
from .repeats_rule import REASON, RepeatRule, reads_as_prose, repeated_lines

__all__ = [
    "REASON",
    "CountSettings",
    "LineRepeats",
    "RepeatCounter",
    "RepeatRule",
    "RepeatsFormatError",
    "group_of",
    "line_keys",
    "open_repeats",
    "reads_as_prose",
    "repeated_lines",
]


_BATCH_CHARS = 1 << 16
_BATCH_PAGES = 512


class RepeatCounter:
    """Counts, per group, on how many pages each line occurs; memory bounded by ``memory_mb``.

    ``spill_dir`` holds the run files (a temporary directory by default); :meth:`close`
    (or leaving a ``with`` block) removes the runs it wrote: counters whose runs must
    outlive them (workers) are not closed. ``a + b`` is
    a counter holding both counts (same settings); :meth:`finish` gives the table.

    >>> with RepeatCounter(memory_mb=1) as a, RepeatCounter(memory_mb=1) as b:
    ...     a.add("首页 | 新闻\\n第一篇", {"url": "https://a.cn/1"})
    ...     b.add("首页 | 新闻\\n第二篇", {"url": "https://a.cn/2"})
    ...     repeats = (a + b).finish()
    >>> repeats.pages, repeats.group_pages("a.cn"), len(repeats)
    (2, 2, 2)
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
        salts = np.fromiter((group_salt(g) for _, g in pending), dtype=np.uint64, count=len(pending))
        counted = np.flatnonzero(nchars >= self.settings.min_chars)
        keys = hashes[counted] ^ salts[page_of[counted]]
        pages = page_of[counted]
        order = np.lexsort((keys, pages))
        keys, pages = keys[order], pages[order]
        first = np.ones(keys.size, dtype=bool)
        first[1:] = (keys[1:] != keys[:-1]) | (pages[1:] != pages[:-1])
        keys = keys[first]
        page_keys = np.fromiter((page_key(g) for _, g in pending), dtype=np.uint64, count=len(pending))
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
        write_run(path, k, c.astype(np.uint32))
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
        bk, bc = reduce_counts(buffered, np.ones(buffered.size, dtype=np.uint32))
        sizes = [run_size(p) for p in self.runs]
        total = sum(sizes) + bk.size
        parts = max(1, math.ceil(total * 12 * 4 / self.memory))
        bounds = np.array([(i << 64) // parts for i in range(1, parts)], dtype=np.uint64)
        cuts = []
        for path, n in zip(self.runs, sizes, strict=True):
            keys, _ = open_run(path)
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
            k, c = reduce_counts(
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
