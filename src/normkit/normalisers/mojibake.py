"""Mojibake repair (stage ``decode``, first in the chain, every profile).

Three normalisers, in this order:

- ``mojibake.latin``: UTF-8 read as a single-byte code page (ftfy's encoding repair only),
  and legacy GBK/Big5 bytes shown as windows-1252.
- ``mojibake.cjk``: UTF-8 read as GBK (also as browsers read it), Big5, Shift-JIS,
  EUC-KR or EUC-JP, also lossy.
- ``mojibake.gbk_phase``: GBK text decoded one byte out of phase after a lost byte.

The work is done in :mod:`normkit.mojibake`; this module adapts it to the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from .._context import Context
from .._normaliser import ALL_PROFILES, Normaliser, Stage
from ..hookspecs import hookimpl
from ..mojibake import cjk, latin, phase


class _Edit(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def new(self) -> str: ...
    @property
    def reason(self) -> str: ...


def _apply(text: str, edits: Iterable[_Edit], ctx: Context) -> str:
    """Replace the (sorted, disjoint) spans and report each to the context."""
    out: list[str] = []
    pos = 0
    for edit in edits:
        out.append(text[pos : edit.start])
        out.append(edit.new)
        ctx.reason(edit.start, edit.end, edit.reason)
        pos = edit.end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


class LatinMojibake(Normaliser):
    """Repair UTF-8 that was read as latin-1, windows-1252 or another single-byte code page.

    >>> LatinMojibake()("naÃ¯ve cafÃ©")
    'naïve café'
    """

    name = "mojibake.latin"
    stage = Stage.DECODE
    description = (
        "Repair UTF-8 read as latin-1/windows-125x/MacRoman (ftfy's encoding fix only), "
        "and GBK/Big5 bytes shown as windows-1252."
    )
    before = ("unicode.controls", "mojibake.cjk")
    profiles = ALL_PROFILES
    examples = (
        ("naÃ¯ve cafÃ©", "naïve café"),
        ("ä¸­æ–‡ text", "中文 text"),
        ("He said â€œhelloâ€\x9d", "He said “hello”"),
        (
            "第一行\nThe Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows.",
            "第一行\nThe Mona Lisa doesn’t have eyebrows.",
        ),
        ("标题：ÄãºÃ£¬ÊÀ½ç", "标题：你好，世界"),
    )
    keeps = (
        "Ã 和 Â 在葡萄牙语里是正常字母",
        "Não, São Paulo e Ã são palavras; Â também.",
        "“引号”和（括号）保持全角，……——不变。",
        "ＡＢＣ１２３ ﬁne ½ ©2024 ¥100 · Crème brûlée",
        "Η ¨ανατροφή¨ δυστυχώς",
        "Привет, мир!",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        return _apply(text, latin.find_repairs(text), ctx)


def _misread(text: str, codec: str) -> str:
    """``text``'s UTF-8 bytes read as ``codec`` (for the examples)."""
    return text.encode("utf-8").decode(codec, "replace")


def _shifted(text: str, lost: int) -> str:
    """``text`` in GBK with byte ``lost`` gone, read as GBK (for the examples)."""
    raw = text.encode("gbk")
    return (raw[:lost] + raw[lost + 1 :]).decode("gbk", "replace")


class CJKMojibake(Normaliser):
    """Repair UTF-8 that was read as GBK/GB18030, Big5, Shift-JIS, EUC-KR or EUC-JP.

    >>> CJKMojibake()("荳ｭ蝗ｽ莠ｺ豌大ｹｿ謦ｭ逕ｵ蜿ｰ")
    '中国人民广播电台'
    """

    name = "mojibake.cjk"
    stage = Stage.DECODE
    description = (
        "Repair UTF-8 read as GBK (also as browsers read it), Big5, Shift-JIS, EUC-KR or EUC-JP, "
        "also with lost bytes."
    )
    before = ("unicode.controls",)
    profiles = ALL_PROFILES
    examples = (
        ("荳ｭ蝗ｽ莠ｺ豌大ｹｿ謦ｭ逕ｵ蜿ｰ", "中国人民广播电台"),
        ("鏁版嵁鍖呭湴鍧€", "数据包地址"),
        ("譌･譛ｬ隱槭〒縺・", "日本語で\ufffd"),
        (
            _misread("今日はとても暑いので、冷たい飲み物が欲しいです", "gb18030"),
            "今日はとても暑いので、冷たい飲み物が欲しいで\ufffd",
        ),
        (_misread("中文测试，这是一个例子。", "gb18030"), "中文测试，这是一个例子\ufffd"),
        (
            "标题：" + _misread("這個問題很重要，我們應該認真對待。", "gbk"),
            "标题：這\ufffd問題很重\ufffd，我\ufffd應該認真對待\ufffd",
        ),
        (
            "标题：" + _misread("這個問題很重要，我們應該認真對待。", "gbk").replace("\ufffd", "?"),
            "标题：這\ufffd問題很重\ufffd，我\ufffd應該認真對待\ufffd",
        ),
        (_misread("日本語のテキストです。", "cp932"), "日本語\ufffd\ufffdキストです\ufffd"),
        (
            "Korean: " + _misread("오늘은 날씨가 정말 좋습니다", "gbk"),
            "Korean: 오늘\ufffd 날씨\ufffd 정\ufffd 좋습니다",
        ),
    )
    keeps = (
        "中文测试，这是一个“例子”。我们的生活很美好。",
        "這個問題很重要，我們應該認真對待。",
        "日本語のテキストです。ﾊﾝｶｸ も あります。",
        "한국어 텍스트입니다. 서울은 큰 도시입니다.",
        "𠀀𪚥 ＡＢＣ１２３ 👩\u200d💻 ∑ x² ≤ √2 Crème brûlée",
        "锟斤拷是一个著名的乱码。烫烫烫也是。",
        "什么？！ 真的吗?? \ufffd",
        # too much lost (Big5 cannot hold most of the bytes): left alone
        _misread("大家都很期待这个结果", "big5"),
    )

    def normalise(self, text: str, ctx: Context) -> str:
        return _apply(text, cjk.find_repairs(text), ctx)


class GBKPhase(Normaliser):
    """Re-decode GBK text that a lost byte shifted out of phase.

    >>> GBKPhase()("他说：“我们会究焱瓿伞！贝蠹叶己芷诖\ufffd。")
    '他说：“我们会\ufffd快完成。”大家都很期\ufffd。'
    """

    name = "mojibake.gbk_phase"
    stage = Stage.DECODE
    description = "Re-decode runs of GBK text read one byte out of phase after a lost byte."
    after = ("mojibake.cjk",)
    before = ("unicode.controls", "markup.entities")
    profiles = ALL_PROFILES
    examples = (
        (
            _shifted("他说：“我们会尽快完成。”大家都很期待。", 15),
            "他说：“我们会\ufffd快完成。”大家都很期\ufffd。",
        ),
        (
            _shifted("经济发展需要科学技术的支持，也需要人民的努力。", 16),
            "经济发展需要科学\ufffd术的支持\ufffd也需要人民的努力。",
        ),
    )
    keeps = (
        "中文测试，这是一个“例子”。我们的生活很美好。",
        "這個問題很重要，我們應該認真對待。",
        "什么？！ 真的吗?? 薄荷 澳门 \ufffd",
        "的ＯＧＳ和ＣＰＵ：Ｉｎｔｅｌ？",
        "日本語のテキストです。",
        "𪚥𠀀 鑫淼焱垚 瑷瑗瑭瑾",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        return _apply(text, phase.find_repairs(text), ctx)


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(LatinMojibake)
    register(CJKMojibake)
    register(GBKPhase)
