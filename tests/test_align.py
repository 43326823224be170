"""The bounded alignment behind ``--explain`` and the statistics: always a valid edit
script, and work linear in the input (issue 16: ``difflib`` was cubic on long lines)."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fakeplugins import ROOT
from normkit import _align
from normkit._align import align
from normkit._diff import edits
from strategies import texts


def reference_align(
    a: Sequence[Any], b: Sequence[Any], window: int = 48, anchor: int = 4
) -> list[_align.Opcode]:
    """:func:`align` tried skip by skip: the definition its fast path must reproduce."""
    n, m = len(a), len(b)
    ops: list[_align.Opcode] = []
    i = j = 0
    budget = 64 * (n + m) + 4096
    while True:
        k = _align._common_prefix(a, b, i, j)
        i, j = i + k, j + k
        if i == n or j == m:
            break
        found = weak = None
        weak_d = 0
        for di, dj in _align._candidates(window):
            p, q = i + di, j + dj
            if p > n or q > m:
                continue
            if weak is not None and di + dj > weak_d + _align._SLACK:
                break
            budget -= 1
            if _align._agree(a, b, p, q, anchor):
                found = (p, q)
                break
            if weak is None and (p, q) != (n, m) and p < n and q < m and a[p] == b[q]:
                weak, weak_d = (p, q), di + dj
            if budget <= 0:
                break
        found = found or weak
        if found is None:
            break
        ops.append((i, found[0], j, found[1]))
        i, j = found
    if i < n or j < m:
        s = _align._common_suffix(a, b, i, j)
        ops.append((i, n - s, j, m - s))
    return ops


def _valid(a: str, b: str, ops: list[tuple[int, int, int, int]]) -> None:
    """Applying ``ops`` to ``a`` gives ``b``; spans between them are equal; none is empty."""
    rebuilt, i, j = [], 0, 0
    for i1, i2, j1, j2 in ops:
        assert i <= i1 <= i2 <= len(a) and j <= j1 <= j2 <= len(b)
        assert i1 - i == j1 - j and a[i:i1] == b[j:j1]
        assert i2 > i1 or j2 > j1
        rebuilt.append(a[i:i1] + b[j1:j2])
        i, j = i2, j2
    assert a[i:] == b[j:]
    assert "".join(rebuilt) + a[i:] == b


@given(texts, texts)
def test_align_is_a_valid_edit_script(a: str, b: str) -> None:
    _valid(a, b, align(a, b))


@given(st.lists(st.sampled_from(["x\n", "y\n", "\n", "广告\n"]), max_size=30), st.data())
def test_align_works_on_lines(a: list[str], data: st.DataObject) -> None:
    b = data.draw(st.lists(st.sampled_from(["x\n", "y\n", "\n", "新\n"]), max_size=30))
    ops = align(a, b, anchor=2)
    rebuilt, i = [], 0
    for i1, i2, j1, j2 in ops:
        rebuilt += a[i:i1] + b[j1:j2]
        i = i2
    assert rebuilt + a[i:] == b


def test_small_edits_are_found_exactly() -> None:
    assert align("甲,乙,丙。", "甲，乙，丙。") == [(1, 2, 1, 2), (3, 4, 3, 4)]
    assert align("第一段 广告 第二段", "第一段 第二段") == [(4, 7, 4, 4)]
    assert align("好, 的, 好", "好，的，好") == [(1, 3, 1, 2), (4, 6, 3, 4)]


def _dense(lines: int, width: int) -> tuple[str, str]:
    """Comma-dense lines whose edits change their length (no same-length shortcut)."""
    import random

    rng = random.Random(16)
    old = "\n".join("".join(rng.choice("好的") + ", " for _ in range(width)) for _ in range(lines))
    return old + "\n", old.replace(", ", "，") + "\n"


def test_work_is_linear_and_difflib_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    agree = _align._agree

    def counted(*args: object) -> bool:
        nonlocal calls
        calls += 1
        return agree(*args)  # type: ignore[arg-type]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("difflib.SequenceMatcher called")

    monkeypatch.setattr(_align, "_agree", counted)
    monkeypatch.setattr(difflib, "SequenceMatcher", refuse)
    work = []
    for width in (500, 1000, 2000, 4000):
        old, new = _dense(5, width)
        calls = 0
        found = list(edits(old, new))
        assert len(found) == 5 * width  # one edit per comma
        work.append(calls / len(old))
    assert max(work) <= 2 * min(work) + 1  # comparisons per character do not grow


def test_explain_on_long_comma_dense_lines_end_to_end(tmp_path: Path) -> None:
    """Five 4,000-character comma-dense lines with --explain: every edit is reported and
    replays the input into the output (before, difflib made this take minutes)."""
    old, _ = _dense(5, 2000)
    (tmp_path / "dense.txt").write_text(old, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    done = subprocess.run(
        [sys.executable, "-m", "normkit.cli", "clean", "dense.txt", "-o", "out.txt", "--explain", "ex.jsonl",
         "--profile", "minimal", "--enable", "punctuation.width"],
        cwd=tmp_path, capture_output=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    (entry,) = [orjson.loads(line) for line in (tmp_path / "ex.jsonl").read_bytes().splitlines()]
    out = (tmp_path / "out.txt").read_text(encoding="utf-8")
    widths = [c for c in entry["changes"] if c["normaliser"] == "punctuation.width"]
    assert len(widths) == 5 * 2000  # one per comma (a line's last one has no space after it)
    assert {(c["old"], c["new"]) for c in widths} == {(", ", "，"), (",", "，")}
    assert out.count("，") == 5 * 2000


_SHORT = "甲乙,，a \n"
_FAR = "鏁版嵁鍖呭湴鍧€数据包地址"


@st.composite
def _edited(draw: st.DrawFn) -> tuple[str, str]:
    """A text and a copy with random edits: substitutions, deletions, and long
    insertions from another alphabet (as a line of mojibake against its repair)."""
    old = draw(st.text(alphabet=_SHORT, max_size=160))
    chars = list(old)
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(chars)))
        kind = draw(st.sampled_from(["sub", "del", "ins"]))
        if kind == "ins":
            chars[at:at] = draw(st.text(alphabet=_FAR + _SHORT, min_size=1, max_size=120))
        elif chars:
            at = min(at, len(chars) - 1)
            if kind == "sub":
                chars[at] = draw(st.sampled_from(_FAR + _SHORT))
            else:
                del chars[at : at + draw(st.integers(1, 60))]
    return old, "".join(chars)


@given(_edited(), st.sampled_from([(48, 4), (48, 2), (6, 4), (12, 1)]), st.sampled_from([0, 8, 10**6]))
def test_align_is_the_reference_alignment(pair: tuple[str, str], shape: tuple[int, int], few: int) -> None:
    old, new = pair
    window, anchor = shape
    kept, _align._FEW_SHARED = _align._FEW_SHARED, few  # the window searched by arrays, or by places
    try:
        assert align(old, new, window, anchor) == reference_align(old, new, window, anchor)
        assert align(new, old, window, anchor) == reference_align(new, old, window, anchor)
        lines_a, lines_b = old.split("\n"), new.split("\n")
        assert align(lines_a, lines_b, window, 2) == reference_align(lines_a, lines_b, window, 2)
    finally:
        _align._FEW_SHARED = kept


def test_align_is_the_reference_when_the_budget_runs_out() -> None:
    """Long regions where only a rare item agrees, far apart: the work budget ends the
    search (a coarse last edit), at exactly the same point as the reference."""
    import random

    rng = random.Random(15)
    for _ in range(6):
        a = "".join("x" if rng.random() < 0.03 else rng.choice("甲乙丙丁戊己") for _ in range(1500))
        b = "".join("x" if rng.random() < 0.03 else rng.choice("子丑寅卯") for _ in range(2000))
        expected = reference_align(a, b)
        assert expected[-1][1] - expected[-1][0] > 200  # the budget did run out
        assert align(a, b) == expected


@pytest.mark.parametrize("few", [0, 8, 10**6])
def test_mojibake_lines_align_as_the_reference(monkeypatch: pytest.MonkeyPatch, few: int) -> None:
    """A line of mojibake and its repair (few equal items, far apart: the window search)
    align exactly as the reference, whether the window is searched by arrays or where
    the few shared characters occur."""
    import random

    monkeypatch.setattr(_align, "_FEW_SHARED", few)
    rng = random.Random(7)
    words = [
        "数据包",
        "地址",
        "事件发布时间",
        "记者",
        "从市政府",
        "了解到",
        "，",
        "。",
        "2024",
        " ",
        "年",
        "APP",
    ]
    for _ in range(40):
        line = "".join(rng.choice(words) for _ in range(rng.randint(5, 60)))
        for codec in ("gbk", "shift_jis", "big5", "cp1252"):
            misread = line.encode("utf-8").decode(codec, "replace")
            for a, b in ((misread, line), (line, misread)):
                for window, anchor in ((48, 4), (12, 1)):
                    assert align(a, b, window, anchor) == reference_align(a, b, window, anchor)


class _CountedList(list[int]):
    """A list that counts the items read from it (by index, or by iterating)."""

    reads = 0

    def __getitem__(self, at: Any) -> Any:
        _CountedList.reads += 1
        return super().__getitem__(at)

    def __iter__(self) -> Any:
        for item in super().__iter__():
            _CountedList.reads += 1
            yield item


def test_work_per_edit_does_not_grow_along_one_long_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """One long line of mojibake (few shared characters: the window search looks where
    they occur) and its repair: the positions read per edit stay the same as the line
    doubles (stepping over the earlier ones, as ``islice`` did, made it quadratic)."""
    import normkit
    from normkit.testing import mojibake_worst_inputs

    positions = _align._positions
    monkeypatch.setattr(_align, "_positions", lambda text, ch: _CountedList(positions(text, ch)))
    repair = normkit.Pipeline(steps=["mojibake.latin", "mojibake.cjk", "mojibake.gbk_phase"], profile=None)
    work = []
    for size in (4000, 8000, 16000, 32000):
        old = mojibake_worst_inputs(size)["utf-8 as gbk and shift-jis mixed"]
        new = repair.clean(old)
        _CountedList.reads = 0
        ops = align(old, new)
        assert _align._shared_places(old, new) is not None  # (the search by positions)
        assert len(ops) > size // 10  # many edits along the line
        work.append(_CountedList.reads / len(ops))
    assert max(work) <= 1.5 * min(work), work
