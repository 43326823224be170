"""pinyin.glosses: glosses that read the characters before them go; other brackets stay.

The gloss set below is written for these tests (not taken from the pages the rule was
tuned on): each line holds glosses as they occur on the web (toned and toneless, after
simplified and traditional characters, half- and full-width brackets, one syllable or a
word's) and traps (brackets that are not readings, and real phonetic annotation).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normkit
from normkit.normalisers.pinyin import Glosses, readings

#: (glossed, expected): every gloss here reads the characters before it.
REMOVED = [
    ("烟(yan)台市(shi)教育装备(bei)中心", "烟台市教育装备中心"),
    ("城市小區(qū)是重點，發(fā)揮戰(zhàn)斗堡壘作用", "城市小區是重點，發揮戰斗堡壘作用"),
    ("小区（qu）和社区（qū）", "小区和社区"),
    ("區（qu）域發展", "區域發展"),
    ("欢迎来到教育(jiaoyu)频道", "欢迎来到教育频道"),
    ("本地新闻(xin wen)播报", "本地新闻播报"),
    ("办理信用卡(ka)请联系客服(fu)", "办理信用卡请联系客服"),
    ("綠(lǜ)色出行，綠(lv)化城市", "綠色出行，綠化城市"),
    ("戰(zhàn)(zhàn)區與網(wǎng)站", "戰區與網站"),
    ("烟(yan)台是一座城市", "烟台是一座城市"),
]

#: Brackets left alone: not readings, or real annotation.
KEPT = [
    "人工智能(AI)是一门学科",
    "世界卫生组织(WHO)发布报告",
    "第三章(一)总则",
    "本报讯(记者 张三)昨日",
    "他回答(yes)然后离开",
    "上海(Shanghai)与北京(Beijing)",
    "微信(WEIXIN)号",
    "苹果(Apple)公司",
    "方案(a)与方案(b)",
    "区(ab)与战(12)",
    "函数f(x)与g(a)",
    "中(zhong文)",
    # teaching texts gloss characters in a row
    "曲(qū)项(xiàng)向(xiàng)天(tiān)歌(gē)",
    "白(bai)日(ri)依(yi)山(shan)尽(jin)",
    "鵝(é)鵝(é)鵝(é)，曲(qū)項(xiàng)向(xiàng)天(tiān)歌(gē)",
    # texts about readings: one character, two readings
    "他姓繆(miào)，不姓繆(móu)。",
    "行(xing)走与银行(hang)的行字读音不同：行(háng)",
    # dictionary entries: headwords
    "區(qū)：區域；地區(qū)的區。",
    "區(qū)\n地區、區域。",
    # a wrong reading is not a gloss
    "烟(tai)台",
    "教育(jiaoyv)频道",
    # code
    "调用 jieba(cut) 即可",
]


@pytest.mark.parametrize(("text", "expected"), REMOVED)
def test_glosses_that_read_the_characters_are_removed(text: str, expected: str) -> None:
    assert Glosses()(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_other_brackets_are_kept(text: str) -> None:
    assert Glosses()(text) == text


def test_traditional_and_simplified_alike() -> None:
    # s2t, not s2twp: s2twp rewrites words (社区 → 社群), and the gloss then reads nothing
    for text, expected in REMOVED:
        hant = normkit.convert(text, "s2t")
        assert Glosses()(hant) == normkit.convert(expected, "s2t"), hant


def test_decided_before_punctuation_widening() -> None:
    out = normkit.clean("烟(yan)台市(shi)教育装备(bei)中心,人工智能(AI)发展")
    assert out == "烟台市教育装备中心，人工智能（AI）发展"


def test_readings_come_from_pypinyin() -> None:
    toned, toneless = readings("行")
    assert {"xíng", "háng"} <= toned and {"xing", "hang"} <= toneless
    assert readings("a") == (frozenset(), frozenset())


def test_options() -> None:
    one = "小區(qū)和社区"
    assert Glosses(min_glosses=2)(one) == one
    assert Glosses(teaching_run=10)("白(bai)日(ri)依(yi)山(shan)") == "白日依山"
    with pytest.raises(ValueError):
        Glosses(min_glosses=0)


_pieces = st.lists(
    st.sampled_from(
        [
            *"區战烟台中行曲项 \n:：()（）",
            "qū",
            "qu",
            "zhàn",
            "yan",
            "Zhàn",
            "tai",
            "xiàng",
            "lǜ",
            "lv",
            "AI",
            "(x)",
        ]
    ),
    max_size=30,
).map("".join)


@given(_pieces)
def test_idempotent_and_only_removes(text: str) -> None:
    once = Glosses()(text)
    assert Glosses()(once) == once
    # only whole brackets go: what is left is a subsequence of the text
    it = iter(text)
    assert all(c in it for c in once)
