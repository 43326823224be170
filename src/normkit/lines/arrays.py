"""Array helpers over the lines of a page in page order: runs, windows, shifts, distances,
the densest run, zones.

>>> runs(np.array([True, True, False, True])).tolist()
[2.0, 2.0, 0.0, 1.0]
>>> densest(np.array([-1.0, 3.0, -1.0, 2.0, -5.0]))
(1, 3)
"""

from __future__ import annotations

from collections.abc import Container, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["argmin_accumulate", "around", "densest", "distance", "runs", "shift", "tally", "window", "zones"]


def runs(flag: npt.NDArray[np.bool_]) -> npt.NDArray[np.float32]:
    """For every line the length of the run of ``True`` it belongs to (0 outside runs).

    >>> runs(np.array([False, True, True])).tolist()
    [0.0, 2.0, 2.0]
    """
    n = len(flag)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    change = np.empty(n, dtype=bool)
    change[0] = True
    change[1:] = flag[1:] != flag[:-1]
    ids = change.cumsum() - 1
    lengths = np.bincount(ids)
    return np.asarray(lengths[ids] * flag, dtype=np.float32)


def window(x: npt.NDArray[np.float32], k: int) -> npt.NDArray[np.float32]:
    """The mean of ``x`` over the lines within ``k`` of each line (the line excluded).

    >>> window(np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float32), 1).tolist()
    [2.0, 2.0, 3.0, 3.0]
    """
    n = len(x)
    c = np.zeros(n + 1)
    x.cumsum(dtype=np.float64, out=c[1:])
    out = np.empty(n, dtype=np.float32)
    for start in range(0, n, _WINDOW_BLOCK):  # (a block's temporaries, not a page's)
        stop = min(start + _WINDOW_BLOCK, n)
        idx = np.arange(start, stop)
        lo = np.maximum(idx - k, 0)
        hi = np.minimum(idx + k + 1, n)
        total = c[hi] - c[lo] - x[start:stop]
        count = np.maximum(hi - lo - 1, 1)
        out[start:stop] = total / count
    return out


#: Rows of :func:`window`'s temporaries at a time.
_WINDOW_BLOCK = 1 << 16


def shift(x: npt.NDArray[np.float32], by: int, fill: float) -> npt.NDArray[np.float32]:
    """``x`` moved down by ``by`` lines (up if negative), the freed places set to ``fill``.

    >>> shift(np.array([1.0, 2.0, 3.0], dtype=np.float32), 1, 0.0).tolist()
    [0.0, 1.0, 2.0]
    >>> shift(np.array([1.0, 2.0, 3.0], dtype=np.float32), -1, 9.0).tolist()
    [2.0, 3.0, 9.0]
    """
    out = np.full_like(x, fill)
    if by > 0:
        out[by:] = x[:-by]
    else:
        out[:by] = x[-by:]
    return out


def tally(ids: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """For every line how many other lines have its id (0 for id -1).

    >>> tally(np.array([0, 1, 0, -1, 0], dtype=np.float32)).tolist()
    [2.0, 0.0, 2.0, 0.0, 2.0]
    """
    known = ids >= 0
    if not known.any():
        return np.zeros(len(ids), dtype=np.float32)
    as_int = np.where(known, ids, 0).astype(np.int64)
    counts = np.bincount(as_int[known])
    return np.where(known, counts[as_int] - 1, 0).astype(np.float32)


def argmin_accumulate(x: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """For every ``j`` the index of the (first) minimum of ``x[: j + 1]``.

    >>> argmin_accumulate(np.array([3.0, 1.0, 2.0, 0.0])).tolist()
    [0, 1, 1, 3]
    """
    n = len(x)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    low = np.minimum.accumulate(x)
    is_new = np.empty(n, dtype=bool)
    is_new[0] = True
    is_new[1:] = low[1:] < low[:-1]
    marks = np.where(is_new, np.arange(n), 0)
    return np.maximum.accumulate(marks)


def distance(flag: npt.NDArray[np.bool_], backwards: bool) -> npt.NDArray[np.float32]:
    """Lines from each line to the nearest flagged line before it (after it if ``backwards``);
    the page's length when there is none.

    >>> distance(np.array([True, False, False, True]), False).tolist()
    [4.0, 1.0, 2.0, 3.0]
    >>> distance(np.array([True, False, False, True]), True).tolist()
    [3.0, 2.0, 1.0, 4.0]
    """
    n = len(flag)
    if backwards:
        return np.ascontiguousarray(distance(flag[::-1], False)[::-1])
    idx = np.arange(n)
    seen = np.where(flag, idx, -(n + 1))
    last = np.maximum.accumulate(seen) if n else seen
    prev = np.empty(n, dtype=np.int64)
    if n:
        prev[0] = -(n + 1)
        prev[1:] = last[:-1]
    return np.asarray(np.minimum(idx - prev, n), dtype=np.float32)


def densest(score: npt.NDArray[np.float64]) -> tuple[int, int]:
    """First and last index of the run with the largest sum of ``score``; (-1, -1) if none is positive.

    >>> densest(np.array([1.0, -5.0, 2.0, 1.0]))
    (2, 3)
    >>> densest(np.array([-1.0, -2.0]))
    (-1, -1)
    """
    n = len(score)
    total = np.zeros(n + 1)
    score.cumsum(dtype=np.float64, out=total[1:])
    low = np.minimum.accumulate(total[:-1]) if n else total[:0]
    gain = total[1:] - low
    if not n or gain.max() <= 0:
        return (-1, -1)
    end = int(gain.argmax())
    return (int(argmin_accumulate(total[:-1])[end]), end)


def around(
    block: tuple[int, int], n: int, start: int = 0, stop: int | None = None
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Log lines to a block above it, below it, and whether each line is inside it (of
    the lines ``start`` to ``stop`` of ``n``: the same values as those of all ``n``).

    >>> before, after, inside = around((1, 2), 4)
    >>> inside.tolist(), [round(float(a), 2) for a in after]
    ([0.0, 1.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.69])
    >>> around((1, 2), 4, 2, 4)[2].tolist()
    [1.0, 0.0]
    """
    idx = np.arange(start, n if stop is None else stop, dtype=np.float32)
    if block[0] < 0:
        zero = np.zeros(len(idx), dtype=np.float32)
        return zero, zero, zero
    before = np.log1p(np.maximum(block[0] - idx, 0))
    after = np.log1p(np.maximum(idx - block[1], 0))
    inside = ((idx >= block[0]) & (idx <= block[1])).astype(np.float32)
    return before, after, inside


def zones(body: Sequence[bool], skip: Container[int]) -> tuple[int, int]:
    """``(first, last)`` index of body lines not in ``skip``; ``(-1, -1)`` when there is none.

    Lines before ``first`` are the page head, lines after ``last`` the page tail.

    >>> zones([False, True, False, True, False], skip={3})
    (1, 1)
    """
    first = last = -1
    for i, is_body in enumerate(body):
        if is_body and i not in skip:
            if first < 0:
                first = i
            last = i
    return first, last
