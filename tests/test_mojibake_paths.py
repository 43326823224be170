"""Mojibake along every path the web takes (``normkit.mojibake.paths``), per path and language.

The sentences are hand-written (``paths.SENTENCES`` and the generator's); the
benchmark (``benchmarks/bench_mojibake.py``) measures the same on real pages' sentences.
"""

from __future__ import annotations

import difflib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normkit
from mojibake_cases import CLEAN, PATH_CASES, SIMPLIFIED, TRADITIONAL
from normkit.mojibake import legacy, phase
from normkit.mojibake.paths import PATHS, SENTENCES, TRAPS, damage
from normkit.normalisers.mojibake import CJKMojibake, GBKPhase, LatinMojibake

STEPS = (LatinMojibake(), CJKMojibake(), GBKPhase())
CHINESE = (
    *SIMPLIFIED,
    *SENTENCES["zh-Hans"],
    *TRADITIONAL,
    *(normkit.convert(t, "s2twp") for t in SIMPLIFIED),
)
#: Paths whose recoverable Chinese cases must (nearly) all be repaired exactly: at most
#: a quarter of the characters lost a byte. (Big5, EUC-KR and EUC-JP lose a byte of most
#: UTF-8 Chinese characters: no case of those paths is recoverable.)
RECOVERABLE = [p for p in PATHS if p not in ("big5", "cp950", "big5hkscs", "euc-kr", "cp949", "euc-jp")]


def _chain(text: str) -> str:
    for step in STEPS:
        text = step(text)
    return text


def _fold(text: str) -> str:
    return re.sub("\ufffd+", "\ufffd", text)


@pytest.mark.parametrize("case", PATH_CASES, ids=[c["label"] for c in PATH_CASES])
def test_path_cases(case: dict[str, str]) -> None:
    assert _chain(case["original"]) == case["fixed"]


@pytest.mark.parametrize("path", RECOVERABLE)
def test_recoverable_chinese_is_repaired_exactly(path: str) -> None:
    total = exact = 0
    for text in CHINESE:
        case = damage(text, path)
        if case.damaged == text or case.lost > 0.25:
            continue
        total += 1
        exact += _fold(_chain(case.damaged)) == _fold(case.expected)
    print(f"\n{path}: {exact} of {total} exact")
    assert total >= 5
    assert exact >= 0.9 * total


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("loss", ["replace", "question", "ignore"])
def test_no_repair_is_worse_than_the_damage(path: str, loss: str) -> None:
    """Every language, every loss mode: a repair never moves further from the original."""
    for texts in (CHINESE, SENTENCES["ja"], SENTENCES["ko"]):
        for text in texts:
            case = damage(text, path, loss)
            out = _chain(case.damaged)
            if out == case.damaged:
                continue
            after = difflib.SequenceMatcher(None, out, case.expected, autojunk=False).ratio()
            before = difflib.SequenceMatcher(None, case.damaged, case.expected, autojunk=False).ratio()
            assert after >= before, (path, loss, text, out)


@pytest.mark.parametrize("text", [*TRAPS, *CLEAN])
def test_clean_text_in_every_script_is_unchanged(text: str) -> None:
    assert _chain(text) == text


def test_full_width_letters_next_to_a_shifted_run_are_kept() -> None:
    shifted = GBKPhase.examples[0][0]
    assert GBKPhase()("的ＯＧＳ" + shifted) == "的ＯＧＳ" + GBKPhase.examples[0][1]


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_phase_leaves_other_mojibake_to_mojibake_cjk(codec: str) -> None:
    """UTF-8 read as GBK is not one shifted stretch: re-pairing it would make new garbage."""
    for text in SIMPLIFIED:
        damaged = text.encode("utf-8").decode(codec, "replace").replace("\ufffd", "?")
        assert phase.find_repairs(damaged) == []


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x17F), max_size=80))
def test_legacy_never_changes_latin_text(text: str) -> None:
    """Latin letters with accents (any order) are never read as legacy CJK bytes
    unless they decode to everyday Chinese backed by dictionary words."""
    for repair in legacy.find_repairs(text):
        assert all("\u4e00" <= ch <= "\u9fff" or not ch.isalpha() for ch in repair.new)


@given(
    st.sampled_from(CHINESE),
    st.sampled_from(sorted(PATHS)),
    st.sampled_from(["replace", "question", "ignore"]),
)
def test_repair_is_idempotent(text: str, path: str, loss: str) -> None:
    once = _chain(damage(text, path, loss).damaged)
    assert _chain(once) == once
