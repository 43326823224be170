"""The whole-page searches of the line steps written to skip ahead (``lines.repaired``,
``spam_rules.LINE_HEADS_ANYWHERE``, ``LineStart.findall``) answer exactly as the plain
patterns they replace, kept here as the reference."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from normkit.codespans.anywhere import LineStart
from normkit.lines.repaired import (
    COMMAS_BEFORE_MARK,
    ELLIPSES,
    REPAIRABLE,
    RUN_OF_MARKS,
    as_repaired,
    page_as_repaired,
)
from normkit.lines.spam_rules import LINE_HEADS_ANYWHERE
from strategies import in_contexts

# The patterns as they were before (tried at every position of the page).
OLD_REPAIRABLE = re.compile(r"[,;:!?()]|[，；：！？][ \t]|\.\.\.|。。|⋯|，[，。、；：！？]|、、|；；|：：")
OLD_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|⋯+")
OLD_COMMAS_BEFORE_MARK = re.compile(r"，+(?=[。、；：！？])")
OLD_RUN_OF_MARKS = re.compile(r"([，、；：])\1+|。。")
OLD_LINE_HEADS = re.compile(
    r"(?m)^[-–—*+·•●◆◇▪■□○►▶▸※ \t]*([\u3400-\u9fff\uf900-\ufaff]{4})[^\n。；;]{0,76}$"
)
_WIDENED = tuple(zip(",;:!?()", "，；：！？（）", strict=True))
_DOUBLED_ANY = re.compile(r"，[，。、；：！？]|。。|、、|；；|：：")


def _first(m: re.Match[str]) -> str:
    return m.group()[0]


def old_as_repaired(line: str) -> str:
    if OLD_REPAIRABLE.search(line) is None:
        return line
    for half, full in _WIDENED:
        line = line.replace(half, full)
    line = re.sub(r"([，；：！？])[ \t]+", r"\1", line)
    line = OLD_ELLIPSIS.sub("……", line)
    if _DOUBLED_ANY.search(line) is not None:
        line = OLD_RUN_OF_MARKS.sub(_first, OLD_COMMAS_BEFORE_MARK.sub("", line))
    return line


def old_page_as_repaired(lines: Sequence[str]) -> list[str]:
    return [old_as_repaired(line) for line in lines]


def new_ellipsis(text: str) -> str:
    for _, ellipsis in ELLIPSES:
        text = ellipsis.sub("……", text)
    return text


# Some of the searches through LineStart.findall, as re.findall of ``^(?:body)`` (re.M).
BODIES = [r"\d+\.", r"(\d+)\.", r"(\d+)(x)?\.", r"[ \t]*(?:#|//)[^\n]*", r"([甲乙])[^\n]{0,3}$"]


def assert_same(text: str) -> None:
    assert (REPAIRABLE.search(text) is None) == (OLD_REPAIRABLE.search(text) is None), text
    assert new_ellipsis(text) == OLD_ELLIPSIS.sub("……", text), text
    assert COMMAS_BEFORE_MARK.sub("", text) == OLD_COMMAS_BEFORE_MARK.sub("", text), text
    assert RUN_OF_MARKS.sub(_first, text) == OLD_RUN_OF_MARKS.sub(_first, text), text
    assert as_repaired(text) == old_as_repaired(text), text
    lines = text.split("\n")
    assert list(page_as_repaired(lines)) == old_page_as_repaired(lines), text
    assert LINE_HEADS_ANYWHERE.findall(text) == OLD_LINE_HEADS.findall(text), text
    for body in BODIES:
        assert LineStart(body).findall(text) == re.findall(f"^(?:{body})", text, re.M), (body, text)


# Traps at the edges of each branch: at the text's start or end, after a line break, runs
# of two and three, a mark before a space or a tab, mixed spellings side by side.
CASES = [
    "",
    "今天天气很好。",
    "首页！(, 新闻...",
    "首页。。,] 新闻,,好",
    "等等..",
    "等等...",
    "等等....。。。",
    ".。⋯",
    "。。",
    "。。。",
    "。。。。",
    "⋯",
    "⋯⋯⋯",
    "……",
    "好，，",
    "好，，，。",
    "好，。",
    "好，、",
    "好、、、",
    "；；；",
    "：：",
    "：；",
    "，\t好",
    "！ 好",
    "？\n好",
    "！！",
    "？？",
    "a:b",
    "(1)",
    "[1]",
    "全国人大代表大会",
    "- 全国人大代表张三",
    "• 全国人大代表",
    "全国人大代表。",
    "全国人大；代表",
    "全国人",
    "说明\n全国人大代表张三\n  全国政协委员李四",
    "  \t中华人民共和国\n",
    "中华人民共和国" + "国" * 76,
    "中华人民共和国" + "国" * 72,
    "中华人民共和国" + "国" * 73,
    "中华人民共和国\n" + "国" * 73,
    "1. 甲\n说明 2.\n3. 乙",
    "12x.\n# 注\n甲乙丙丁",
    "乙\n\n甲",
]


def test_table_of_cases() -> None:
    for case in CASES:
        for text in in_contexts(case):
            assert_same(text)


_PIECES = st.sampled_from(
    [*"中华文国甲乙。，、；：！？⋯….,;:!?() \t\n-•※1x#a", "..", "23", "//", "。。", "，，"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_same_answer_as_the_plain_patterns(text: str) -> None:
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_same_answer_on_any_text(text: str) -> None:
    assert_same(text)
