"""The spam vocabulary as a matcher: every term of :mod:`.spam_vocab` (and extra
ones) with its strength, found in a whole page at once, and the hits of each line.

>>> vocabulary = SpamTerms()
>>> vocabulary.terms("百家樂注册送彩金")
['百家乐', '彩金']
>>> lines = vocabulary.index(fold("晨练\\n百家乐 注册"))
>>> sorted(lines), lines[1].terms
([1], ['百家乐'])
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ..normalisers._lexicon import fold, trie_pattern
from .spam_vocab import CATEGORIES, PROMO, REPORT

__all__ = ["PROMOTION", "STRONG", "WEAK", "Hits", "LineHits", "SpamTerms"]

#: The strengths of a term: a strong spam term, a weak one, a word of promotion.
STRONG, WEAK, PROMOTION = 2, 1, 0
#: Whether a code point separates keywords (``|``, space, ``、``), as an array indexed by code point.
SEPARATORS = np.zeros(0x110000, dtype=np.uint8)
SEPARATORS[[ord(c) for c in "|｜丨 、"]] = 1


class LineHits:
    """The hits of one line (offsets in the line) as columns, and its folded text; the
    hits as tuples only when a rule asks for them (a stuffing line has 100,000s).

    >>> line = SpamTerms().index("注册送百家乐")[0]
    >>> line.hits, line.has(STRONG), line.covered()
    ([(0, 3, '注册送', 0), (3, 6, '百家乐', 2)], True, 6)
    """

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
        return [h for h in self.hits if h[3] != PROMOTION]

    def has(self, strength: int) -> bool:
        return bool(np.count_nonzero(self.strengths == strength))

    def spam(self) -> tuple[npt.NDArray[np.int64], list[str]]:
        """The starts and terms of the hits that are not promotion words."""
        keep = self.strengths != PROMOTION
        if keep.all():
            return self.starts, self.terms
        where = np.flatnonzero(keep).tolist()
        return self.starts[keep], [self.terms[k] for k in where]

    def covered(self) -> int:
        """Characters inside hits."""
        return int((self.ends - self.starts).sum())


class Hits(NamedTuple):
    """Term matches as columns: starts, ends (arrays) and the terms, in text order.

    >>> Hits.none().terms
    []
    """

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


class SpamTerms:
    """The vocabulary of web spam (and ``extra_terms``, strong) as one matcher.

    ``strength`` maps each folded term to :data:`STRONG`, :data:`WEAK` or
    :data:`PROMOTION`; ``category`` to its category in :mod:`.spam_vocab`.

    >>> SpamTerms(["某某娱乐"]).strength["某某娱乐"] == STRONG
    True
    """

    def __init__(self, extra_terms: Iterable[str] = ()) -> None:
        table: dict[str, int] = {}
        self.category: dict[str, str] = {}
        for name, cat in CATEGORIES.items():
            for terms, strength in ((cat.weak, WEAK), (cat.strong, STRONG)):
                for t in terms:
                    table[fold(t)] = strength
                    self.category[fold(t)] = name
        for t in PROMO:
            table.setdefault(fold(t), PROMOTION)
            self.category.setdefault(fold(t), "promo")
        for t in extra_terms:
            f = fold(t.strip())
            if len(f) >= 2 and f not in table:
                table[f] = STRONG
                self.category[f] = "extra"
        self.strength = table
        self._terms = re.compile(trie_pattern(table))
        #: The same, captured: ``split`` then gives gaps and terms in turn, at C speed.
        self._split = re.compile(f"({trie_pattern(table)})")
        self._report = re.compile(trie_pattern(fold(t) for t in REPORT))
        #: Words of promotion (``注册``, ``送``…), searched on their own.
        self.promo = re.compile(trie_pattern(fold(t) for t in PROMO))
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

    def terms(self, text: str, strength: str = "strong") -> list[str]:
        """The spam terms of ``strength`` (``strong``, ``weak`` or ``promo``) in ``text``,
        folded, in order.

        >>> SpamTerms().terms("百家樂注册送彩金")
        ['百家乐', '彩金']
        """
        wanted = {"strong": STRONG, "weak": WEAK, "promo": PROMOTION}[strength]
        folded = fold(text)
        codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return [t for t in self.matches(folded, codes).terms if self.strength[t] == wanted]

    def index(self, folded: str) -> dict[int, LineHits]:
        """The lines of ``folded`` (a folded text) with hits or many separators, by index,
        each with its hits.

        Vectorised over the whole text: a page without spam costs a few array passes.
        """
        codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        breaks = np.flatnonzero(codes == 10)
        starts = np.concatenate(([0], breaks + 1))
        ends = np.concatenate((breaks, [len(codes)]))
        out: dict[int, LineHits] = {}
        hits = self.matches(folded, codes)
        if hits.terms:
            hit_starts, hit_ends, terms = hits
            where = np.searchsorted(starts, hit_starts, side="right") - 1
            bounds = [0, *(np.flatnonzero(np.diff(where)) + 1).tolist(), len(terms)]
            strengths = np.fromiter(map(self.strength.__getitem__, terms), dtype=np.int8, count=len(terms))
            for a, b in itertools.pairwise(bounds):  # the hits of one line
                i = int(where[a])
                base = starts[i]
                out[i] = LineHits(
                    folded[int(base) : int(ends[i])],
                    hit_starts[a:b] - base,
                    hit_ends[a:b] - base,
                    terms[a:b],
                    strengths[a:b],
                )
        where_seps = np.searchsorted(starts, np.flatnonzero(SEPARATORS[codes]), side="right") - 1
        seps = np.bincount(where_seps, minlength=len(starts))
        many = ((ends - starts) >= 45) & (seps >= 14)
        for i in np.flatnonzero(many).tolist():
            if i not in out:
                out[i] = LineHits(folded[int(starts[i]) : int(ends[i])])
        return out

    def matches(self, folded: str, codes: npt.NDArray[np.uint32]) -> Hits:
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

    def reported(self, text: str) -> bool:
        """Whether ``text`` holds words of a report (``警方``, ``打击``…): spam as a subject.

        >>> SpamTerms().reported("警方打击赌博")
        True
        """
        return self._report.search(text) is not None
