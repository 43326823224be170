"""unicode.fullwidth_ascii: letters, digits and the signs inside their runs folded; Chinese punctuation kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normkit
from normkit import Context
from normkit.normalisers.fullwidth import FullwidthAscii


def fold(text: str, **options: bool) -> str:
    return FullwidthAscii(**options)(text, Context())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("型号ＵＳＢ－Ｃ，容量１２８ＧＢ", "型号USB-C，容量128GB"),
        ("时间１２：３０，增长５．２％。", "时间12:30，增长5.2%。"),
        ("售价１，２９９元", "售价1，299元"),
        ("第１名：張三（ＩＤ：ａｂｃ＿１２）", "第1名：張三（ID:abc_12）"),
    ],
)
def test_runs_are_folded(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "中文，标点！问号？冒号：括号（）引号「」。",
        "第一名：张三／李四＆王五",
        "ABC 123 abc",
        "①②③ ﬁ ｶﾀｶﾅ",  # NFKC's business, not this step's
        "\u3000首行缩进",
    ],
)
def test_chinese_punctuation_and_other_compatibility_characters_stay(text: str) -> None:
    assert fold(text) == text


def test_options() -> None:
    assert fold("ＡＢ１２", digits=False) == "AB１２"
    assert fold("ＡＢ１２－３", letters=False) == "ＡＢ12-3"
    assert fold("ＡＢ１２", letters=False, digits=False) == "ＡＢ１２"


def test_off_by_default() -> None:
    assert normkit.clean("ＡＢＣ１２３") == "ＡＢＣ１２３"
    assert normkit.Pipeline(enable=["unicode.fullwidth_ascii"]).clean("ＡＢＣ１２３") == "ABC123"


@given(st.text(alphabet="ＡＢａ１２０－．％：，。好 A1-", max_size=60))
def test_idempotent_and_only_folds(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert len(once) == len(text)
    assert all(a == b or ord(a) - 0xFEE0 == ord(b) for a, b in zip(text, once, strict=True))
