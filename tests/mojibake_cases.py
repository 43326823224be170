"""Generator of mojibake test cases: clean sentences corrupted with every codec pair and loss mode.

Each case knows its expected repair: the clean text, where every character that lost
a byte in the corruption becomes U+FFFD (the bytes cannot tell what it was).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

SIMPLIFIED = (
    "中文测试，这是一个“例子”。我们的生活很美好。",
    "今天天气很好，我们一起去公园散步吧！",
    "经济发展需要科学技术的支持，也需要人民的努力。",
    "他说：“这个问题我们明天再讨论。”大家都同意了。",
    "学校组织学生参观了博物馆，同学们都很高兴。",
    "记者从市政府了解到，新的交通规划将于明年实施。",
    "这本书讲述了一个普通家庭三代人的故事（上册）。",
    "请大家注意安全，不要在河边游泳。",
)
TRADITIONAL = (
    "這個問題很重要，我們應該認真對待。",
    "臺灣的夜市非常熱鬧，有很多好吃的東西。",
    "他們說：「明天會下雨，記得帶傘。」",
    "香港的經濟發展與國際貿易關係密切。",
    "這家餐廳的服務態度很好，價格也合理。",
)
JAPANESE = (
    "日本語のテキストです。東京は大きい都市です。",
    "今日はとても暑いので、冷たい飲み物が欲しいです。",
    "私は毎朝コーヒーを飲みながら新聞を読みます。",
    "この本はとても面白かったので、友達にも勧めました。",
)
KOREAN = (
    "한국어 텍스트입니다. 서울은 큰 도시입니다.",
    "오늘은 날씨가 정말 좋습니다. 같이 산책하러 갈까요?",
    "저는 매일 아침 커피를 마시면서 신문을 읽습니다.",
    "이 책은 아주 재미있어서 친구에게도 추천했습니다.",
)
MIXED = (
    "我在 Google 工作，主要使用 Python 和 C++ 编程。",
    "iPhone 15 的价格是 5999 元，比去年便宜了 10%。",
    "請訪問 https://example.com 了解更多資訊。",
    "東京オリンピック2020は COVID-19 のため延期されました。",
    "삼성전자는 2024년에 새로운 Galaxy 스마트폰을 출시했다.",
    "《三体》的英文版 The Three-Body Problem 获得了雨果奖。",
)
SENTENCES = SIMPLIFIED + TRADITIONAL + JAPANESE + KOREAN + MIXED

#: The codecs a UTF-8 text gets misread as (Python names), and the family it belongs to.
CODECS = {
    "gbk": "gbk",
    "gb18030": "gbk",
    "gb2312": "gbk",
    "big5": "big5",
    "cp950": "big5",
    "shift_jis": "shift-jis",
    "cp932": "shift-jis",
    "euc_kr": "euc-kr",
    "cp949": "euc-kr",
    "euc_jp": "euc-jp",
}
#: How undecodable bytes end up: U+FFFD, a question mark, or nothing.
LOSS_MODES = ("replace", "question", "ignore")

#: Clean text around a corrupted span.
CONTEXTS = (
    ("", ""),
    ("新闻标题\n", "\n责任编辑：张三"),
    ("Title: ", " (source)"),
    ("正文第一段。\n\n", ""),
)

_lost_ranges: list[tuple[int, int]] = []


def _track(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _lost_ranges.append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("mojibake-cases-track", _track)


@dataclass(frozen=True)
class Case:
    clean: str  # the text before corruption
    damaged: str  # what the reader got
    expected: str  # the best repair the bytes allow
    codec: str
    loss: str
    lost_fraction: float  # share of the span's non-ASCII characters that lost a byte
    ambiguous: bool  # the surviving bytes themselves mislead (see :func:`corrupt`)

    @property
    def recoverable(self) -> bool:
        """Little enough lost, and what survives says unambiguously what it was."""
        return self.lost_fraction <= 0.25 and not self.ambiguous

    @property
    def hopeless(self) -> bool:
        """Too much lost: the span must be left alone."""
        return self.lost_fraction > 0.5

    @property
    def id(self) -> str:
        return f"{self.codec}-{self.loss}-{self.clean[:8]}"


def corrupt(text: str, codec: str, loss: str) -> tuple[str, str, float, bool]:
    """Misread ``text``'s UTF-8 as ``codec``; return (damaged, expected, lost fraction, ambiguous).

    A case is ambiguous when no reader of the damaged text could know the expected
    repair: with dropped bytes, the survivors of two broken characters can join into a
    valid but wrong one (the surviving bytes, decoded, differ from the expectation); with
    ``?`` for lost bytes, a real ``?`` in the text cannot be told from a lost byte.
    """
    raw = text.encode("utf-8")
    _lost_ranges.clear()
    damaged = raw.decode(codec, "mojibake-cases-track")
    lost_bytes = {b for start, end in _lost_ranges for b in range(start, end)}
    if loss == "question":
        damaged = damaged.replace("\ufffd", "?")
    elif loss == "ignore":
        damaged = damaged.replace("\ufffd", "")
    expected = []
    pos = 0
    lost = wide = 0
    for ch in text:
        size = len(ch.encode("utf-8"))
        if size > 1:
            wide += 1
        if any(b in lost_bytes for b in range(pos, pos + size)):
            expected.append("\ufffd")
            lost += 1
        else:
            expected.append(ch)
        pos += size
    expected_text = "".join(expected)
    ambiguous = False
    if loss == "ignore":
        survivors = bytes(b for i, b in enumerate(raw) if i not in lost_bytes)
        ambiguous = _fold(survivors.decode("utf-8", "replace")) != _fold(expected_text)
    elif loss == "question":
        ambiguous = "?" in text
    return damaged, expected_text, lost / max(wide, 1), ambiguous


def _fold(text: str) -> str:
    """Text with each run of U+FFFD made one (how many characters a gap held is unknowable)."""
    return re.sub("\ufffd+", "\ufffd", text)


def cases() -> Iterator[Case]:
    """Every sentence, in every context, misread as every codec with every loss mode."""
    for sentence in SENTENCES:
        for codec in CODECS:
            for loss in LOSS_MODES:
                damaged, expected, fraction, ambiguous = corrupt(sentence, codec, loss)
                if damaged == sentence:
                    continue
                for before, after in CONTEXTS:
                    yield Case(
                        before + sentence + after,
                        before + damaged + after,
                        before + expected + after,
                        codec,
                        loss,
                        fraction,
                        ambiguous,
                    )


#: Clean texts that must never change.
CLEAN = (
    *SENTENCES,
    "𠀀𪚥𡈽 are rare characters from the CJK extensions; 㐀䶵 too.",
    "ＡＢＣ１２３，全角字符！（测试）",
    "ﾊﾝｶｸｶﾀｶﾅ と 全角カタカナ",
    "👩\u200d💻 程序员 👨\u200d👩\u200d👧 家庭 🇨🇳",
    "∑ᵢ xᵢ² ≤ ∫₀^∞ f(x) dx ± √2 × π ÷ ∞ ≠ ≈",
    "Crème brûlée, naïve façade, São Paulo, Ærøskøbing, Łódź, Dvořák.",
    "Привет, мир! Γειά σου κόσμε! مرحبا بالعالم",
    "锟斤拷是一个著名的乱码。烫烫烫也是。",
    "涓枃 is what 中文 looks like when misread — here quoted, in a sentence about it.",
    "價格：¥1,280（含稅）·運費另計",
    "第①章　概述 ※注意事項 ★★★☆☆",
    "鑫淼焱垚犇骉羴猋麤靐龘齉 — characters made of repeated parts",
    "瑷瑗瑭瑾璀璁璇璋璞璨璩璐璧瓒 — rare jade characters in names",
    "噢嗷嗯嘤嘻嘿噗嚯 — interjections",
    "《詩經·周南·關雎》：關關雎鳩，在河之洲。窈窕淑女，君子好逑。",
    "日本の首都は東京です。ひらがな、カタカナ、漢字を使います。",
    "대한민국의 수도는 서울입니다. 漢字 混用 文章도 있습니다.",
    "? ?? ??? what? 什么？！ 真的吗??",
    "\ufffd\ufffd 原文就有替换字符 \ufffd",
    "佢哋琴日去咗邊度呀？我哋冇嘢做，啲人都走晒喇。嘅嘢噃喺度",
    "鬱鬱蔥蔥，齟齬，饕餮，魑魅魍魎，龜兔賽跑，鑾駕，纛旗，爨底下村",
    "諸葛亮字孔明，琅琊陽都人。亮躬耕隴畝，好為《梁父吟》。",
    "薄荷澳门嘀咕吧嗒溘然长逝，猝不及防，戛然而止，龃龉",
    "憂鬱な気分の日は、檸檬と薔薇の香りで癒やされる。躊躇せずに。",
    "大韓民國 憲法 第一條 ①大韓民國은 民主共和國이다.",
    "𠮷野家で𩸽を食べた。𠀋𡈽𡌛𡑮𡢽𠮟",
    "ＣＰＵ：Ｉｎｔｅｌ　Ｃｏｒｅ　ｉ７－１２７００Ｋ，内存１６ＧＢ",
    "※★☆○●◎◇◆□■△▲▽▼→←↑↓〓§№ ①②③ ⑴⑵ ⅠⅡⅢ",
    "ㄅㄆㄇㄈ注音符號 ㄓㄨˋㄧㄣ ㄈㄨˊ ㄏㄠˋ",
    "Ünïcödé façade résumé ½ ¼ ¾ ° ± µ ¶ § © ® ™ € £ ¥",
)


#: Cases in ftfy's style: what a reader got (``original``) and the repair expected
#: (``fixed``; the same text for a trap). Seen in the wild or built along one path.
PATH_CASES: tuple[dict[str, str], ...] = (
    {"label": "browser GBK: 0x80 as €", "original": "鏁版嵁鍖呭湴鍧€", "fixed": "数据包地址"},
    {"label": "browser GBK: € inside a word", "original": "鎵€鏈夌殑浜", "fixed": "所有的\ufffd"},
    {"label": "short lossless GBK run", "original": "浜嬩欢鍙戝竷鏃堕棿", "fixed": "事件发布时间"},
    {"label": "cp932, lost byte as ・", "original": "譌･譛ｬ隱槭〒縺・", "fixed": "日本語で\ufffd"},
    {"label": "a real ? after misread text", "original": "鏁版嵁鍦ㄥ摢閲??", "fixed": "数据在哪\ufffd?"},
    {
        "label": "a Latin word after misread text",
        "original": "鐢熸椿鐗╄祫淇濅緵APP",
        "fixed": "生活物资保供APP",
    },
    {"label": "GBK bytes shown as windows-1252", "original": "ÄãºÃ£¬ÊÀ½ç", "fixed": "你好，世界"},
    {"label": "Big5 bytes shown as windows-1252", "original": "§A¦n¡A¥@¬É", "fixed": "你好，世界"},
    {"label": "double: UTF-8 → GBK → windows-1252", "original": "æ¶“î…Ÿæžƒå¨´å¬­ç˜¯", "fixed": "中文测试"},
    {
        "label": "trap: Portuguese letters",
        "original": "Ã 和 Â 在葡萄牙语里是正常字母",
        "fixed": "Ã 和 Â 在葡萄牙语里是正常字母",
    },
    {"label": "trap: full-width letters", "original": "的ＯＧＳ和ＣＰＵ", "fixed": "的ＯＧＳ和ＣＰＵ"},
    {
        "label": "left alone: Thai misread as GBK, lossy (not CJK)",
        "original": "喔犩覆喔┼覆喙勦笚喔?喔",
        "fixed": "喔犩覆喔┼覆喙勦笚喔?喔",
    },
    {
        "label": "left alone: Greek misread as GBK (not CJK)",
        "original": "螚 蔚位位畏谓喂魏萎 纬位蠋蟽蟽伪",
        "fixed": "螚 蔚位位畏谓喂魏萎 纬位蠋蟽蟽伪",
    },
    {
        "label": "left alone: Cyrillic misread as GBK, lossy (not CJK)",
        "original": "袪褍褋褋泻懈泄 褟蟹褘泻 鈥? 泻褉邪褋懈胁褘泄",
        "fixed": "袪褍褋褋泻懈泄 褟蟹褘泻 鈥? 泻褉邪褋懈胁褘泄",
    },
    {"label": "trap: Western capitals", "original": "ÉLÈVES ÀÉÈ ÇÀ ÔÎÛ", "fixed": "ÉLÈVES ÀÉÈ ÇÀ ÔÎÛ"},
)
