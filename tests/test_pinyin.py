"""pinyin.glosses: converter glosses go, real phonetic annotation stays."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from normkit.normalisers import pinyin
from normkit.normalisers.pinyin import Glosses, traditional_only
from normkit.normalisers.punctuation import TONED

GLOSSED = (
    "城市小區(qū),,是疫情防控的重中之重。長垣市以發(fā)揮黨組織的戰(zhàn)斗堡壘作用為根本，"
    "通過網(wǎng)絡宣傳，實現(xiàn)全覆蓋。"
)


def test_traditional_table() -> None:
    trad = traditional_only()
    assert {"區", "戰", "發", "網", "現"} <= trad
    # simplified forms, and characters that are their own simplified form, are not in it
    assert not {"区", "战", "曲", "天", "干", "系"} & trad


def test_converter_glosses_removed() -> None:
    assert Glosses()(GLOSSED) == (
        "城市小區,,是疫情防控的重中之重。長垣市以發揮黨組織的戰斗堡壘作用為根本，通過網絡宣傳，實現全覆蓋。"
    )


def test_full_width_brackets_and_repeated_glosses() -> None:
    assert Glosses()("小區（qū）、戰(zhàn)(zhàn)區、網(wǎng)站") == "小區、戰區、網站"


@pytest.mark.parametrize(
    "text",
    [
        # teaching texts gloss every character
        "曲(qū)项(xiàng)向(xiàng)天(tiān)歌(gē)",
        "鵝(é)鵝(é)鵝(é)，曲(qū)項(xiàng)向(xiàng)天(tiān)歌(gē)。白(bái)毛(máo)浮(fú)綠(lǜ)水(shuǐ)",
        # dictionary entries: headwords at line start or before a colon
        "區(qū)：區域。\n戰(zhàn)：戰爭。\n發(fā)：發展。\n網(wǎng)：網絡。",
        # a name glossed once or twice
        "隋唐名將單(shàn)雄信，與尉(yù)遲恭齊名。",
        # simplified text with glosses: not converter output
        "城市小区(qū)，发(fā)挥战(zhàn)斗作用，网(wǎng)格员",
        # brackets that are not pinyin
        "函数f(x)與g(a)，區(ab)，戰(12)",
        "没有注音的繁體中文句子。",
    ],
)
def test_real_annotation_left_alone(text: str) -> None:
    assert Glosses()(text) is text


def test_thresholds_are_options() -> None:
    two = "小區(qū)和戰(zhàn)區"
    assert Glosses()(two) is two
    assert Glosses(min_glosses=2)(two) == "小區和戰區"
    with pytest.raises(ValueError):
        Glosses(min_share=0.0)


# ---------------------------------------------------------------- the fast pattern


@pytest.mark.parametrize(
    "atom", ["z", "h", "c", "s", "n", "g", "r", "[bpmfdtnlgkhjqxrzcsyw]", f"[a-zü{TONED}]"]
)
def test_case_folding_is_spelt_out_as_regex_does_it(atom: str) -> None:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    folded = re.compile(pinyin._folded(atom))
    assert folded.findall(everything) == regex.findall(f"(?i:{atom})", everything)


_gloss_texts = st.lists(
    st.sampled_from(
        [
            *[
                *"區戰發網曲项中 \n:：=\t()（）",
                "qū",
                "zhàn",
                "Zhàn",
                "ZHÀN",
                "xiàng",
                "lüè",
                "ǘ",
                "nǚ",
                "ér",
            ],
            *["shuǐ", "ıi", "İ", "ſhàn", "Kǎ", "ā", "abc", "wǎngg", "(x)", "f(x)", "tiān", "gē"],
        ]
    ),
    max_size=24,
).map("".join)


def _reference(text: str, min_glosses: int = 3, min_share: float = 0.9) -> str:
    trad = pinyin.traditional_only()
    found = [m for m in pinyin._GLOSS.finditer(text) if m.start() > 1 and text[m.start() - 2] != "\n"]
    glossed = [m for m in found if text[m.start() - 1] in trad]
    if len(glossed) < min_glosses or len(glossed) < min_share * len(found):
        return text
    out, pos = [], 0
    for m in glossed:
        out.append(text[pos : m.start()])
        pos = m.end()
    return "".join(out) + text[pos:]


@settings(max_examples=400)
@given(text=_gloss_texts)
def test_glosses_are_found_and_removed_as_the_regex_pattern_does(text: str) -> None:
    fast = [m.span(1) for m in pinyin._gloss_pattern().finditer(text)]
    assert fast == [m.span() for m in pinyin._GLOSS.finditer(text)]
    assert Glosses()(text) == _reference(text)
    assert Glosses(min_glosses=1, min_share=0.5)(text) == _reference(text, 1, 0.5)


@pytest.mark.parametrize(
    "text", ["區(qū)", "中區(qū)", "\n區(qū)", "區(qū)區(qū)", "中\n區(qū)戰(zhàn)", "網(wǎng)\n區(qū)"]
)
def test_glosses_on_first_characters_of_lines_count_as_the_regex_pattern_does(text: str) -> None:
    assert Glosses(min_glosses=1, min_share=0.5)(text) == _reference(text, 1, 0.5)
