"""Where two versions of a text differ: lines first, then characters inside changed lines.

Linear work whatever the input: common leading and trailing lines are skipped; lines
are paired one to one when their counts agree (the common case: in-line edits); other
blocks of lines, and the characters of changed lines, are aligned by the bounded
:func:`normkit._align.align` (never ``difflib``, which is cubic on repetitive lines);
anything too large becomes one coarse edit trimmed of its common ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from ._align import align

#: Largest (lines × lines) block handed to the line matcher.
_MAX_LINE_MATCH = 250_000
#: Largest (characters + characters) pair aligned character by character.
_MAX_CHAR_MATCH = 200_000


@dataclass(frozen=True, slots=True)
class Edit:
    """``old[old_start:old_end]`` became ``new[new_start:new_end]``."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


def edits(old: str, new: str, fine: bool = True) -> Iterator[Edit]:
    """The edits that turn ``old`` into ``new``, in order.

    With ``fine``, changed lines are compared character by character (when short);
    otherwise each changed line (or block) is one edit trimmed of its common ends.
    """
    if old == new:
        return
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    oa, ob = _offsets(a), _offsets(b)
    lo = 0
    while lo < min(len(a), len(b)) and a[lo] == b[lo]:
        lo += 1
    hi_a, hi_b = len(a), len(b)
    while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
        hi_a, hi_b = hi_a - 1, hi_b - 1
    blocks = _blocks(a, b, lo, hi_a, lo, hi_b)
    for i1, i2, j1, j2 in blocks:
        if i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                yield from _pair(old, new, oa[i1 + k], oa[i1 + k + 1], ob[j1 + k], ob[j1 + k + 1], fine)
        else:
            yield from _pair(old, new, oa[i1], oa[i2], ob[j1], ob[j2], fine)


def _blocks(
    a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int
) -> list[tuple[int, int, int, int]]:
    """The changed blocks of lines between ``a[i1:i2]`` and ``b[j1:j2]``."""
    if i2 - i1 == j2 - j1 or (i2 - i1) * (j2 - j1) > _MAX_LINE_MATCH:
        return [(i1, i2, j1, j2)]
    return [(i1 + p, i1 + q, j1 + r, j1 + s) for p, q, r, s in align(a[i1:i2], b[j1:j2], anchor=2)]


def _pair(old: str, new: str, o1: int, o2: int, n1: int, n2: int, fine: bool) -> Iterator[Edit]:
    edit = _trimmed(old, new, o1, o2, n1, n2)
    if edit.old_start == edit.old_end and edit.new_start == edit.new_end:
        return
    size = (edit.old_end - edit.old_start) + (edit.new_end - edit.new_start)
    if not fine or size > _MAX_CHAR_MATCH:
        yield edit
        return
    for i1, i2, j1, j2 in align(old[edit.old_start : edit.old_end], new[edit.new_start : edit.new_end]):
        yield Edit(edit.old_start + i1, edit.old_start + i2, edit.new_start + j1, edit.new_start + j2)


def _trimmed(old: str, new: str, o1: int, o2: int, n1: int, n2: int) -> Edit:
    """One edit covering ``old[o1:o2]`` -> ``new[n1:n2]`` without their common ends."""
    a, b = old[o1:o2], new[n1:n2]
    prefix = _common_length(a, b, lambda k: a[:k] == b[:k])
    rest = min(len(a), len(b)) - prefix
    suffix = _common_length(a, b, lambda k: a[len(a) - k :] == b[len(b) - k :], rest)
    return Edit(o1 + prefix, o2 - suffix, n1 + prefix, n2 - suffix)


def _common_length(a: str, b: str, same: Callable[[int], bool], limit: int | None = None) -> int:
    """The largest ``k <= limit`` with ``same(k)``, by binary search on C-speed slice compares."""
    lo, hi = 0, min(len(a), len(b)) if limit is None else limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if same(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _offsets(lines: list[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets


def size_of_change(old: str, new: str) -> tuple[int, int]:
    """Characters removed and added between ``old`` and ``new``, cheaply (for statistics).

    Exact for in-line edits that keep the number of lines (lines are paired and trimmed
    of their common ends) and for whole lines dropped or inserted. When both happen, the
    lines are compared as multisets, so a line that changed counts as removed and added.
    """
    if len(old) == len(new):
        same_length = _same_length_change(old, new)
        if same_length is not None:
            return same_length
    a = old.split("\n")
    b = new.split("\n")
    if len(a) == len(b):
        removed = added = 0
        for x, y in zip(a, b, strict=True):
            if x == y:
                continue
            if len(x) < len(y) and (y.startswith(x) or y.endswith(x)):
                added += len(y) - len(x)  # text added at one end (a restored 。)
            elif len(y) < len(x) and (x.startswith(y) or x.endswith(y)):
                removed += len(x) - len(y)
            else:
                e = _trimmed(x, y, 0, len(x), 0, len(y))
                removed += e.old_end - e.old_start
                added += e.new_end - e.new_start
        return removed, added
    ca, cb = Counter(a), Counter(b)
    gone = ca - cb
    came = cb - ca
    removed = sum((len(line) + 1) * n for line, n in gone.items())
    added = sum((len(line) + 1) * n for line, n in came.items())
    return removed, added


def _same_length_change(old: str, new: str) -> tuple[int, int] | None:
    """:func:`size_of_change` for texts of one length whose line breaks stay in place
    (substitutions such as half-width to full-width marks), vectorised; None otherwise.

    Lines then pair with lines of the same length, and trimming a pair of its common
    ends leaves the characters from its first difference to its last.
    """
    a = np.frombuffer(old.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    b = np.frombuffer(new.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    differ = np.flatnonzero(a != b)
    if not len(differ):
        return 0, 0
    if (a[differ] == 0x0A).any() or (b[differ] == 0x0A).any():
        return None
    line = np.searchsorted(np.flatnonzero(a == 0x0A), differ)
    firsts = np.flatnonzero(np.concatenate(([True], line[1:] != line[:-1])))
    lasts = np.concatenate((firsts[1:], [len(line)])) - 1
    size = int((differ[lasts] - differ[firsts] + 1).sum())
    return size, size
