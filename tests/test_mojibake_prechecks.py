"""The mojibake steps' cheap pre-checks never hide what their patterns would find."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from normkit.mojibake import cjk, latin
from normkit.mojibake.tables import suspect_chars, suspect_pair

_LEADS = sorted(latin._leads())
_CONTS = sorted(latin._conts())
_SUSPECTS = sorted(suspect_chars())
_OTHERS = list("中文测试，。“”…—·?\ufffd \n\r\tabc\x80\x81\x9d\u200b\ufeff\x00🙂\ud800")

texts = st.text(alphabet=st.sampled_from(_LEADS + _CONTS + _SUSPECTS + _OTHERS), max_size=40)
latin_texts = st.text(alphabet=st.sampled_from(_LEADS[::7] + _CONTS[::7] + _OTHERS), max_size=40)


@given(text=latin_texts)
def test_latin_pre_check_hides_no_candidate(text: str) -> None:
    bare = text.translate(latin._INVISIBLE)
    if latin._candidate_line().search(bare) is not None:
        assert latin.might_have_mojibake(text)


@given(text=latin_texts)
def test_latin_pre_check_is_exact_without_invisible_characters(text: str) -> None:
    if text.translate(latin._INVISIBLE) == text and not (text and text[-1] in _LEADS):
        assert latin.might_have_mojibake(text) == (latin._candidate_line().search(text) is not None)


@given(text=texts)
def test_cjk_pre_check_is_its_pattern(text: str) -> None:
    expected = "\ufffd" in text or suspect_pair().search(text) is not None
    assert cjk.might_have_mojibake(text) == expected


def test_pre_checks_rule_out_clean_chinese() -> None:
    text = "记者从市政府了解到，新的交通规划将于明年实施。他说：“我们会尽快完成。”区(qū)\n" * 50
    assert not latin.might_have_mojibake(text)
    assert not cjk.might_have_mojibake(text)
    assert latin.might_have_mojibake(text + "naÃ¯ve")
    assert cjk.might_have_mojibake(text + "荳ｭ蝗ｽ莠ｺ")
