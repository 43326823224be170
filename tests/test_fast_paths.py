"""The shortcuts taken for speed give exactly what the general code gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from normkit import Context
from normkit._diff import size_of_change
from normkit.normalisers import lines as L
from normkit.normalisers.punctuation import doubled, runs, shapes, width
from normkit.tokens import Analysis, Kind, char_ranges
from strategies import texts
from test_punctuation_properties import damaged

_ascii_heavy = st.lists(
    st.sampled_from([*"abhtpwx09 .,;:!?()'\"`@%+-/_’中，。\n", "http://", "www.", "9:40", ":)"]),
    max_size=40,
).map("".join)
any_damaged = damaged | texts | _ascii_heavy


def _general_width(text: str) -> str:
    """``punctuation.width`` by its general path: marks inside names, mentions and
    character references held, every run through ``sub_runs``."""
    held = text
    if not any(c in text for c in "\ue000\ue001\ue002\ue003"):
        chars = list(text)
        for at in width.held_marks(text):
            chars[at] = width._HOLD[chars[at]]
        held = "".join(chars)
    ctx, new = Context(), held
    while True:
        if any(mark in new for mark in ",;:!?"):
            new = runs.sub_runs(
                width._WIDTH_RUN, new, ctx, width._widen, drop_spaces=True, at=runs.mark_positions(new)
            )
        bracketed = width._convert_brackets(new, ctx)
        if bracketed == new:
            return new if held is text else new.translate(width._RELEASE)
        new = bracketed


@settings(max_examples=300)
@given(text=any_damaged)
def test_width_shortcuts_change_nothing(text: str) -> None:
    assert width.Width()(text, Context()) == _general_width(text)


@settings(max_examples=300)
@given(text=any_damaged)
def test_doubled_shortcut_changes_nothing(text: str) -> None:
    assert doubled.Doubled()(text, Context()) == runs.sub_runs(
        doubled._DOUBLED_RUN, text, Context(), doubled._collapse, at=runs.mark_positions(text)
    )


@given(text=any_damaged)
def test_protection_near_a_range_is_the_whole_texts(text: str) -> None:
    whole = Analysis(text)
    _ = whole.protected
    for start in range(0, len(text), 3):
        local = Analysis(text)  # answers its first calls from the text around the range
        for end in (start + 1, start + 3):
            assert local.is_protected(start, end) == whole.is_protected(start, end)


@given(text=any_damaged)
def test_emoticons_near_a_range_are_the_whole_texts(text: str) -> None:
    found = [m.span() for m in runs.EMOTICON.finditer(text)]
    analysis = Analysis(text)
    for start in range(len(text)):
        end = min(start + 2, len(text))
        assert runs.touches_emoticon(analysis, start, end) == any(a < end and b > start for a, b in found)


def test_char_ranges_are_exact() -> None:
    han = re.compile(f"[{char_ranges(Kind.HAN)}]")
    assert all(han.match(c) for c in "中國々〇𠀀𪚥")
    assert not any(han.match(c) for c in "ーかカ，。a1 한")
    kana = re.compile(f"[{char_ranges(Kind.KANA, exclude='ー')}]")
    assert kana.match("か") and kana.match("カ") and not kana.match("ー")


@given(text=any_damaged)
def test_rejoin_pre_checks_agree_with_their_patterns(text: str) -> None:
    assert L._inner_stops(text) == len(L._INNER_STOP.findall(text))
    for line in text.split("\n"):
        assert shapes.ends_open(line) == (shapes.ENDS_OPEN.search(line) is not None)
        assert shapes.is_caption(line) == (shapes.CAPTION.search(line) is not None)


@given(old=any_damaged, data=st.data())
def test_same_length_statistics_count_the_substituted_characters(old: str, data: st.DataObject) -> None:
    chars = list(old)
    for i in data.draw(st.lists(st.integers(0, max(len(old) - 1, 0)), max_size=6)):
        if chars and chars[i] != "\n":
            chars[i] = data.draw(st.sampled_from(["，", "x", "中"]))
    new = "".join(chars)
    differ = sum(x != y for x, y in zip(old, new, strict=True))
    assert size_of_change(old, new) == (differ, differ)


@given(text=any_damaged | st.sampled_from(["區(qū)", "區（qū）", "(xiàng", "(abcdefgā)", "（ü"]))
def test_gloss_pre_check_agrees_with_one_pattern(text: str) -> None:
    import regex

    from normkit.normalisers import pinyin

    one = regex.compile(rf"[(（][ \t]*[{pinyin._LETTERS}]")
    assert any(p.search(text) for p in pinyin._HAS_GLOSS) == (one.search(text) is not None)
