"""Regressions: clean text beside misread CJK text, and mojibake hidden by C1 controls."""

from __future__ import annotations

import contextlib
import difflib

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normkit
from mojibake_cases import PATH_CASES, SENTENCES
from normkit.mojibake import cjk
from normkit.mojibake.paths import damage
from normkit.normalisers.mojibake import CJKMojibake, GBKPhase, LatinMojibake


def _chain(text: str) -> str:
    for cls in (LatinMojibake, CJKMojibake, GBKPhase):
        text = cls()(text)
    return text


def _misread(text: str, codec: str) -> str:
    return text.encode().decode(codec, "replace")


# --- clean CJK text beside misread text ----------------------------------------------------


@pytest.mark.parametrize("clean", ["瘁", "昀", "辭", "a 瘁 b", "真的宜?", "?競", "标题：瘁"])
@pytest.mark.parametrize("codec", ["cp932", "shift_jis", "gbk", "gb18030"])
def test_clean_line_beside_misread_text_is_kept(clean: str, codec: str) -> None:
    """A short repair needs its misreading confirmed on its own line, not elsewhere.

    瘁 is E1 81 in Shift-JIS, the start of a UTF-8 character: on a line of its own
    beside a Shift-JIS misreading it was taken for a character whose last byte was
    lost. 宜 or 競 next to a real ``?`` were taken for a character with a lost byte.
    """
    damaged = _misread(SENTENCES[0], codec)
    for text, kept in ((clean + "\n" + damaged, clean + "\n"), (damaged + "\n" + clean, "\n" + clean)):
        once = _chain(text)
        assert kept in once
        assert once.replace(kept, "") == _chain(damaged)
        assert _chain(once) == once


def test_fragments_on_a_confirmed_line_are_still_repaired() -> None:
    # 和 lost its last byte; the rest of the line confirms Shift-JIS.
    damaged = "我在 Google 工作，主要使用 Python 和 C++ 编程。".encode().decode("shift_jis", "ignore")
    assert " 蜥 " in damaged
    assert " \ufffd C++" in cjk.repair(damaged)


@pytest.mark.parametrize(
    ("clean", "codec"),
    [("辭：", "cp932"), ("辭，", "shift_jis"), ("鞄：", "gbk"), ("璨。", "gbk"), ("濡，", "gb18030")],
)
def test_clean_text_just_before_a_misread_span_stays_out_of_the_repair(clean: str, codec: str) -> None:
    """辭： is E7 86 81 46 in Shift-JIS: UTF-8 for 熁 and an F, which joined the repair."""
    damaged = _misread(SENTENCES[0], codec)
    once = _chain(clean + damaged)
    assert once == clean + _chain(damaged)
    assert _chain(once) == once


@pytest.mark.parametrize(
    ("clean", "codec"),
    [("，瞄", "gbk"), ("。廓", "gbk"), ("：慫", "cp932"), ("瞄", "gb18030"), ("，我们", "gbk")],
)
def test_clean_text_just_after_a_misread_span_stays_out_of_the_repair(clean: str, codec: str) -> None:
    """，瞄 is A3 AC C3 E9 in GBK: broken UTF-8 that joined the lossy end of the repair."""
    damaged = _misread(SENTENCES[0], codec)
    once = _chain(damaged + clean)
    assert once == _chain(damaged) + clean
    assert _chain(once) == once


def test_the_rest_of_a_broken_character_stays_in_the_repair() -> None:
    """傘 here is bytes 82 E3: the end of 。 (E3 80 82, its 80 lost) and the start of 」."""
    damaged = "他們說：「明天會下雨，記得帶傘。」".encode().decode("gb18030", "ignore")
    assert damaged.endswith("樸傘")
    assert cjk.repair(damaged).endswith("帶傘\ufffd\ufffd")


# --- C1 controls and no-break spaces in Latin mojibake ---------------------------------------


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("\x8dÂ\x80", "€"),
        ("\x81á\x91¸", "ᑸ"),
        ("na\x8dÃ¯ve", "naïve"),
        ("naïve caf\x81Ã©", "naïve café"),
        ("He said \x90â€œhelloâ€\x9d", "He said “hello”"),
        ("doesn\x8fÃ¢â‚¬â„¢t", "doesn’t"),
        ("中文 \x8dÃ©", "中文 é"),
        ("x\xa0Ã©", "x é"),
    ],
)
def test_mojibake_behind_c1_controls_is_repaired_in_one_pass(damaged: str, repaired: str) -> None:
    """C1 controls ftfy leaves (0x81, 0x8D, 0x8F, 0x90, 0x9D have no windows-1252
    character) are deleted later, and no-break spaces made plain: the repair sees
    through them at once."""
    assert LatinMojibake()(damaged) == repaired
    for profile in ("minimal", "default"):
        pipe = normkit.Pipeline.from_profile(profile)
        once = pipe.clean(damaged)
        assert pipe.clean(once) == once, profile


def test_c1_controls_that_are_mojibake_stay_evidence() -> None:
    assert LatinMojibake()("He said â€œhelloâ€\x9d") == "He said “hello”"
    assert LatinMojibake()("Ã\x81©") == "Á©"


def test_c1_controls_alone_are_left_to_unicode_controls() -> None:
    for text in ("a\x81b", "中文\x8d", "\x9d"):
        assert LatinMojibake()(text) == text


def test_a_lone_carriage_return_ends_a_line() -> None:
    """``unicode.controls`` makes a lone ``\\r`` a line break: each side is its own line."""
    for after in ("中文", "\x80", "абв"):
        assert LatinMojibake()("»Ä\r" + after) == LatinMojibake()("»Ä") + "\r" + LatinMojibake()(after)
        pipe = normkit.Pipeline.from_profile("default")
        once = pipe.clean("»Ä\r" + after)
        assert pipe.clean(once) == once


# --- a repair is stable: its output is no candidate for the next run ---------------------

#: Characters that show bytes (latin-1 letters and symbols, C1 controls and what
#: windows-1252 makes of them), invisible characters ``unicode.controls`` removes, a
#: no-break space and a little ASCII: few enough that two-pair stretches come up often.
_BYTE_SHOWN = tuple("ÓÄÃÊ¯®ºã£¬À½çé©¶\x80\x81\x9b\x9d€›‚\x1f\u200b\xa0 Da?")


@given(text=st.text(alphabet=st.sampled_from(_BYTE_SHOWN), max_size=12))
def test_latin_repair_is_stable_on_shown_bytes(text: str) -> None:
    """One repair may uncover another (ftfy makes ``\\x9b`` ``›`` and drops an invisible
    character: legacy GBK bytes then); the step repeats until nothing is left."""
    once = LatinMojibake()(text)
    assert LatinMojibake()(once) == once


@pytest.mark.parametrize("case", PATH_CASES, ids=[c["label"] for c in PATH_CASES])
def test_every_step_is_idempotent_on_path_cases(case: dict[str, str]) -> None:
    for step in (LatinMojibake(), CJKMojibake(), GBKPhase()):
        once = step(case["original"])
        assert step(once) == once, step.name


# --- UTF-8 read as EUC-KR / cp949 (about 45 % of Chinese characters lose a byte) or as
# --- Big5-HKSCS (about 65 %): what survives is given back where a stretch is half whole

_CP949_TRAPS = (
    "佢哋琴日去咗邊度呀？我哋冇嘢做，啲人都走晒喇。嘅嘢噃喺度",
    "香港特別行政區政府 立法會 屯門 旺角 銅鑼灣 鰂魚涌 深水埗 𨋢 㗎 嚟",
    "대한민국 憲法 第一條 ①大韓民國은 民主共和國이다. 國民主權과 三權分立",
    "서울特別市 鍾路區 世宗大路 209 政府서울廳舍",
    "金正浩의 大東輿地圖는 朝鮮 後期의 地圖이다.",
    "한국어 텍스트입니다. 오늘은 날씨가 정말 좋습니다. 같이 산책하러 갈까요?",
    "鬱陵島와 獨島는 慶尙北道에 속한다. 齒科, 醫療, 蔘鷄湯",
    "記者從市政府了解到，新的交通規劃將於明年實施。",
)


@pytest.mark.parametrize("text", _CP949_TRAPS)
def test_clean_korean_and_chinese_are_not_taken_for_cp949_or_big5_misreadings(text: str) -> None:
    assert _chain(text) == text
    for codec in ("cp949", "big5hkscs"):
        with contextlib.suppress(UnicodeEncodeError):
            assert _chain(text.encode(codec).decode(codec)) == text


@pytest.mark.parametrize(
    ("clean", "path", "exact"),
    [
        (
            "他们虽然身份不同，却共同选择“逆行”，在党组织的引领下，同心守卫家园，把基层的“防疫网”扎得更牢、织得更密。",
            "cp949",
            True,
        ),
        ("저는 매일 아침 커피를 마시면서 신문을 읽습니다.", "cp949", False),
        ("疫情就是命令，防控就是責任。", "big5hkscs", False),
        ("黨建引領 政府主導", "big5hkscs", True),
    ],
)
def test_lossy_cp949_and_big5_misreadings_are_partly_repaired(clean: str, path: str, exact: bool) -> None:
    """Lost characters become U+FFFD and what survives is given back (the Korean
    sentence only in part: a stretch too broken to read stays as it was)."""
    case = damage(clean, path)
    out = _chain(case.damaged)
    assert case.lost > 0.25  # not recoverable by the usual rules
    if exact:
        assert out == case.expected
    else:
        before = difflib.SequenceMatcher(None, case.damaged, case.expected, autojunk=False).ratio()
        after = difflib.SequenceMatcher(None, out, case.expected, autojunk=False).ratio()
        assert after > before + 0.2
    assert _chain(out) == out
