"""Properties of the punctuation-family normalisers on clean and on damaged Chinese text."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import normkit
from normkit import Context

NAMES = [
    "markup.entities",
    "markup.tags",
    "lines.rejoin",
    "pinyin.glosses",
    "punctuation.ellipsis",
    "punctuation.doubled",
    "punctuation.width",
    "punctuation.quotes",
    "punctuation.final",
]
REGISTRY = normkit.get_registry()

SIMPLIFIED = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
)
TRADITIONAL = "這個區們說來時會經對發學國與後從體當麼還實業點開長現問關頭應戰裡邊機樣將資愛歲聽義書東車網絡"

_word = st.text(alphabet=st.sampled_from(SIMPLIFIED + TRADITIONAL), min_size=1, max_size=8)
_number = st.sampled_from(["3,000", "9:40:36", "2.5", "5:00", "100", "2022年"])
_quoted = _word.map(lambda w: f"“{w}”")
_phrase = st.lists(st.one_of(_word, _word, _word, _number, _quoted), min_size=1, max_size=4).map("".join)
_clause = _phrase.filter(lambda p: p[0] not in "“”" or len(p) > 2)
_sentence = st.builds(
    lambda clauses, sep, end: sep.join(clauses) + end,
    st.lists(_clause, min_size=1, max_size=5),
    st.sampled_from(["，", "、", "；"]),
    st.sampled_from(["。", "！", "？", "……", "。”" if False else "。"]),
)
_paragraph = st.lists(_sentence, min_size=1, max_size=4).map("".join)
_heading = _word
#: Clean Chinese prose: headings and paragraphs, full-width punctuation, one per line.
clean_prose = st.lists(st.one_of(_paragraph, _paragraph, _heading), min_size=1, max_size=8).map(
    lambda lines: "\n".join(lines) + "\n"
)

_damage = st.sampled_from(
    [
        *[",", ",,", ",。", ",、", ";", ":", "!", "?", "(", ")", '"', "'", "...", "。。", "。。。"],
        *["\n", "\n\n", "(qū)", "（zhàn）", "(wǎng)", "&nbsp;", "&amp;", "</p>", "<br/>", ":)", " "],
    ]
)
#: Chinese text damaged the ways web pages are.
damaged = st.lists(st.one_of(_word, _word, _damage, _number), max_size=40).map("".join)


def run(name: str, text: str) -> str:
    return REGISTRY[name].cls()(text, Context())


@pytest.mark.parametrize("name", NAMES)
@given(text=clean_prose)
def test_clean_prose_is_left_alone(name: str, text: str) -> None:
    assert run(name, text) == text


@pytest.mark.parametrize("name", NAMES)
@given(text=damaged)
def test_idempotent_on_damaged_text(name: str, text: str) -> None:
    once = run(name, text)
    assert run(name, once) == once


@given(text=damaged)
def test_chain_never_touches_han_characters(text: str) -> None:
    pipe = normkit.Pipeline(steps=NAMES, profile=None)
    out = pipe.clean(text)
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    assert [c for c in out if "\u4e00" <= c <= "\u9fff"] == han
    assert pipe.clean(out) == out


def test_returns_the_same_object_when_nothing_changes() -> None:
    text = "疫情就是命令，防控就是责任。\n"
    for name in NAMES:
        assert run(name, text) is text


# ---------------------------------------------------------------- width shortcuts

_beside_ascii = st.lists(
    st.sampled_from(
        [*",;:!?.'’“”，(", "中", "カ", "\n", " ", "D", "3", "1", "a", "Hello world", "me@x.cn", "http://a.b"]
    ),
    max_size=8,
).map("".join)
# Runs whose neighbours decide: emoticons, e-mail addresses, Latin text, numbers.
_TRAPS = ["中:D", "中;3个", "中,:'D", "中,.me@x.cn", "Hello world!中", "Hello world.中", "it's中", "boys'中"]
_TRAPS += [
    ",’ ,’",  # the space trails the first run; it goes only if the second is widened first
    "中,’ ;’中",
    "中! :”",
    "Hello world!,中",
    "Hello world?;中",
    "it',中",
    "Tom’,中",
    "中,3,000",
    "中 ,Hello world",
    "5:00,中",
    "中;109",
    "PP”,中",
    "中:)",
    "中,(a)",
]


@settings(max_examples=400)
@given(text=_beside_ascii | st.sampled_from(_TRAPS) | damaged)
def test_free_runs_touch_no_protected_span_or_emoticon(text: str) -> None:
    from normkit.normalisers.punctuation import runs, width
    from normkit.tokens import Analysis

    analysis = Analysis(text)
    if not analysis.spans_in_islands:
        return
    for m in width._WIDTH_RUN.finditer(text):
        start, end = m.span("run")
        if runs.free_by_neighbours(text, start, end):
            assert not analysis.is_protected(start, end)
            assert not runs.touches_emoticon(analysis, start, end)


@settings(max_examples=400)
@given(text=_beside_ascii | st.sampled_from(_TRAPS) | damaged)
def test_free_runs_are_widened_as_the_general_rule_does(text: str) -> None:
    from normkit.normalisers.punctuation import runs, width
    from normkit.tokens import Analysis

    if not Analysis(text).spans_in_islands:
        return
    general = runs.sub_runs(
        width._WIDTH_RUN, text, Context(), width._widen, drop_spaces=True, at=runs.mark_positions(text)
    )
    shortcut = width._widen_free_runs(text)
    assert (
        runs.sub_runs(
            width._WIDTH_RUN,
            shortcut,
            Context(),
            width._widen,
            drop_spaces=True,
            at=runs.mark_positions(shortcut),
        )
        == general
    )


_doubled_marks = st.lists(
    st.sampled_from([*",;:!?.'’“”，。、；：！？（", "中", "\n", " ", "a", "3", ":)", "Hello world"]),
    max_size=10,
).map("".join)


_DOUBLED_TRAPS = [
    "中。，。中",
    "中、，、中",
    "中；，；中",
    "中”，。中",
    "中”,、中",
    "a,。中",
    "中,。a",
    "中,,:)",
]


@settings(max_examples=400)
@given(text=_doubled_marks | st.sampled_from(_DOUBLED_TRAPS) | damaged)
def test_free_runs_are_collapsed_as_the_general_rule_does(text: str) -> None:
    from normkit.normalisers.punctuation import doubled, runs
    from normkit.tokens import Analysis

    if not Analysis(text).spans_in_islands:
        return
    general = runs.sub_runs(
        doubled._DOUBLED_RUN, text, Context(), doubled._collapse, at=runs.mark_positions(text)
    )
    shortcut = doubled._collapse_free_runs(text)
    assert (
        runs.sub_runs(
            doubled._DOUBLED_RUN, shortcut, Context(), doubled._collapse, at=runs.mark_positions(shortcut)
        )
        == general
    )
    assert doubled.Doubled()(text) == general


# ---------------------------------------------------------------- final and line shortcuts

_line_starts = st.lists(
    st.sampled_from(
        [*"一二三四五六七八九十第中图圖照视視片频頻为為：:-*•（(）)、.章节", "1", "١", "〇", "々", "𠀀", " "]
    ),
    max_size=6,
).map("".join)


@given(line=_line_starts | damaged)
@example(line="第3章 总则")
@example(line="一、强化沟通")
@example(line="图为：志愿者")
@example(line="视频1 现场")
@example(line="視頻：現場")
@example(line="照片2")
@example(line="（二）工作要求")
def test_line_shortcuts_agree_with_their_patterns(line: str) -> None:
    from normkit.normalisers.punctuation import shapes

    line = line.split("\n")[0]
    assert shapes.is_list_item(line) == (shapes.LIST_ITEM.match(line) is not None)
    assert shapes.is_caption(line) == (shapes.CAPTION.search(line) is not None)


@given(text=damaged | _beside_ascii)
def test_chinese_comma_count_agrees_with_its_pattern(text: str) -> None:
    from normkit.normalisers.punctuation import final

    for least in (1, 3, 8):
        assert final._has_chinese_commas(text, least) == (len(final._CHINESE_COMMA.findall(text)) >= least)


@given(text=_beside_ascii | damaged | st.sampled_from(["5:00，全员", "a,b 中", "中,a", "3,000;中", "中 ,中"]))
def test_width_visits_every_run_it_may_change(text: str) -> None:
    from normkit.normalisers.punctuation import runs, width

    at = width._changing_positions(text)
    assert at is not None
    visited = runs.sub_runs(width._WIDTH_RUN, text, Context(), width._widen, drop_spaces=True, at=at)
    assert visited == runs.sub_runs(
        width._WIDTH_RUN, text, Context(), width._widen, drop_spaces=True, at=runs.mark_positions(text)
    )


def _reference_brackets(text: str) -> str:
    """The bracket rule as written before its shortcuts: every ``_PAREN`` match tested."""
    from normkit.normalisers.punctuation import doubled, runs, width
    from normkit.tokens import Analysis

    analysis, exact = Analysis(text), runs.exact()
    view = doubled.ellipsis_view(text, Context())  # dots the ellipsis rule makes ``……``

    def convert(m: re.Match[str]) -> str:
        if analysis.is_protected(m.start()) or analysis.is_protected(m.end() - 1):
            return m.group()
        inner = m.group("inner")
        if width._PINYIN_ONLY.fullmatch(inner):
            return m.group()
        if exact.cjk.search(view, m.start("inner"), m.end("inner")):
            return f"（{inner}）"
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else "\n"
        gloss = before and exact.han.match(before) and (after == "\n" or exact.cjk.match(after))
        return f"（{inner}）" if gloss and width._WORDISH.fullmatch(inner) else m.group()

    return width._PAREN.sub(convert, text)


_brackets = st.lists(
    st.sampled_from(
        [
            *"()（）中文a \n,.%",
            "WHO",
            "qū",
            "zhàn",
            "2.5%",
            "Hello world",
            "http://a.b/x",
            "x" * 45,
            "中" * 199,
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400)
@given(text=_brackets | damaged)
@example(text="世界卫生组织(WHO)发布")
@example(text="曲(qū)項")
@example(text="增长(2.5%)。")
@example(text="中(" + "中" * 200 + ")")
@example(text="中(" + "x" * 45 + "中)")
@example(text="中(WHO)a")
@example(text="中(a)\n")
@example(text="(WHO)中")
@example(text="世界卫生组织(WHO)")
def test_brackets_are_converted_as_the_rule_does(text: str) -> None:
    from normkit.normalisers.punctuation import width

    assert width._convert_brackets(text, Context()) == _reference_brackets(text)


_dotted_brackets = st.lists(
    st.sampled_from(
        [*"()（）中a .,!:\n", "...", "......", "。。。", "……", "…", "f", "首页", "Hello world", "2.5", "qū"]
    ),
    max_size=12,
).map("".join)
_INLINE = ["punctuation.width", "punctuation.doubled", "punctuation.ellipsis"]


@settings(max_examples=400)
@given(text=_dotted_brackets | damaged)
@example(text="首页(...)")
@example(text="首页(...abc)")
@example(text="首页(ab...)首页")
@example(text="(......)首页")
@example(text="首页 f(...)")
@example(text="abc (...) def 首页")
@example(text="首页(...,)")
def test_width_decides_on_brackets_as_the_ellipsis_writes_them(text: str) -> None:
    """``punctuation.width`` accepts what ``punctuation.ellipsis`` writes after it: a
    second pass of the three changes nothing (``(...)`` → ``（……）`` in one pass, not
    ``(……)`` widened on the next)."""
    pipe = normkit.Pipeline(steps=_INLINE, profile=None)
    once = pipe.clean(text)
    assert pipe.clean(once) == once
    assert run("punctuation.width", once) == once


_near_cjk = st.text(
    alphabet=st.sampled_from(
        [*"aé,.·— \n", "\u2013", "\u2014", "\u201c", "\u3001", "\u30fb", "中", "ー", "\uff0c", "😀"]
    ),
    max_size=12,
)


@given(text=_near_cjk | st.text(max_size=12) | damaged)
def test_has_cjk_is_the_exact_scan(text: str) -> None:
    """The fast test for Chinese context answers as the scan with the exact class does."""
    from normkit.normalisers.punctuation import runs

    assert runs.has_cjk(text) == (runs.exact().cjk.search(text) is not None)


_without_cjk = st.lists(
    st.sampled_from([*"aéZ09 \n.,;:!?()\"'’“”…-", "...", "(yan)", "&amp;"]), max_size=40
).map("".join)


@pytest.mark.parametrize(
    "name",
    [
        "punctuation.width",
        "punctuation.doubled",
        "punctuation.ellipsis",
        "punctuation.quotes",
        "pinyin.glosses",
    ],
)
@given(text=_without_cjk)
def test_text_without_chinese_is_left_alone(name: str, text: str) -> None:
    """Every rule acts in Chinese context only: text with no Han, kana or full-width
    mark comes out as it went in (the early return on ``runs.has_cjk`` proves nothing
    more than the rule itself would find)."""
    from normkit.normalisers.punctuation import runs

    step = normkit.get_registry()[name].cls()
    if not runs.has_cjk(text):
        assert step(text, Context()) == text
