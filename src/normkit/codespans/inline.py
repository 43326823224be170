"""Code written in a line of prose: calls with their balanced brackets (strings skipped),
chained (``df.groupby('城市').sum()``), data literals (``{'source': '原句子'}``) and runs of
keyword arguments written without their call.

>>> t = "调用 print('你好') 即可"
>>> [t[a:b] for a, b in call_spans(t)]
["print('你好')"]
"""

from __future__ import annotations

import re

from .syntax import HAS_HAN, outside_strings

__all__ = ["IDENTIFIER", "Budget", "balanced", "call_spans", "keyword_spans"]

#: A name in a program: ``_ID``, ``$el``, ``df``.
IDENTIFIER = r"[A-Za-z_$][\w$]*"
_ID = IDENTIFIER

# In-line calls: a name, then balanced brackets (strings skipped), chained; or a data
# literal (``{'source': '原句子'}``, ``[a, b]``).
_CALL_START = re.compile(rf"(?<![\w$.]){_ID}(?:\.{_ID})*[(\[]|[\[{{](?=[ \t]*[\w'\"\[{{(])")
_CHAIN = re.compile(rf"\.{_ID}[(\[]|[(\[]")
_CLOSE = {"(": ")", "[": "]", "{": "}"}
#: Longest in-line call or literal looked for (keeps the scan linear on hostile lines).
_MAX_CALL = 2000
#: Longest literal over several lines looked for.
_MAX_LITERAL = 20000


class Budget:
    """Characters the bracket scans of one text may still look at: the scans start at
    many places, so without a bound a hostile text (``(\\n`` repeated) costs the square
    of its length. Past the bound, no more brackets are matched (less code is found).

    >>> Budget("(" * 10).left
    100080
    """

    __slots__ = ("left",)

    def __init__(self, text: str) -> None:
        self.left = 8 * len(text) + 100_000


def balanced(text: str, at: int, limit: int, lines: bool = False, budget: Budget | None = None) -> int:
    """The end of the bracketed group opening at ``text[at]``, or -1 (unbalanced on its
    line; with ``lines``, before ``limit``; or ``budget`` spent).

    >>> t = "f(a, ')', [1]) 后"
    >>> balanced(t, 1, len(t))
    14
    >>> balanced("f(a 后", 1, 5)
    -1
    """
    stack: list[str] = []
    i = at
    limit = min(limit, at + (_MAX_LITERAL if lines else _MAX_CALL))
    if budget is not None:
        if budget.left <= 0:
            return -1
        budget.left -= limit - at  # at most what this scan looks at
    while i < limit:
        c = text[i]
        if c in "([{":
            stack.append(_CLOSE[c])
        elif c in ")]}":
            if not stack or stack.pop() != c:
                return -1
            if not stack:
                return i + 1
        elif c in "'\"":
            end = text.find(c, i + 1, limit)
            while end > 0 and text[end - 1] == "\\":
                end = text.find(c, end + 1, limit)
            if end < 0 or (lines and "\n" in text[i:end]):
                return -1
            i = end
        elif c == "\n" and not lines:
            return -1
        i += 1
    return -1


def call_spans(text: str) -> list[tuple[int, int]]:
    """The spans of calls (chained) and data literals written in ``text``; a bracket
    glossing a word (``AI(人工智能)``) is not one.

    >>> t = "用 df.groupby('城市').sum() 汇总，AI(人工智能) 不算"
    >>> [t[a:b] for a, b in call_spans(t)]
    ["df.groupby('城市').sum()"]
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    budget = Budget(text)
    while budget.left > 0:
        m = _CALL_START.search(text, pos)
        if m is None:
            break
        start, at = m.start(), m.end() - 1
        line_end = text.find("\n", at)
        limit = n if line_end < 0 else line_end
        end = balanced(text, at, limit, budget=budget)
        if end < 0:
            pos = m.end()
            continue
        args = text[at + 1 : end - 1]
        name = m.group()[:-1]
        if not name and not ("," in args or ":" in args):
            pos = m.end()
            continue
        # A call's arguments hold no Han outside strings; a bare word glossed by a
        # bracket (``AI(人工智能)``) is not code, nor a single word before an empty or
        # all-Han bracket.
        if HAS_HAN.search(outside_strings(args)) or (
            "." not in name and "_" not in name and not args and text[at] == "["
        ):
            pos = m.end()
            continue
        while True:
            c = _CHAIN.match(text, end)
            if c is None:
                break
            more = balanced(text, c.end() - 1, limit, budget=budget)
            if more < 0 or HAS_HAN.search(outside_strings(text[c.end() : more - 1])):
                break
            end = more
        spans.append((start, end))
        pos = end
    return spans


# Keyword arguments written out of their call: ``path="模型路径", size=8`` (two or more).
_VALUE = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?|[A-Za-z_][\w.]*)"""
_KEYWORD = rf"[A-Za-z_]\w*[ \t]*=[ \t]*{_VALUE}"
_KEYWORDS = re.compile(rf"(?<![\w.$]){_KEYWORD}(?:[ \t]*,[ \t]*{_KEYWORD})+(?![\w.(\[])", re.ASCII)


def keyword_spans(text: str) -> list[tuple[int, int]]:
    """Runs of two or more keyword arguments (``name=value`` joined by commas), values
    being literals or names: what a call's arguments are, written without the call.

    >>> t = '可选参数：model_path="模型目录", use_gpu=True'
    >>> [t[a:b] for a, b in keyword_spans(t)]
    ['model_path="模型目录", use_gpu=True']
    """
    return [m.span() for m in _KEYWORDS.finditer(text)]
