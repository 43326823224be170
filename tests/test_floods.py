"""repetition.floods: floods cut, words, numbers, URLs and code left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normkit
from normkit import Context
from normkit.normalisers.floods import FloodOptions, RepetitionFloods, count_floods


def clean(text: str, **options: int) -> str:
    return RepetitionFloods(**options)(text, Context())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("哈哈哈哈哈哈哈哈哈哈", "哈哈哈"),
        ("哈哈哈哈", "哈哈哈"),
        ("真的假的？？？？？？", "真的假的？？？"),
        ("好可怕～～～～～～", "好可怕～～～"),
        ("笑死😂😂😂😂😂😂", "笑死😂😂😂"),
        # traditional text alike
        ("呵呵呵呵呵呵，這個遊戲太難了！！！！！", "呵呵呵，這個遊戲太難了！！！"),
    ],
)
def test_floods_are_cut(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "哈哈哈，笑死我了。",  # three is writing, not a flood
        "天天向上，三三两两，一一对应，滔滔不绝。",
        "233333333 和 6666666 是数字，www 也不是。",
        "等一下……——他走了。",
        "==========",
        "Soooooo good!!!!",
        "见 https://example.com/s/哈哈哈哈哈哈 页面",
        "```\nprint('啊啊啊啊啊啊')\n```",
    ],
)
def test_words_numbers_rules_urls_and_code_stay(text: str) -> None:
    assert clean(text) == text


def test_max_repeat_is_an_option_and_is_checked() -> None:
    assert clean("哈哈哈哈哈哈", max_repeat=2) == "哈哈"
    assert clean("哈哈哈哈哈", max_repeat=5) == "哈哈哈哈哈"
    with pytest.raises(ValueError, match="max_repeat"):
        FloodOptions(max_repeat=1)


def test_off_by_default_and_counted_in_annotations_and_signals() -> None:
    text = "太好笑了哈哈哈哈哈哈，真的！！！！！！"
    assert normkit.clean(text) == text  # in no profile
    result = normkit.Pipeline(enable=["repetition.floods"]).process(normkit.Document(text), explain=True)
    assert result.text == "太好笑了哈哈哈，真的！！！"
    assert result.annotations["floods"] == 2
    assert [c.reason for c in result.changes if c.normaliser == "repetition.floods"] == [
        "a flood of 6 × 哈 cut to 3",
        "a flood of 6 × ！ cut to 3",
    ]
    # the signal: floods shortened when the step ran, else those left in the text
    assert result.annotations["floods"] == 2
    plain = normkit.Pipeline().process(normkit.Document(text))
    assert plain.annotations["floods"] == 2


def test_count_floods() -> None:
    assert count_floods("好好学习") == 0
    assert count_floods("啊啊啊啊 哦哦哦哦哦 😂😂😂😂") == 3


@given(st.text(alphabet="哈呵！？～😂a1 .\n", max_size=80))
def test_idempotent_and_bounded(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    assert count_floods(once) == 0
    assert len(once) <= len(text)
