"""The paths by which text gets misread on the web, for tests and benchmarks.

``damage(text, path, loss)`` misreads ``text`` along ``path`` and returns what a
reader got, with the best repair the bytes allow: ``text`` with every character whose
bytes were partly lost as U+FFFD.

>>> damage("数据包地址", "gbk-web").damaged
'鏁版嵁鍖呭湴鍧€'
>>> damage("你好", "gbk-as-cp1252").damaged
'ÄãºÃ'
>>> d = damage("日本語です", "cp932-dot")
>>> d.damaged, d.expected
('譌･譛ｬ隱槭〒縺・', '日本語で\\ufffd')
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass

#: path -> (encoding of the bytes, how they were read). UTF-8 paths read UTF-8 bytes.
PATHS: dict[str, tuple[str, str]] = {
    "latin-1": ("utf-8", "latin-1"),
    "cp1252": ("utf-8", "web-cp1252"),
    "gbk": ("utf-8", "gbk"),
    "gb18030": ("utf-8", "gb18030"),
    "gbk-web": ("utf-8", "web-gbk"),
    "big5": ("utf-8", "big5"),
    "cp950": ("utf-8", "cp950"),
    "big5hkscs": ("utf-8", "big5hkscs"),
    "euc-kr": ("utf-8", "euc_kr"),
    "cp949": ("utf-8", "cp949"),
    "shift_jis": ("utf-8", "shift_jis"),
    "cp932": ("utf-8", "cp932"),
    "cp932-dot": ("utf-8", "cp932"),
    "euc-jp": ("utf-8", "euc_jp"),
    "gbk-as-cp1252": ("gbk", "web-cp1252"),
    "big5-as-cp1252": ("cp950", "web-cp1252"),
    "utf-8-gbk-cp1252": ("utf-8", "gbk+web-cp1252"),
}
#: Hand-written clean sentences per language (the benchmark adds real pages' sentences).
SENTENCES: dict[str, tuple[str, ...]] = {
    "zh-Hans": (
        "中文测试，这是一个“例子”。我们的生活很美好。",
        "经济发展需要科学技术的支持，也需要人民的努力。",
        "记者从市政府了解到，新的交通规划将于明年实施。",
        "数据包地址和所有事件发布时间都在日志里。",
    ),
    "ja": (
        "日本語のテキストです。東京は大きい都市です。",
        "今日はとても暑いので、冷たい飲み物が欲しいです。",
        "私は毎朝コーヒーを飲みながら新聞を読みます。",
        "この本はとても面白かったので、友達にも勧めました。",
        "データベースの設定を変更してから、サーバーを再起動してください。",
        "新しいプロジェクトの会議は来週の月曜日に行われます。",
        "駅の近くに新しいレストランができたそうです。",
        "ファイルを保存できませんでした。もう一度お試しください。",
    ),
    "ko": (
        "한국어 텍스트입니다. 서울은 큰 도시입니다.",
        "오늘은 날씨가 정말 좋습니다. 같이 산책하러 갈까요?",
        "저는 매일 아침 커피를 마시면서 신문을 읽습니다.",
        "이 책은 아주 재미있어서 친구에게도 추천했습니다.",
        "데이터베이스 설정을 변경한 후 서버를 다시 시작하십시오.",
        "다음 주 월요일에 새 프로젝트 회의가 있습니다.",
        "파일을 저장하지 못했습니다. 다시 시도해 주십시오.",
        "역 근처에 새로운 식당이 생겼다고 합니다.",
    ),
}
#: Clean texts in many scripts that no repair may change: letters that look like
#: mojibake, full-width letters, ``?`` and U+FFFD in clean text.
TRAPS: tuple[str, ...] = (
    "Ã 和 Â 在葡萄牙语里是正常字母",
    "Não, São Paulo e Ã são palavras; Â também.",
    "的ＯＧＳ和ＣＰＵ：Ｉｎｔｅｌ，内存１６ＧＢ",
    "他问：“真的吗?” 答：“是的\ufffd” ??? \ufffd\ufffd",
    "ภาษาไทยเป็นภาษาที่สวยงาม",
    "Η ελληνική γλώσσα είναι όμορφη.",
    "Русский язык — красивый язык.",
    "Українська мова; ї, є, ґ.",
    "עברית היא שפה יפה",
    "اللغة العربية جميلة",
    "हिन्दी एक सुंदर भाषा है।",
    "Tiếng Việt có nhiều dấu: ắ, ặ, ổ, ữ.",
    "Crème brûlée, naïve façade, Ærøskøbing, Łódź, Dvořák, Þórr.",
    "ÉLÈVES ÀÉÈ ÇÀ ÔÎÛ — RÉSUMÉ DÉJÀ ÉTÉ",
    "Überprüfung der Größenänderung; Äöü ÄÖÜ ßẞ.",
    "Él está aquí; ¿Qué pasó? ¡Olé! Año, niño, acción.",
    "Đây là tiếng Việt: Ảnh hưởng, Ước mơ, Ổn định, Ẩm thực.",
    "Íslenska: Þjóðin, Ærið, Ödýr, Ýmsir, Áður.",
    "«Ça va?» — «Très bien, merci!» ½ ¼ ¾ ± × ÷ ° µ ¶ § © ®",
    "价格：€100，约合人民币780元。",
    "锟斤拷是一个著名的乱码。烫烫烫也是。",
    "涓枃 is what 中文 looks like when misread — here quoted, in a sentence about it.",
    "鑫淼焱垚犇骉羴猋麤靐龘齉 — characters made of repeated parts",
    "什么？！ 真的吗?? 薄荷 澳门",
    "ﾊﾝｶｸｶﾀｶﾅ と 全角カタカナ・中黒",
    "𠮷野家で𩸽を食べた。𠀋𡈽𡌛𡑮𡢽𠮟",
    "佢哋琴日去咗邊度呀？我哋冇嘢做，啲人都走晒喇。",
    "大韓民國 憲法 第一條 ①大韓民國은 民主共和國이다.",
)
#: How a lost byte shows: U+FFFD, ``?``, nothing, or (``cp932-dot``) ``・``.
LOSSES = ("replace", "question", "ignore")


@dataclass(frozen=True)
class Damaged:
    """What :func:`damage` gives: the text as misread, as the best repair can give it back,
    and how much was lost.

    >>> damage("你好", "gbk-as-cp1252")
    Damaged(damaged='ÄãºÃ', expected='你好', lost=0.0)
    """

    damaged: str
    expected: str
    #: Share of the non-ASCII characters that lost a byte.
    lost: float


def damage(text: str, path: str, loss: str = "replace") -> Damaged:
    """``text`` misread along ``path``; undecodable bytes shown as ``loss`` says.

    >>> damage("数据", "gbk-web").damaged, damage("abc", "gbk-web").damaged
    ('鏁版嵁', 'abc')
    """
    source, reader = PATHS[path]
    try:
        raw = text.encode(source)
    except UnicodeEncodeError:
        return Damaged(text, text, 0.0)
    lost: list[tuple[int, int]] = []

    def track(exc: UnicodeError) -> tuple[str, int]:
        assert isinstance(exc, UnicodeDecodeError)
        lost.append((exc.start, exc.end))
        return "\ufffd", exc.end

    codecs.register_error("normkit-paths-track", track)
    if reader == "gbk+web-cp1252":  # UTF-8 read as GBK, saved as UTF-8, read as windows-1252
        first = raw.decode("gbk", "normkit-paths-track")
        damaged = _web_cp1252(first.encode("utf-8"))
    elif reader == "web-cp1252":
        damaged = _web_cp1252(raw)
    elif reader == "web-gbk":
        codecs.register_error("normkit-paths-web-gbk", lambda exc: _euro(exc, track))
        damaged = raw.decode("gb18030", "normkit-paths-web-gbk")
    else:
        damaged = raw.decode(reader, "normkit-paths-track")
    mark = {"replace": "\ufffd", "question": "?", "ignore": ""}[loss]
    if path == "cp932-dot":
        mark = "・" if loss != "ignore" else ""
    damaged = damaged.replace("\ufffd", mark) if mark != "\ufffd" else damaged
    gone = {b for start, end in lost for b in range(start, end)}
    expected: list[str] = []
    pos = wide = broken = 0
    for ch in text:
        size = len(ch.encode(source))
        wide += size > 1
        if any(b in gone for b in range(pos, pos + size)):
            expected.append("\ufffd")
            broken += 1
        else:
            expected.append(ch)
        pos += size
    return Damaged(damaged, "".join(expected), broken / max(wide, 1))


def _web_cp1252(raw: bytes) -> str:
    """windows-1252 as browsers decode it: the five undefined bytes as C1 controls."""
    return "".join(
        bytes((b,)).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in raw
    )


def _euro(exc: UnicodeError, otherwise: Callable[[UnicodeError], tuple[str, int]]) -> tuple[str, int]:
    """GBK as browsers decode it (WHATWG: the gb18030 decoder, and a lone byte 0x80 is
    ``€``, where Python's codecs fail)."""
    assert isinstance(exc, UnicodeDecodeError)
    if exc.object[exc.start] == 0x80 and exc.end == exc.start + 1:
        return "€", exc.end
    return otherwise(exc)
