"""pinyin.glosses: converter glosses go, real phonetic annotation stays."""

from __future__ import annotations

import pytest

from normkit.normalisers.pinyin import Glosses, traditional_only

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
