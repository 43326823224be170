"""Code that runs over several lines whatever those lines hold: here-documents, comments
in ``/* … */`` and strings left open by a line of code. :mod:`normkit.codespans` marks
the lines from the opening to the close as strong code, Han and full-width marks in them
included: they are data of the program, however much they look like prose.

*Here-documents.* A line of code that opens one (``cat > a.txt <<EOF``, ``<<'END'``,
``<<-EOF``) runs to the line that is its word alone.

>>> kinds = [2, 0, 1, 0]
>>> mark_heredocs(["cat > notes.txt <<EOF", "第一行,说明", "EOF", "完成。"], kinds)
>>> kinds
[2, 2, 2, 0]

*Comments in* ``/* … */``. A line that opens one and does not close it, right after a
line of code or followed by code once closed (a comment of a function), runs to the line
that closes it.

*Strings left open.* A line that leaves a quote open (``git commit -m "修复问题``,
``print("第一行``) runs to the line that closes the quote, when the statement with its
string emptied is strong code (``git commit -m ""``, ``print("")``) and no Han follows
the close. A sentence with a quote left open (``他说"你好``) is no such statement.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from .syntax import HAS_HAN

__all__ = ["mark_block_comments", "mark_heredocs", "mark_open_strings"]

#: Most lines a here-document or a comment may run over.
MAX_LINES = 400
#: Most lines a string left open may run over.
MAX_STRING_LINES = 10

_HEREDOC = re.compile(r"<<-?[ \t]*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1(?![\w'\"])")


def mark_heredocs(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong the lines of a here-document opened by a line of strong code, its
    closing word included (see the module's text).

    >>> kinds = [0, 2, 0, 0, 0]
    >>> mark_heredocs(["运行:", "cat > a.txt <<EOF", "第一行,说明", "EOF", "完成。"], kinds)
    >>> kinds
    [0, 2, 2, 2, 0]
    """
    k = 0
    n = len(lines)
    alone: dict[str, list[int]] | None = None  # the lines holding a word alone, by word
    while k < n:
        m = _HEREDOC.search(lines[k]) if kinds[k] == 2 and "<<" in lines[k] else None
        if m is not None:
            if alone is None:
                alone = {}
                for j, line in enumerate(lines):
                    alone.setdefault(line.strip(), []).append(j)
            at = alone.get(m.group(2), [])
            after = bisect.bisect_right(at, k)
            close = at[after] if after < len(at) and at[after] <= k + MAX_LINES else -1
            if close > 0:
                kinds[k : close + 1] = [2] * (close - k + 1)
                k = close
        k += 1


def mark_block_comments(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong the lines of a comment in ``/* … */`` that opens a line and closes
    on a later one, after a line of strong code or before one (see the module's text).

    >>> kinds = [0, 1, 0, 0, 2, 0]
    >>> mark_block_comments(["说明。", "/*", "第一行,说明", "*/", "int x = 1;", "完成。"], kinds)
    >>> kinds
    [0, 2, 2, 2, 2, 0]
    """
    n = len(lines)
    closing = [j for j, line in enumerate(lines) if "*/" in line]  # the lines that may close one
    previous = 0  # the kind of the last non-blank line before ``k``
    k = 0
    while k < n:
        body = lines[k].strip()
        if body.startswith("/*") and "*/" not in body[2:]:
            after_k = bisect.bisect_right(closing, k)
            close = closing[after_k] if after_k < len(closing) and closing[after_k] <= k + MAX_LINES else -1
            if close > 0:
                after = next((j for j in range(close + 1, n) if lines[j].strip()), -1)
                tail = lines[close][lines[close].index("*/") + 2 :].strip()
                if not HAS_HAN.search(tail) and (previous == 2 or (after >= 0 and kinds[after] == 2)):
                    kinds[k : close + 1] = [2] * (close - k + 1)
                    previous = 2
                    k = close + 1
                    continue
        if body:
            previous = kinds[k]
        k += 1


# A string closed on its line, or a quote that opens one left open (alone).
_STRING_OR_QUOTE = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|["']""")
_CLOSE = {q: re.compile(rf"(?:[^{q}\\\n]|\\.)*{q}") for q in "\"'"}


def _open_quote(line: str, quote: str | None = None) -> tuple[int, str | None]:
    """Where the quote left open at the end of ``line`` opens and which it is (``-1``,
    None when every quote closes). With ``quote``, the line starts inside a string in
    that quote: the answer is then where it closes (``-1`` and ``quote`` if it does not).

    >>> _open_quote('x = "a" + "b'), _open_quote('b" + c', '"'), _open_quote("it's")
    ((10, '"'), (1, None), (2, "'"))
    """
    if quote is not None:
        m = _CLOSE[quote].match(line)
        return (m.end() - 1, None) if m else (-1, quote)
    for m in _STRING_OR_QUOTE.finditer(line):
        if m.end() - m.start() == 1:
            return m.start(), m.group()
    return -1, None


def mark_open_strings(lines: list[str], kinds: list[int], classify: Callable[[str], int]) -> None:
    """Mark as strong a line that leaves a quote open, the lines after it and the one that
    closes the quote, when the statement with its string emptied on one line is strong
    code and nothing after the close holds Han (see the module's text).

    >>> kinds = [0, 0, 0]
    >>> mark_open_strings(['git commit -m "修复问题,', '更新文档"', "完成。"], kinds, lambda s: 2 if s.startswith("git") else 0)
    >>> kinds
    [2, 2, 0]
    """
    n = len(lines)
    k = 0
    while k < n:
        line = lines[k]
        if kinds[k] == 2 or ('"' not in line and "'" not in line):
            k += 1
            continue
        at, quote = _open_quote(line)
        if quote is None:
            k += 1
            continue
        stop = min(n, k + 1 + MAX_STRING_LINES)
        j = k + 1
        close = -1
        while j < stop:
            end, left = _open_quote(lines[j], quote)
            if left is None:
                rest = lines[j][end + 1 :]
                # The statement with its string on one line, emptied, must be code.
                if (
                    not HAS_HAN.search(rest)
                    and _open_quote(rest)[1] is None
                    and classify(line[:at] + quote + quote + rest) == 2
                ):
                    close = j
                break
            j += 1
        if close > 0:
            kinds[k : close + 1] = [2] * (close - k + 1)
            k = close
        k += 1
