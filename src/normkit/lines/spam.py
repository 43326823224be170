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
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, overload

import numpy as np
import numpy.typing as npt

from ..normalisers._lexicon import fold, fold_codes, trie_pattern
from .features import zones
from .spam_vocab import CATEGORIES, PROMO, REPORT

__all__ = ["KINDS", "Finding", "SpamAnalyser", "SpamReport"]

#: The kinds of spam lines, each reported with the reason ``spam.KIND: evidence``.
KINDS = ("keywords", "link", "tail", "injected", "list", "site_prefix", "doorway")

#: Weight of one finding of each kind in the document's evidence.
WEIGHTS = {
    "keywords": 1.5,
    "link": 1.0,
    "tail": 1.0,
    "injected": 1.2,
    "list": 0.5,
    "site_prefix": 0.0,
    "doorway": 0.3,
}
#: Weight of a keyword line or tail found by repetition alone (no spam vocabulary).
REPETITION_WEIGHT = 0.5
#: Evidence of spam terms left in the text: per line, and at most in all.
LEFT_WEIGHT, LEFT_CAP = 0.1, 0.4
#: The score from which a document is flagged.
FLAG_AT = 0.5

_STRONG, _WEAK, _PROMO = 2, 1, 0

_SENTENCE = re.compile(r"[。！？!?；;]")
_CLAUSE_SPLIT = re.compile(r"[^。！？!?；;，,]+[。！？!?；;，,]*")
_WORD = re.compile(r"[\w]")
_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_HAN3 = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{3}")
_OPEN_QUOTES = "“「『《\"'‘"
_CLOSE_QUOTES = "”」』》\"'’"
_CONTACT = re.compile(
    r"(?:qq|扣扣|企鹅|微信|vx|wx|v信|威信|薇信|加v|飞机|telegram|tg)\s*(?:号码?)?\s*[:：]?\s*[a-z0-9_\-]{5,}"
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"
    r"|(?:https?://|www\.)[a-z0-9\-._~/?#=&%]+"
    r"|(?<![a-z0-9.\-])[a-z0-9\-]{2,}\.(?:com|net|cc|vip|top|xyz|me|tv|app|bet|club|live|info|co|org|cn|hk)(?![a-z0-9])"
)
#: Hits this many characters apart or closer form one cluster.
_CLUSTER_GAP = 8
#: Longest piece of a space-separated tail, and fewest pieces.
_TAIL_PIECE, _TAIL_MIN = 16, 4
#: Longest link-text line.
_LINK_MAX = 80


@dataclass(frozen=True, slots=True)
class Finding:
    """A spam line: its index, kind, the strongest evidence, and its weight.

    ``cut`` is, for a ``tail``, where the tail starts in the line (the line is kept up to it).
    """

    line: int
    kind: str
    evidence: str
    weight: float
    cut: int = -1
    terms: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """``spam.KIND: evidence``, as reported for the dropped line or cut tail."""
        return f"spam.{self.kind}: {self.evidence}"


@dataclass(frozen=True)
class SpamReport:
    """What :meth:`SpamAnalyser.clean` found: the cleaned text, the findings (indices of
    the input's lines), the document's score and flag."""

    text: str
    findings: tuple[Finding, ...]
    score: float
    flagged: bool
    terms: tuple[str, ...] = ()
    kinds: dict[str, int] = field(default_factory=dict)


class _Line:
    """The hits of one line (offsets in the line) as columns, and its folded text; the
    hits as tuples only when a rule asks for them (a stuffing line has 100,000s)."""

    __slots__ = ("_hits", "ends", "folded", "starts", "strengths", "terms")

    def __init__(
        self,
        folded: str,
        starts: npt.NDArray[np.int64] | None = None,
        ends: npt.NDArray[np.int64] | None = None,
        terms: list[str] | None = None,
        strengths: npt.NDArray[np.int8] | None = None,
    ) -> None:
        empty = np.zeros(0, dtype=np.int64)
        self.folded = folded
        self.starts = empty if starts is None else starts
        self.ends = empty if ends is None else ends
        self.terms = [] if terms is None else terms
        self.strengths = np.zeros(0, dtype=np.int8) if strengths is None else strengths
        self._hits: list[tuple[int, int, str, int]] | None = None

    @property
    def hits(self) -> list[tuple[int, int, str, int]]:
        """``(start, end, term, strength)`` of every hit."""
        if self._hits is None:
            self._hits = list(
                zip(
                    self.starts.tolist(), self.ends.tolist(), self.terms, self.strengths.tolist(), strict=True
                )
            )
        return self._hits

    def spam_hits(self) -> list[tuple[int, int, str, int]]:
        return [h for h in self.hits if h[3] != _PROMO]

    def has(self, strength: int) -> bool:
        return bool(np.count_nonzero(self.strengths == strength))

    def spam(self) -> tuple[npt.NDArray[np.int64], list[str]]:
        """The starts and terms of the hits that are not promotion words."""
        keep = self.strengths != _PROMO
        if keep.all():
            return self.starts, self.terms
        where = np.flatnonzero(keep).tolist()
        return self.starts[keep], [self.terms[k] for k in where]

    def covered(self) -> int:
        """Characters inside hits."""
        return int((self.ends - self.starts).sum())


class Hits(NamedTuple):
    """Term matches as columns: starts, ends (arrays) and the terms, in text order."""

    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    terms: list[str]

    @classmethod
    def none(cls) -> Hits:
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [])

    @classmethod
    def from_split(cls, pieces: list[str]) -> Hits:
        """From a captured split (gap, term, gap, …, gap), at C and array speed.

        >>> h = Hits.from_split(["ab", "xy", "", "zz", "c"])
        >>> h.starts.tolist(), h.ends.tolist(), h.terms
        ([2, 4], [4, 6], ['xy', 'zz'])
        """
        offsets = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))
        return cls(offsets[0:-1:2], offsets[1::2], pieces[1::2])


class SpamAnalyser:
    """Finds spam lines; ``extra_terms`` are further strong terms (a lexicon file, plugins).

    >>> SpamAnalyser().clean("严厉打击百家乐六合彩赌博").flagged
    False
    """

    def __init__(self, extra_terms: Iterable[str] = (), min_segments: int = 6) -> None:
        table: dict[str, int] = {}
        self.category: dict[str, str] = {}
        for name, cat in CATEGORIES.items():
            for terms, strength in ((cat.weak, _WEAK), (cat.strong, _STRONG)):
                for t in terms:
                    table[fold(t)] = strength
                    self.category[fold(t)] = name
        for t in PROMO:
            table.setdefault(fold(t), _PROMO)
            self.category.setdefault(fold(t), "promo")
        for t in extra_terms:
            f = fold(t.strip())
            if len(f) >= 2 and f not in table:
                table[f] = _STRONG
                self.category[f] = "extra"
        self.strength = table
        self.min_segments = min_segments
        self._terms = re.compile(trie_pattern(table))
        #: The same, captured: ``split`` then gives gaps and terms in turn, at C speed.
        self._split = re.compile(f"({trie_pattern(table)})")
        self._report = re.compile(trie_pattern(fold(t) for t in REPORT))
        self._promo = re.compile(trie_pattern(fold(t) for t in PROMO))
        self._first = np.zeros(0x110000, dtype=bool)
        self._second = np.zeros(0x110000, dtype=bool)
        pairs = set()
        for t in table:
            self._first[ord(t[0])] = True
            self._second[ord(t[1])] = True
            if len(t) >= 2:
                pairs.add((ord(t[0]) << 21) | ord(t[1]))
        if any(len(t) < 2 for t in table):
            raise ValueError("spam terms must have two characters or more")
        self._pairs = np.array(sorted(pairs), dtype=np.uint64)

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
        wanted = {"strong": _STRONG, "weak": _WEAK, "promo": _PROMO}[strength]
        folded = fold(text)
        codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return [t for t in self._matches(folded, codes).terms if self.strength[t] == wanted]

    # ------------------------------------------------------------------ document level

    def clean(self, text: str, kinds: Iterable[str] = KINDS) -> SpamReport:
        """Drop spam lines and cut spam tails until nothing more is found; score the text.

        Only findings of ``kinds`` are applied (and scored).
        """
        wanted = frozenset(kinds)
        # The lines are split only when a page rule asks for them or something was found.
        current: Sequence[str] = _SplitLines(text)
        origin: Sequence[int] = range(len(current))
        joined: str | None = text
        found: list[Finding] = []
        removed = 0
        info: dict[int, _Line] | None = None
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
                    found.append(_moved(f, origin[j]))
                    gone = line if f.kind != "tail" else line[f.cut :]
                    removed += _visible(gone) if f.weight > 0 else 0
                    if f.kind != "tail":
                        continue
                    line = line[: f.cut].rstrip()
                kept.append(line)
                kept_origin.append(origin[j])
            current, origin = kept, kept_origin
        if info is None:
            info = self._index(current, fold("\n".join(current)))
        out = "\n".join(current) if found else text
        evidence = sum(f.weight for f in found) + self._left(info)
        if removed:
            evidence += 2.0 * removed / max(_visible(text), 1)
        score = round(1.0 - math.exp(-evidence), 3)
        terms = sorted({t for f in found for t in f.terms})
        kinds = Counter(f.kind for f in found)
        found.sort(key=lambda f: (f.line, f.kind != "tail"))
        return SpamReport(out, tuple(found), score, score >= FLAG_AT, tuple(terms[:50]), dict(kinds))

    def _left(self, info: dict[int, _Line]) -> float:
        """Evidence of strong spam terms left in the text (not counting lines with report words)."""
        total = 0.0
        for line in info.values():
            if line.has(_STRONG) and not self._reported(line.folded):
                total += LEFT_WEIGHT
                if total >= LEFT_CAP:
                    return LEFT_CAP
        return total

    # ------------------------------------------------------------------ one pass

    def find(self, lines: Sequence[str]) -> list[Finding]:
        """One pass over ``lines``: at most one finding per line, by index."""
        return self._pass(lines)[0]

    def _pass(self, lines: Sequence[str], text: str | None = None) -> tuple[list[Finding], dict[int, _Line]]:
        """One pass; ``text`` is ``"\\n".join(lines)`` when known."""
        if text is None:
            text = "\n".join(lines)
        folded = fold_codes(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
        info = self._index(lines, folded)
        out: dict[int, Finding] = {}
        for i, line in info.items():
            f = self._judge(i, line)
            if f is not None:
                out[i] = f
        page = _Page(lines, folded)
        if any(ln.has(_STRONG) for ln in info.values()):
            self._lists(page, info, out)
        self._site_prefix(page, out)
        if out:
            self._doorway(lines, info, out)
        return [out[i] for i in sorted(out)], info

    def _index(self, lines: Sequence[str], folded: str) -> dict[int, _Line]:
        """The lines with hits (or many separators), by index, each with its hits.

        Vectorised over the whole text: a page without spam costs a few array passes.
        """
        codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        breaks = np.flatnonzero(codes == 10)
        starts = np.concatenate(([0], breaks + 1))
        ends = np.concatenate((breaks, [len(codes)]))
        out: dict[int, _Line] = {}
        hits = self._matches(folded, codes)
        if hits.terms:
            hit_starts, hit_ends, terms = hits
            where = np.searchsorted(starts, hit_starts, side="right") - 1
            bounds = [0, *(np.flatnonzero(np.diff(where)) + 1).tolist(), len(terms)]
            strengths = np.fromiter(map(self.strength.__getitem__, terms), dtype=np.int8, count=len(terms))
            for a, b in itertools.pairwise(bounds):  # the hits of one line
                i = int(where[a])
                base = starts[i]
                out[i] = _Line(
                    folded[int(base) : int(ends[i])],
                    hit_starts[a:b] - base,
                    hit_ends[a:b] - base,
                    terms[a:b],
                    strengths[a:b],
                )
        where_seps = np.searchsorted(starts, np.flatnonzero(_SEPARATORS[codes]), side="right") - 1
        seps = np.bincount(where_seps, minlength=len(starts))
        many = ((ends - starts) >= 45) & (seps >= 14)
        for i in np.flatnonzero(many).tolist():
            if i not in out:
                out[i] = _Line(folded[int(starts[i]) : int(ends[i])])
        return out

    def _matches(self, folded: str, codes: npt.NDArray[np.uint32]) -> Hits:
        """Every term in ``folded`` (leftmost, longest, not overlapping), found by looking
        up the first two characters of every position at once and matching only there."""
        if len(codes) < 2:
            return Hits.none()
        pos = np.flatnonzero(self._first[codes[:-1]] & self._second[codes[1:]])
        if not len(pos):
            return Hits.none()
        keys = (codes[pos].astype(np.uint64) << np.uint64(21)) | codes[pos + 1].astype(np.uint64)
        found = np.minimum(np.searchsorted(self._pairs, keys), len(self._pairs) - 1)
        pos = pos[self._pairs[found] == keys]
        if len(pos) * 8 > len(codes):  # dense (keyword stuffing): one scan beats a match per place
            return Hits.from_split(self._split.split(folded))
        starts: list[int] = []
        ends: list[int] = []
        terms: list[str] = []
        end = -1
        match = self._terms.match
        for p in pos.tolist():
            if p < end:
                continue
            m = match(folded, p)
            if m is not None:
                end = m.end()
                starts.append(p)
                ends.append(end)
                terms.append(m.group())
        return Hits(np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64), terms)

    # ------------------------------------------------------------------ line rules

    def _judge(self, i: int, line: _Line) -> Finding | None:
        f = line.folded
        if not (line.has(_STRONG) or line.has(_WEAK)):
            return self._repetition(i, f)
        if not line.has(_STRONG):
            return None
        return (
            self._tail(i, line)
            or self._keywords(i, line)
            or self._link(i, line, line.spam_hits())
            or self._injected(i, line)
        )

    def _reported(self, text: str) -> bool:
        return self._report.search(text) is not None

    def _keywords(self, i: int, line: _Line) -> Finding | None:
        f = line.folded
        segments = span_arrays(f, _SEGMENT_SEPARATORS)
        n = len(segments[0])
        spam_starts, spam_terms = line.spam()
        terms = _most_common(spam_terms)
        sentence = _SENTENCE.search(f) is not None
        if n >= self.min_segments:
            spammy = _covered_segments(segments, spam_starts)
            if len(terms) >= 2 and spammy * 2 >= n:
                average = int((segments[1] - segments[0]).sum()) / n
                prose = sentence and (spammy * 5 < n * 3 or average > 12 or self._reported(f))
                if not prose and not (n < 2 * self.min_segments and self._reported(f)):
                    return Finding(
                        i, "keywords", f"{_show(terms)} ({spammy} of {n} segments)", WEIGHTS["keywords"],
                        terms=tuple(terms),
                    )  # fmt: skip
            return self._repetition(i, f, segments)
        # spam terms run together: most of the line is vocabulary
        visible = _visible(f)
        covered = line.covered()
        strong = [t for t in terms if self.strength[t] == _STRONG]
        if (
            not sentence
            and visible >= 10
            and covered * 10 >= visible * 7
            and len(terms) >= 3
            and len(strong) >= 2
            and not self._reported(f)
        ):
            return Finding(
                i, "keywords", f"{_show(terms)} ({covered} of {visible} characters)", WEIGHTS["keywords"],
                terms=tuple(terms),
            )  # fmt: skip
        return None

    def _repetition(self, i: int, f: str, segments: Spans | None = None) -> Finding | None:
        """Dozens of short segments, most repeating one three-character phrase."""
        if segments is None:
            segments = span_arrays(f, _SEGMENT_SEPARATORS)
        gram, count, n = _repeated(f, segments)
        if not gram:
            return None
        return Finding(i, "keywords", f"“{gram}” in {count} of {n} segments", REPETITION_WEIGHT)

    def _link(self, i: int, line: _Line, spam: list[tuple[int, int, str, int]]) -> Finding | None:
        f = line.folded.strip()
        if len(f) > _LINK_MAX or _SENTENCE.search(f) or self._reported(f):
            return None
        terms = _distinct(spam)
        strong = [t for t in terms if self.strength[t] == _STRONG]
        promo = _distinct([h for h in line.hits if h[3] == _PROMO])
        contact = _CONTACT.search(f)
        points = (
            len(strong) + 0.5 * (len(terms) - len(strong)) + (1 if promo else 0) + (1.5 if contact else 0)
        )
        covered = line.covered()
        visible = _visible(f)
        dense = covered * 20 >= visible * 7 or contact is not None
        if points >= 2 and dense:
            extra = [*promo, *([contact.group()] if contact else [])]
            return Finding(
                i, "link", _show(strong + [t for t in terms if t not in strong] + extra), WEIGHTS["link"],
                terms=tuple(terms),
            )  # fmt: skip
        return None

    def _tail(self, i: int, line: _Line) -> Finding | None:
        """Space-separated spam keywords closing a line: the run is cut."""
        f = line.folded
        starts, ends = span_arrays(f, _PIECE_SEPARATORS)
        if len(starts) < _TAIL_MIN:
            return None
        bad = (ends - starts) > _TAIL_PIECE
        marks = np.array([m.start() for m in _SENTENCE.finditer(f)], dtype=np.int64)
        if len(marks):
            bad[:-1] |= _holding(starts[:-1], ends[:-1], marks)
        stops = np.flatnonzero(bad)
        k = int(stops[-1]) + 1 if len(stops) else 0
        hit_starts, spam_terms = line.spam()
        flags = _holding(starts[k:], ends[k:], hit_starts)
        first = np.flatnonzero(flags)
        if not len(first):
            return None
        k += int(first[0])
        flags = flags[int(first[0]) :]
        run = len(starts) - k
        if run < _TAIL_MIN or int(flags.sum()) * 5 < run * 3:
            return None
        start = int(starts[k])
        terms = _most_common(spam_terms[int(np.searchsorted(hit_starts, start)) :])
        if len(terms) < 2 or not any(self.strength[t] == _STRONG for t in terms):
            return None
        if self._reported(f[start:]):
            return None
        evidence = f"{_show(terms)} ({int(flags.sum())} of {run} words)"
        if _visible(f[:start]) < 4:
            return Finding(i, "keywords", evidence, WEIGHTS["keywords"], terms=tuple(terms))
        return Finding(i, "tail", evidence, WEIGHTS["tail"], cut=start, terms=tuple(terms))

    def _injected(self, i: int, line: _Line) -> Finding | None:
        """A cluster of spam terms with a call to action or a contact inside a prose line."""
        f = line.folded
        marks = list(line.hits)
        marks.extend((m.start(), m.end(), m.group(), -1) for m in _CONTACT.finditer(f))
        if len(marks) < 2:
            return None
        marks.sort()
        cluster: list[tuple[int, int, str, int]] = []
        end = 0
        for mark in [*marks, (len(f) + _CLUSTER_GAP + 1, 0, "", -2)]:
            if cluster and mark[0] - end > _CLUSTER_GAP:
                found = self._cluster(i, f, cluster)
                if found is not None:
                    return found
                cluster = []
            cluster.append(mark)
            end = mark[1] if len(cluster) == 1 else max(end, mark[1])
        return None

    def _cluster(self, i: int, f: str, cluster: list[tuple[int, int, str, int]]) -> Finding | None:
        strong = _distinct([m for m in cluster if m[3] == _STRONG])
        if not strong:
            return None
        weak = _distinct([m for m in cluster if m[3] == _WEAK])
        promo = _distinct([m for m in cluster if m[3] == _PROMO])
        contact = [m[2] for m in cluster if m[3] == -1]
        if not (promo or contact):
            return None
        points = len(strong) + 0.5 * len(weak) + (1 if promo else 0) + (2 if contact else 0)
        if points < 3:
            return None
        start, end = cluster[0][0], max(m[1] for m in cluster)
        if _quoted(f, start):
            return None
        scope = _clause_around(f, start, end) if contact else f
        if self._reported(scope):
            return None
        excerpt = f[start:end] if end - start <= 40 else f[start : start + 39] + "…"
        return Finding(i, "injected", f"“{excerpt}”", WEIGHTS["injected"], terms=tuple(strong + weak))

    # ------------------------------------------------------------------ page rules

    def _lists(self, page: _Page, info: dict[int, _Line], out: dict[int, Finding]) -> None:
        """Runs of three or more short lines outside the body, most carrying spam terms.

        Between paragraphs such lines are the article's own (a report on a gambling ring
        may list the games); only the head and the tail of a page are searched.
        """
        lines = page.lines
        first, last = zones(page.body, out)
        runs: list[list[int]] = [[]]
        for i, line in enumerate(lines):
            s = line.strip()
            if not s:
                continue
            outside = first < 0 or i < first or i > last
            if outside and i not in out and len(s) <= 80 and not _SENTENCE.search(s):
                runs[-1].append(i)
            else:
                runs.append([])
        for run in runs:
            if len(run) < 3:
                continue
            spammy = [i for i in run if i in info and info[i].spam_hits()]
            hits = [h for i in spammy for h in info[i].spam_hits()]
            terms = _distinct(hits)
            strong = [t for t in terms if self.strength[t] == _STRONG]
            reported = any(self._reported(info[i].folded) for i in spammy)
            if len(spammy) * 5 >= len(run) * 3 and len(terms) >= 3 and strong and not reported:
                evidence = f"{_show(terms)} ({len(spammy)} of {len(run)} lines)"
                for i in run:
                    out.setdefault(i, Finding(i, "list", evidence, WEIGHTS["list"], terms=tuple(terms)))

    def _site_prefix(self, page: _Page, out: dict[int, Finding]) -> None:
        """A list closing the page whose titles nearly all start with the same site prefix."""
        if page.folded.isascii():
            return  # (titles start with Han characters)
        heads = Counter(_LINE_HEADS.findall(page.folded))
        if not heads or heads.most_common(1)[0][1] < 4:
            return
        lines = page.lines
        _, last = zones(page.body, out)
        if last < 0:
            return
        stems = page.stems(last + 1)
        items = [
            i for i in range(last + 1, len(lines)) if stems[i] and i not in out and _title_like(stems[i])
        ]
        prefixes = Counter(m.group() for i in items if (m := _HAN4.match(stems[i])))
        if not prefixes:
            return
        prefix, count = prefixes.most_common(1)[0]
        if count < 4 or count * 4 < len(items) * 3:
            return
        sharing = [i for i in items if stems[i].startswith(prefix)]
        before = sharing[0] - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        if before >= 0 and lines[before].strip().endswith((":", "：")):
            return
        if before > last and _content_heading(stems[before]):
            return  # ``出席名单`` over ``全国人大代表张三`` …: the article's own list
        for i in items:
            if sharing[0] <= i <= sharing[-1]:
                out[i] = Finding(
                    i,
                    "site_prefix",
                    f"“{prefix}” starts {count} of {len(items)} titles",
                    WEIGHTS["site_prefix"],
                )

    def _doorway(self, lines: Sequence[str], info: dict[int, _Line], out: dict[int, Finding]) -> None:
        """On a page whose spam dominates, the other lines with strong spam terms go too."""
        spam_lines = [i for i, f in out.items() if f.kind not in ("site_prefix", "tail")]
        if len(spam_lines) < 2:
            return
        visible = sum(_visible(line) for line in lines)
        spam_visible = sum(_visible(lines[i]) for i in spam_lines)
        if not (
            spam_visible * 10 >= visible * 3 or (len(spam_lines) >= 5 and len(spam_lines) * 5 >= len(lines))
        ):
            return
        share = f"{len(spam_lines)} spam lines, {round(100 * spam_visible / max(visible, 1))}% of the page"
        for i, line in info.items():
            if i in out:
                continue
            spam = line.spam_hits()
            strong = [h for h in spam if h[3] == _STRONG]
            if strong and not self._reported(line.folded) and not _quoted(line.folded, strong[0][0]):
                terms = _distinct(spam)
                out[i] = Finding(
                    i, "doorway", f"{_show(terms)}; {share}", WEIGHTS["doorway"], terms=tuple(terms)
                )
        for i, raw in enumerate(lines):
            if i in out or len(raw) > _LINK_MAX:
                continue
            f = fold(raw)
            contact = _CONTACT.search(f)
            promo = self._promo.search(f)
            if contact and promo and not self._reported(f):
                out[i] = Finding(
                    i, "doorway", f"{promo.group()} {contact.group()}; {share}", WEIGHTS["doorway"]
                )


# ---------------------------------------------------------------------- helpers

#: Whether a code point separates keywords (``|``, space, ``、``), as an array indexed by code point.
_SEPARATORS = np.zeros(0x110000, dtype=np.uint8)
_SEPARATORS[[ord(c) for c in "|｜丨 、"]] = 1
#: Bit 1: a Han character; bit 2: a clause mark; as an array indexed by code point.
_CLASSES = np.zeros(0x110000, dtype=np.uint8)
_CLASSES[0x3400:0x4DC0] = _CLASSES[0x4E00:0xA000] = _CLASSES[0xF900:0xFB00] = _CLASSES[0x20000:0x31350] = 1
_CLASSES[[ord(c) for c in "。，,！？!?；;、"]] = 2
_BULLET_FIRST = "-–—*+·•●◆◇▪■□○►▶▸※"
_WHITE = " \t\r\f\v\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
#: The separators of keyword segments and of space-separated pieces, as arrays indexed by code point.
_SEGMENT_SEPARATORS = np.zeros(0x110000, dtype=bool)
_SEGMENT_SEPARATORS[[ord(c) for c in "|｜丨/\\、,，_·•" + _WHITE]] = True
_PIECE_SEPARATORS = np.zeros(0x110000, dtype=bool)
_PIECE_SEPARATORS[[ord(c) for c in "|｜丨" + _WHITE]] = True
_HAN4 = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{4}")
#: The first four Han characters of a short line without sentence punctuation (a title).
_LINE_HEADS = re.compile(r"(?m)^[-–—*+·•●◆◇▪■□○►▶▸※ \t]*([\u3400-\u9fff\uf900-\ufaff]{4})[^\n。；;]{0,76}$")
_BULLETS = np.zeros(0x110000, dtype=bool)
_BULLETS[[ord(c) for c in "-–—*+·•●◆◇▪■□○►▶▸※"]] = True
_BULLET = re.compile(r"^(?:[-–—*+][ \t]+|[·•●◆◇▪■□○►▶▸※][ \t]*)")
_TITLE_STOP = re.compile(r"[。；;]|[!?！？](?=.)")


def _moved(f: Finding, line: int) -> Finding:
    return Finding(line, f.kind, f.evidence, f.weight, f.cut, f.terms)


def _visible(text: str) -> int:
    """Letters and digits in ``text`` (what ``\\w`` matches but ``_``).

    >>> _visible("a_b, 中文！12")
    6
    """
    if len(text) < _LONG:
        return len(_NON_WORD.sub("", text)) if text else 0
    # A long text: each distinct character judged once, counted by array.
    counts = np.bincount(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
    present = np.flatnonzero(counts)
    word = np.fromiter((chr(c).isalnum() for c in present.tolist()), dtype=bool, count=len(present))
    return int(counts[present[word]].sum())


#: Text length from which :func:`_visible` counts by array.
_LONG = 20_000


def _separators(line: str) -> int:
    return line.count("|") + line.count("｜") + line.count("丨") + line.count(" ") + line.count("、")


def _distinct(hits: Iterable[tuple[int, int, str, int]]) -> list[str]:
    """The terms of ``hits``, most frequent first (then in order of appearance)."""
    counts = Counter(h[2] for h in hits)
    return [t for t, _ in counts.most_common()]


def _most_common(terms: list[str]) -> list[str]:
    """:func:`_distinct` of bare terms.

    >>> _most_common(["b", "a", "a"])
    ['a', 'b']
    """
    return [t for t, _ in Counter(terms).most_common()]


def _show(terms: Sequence[str]) -> str:
    return " ".join(terms[:3]) + (" …" if len(terms) > 3 else "")


def _covered_segments(segments: Spans, hit_starts: npt.NDArray[np.int64]) -> int:
    """How many segments hold the (sorted) start of a hit."""
    starts, ends = segments
    return int(_holding(starts, ends, hit_starts).sum())


def _holding(
    starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64], points: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """For each span ``[starts, ends)``, whether one of the sorted ``points`` is in it."""
    if not len(points) or not len(starts):
        return np.zeros(len(starts), dtype=bool)
    at = np.searchsorted(points, starts)
    found = points[np.minimum(at, len(points) - 1)]
    return (at < len(points)) & (found < ends)


#: Spans as two arrays: starts and ends.
Spans = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]


def span_arrays(f: str, separators: npt.NDArray[np.bool_]) -> Spans:
    """The starts and ends of the runs of ``f`` between separator characters.

    >>> [a.tolist() for a in span_arrays("ab cd", _PIECE_SEPARATORS)]
    [[0, 3], [2, 5]]
    """
    if not f:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    codes = np.frombuffer(f.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    inside = np.concatenate(([False], ~separators[codes], [False]))
    edges = np.flatnonzero(inside[1:] != inside[:-1]).astype(np.int64)
    return edges[::2], edges[1::2]


def _repeated(f: str, spans: Spans) -> tuple[str, int, int]:
    """The three-Han-character phrase repeated in most of fifteen or more short segments,
    with its count and the number of segments; ``("", 0, n)`` when there is none."""
    n = len(spans[0])
    if n < 15 or f.isascii() or _HAN3.search(f) is None:  # (no phrase to repeat)
        return "", 0, n
    if n < 15 or (_SENTENCE.search(f) and len(_SENTENCE.findall(f)) * 10 > n):
        return "", 0, n
    total = int((spans[1] - spans[0]).sum())
    if total > 12 * n or sum(len(d) for d in _DIGITS.findall(f)) * 20 > len(f):
        return "", 0, n
    # A phrase in three of five segments is, but for a contrived line, in one of seven spread over the line: take
    # the candidates from those, count them at C speed, and check the best exactly.
    segments = list(zip(spans[0].tolist(), spans[1].tolist(), strict=True))
    sample = {segments[(n - 1) * k // 6] for k in range(7)}
    candidates = {f[k : k + 3] for s, e in sample for k in range(s, e - 2) if _HAN3.fullmatch(f, k, k + 3)}
    if not candidates:
        return "", 0, n
    gram = max(sorted(candidates), key=f.count)
    if f.count(gram) * 5 < n * 3:
        return "", 0, n
    count = sum(1 for s, e in segments if f.find(gram, s, e) >= 0)
    if count * 5 < n * 3:
        return "", 0, n
    # the phrase is most of each segment holding it (a keyword and its variants), unlike
    # a list of names sharing a place name (``广东省人民政府国有资产监督管理委员会网``)
    holding = [(s, e) for s, e in segments if f.find(gram, s, e) >= 0]
    phrase = _grown(f, gram, holding)
    if len(phrase) * len(holding) < sum(e - s for s, e in holding) * 0.5:
        return "", 0, n
    return phrase, count, n


def _grown(f: str, gram: str, holding: list[tuple[int, int]]) -> str:
    """``gram`` grown to the longest phrase around it that every segment of ``holding`` has."""
    s, e = holding[0]
    at = f.find(gram, s, e)
    start, end = at, at + len(gram)
    for step in (-1, 1):
        while end - start < 12:
            ns, ne = (start - 1, end) if step < 0 else (start, end + 1)
            if ns < s or ne > e or not all(f.find(f[ns:ne], a, b) >= 0 for a, b in holding[:1000]):
                break
            start, end = ns, ne
    return f[start:end]


def _quoted(f: str, at: int) -> bool:
    """Whether position ``at`` of ``f`` is inside quotes (or a title's brackets)."""
    depth = 0
    straight = 0
    for ch in f[max(0, at - 200) : at]:
        if ch in "\"'":
            straight ^= 1
        elif ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES and depth:
            depth -= 1
    return depth > 0 or straight == 1


def _clause_around(f: str, start: int, end: int) -> str:
    for m in _CLAUSE_SPLIT.finditer(f):
        if m.start() <= start < m.end():
            return f[m.start() : max(end, m.end())]
    return f


class _SplitLines(Sequence[str]):
    """The lines of ``text``, split when a line is first asked for (a page without spam
    never is: no string per line).

    >>> lines = _SplitLines("a\\nb"); len(lines), lines[1], list(lines)
    (2, 'b', ['a', 'b'])
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None
        self._count = text.count("\n") + 1

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if self._lines is None:
            self._lines = self._text.split("\n")
        return self._lines[index]


class _Page:
    """The lines of a page, folded, with the shapes the page rules need (computed once)."""

    def __init__(self, lines: Sequence[str], folded: str) -> None:
        self.lines = lines
        self.folded = folded

    @functools.cached_property
    def _bounds(self) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        codes = np.frombuffer(self.folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        breaks = np.flatnonzero(codes == 10)
        return codes, np.concatenate(([0], breaks + 1)), np.concatenate((breaks, [len(codes)]))

    @functools.cached_property
    def body(self) -> list[bool]:
        """Which lines read like paragraphs (twelve Han characters and clause punctuation,
        or fifty Han characters; not a bulleted title)."""
        codes, starts, ends = self._bounds
        classes = _CLASSES[codes]
        counts = []
        for bit in (1, 2):
            totals = np.concatenate(([0], np.cumsum(classes & bit, dtype=np.int64)))
            counts.append(totals[ends] - totals[starts])
        han, punct = counts
        body: list[bool] = ((han >= 50) | ((han >= 12) & (punct > 0))).tolist()
        first = codes[np.minimum(starts, max(len(codes) - 1, 0))] if len(codes) else starts
        bulleted = _BULLETS[first] | (first == 32) | (first == 9) | (first == 0x3000)
        for i in np.flatnonzero(bulleted & np.array(body, dtype=bool)).tolist():
            s = self.lines[i].strip()
            if s[:1] in _BULLET_FIRST and _BULLET.match(s) and len(s) <= 80 and not _TITLE_STOP.search(s):
                body[i] = False
        return body

    def stems(self, first: int) -> list[str]:
        """Folded lines of at most 80 characters without their bullets (``""`` otherwise),
        from line ``first`` on (``""`` before)."""
        _, starts, ends = self._bounds
        out = [""] * first
        for i in range(first, len(self.lines)):
            f = self.folded[int(starts[i]) : int(ends[i])].strip()
            if len(f) > 80:
                f = ""
            elif f[:1] in _BULLET_FIRST:
                f = _BULLET.sub("", f, count=1)
            out.append(f)
        return out


def _title_like(f: str) -> bool:
    return len(f) <= 80 and not (f.endswith(":") or _TITLE_STOP.search(f) or len(re.findall(r"[,，]", f)) > 1)


def _content_heading(f: str) -> bool:
    return (
        2 <= len(f) <= 12
        and _title_like(f)
        and not f.startswith(("(", "（", "[", "【"))
        and f.strip(" :") not in _RELATED
    )


#: Headings that introduce a list of related titles (a site's own list, not the article's).
_RELATED = frozenset(
    {"猜你喜欢", "最新文章", "相关阅读", "推荐阅读", "相关文章", "相关新闻", "相关推荐", "热门文章", "热门推荐",
     "延伸阅读", "更多精彩", "精彩推荐", "大家都在看", "为你推荐", "往期回顾", "最新资讯", "热点新闻"}
)  # fmt: skip
