"""Program code in text, recognised by its syntax: whole lines of code and in-line calls.

Code copied into web pages and documentation (Python, JavaScript, C-family, SQL, shell,
HTML/XML) must come out of cleaning exactly as it went in: its ASCII marks, quotes and
indentation are syntax, its strings data. :func:`code_spans` finds it by what it looks
like, never by where it comes from, and the tokenising core offers the spans as
protected (kind ``"code"``), so every in-line step leaves them alone.

Lines. A line is *strong* code when a statement form matches it (``import x``, ``def``,
``x = f(y)``, ``for ... :``, ``pip install``, ``$ cmd``, ``>>>``, ``SELECT ... FROM``,
``#include``, ``const x =``, a line ending in ``;`` or ``{``) and no Han character stands
outside its string literals and comments. It is *weak* code when it is shaped like code
but proves nothing alone (a closing bracket, a comment, a data literal, an indented line
without Han outside strings). A block is a run of strong, weak and blank lines holding a
strong line; a line of program output (no full-width mark outside strings) between two
lines of a block belongs to it.

In-line calls. ``name(args)`` or ``obj.attr[key]`` with balanced brackets on one line,
chained (``df.groupby('a').sum()``), whose arguments hold no Han outside string
literals: ``print('我是第一个回调函数')`` is code, ``人工智能(AI)`` and ``WHO(世界卫生组织)``
are not.

>>> text = "调用 print('你好,世界') 即可。\\nimport jieba\\nseg = jieba.cut('我来到北京')\\n完成。"
>>> [text[a:b] for a, b in code_spans(text)]
["print('你好,世界')", "import jieba\\nseg = jieba.cut('我来到北京')"]
"""

from __future__ import annotations

import bisect
import functools
import re

__all__ = ["code_blocks", "code_spans", "might_hold_code"]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_HAS_HAN = re.compile(f"[{_HAN}]")
_FULL_MARK = re.compile(r"[，。、；：！？“”‘’（）《》【】]")

# A cheap test that a text may hold code: most texts have none of these.
_MAYBE = re.compile(
    r"[A-Za-z0-9_\]\)'\"][(\[]|([\"'])[^\"'\n]{1,80}\1[ \t]*:|[\[{(]['\"\[{(]|[;{}]|^[ \t]*[\[{(]|[A-Za-z_]\w*[ \t]*[+\-*/:]?=[^=]|^[ \t]*(?:>>>|\$[ \t]|@\w|#include|</?[A-Za-z!?])"
    r"|\S(?:  |\t)[ \t]*\S"
    r"|^[ \t]*(?:import|from|def|class|pip3?|python3?|git|conda|npm|yarn|cd|export|sudo|docker|curl|wget"
    r"|SELECT|INSERT|UPDATE|CREATE|DELETE|const|let|var|function|return|for|if|while)\b",
    re.M,
)

# String literals and comments, removed before looking for Han outside them.
_STRING = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`\n]*`""")
_COMMENT = re.compile(r"(?:^|(?<=\s))(?:#|//|--(?=\s))[^\n]*|/\*[^\n]{0,400}?\*/|<!--[^\n]{0,400}?-->")

_ID = r"[A-Za-z_$][\w$]*"
_SHELL = (
    r"pip3?|python3?|py|conda|git|cd|export|sudo|apt|apt-get|yum|brew|npm|npx|yarn|pnpm|docker|kubectl|curl"
    r"|wget|mkdir|rm|cp|mv|ls|cat|echo|source|bash|sh|chmod|chown|make|cmake|cargo|go|java|javac|node|uv"
    r"|poetry|pytest|nohup|kill|ps|adb|scp|ssh|tar|unzip|set|setx|streamlit|uvicorn|gunicorn|jupyter|tensorboard"
)
_STRONG = re.compile(
    "|".join(
        [
            # Python
            r"(?:import[ \t]+[\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*[ \t]*;?$)",
            r"(?:from[ \t]+[\w.]+[ \t]+import[ \t]+(?:\*|\(|[\w, \t]+)$)",
            rf"(?:(?:async[ \t]+)?def[ \t]+{_ID}[ \t]*\(.*:$)",
            rf"(?:class[ \t]+{_ID}[ \t]*(?:\(.*\))?[ \t]*:$)",
            r"(?:(?:if|elif|while|with|for|except|try|else|finally)\b.*:$)",
            r"(?:(?:return|yield|raise|assert|del|global|nonlocal|await)\b.*)",
            r"(?:(?:pass|break|continue);?$)",
            rf"(?:@{_ID}(?:\.{_ID})*(?:\(.*\))?$)",
            r"(?:(?:>>>|\.\.\.)(?:[ \t].*)?$)",
            r"(?:(?:In|Out)[ \t]?\[\d*\]:.*)",
            # assignments and statements that are a call
            rf"(?:{_ID}(?:\.{_ID}|\[[^\]\n]*\])*(?:[ \t]*,[ \t]*{_ID})*[ \t]*(?:[-+*/%&|^]|//|\*\*|:)?=(?!=).+)",
            rf"(?:(?:{_ID}\.)*{_ID}[ \t]*\(.*\)[ \t]*;?$|(?:{_ID}\.)*{_ID}[ \t]*\([^\n]*?\)[ \t]*\.)",
            # JavaScript, C-family, Go, Java
            r"(?:(?:const|let|var|function|export|public|private|protected|static|void|int|char|float|double"
            r"|bool|auto|struct|typedef|using|namespace|package|func|interface|enum|unsigned|long|new)\b[ \t]+\S.*)",
            r"(?:#(?:include|define|ifdef|ifndef|endif|pragma)\b.*)",
            r"(?:(?=.*[=()\]]).*;$|.*\{$)",
            r"(?:.*=>.*)",
            # SQL
            r"(?i:(?:select\b.+\bfrom|insert[ \t]+into|update\b.+\bset|delete[ \t]+from|create[ \t]+(?:table|index|database|view)"
            r"|drop[ \t]+(?:table|index|database)|alter[ \t]+table)\b.*)",
            # JSON and dictionary members: "key": value
            r"(?:(?:[\[{][ \t]*)*(?:\"[^\"\n]+\"|'[^'\n]+')[ \t]*:[ \t]*(?:\S.*)?$)",
            # shell
            r"(?:\$[ \t]+\S.*)",
            rf"(?:(?:{_SHELL})(?:[ \t]+\S+)+$)",
            # the usage line of a command's help: ``usage: prog [-h] --input FILE``
            r"(?:(?:[Uu]sage|USAGE):[ \t]+[\w./-]+(?=[^\n]*[\[<-])(?:[ \t]+\S+)*[ \t]*$)",
            # XML and HTML documents (a tag alone is weak: it may be a leftover of extraction)
            r"(?:<(?:!DOCTYPE|\?xml)[^\n]*)",
        ]
    )
)
_WEAK = re.compile(
    r"[\]\)\}]+[,;)]*$"  # closers
    r"|[\[\(\{][^\n]*[\]\)\}],?$"  # a data literal
    r"|[\[\(\{]$"
    r"|(?:#|//|/\*|\*|--)(?:[ \t]|$)"  # comments
    r"|['\"][^\n]*['\"],?$"  # a string element of a list
    r"|</?[A-Za-z][\w:-]*(?:[ \t][^\n]*)?>$"  # a tag
    r"|-{1,2}[\w-]+"  # a command-line option
    r"|-?\d+(?:\.\d+)?,?$"  # a number in a literal
    r"|(?:[A-Z][a-z]+|[a-z]+)(?: [a-z]+)?:$|[A-Z]{3,}(?: [A-Z]{3,})?$"  # a heading of help text
)
_CODE_CHAR = re.compile(r"[=(){}\[\];<>]")


def _outside_strings(line: str) -> str:
    return _COMMENT.sub("", _STRING.sub("''", line))


_QUOTE_OR_COMMENT = re.compile(r"['\"`#/<-]")
_TRAILING_COMMENT = re.compile(r"(?<=\S)[ \t]+(?:#|//)[^\n]*$")
_TAG_TEXT = re.compile(r">[^<>\n]*<")


def _classify(line: str) -> int:
    """2 for strong code, 1 for weak, 0 for anything else (prose, blank)."""
    body = line.strip()
    if not body or (_HAS_HAN.search(body) and not _QUOTE_OR_COMMENT.search(body)):
        return 0
    bare = _outside_strings(body)
    if body[0] == "<":  # the text between tags
        bare = _TAG_TEXT.sub("><", bare)
    if _HAS_HAN.search(bare):
        return 0
    if _STRONG.match(body) or _is_literal(body, bare) or _STRONG.match(_TRAILING_COMMENT.sub("", body)):
        return 2
    if _WEAK.match(body) or (line[:1] in " \t" and _CODE_CHAR.search(body)):
        return 1
    return 0


_LITERAL_OPEN = re.compile(r"[\[{(]")
_LITERAL_ITEM = re.compile(r"""['"\d\[{(]|\w[ \t]*[,:]""")


def _is_literal(body: str, bare: str) -> bool:
    """A whole line that is a data literal (``[('因该', '应该', 4)]``, ``{'a': 1},``):
    balanced brackets around items separated by commas or colons."""
    if not _LITERAL_OPEN.match(body) or not ("," in bare or ":" in bare):
        return False
    end = _balanced(body, 0, len(body))
    if end < 0:
        return False
    rest = _COMMENT.sub("", body[end:]).strip()
    return rest in ("", ",", ";") and _LITERAL_ITEM.search(body, 1) is not None


_OUTPUT_MARK = re.compile(r"[/|\[\]{}=<>:\d]")


def _output_like(line: str) -> bool:
    """A line of program output inside a block: no full-width mark outside its strings,
    and no Han outside them unless it holds what output does (``/ | [ ] : =``, digits):
    ``精确模式: 我/ 来到/ 北京`` is output, ``检查依赖`` a line of prose."""
    body = line.strip()
    if not body:
        return False
    bare = _outside_strings(body)
    if _FULL_MARK.search(bare):
        return False
    return not _HAS_HAN.search(bare) or _OUTPUT_MARK.search(bare) is not None


def _mark_literals(text: str, lines: list[str], starts: list[int], kinds: list[int]) -> None:
    """Mark as strong a bracket opened at the start or end of a line and closed at the end
    of a later one, with no Han outside strings and comments on the way: a literal or a
    call over several lines."""
    budget = _Budget(text)
    k = 0
    while k < len(lines):
        line = lines[k]
        body = line.strip()
        if body and (body[0] in "([{" or body[-1] in "([{") and not _HAS_HAN.search(_outside_strings(body)):
            at = starts[k] + (len(line) - len(line.lstrip()) if body[0] in "([{" else len(line.rstrip()) - 1)
            end = _balanced(text, at, len(text), lines=True, budget=budget)
            if end > starts[k] + len(line):
                last = bisect.bisect_right(starts, end - 1) - 1
                tail = lines[last][end - starts[last] :].strip()
                inside = range(k, last + 1)
                if (tail in ("", ",", ";", ")", "),", ");") or _SIGNATURE_END.fullmatch(tail)) and not any(
                    _HAS_HAN.search(_outside_strings(lines[j])) for j in inside
                ):
                    for j in inside:
                        kinds[j] = 2
                    k = last
        k += 1


# The cells of a line laid out in columns: runs of text between gaps of two spaces or more
# (tabs expanded).
_CELL = re.compile(r"\S+(?: \S+)*")
_GAP = re.compile(r"\S(?:  |\t)[ \t]*\S")


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


def _mark_aligned(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong the lines of program output laid out in columns: a line one of whose
    cell edges is a column that it or another line near it starts or ends *inside*
    (after or before a gap of two spaces or more), as a table's cells are, or help text
    whose description goes on below its column; a column found so holds for the lines
    near the lines that share it. Two such lines are needed within a stretch of
    non-blank lines; paragraphs that share only their indentation are not aligned."""
    n = len(lines)
    edges: list[tuple[set[int], set[int]] | None] = []
    columns: list[set[int]] = []  # the inner edges of each line, then the columns it shares
    for line in lines:
        if line.strip() and (line[:1] in " \t" or _GAP.search(line)):
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


_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def _strong_run(run: list[int], kinds: list[int], lines: list[str]) -> None:
    """Mark the lines of ``run`` strong when they are two or more and hold an ASCII
    letter or digit (columns of Han words alone are verse or a table in prose)."""
    if len(run) > 1 and any(_ASCII_WORD.search(lines[j]) for j in run):
        for j in run:
            kinds[j] = 2


_DOCSTRING = re.compile(r"[ \t]*[rbuRBU]?(?:\'\'\'|\"\"\")")
# What ends a multi-line signature after its closing bracket: ``-> pd.DataFrame:``, ``:``.
_SIGNATURE_END = re.compile(r"(?:->[^\n:]*)?:|\)?[ \t]*\{")
_TRIPLE = re.compile(r"\'\'\'|\"\"\"")


def _block_spans(text: str) -> list[tuple[int, int]]:
    lines = text.split("\n")
    kinds = [_classify(line) for line in lines]
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    _mark_literals(text, lines, starts, kinds)
    if _GAP.search(text):
        _mark_aligned(lines, kinds)
    # A string in triple quotes opened on a line of code, or right after one (a
    # docstring), runs to the line that closes it.
    k = 0
    previous = 0  # the kind of the last non-blank line before ``k``
    while k < len(lines):
        opens = (kinds[k] == 2 or (previous == 2 and _DOCSTRING.match(lines[k]))) and len(
            _TRIPLE.findall(lines[k])
        ) % 2
        if lines[k].strip():
            previous = kinds[k]
        if opens:
            quote = _TRIPLE.search(lines[k])
            assert quote is not None
            stop = min(len(lines), k + 1 + _MAX_TRIPLE_LINES)
            close = next((j for j in range(k + 1, stop) if quote.group() in lines[j]), -1)
            if close > 0:
                kinds[k : close + 1] = [2] * (close - k + 1)
                previous = 2
                k = close
        k += 1
    blank = [not line.strip() for line in lines]
    n = len(lines)
    # Output lines between two code lines of a block (blank lines between them allowed).
    coded = [k > 0 for k in kinds]
    i = 0
    last_coded = False  # whether the last non-blank line before ``i`` is code
    while i < n:
        if coded[i] or blank[i]:
            last_coded = coded[i] or (blank[i] and last_coded)
            i += 1
            continue
        if not last_coded:
            i += 1
            continue
        j = i
        while j < n and not coded[j] and (blank[j] or _output_like(lines[j])):
            j += 1
        if j < n and coded[j] and j > i:
            for k in range(i, j):
                if not blank[k]:
                    kinds[k] = 1
                    coded[k] = True
        last_coded = False
        i = max(j, i + 1)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if not coded[i]:
            i += 1
            continue
        j = i
        strong = False
        last = i
        while j < n and (coded[j] or blank[j]):
            if coded[j]:
                strong = strong or kinds[j] == 2
                last = j
            j += 1
        if strong:
            spans.append((starts[i], starts[last] + len(lines[last])))
        i = j
    return spans


# In-line calls: a name, then balanced brackets (strings skipped), chained; or a data
# literal (``{'source': '原句子'}``, ``[a, b]``).
_CALL_START = re.compile(rf"(?<![\w$.]){_ID}(?:\.{_ID})*[(\[]|[\[{{](?=[ \t]*[\w'\"\[{{(])")
_CHAIN = re.compile(rf"\.{_ID}[(\[]|[(\[]")
_CLOSE = {"(": ")", "[": "]", "{": "}"}
#: Longest in-line call or literal looked for (keeps the scan linear on hostile lines).
_MAX_CALL = 2000
#: Longest literal over several lines looked for.
_MAX_LITERAL = 20000
#: Most lines a string in triple quotes may run over.
_MAX_TRIPLE_LINES = 400


class _Budget:
    """Characters the bracket scans of one text may still look at: the scans start at
    many places, so without a bound a hostile text (``(\\n`` repeated) costs the square
    of its length. Past the bound, no more brackets are matched (less code is found)."""

    __slots__ = ("left",)

    def __init__(self, text: str) -> None:
        self.left = 8 * len(text) + 100_000


def _balanced(text: str, at: int, limit: int, lines: bool = False, budget: _Budget | None = None) -> int:
    """The end of the bracketed group opening at ``text[at]``, or -1 (unbalanced on its
    line; with ``lines``, before ``limit``; or ``budget`` spent)."""
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


def _call_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    budget = _Budget(text)
    while budget.left > 0:
        m = _CALL_START.search(text, pos)
        if m is None:
            break
        start, at = m.start(), m.end() - 1
        line_end = text.find("\n", at)
        limit = n if line_end < 0 else line_end
        end = _balanced(text, at, limit, budget=budget)
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
        if _HAS_HAN.search(_outside_strings(args)) or (
            "." not in name and "_" not in name and not args and text[at] == "["
        ):
            pos = m.end()
            continue
        while True:
            c = _CHAIN.match(text, end)
            if c is None:
                break
            more = _balanced(text, c.end() - 1, limit, budget=budget)
            if more < 0 or _HAS_HAN.search(_outside_strings(text[c.end() : more - 1])):
                break
            end = more
        spans.append((start, end))
        pos = end
    return spans


def might_hold_code(text: str) -> bool:
    """A cheap test: False means :func:`code_spans` finds nothing."""
    return _MAYBE.search(text) is not None


@functools.lru_cache(maxsize=8)
def code_blocks(text: str) -> list[tuple[int, int]]:
    """The blocks of whole lines of code in ``text``, as sorted ``(start, end)`` ranges
    from the first character of a block's first line to the end of its last.

    >>> code_blocks("安装：\\npip install jieba\\n然后使用。")
    [(4, 21)]
    """
    return _block_spans(text) if might_hold_code(text) else []


@functools.lru_cache(maxsize=8)
def code_spans(text: str) -> list[tuple[int, int]]:
    """The code in ``text``, as sorted, disjoint ``(start, end)`` ranges: blocks of whole
    lines (from the first character of their first line to the end of their last) and
    in-line calls outside them. The last few texts' answers are remembered (every step
    of a chain asks about the same text); treat the list as read-only."""
    if not might_hold_code(text):
        return []
    blocks = code_blocks(text)
    calls = _call_spans(text)
    if not calls:
        return blocks
    merged: list[tuple[int, int]] = []
    for start, end in sorted(blocks + calls):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    return merged
