"""The tier counts of ``mojibake.scoring`` (one ``str.translate`` over a BMP table)
against the definition: the common tier deleted, ideographs, kana and hangul counted."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from normkit.mojibake.scoring import (
    Profile,
    all_common,
    common_or_ascii,
    profile,
    profile_spans,
    tiers,
)
from normkit.mojibake.tables import common_chars

_LETTER = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3041-\u30ff\u31f0-\u31ff\uac00-\ud7a3]"
)
#: Characters from every tier: common hanzi, kana and punctuation, rare hanzi, hangul,
#: half-width katakana, Latin, symbols, private use, beyond the BMP, loss marks.
_ALPHABET = "中文测试你好，。「」の한국鍖呭湴鍧€譛ｬ谺｡ｯabc ?é€★\ue15f\U00020000\U0001f600\ufffd瘨舀"


def _reference(text: str, marks: str) -> tuple[int, int, int, int]:
    """The counts as first written: common characters deleted by a dictionary."""
    common = common_chars()
    uncommon = "".join(ch for ch in text if ch not in common)
    ascii_count = sum(ch.isascii() for ch in text)
    replacement = uncommon.count("\ufffd")
    question = text.count("?") if "?" in marks else 0
    rare = len(_LETTER.findall(uncommon))
    odd = len(uncommon) - ascii_count - rare - replacement
    lost = question + (replacement if "\ufffd" in marks else 0)
    if "\ufffd" not in marks:
        odd += replacement
    return len(text) - len(uncommon), rare, odd, lost


def _counts(p: Profile) -> tuple[int, int, int, int]:
    return p.common, p.rare, p.odd, p.lost


@given(st.text(alphabet=_ALPHABET, max_size=90), st.sampled_from(["\ufffd", "\ufffd?", "?"]))
def test_profile_counts_as_defined(text: str, marks: str) -> None:
    assert _counts(profile(text, marks)) == _reference(text, marks)
    found = tiers(text)
    assert len(found) == len(text)
    assert all_common(text) == all(ch in common_chars() for ch in text)
    assert common_or_ascii(text) == all(ch in common_chars() or ch.isascii() for ch in text)


@given(st.text(alphabet=_ALPHABET, max_size=30), st.data())
def test_profile_of_spans_is_profile_of_the_pieces_joined(text: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    spans = list(zip(cuts[::2], cuts[1::2], strict=False))
    joined = "".join(text[a:b] for a, b in spans)
    for marks in ("\ufffd", "\ufffd?"):
        p = profile_spans(tiers(text), text, spans, marks)
        q = profile(joined, marks)
        assert _counts(p) == _counts(q)
        assert (p.total, p.badness) == (q.total, q.badness)


def test_badness_of_everyday_and_misread_text() -> None:
    assert profile("中文测试").badness == 0.0
    assert profile("\ufffd\ufffd").badness == 2.0  # nothing kept
    assert profile("鍖呭湴鍧").badness > 0.5
