"""Web spam: doorway pages, injected lines, keyword tails and stuffing (stage ``structure``).

A thin normaliser over :mod:`normkit.lines.spam`, which says what each kind is. Every
dropped line is reported with the reason ``spam.KIND: evidence`` and every cut tail with
``spam.tail: evidence``. Every document gets, in its annotations:

- ``spam_score``: a float from 0 to 1, how much spam the document held;
- ``spam``: ``True`` when the score reaches 0.5 (one certain spam line does), else ``False``;
- ``spam_details`` (only when spam was found): ``{"lines": N, "kinds": {kind: N},
  "terms": [...]}``.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from .._context import Context
from .._normaliser import SAFE_PROFILES, Normaliser, Stage
from ..hookspecs import hookimpl
from ..lines.spam import KINDS, SpamAnalyser, SpamReport
from ._lexicon import load_lexicon
from .boilerplate import LexiconCache

__all__ = ["SPAM_KINDS", "SpamOptions", "SpamTails"]

#: The kinds of spam, each dropped (or cut, for ``tail``) with the reason ``spam.KIND: …``.
SPAM_KINDS = KINDS

_LINE_END = re.compile(r"\r\n?")


@dataclasses.dataclass(frozen=True)
class SpamOptions:
    """What ``spam.tails`` drops, labels and records.

    >>> spam = SpamTails(kinds=frozenset({"tail"}), flag=False)
    >>> spam("今天的新闻。\\n百家乐|六合彩|时时彩|无码|偷拍|人妻")  # a keyword line: not a tail
    '今天的新闻。\\n百家乐|六合彩|时时彩|无码|偷拍|人妻'
    """

    #: The kinds of spam to drop (or label); see :data:`SPAM_KINDS`. The score counts all.
    kinds: frozenset[str] = frozenset(SPAM_KINDS)
    #: Only record line labels in ``annotations["line_labels"]`` (and the score); change nothing.
    label_only: bool = False
    #: Set ``annotations["spam_score"]``, ``["spam"]`` and ``["spam_details"]``.
    flag: bool = True
    #: Fewest separated segments for a keyword-stuffed line.
    min_segments: int = 6
    #: A TOML or JSON file of extra lexicon terms per kind (``spam`` adds vocabulary).
    lexicon_file: str = ""
    #: Add the terms of plugins implementing ``normkit_boilerplate_lexicon``.
    use_plugins: bool = True

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(SPAM_KINDS)
        if unknown:
            raise ValueError(f"unknown kinds {sorted(unknown)} (known: {', '.join(SPAM_KINDS)})")
        if self.min_segments < 2:
            raise ValueError("min_segments must be 2 or more")
        if self.lexicon_file:
            load_lexicon(self.lexicon_file)


class SpamTails(Normaliser):
    """Drop spam lines, cut spam tails, score and flag the document.

    >>> ctx = Context()
    >>> SpamTails()("正文，内容很长很长很长很长很长很长。\\n百家乐|六合彩|时时彩|无码|日韩|偷拍", ctx)
    '正文，内容很长很长很长很长很长很长。'
    >>> ctx.annotations["spam"], ctx.annotations["spam_score"]
    (True, 0.915)
    """

    name = "spam.tails"
    stage = Stage.STRUCTURE
    description = "Drop web spam lines (doorway links, injected spam, keyword stuffing), cut spam keyword tails; score and flag the document."
    version = "2.0"
    profiles = SAFE_PROFILES
    Options = SpamOptions
    examples = (
        (
            "市民在公园里晨练，享受春天的阳光，孩子们在草地上奔跑嬉戏。\n"
            "澳门百家乐|真人娱乐城|六合彩开奖结果|时时彩计划|无码中文字幕|日韩在线观看|人妻熟女",
            "市民在公园里晨练，享受春天的阳光，孩子们在草地上奔跑嬉戏。",
        ),
        (
            "警方提醒市民远离网络赌博，切勿轻信所谓高额返利的宣传。\n"
            "百家樂線上娛樂城\n"
            "六合彩特碼開獎結果\n"
            "無碼日韓在線觀看",
            "警方提醒市民远离网络赌博，切勿轻信所谓高额返利的宣传。",
        ),
        (
            "市民在公园里晨练，享受春天的阳光。 百家乐 六合彩 时时彩 北京赛车 真人娱乐",
            "市民在公园里晨练，享受春天的阳光。",
        ),
    )
    keeps = (
        "",
        "警方破获一起网络赌博案，涉及百家乐、六合彩等多种玩法，涉案金额巨大。",
        "地区 | 确诊 | 治愈 | 死亡\n湖北 | 68135 | 63623 | 4512\n广东 | 1641 | 1603 | 8",
        "严厉打击百家乐六合彩赌博",
        "澳门博彩业收入下降",
        "打击网络赌博",
    )

    def __init__(self, options: Any = None, **values: Any) -> None:
        super().__init__(options, **values)
        self._lexicon = LexiconCache()
        self._analyser: SpamAnalyser | None = None
        self._analyser_key: object = None

    def analyser(self) -> SpamAnalyser:
        """The analyser with this normaliser's vocabulary (rebuilt when the lexicon changes)."""
        opts = self.options
        lexicon = self._lexicon.get(opts.lexicon_file, opts.use_plugins)
        if self._analyser is None or self._analyser_key is not lexicon:
            self._analyser = SpamAnalyser.shared(frozenset(lexicon.terms["spam"]), opts.min_segments)
            self._analyser_key = lexicon
        return self._analyser

    def normalise(self, text: str, ctx: Context) -> str:
        opts = self.options
        if not text or text.isspace():
            self._annotate(ctx, None)
            return text
        unified = _LINE_END.sub("\n", text) if "\r" in text else text
        report = self.analyser().clean(unified, opts.kinds)
        self._annotate(ctx, report)
        if not report.findings:
            return text
        if opts.label_only:
            labels = ctx.annotations.setdefault("line_labels", {})
            for f in report.findings:
                labels.setdefault(f.line + 1, f"spam.{f.kind}")
            return text
        lines = unified.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        for f in report.findings:
            if f.kind == "tail":
                ctx.reason(starts[f.line] + f.cut, starts[f.line] + len(lines[f.line]), f.reason)
            else:
                ctx.drop(f.line + 1, lines[f.line], f.reason)
        return report.text

    def _annotate(self, ctx: Context, report: SpamReport | None) -> None:
        if not self.options.flag:
            return
        if report is None:
            ctx.annotations.setdefault("spam_score", 0.0)
            ctx.annotations.setdefault("spam", False)
            return
        score = max(report.score, float(ctx.annotations.get("spam_score", 0.0)))
        ctx.annotations["spam_score"] = score
        ctx.annotations["spam"] = bool(ctx.annotations.get("spam")) or report.flagged
        if report.findings:
            details = ctx.annotations.setdefault("spam_details", {"lines": 0, "kinds": {}, "terms": []})
            details["lines"] += len(report.findings)
            for kind, n in report.kinds.items():
                details["kinds"][kind] = details["kinds"].get(kind, 0) + n
            details["terms"] = sorted(set(details["terms"]) | set(report.terms))[:50]


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(SpamTails)
