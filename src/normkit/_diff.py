"""Where two versions of a text differ: lines first, then characters inside changed lines.

Linear work whatever the input: common leading and trailing lines are skipped; lines
are paired one to one when their counts agree (the common case: in-line edits); other
blocks of lines, and the characters of changed lines, are aligned by the bounded
:func:`normkit._align.align` (never ``difflib``, which is cubic on repetitive lines);
anything too large becomes one coarse edit trimmed of its common ends.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

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
    a changed block of lines with another (:func:`edits` and :func:`size_of_change` share them).

    The lines are those of ``splitlines(keepends=True)``, held as offsets (8 bytes a line,
    not a Python string: on a text of short lines, a list of them costs eight times the
    text); only a block of lines handed to the line matcher is made into strings.
    """
    if old == new:
        return
    oa, ob = _line_bounds(old), _line_bounds(new)
    na, nb = len(oa) - 1, len(ob) - 1
    # Common leading lines: the line after equal ones is equal when it ends at the same
    # offset in both, inside their common prefix; likewise the trailing ones from the end.
    m = min(na, nb)
    lo = _first_false((oa[1 : m + 1] == ob[1 : m + 1]) & (oa[1 : m + 1] <= _common_prefix(old, new)))
    m = min(na, nb) - lo
    from_end_a = len(old) - oa[na - m : na][::-1]
    from_end_b = len(new) - ob[nb - m : nb][::-1]
    t = _first_false((from_end_a == from_end_b) & (from_end_a <= _common_suffix(old, new)))
    hi_a, hi_b = na - t, nb - t
    for i1, i2, j1, j2 in _blocks(old, new, oa, ob, lo, hi_a, lo, hi_b):
        if i2 - i1 == j2 - j1:
            for at in range(0, i2 - i1, _LINES_AT_ONCE):  # offsets as Python ints, a run at a time
                stop = min(at + _LINES_AT_ONCE, i2 - i1)
                xa = oa[i1 + at : i1 + stop + 1].tolist()
                xb = ob[j1 + at : j1 + stop + 1].tolist()
                for k in range(stop - at):
                    if old[xa[k] : xa[k + 1]] != new[xb[k] : xb[k + 1]]:  # (an equal pair has no edit)
                        yield xa[k], xa[k + 1], xb[k], xb[k + 1]
        else:
            yield int(oa[i1]), int(oa[i2]), int(ob[j1]), int(ob[j2])


#: Lines whose offsets :func:`_line_pairs` reads as Python ints at once.
_LINES_AT_ONCE = 4096
#: Characters :func:`_line_bounds` and the prefix compares read at once.
_CHARS_AT_ONCE = 1 << 16


def _first_false(flags: npt.NDArray[np.bool_]) -> int:
    """The index of the first false flag, or their number when all are true."""
    false = np.flatnonzero(~flags)
    return int(false[0]) if false.size else len(flags)


def _line_bounds(text: str) -> npt.NDArray[np.int64]:
    """Where the lines of ``text.splitlines(keepends=True)`` start, and the text's length
    after them (a line ``k`` is ``text[b[k] : b[k + 1]]``); read a block at a time.

    >>> _line_bounds("甲\\r\\n乙\\r丙\\n\\n").tolist(), _line_bounds("").tolist()
    ([0, 3, 5, 7, 8], [0])
    """
    ends = [np.zeros(1, dtype=np.int64)]
    size = len(text)
    for a in range(0, size, _CHARS_AT_ONCE):
        codes = np.frombuffer(
            text[a : a + _CHARS_AT_ONCE].encode("utf-32-le", "surrogatepass"), dtype=np.uint32
        )
        at = np.flatnonzero(np.isin(codes, _LINE_BREAKS))
        cr = np.flatnonzero(codes[at] == 0x0D)
        if cr.size:  # ``\r\n`` is one line break: no line ends between them
            crlf = [k for k in cr.tolist() if text.startswith("\n", a + int(at[k]) + 1)]
            at = np.delete(at, crlf)
        ends.append(at.astype(np.int64) + (a + 1))
    bounds = np.concatenate(ends)
    return bounds if bounds[-1] == size else np.append(bounds, size)


def _common_prefix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start (compared a block at a time,
    as slices: no copy of a whole text)."""
    limit = min(len(a), len(b))
    at = 0
    while at < limit and a[at : at + _CHARS_AT_ONCE] == b[at : at + _CHARS_AT_ONCE]:
        at += _CHARS_AT_ONCE
    if at >= limit:
        return limit
    x, y = a[at : at + _CHARS_AT_ONCE], b[at : at + _CHARS_AT_ONCE]
    return at + _common_length(x, y, lambda k: x[:k] == y[:k])


def _common_suffix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their end."""
    limit = min(len(a), len(b))
    at = 0
    while True:
        x = a[max(0, len(a) - at - _CHARS_AT_ONCE) : len(a) - at]
        y = b[max(0, len(b) - at - _CHARS_AT_ONCE) : len(b) - at]
        if at >= limit or x != y:
            break
        at += _CHARS_AT_ONCE
    if at >= limit:
        return limit
    return at + _common_length(x, y, lambda k: x[len(x) - k :] == y[len(y) - k :])


def _blocks(
    old: str,
    new: str,
    oa: npt.NDArray[np.int64],
    ob: npt.NDArray[np.int64],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
) -> list[tuple[int, int, int, int]]:
    """The changed blocks of lines between lines ``i1:i2`` of ``old`` and ``j1:j2`` of
    ``new`` (``oa``, ``ob``: their :func:`_line_bounds`)."""
    if i2 - i1 == j2 - j1 or (i2 - i1) * (j2 - j1) > _MAX_LINE_MATCH:
        return [(i1, i2, j1, j2)]
    a = _lines(old, oa[i1 : i2 + 1].tolist())
    b = _lines(new, ob[j1 : j2 + 1].tolist())
    return [(i1 + p, i1 + q, j1 + r, j1 + s) for p, q, r, s in align(a, b, anchor=2)]


def _lines(text: str, bounds: list[int]) -> list[str]:
    return [text[x:y] for x, y in itertools.pairwise(bounds)]


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
    count = 0
    for at in range(0, len(old), _CHARS_AT_ONCE):  # a block at a time: no array of the whole text
        a = np.frombuffer(old[at : at + _CHARS_AT_ONCE].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        b = np.frombuffer(new[at : at + _CHARS_AT_ONCE].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        differ = a != b
        if np.isin(a[differ], _LINE_BREAKS).any() or np.isin(b[differ], _LINE_BREAKS).any():
            return None
        count += int(np.count_nonzero(differ))
    return count
