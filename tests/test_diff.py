"""Diffs for explanations and statistics: they replay exactly, and stay bounded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from normkit._diff import edits, size_of_change

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


def test_many_identical_lines_stay_cheap() -> None:
    old = "首页\n" * 50_000
    assert size_of_change(old, old + "尾") == (0, 1)
    assert size_of_change(old, old.replace("首页\n", "", 1000)) == (3000, 0)
