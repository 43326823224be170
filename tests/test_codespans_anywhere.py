"""The code pre-checks written to skip ahead (:mod:`normkit.codespans.anywhere`) answer
exactly as the plain patterns they replace, kept here as the reference."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from normkit.codespans import might_hold_code, might_hold_code_plain
from normkit.codespans.anywhere import GAP_ANYWHERE, LineStart
from normkit.codespans.commands import SUBCOMMANDS
from normkit.codespans.layout import GAP
from normkit.codespans.output import LOOP_ROWS, LOOP_ROWS_ANYWHERE, TAGGED, TAGGED_ANYWHERE
from strategies import in_contexts

# The pre-check as it was before (every branch tried at every position).
_SHELL = (
    r"pip3?|python3?|py|conda|git|cd|export|sudo|apt|apt-get|yum|brew|npm|npx|yarn|pnpm|docker|kubectl|curl"
    r"|wget|mkdir|rm|cp|mv|ls|cat|echo|source|bash|sh|chmod|chown|make|cmake|cargo|go|java|javac|node|uv"
    r"|poetry|pytest|nohup|kill|ps|adb|scp|ssh|tar|unzip|set|setx|streamlit|uvicorn|gunicorn|jupyter|tensorboard"
)
_FIELD_KINDS = (
    r"param|parameter|arg|argument|key|keyword|type|raises?|except|exception|var|ivar|cvar"
    r"|vartype|returns?|rtype|yields?|ytype"
)
OLD_MAYBE = re.compile(
    r"[A-Za-z0-9_\]\)'\"][(\[]|([\"'])[^\"'\n]{1,80}\1[ \t]*:|[\[{(]['\"\[{(]|[;{}]|^[ \t]*[\[{(]|[A-Za-z_]\w*[ \t]*[+\-*/:]?=[^=]|^[ \t]*(?:>>>|\$[ \t]|@\w|#include|</?[A-Za-z!?])"
    r"|\S(?:  |\t)[ \t]*\S|^(?:SYNOPSIS|USAGE)$|^(?:[Uu]sage|USAGE):|^[ \t]*[A-Za-z_][\w.-]*:[ \t]*\n[ \t]|^\.\.[ \t]+[\w-]+::|[├└]──"
    r"|^[ \t]*(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)[ \t]+/"
    r"|^[ \t]*(?:import|from|def|class|pip3?|python3?|git|conda|npm|yarn|cd|export|sudo|docker|curl|wget"
    r"|SELECT|INSERT|UPDATE|CREATE|DELETE|const|let|var|function|return|for|if|while)\b",
    re.M,
)
OLD_MAYBE_MORE = re.compile(
    r"\\[nt\"][^\n]*\\[nt\"][^\n]*\\[nt\"]|[ \t](?:--?[A-Za-z]|<[\w.:-]+>|\\$)|/<[\w.:-]+>|=>|\d:\d\d[.,]\d{3}|^ +\d+ \S|\d\.\d{6}"
    r"|^[ \t]*(?:\+[-=]{2,}\+|(?:#|//)[ \t]+(?:>>>|\+[-=]|\$[ \t]|@\w|</?[A-Za-z!?]|[\[{(]|\.\.[ \t]|[\"'])"
    r"|(?:(?:#|//)[ \t]+)?(?:[a-z][\w.+-]*[ \t]+(?:\S+[ \t]+)*?(?:\S*/|[A-Za-z_][\w-]*\.[A-Za-z_]|<)"
    r"|\.\.\.[ \t]|(?:[Uu]sage|USAGE):|:(?:" + _FIELD_KINDS + r")\b"
    rf"|[a-z][\w.+-]*(?:[ \t]+[a-z][\w.-]*){{0,2}}[ \t]+(?:{'|'.join(sorted(SUBCOMMANDS))})\b"
    rf"|(?:{_SHELL}|Help on|raise|yield|assert|del|global|nonlocal|await|pass|break|continue"
    r"|async|elif|with|except|try|else|finally|In|Out|public|private|protected|static|void|int|char|float|double"
    r"|bool|auto|struct|typedef|using|namespace|package|func|interface|enum|unsigned|long|new|import|from|def"
    r"|class|return|for|if|while|const|let|var|function|export|(?i:select|insert|update|create|delete|drop|alter)"
    r"|SYNOPSIS|USAGE)\b))",
    re.M,
)
OLD_PADDED_INDEX = re.compile(r"^ +\d+ \S", re.M)
PADDED_INDEX = LineStart(r" +\d+ \S")


def old_might_hold_code_plain(text: str) -> bool:
    return (
        OLD_MAYBE.search(text) is not None
        or OLD_MAYBE_MORE.search(text) is not None
        or TAGGED.search(text) is not None
        or LOOP_ROWS.search(text) is not None
    )


def assert_same(text: str) -> None:
    assert might_hold_code_plain(text) == old_might_hold_code_plain(text), text
    assert (GAP_ANYWHERE.search(text) is not None) == (GAP.search(text) is not None), text
    assert (TAGGED_ANYWHERE.search(text) is not None) == (TAGGED.search(text) is not None), text
    assert LOOP_ROWS_ANYWHERE.search(text) == (LOOP_ROWS.search(text) is not None), text
    assert PADDED_INDEX.search(text) == (OLD_PADDED_INDEX.search(text) is not None), text


# Cases from several kinds of pages, matching and not, traps at the edges of each branch:
# a match at the text's very start or end, after a line break, inside a name, beside Han.
CASES = [
    "",
    "今天天气很好。",
    "调用 print(1)",
    "f(x)",
    "a=1",
    "中abc = 1",  # an assignment whose name starts after Han (``\w``)
    "abc中文== 1",
    "x == y",
    "名字 = 张三",
    "第2(次)",
    "（全角）括号",
    '"key": 1',
    "'键'  :值",
    '"未闭合: 值',
    "[{",
    "[中",
    "结尾;",
    "{",
    "  (缩进的括号",
    "\n  [1, 2]",
    ">>> 1 + 1",
    "说明\n$ ls",
    "$5 块钱",
    "@user 你好",
    "#include <stdio.h>",
    "</div>",
    "<中文>",
    "甲  乙",
    "甲 乙",
    "甲\t乙",
    "甲 \t乙",
    "  前导空格",
    "行尾两空格  ",
    "行尾两空格  \n下一行",
    "甲\u3000\u3000乙",
    "SYNOPSIS",
    "说明\nUSAGE\n",
    "usage: tool [-h]",
    "Usage:说明",
    "name:\n  value",
    "name:  \n\tvalue",
    "name:\n值",
    ".. image:: a.png",
    "├── data",
    "│   └── 目录",
    "└─ 不是",
    "GET /api",
    "POST  /ocr",
    "GETTER /x",
    "import os",
    "important 事情",
    "  return x",
    '转义 \\n 和 \\t 以及 \\"',
    "转义 \\n 和 \\t",
    "命令 --help",
    "命令 -v",
    "命令 -中",
    "路径 <file>",
    "行尾反斜杠 \\",
    "a/<id>",
    "x => y",
    "时间 19:53:36,288",
    "时间 ３:３０.１２３",
    "时间 :30.123",  # (no digit before the colon)
    "甲:12,345",
    "   12 行",
    "12 行",
    "\n 1 x",
    "3.1415926",
    "３.１４１５９２",
    "甲.123456",
    "第.1234567",
    "+----+----+",
    "# >>> 注释",
    "// [1]",
    "pip install jieba",
    "git clone https://x/y.git",
    "一个 a.b 名字",
    "...  省略",
    ":param x: 说明",
    "Help on package x:",
    "In [1]: x",
    "select * from t",
    "SeLeCt 1",
    "ſelect 1",  # (``(?i:s)`` takes the long s)
    "İnsert into",
    "ınsert into",
    "Kelvin",
    "龚学平/nr 等/udeng",
    "北京_ns 上海",
    "中/ABCDEFGHI 过长",
    "中_",
    "/nr 开头",
    "[1] loss: 0.5\n[2] loss: 0.4\n[3] loss: 0.3",
    "第一轮: 1\n第二轮: 2\n第三轮: 3",
    "a: 1\nb: 2",
    "a: 1\nb: 2\nc: x",
    "说明\nepoch=1\nepoch=2\nepoch=3\n",
    "x: 1.5.2\ny: 2\nz: 3",
    "比分 ２:１\n比分 ３:０\n比分 １:１",
]


def test_table_of_cases() -> None:
    for case in CASES:
        for text in in_contexts(case):
            assert_same(text)


def test_might_hold_code_still_agrees_with_the_plain_search() -> None:
    page = "\n".join(["这是一行没有任何英文的中文文字。"] * 200 + CASES)
    assert might_hold_code(page) == old_might_hold_code_plain(page)


# Pieces each branch reads, Han, full-width marks and digits, spaces and breaks.
_PIECES = st.sampled_from(
    [
        "中",
        "文",
        "。",
        "：",
        "１",
        "\u3000",
        " ",
        "  ",
        "\t",
        "\n",
        "a",
        "Z",
        "_",
        "x1",
        "=",
        "==",
        ":",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ";",
        "'",
        '"',
        "\\",
        "\\n",
        "/",
        "<",
        ">",
        "-",
        "--",
        "+",
        "#",
        "//",
        "$",
        "@",
        ".",
        "..",
        "...",
        "0",
        "9",
        ".123456",
        "├",
        "└",
        "──",
        "│",
        "/nr",
        "_v",
        "import",
        "for",
        "pip",
        "ſelect",
        "İnsert",
        "install",
        "usage",
        "USAGE",
        "SYNOPSIS",
        "GET",
        "select",
        "param",
        ",",
        "%",
        "|",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_same_answer_as_the_plain_patterns(text: str) -> None:
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_same_answer_on_any_text(text: str) -> None:
    assert_same(text)
