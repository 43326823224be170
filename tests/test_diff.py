"""Diffs for explanations and statistics: they replay exactly, and stay bounded."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normkit._diff import edits, size_of_change, size_of_edits

lines = st.lists(st.sampled_from(["甲\n", "乙乙\n", "丙，\n", "\n", "丁", "a b\n"]), max_size=12).map("".join)


def _replay(old: str, new: str, fine: bool) -> str:
    out, pos = [], 0
    for e in edits(old, new, fine):
        assert e.old_start >= pos
        out.append(old[pos : e.old_start])
        out.append(new[e.new_start : e.new_end])
        pos = e.old_end
    out.append(old[pos:])
    return "".join(out)


@given(old=lines, new=lines, fine=st.booleans())
def test_edits_replay_old_into_new(old: str, new: str, fine: bool) -> None:
    assert _replay(old, new, fine) == new


@given(old=st.text(max_size=60), new=st.text(max_size=60))
def test_edits_replay_on_any_text(old: str, new: str) -> None:
    assert _replay(old, new, True) == new


def test_size_of_change() -> None:
    assert size_of_change("第一行\n第二行", "第一行\n第二行") == (0, 0)
    assert size_of_change("a，b\nc,d\n", "a，b\nc，d\n") == (1, 1)
    assert size_of_change("x\n广告\ny\n", "x\ny\n") == (3, 0)


@pytest.mark.parametrize(
    ("old", "new", "counted"),
    [
        # hand counts: each widened mark is one character out and one in, whatever lies between
        ("甲,乙乙乙,丙丙,丁", "甲，乙乙乙，丙丙，丁", (3, 3)),
        ("她说,好的,我们走吧,明天见。", "她说，好的，我们走吧，明天见。", (3, 3)),
        ("等一下...然后", "等一下……然后", (3, 2)),
        ("第一段\n第二段没有句号\n", "第一段\n第二段没有句号。\n", (0, 1)),
        ("文字  \n下一行\t\n", "文字\n下一行\n", (3, 0)),
        ("两行,一\n二,两行", "两行，一\n二，两行", (2, 2)),
    ],
)
def test_size_of_change_counts_the_edits_by_hand(old: str, new: str, counted: tuple[int, int]) -> None:
    assert size_of_change(old, new) == counted
    assert size_of_change(old, new) == size_of_edits(edits(old, new))


@given(old=lines, new=lines)
def test_statistics_are_the_sizes_of_the_explained_edits(old: str, new: str) -> None:
    removed, added = size_of_change(old, new)
    assert removed - added == len(old) - len(new)
    assert (removed, added) == size_of_edits(edits(old, new))


def test_many_identical_lines_stay_cheap() -> None:
    old = "首页\n" * 50_000
    assert size_of_change(old, old + "尾") == (0, 1)
    assert size_of_change(old, old.replace("首页\n", "", 1000)) == (3000, 0)


@given(old=st.text(alphabet="甲乙,，\n\r \u2028a", max_size=40), data=st.data())
def test_same_length_statistics_are_the_sizes_of_the_edits(old: str, data: st.DataObject) -> None:
    chars = list(old)
    for i in data.draw(st.lists(st.integers(0, max(len(old) - 1, 0)), max_size=6)):
        if chars:
            chars[i] = data.draw(st.sampled_from(["，", "x", "\n", "\r", "\u2028", "甲"]))
    new = "".join(chars)
    assert size_of_change(old, new) == size_of_edits(edits(old, new))


def test_long_lines_of_substitutions_count_each_character() -> None:
    old = "甲,乙" * 5000
    assert size_of_change(old, old.replace(",", "，")) == (5000, 5000)
    assert size_of_edits(edits(old, old.replace(",", "，"))) == (5000, 5000)


_MOJI_WORDS = ["数据包", "地址", "事件发布时间", "，", "。", "2024", " ", "APP", "记者"]


@given(st.lists(st.lists(st.sampled_from(_MOJI_WORDS), min_size=1, max_size=20), min_size=1, max_size=6))
def test_cached_alignments_are_the_alignments(pages: list[list[str]]) -> None:
    """Changed lines recur across pages (a site's damaged menu): the alignment kept for a
    pair is the one :func:`align` finds, so sizes and edits do not depend on what came before."""
    from normkit import _diff
    from normkit._align import align

    lines = ["".join(words) for words in pages]
    old = "\n".join(line.encode("utf-8").decode("gbk", "replace") for line in lines)
    new = "\n".join(lines)
    uncached = _diff._MAX_CACHED
    _diff._MAX_CACHED = -1  # nothing from the cache
    try:
        expected = (size_of_change(old, new), list(edits(old, new)))
    finally:
        _diff._MAX_CACHED = uncached
    for _ in range(2):  # filling the cache, then served from it
        assert (size_of_change(old, new), list(edits(old, new))) == expected
    for a, b in zip(old.split("\n"), lines, strict=True):
        if len(a) + len(b) <= _diff._MAX_CACHED:
            assert list(_diff._aligned(a, b)) == align(a, b)


def test_a_recurring_changed_line_is_aligned_once() -> None:
    from normkit import _diff

    line = "事件发布时间 2024 记者从市政府了解到"
    old = line.encode("utf-8").decode("gbk", "replace") + "\n"
    _diff._aligned_cached.cache_clear()
    first = size_of_change("页一\n" + old, "页一\n" + line + "\n")
    assert _diff._aligned_cached.cache_info().misses == 1
    assert size_of_change(old + "页二\n", line + "\n页二\n") == first
    assert _diff._aligned_cached.cache_info().hits == 1


_PIECES = ["甲", "乙乙", ",", "，", " ", "\n", "鏁版嵁", "é€", "�", "2024", "a"]
_pieced = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@given(old=_pieced, new=_pieced)
def test_counted_sizes_are_the_sizes_of_the_edits(old: str, new: str) -> None:
    """:func:`size_of_change` counts without building edits (one compare for same-length
    spans, the aligned spans' sizes otherwise): the very sizes of :func:`edits`."""
    assert size_of_change(old, new) == size_of_edits(edits(old, new))
    assert size_of_change(new, old) == size_of_edits(edits(new, old))
