"""``punctuation.quotes``: paired ASCII quotes in Chinese text made curly (“ ” ‘ ’)."""

from __future__ import annotations

import regex

from ..._context import Context
from ..._normaliser import SAFE_PROFILES, Normaliser, Stage
from ...tokens import Analysis
from .runs import CJK, RUN_MARKS, is_chinese_run

__all__ = ["Quotes"]

_HAS_CJK = regex.compile(rf"[{CJK}]")
_IS_CJK = regex.compile(rf"[{CJK}]")
_ANY_RUN = regex.compile(rf"{RUN_MARKS}++")
_LINE_WITH_QUOTES = regex.compile(r"""^[^\n]*["'][^\n]*$""", regex.M)
_CODEISH = regex.compile(r"""[=\\{}\[\]<>]["']|["'][=\\{}\[\]<>]""")
_LATIN_LETTER = regex.compile(r"[A-Za-z]")


def _pair_quotes(line: str, mark: str, analysis: Analysis, offset: int) -> str | None:
    """``line`` with its ``mark`` quotes made curly, or None when pairing is not certain."""
    positions = [i for i, c in enumerate(line) if c == mark]
    if not positions or len(positions) % 2:
        return None
    opening, closing = ("“", "”") if mark == '"' else ("‘", "’")
    runs = [m.span() for m in _ANY_RUN.finditer(line)]
    for at in positions:
        a, b = next(span for span in runs if span[0] <= at < span[1])
        if not is_chinese_run(line, a, b):
            return None
    chars = list(line)
    for open_at, close_at in zip(positions[::2], positions[1::2], strict=True):
        inner = line[open_at + 1 : close_at]
        if not inner or inner[0].isspace() or inner[-1].isspace():
            return None
        if analysis.is_protected(offset + open_at) or analysis.is_protected(offset + close_at):
            return None
        before = line[open_at - 1] if open_at else ""
        after = line[close_at + 1] if close_at + 1 < len(line) else ""
        if mark == "'" and (
            _LATIN_LETTER.match(before) or _LATIN_LETTER.match(after) or _LATIN_LETTER.match(inner[-1])
        ):
            return None  # apostrophes: don't, it's, the '90s
        chinese_inside = _HAS_CJK.search(inner) is not None
        chinese_outside = bool(before and _IS_CJK.match(before)) or bool(after and _IS_CJK.match(after))
        certain = chinese_inside and (chinese_outside or not _LATIN_LETTER.search(line))
        if not certain and not (chinese_outside and mark == '"'):
            return None
        chars[open_at], chars[close_at] = opening, closing
    return "".join(chars)


def _quotes_step(text: str, ctx: Context) -> str:
    analysis = ctx.analysis(text)

    def fix(m: regex.Match[str]) -> str:
        line = m.group()
        if not _HAS_CJK.search(line) or _CODEISH.search(line):
            return line
        for mark in ('"', "'"):
            if mark in line:
                paired = _pair_quotes(line, mark, analysis, m.start())
                if paired is not None:
                    line = paired
        return line

    return _LINE_WITH_QUOTES.sub(fix, text)


class Quotes(Normaliser):
    """Make ASCII quotes in Chinese text curly (“ ” ‘ ’) where the pairing is certain.

    >>> Quotes()('按照"应检尽检"原则')
    '按照“应检尽检”原则'
    """

    name = "punctuation.quotes"
    stage = Stage.INLINE
    description = "Turn paired ASCII quotes in Chinese context into “ ” and ‘ ’ when pairing is certain."
    after = ("punctuation.width", "punctuation.doubled", "punctuation.ellipsis")
    profiles = SAFE_PROFILES
    examples = (
        ('按照"应检尽检"原则', "按照“应检尽检”原则"),
        ("他说\"社区'女子工作组'都会解答\"。", "他说“社区‘女子工作组’都会解答”。"),
    )
    keeps = (
        '他说"你好。',
        'config = {"key": "值"}',
        "It's 张三's book",
        '英文 "Hello world" 的说法',
        "“已经是弯引号”与‘单引号’",
        '链接 https://example.com/?q="中文" 保留',
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if '"' not in text and "'" not in text:
            return text
        new = _quotes_step(text, ctx)
        return text if new == text else new
