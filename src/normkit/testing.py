"""Checks and inputs for normkit's own tests and for plugin authors' tests.

:func:`check_contract` checks what every normaliser promises on given texts.
:func:`pathological_inputs` gives inputs built to hurt: each is a short unit repeated
to a requested size, so the same shape can be measured at growing sizes (time must
grow linearly with the size).

>>> sorted(pathological_inputs(100))[:3]
['alternating han/ascii', 'ampersands', 'angle brackets']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ._context import Context
from ._normaliser import Normaliser


def check_contract(cls: type[Normaliser], texts: Iterable[str] = (), options: object = None) -> None:
    """Assert the normaliser contract for ``cls`` on its own cases and on ``texts``.

    Its ``keeps`` come back unchanged, its ``examples`` give their outputs (and those
    outputs are stable), and on every text the result is a string that a second pass
    leaves alone. Raises ``AssertionError`` naming the normaliser and the text.

    >>> import normkit
    >>> check_contract(normkit.get_registry()["layout.whitespace"].cls, ["  a  \\n\\n\\n\\nb"])
    >>> class Doubler(normkit.Normaliser):
    ...     name = "example.doubler"
    ...     stage = normkit.Stage.INLINE
    ...     description = "Not idempotent: doubles the text."
    ...     def normalise(self, text, ctx):
    ...         return text * 2
    >>> try:
    ...     check_contract(Doubler, ["ab"])
    ... except AssertionError as exc:
    ...     print(str(exc).splitlines()[0])
    example.doubler is not idempotent on 'ab'
    """
    step = cls(options)

    def run(text: str) -> str:
        out = step.normalise(text, Context())
        assert isinstance(out, str), f"{cls.name} returned {type(out).__name__} for {text!r}"
        return out

    for text in cls.keeps:
        assert run(text) == text, f"{cls.name} changed {text!r}, which it must keep"
    for given, expected in cls.examples:
        assert run(given) == expected, f"{cls.name}: {given!r} gave {run(given)!r}, not {expected!r}"
        assert run(expected) == expected, f"{cls.name} changed its own output {expected!r}"
    for text in texts:
        once = run(text)
        assert run(once) == once, f"{cls.name} is not idempotent on {text!r}"


#: name -> the repeated unit (or a maker for inputs that are not a plain repetition).
_UNITS: dict[str, str] = {
    "commas ,": ",",
    "full-width commas ，": "，",
    "full stops 。": "。",
    "dots .": ".",
    "brackets (": "(",
    "full-width brackets （": "（",
    "alternating han/ascii": "中a",
    "han and ascii punctuation": "中,",
    "pinyin-like glosses": "區(qū)",
    "pipes": "|",
    "pipe-separated keywords": "关键词|",
    "nested quotes": "“‘",
    "ascii quotes": "\"'",
    "ampersands": "&amp",
    "angle brackets": "<",
    "numbers with separators": "1,2:3.",
    "urls": "http://a.b/",
    "spaces": " ",
    "ideographic spaces": "\u3000",
    "newlines": "\n",
    "blank lines with spaces": " \n",
    "zero-width joiners": "\u200d",
    "replacement characters": "\ufffd",
    "question marks": "?",
    "latin-1 mojibake": "Ã©",
    "gbk-like mojibake": "鍙戝竷",
    "gbk out of phase with ?": "他说：“我们会究焱瓿伞！贝蠹叶己芷诖?。\n",
    "utf-8 as gbk with ?": "涓?鏂囨祴璇曪紝杩欐槸涓?涓?渚嬪瓙銆?",
    "short lines": "首页\n",
    "one long chinese line": "这是一个很长的句子没有任何标点",
    "brackets opening lines (code)": "(\n",
    "calls (code)": "a(",
    "toneless glosses": "烟(yan)",
}


#: Mojibake inputs that cost the most per character (``benchmarks/bench_mojibake.py``
#: times them against ftfy): misread runs with lost bytes, one byte out of phase, in
#: short lines and long ones, and two codec families mixed.
_MOJIBAKE_UNITS: dict[str, str] = {
    "gbk out of phase, ? per line": "他说：“我们会究焱瓿伞！贝蠹叶己芷诖?。\n",
    "gbk out of phase, two ? in 120": (
        "记者从市政府了解到，械慕煌ü婊?将于明年实施。他说：“我们会尽快完成。”大家都很期待。"
        "经济发展需要科学技术的支持，也需要?同学们都很高兴?\n"
    ),
    "utf-8 as gbk with ?": "涓?鏂囨祴璇曪紝杩欐槸涓?涓?渚嬪瓙銆?",
    "utf-8 as gbk, short lines": "涓\ue15f枃娴嬭瘯锛岃繖鏄\ue219竴涓\ue043緥瀛愩€\ufffd\n",
    "utf-8 as gbk, one character lines": "涓?\n",
    "utf-8 as shift-jis, lost bytes": "譛ｬ谺｡逍ｫ諠\ufffd蜿醍函莉･譚･\ufffdｼ梧沫",
    "utf-8 as gbk and shift-jis mixed": "涓\ue15f枃娴嬭瘯 譛ｬ谺｡逍ｫ諠\ufffd ",
    "chinese with ? every ten": "这是一个问题我们不知?",
    # UTF-8 read as GBK, Big5, Shift-JIS, EUC-KR, EUC-JP and GB18030 in turn, four
    # characters at a time: every family confirmed on the line, every short run read by each.
    "utf-8 as six codecs in turn, runs of four": (
        "涓\ufffd鏂囨祴璇\ufffd 嚗\ufffd餈\ufffd\ufffd\ufffd臭\ufffd\ufffd 荳ｪ窶應ｾ句ｭ\ufffd "
        + "\ufffd" * 9
        + "餓\ufffd "
        + "\ufffd" * 6
        + "羇糸\ufffd\ufffd 缇庡ソ銆傜粡 娴庡彂灞曢渶 閬\ufffd蝘\ufffd摮行\ufffd\ufffd "
        "譛ｯ逧\ufffd謾ｯ謖\ufffd 竊\ufffd阿\ufffd\ufffd\ufffd\ufffd誤\ufffd 篋堺"
        + "\ufffd" * 8
        + " 鍔涖\ufffd傝\ue187鑰\ufffd "
    ),
    # The same, three characters at a time (real text cut so, never repeating, is the
    # costliest shape found: ``benchmarks/_mojibake_shapes.py``).
    "utf-8 as six codecs in turn, runs of three": (
        "缁忔祹鍙\ufffd 撅\ufffd\ufffd\ufffd\ufffd閬\ufffd 遘大ｭｦ謚\ufffd \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd \ufffd\ufffd\ufffd箙\ufffd\ufffd\ufffd\ufffd 瑕佷汉姘\ufffd 鐨勫姫鍔\ufffd \ufffd\ufffd\ufffd隞砌\ufffd\ufffd 蟆ｽ蠢ｫ螳\ufffd \ufffd\ufffd\ufffd鸚㎩\ufffd\ufffd \ufffd\ufffd遵\ufffd\ufffd\ufffd\ufffd\ufffd 寰呰繖涓\ufffd "
    ),
}


def mojibake_worst_inputs(size: int) -> dict[str, str]:
    """The mojibake inputs that cost the most per character, each about ``size`` characters.

    >>> inputs = mojibake_worst_inputs(1000)
    >>> len(inputs["utf-8 as gbk with ?"]), inputs["utf-8 as gbk with ?"][:6]
    (1000, '涓?鏂囨祴璇')
    """
    return {name: _repeat(unit)(size)[:size] for name, unit in _MOJIBAKE_UNITS.items()}


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit) + 1)


def pathological_inputs(size: int) -> dict[str, str]:
    """Every pathological input, each about ``size`` characters long: time a normaliser
    on the same shape at growing sizes, to see that it grows linearly.

    >>> inputs = pathological_inputs(12)
    >>> inputs["commas ,"], inputs["alternating han/ascii"]
    (',,,,,,,,,,,,', '中a中a中a中a中a中a')
    """
    return {name: _repeat(unit)(size)[:size] for name, unit in _UNITS.items()}
