"""A bounded alignment of two sequences (strings, or lists of lines), in linear time.

``difflib.SequenceMatcher`` finds the longest matches, at a cost that grows with the
square or the cube of the length on repetitive text (a line dense with commas): one
10 KB document took minutes. :func:`align` instead walks both sequences together: past
equal items, and at a difference it looks for the nearest point where the two agree
again within ``window`` items on either side, preferring the smallest edit, and after
it ``anchor`` equal items in a row to a single one (unless that costs a larger edit). Its work is bounded by a budget proportional to the
lengths; past it, or when nothing agrees within the window, the rest is one edit
trimmed of its common end. The result is always a valid edit script (applying it to
``a`` gives ``b``); it is minimal for the small, scattered edits normalisers make.

>>> align("甲乙丙", "甲，乙丙")
[(1, 1, 1, 2)]
>>> align("a,b,c", "a，b，c")
[(1, 2, 1, 2), (3, 4, 3, 4)]
>>> align(["x\\n", "ad\\n", "y\\n"], ["x\\n", "y\\n"], anchor=1)
[(1, 2, 1, 1)]
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

#: How much larger an edit may be than one after which a single item agrees, for the
#: agreement after it to be ``anchor`` items long (a firmer point to resume from).
_SLACK = 2
#: ``(a_start, a_end, b_start, b_end)``: ``a[a_start:a_end]`` became ``b[b_start:b_end]``.
Opcode = tuple[int, int, int, int]


def align(a: Sequence[Any], b: Sequence[Any], window: int = 48, anchor: int = 4) -> list[Opcode]:
    """The changed spans between ``a`` and ``b``, in order (equal spans left out).

    Work is at most about ``64 * (len(a) + len(b))`` item comparisons plus C-speed
    slice compares, whatever the input.
    """
    n, m = len(a), len(b)
    ops: list[Opcode] = []
    i = j = 0
    budget = 64 * (n + m) + 4096
    while True:
        k = _common_prefix(a, b, i, j)
        i, j = i + k, j + k
        if i == n or j == m:
            break
        found = weak = None
        weak_d = 0
        for di, dj in _candidates(window):
            p, q = i + di, j + dj
            if p > n or q > m:
                continue
            if weak is not None and di + dj > weak_d + _SLACK:
                break
            budget -= 1
            if _agree(a, b, p, q, anchor):
                found = (p, q)
                break
            if weak is None and (p, q) != (n, m) and p < n and q < m and a[p] == b[q]:
                weak, weak_d = (p, q), di + dj
            if budget <= 0:
                break
        found = found or weak
        if found is None:
            break
        ops.append((i, found[0], j, found[1]))
        i, j = found
    if i < n or j < m:
        s = _common_suffix(a, b, i, j)
        ops.append((i, n - s, j, m - s))
    return ops


@functools.cache
def _candidates(window: int) -> tuple[tuple[int, int], ...]:
    """Skips ``(in a, in b)`` to try at a difference: the smallest edits first, and among
    those the balanced ones (a substitution before a deletion and an insertion)."""
    return tuple(
        (di, d - di)
        for d in range(1, 2 * window + 1)
        for di in sorted(range(max(0, d - window), min(d, window) + 1), key=lambda x: (abs(2 * x - d), x))
    )


def _agree(a: Sequence[Any], b: Sequence[Any], p: int, q: int, anchor: int) -> bool:
    """Whether ``a`` from ``p`` and ``b`` from ``q`` start with ``anchor`` equal items,
    or are equal to their ends."""
    n, m = len(a), len(b)
    length = min(anchor, n - p, m - q)
    if length < anchor and not (p + length == n and q + length == m):
        return False  # fewer than anchor items agree, and not up to both ends
    return a[p : p + length] == b[q : q + length]


def _common_prefix(a: Sequence[Any], b: Sequence[Any], i: int, j: int) -> int:
    """How many items ``a[i:]`` and ``b[j:]`` share at their start."""
    return _gallop(min(len(a) - i, len(b) - j), lambda lo, hi: a[i + lo : i + hi] == b[j + lo : j + hi])


def _common_suffix(a: Sequence[Any], b: Sequence[Any], i: int, j: int) -> int:
    """How many items ``a[i:]`` and ``b[j:]`` share at their end."""
    n, m = len(a), len(b)
    return _gallop(min(n - i, m - j), lambda lo, hi: a[n - hi : n - lo] == b[m - hi : m - lo])


def _gallop(limit: int, same: Callable[[int, int], bool]) -> int:
    """The length of the longest run ``[0, k)``, ``k <= limit``, whose pieces ``same(lo, hi)``
    says are shared, found by galloping: slices of 1, 2, 4, ... items, back to 1 on a miss."""
    lo, step = 0, 1
    while lo < limit:
        hi = lo + min(step, limit - lo)
        if same(lo, hi):
            lo = hi
            step *= 2
        elif hi - lo == 1:
            break
        else:
            step = 1
    return lo
