"""The shapes of lines that decide whether a line is a paragraph of prose: list items,
captions, clause marks, open ends. ``punctuation.final`` and ``lines.rejoin`` share them.

>>> is_list_item("1. 第一项"), is_caption("图为：志愿者在社区"), has_clause_mark("你好，世界")
(True, True, True)
>>> ends_open("他们都是英雄"), ends_open("他们都是英雄。")
(True, False)
"""

from __future__ import annotations

import regex

from ...tokens import HAN
from .runs import exact

__all__ = [
    "CAPTION",
    "ENDS_OPEN",
    "HAS_CLAUSE_MARK",
    "LIST_ITEM",
    "ends_open",
    "has_clause_mark",
    "is_caption",
    "is_list_item",
]

ENDS_OPEN = regex.compile(rf"[{HAN}]$|[”’」』]$")
HAS_CLAUSE_MARK = regex.compile(rf"[，；、]|(?<=[{HAN}])[,;]")
LIST_ITEM = regex.compile(
    r"^(?:[-*•·●◆◇■□▪►→※]|\d{1,3}[.、)）]|[(（][\d一二三四五六七八九十]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}[、.]|第[\d一二三四五六七八九十百]{1,4}[章节條条款部篇])"
)
CAPTION = regex.compile(r"^(?:图|圖|图片|圖片|照片|视频|視頻)(?:[为為：:]|\d)|(?:摄|攝|供图|供圖|图|圖)$")
_CAPTION_START = regex.compile(r"(?:图|圖|图片|圖片|照片|视频|視頻)(?:[为為：:]|\d)")
_CAPTION_ENDS = ("摄", "攝", "供图", "供圖", "图", "圖")


_CAPTION_FIRST = frozenset("图圖照视視")
#: The Han characters that can start a list item: any other Han character cannot.
_LIST_HAN = frozenset("一二三四五六七八九十第")


def is_caption(line: str) -> bool:
    """``CAPTION.search(line)`` for a line without a newline, without scanning it.

    >>> is_caption("图为市民在公园晨练。"), is_caption("新华社记者张三摄"), is_caption("公园里的市民")
    (True, True, False)
    """
    return line.endswith(_CAPTION_ENDS) or (
        line[:1] in _CAPTION_FIRST and _CAPTION_START.match(line) is not None
    )


def is_list_item(line: str) -> bool:
    """``LIST_ITEM.match(line)``, without it for lines that start with other Han.

    >>> is_list_item("一、总体要求"), is_list_item("3. 第三条"), is_list_item("今天一、二")
    (True, True, False)
    """
    if line and line[0] not in _LIST_HAN and exact().han.match(line):
        return False
    return LIST_ITEM.match(line) is not None


def ends_open(line: str) -> bool:
    """``ENDS_OPEN.search(line)`` for a line without a newline: its last character.

    >>> ends_open("他说了很多话"), ends_open("他说：“好”"), ends_open("好。")
    (True, True, False)
    """
    return bool(line) and (line[-1] in "”’」』" or exact().han.match(line, len(line) - 1) is not None)


def has_clause_mark(line: str) -> bool:
    """``HAS_CLAUSE_MARK.search(line)``, with plain substring tests first.

    >>> has_clause_mark("一，二"), has_clause_mark("一,二"), has_clause_mark("a, b")
    (True, True, False)
    """
    if "，" in line or "；" in line or "、" in line:
        return True
    return ("," in line or ";" in line) and HAS_CLAUSE_MARK.search(line) is not None
