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

The skips are tried one by one only up to :data:`_NEAR` items; farther ones are
searched in one NumPy compare of the window around the difference, with the very
outcome (and budget spent) of trying them one by one, so :func:`align` returns exactly
what the plain loop returns (``reference_align`` in ``tests/test_align.py``, kept as the definition), at a
fraction of the cost on regions where nothing agrees nearby (a line of mojibake and
its repair: issue 15).

>>> align("甲乙丙", "甲，乙丙")
[(1, 1, 1, 2)]
>>> align("a,b,c", "a，b，c")
[(1, 2, 1, 2), (3, 4, 3, 4)]
>>> align(["x\\n", "ad\\n", "y\\n"], ["x\\n", "y\\n"], anchor=1)
[(1, 2, 1, 1)]
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

#: How much larger an edit may be than one after which a single item agrees, for the
#: agreement after it to be ``anchor`` items long (a firmer point to resume from).
_SLACK = 2
#: ``(a_start, a_end, b_start, b_end)``: ``a[a_start:a_end]`` became ``b[b_start:b_end]``.
Opcode = tuple[int, int, int, int]


def align(a: Sequence[Any], b: Sequence[Any], window: int = 48, anchor: int = 4) -> list[Opcode]:
    """The changed spans between ``a`` and ``b``, in order (equal spans left out).

    Work is at most about ``64 * (len(a) + len(b))`` item comparisons plus C-speed
    slice compares, whatever the input. The result is exactly that of the plain loop
    (``reference_align`` in ``tests/test_align.py``):
    the nearest few skips are tried one by one as there, the farther ones by array
    compares of the window (one NumPy pass instead of up to 4,656 Python calls when
    nothing agrees nearby, as on a line of mojibake and its repair).

    >>> align("鏁版嵁鍖呭湴鍧€ 2024", "数据包地址 2024")
    [(0, 8, 0, 5)]
    """
    n, m = len(a), len(b)
    ops: list[Opcode] = []
    i = j = 0
    budget = 64 * (n + m) + 4096
    near = _candidates(window)[: _near_count(window)]
    window_search: _WindowSearch | None = None
    far = False  # the last difference needed the window search: start there
    while True:
        if i < n and j < m and a[i] == b[j]:
            # (one equal item alone, as between the differences of a misread line: no gallop)
            k = 1 if i + 1 < n and j + 1 < m and a[i + 1] != b[j + 1] else _common_prefix(a, b, i, j)
            i, j = i + k, j + k
        if i == n or j == m:
            break
        found = weak = None
        weak_d = 0
        if far and window_search is not None:
            found, weak, weak_d, budget = window_search.farther(i, j, None, 0, budget, near=False)
            far = found is None or found[0] + found[1] - i - j > _NEAR
        else:
            for di, dj in near:
                p, q = i + di, j + dj
                if p > n or q > m:
                    continue
                if weak is not None and di + dj > weak_d + _SLACK:
                    break
                budget -= 1
                if p < n and q < m and a[p] != b[q]:  # (neither agreeing nor equal: no call)
                    if budget <= 0:
                        break
                    continue
                if _agree(a, b, p, q, anchor):
                    found = (p, q)
                    break
                if weak is None and (p, q) != (n, m) and p < n and q < m and a[p] == b[q]:
                    weak, weak_d = (p, q), di + dj
                if budget <= 0:
                    break
            else:
                if window_search is None:
                    window_search = _WindowSearch(a, b, window, anchor)
                found, weak, weak_d, budget = window_search.farther(i, j, weak, weak_d, budget)
                far = True
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


#: Skips up to this size (items of ``a`` plus of ``b``) are tried one by one; farther
#: ones (rarely reached but, on a region where nothing agrees, all of them) by arrays.
_NEAR = 4


@functools.cache
def _near_count(window: int) -> int:
    """How many of :func:`_candidates` are skips of at most :data:`_NEAR` items."""
    return sum(1 for di, dj in _candidates(window) if di + dj <= _NEAR)


class _Skips(NamedTuple):
    """:func:`_candidates` as arrays, indexed by their rank (order of trial)."""

    di: npt.NDArray[np.int64]
    dj: npt.NDArray[np.int64]
    #: ``rank[di, dj]``: when that skip is tried (-1 for ``(0, 0)``).
    rank: npt.NDArray[np.int64]
    #: ``start[d]``: the rank of the first skip of ``d`` items or more.
    start: npt.NDArray[np.int64]


@functools.cache
def _skips(window: int) -> _Skips:
    cands = np.array(_candidates(window), dtype=np.int64).reshape(-1, 2)
    di, dj = cands[:, 0], cands[:, 1]
    rank = np.full((window + 1, window + 1), -1, dtype=np.int64)
    rank[di, dj] = np.arange(len(cands))
    start = np.searchsorted(di + dj, np.arange(2 * window + _SLACK + 3), side="left").astype(np.int64)
    return _Skips(di, dj, rank, start)


@functools.cache
def _skip_lists(window: int) -> tuple[list[int], list[int], list[int]]:
    """:func:`_skips` as lists (``di``, ``dj``, ``start``): Python ints, read one at a time."""
    skips = _skips(window)
    return skips.di.tolist(), skips.dj.tolist(), skips.start.tolist()


@functools.lru_cache(maxsize=4096)
def _valid_ranks(window: int, room_a: int, room_b: int) -> tuple[list[int], int]:
    """Ranks of the skips that stay inside both sequences, given the items left (each
    at most ``window``), and how many of them are near ones (tried one by one)."""
    skips = _skips(window)
    valid = np.flatnonzero((skips.di <= room_a) & (skips.dj <= room_b)).tolist()
    return valid, bisect.bisect_left(valid, _near_count(window))


def _codes(a: Sequence[Any], b: Sequence[Any]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``a`` and ``b`` as integers, equal where their items are: code points of strings,
    otherwise one number per distinct item."""
    if isinstance(a, str) and isinstance(b, str):
        return _code_points(a), _code_points(b)
    ids: dict[Any, int] = {}
    return (
        np.array([ids.setdefault(x, len(ids)) for x in a], dtype=np.int64),
        np.array([ids.setdefault(x, len(ids)) for x in b], dtype=np.int64),
    )


def _code_points(text: str) -> npt.NDArray[np.int64]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


Point = tuple[int, int]


#: Skips of up to this many items are searched first (a corner of the window).
_CORNER = 16
#: Larger than any rank.
_NEVER = 1 << 40


Tier = tuple[int, npt.NDArray[np.int64], int]


@functools.cache
def _tiers(window: int) -> tuple[Tier, ...]:
    """``(side, ranks of the skips in that corner of the window, first rank past it)``,
    the corner of :data:`_CORNER` first, then the whole window (ranks :data:`_NEVER`
    where there is no skip)."""
    skips = _skips(window)
    ranks = np.where(skips.rank < 0, _NEVER, skips.rank)
    if window <= _CORNER:
        return ((window + 1, ranks, _NEVER),)
    d = np.add.outer(np.arange(_CORNER + 1), np.arange(_CORNER + 1))
    corner = np.where(d <= _CORNER, ranks[: _CORNER + 1, : _CORNER + 1], _NEVER)
    return ((_CORNER + 1, corner, int(skips.start[_CORNER + 1])), (window + 1, ranks, _NEVER))


class _WindowSearch:
    """The skips :func:`align` has not tried one by one, searched with array compares,
    with exactly the outcome (and budget spent) of trying them one by one.

    Which items agree is computed for a block of ``4 * (window + anchor)`` items of
    each sequence at a time, and reused while the search windows stay inside it.
    """

    def __init__(self, a: Sequence[Any], b: Sequence[Any], window: int, anchor: int) -> None:
        self.a, self.b, self.window, self.anchor = a, b, window, anchor
        self.ca, self.cb = _codes(a, b)
        self.skips = _skips(window)
        self.tiers = _tiers(window)
        self.ranks = self.tiers[-1][1]
        self.near = _near_count(window)
        self.size = 4 * (window + anchor)
        #: The block's origin, and the last origins of a window it holds.
        self.reuse = (1, 1, 0, 0)  # no block yet
        self.equal = self.agree = np.zeros((0, 0), dtype=bool)
        #: When the two strings share few distinct characters (a line of mojibake and its
        #: repair: U+FFFD, digits, spaces), where each shared one occurs in each; else None.
        self.places = _shared_places(a, b)

    def _block(self, i: int, j: int) -> tuple[int, int]:
        """Offsets of ``(i, j)`` in the current block, rebuilt there when the window
        (and the ``anchor`` items past it) is not inside."""
        i0, j0, last_i, last_j = self.reuse
        if i0 <= i <= last_i and j0 <= j <= last_j:
            return i - i0, j - j0
        n, m, size = len(self.ca), len(self.cb), self.size
        reach = self.window + self.anchor
        self.reuse = (
            i,
            j,
            n if i + size >= n else i + size - reach,
            m if j + size >= m else j + size - reach,
        )
        equal = self.ca[i : i + size, None] == self.cb[None, j : j + size]
        agree = equal.copy()
        rows, cols = equal.shape
        for k in range(1, self.anchor):  # anchor items in a row (none past the ends)
            r, c = max(rows - k, 0), max(cols - k, 0)
            agree[:r, :c] &= equal[k:, k:]
            agree[r:, :] = False
            agree[:, c:] = False
        self.equal, self.agree = equal, agree
        return 0, 0

    def farther(
        self, i: int, j: int, weak: Point | None, weak_d: int, budget: int, near: bool = True
    ) -> tuple[Point | None, Point | None, int, int]:
        """``(found, weak, weak_d, budget)`` after the skips past the near ones at ``(i, j)``
        (with ``near=False``: all the skips, as when nothing agreed nearby just before).

        No near skip agreed (else the search had stopped), and none set ``weak`` unless
        it is given: so no farther skip needs to be told from a near one.
        """
        a, b, w, anchor = self.a, self.b, self.window, self.anchor
        dis, djs, starts = _skip_lists(w)
        n, m = len(a), len(b)
        room_a, room_b = n - i, m - j
        valid, tried = _valid_ranks(w, min(room_a, w), min(room_b, w))
        start = self.near if near else 0
        if not near:
            tried = 0
        last = min(len(valid), tried + max(budget, 1)) - 1  # one is tried even past the budget
        if last < tried:
            return None, weak, weak_d, budget
        cut = valid[last] + 1  # skips of rank < cut may be tried
        if weak is not None:
            cut = min(cut, starts[weak_d + _SLACK + 1])
        if cut <= start:
            return None, weak, weak_d, budget
        first_agree = _NEVER
        if room_a < w + anchor and room_b < w + anchor:
            for left in range(anchor):  # agreeing up to both ends, fewer than anchor items
                di, dj = room_a - left, room_b - left
                if 0 <= di <= w and 0 <= dj <= w and di + dj > 0 and a[n - left :] == b[m - left :]:
                    first_agree = min(first_agree, int(self.ranks[di, dj]))
        if self.places is not None:
            # (the window's lowest ranks at once: what the tiers below find, corner first)
            agree, equal = self._lowest(i, j, weak_d if weak is not None else None)
            first_agree = min(first_agree, agree)
            if weak is None:
                first = min(equal, first_agree)
                if first < cut and first < first_agree:
                    weak = (i + dis[first], j + djs[first])
                    weak_d = dis[first] + djs[first]
                    cut = min(cut, starts[weak_d + _SLACK + 1])
            return self._outcome(i, j, first_agree, cut, valid, tried, weak, weak_d, budget)
        ri, rj = self._block(i, j)
        for size, ranks, bound in self.tiers:  # a small corner first: most differences end there
            rows, cols = min(room_a, size), min(room_b, size)
            ranks = ranks[:rows, :cols]
            # (the lowest rank where the items agree: one reduction, no array built)
            agree = int(ranks.min(where=self.agree[ri : ri + rows, rj : rj + cols], initial=_NEVER))
            if weak is None:
                equal = int(ranks.min(where=self.equal[ri : ri + rows, rj : rj + cols], initial=_NEVER))
            first_agree = min(first_agree, agree)
            if weak is None:
                first = min(equal, first_agree)
                if first >= bound:
                    continue  # nothing equal in the corner: look farther
                if first < min(cut, first_agree):
                    weak = (i + dis[first], j + djs[first])
                    weak_d = dis[first] + djs[first]
                    cut = min(cut, starts[weak_d + _SLACK + 1])
            if first_agree < min(cut, bound) or cut <= bound:
                break  # every skip that may be tried lies in the corner
        return self._outcome(i, j, first_agree, cut, valid, tried, weak, weak_d, budget)

    def _outcome(
        self,
        i: int,
        j: int,
        first_agree: int,
        cut: int,
        valid: list[int],
        tried: int,
        weak: Point | None,
        weak_d: int,
        budget: int,
    ) -> tuple[Point | None, Point | None, int, int]:
        """What :meth:`farther` returns, given the lowest rank that agrees: the point
        found (if it may be tried) and the budget spent trying the skips up to it."""
        if first_agree < cut:
            dis, djs, _ = _skip_lists(self.window)
            budget -= bisect.bisect_left(valid, first_agree) + 1 - tried
            return (i + dis[first_agree], j + djs[first_agree]), weak, weak_d, budget
        budget -= bisect.bisect_left(valid, cut) - tried
        return None, weak, weak_d, budget

    def _lowest(self, i: int, j: int, weak_d: int | None) -> tuple[int, int]:
        """The lowest rank of a skip in the window at ``(i, j)`` whose items agree, and of
        one whose items are equal, from where the shared characters occur: the equal
        skips of a character are its pairs of occurrences, the lowest-ranked the pair of
        its next ones (ranks grow with the size of the skip). An agreement matters only
        up to :data:`_SLACK` items past the first equal skip (or ``weak_d``, a weak
        point found before): past that the lowest agreement is given as :data:`_NEVER`.
        """
        assert self.places is not None
        a, b, w, anchor = self.a, self.b, self.window, self.anchor
        ranks = _rank_lists(w)
        room_a, room_b = len(a) - i, len(b) - j
        firsts = []
        equal = _NEVER
        for in_a, in_b in self.places:
            k = bisect.bisect_left(in_a, i)
            h = bisect.bisect_left(in_b, j)
            if k == len(in_a) or h == len(in_b):
                continue
            di, dj = in_a[k] - i, in_b[h] - j
            if di > w or dj > w:
                continue  # (every later pair is farther still)
            firsts.append((in_a, in_b, k, h, di + dj))
            equal = min(equal, ranks[di][dj])
        if equal == _NEVER:
            return _NEVER, _NEVER
        dis, djs, _ = _skip_lists(w)
        reach = (weak_d if weak_d is not None else dis[equal] + djs[equal]) + _SLACK
        agree = _NEVER
        for in_a, in_b, k, h, d in firsts:  # every pair of occurrences within reach
            if d > reach:
                continue
            for p in itertools.islice(in_a, k, None):
                di = p - i
                if di > w or di + in_b[h] - j > reach:
                    break
                for q in itertools.islice(in_b, h, None):
                    dj = q - j
                    if dj > w or di + dj > reach:
                        break
                    if di < room_a and dj < room_b and ranks[di][dj] < agree and _agree(a, b, p, q, anchor):
                        agree = ranks[di][dj]
        return agree, equal


#: At most this many distinct characters shared: the window search looks where they occur.
_FEW_SHARED = 8


def _shared_places(a: Sequence[Any], b: Sequence[Any]) -> list[tuple[list[int], list[int]]] | None:
    """For two strings that share at most :data:`_FEW_SHARED` distinct characters, the
    positions of each shared one in ``a`` and in ``b``; None otherwise."""
    if not (isinstance(a, str) and isinstance(b, str)):
        return None
    shared = set(a).intersection(b)
    if len(shared) > _FEW_SHARED:
        return None
    return [(_positions(a, ch), _positions(b, ch)) for ch in sorted(shared)]


def _positions(text: str, ch: str) -> list[int]:
    found = []
    at = text.find(ch)
    while at >= 0:
        found.append(at)
        at = text.find(ch, at + 1)
    return found


@functools.cache
def _rank_lists(window: int) -> list[list[int]]:
    """The ranks of the whole window (:func:`_tiers`' last) as nested lists."""
    ranks: list[list[int]] = _tiers(window)[-1][1].tolist()
    return ranks


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
