"""``punctuation.doubled`` and ``punctuation.ellipsis``: runs of repeated marks in
Chinese text, collapsed (``,,`` ``,。`` ``。。``) or made an ellipsis (``...`` → ``……``).

Both act on Chinese runs of marks (:mod:`.runs`) that touch no protected span.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import regex

from ..._context import Context
from ..._normaliser import SAFE_PROFILES, Normaliser, Stage
from ...tokens import CJK_PUNCT
from .runs import FEW_MARKS, SPURIOUS_NEXT, Memo, exact, has_cjk, match_starts, run_pattern, sub_runs

__all__ = ["Doubled", "Ellipsis", "ellipsis_view"]


def _doubled_run_pattern(first: str, cjk: str) -> re.Pattern[str]:
    """Whole runs of marks between hard characters, Chinese, without brackets, whose
    first doubled pair starts with ``first``: at the start of the run or after one mark
    that takes no part in collapsing (``_collapse`` leaves it and what it does to the
    rest of the run does not depend on it); captured from ``first``.

    Such a run is collapsed exactly as :func:`sub_runs` does (see
    :func:`_free_run_pattern`); the pattern starts with ``first``, which ``re`` finds
    fast, and tests the character after it first.
    """
    x = re.escape(first)
    na, cp = r"\x00-\x09\x0b-\x7f", CJK_PUNCT
    a, m = r""",;:!?."'""", rf""",;:!?."'{cp}"""
    second = SPURIOUS_NEXT if first in ",，" else x
    collapsing = "，。、；："
    starts = rf"(?:(?<![{na}{cp}]{x})|(?<=[{cp}]{x})(?<![{collapsing}]{x})(?<![{na}{cp}][{cp}]{x}))"
    chinese = "" if first != "," else rf"(?:(?<=[{cjk}{cp}],)|(?=[{a}]*+[{cp}]|[{m}]*+[{cjk}]))"
    return re.compile(rf"({x}(?={second}){starts}{chinese}[{m}]*+)(?![{na}])")


# Inside a Chinese run: commas (either width) before another clause or sentence mark
# are spurious; a run of commas is one comma; two identical marks that are never
# doubled in Chinese are one. ``。。。`` is an ellipsis (``punctuation.ellipsis``),
# ``！！`` and ``？？`` are emphasis, ``……`` and ``——`` single marks of two characters.
_COLLAPSE = regex.compile(
    r"(?P<spurious>[,，]++(?=[。、；：！？;:!?]))|(?P<commas>[,，]{2,}+)|(?<!。)。。(?!。)|、、++|；；++|：：++"
)
_DOUBLED_RUN = run_pattern(r"[,，][,，。、；：！？;:!?]|。。|、、|；；|：：")
#: The first marks of doubled pairs, and patterns for the pairs that start with each.
_DOUBLED_FIRST = ",，。、；："
_DOUBLED_PAIR = {
    first: re.compile(f"{first}{SPURIOUS_NEXT}" if first in ",，" else first * 2) for first in _DOUBLED_FIRST
}


def _doubled_positions(text: str, limit: int | None = None) -> Sequence[int] | None:
    """Sorted positions of the doubled pairs in ``text``; None when more than ``limit``."""
    return match_starts(_DOUBLED_PAIR.items(), text, limit)


@functools.cache
def _free_runs() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The patterns of :func:`_doubled_run_pattern`, one per first mark (built on first use)."""
    return tuple((first, _doubled_run_pattern(first, exact().cjk_chars)) for first in _DOUBLED_FIRST)


def _collapse_free_runs(text: str) -> str:
    """``text`` with every run of ``_free_runs()`` collapsed, exactly as
    :func:`sub_runs` would (see :func:`_widen_free_runs`), with no Python call per run."""
    for first, pattern in _free_runs():
        if first in text and _DOUBLED_PAIR[first].search(text):
            parts = pattern.split(text)
            if len(parts) > 1:
                parts[1::2] = map(_COLLAPSED.__getitem__, parts[1::2])
                text = "".join(parts)
    return text


def _collapse_one(m: regex.Match[str]) -> str:
    if m.group("spurious"):
        return ""
    if m.group("commas"):
        return "，"
    return m.group()[0]


def _collapse(run: str) -> str:
    while True:
        new = _COLLAPSE.sub(_collapse_one, run)
        if new == run:
            return run
        run = new


_COLLAPSED = Memo(_collapse)


class Doubled(Normaliser):
    """Collapse doubled punctuation: ``,,`` ``,。`` ``,、`` ``,；`` ``，，`` ``。。``.

    >>> Doubled()("城市小區,,是重中之重,。長垣")
    '城市小區，是重中之重。長垣'
    """

    name = "punctuation.doubled"
    stage = Stage.INLINE
    description = "Collapse doubled punctuation (,, ,。 ,、 ，， 。。); keep …… —— ？！ ！！ “”."
    after = ("pinyin.glosses", "punctuation.width")
    profiles = SAFE_PROFILES
    examples = (
        ("根本,,以凝聚人心,、鼓舞士氣", "根本，以凝聚人心、鼓舞士氣"),
        ("代為履職,；高齡", "代為履職；高齡"),
        ("注入強大動力,。隨著", "注入強大動力。隨著"),
        ("好的，，我知道了。。", "好的，我知道了。"),
    )
    keeps = (
        "他说……——不，算了！！真的吗？！“”",
        "a,,b 与 1,,2",
        "CSV: name,,age",
        "我想想。。。",
        "完美。干净的句子，没有问题。",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        new = text
        at = _doubled_positions(new, FEW_MARKS)
        islands = at is None and ctx.analysis(new).spans_in_islands
        if islands:
            new = _collapse_free_runs(new)
        if at is None:
            at = _doubled_positions(new)
        if at:
            new = sub_runs(_DOUBLED_RUN, new, ctx, _collapse, at=at, spans_in_islands=islands or None)
        return text if new == text else new


# ---------------------------------------------------------------------------- ellipsis

_DOTS = regex.compile(r"\.{3,}+|。{3,}+")
_ELLIPSIS_RUN = run_pattern(r"\.\.\.|。。。")
#: Where the dots of an ellipsis start: every run that ``_ELLIPSIS_RUN`` matches holds one.
_DOTS_AT = ((".", re.compile(r"\.\.\.")), ("。", re.compile("。。。")))


def _ellipsis(run: str) -> str:
    return _DOTS.sub("……", run)


_ASCII_DOTS = re.compile(r"\.{3,}+")


def _ellipsis_marks(run: str) -> str:
    """``run`` with each run of three dots or more as as many ``…`` (its length kept)."""
    return _ASCII_DOTS.sub(lambda m: "…" * len(m.group()), run)


def ellipsis_view(text: str, ctx: Context) -> str:
    """``text`` as :class:`Ellipsis` will read to a rule before it: the dots it turns
    into ``……`` shown as as many ``…``, every other character where it was (so a
    position in the view is one in ``text``). ``punctuation.width`` decides on this
    view, which brackets hold a Chinese mark: else it would widen ``(……)`` on a second
    pass but not ``(...)`` on the first.

    >>> ellipsis_view("首页(...) 与 f(...)", Context())
    '首页(………) 与 f(...)'
    """
    if "..." not in text or not has_cjk(text):
        return text
    return sub_runs(
        _ELLIPSIS_RUN, text, ctx, _ellipsis_marks, at=match_starts(_DOTS_AT[:1], text, None) or []
    )


class Ellipsis(Normaliser):
    """Make ``...`` and ``。。。`` in Chinese context a Chinese ellipsis ``……``.

    >>> Ellipsis()("等一下...好吗")
    '等一下……好吗'
    """

    name = "punctuation.ellipsis"
    stage = Stage.INLINE
    description = "Turn ... and 。。。 in Chinese context into ……"
    after = ("pinyin.glosses", "punctuation.width", "punctuation.doubled")
    profiles = SAFE_PROFILES
    examples = (
        ("等一下...好吗", "等一下……好吗"),
        ("我想想。。。。。。算了", "我想想……算了"),
        ("...然后呢", "……然后呢"),
    )
    keeps = (
        "Wait... what?",
        "从 1...10 循环",
        "https://example.com/a...b 链接",
        "他沉默了……然后走了。",
        "结束了。。",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if ("..." not in text and "。。。" not in text) or not has_cjk(text):
            return text
        new = sub_runs(_ELLIPSIS_RUN, text, ctx, _ellipsis, at=match_starts(_DOTS_AT, text, None) or [])
        return text if new == text else new
