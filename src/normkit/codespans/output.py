"""Program output told by what no prose has: lines that repeat what the code above them
prints, a sentence over a tagger's answer to it, and runs of numbers printed to six
decimals or more. :mod:`normkit.codespans`
marks such lines as strong code, Han and full-width marks in them included (a program
prints Chinese sentences as they are).

*Echoes.* A line after code that is a string literal of that code (``print('随机替换>>>')``
then ``随机替换>>>``), or nearly one (a program that rewrites the sentence it was given
prints it with a few characters changed), is its output. A prose line that quotes a
literal inside a sentence of its own is not: most of the line must be the literal.

>>> lines = ["s = '今天天气很好，我们一起去公园散步吧。'", "print(augment(s))", "今天天气很好，我们一起去公圆散步吧。", "以上是输出。"]
>>> kinds = [2, 2, 0, 0]
>>> mark_echoes(lines, kinds)
>>> kinds
[2, 2, 2, 0]

*Inputs.* A line whose Han characters a program's output on the next line repeats, in
order and all of them, tagged or split (``商品和服务`` over
``商品/n 和/cc 服务/vn``): the sentence given to a segmenter or tagger, and its answer.

*Printed floats.* Three or more lines in a row each holding a number with six decimals
or more (``%f``, a float's ``repr``): ``赞同:1.000000``. Measured values in prose have
a few decimals (rates ``6.8812``, prices), coordinates two lines at most.

*Rows of a loop.* Three or more lines in a row printed by one statement in a loop: the
same label (its digits aside), an ASCII ``:`` or ``=``, then a number, the label either
without Han (``2001: 0.24``, ``epoch 3: 0.5``) or after an index in brackets that counts
up by one (``[1] 投影值: +0.8213 | 今天阳光明媚，…``). A list in prose with a Han label
and no such index (``2019年: 1.23%``, ``第1天: 5.2 公里``) is repaired as before.
"""

from __future__ import annotations

import re
from collections import Counter

from .anywhere import LineStart
from .syntax import COMMENT, HAN

__all__ = [
    "LOOP_ROWS",
    "LOOP_ROWS_ANYWHERE",
    "TAGGED",
    "TAGGED_ANYWHERE",
    "mark_echoes",
    "mark_inputs",
    "mark_loop_rows",
    "mark_printed_floats",
]

# String literals of a line of code, triple-quoted ones first (the text inside, group 3).
_LITERAL = re.compile(r"""([rbuRBUfF]{0,2})(\'\'\'|\"\"\"|'|")((?:[^\\\n]|\\.)*?)\2""")
_ESCAPED_BREAK = re.compile(r"\\[nt]")
#: Shortest literal (in characters) a line may echo.
_MIN_ECHO = 4
#: Length from which a line may echo a literal with a few characters changed.
_MIN_NEAR = 16
#: Share of a line's pairs of neighbouring characters (and of the literal's) that an echo
#: with changes keeps.
_NEAR_LINE = 0.8
_NEAR_LITERAL = 0.6
#: Lines of prose (not output, not code) after code before its literals are forgotten.
_REACH = 2
#: Most literals remembered, the longest line (and literal) compared, the longest line of
#: code whose literals are read.
_MAX_LITERALS = 24
_MAX_LINE = 400
_MAX_CODE_LINE = 1000


def _literals(line: str) -> list[str]:
    """The pieces of the string literals of a line of code (split at ``\\n``), comments
    left out, long enough to be echoed (none from a line too long to be a statement)."""
    if len(line) > _MAX_CODE_LINE or ("'" not in line and '"' not in line):
        return []
    found: list[str] = []
    for m in _LITERAL.finditer(COMMENT.sub("", line) if "#" in line or "/" in line else line):
        for piece in _ESCAPED_BREAK.split(m.group(3)):
            piece = piece.strip()
            if _MIN_ECHO <= len(piece) <= _MAX_LINE:
                found.append(piece)
    return found


def _pairs(text: str) -> Counter[str]:
    """The pairs of neighbouring characters of ``text``, counted."""
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def _echoes(body: str, literals: dict[str, Counter[str] | None]) -> bool:
    """Whether ``body`` is one of ``literals``, or (long enough) shares most of its pairs
    of neighbouring characters with one of them, and that one most of its pairs with it:
    linear in their lengths, whatever characters they repeat (a literal's pairs are
    counted when first needed)."""
    if body in literals:
        return True
    if len(body) < _MIN_NEAR or len(body) > _MAX_LINE:
        return False
    mine: Counter[str] | None = None
    for literal, theirs in literals.items():
        if len(literal) < _MIN_NEAR or not (
            _NEAR_LITERAL * len(literal) <= len(body) <= len(literal) / _NEAR_LITERAL
        ):
            continue
        if theirs is None:
            theirs = literals[literal] = _pairs(literal)
        mine = mine if mine is not None else _pairs(body)
        shared = sum((mine & theirs).values())
        if shared >= _NEAR_LINE * (len(body) - 1) and shared >= _NEAR_LITERAL * (len(literal) - 1):
            return True
    return False


def mark_echoes(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong the lines after code that print one of its string literals, as it
    is or with a few characters changed (see the module's text). The literals of code
    hold over blank lines, echoes and up to two lines of prose after it.

    >>> kinds = [2, 0, 0]
    >>> mark_echoes(["print('结果如下：')", "结果如下：", "结果如下：说明"], kinds)
    >>> kinds
    [2, 2, 0]
    """
    literals: dict[str, Counter[str] | None] = {}  # the latest last, with their pairs
    pending: list[str] = []  # lines of code whose literals are not read yet
    prose = 0
    for k, line in enumerate(lines):
        body = line.strip()
        if not body:
            continue
        if kinds[k] == 2:
            pending.append(line)
            prose = 0
            continue
        if pending:  # read the literals of the code before this line, the latest only
            found: list[str] = []
            for code in reversed(pending):
                found[:0] = _literals(code)
                if len(found) >= _MAX_LITERALS:
                    break
            pending = []
            for literal in found:
                literals.pop(literal, None)
                literals[literal] = None
            while len(literals) > _MAX_LITERALS:
                del literals[next(iter(literals))]
        if not literals:
            continue
        if _echoes(body, literals):
            kinds[k] = 2
            continue
        prose += 1
        if prose > _REACH:
            literals = {}


# A number printed to six decimals or more.
_PRINTED_FLOAT = re.compile(r"(?<![\d.])\d+\.\d{6,}(?![\d.])")
#: Lines in a row that printed floats make program output.
_MIN_FLOAT_LINES = 3


def mark_printed_floats(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong a run of three or more lines in a row each holding a number printed
    to six decimals or more.

    >>> kinds = [0, 0, 0, 0]
    >>> mark_printed_floats(["赞同:1.000000", "二十万:0.153846", "万恶:-1.000000", "汇率:6.8812"], kinds)
    >>> kinds
    [2, 2, 2, 0]
    """
    n = len(lines)
    k = 0
    while k < n:
        j = k
        while j < n and _PRINTED_FLOAT.search(lines[j]):
            j += 1
        if j - k >= _MIN_FLOAT_LINES:
            kinds[k:j] = [2] * (j - k)
        k = j + 1


_HAN_RUN = re.compile(f"[{HAN}]+")
#: A word tagged or split by a tagger or segmenter: ``商品/n``, ``来到/``, ``商品_n``.
TAGGED = re.compile(f"[{HAN}](?:/[A-Za-z]{{0,8}}|_[A-Za-z]{{1,8}})(?:[ \t]|$)", re.M)
#: Where :data:`TAGGED` matches (``is not None`` then), found from the mark after the Han
#: character instead of from every Han character.
TAGGED_ANYWHERE = re.compile(
    f"[/_](?<=[{HAN}][/_])(?:(?<=/)[A-Za-z]{{0,8}}|(?<=_)[A-Za-z]{{1,8}})(?:[ \t]|$)", re.M
)
#: Fewest Han characters an input and its output must share.
_MIN_INPUT_HAN = 4


def mark_inputs(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong a line and the next non-blank one when the second holds every Han
    character of the first, in order and no other, tagged or split (:data:`TAGGED`): a
    program's input and its output.

    >>> kinds = [0, 0, 0]
    >>> mark_inputs(["龚学平等领导说,邓颖超生前杜绝超生", "龚学平/nr 等/udeng 领导/n 说/v ,/w 邓颖超/nr 生前/t 杜绝/v 超生/vi", "完成。"], kinds)
    >>> kinds
    [2, 2, 0]
    """
    n = len(lines)
    previous = -1  # the last non-blank line
    for k in range(n):
        if not lines[k].strip():
            continue
        if previous >= 0 and kinds[previous] == 0 and TAGGED.search(lines[k]):
            han = "".join(_HAN_RUN.findall(lines[previous]))
            if len(han) >= _MIN_INPUT_HAN and han == "".join(_HAN_RUN.findall(lines[k])):
                kinds[previous] = kinds[k] = 2
        previous = k


# A row printed by a loop: an index in brackets (group 1), a label (group 2), ``:`` or
# ``=`` (group 3), a number.
_ROW = re.compile(
    r"[ \t]*(?:\[(\d{1,6})\][ \t]*)?([^\s:=][^:=\n]{0,39}?)[ \t]*([:=])[ \t]*[+-]?\d+(?:\.\d+)?(?![\d.])(?:[ \t|,;%]|$)"
)
_DIGITS = re.compile(r"\d+")
#: Three rows in a row, what a text must hold for :func:`mark_loop_rows` to find any (each
#: line of a match holds an ASCII character; a row's separator is its line's first ``:``
#: or ``=``, so a search starts at a line's start only).
_ROW_REST = r"[:=][ \t]*[+-]?\d+(?:\.\d+)?(?![\d.])(?:[ \t|,;%][^\n]*)?"
_ROW_LINE = r"[^\n:=]*" + _ROW_REST
LOOP_ROWS = re.compile(rf"^{_ROW_LINE}\n{_ROW_LINE}\n{_ROW_LINE}$", re.M)
#: Whether :data:`LOOP_ROWS` matches, searched after line breaks only, in texts holding a
#: row's separator and number (a row's ``[^\n:=]*`` taken whole: a ``:`` or
#: ``=`` must follow it).
_ROW_LINE_WHOLE = r"[^\n:=]*+" + _ROW_REST
LOOP_ROWS_ANYWHERE = LineStart(
    rf"{_ROW_LINE_WHOLE}\n{_ROW_LINE_WHOLE}\n{_ROW_LINE_WHOLE}$", needs=r"[:=][ \t]*[+-]?\d"
)
#: Rows in a row that make a loop's output.
_MIN_LOOP_ROWS = 3
_HAS_HAN = re.compile(f"[{HAN}]")


def _row_key(line: str, index: int | None) -> tuple[str, int | None] | None:
    """The template of a row (its label with digits as ``0``, its separator) and its
    index (None without one), or None for a line that is no row. A label with Han needs
    an index that counts (``index``, the one the row before had, plus one)."""
    row = _ROW.match(line)
    if row is None:
        return None
    number = int(row.group(1)) if row.group(1) is not None else None
    if _HAS_HAN.search(row.group(2)) and number is None:
        return None
    if index is not None and number is not None and number != index + 1:
        return None
    return _DIGITS.sub("0", row.group(2)) + row.group(3), number


def mark_loop_rows(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong three or more rows in a row printed by a loop (see the module's text).

    >>> kinds = [0, 0, 0, 0]
    >>> mark_loop_rows(["[1] 投影值: +0.82 | 今天很好，开心。", "[2] 投影值: -0.03 | 一般。", "[3] 投影值: -0.90 | 难过。", "完成。"], kinds)
    >>> kinds
    [2, 2, 2, 0]
    """
    n = len(lines)
    k = 0
    while k < n:
        first = _row_key(lines[k], None)
        if first is None:
            k += 1
            continue
        template, index = first
        j = k + 1
        while j < n:
            row = _row_key(lines[j], index)
            if row is None or row[0] != template or (row[1] is None) != (index is None):
                break
            index = row[1]
            j += 1
        if j - k >= _MIN_LOOP_ROWS:
            kinds[k:j] = [2] * (j - k)
        k = max(j, k + 1)
