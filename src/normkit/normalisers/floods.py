"""``repetition.floods``: shorten floods of one repeated character (opt-in).

Comment sections and forums repeat a character far past what it says: ``哈哈哈哈哈哈哈哈``,
``！！！！！！``, ``😂😂😂😂😂``. This step cuts such a run to ``max_repeat`` characters
(3 by default: ``哈哈哈`` is ordinary writing, and so is ``！！！``). It looks only at Han
characters, emoji and the full-width marks ``！？～``: never at digits (``2333333`` is a number or
a meme that means itself), Latin letters, dots, dashes or rules (``……``, ``——``,
``=====``), which other steps or nobody should touch, and never inside URLs or code.

It joins no profile: turn it on with ``--enable repetition.floods`` or in a
configuration. The number of floods shortened is in ``annotations["floods"]``, and the
signal ``floods`` counts them (or, with the step off, the floods left in the text).

>>> from normkit import Context
>>> RepetitionFloods()("太好笑了哈哈哈哈哈哈哈哈！！！！！！", Context())
'太好笑了哈哈哈！！！'
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any

import regex

from .._context import Context
from .._normaliser import Normaliser, Stage
from ..hookspecs import hookimpl

#: What a flood may be made of: Han characters, emoji, and the full-width marks people
#: pile up (ASCII ``!!!!`` is left to Latin text's own conventions).
FLOOD_CHARS = r"\p{Han}\p{Extended_Pictographic}！？～"
#: Runs longer than this are floods for the signal (and the step's default).
DEFAULT_MAX_REPEAT = 3


@lru_cache(maxsize=8)
def flood_pattern(max_repeat: int = DEFAULT_MAX_REPEAT) -> regex.Pattern[str]:
    """A run of one flood character repeated more than ``max_repeat`` times.

    >>> [m.group() for m in flood_pattern(3).finditer("哈哈哈 哈哈哈哈 2333333 ！！！！！")]
    ['哈哈哈哈', '！！！！！']
    """
    return regex.compile(rf"([{FLOOD_CHARS}])\1{{{max_repeat},}}")


def count_floods(text: str, max_repeat: int = DEFAULT_MAX_REPEAT) -> int:
    """How many floods ``text`` holds.

    >>> count_floods("好好学习，天天向上"), count_floods("啊啊啊啊啊啊 😂😂😂😂")
    (0, 2)
    """
    return sum(1 for _ in flood_pattern(max_repeat).finditer(text))


@dataclasses.dataclass(frozen=True)
class FloodOptions:
    """How long a flood ``repetition.floods`` leaves.

    >>> RepetitionFloods(max_repeat=2)("好好好好好！！！！")
    '好好！！'
    """

    #: Characters a flood is cut to (2 or more: a doubled character is a word, ``天天``).
    max_repeat: int = DEFAULT_MAX_REPEAT

    def __post_init__(self) -> None:
        if self.max_repeat < 2:
            raise ValueError("max_repeat must be 2 or more (a doubled character is a word: 天天, 看看)")


class RepetitionFloods(Normaliser):
    """Cut runs of one repeated Han character, emoji or ``！？～`` to ``max_repeat``.

    >>> RepetitionFloods()("哈哈哈哈哈哈哈哈，太好笑了！！！！！！"), RepetitionFloods()("天天")
    ('哈哈哈，太好笑了！！！', '天天')
    """

    name = "repetition.floods"
    stage = Stage.INLINE
    description = (
        "Shorten floods of one repeated character (哈哈哈哈哈哈, ！！！！！！, emoji) to a bounded length."
    )
    version = "1.0"
    profiles = frozenset()
    Options = FloodOptions
    #: After the width and doubled-mark repairs, so the marks it counts are final.
    after = ("punctuation.width", "punctuation.doubled")
    examples = (
        ("哈哈哈哈哈哈哈哈哈哈", "哈哈哈"),
        ("太棒了！！！！！！！", "太棒了！！！"),
        ("笑死😂😂😂😂😂😂", "笑死😂😂😂"),
        ("啊啊啊啊啊啊啊，好可怕～～～～～", "啊啊啊，好可怕～～～"),
    )
    keeps = (
        "哈哈哈，这个真好笑！！！",
        "天天向上，好好学习，三三两两，一一对应。",
        "233333333 和 6666666 是数字。",
        "等一下……——他走了。=====",
        "访问 https://example.com/a/哈哈哈哈哈哈 看看",
        "print('啊啊啊啊啊啊')",
        "Soooooo good!!!!",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        pattern = flood_pattern(self.options.max_repeat)
        if pattern.search(text) is None:
            return text
        guarded = [(s.start, s.end) for s in ctx.analysis(text).protected if s.kind in ("url", "code")]
        keep: int = self.options.max_repeat
        shortened = 0

        def cut(m: Any) -> str:
            nonlocal shortened
            start, end = m.span()
            if any(s < end and start < e for s, e in guarded):
                return str(m.group())
            shortened += 1
            ctx.reason(start, end, f"a flood of {end - start} × {m.group(1)} cut to {keep}")
            unit: str = m.group(1)
            return unit * keep

        out: str = pattern.sub(cut, text)
        if shortened:
            ctx.annotations["floods"] = ctx.annotations.get("floods", 0) + shortened
        return out


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(RepetitionFloods)
