"""Spam lines of web pages and a document spam score.

Web spam comes in a few shapes, each judged from vocabulary (:mod:`.spam_vocab`) *and*
shape, never from one word:

========== ==================================================================================
kind       what it is
========== ==================================================================================
keywords   a line of separated keywords, most carrying spam terms (``百家乐|六合彩|…``), a
           line of spam terms run together, or dozens of segments repeating one phrase
           (keyword stuffing, any length: everything here is linear in the line)
link       a short link-text line of spam terms with a call to action or a contact
           (``澳门新葡京官网``, ``代开发票 加微信abc123``)
tail       a run of space-separated spam keywords ending a normal line: the run is cut,
           the line kept
injected   a prose line carrying a cluster of spam terms with a call to action or a contact
           (``…，澳门新葡京娱乐城注册送38元彩金，…``): the line is dropped
list       a run of three or more short lines in the head or tail of the page, most with
           spam terms
site_prefix a list closing the page whose titles nearly all start with one site name
doorway    on a page whose spam dominates (a doorway page), any further line with a strong
           spam term
========== ==================================================================================

A hit beside words of a report (``警方``, ``打击``, ``诈骗``, ``收入``…) or inside quotes is
the subject of a sentence, not spam: ``澳门博彩业收入下降`` and ``打击网络赌博`` stay.

Every finding has a weight; the document's evidence is their sum plus twice the share of
its visible characters that are spam, plus a little for spam terms left in the text
(capped), and its score is ``1 - exp(-evidence)``: a page is flagged at 0.5, which one
certain spam line reaches.

>>> analyser = SpamAnalyser()
>>> report = analyser.clean("市民在公园里晨练，享受春天的阳光。\\n百家乐|六合彩|时时彩|无码|偷拍|人妻")
>>> report.text
'市民在公园里晨练，享受春天的阳光。'
>>> report.findings[0].reason
'spam.keywords: 百家乐 六合彩 时时彩 … (6 of 6 words)'
>>> report.flagged, report.score
(True, 0.918)
>>> SpamAnalyser().clean("澳门博彩业收入下降，政府表示将加强监管。").score
0.0
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..normalisers._lexicon import fold, fold_codes
from .spam_rules import KINDS, WEIGHTS, Finding, SpamRules
from .spam_terms import STRONG, LineHits, SpamTerms
from .spam_text import Page, SplitLines, count_visible

__all__ = ["KINDS", "WEIGHTS", "Finding", "SpamAnalyser", "SpamReport"]

#: Evidence of spam terms left in the text: per line, and at most in all.
LEFT_WEIGHT, LEFT_CAP = 0.1, 0.4
#: The score from which a document is flagged.
FLAG_AT = 0.5


@dataclass(frozen=True)
class SpamReport:
    """What :meth:`SpamAnalyser.clean` found: the cleaned text, the findings (indices of
    the input's lines), the document's score and flag, the spam terms found and the
    number of findings of each kind.

    >>> report = SpamAnalyser().clean("晨练\\n百家乐|六合彩|时时彩|无码|偷拍|人妻")
    >>> report.text, report.kinds, report.terms[:2]
    ('晨练', {'keywords': 1}, ('人妻', '偷拍'))
    """

    text: str
    findings: tuple[Finding, ...]
    score: float
    flagged: bool
    terms: tuple[str, ...] = ()
    kinds: dict[str, int] = field(default_factory=dict)


class SpamAnalyser:
    """Finds spam lines; ``extra_terms`` are further strong terms (a lexicon file, plugins).

    >>> SpamAnalyser().clean("严厉打击百家乐六合彩赌博").flagged
    False
    """

    def __init__(self, extra_terms: Iterable[str] = (), min_segments: int = 6) -> None:
        self.vocabulary = SpamTerms(extra_terms)
        self.rules = SpamRules(self.vocabulary, min_segments)

    @classmethod
    @functools.lru_cache(maxsize=16)
    def shared(cls, extra_terms: frozenset[str] = frozenset(), min_segments: int = 6) -> SpamAnalyser:
        """One analyser per vocabulary and setting (building one takes a tenth of a second)."""
        return cls(sorted(extra_terms), min_segments)

    def terms(self, text: str, strength: str = "strong") -> list[str]:
        """The spam terms of ``strength`` (``strong``, ``weak`` or ``promo``) in ``text``,
        folded, in order.

        >>> SpamAnalyser().terms("百家樂注册送彩金")
        ['百家乐', '彩金']
        """
        return self.vocabulary.terms(text, strength)

    # ------------------------------------------------------------------ document level

    def clean(self, text: str, kinds: Iterable[str] = KINDS) -> SpamReport:
        """Drop spam lines and cut spam tails until nothing more is found; score the text.

        Only findings of ``kinds`` are applied (and scored).
        """
        wanted = frozenset(kinds)
        # The lines are split only when a page rule asks for them or something was found.
        current: Sequence[str] = SplitLines(text)
        origin: Sequence[int] = range(len(current))
        joined: str | None = text
        found: list[Finding] = []
        removed = 0
        info: dict[int, LineHits] | None = None
        for _ in range(6):
            new, info = self._pass(current, joined)
            new = [f for f in new if f.kind in wanted]
            if not new:
                break
            info = joined = None
            by_line = {f.line: f for f in new}
            kept: list[str] = []
            kept_origin: list[int] = []
            for j, line in enumerate(current):
                f = by_line.get(j)
                if f is not None:
                    found.append(f.moved(origin[j]))
                    gone = line if f.kind != "tail" else line[f.cut :]
                    removed += count_visible(gone) if f.weight > 0 else 0
                    if f.kind != "tail":
                        continue
                    line = line[: f.cut].rstrip()
                kept.append(line)
                kept_origin.append(origin[j])
            current, origin = kept, kept_origin
        if info is None:
            info = self.vocabulary.index(fold("\n".join(current)))
        out = "\n".join(current) if found else text
        evidence = sum(f.weight for f in found) + self._left(info)
        if removed:
            evidence += 2.0 * removed / max(count_visible(text), 1)
        score = round(1.0 - math.exp(-evidence), 3)
        terms = sorted({t for f in found for t in f.terms})
        kinds = Counter(f.kind for f in found)
        found.sort(key=lambda f: (f.line, f.kind != "tail"))
        return SpamReport(out, tuple(found), score, score >= FLAG_AT, tuple(terms[:50]), dict(kinds))

    def _left(self, info: dict[int, LineHits]) -> float:
        """Evidence of strong spam terms left in the text (not counting lines with report words)."""
        total = 0.0
        for line in info.values():
            if line.has(STRONG) and not self.vocabulary.reported(line.folded):
                total += LEFT_WEIGHT
                if total >= LEFT_CAP:
                    return LEFT_CAP
        return total

    # ------------------------------------------------------------------ one pass

    def find(self, lines: Sequence[str]) -> list[Finding]:
        """One pass over ``lines``: at most one finding per line, by index."""
        return self._pass(lines)[0]

    def _pass(
        self, lines: Sequence[str], text: str | None = None
    ) -> tuple[list[Finding], dict[int, LineHits]]:
        """One pass; ``text`` is ``"\\n".join(lines)`` when known."""
        if text is None:
            text = "\n".join(lines)
        folded = fold_codes(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
        info = self.vocabulary.index(folded)
        out: dict[int, Finding] = {}
        for i, line in info.items():
            f = self.rules.judge(i, line)
            if f is not None:
                out[i] = f
        page = Page(lines, folded)
        if any(ln.has(STRONG) for ln in info.values()):
            self.rules.lists(page, info, out)
        self.rules.site_prefix(page, out)
        if out:
            self.rules.doorway(lines, info, out)
        return [out[i] for i in sorted(out)], info
