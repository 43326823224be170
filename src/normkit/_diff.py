"""Where two versions of a text differ: line-level first, then characters inside changed lines."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """``old[old_start:old_end]`` became ``new[new_start:new_end]``."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


def edits(old: str, new: str, fine: bool = True) -> Iterator[Edit]:
    """The edits that turn ``old`` into ``new``, in order.

    Lines are matched first. Inside a changed block, ``fine`` edits come from a
    character-level match (for blocks up to a few thousand characters); otherwise each
    pair of lines is trimmed of its common prefix and suffix, which is linear.
    """
    if old == new:
        return
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    old_offsets = _offsets(old_lines)
    new_offsets = _offsets(new_lines)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        o1, o2 = old_offsets[i1], old_offsets[i2]
        n1, n2 = new_offsets[j1], new_offsets[j2]
        if tag != "replace":
            yield Edit(o1, o2, n1, n2)
        elif fine and (o2 - o1) + (n2 - n1) <= 4_000:
            yield from _char_edits(old, new, o1, o2, n1, n2)
        elif i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                yield _trimmed(
                    old,
                    new,
                    old_offsets[i1 + k],
                    old_offsets[i1 + k + 1],
                    new_offsets[j1 + k],
                    new_offsets[j1 + k + 1],
                )
        else:
            yield _trimmed(old, new, o1, o2, n1, n2)


def _char_edits(old: str, new: str, o1: int, o2: int, n1: int, n2: int) -> Iterator[Edit]:
    matcher = difflib.SequenceMatcher(None, old[o1:o2], new[n1:n2], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield Edit(o1 + i1, o1 + i2, n1 + j1, n1 + j2)


def _trimmed(old: str, new: str, o1: int, o2: int, n1: int, n2: int) -> Edit:
    """One edit covering ``old[o1:o2]`` -> ``new[n1:n2]`` without their common ends."""
    a, b = old[o1:o2], new[n1:n2]
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # binary search on the common prefix: C-speed slice comparisons
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    prefix = lo
    lo, hi = 0, min(len(a), len(b)) - prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return Edit(o1 + prefix, o2 - lo, n1 + prefix, n2 - lo)


def _offsets(lines: list[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets


def size_of_change(old: str, new: str) -> tuple[int, int]:
    """Characters removed and added between ``old`` and ``new``."""
    removed = added = 0
    for e in edits(old, new, fine=False):
        removed += e.old_end - e.old_start
        added += e.new_end - e.new_start
    return removed, added
