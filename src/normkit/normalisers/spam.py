"""SEO spam tails: keyword-stuffed lines, spam lists, site-prefixed title lists (stage ``structure``).

Spam sites append lines like ``百家乐|六合彩|无码视频|...`` or lists of such titles to
pages they copy. ``spam.tails`` drops them with the reasons ``spam.keywords``,
``spam.list`` and ``spam.site_prefix``, and flags the document:
``annotations["spam"] = True`` and ``annotations["spam_details"]`` (how many lines, of
which kinds, which vocabulary), so a user can also drop such documents downstream.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import Any

import regex

from .._context import Context
from .._normaliser import SAFE_PROFILES, LineFilter
from .._stage import Stage
from ..hookspecs import hookimpl
from ._lexicon import Lexicon, fold, load_lexicon
from .boilerplate import BULLET, BULLET_FIRST, LexiconCache, Lines, drop_or_label, until_stable, zones

__all__ = ["SPAM_KINDS", "SpamOptions", "SpamTails"]

#: The kinds of spam, each dropped with the reason ``spam.KIND``.
SPAM_KINDS = ("keywords", "list", "site_prefix")

_SENTENCE = re.compile(r"[。！？!?；;]")
_SEGMENTS = regex.compile(r"[|｜丨/、,，\s_]+")
_PIPES = regex.compile(r"\s*[|｜丨]\s*")
_DIGIT = regex.compile(r"\d")
_HAN_PREFIX = regex.compile(r"^\p{Han}{4}")
#: Words of video and lottery sites that are not spam alone; a spam line or list needs at
#: least one other term of the vocabulary.
_WEAK_TERMS = frozenset(
    {"在线观看", "免费观看", "高清视频", "中文字幕", "无删减", "日韩", "久久", "夜夜", "自拍", "丝袜", "少妇",
     "盘口", "开奖结果", "棋牌游戏", "电子游艺", "番号"}
)  # fmt: skip
#: Longest line looked at: stuffed lines can be long, but never contain sentence punctuation.
_MAX_SPAM_LINE = 5000


@dataclasses.dataclass(frozen=True)
class SpamOptions:
    #: The kinds of spam to drop (or label); see :data:`SPAM_KINDS`.
    kinds: frozenset[str] = frozenset(SPAM_KINDS)
    #: Only record line labels in ``annotations["line_labels"]`` (and the flag); drop nothing.
    label_only: bool = False
    #: Set ``annotations["spam"]`` and ``annotations["spam_details"]`` when spam is found.
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


class SpamTails(LineFilter):
    """Drop SEO spam lines and flag the document.

    >>> ctx = Context()
    >>> SpamTails()("正文，内容很长很长很长很长很长很长。\\n百家乐|六合彩|时时彩|无码|日韩|偷拍", ctx)
    '正文，内容很长很长很长很长很长很长。'
    >>> ctx.annotations["spam"]
    True
    """

    name = "spam.tails"
    stage = Stage.STRUCTURE
    description = (
        "Drop SEO spam lines (keyword stuffing, spam lists, site-prefixed lists); flag the document."
    )
    version = "1.0"
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
    )
    keeps = (
        "",
        "警方破获一起网络赌博案，涉及百家乐、六合彩等多种玩法，涉案金额巨大。",
        "地区 | 确诊 | 治愈 | 死亡\n湖北 | 68135 | 63623 | 4512\n广东 | 1641 | 1603 | 8",
        "严厉打击百家乐六合彩赌博",
    )

    def __init__(self, options: Any = None, **values: Any) -> None:
        super().__init__(options, **values)
        self._lexicon = LexiconCache()

    def normalise(self, text: str, ctx: Context) -> str:
        if not text.strip():
            return text
        return drop_or_label(self, text, ctx, self.options.label_only)

    def classify(self, lines: list[str], ctx: Context) -> dict[int, str]:
        opts = self.options
        lexicon = self._lexicon.get(opts.lexicon_file, opts.use_plugins)
        terms: set[str] = set()

        shapes = Lines.shared(lines, ctx)
        text = "\n".join(shapes.stripped)
        vocab = lexicon.raw_patterns["spam"].search(text) is not None
        if not (vocab or _many_pipes(text) or _shared_prefix(shapes)):
            return {}  # what most pages are: no rule can fire

        def once(part: Lines) -> dict[int, str]:
            finder = _SpamFinder(part, lexicon, opts.min_segments)
            # The first pass sees the whole text, whose vocabulary is known already.
            known = vocab if part is shapes else None
            found = {i: kind for i, kind in finder.run(known).items() if kind in opts.kinds}
            terms.update(finder.terms)
            return found

        found = until_stable(shapes, once)
        if found and opts.flag:
            ctx.annotations["spam"] = True
            details = ctx.annotations.setdefault("spam_details", {"lines": 0, "kinds": {}, "terms": []})
            details["lines"] += len(found)
            for kind in found.values():
                details["kinds"][kind] = details["kinds"].get(kind, 0) + 1
            details["terms"] = sorted(set(details["terms"]) | terms)[:50]
        return {i: f"spam.{kind}" for i, kind in found.items()}


def _many_pipes(text: str) -> bool:
    """Enough ``|`` separators for pure keyword stuffing (see ``_SpamFinder._stuffed``)."""
    return text.count("|") + text.count("｜") + text.count("丨") >= 14


def _shared_prefix(lines: Lines) -> bool:
    """Whether four short lines start with the same four Han characters (a site prefix
    may then repeat on a list's titles; see ``_SpamFinder._site_prefix``)."""
    starts = Counter(
        m.group() for f in lines.folded if 4 <= len(f) <= 80 and (m := _HAN_PREFIX.match(_stem(f)))
    )
    return bool(starts) and starts.most_common(1)[0][1] >= 4


def _stem(folded: str) -> str:
    """A folded line without its bullet."""
    return BULLET.sub("", folded, count=1) if folded[:1] in BULLET_FIRST else folded


class _SpamFinder:
    def __init__(self, lines: Lines, lexicon: Lexicon, min_segments: int) -> None:
        self.lines = lines
        self.vocab = lexicon.raw_patterns["spam"]
        self.related = lexicon.terms["related"]
        self.min_segments = min_segments
        self.terms: set[str] = set()
        self._hits: dict[int, set[str]] = {}

    def hits(self, i: int) -> set[str]:
        """The spam terms (folded) in line ``i``, if it is a candidate line."""
        found = self._hits.get(i)
        if found is None:
            s = self._candidate(i)
            found = self._hits[i] = {fold(t) for t in self.vocab.findall(s)} if s else set()
        return found

    def _candidate(self, i: int) -> str:
        """Line ``i`` stripped, or ``""`` when it is blank, huge or has sentence punctuation."""
        s = self.lines.stripped[i]
        if not s or len(s) > _MAX_SPAM_LINE or _SENTENCE.search(s):
            return ""
        return s

    def run(self, vocab: bool | None = None) -> dict[int, str]:
        """Kind of every spam line; ``vocab``: whether the lines hold spam vocabulary, if known."""
        out: dict[int, str] = {}
        n = len(self.lines)
        text = "\n".join(self.lines.stripped)
        if vocab is None:
            vocab = self.vocab.search(text) is not None
        if vocab or _many_pipes(text):
            for i in range(n):
                if self._stuffed(i, vocab):
                    out[i] = "keywords"
        if vocab:
            self._lists(out)
        self._site_prefix(out)
        for i in out:
            self.terms.update(self.hits(i))
        return out

    def _stuffed(self, i: int, vocab: bool) -> bool:
        f = self._candidate(i)
        if not f:
            return False
        segments = [p for p in _SEGMENTS.split(f) if p]
        if len(segments) < self.min_segments:
            return False
        hits = self.hits(i) if vocab else set()
        if len(hits) >= 2 and hits - _WEAK_TERMS:
            return True
        # Pure keyword stuffing without spam vocabulary: dozens of pipe-separated
        # segments repeating the same words, with (almost) no digits, unlike a table.
        pipes = [p for p in _PIPES.split(f) if p]
        if len(pipes) < 15 or len(_DIGIT.findall(f)) * 20 > len(f):
            return False
        if sum(len(p) for p in pipes) > 12 * len(pipes):
            return False
        grams: Counter[str] = Counter()
        for p in pipes:
            grams.update({p[k : k + 2] for k in range(len(p) - 1)})
        return bool(grams) and grams.most_common(1)[0][1] * 5 >= len(pipes) * 2

    def _lists(self, out: dict[int, str]) -> None:
        """Runs of three or more short lines outside the body, most carrying spam vocabulary.

        Between paragraphs such lines are the article's own (a report on a gambling ring
        may list the games); only the head and the tail of a page are searched.
        """
        lines = self.lines
        first, last = zones(lines.body, out)
        runs: list[list[int]] = [[]]
        for i in range(len(lines)):
            if not lines.stripped[i]:
                continue
            outside = first < 0 or i < first or i > last
            if outside and len(lines.stripped[i]) <= 80 and self._candidate(i):
                runs[-1].append(i)
            else:
                runs.append([])
        for run in runs:
            if len(run) < 3:
                continue
            spammy = [i for i in run if self.hits(i)]
            terms = set().union(*(self.hits(i) for i in spammy)) if spammy else set()
            if len(spammy) * 5 >= len(run) * 3 and len(terms) >= 3 and terms - _WEAK_TERMS:
                for i in run:
                    out.setdefault(i, "list")

    def _content_heading(self, i: int) -> bool:
        """A short heading that is not a related-list trigger: it heads the article's list."""
        f = self.lines.folded[i]
        return self.lines.title_like(i) and _content_heading_shape(f) and f.strip(" :") not in self.related

    def _site_prefix(self, out: dict[int, str]) -> None:
        """A list closing the page whose titles nearly all start with the same site prefix."""
        lines = self.lines
        _, last = zones(lines.body, out)
        if last < 0:
            return
        items = [
            i
            for i in range(last + 1, len(lines))
            if lines.stripped[i] and i not in out and lines.title_like(i, 80)
        ]
        stems = {i: _stem(lines.folded[i]) for i in items}
        prefixes = Counter(m.group() for i in items if (m := _HAN_PREFIX.match(stems[i])))
        if not prefixes:
            return
        prefix, count = prefixes.most_common(1)[0]
        if count < 4 or count * 4 < len(items) * 3:
            return
        sharing = [i for i in items if stems[i].startswith(prefix)]
        before = sharing[0] - 1
        while before >= 0 and not lines.stripped[before]:
            before -= 1
        if before >= 0 and lines.stripped[before].endswith((":", "：")):
            return
        if before > last and self._content_heading(before):
            return  # ``出席名单`` over ``全国人大代表张三`` …: the article's own list
        for i in items:
            if sharing[0] <= i <= sharing[-1] and _not_trigger(stems[i], self.related):
                out[i] = "site_prefix"


def _content_heading_shape(text: str) -> bool:
    return 2 <= len(text) <= 12 and not text.startswith(("(", "（", "[", "【")) and not BULLET.match(text)


def _not_trigger(stem: str, related: frozenset[str]) -> bool:
    return stem.strip() not in related


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(SpamTails)
