"""Where two versions of a text differ: lines first, then characters inside changed lines.

Linear work whatever the input: common leading and trailing lines are skipped; lines
are paired one to one when their counts agree (the common case: in-line edits); other
blocks of lines, and the characters of changed lines, are aligned by the bounded
:func:`normkit._align.align` (never ``difflib``, which is cubic on repetitive lines);
anything too large becomes one coarse edit trimmed of its common ends.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ._align import Opcode, align

#: Largest (lines × lines) block handed to the line matcher.
_MAX_LINE_MATCH = 250_000
#: Largest (characters + characters) pair aligned character by character.
_MAX_CHAR_MATCH = 200_000


@dataclass(frozen=True, slots=True)
class Edit:
    """``old[old_start:old_end]`` became ``new[new_start:new_end]``.

    >>> old, new, edit = "好,的", "好，的", Edit(1, 2, 1, 2)
    >>> old[edit.old_start : edit.old_end], new[edit.new_start : edit.new_end]
    (',', '，')
    """

    old_start: int
    old_end: int
    new_start: int
    new_end: int


def edits(old: str, new: str, fine: bool = True) -> Iterator[Edit]:
    """The edits that turn ``old`` into ``new``, in order.

    With ``fine``, changed lines are compared character by character (when short);
    otherwise each changed line (or block) is one edit trimmed of its common ends.

    >>> list(edits("第一行  \\n第二行", "第一行\\n第二行"))
    [Edit(old_start=3, old_end=5, new_start=3, new_end=3)]
    """
    for o1, o2, n1, n2 in _line_pairs(old, new):
        yield from _pair(old, new, o1, o2, n1, n2, fine)


def _line_pairs(old: str, new: str) -> Iterator[tuple[int, int, int, int]]:
    """The spans of ``old`` and ``new`` to compare: each changed line paired with one, or
    a changed block of lines with another (:func:`edits` and :func:`size_of_change` share them)."""
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
                if a[i1 + k] != b[j1 + k]:  # (an equal pair has no edit)
                    yield oa[i1 + k], oa[i1 + k + 1], ob[j1 + k], ob[j1 + k + 1]
        else:
            yield oa[i1], oa[i2], ob[j1], ob[j2]


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
    if not fine or size > _MAX_CHAR_MATCH or edit.old_start == edit.old_end or edit.new_start == edit.new_end:
        yield edit
        return
    if edit.old_end - edit.old_start == edit.new_end - edit.new_start:
        yield from _substitutions(old, new, edit)
        return
    for i1, i2, j1, j2 in _aligned(old[edit.old_start : edit.old_end], new[edit.new_start : edit.new_end]):
        yield Edit(edit.old_start + i1, edit.old_start + i2, edit.new_start + j1, edit.new_start + j2)


#: Changed spans up to this many characters (both sides) have their alignment kept in
#: :func:`_aligned`'s cache: at most :data:`_CACHED` of them, a few MB at worst.
_MAX_CACHED = 2048
_CACHED = 1024


def _aligned(a: str, b: str) -> Sequence[Opcode]:
    """:func:`align` of two changed spans, from a cache when short: the same damaged line
    (a site's mojibake menu or footer) and its repair recur across the pages of a site."""
    if len(a) + len(b) > _MAX_CACHED:
        return align(a, b)
    return _aligned_cached(a, b)


@functools.lru_cache(maxsize=_CACHED)
def _aligned_cached(a: str, b: str) -> tuple[Opcode, ...]:
    return tuple(align(a, b))


def _pair_size(old: str, new: str, o1: int, o2: int, n1: int, n2: int) -> tuple[int, int]:
    """The sizes of the edits :func:`_pair` (``fine``) reports, without building them."""
    edit = _trimmed(old, new, o1, o2, n1, n2)
    removed, added = edit.old_end - edit.old_start, edit.new_end - edit.new_start
    if removed + added > _MAX_CHAR_MATCH or removed == 0 or added == 0:
        return removed, added
    a, b = old[edit.old_start : edit.old_end], new[edit.new_start : edit.new_end]
    if removed == added:  # one edit per run of differing characters: their count
        differ = sum(map(str.__ne__, a, b))
        return differ, differ
    removed = added = 0
    for i1, i2, j1, j2 in _aligned(a, b):
        removed += i2 - i1
        added += j2 - j1
    return removed, added


def _substitutions(old: str, new: str, edit: Edit) -> Iterator[Edit]:
    """Runs of differing characters in two spans of one length, one edit per run."""
    a = old[edit.old_start : edit.old_end]
    b = new[edit.new_start : edit.new_end]
    start = -1
    for k, (x, y) in enumerate(zip(a, b, strict=True)):
        if x != y:
            if start < 0:
                start = k
        elif start >= 0:
            yield Edit(edit.old_start + start, edit.old_start + k, edit.new_start + start, edit.new_start + k)
            start = -1
    if start >= 0:
        n = len(a)
        yield Edit(edit.old_start + start, edit.old_start + n, edit.new_start + start, edit.new_start + n)


def _trimmed(old: str, new: str, o1: int, o2: int, n1: int, n2: int) -> Edit:
    """One edit covering ``old[o1:o2]`` -> ``new[n1:n2]`` without their common ends."""
    a, b = old[o1:o2], new[n1:n2]
    prefix = _common_length(a, b, lambda k: a[:k] == b[:k])
    rest = min(len(a), len(b)) - prefix
    suffix = _common_length(a, b, lambda k: a[len(a) - k :] == b[len(b) - k :], rest)
    return Edit(o1 + prefix, o2 - suffix, n1 + prefix, n2 - suffix)


def _common_length(a: str, b: str, same: Callable[[int], bool], limit: int | None = None) -> int:
    """The largest ``k <= limit`` with ``same(k)``, by C-speed slice compares: galloping
    (1, 2, 4, ... items: most lines differ near their ends), then a binary search."""
    lo, hi = 0, min(len(a), len(b)) if limit is None else limit
    probe = 1
    while probe < hi:
        if not same(probe):
            hi = probe - 1
            break
        lo, probe = probe, 2 * probe
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


def size_of_edits(changes: Iterable[Edit]) -> tuple[int, int]:
    """Characters removed and added by ``changes`` (any edit script, whatever aligned it).

    >>> size_of_edits([Edit(1, 2, 1, 2), Edit(3, 3, 3, 5)])
    (1, 3)
    """
    removed = added = 0
    for e in changes:
        removed += e.old_end - e.old_start
        added += e.new_end - e.new_start
    return removed, added


def size_of_change(old: str, new: str) -> tuple[int, int]:
    """Characters removed and added between ``old`` and ``new``: the sizes of the very
    edits :func:`edits` reports (and ``--explain`` shows), so statistics and explanations agree.

    >>> size_of_change("甲,乙,丙,丁", "甲，乙，丙，丁")
    (3, 3)
    >>> size_of_change("x\\n广告\\ny\\n", "x\\ny\\n")
    (3, 0)
    """
    if len(old) == len(new):
        substituted = _substitutions_in_place(old, new)
        if substituted is not None:
            return substituted, substituted
    removed = added = 0
    for o1, o2, n1, n2 in _line_pairs(old, new):
        r, a = _pair_size(old, new, o1, o2, n1, n2)
        removed += r
        added += a
    return removed, added


#: The characters ``str.splitlines`` breaks lines at.
_LINE_BREAKS = np.array([0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029], dtype=np.uint32)


def _substitutions_in_place(old: str, new: str) -> int | None:
    """For texts of one length whose line breaks stay in place, the number of differing
    characters, vectorised: :func:`edits` then pairs each line with one of the same length
    and reports one substitution per run of differing characters, so this is its count.
    ``None`` when a line break differs (the general path counts)."""
    a = np.frombuffer(old.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    b = np.frombuffer(new.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    differ = a != b
    if np.isin(a[differ], _LINE_BREAKS).any() or np.isin(b[differ], _LINE_BREAKS).any():
        return None
    return int(np.count_nonzero(differ))
