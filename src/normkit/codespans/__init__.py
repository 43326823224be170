"""Program code in text, recognised by its syntax: whole lines of code and in-line calls.

Code copied into web pages and documentation (Python, JavaScript, C-family, SQL, shell,
HTML/XML) must come out of cleaning exactly as it went in: its ASCII marks, quotes and
indentation are syntax, its strings data. :func:`code_spans` finds it by what it looks
like, never by where it comes from, and the tokenising core offers the spans as
protected (kind ``"code"``), so every in-line step leaves them alone.

Lines. A line is *strong* code when a statement form matches it (``import x``, ``def``,
even one opening a signature over several lines, ``x = f(y)``, ``for ... :``,
``pip install``, ``$ cmd``, ``>>>``, ``SELECT ... FROM``,
``#include``, ``const x =``, a line ending in ``;`` or ``{``) and no Han character stands
outside its string literals and comments. It is *weak* code when it is shaped like code
but proves nothing alone (a closing bracket, a comment, a data literal, an indented line
without Han outside strings). Lines are strong too when they are program output laid
out in columns (two lines near each other sharing a column that one of them has after a
gap of two spaces: tables, help text), markup or configuration nested by indentation,
or the fields of a docstring (``:param name: 说明``, with the lines that go on with them).
A block is a run of strong, weak and blank lines holding a strong line; a line of program
output (no full-width mark outside strings) between two lines of a block, or indented
under its last line, belongs to it. So do lines the code beside them tells are its
output (:mod:`normkit.codespans.output`: echoes of its string literals, numbers printed
to six decimals), Han and full-width marks in them included.

>>> help_text = "usage: tool [-h] FILE\\n  -h, --help   显示帮助\\n  FILE         输入文件,必填"
>>> code_blocks(help_text) == [(0, len(help_text))]
True

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

from .anywhere import GAP_ANYWHERE, LineStart
from .commands import SUBCOMMANDS, command_kind, mark_continued
from .inline import IDENTIFIER, Budget, balanced, call_spans, keyword_spans
from .layout import indent, mark_aligned, mark_indexed, mark_nested
from .output import (
    LOOP_ROWS_ANYWHERE,
    TAGGED_ANYWHERE,
    mark_echoes,
    mark_inputs,
    mark_loop_rows,
    mark_printed_floats,
)
from .spanning import mark_block_comments, mark_heredocs, mark_open_strings
from .syntax import COMMENT, HAS_HAN, TAG_TEXT, outside_strings

__all__ = ["code_blocks", "code_spans", "might_hold_code", "might_hold_code_plain"]

_FULL_MARK = re.compile(r"[，。、；：！？“”‘’（）《》【】]")

# A cheap test that a text may hold code: most texts have none of these. Written so the
# search skips ahead (:mod:`normkit.codespans.anywhere`): the marks that may be anywhere
# open with the one class of characters a match is found from (not a letter or a digit:
# ``f(`` is found from its bracket), each branch looking behind for what comes before;
# a name assigned to (``x =``) is looked for in texts with ``=`` only, from a name's first
# letter (a match from inside a name is one from its start too); the rest is searched at
# a line's start only.
_MAYBE = re.compile(
    r"['\"\[{(;}├└ \t]"
    r"(?:(?<=\S[ \t])(?:(?<=\t)|(?= ))[ \t]*\S"  # (``\S(?:  |\t)[ \t]*\S``: a gap)
    r"|(?<=[A-Za-z0-9_\])'\"][(\[])|(?<=[\[{(])['\"\[{(]|(?<=[;{}])"
    r"|(?<=\")[^\"'\n]{1,80}\"[ \t]*:|(?<=')[^\"'\n]{1,80}'[ \t]*:|(?<=[├└])──)"
)
_NAME_ASSIGNED = re.compile(r"[A-Za-z_](?<![A-Za-z_]{2})\w*+[ \t]*[+\-*/:]?=[^=]")
_MAYBE_LINE = LineStart(
    r"[ \t]*[\[{(]|[ \t]*(?:>>>|\$[ \t]|@\w|#include|</?[A-Za-z!?])"
    r"|(?:SYNOPSIS|USAGE)$|(?:[Uu]sage|USAGE):|[ \t]*[A-Za-z_][\w.-]*:[ \t]*\n[ \t]|\.\.[ \t]+[\w-]+::"
    r"|[ \t]*(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)[ \t]+/"
    r"|[ \t]*(?:import|from|def|class|pip3?|python3?|git|conda|npm|yarn|cd|export|sudo|docker|curl|wget"
    r"|SELECT|INSERT|UPDATE|CREATE|DELETE|const|let|var|function|return|for|if|while)\b"
)

_ID = IDENTIFIER
_SHELL = (
    r"pip3?|python3?|py|conda|git|cd|export|sudo|apt|apt-get|yum|brew|npm|npx|yarn|pnpm|docker|kubectl|curl"
    r"|wget|mkdir|rm|cp|mv|ls|cat|echo|source|bash|sh|chmod|chown|make|cmake|cargo|go|java|javac|node|uv"
    r"|poetry|pytest|nohup|kill|ps|adb|scp|ssh|tar|unzip|set|setx|streamlit|uvicorn|gunicorn|jupyter|tensorboard"
)
# The kinds of a docstring's fields (``:param x:``, ``:return:``).
_FIELD_KINDS = (
    r"param|parameter|arg|argument|key|keyword|type|raises?|except|exception|var|ivar|cvar"
    r"|vartype|returns?|rtype|yields?|ytype"
)
# The same for what the first misses: commands (options, placeholders, a backslash
# continuing a line, paths after a program's name), log records, table borders, and
# statements at a line's start, also commented out (``# raise E``): apart, since one
# alternation of them all costs more than two scans. The statements' words are tried only
# at a letter that may start one (``(?i:s)`` takes ``ſ`` too).
_MAYBE_MORE = re.compile(
    r"[\\ \t/=:.](?:(?<=\\)[nt\"][^\n]*\\[nt\"][^\n]*\\[nt\"]|(?<=[ \t])(?:--?[A-Za-z]|<[\w.:-]+>|\\$)"
    r"|(?<=/)<[\w.:-]+>|(?<==)>|(?<=\d:)\d\d[.,]\d{3}|(?<=\d\.)\d{6})",
    re.M,
)
_MAYBE_MORE_LINE = LineStart(
    r" +\d+ \S"
    r"|[ \t]*(?:\+[-=]{2,}\+|(?:#|//)[ \t]+(?:>>>|\+[-=]|\$[ \t]|@\w|</?[A-Za-z!?]|[\[{(]|\.\.[ \t]|[\"'])"
    r"|(?:(?:#|//)[ \t]+)?(?:[a-z][\w.+-]*[ \t]+(?:\S+[ \t]+)*?(?:\S*/|[A-Za-z_][\w-]*\.[A-Za-z_]|<)"
    r"|\.\.\.[ \t]|(?:[Uu]sage|USAGE):|:(?:" + _FIELD_KINDS + r")\b"
    rf"|[a-z][\w.+-]*(?:[ \t]+[a-z][\w.-]*){{0,2}}[ \t]+(?:{'|'.join(sorted(SUBCOMMANDS))})\b"
    rf"|(?=[A-Za-z]|(?i:[siucda]))(?:{_SHELL}|Help on|raise|yield|assert|del|global|nonlocal|await|pass|break|continue"
    r"|async|elif|with|except|try|else|finally|In|Out|public|private|protected|static|void|int|char|float|double"
    r"|bool|auto|struct|typedef|using|namespace|package|func|interface|enum|unsigned|long|new|import|from|def"
    r"|class|return|for|if|while|const|let|var|function|export|(?i:select|insert|update|create|delete|drop|alter)"
    r"|SYNOPSIS|USAGE)\b))",
)

_USAGE = r"(?:(?:[Uu]sage|USAGE):[ \t]+[\w./-]+(?=[^\n]*[\[<-])(?:[ \t]+\S+)*[ \t]*$)"
_USAGE_LINE = re.compile(_USAGE)
_STRONG = re.compile(
    "|".join(
        [
            # Python
            r"(?:import[ \t]+[\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*[ \t]*;?$)",
            r"(?:from[ \t]+[\w.]+[ \t]+import[ \t]+(?:\*|\(|[\w, \t]+)$)",
            rf"(?:(?:async[ \t]+)?def[ \t]+{_ID}[ \t]*\((?:.*:)?$)",
            rf"(?:class[ \t]+{_ID}[ \t]*(?:\(.*\))?[ \t]*:$)",
            r"(?:(?:if|elif|while|with|for|except|try|else|finally)\b.*:$)",
            r"(?:(?:return|yield|raise|assert|del|global|nonlocal|await)\b.*)",
            r"(?:(?:pass|break|continue);?$)",
            rf"(?:@{_ID}(?:\.{_ID})*\(.*\)$)",  # (a bare ``@name`` is weak: a forum's mention too)
            r"(?:>>>(?:[ \t].*)?$|\.\.\.[ \t]+\S.*)",  # (``...`` alone is an elision: weak)
            # the header of Python's help(): ``Help on package cntext:``
            r"(?:Help on (?:[\w-]+ )+[\w.]+(?: in (?:module|package) [\w.]+)?:$)",
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
            # the usage line of a command's help: ``usage: prog [-h] --input FILE``, and
            # the headings of a manual page that say so
            r"(?:SYNOPSIS|USAGE)$",
            _USAGE,
            # an HTTP request line: ``POST /ocr``, ``GET /api/v1/items?id=1 HTTP/1.1``
            r"(?:(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)[ \t]+/[^\s]*(?:[ \t]+HTTP/\d(?:\.\d)?)?[ \t]*$)",
            # a reStructuredText directive: ``.. image:: URL``
            r"(?:\.\.[ \t]+[\w-]+::(?:[ \t].*)?$)",
            # XML and HTML documents (a tag alone is weak: it may be a leftover of extraction)
            r"(?:<(?:!DOCTYPE|\?xml)[^\n]*)",
            # a program's log record: a time to the millisecond (``19:53:36,288``), which no
            # byline or feed of dates has
            r"(?:[^\n]*?\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}[.,]\d{3,6}(?!\d)[^\n]*)",
            # the border of a table a program printed: ``+------+-----+``
            r"(?:\+(?:[-=]{2,}\+){2,}$)",
        ]
    )
)
_WEAK = re.compile(
    r"[\]\)\}]+[,;)]*$"  # closers
    r"|[\[\(\{][^\n]*[\]\)\}],?$"  # a data literal
    r"|[\[\(\{]$"
    r"|(?:#|//|/\*|\*|--)(?:[ \t]|$)|#(?![#!\s])"  # comments (``#注释`` too, not ``#!``)
    r"|(?:#{1,6}|//+)[ \t]*([=*~+-])\1{7,}[ \t]*$"  # a comment that is a rule: ``###=====``
    r"|['\"][^\n]*['\"],?$"  # a string element of a list
    r"|</?[A-Za-z][\w:-]*(?:[ \t][^\n]*)?>$"  # a tag
    r"|-{1,2}[\w-]+"  # a command-line option
    r"|-?\d+(?:\.\d+)?,?$"  # a number in a literal
    r"|(?:[A-Z][a-z]+|[a-z]+)(?: [a-z]+)?:$|[A-Z]{3,}(?: [A-Z]{3,})?$"  # a heading of help text
    r"|:[\w-]+:(?:[ \t]|$)"  # an option of a directive
    r"|(?:~|\.{1,2})?/[\w.~/-]*$"  # a path alone (the root of a tree)
    r"|(?:\.{3,}|…+)$"  # an elision in code or output
    r"|@[A-Za-z_$][\w$.]*$"  # a decorator without arguments
)
# A program's log record: its time to the millisecond near the start of the line, whatever
# the message after it (``Thread-2|2021-02-09 14:55:11,610|…|DEBUG| 等待任务...``).
_LOG_RECORD = re.compile(r"[^\n]{0,40}?(?<!\d)\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}[.,]\d{3,6}(?!\d)")
# A field of a docstring (reStructuredText, as Sphinx reads it), whatever its description:
# ``:param name: 日志命名空间``, ``:param name 说明`` (its colon forgotten), ``:return:``.
_FIELD = re.compile(
    r":(?:(?:param|parameter|arg|argument|key|keyword|type|var|ivar|cvar|vartype)"
    r"(?:[ \t]+[A-Za-z_*][A-Za-z0-9_.*]*){1,2}[ \t]*(?::|[ \t](?=\S))"
    r"|(?:raises?|except|exception)[ \t]+[A-Za-z_][A-Za-z0-9_.]*[ \t]*:|(?:returns?|rtype|yields?|ytype)[ \t]*:)"
)
# A line of a directory tree as ``tree`` prints it: ``├── data.jsonl``, ``│   └── 目录``.
_TREE = re.compile(r"(?:[│|][ \t]*)*[├└]──")
_CODE_CHAR = re.compile(r"[=(){}\[\];<>]")
# An escape sequence of a string literal: a line dumped from data (a dataset's sample,
# ``文章 9\n\n标题：…``) holds three or more; prose about them (``换行写作 \n``) fewer.
_ESCAPE = re.compile(r'\\[nt"]')
_MIN_ESCAPES = 3


_QUOTE_OR_COMMENT = re.compile(r"['\"`#/<-]")
_TRAILING_COMMENT = re.compile(r"(?<=\S)[ \t]+(?:#|//)[^\n]*$")


def _classify(line: str) -> int:
    """2 for strong code, 1 for weak, 0 for anything else (prose, blank)."""
    body = line.strip()
    if not body:
        return 0
    if _TREE.match(body) or _LOG_RECORD.match(body):  # a directory tree, a log: Chinese names, messages
        return 2
    if "\\" in body and len(_ESCAPE.findall(body)) >= _MIN_ESCAPES:  # a string's content, escaped
        return 2
    if _FIELD.match(body):  # a docstring's field: ``:param name: 说明``
        return 2
    if HAS_HAN.search(body) and not _QUOTE_OR_COMMENT.search(body):
        return 0
    bare = outside_strings(body)
    if body[0] == "<":  # the text between tags
        bare = TAG_TEXT.sub("><", bare)
    if HAS_HAN.search(bare):
        return 0
    if _STRONG.match(body) or _is_literal(body, bare) or _STRONG.match(_TRAILING_COMMENT.sub("", body)):
        return 2
    command = command_kind(body)
    if command == 2:
        return 2
    commented = _COMMENTED.match(body)
    if commented and _classify(commented.group(1)) == 2:  # code commented out, output in a comment
        return 2
    if command or _WEAK.match(body) or (line[:1] in " \t" and _CODE_CHAR.search(body)):
        return 1
    return 0


# A comment of its own line: ``# sess.click()``, ``// x = 1`` (its text, group 1).
_COMMENTED = re.compile(r"(?:#|//)[ \t]+((?!#|//)\S[^\n]*)")


_LITERAL_OPEN = re.compile(r"[\[{(]")
_LITERAL_ITEM = re.compile(r"""['"\d\[{(]|\w[ \t]*[,:]""")


def _is_literal(body: str, bare: str) -> bool:
    """A whole line that is a data literal (``[('因该', '应该', 4)]``, ``{'a': 1},``):
    balanced brackets around items separated by commas or colons."""
    if not _LITERAL_OPEN.match(body) or not ("," in bare or ":" in bare):
        return False
    end = balanced(body, 0, len(body))
    if end < 0:
        return False
    rest = COMMENT.sub("", body[end:]).strip()
    return rest in ("", ",", ";") and _LITERAL_ITEM.search(body, 1) is not None


_OUTPUT_MARK = re.compile(r"[/|\[\]{}=<>\d]")


def _output_like(line: str) -> bool:
    """A line of program output inside a block: no full-width mark outside its strings,
    and no Han outside them unless it holds what output does (``/ | [ ] =``, digits; not a
    colon, which damaged prose has: ``如下,请看:``):
    ``精确模式: 我/ 来到/ 北京`` is output, ``检查依赖`` a line of prose."""
    body = line.strip()
    if not body:
        return False
    bare = outside_strings(body)
    if _FULL_MARK.search(bare):
        return False
    return not HAS_HAN.search(bare) or _OUTPUT_MARK.search(bare) is not None


# A call opening a line whose brackets the line leaves open: ``Counter({'a': 2,``.
_CALL_OPEN = re.compile(rf"(?:{_ID}\.)*{_ID}\(")


def _mark_literals(text: str, lines: list[str], starts: list[int], kinds: list[int]) -> None:
    """Mark as strong a bracket opened at the start or end of a line, or by a call that
    opens the line, and closed at the end of a later one, with no Han outside strings and
    comments on the way: a literal or a call over several lines."""
    budget = Budget(text)
    k = 0
    while k < len(lines):
        line = lines[k]
        body = line.strip()
        call = _CALL_OPEN.match(body) if body and body[-1] in ",([{" else None
        if (
            body
            and (body[0] in "([{" or body[-1] in "([{" or call)
            and not HAS_HAN.search(outside_strings(body))
        ):
            if body[0] in "([{":
                at = starts[k] + len(line) - len(line.lstrip())
            elif call:
                at = starts[k] + len(line) - len(line.lstrip()) + call.end() - 1
            else:
                at = starts[k] + len(line.rstrip()) - 1
            end = balanced(text, at, len(text), lines=True, budget=budget)
            if end > starts[k] + len(line):
                last = bisect.bisect_right(starts, end - 1) - 1
                tail = lines[last][end - starts[last] :].strip()
                inside = range(k, last + 1)
                if (tail in ("", ",", ";", ")", "),", ");") or _SIGNATURE_END.fullmatch(tail)) and not any(
                    HAS_HAN.search(outside_strings(lines[j])) for j in inside
                ):
                    for j in inside:
                        kinds[j] = 2
                    k = last
        k += 1


# A bracket opened at a line's start before items (strings or numbers, each with its
# comma), and a line of such items.
_ITEM = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?)"""
_ITEMS_OPEN = re.compile(rf"[ \t]*[\[({{][ \t]*(?:{_ITEM}[ \t]*,[ \t]*)+$")
_ITEMS_LINE = re.compile(rf"[ \t]*(?:{_ITEM}[ \t]*,[ \t]*)*{_ITEM}[ \t]*(?:,[ \t]*|[\])}}][ \t]*,?[ \t]*)$")
#: Lines of items that must follow the opening line of a literal left open.
_MIN_ITEM_LINES = 2


def _mark_items(lines: list[str], kinds: list[int]) -> None:
    """Mark as strong a literal of strings or numbers one per line, opened at the start
    of a line, closed or not (printed output is often cut: ``['a.yaml',`` over
    ``'b.yaml',`` ...), when two or more lines of items follow its opening line."""
    n = len(lines)
    k = 0
    while k < n:
        if kinds[k] == 2 or not _ITEMS_OPEN.match(lines[k]):
            k += 1
            continue
        j = k + 1
        while j < n and _ITEMS_LINE.match(lines[j]):
            j += 1
            if lines[j - 1].rstrip()[-1:] in ")]}":
                break
        if j - k - 1 >= _MIN_ITEM_LINES:
            kinds[k:j] = [2] * (j - k)
        k = j


_PADDED_INDEX = LineStart(r" +\d+ \S")
_FLOAT_HINT = re.compile(r"\.\d{6}")
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
    _mark_items(lines, kinds)
    for k in range(len(lines) - 1):  # the root of a directory tree: ``.`` over ``├── a``
        if kinds[k] == 0 and lines[k].strip() in (".", "..") and _TREE.match(lines[k + 1].strip()):
            kinds[k] = 1
    if "\\\n" in text or text.endswith("\\"):
        mark_continued(lines, kinds, _classify)
    if GAP_ANYWHERE.search(text):
        mark_aligned(lines, kinds)
    if _PADDED_INDEX.search(text):
        mark_indexed(lines, kinds)
    if "\n " in text or "\n\t" in text:
        mark_nested(lines, kinds)
    _mark_field_descriptions(lines, kinds)
    # Here-documents, comments in ``/* … */`` and strings left open by a line of code run
    # over lines whatever they hold (:mod:`normkit.codespans.spanning`).
    if "<<" in text:
        mark_heredocs(lines, kinds)
    if "/*" in text:
        mark_block_comments(lines, kinds)
    if '"' in text or "'" in text:
        mark_open_strings(lines, kinds, _classify)
    # A string in triple quotes opened on a line of code, or right after one (a
    # docstring), or alone on its line and followed by code once closed (a module's
    # docstring), runs to the line that closes it.
    k = 0
    previous = 0  # the kind of the last non-blank line before ``k``
    while k < len(lines):
        in_code = kinds[k] == 2 or (previous == 2 and _DOCSTRING.match(lines[k]) is not None)
        alone = _TRIPLE.fullmatch(lines[k].strip()) is not None
        opens = (in_code or alone) and len(_TRIPLE.findall(lines[k])) % 2
        if lines[k].strip():
            previous = kinds[k]
        if opens:
            quote = _TRIPLE.search(lines[k])
            assert quote is not None
            stop = min(len(lines), k + 1 + _MAX_TRIPLE_LINES)
            close = next((j for j in range(k + 1, stop) if quote.group() in lines[j]), -1)
            if close > 0 and not in_code:
                after = next((j for j in range(close + 1, len(lines)) if lines[j].strip()), -1)
                if after < 0 or kinds[after] != 2 or lines[close].strip() != quote.group():
                    close = -1
            if close > 0:
                kinds[k : close + 1] = [2] * (close - k + 1)
                previous = 2
                k = close
        k += 1
    if _FLOAT_HINT.search(text):
        mark_printed_floats(lines, kinds)
    if LOOP_ROWS_ANYWHERE.search(text):
        mark_loop_rows(lines, kinds)
    mark_echoes(lines, kinds)
    if TAGGED_ANYWHERE.search(text) is not None:
        mark_inputs(lines, kinds)
    blank = [not line.strip() for line in lines]
    n = len(lines)
    # Output lines between two code lines of a block (blank lines between them allowed),
    # and output indented under the block's last line (the entries under a heading of
    # help text). Prose is never taken so, indented or not: a paragraph indented with
    # (full-width) spaces may stand between two lines of code.
    coded = [k > 0 for k in kinds]
    i = 0
    last_coded = False  # whether the last non-blank line before ``i`` is code
    last_indent = 0  # the indentation of the last line of code before ``i``
    after_usage = False  # whether that line is the usage line of help text
    while i < n:
        if coded[i] or blank[i]:
            last_coded = coded[i] or (blank[i] and last_coded)
            if coded[i]:
                last_indent = indent(lines[i])
                after_usage = _USAGE_LINE.match(lines[i].strip()) is not None
            i += 1
            continue
        if not last_coded:
            i += 1
            continue
        j = i
        body = i  # the end of the output lines indented deeper than the code before them
        while j < n and not coded[j]:
            deeper = indent(lines[j]) > last_indent
            output = blank[j] or _output_like(lines[j])
            # Under a usage line, the command's description (indented) is help text too.
            if not (output or (after_usage and deeper)):
                break
            if body == j and (blank[j] or (output and deeper)):
                body = j + 1
            j += 1
        if not (j < n and coded[j] and j > i):
            # Not between two lines of code: only output indented under the last one
            # (the entries under a heading of help text) joins the block.
            while body > i and blank[body - 1]:
                body -= 1
            j = body
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


def _mark_field_descriptions(lines: list[str], kinds: list[int]) -> None:
    """Mark as weak code the lines that go on with the description of a docstring's field:
    those after it indented deeper than it, up to the first blank or shallower line."""
    k = 0
    while k < len(lines):
        if kinds[k] == 2 and _FIELD.match(lines[k].strip()):
            depth = indent(lines[k])
            j = k + 1
            while j < len(lines) and lines[j].strip() and indent(lines[j]) > depth and not kinds[j]:
                kinds[j] = 1
                j += 1
            k = j
        else:
            k += 1


#: Most lines a string in triple quotes may run over.
_MAX_TRIPLE_LINES = 400


#: Runs of whole lines without an ASCII character (besides the line break), ``├`` or ``└``.
_NO_ASCII_LINES = re.compile("^[^\x00-\x09\x0b-\x7f├└]*\n", re.M)
#: Texts from this length have those lines taken out before the searches.
_FILTER_FROM = 2000


def might_hold_code(text: str) -> bool:
    """A cheap test: False means :func:`code_spans` finds nothing.

    Every match of its patterns holds an ASCII character (or ``├``, ``└``) on each line
    it touches, and touches one line or two that follow each other: the lines without
    one (most lines of Chinese prose) are taken out of a long text before the searches,
    which then find a match whenever the whole text holds one.

    >>> might_hold_code("调用 print(1)"), might_hold_code("今天天气很好。")
    (True, False)
    """
    if len(text) >= _FILTER_FROM:
        text = _NO_ASCII_LINES.sub("", text)
    return might_hold_code_plain(text)


def might_hold_code_plain(text: str) -> bool:
    """:func:`might_hold_code` searching the whole text (what the filtered search must agree with).

    >>> might_hold_code_plain("调用 print(1)")
    True
    """
    return (
        _MAYBE.search(text) is not None
        or ("=" in text and _NAME_ASSIGNED.search(text) is not None)
        or _MAYBE_LINE.search(text)
        or _MAYBE_MORE.search(text) is not None
        or _MAYBE_MORE_LINE.search(text)
        or TAGGED_ANYWHERE.search(text) is not None
        or LOOP_ROWS_ANYWHERE.search(text)
    )


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
    of a chain asks about the same text); treat the list as read-only.

    >>> text = '运行 print("hi") 即可'
    >>> [text[a:b] for a, b in code_spans(text)]
    ['print("hi")']
    """
    if not might_hold_code(text):
        return []
    blocks = code_blocks(text)
    calls = call_spans(text)
    if "=" in text:
        calls = sorted(calls + keyword_spans(text))
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
