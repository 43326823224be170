"""Code recognised by its layout: program output laid out in columns (tables, help
text), and markup or configuration nested by indentation. :mod:`normkit.codespans` marks
such lines as strong code.

>>> kinds = [0, 0, 0]
>>> mark_aligned(["  -h, --help   显示帮助", "  -v           显示版本", "完成"], kinds)
>>> kinds
[2, 2, 0]
"""

from __future__ import annotations

import re

from .syntax import HAS_HAN, TAG_TEXT, outside_strings

__all__ = ["GAP", "indent", "mark_aligned", "mark_indexed", "mark_nested"]

# The cells of a line laid out in columns: runs of text between gaps of two spaces or more
# (tabs expanded).
_CELL = re.compile(r"\S+(?: \S+)*")
GAP = re.compile(r"\S(?:  |\t)[ \t]*\S")


def _columns(line: str) -> tuple[set[int], set[int], set[int]]:
    """Where the cells of ``line`` start and end, and which of those edges face a gap
    inside the line (not the indentation, not the line's end)."""
    starts: set[int] = set()
    ends: set[int] = set()
    inner: set[int] = set()
    cells = [(m.start(), m.end()) for m in _CELL.finditer(line.expandtabs(8))]
    # A list marker (``1.``, ``-``) set off by spaces from its item is no column.
    marker = bool(cells) and _LIST_MARKER.fullmatch(line, *_span_in(line, cells[0])) is not None
    for k, (a, b) in enumerate(cells):
        if k > 0:
            starts.add(a)
            if not (k == 1 and marker):
                inner.add(a)
        elif a > 0:
            starts.add(a)
        ends.add(b)
        if k < len(cells) - 1 and not (k == 0 and marker):
            inner.add(b)
    return starts, ends, inner


_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[A-Za-z一二三四五六七八九十]{1,2})[.)、）]|[-*+•·]")


def _span_in(line: str, cell: tuple[int, int]) -> tuple[int, int]:
    """Where a cell of ``line.expandtabs(8)`` lies in ``line`` (the same when no tab
    precedes it)."""
    if "\t" not in line:
        return cell
    expanded = line.expandtabs(8)
    text = expanded[cell[0] : cell[1]]
    at = line.find(text)
    return (at, at + len(text)) if at >= 0 else (0, 0)


#: How far apart (in lines) two lines of one table or help text may be to share a column.
_COLUMN_REACH = 3


def mark_aligned(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong the lines of program output laid out in columns: a line one of whose
    cell edges is a column that it or another line near it starts or ends *inside*
    (after or before a gap of two spaces or more), as a table's cells are, or help text
    whose description goes on below its column; a column found so holds for the lines
    near the lines that share it. Two such lines are needed within a stretch of
    non-blank lines; paragraphs that share only their indentation are not aligned.

    >>> kinds = [0, 0, 0]
    >>> mark_aligned(["name   size", "a.txt  12", "b.txt  7"], kinds)
    >>> kinds
    [2, 2, 2]
    """
    n = len(lines)
    edges: list[tuple[set[int], set[int]] | None] = []
    columns: list[set[int]] = []  # the inner edges of each line, then the columns it shares
    for line in lines:
        if line.strip() and (line[:1] in " \t" or GAP.search(line)):
            starts, ends, inner = _columns(line)
            edges.append((starts, ends))
            columns.append(inner)
        else:
            edges.append(None)
            columns.append(set())
    # The first and last line of each line's stretch of non-blank lines.
    first, last = list(range(n)), list(range(n))
    for k in range(1, n):
        if lines[k].strip() and lines[k - 1].strip():
            first[k] = first[k - 1]
    for k in range(n - 2, -1, -1):
        if lines[k].strip() and lines[k + 1].strip():
            last[k] = last[k + 1]
    aligned = [False] * n
    todo = [k for k in range(n) if edges[k] is not None]
    while todo:
        k = todo.pop()
        mine = edges[k]
        if aligned[k] or mine is None:
            continue
        near = range(max(first[k], k - _COLUMN_REACH), min(last[k], k + _COLUMN_REACH) + 1)
        for j in near:
            other = edges[j]
            if j == k or other is None:
                continue
            shared = ((mine[0] & other[0]) | (mine[1] & other[1])) & (columns[k] | columns[j])
            if shared:
                aligned[k] = True
                columns[k] |= shared
                todo.extend(i for i in near if not aligned[i])
                break
    run: list[int] = []
    for k in range(n):
        if aligned[k]:
            run.append(k)
        elif not lines[k].strip() or kinds[k] == 0:
            _strong_run(run, kinds, lines)
            run = []
    _strong_run(run, kinds, lines)


# Lines of markup and of configuration that nest by indentation.
_TAG_LINE = re.compile(r"[ \t]*</?[A-Za-z][\w:-]*(?:[ \t/][^\n]*)?>")
_MAPPING_KEY = re.compile(r"[ \t]*[A-Za-z_][\w.-]*:[ \t]*$")
_MAPPING_ITEM = re.compile(r"[ \t]+(?:- +)?(?:[A-Za-z_][\w.-]*:(?:[ \t]+\S[^\n]*)?|- *\S[^\n]*)$")


def mark_nested(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong markup or configuration nested by indentation, which extraction
    never leaves: a run of tag lines holding a closing tag and a line indented deeper
    than the first (``<div>`` over ``  <p>…</p>`` over ``</div>``), and a mapping key
    alone on its line (``server:``) over two or more deeper ``key: value`` or ``- item``
    lines. Tags alone on flat lines are left to ``markup.tags``.

    >>> kinds = [0, 0, 0, 0]
    >>> mark_nested(["server:", "  host: a", "  port: 80", "完成"], kinds)
    >>> kinds
    [2, 2, 2, 0]
    """
    n = len(lines)
    k = 0
    while k < n:
        if _TAG_LINE.match(lines[k]):
            j = k
            while j < n and _TAG_LINE.match(lines[j]):
                j += 1
            run = range(k, j)
            if (
                j - k > 1
                and any("</" in lines[i] for i in run)
                and any(indent(lines[i]) > indent(lines[k]) for i in run)
                and not any(HAS_HAN.search(TAG_TEXT.sub("><", outside_strings(lines[i]))) for i in run)
            ):
                for i in run:
                    kinds[i] = 2
            k = j
            continue
        if _MAPPING_KEY.match(lines[k]):
            depth = indent(lines[k])
            j = k + 1
            while j < n and _MAPPING_ITEM.match(lines[j]) and indent(lines[j]) > depth:
                j += 1
            if j - k > 2 and not any(HAS_HAN.search(outside_strings(lines[i])) for i in range(k, j)):
                for i in range(k, j):
                    kinds[i] = 2
                k = j
                continue
        k += 1


# A row numbered by an index printed right-aligned (``%3d``, a pandas index): its
# padding, its digits (group 1), and what follows them.
_INDEXED = re.compile(r"( *)(\d{1,6}) (?=\S)")
_ELISION = re.compile(r"[ \t]*(?:\.{3}|…)[ \t]*")
_ROW_MARK = re.compile(r"[A-Za-z()\[\]/=:-]")
#: Rows in a run of right-aligned indices that make it program output.
_MIN_INDEXED = 3


def mark_indexed(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong three or more rows numbered by an index printed right-aligned: the
    numbers end in the same column and are padded to it by spaces (two widths at least),
    each row holding an ASCII letter or mark (``2022-05-04(四月初四)``); elisions
    (``...``) may stand between rows. A table of contents numbered by hand (`` 9 第九章``
    over ``10 第十章``) holds none of those marks.

    >>> kinds = [0, 0, 0, 0]
    >>> mark_indexed(["  0 2022-05-04(四月初四) 青年节", "  4 2022-05-08(四月初八) 母亲节", "...", "332 2023-04-01(闰二月十一) 愚人节"], kinds)
    >>> kinds
    [2, 2, 2, 2]
    """
    n = len(lines)
    k = 0
    while k < n:
        first = _INDEXED.match(lines[k])
        if first is None:
            k += 1
            continue
        end = first.end(2)
        rows: list[int] = []
        widths: set[int] = set()
        j = k
        while j < n:
            row = _INDEXED.match(lines[j])
            if row is not None and row.end(2) == end and _ROW_MARK.search(lines[j], row.end()):
                rows.append(j)
                widths.add(len(row.group(2)))
            elif not (rows and _ELISION.fullmatch(lines[j])):
                break
            j += 1
        if len(rows) >= _MIN_INDEXED and len(widths) > 1:
            kinds[k : rows[-1] + 1] = [2] * (rows[-1] + 1 - k)
        k = max(j, k + 1)


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")


def _strong_run(run: list[int], kinds: list[int], lines: list[str]) -> None:
    """Mark the lines of ``run`` strong when they are two or more different lines and
    hold an ASCII letter, or digits in lines of three cells or more (a data frame).
    Columns of Han words are verse or a table in prose, and a date beside a title or a
    source (``2023-04-20 10:15  来源：…``) is a page's byline or feed, not program output."""
    if len(run) < 2 or len({lines[j].strip() for j in run}) < 2:
        return
    letters = any(_ASCII_LETTER.search(lines[j]) for j in run)
    table = all(len(_CELL.findall(lines[j])) >= 3 for j in run) and any(_DIGIT.search(lines[j]) for j in run)
    if letters or table:
        for j in run:
            kinds[j] = 2


def indent(line: str) -> int:
    """The width of a line's indentation in ASCII spaces and tabs (tabs at 8).

    >>> indent("\\t  x = 1"), indent("x")
    (10, 0)
    """
    body = line.lstrip(" \t")
    return len(line[: len(line) - len(body)].expandtabs(8))
