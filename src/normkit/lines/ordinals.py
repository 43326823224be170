"""Numbered lines that count on: chapters, sections, notes and references of a text.

A line that starts with an ordinal (``1.``, ``2、``, ``(3)``, ``[12]``, ``【4】``, ``五、``,
``第六章``) one more than the numbered line just before it (within :data:`GAP` lines) is
part of a **numbered sequence**: a table of contents, the sections of a notice, the notes
and references closing an article. Such sequences are content far more often than
page furniture, whose lists are rarely numbered in order (a ranking's badges, when
they are, make short runs). :func:`ordinal_values` reads each line's ordinal (once per
line, on the folded text); :func:`ordinal_runs` measures the sequence each line is part
of, from the lines' order.

>>> values = ordinal_values(["目录", "一、总则", "二、范围", "[1] 参见某书。", "[2] 参见另一书。", "8.0分"])
>>> values.tolist()
[-1.0, 1.0, 2.0, 1.0, 2.0, -1.0]
>>> ordinal_runs(values).tolist()
[0.0, 2.0, 2.0, 2.0, 2.0, 0.0]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["GAP", "ORDINAL", "ordinal_runs", "ordinal_values"]

#: Lines between two numbered lines of one sequence, at most (a section's text between them).
GAP = 4
_NUMERAL = "一二三四五六七八九十"
#: An ordinal starting a (folded) line: bracketed, followed by a mark, or ``第…章``.
ORDINAL = re.compile(
    r"^[ \t]*(?:"
    r"[\[【(][ \t]*(\d{1,3}|[一二三四五六七八九十]{1,3})[ \t]*[\]】)]"
    r"|(\d{1,3})[ \t]*(?:[、)]|\.(?!\d))"
    r"|([一二三四五六七八九十]{1,3})[ \t]*[、.]"
    r"|第[ \t]*(\d{1,3}|[一二三四五六七八九十]{1,3})[ \t]*[章节条部篇]"
    r")",
    re.M,
)


def numeral(text: str) -> int:
    """The value of a number in digits or in Chinese numerals up to 99 (-1 if not one).

    >>> [numeral(s) for s in ("12", "七", "十", "十二", "三十", "九十九", "十十")]
    [12, 7, 10, 12, 30, 99, -1]
    """
    if text.isdigit():
        return int(text)
    digits = [_NUMERAL.find(ch) + 1 for ch in text]
    if len(digits) == 1:
        return digits[0]
    if len(digits) == 2 and digits[0] == 10 and digits[1] < 10:
        return 10 + digits[1]
    if len(digits) == 2 and digits[1] == 10 and digits[0] < 10:
        return digits[0] * 10
    if len(digits) == 3 and digits[1] == 10 and digits[0] < 10 and digits[2] < 10:
        return digits[0] * 10 + digits[2]
    return -1


def ordinal_values(lines: Sequence[str]) -> npt.NDArray[np.float32]:
    """The ordinal each line starts with (-1 for none); ``lines`` folded (full-width
    forms as ASCII), without line breaks.

    >>> ordinal_values(["第三章 总则", "(2) 范围", "2024年5月", "3.5亿元"]).tolist()
    [3.0, 2.0, -1.0, -1.0]
    """
    out = np.full(len(lines), -1.0, dtype=np.float32)
    text = "\n".join(lines)
    if not text:
        return out
    starts = np.cumsum([0] + [len(line) + 1 for line in lines[:-1]])
    for m in ORDINAL.finditer(text):
        number = next(g for g in m.groups() if g)
        out[int(np.searchsorted(starts, m.start(), side="right")) - 1] = numeral(number)
    return out


def ordinal_runs(values: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """For every line, how many numbered lines its numbered sequence holds (0 for a line
    in none): numbered lines (``values >= 0``) each one more than the one before, at most
    :data:`GAP` lines apart.

    >>> ordinal_runs(np.array([1, -1, 2, 3, 9, 1, -1, -1, -1, -1, 2], dtype=np.float32)).tolist()
    [3.0, 0.0, 3.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    """
    out = np.zeros(len(values), dtype=np.float32)
    at = np.flatnonzero(values >= 0)
    if len(at) < 2:
        return out
    v = values[at]
    linked = (np.diff(at) <= GAP) & (np.diff(v) == 1)
    ids = np.concatenate(([0], np.cumsum(~linked)))
    size = np.bincount(ids)[ids].astype(np.float32)
    out[at] = np.where(size > 1, size, 0.0)
    return out
