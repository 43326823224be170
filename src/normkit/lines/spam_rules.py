"""The spam rules: each line judged by its hits and shape, then the page (lists in its
head or tail, a closing list of one site's titles, a doorway page).

>>> rules = SpamRules(SpamTerms())
>>> text = "百家乐|六合彩|时时彩|无码|偷拍|人妻"
>>> rules.judge(0, rules.vocabulary.index(text)[0]).reason
'spam.keywords: 百家乐 六合彩 时时彩 … (6 of 6 words)'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..codespans.anywhere import LineStart
from ..normalisers._lexicon import fold
from .features import zones
from .spam_terms import PROMOTION, STRONG, WEAK, LineHits, SpamTerms
from .spam_text import (
    CONTACT,
    HAN4,
    PIECE_SEPARATORS,
    SEGMENT_SEPARATORS,
    SENTENCE,
    Page,
    Spans,
    clause_around,
    content_heading,
    count_visible,
    covered_segments,
    distinct,
    holding,
    most_common,
    quoted,
    repeated_phrase,
    show,
    span_arrays,
    title_like,
)

__all__ = ["KINDS", "REPETITION_WEIGHT", "WEIGHTS", "Finding", "SpamRules"]

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
#: Hits this many characters apart or closer form one cluster.
_CLUSTER_GAP = 8
#: Longest piece of a space-separated tail, and fewest pieces.
_TAIL_PIECE, _TAIL_MIN = 16, 4
#: Longest link-text line.
LINK_MAX = 80

#: The heads of a page's lines (a bullet or none, then four Han characters, a line of at
#: most 80 characters with no sentence stop), searched from each line break, not tried at
#: every position of the page, its repeats possessive (``*+``, ``{0,76}+``: giving back a
#: bullet or a character never lets a Han character or the line's end follow).
LINE_HEADS_ANYWHERE = LineStart(
    r"[-–—*+·•●◆◇▪■□○►▶▸※ \t]*+([\u3400-\u9fff\uf900-\ufaff]{4})[^\n。；;]{0,76}+$"
)


@dataclass(frozen=True, slots=True)
class Finding:
    """A spam line: its index, kind, the strongest evidence, and its weight.

    ``cut`` is, for a ``tail``, where the tail starts in the line (the line is kept up to it);
    ``terms`` are the spam terms found.

    >>> Finding(3, "tail", "百家乐 六合彩 (4 of 4 words)", 1.0, cut=12).reason
    'spam.tail: 百家乐 六合彩 (4 of 4 words)'
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

    def moved(self, line: int) -> Finding:
        """The same finding at index ``line``.

        >>> Finding(0, "link", "x", 1.0).moved(5).line
        5
        """
        return Finding(line, self.kind, self.evidence, self.weight, self.cut, self.terms)


class SpamRules:
    """The line and page rules over one vocabulary; ``min_segments`` separated segments
    make a keyword line.

    >>> rules = SpamRules(SpamTerms(), min_segments=3)
    >>> rules.judge(0, rules.vocabulary.index("百家乐 六合彩 时时彩")[0]).kind
    'keywords'
    """

    def __init__(self, vocabulary: SpamTerms, min_segments: int = 6) -> None:
        self.vocabulary = vocabulary
        self.strength = vocabulary.strength
        self.min_segments = min_segments
        self._reported = vocabulary.reported

    def judge(self, i: int, line: LineHits) -> Finding | None:
        f = line.folded
        if not (line.has(STRONG) or line.has(WEAK)):
            return self._repetition(i, f)
        if not line.has(STRONG):
            return None
        return (
            self._tail(i, line)
            or self._keywords(i, line)
            or self._link(i, line, line.spam_hits())
            or self._injected(i, line)
        )

    def _keywords(self, i: int, line: LineHits) -> Finding | None:
        f = line.folded
        segments = span_arrays(f, SEGMENT_SEPARATORS)
        n = len(segments[0])
        spam_starts, spam_terms = line.spam()
        terms = most_common(spam_terms)
        sentence = SENTENCE.search(f) is not None
        if n >= self.min_segments:
            spammy = covered_segments(segments, spam_starts)
            if len(terms) >= 2 and spammy * 2 >= n:
                average = int((segments[1] - segments[0]).sum()) / n
                prose = sentence and (spammy * 5 < n * 3 or average > 12 or self._reported(f))
                if not prose and not (n < 2 * self.min_segments and self._reported(f)):
                    return Finding(
                        i, "keywords", f"{show(terms)} ({spammy} of {n} segments)", WEIGHTS["keywords"],
                        terms=tuple(terms),
                    )  # fmt: skip
            return self._repetition(i, f, segments)
        # spam terms run together: most of the line is vocabulary
        visible = count_visible(f)
        covered = line.covered()
        strong = [t for t in terms if self.strength[t] == STRONG]
        if (
            not sentence
            and visible >= 10
            and covered * 10 >= visible * 7
            and len(terms) >= 3
            and len(strong) >= 2
            and not self._reported(f)
        ):
            return Finding(
                i, "keywords", f"{show(terms)} ({covered} of {visible} characters)", WEIGHTS["keywords"],
                terms=tuple(terms),
            )  # fmt: skip
        return None

    def _repetition(self, i: int, f: str, segments: Spans | None = None) -> Finding | None:
        """Dozens of short segments, most repeating one three-character phrase."""
        if segments is None:
            segments = span_arrays(f, SEGMENT_SEPARATORS)
        gram, count, n = repeated_phrase(f, segments)
        if not gram:
            return None
        return Finding(i, "keywords", f"“{gram}” in {count} of {n} segments", REPETITION_WEIGHT)

    def _link(self, i: int, line: LineHits, spam: list[tuple[int, int, str, int]]) -> Finding | None:
        f = line.folded.strip()
        if len(f) > LINK_MAX or SENTENCE.search(f) or self._reported(f):
            return None
        terms = distinct(spam)
        strong = [t for t in terms if self.strength[t] == STRONG]
        promo = distinct([h for h in line.hits if h[3] == PROMOTION])
        contact = CONTACT.search(f)
        points = (
            len(strong) + 0.5 * (len(terms) - len(strong)) + (1 if promo else 0) + (1.5 if contact else 0)
        )
        covered = line.covered()
        visible = count_visible(f)
        dense = covered * 20 >= visible * 7 or contact is not None
        if points >= 2 and dense:
            extra = [*promo, *([contact.group()] if contact else [])]
            return Finding(
                i, "link", show(strong + [t for t in terms if t not in strong] + extra), WEIGHTS["link"],
                terms=tuple(terms),
            )  # fmt: skip
        return None

    def _tail(self, i: int, line: LineHits) -> Finding | None:
        """Space-separated spam keywords closing a line: the run is cut."""
        f = line.folded
        starts, ends = span_arrays(f, PIECE_SEPARATORS)
        if len(starts) < _TAIL_MIN:
            return None
        bad = (ends - starts) > _TAIL_PIECE
        marks = np.array([m.start() for m in SENTENCE.finditer(f)], dtype=np.int64)
        if len(marks):
            bad[:-1] |= holding(starts[:-1], ends[:-1], marks)
        stops = np.flatnonzero(bad)
        k = int(stops[-1]) + 1 if len(stops) else 0
        hit_starts, spam_terms = line.spam()
        flags = holding(starts[k:], ends[k:], hit_starts)
        first = np.flatnonzero(flags)
        if not len(first):
            return None
        k += int(first[0])
        flags = flags[int(first[0]) :]
        run = len(starts) - k
        if run < _TAIL_MIN or int(flags.sum()) * 5 < run * 3:
            return None
        start = int(starts[k])
        terms = most_common(spam_terms[int(np.searchsorted(hit_starts, start)) :])
        if len(terms) < 2 or not any(self.strength[t] == STRONG for t in terms):
            return None
        if self._reported(f[start:]):
            return None
        evidence = f"{show(terms)} ({int(flags.sum())} of {run} words)"
        if count_visible(f[:start]) < 4:
            return Finding(i, "keywords", evidence, WEIGHTS["keywords"], terms=tuple(terms))
        return Finding(i, "tail", evidence, WEIGHTS["tail"], cut=start, terms=tuple(terms))

    def _injected(self, i: int, line: LineHits) -> Finding | None:
        """A cluster of spam terms with a call to action or a contact inside a prose line."""
        f = line.folded
        marks = list(line.hits)
        marks.extend((m.start(), m.end(), m.group(), -1) for m in CONTACT.finditer(f))
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
        strong = distinct([m for m in cluster if m[3] == STRONG])
        if not strong:
            return None
        weak = distinct([m for m in cluster if m[3] == WEAK])
        promo = distinct([m for m in cluster if m[3] == PROMOTION])
        contact = [m[2] for m in cluster if m[3] == -1]
        if not (promo or contact):
            return None
        points = len(strong) + 0.5 * len(weak) + (1 if promo else 0) + (2 if contact else 0)
        if points < 3:
            return None
        start, end = cluster[0][0], max(m[1] for m in cluster)
        if quoted(f, start):
            return None
        scope = clause_around(f, start, end) if contact else f
        if self._reported(scope):
            return None
        excerpt = f[start:end] if end - start <= 40 else f[start : start + 39] + "…"
        return Finding(i, "injected", f"“{excerpt}”", WEIGHTS["injected"], terms=tuple(strong + weak))

    # ------------------------------------------------------------------ page rules

    def lists(self, page: Page, info: dict[int, LineHits], out: dict[int, Finding]) -> None:
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
            if outside and i not in out and len(s) <= 80 and not SENTENCE.search(s):
                runs[-1].append(i)
            else:
                runs.append([])
        for run in runs:
            if len(run) < 3:
                continue
            spammy = [i for i in run if i in info and info[i].spam_hits()]
            hits = [h for i in spammy for h in info[i].spam_hits()]
            terms = distinct(hits)
            strong = [t for t in terms if self.strength[t] == STRONG]
            reported = any(self._reported(info[i].folded) for i in spammy)
            if len(spammy) * 5 >= len(run) * 3 and len(terms) >= 3 and strong and not reported:
                evidence = f"{show(terms)} ({len(spammy)} of {len(run)} lines)"
                for i in run:
                    out.setdefault(i, Finding(i, "list", evidence, WEIGHTS["list"], terms=tuple(terms)))

    def site_prefix(self, page: Page, out: dict[int, Finding]) -> None:
        """A list closing the page whose titles nearly all start with the same site prefix."""
        if page.folded.isascii():
            return  # (titles start with Han characters)
        heads = Counter(LINE_HEADS_ANYWHERE.findall(page.folded))
        if not heads or heads.most_common(1)[0][1] < 4:
            return
        lines = page.lines
        _, last = zones(page.body, out)
        if last < 0:
            return
        stems = page.stems(last + 1)
        items = [i for i in range(last + 1, len(lines)) if stems[i] and i not in out and title_like(stems[i])]
        prefixes = Counter(m.group() for i in items if (m := HAN4.match(stems[i])))
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
        if before > last and content_heading(stems[before]):
            return  # ``出席名单`` over ``全国人大代表张三`` …: the article's own list
        for i in items:
            if sharing[0] <= i <= sharing[-1]:
                out[i] = Finding(
                    i,
                    "site_prefix",
                    f"“{prefix}” starts {count} of {len(items)} titles",
                    WEIGHTS["site_prefix"],
                )

    def doorway(self, lines: Sequence[str], info: dict[int, LineHits], out: dict[int, Finding]) -> None:
        """On a page whose spam dominates, the other lines with strong spam terms go too."""
        spam_lines = [i for i, f in out.items() if f.kind not in ("site_prefix", "tail")]
        if len(spam_lines) < 2:
            return
        visible = sum(count_visible(line) for line in lines)
        spam_visible = sum(count_visible(lines[i]) for i in spam_lines)
        if not (
            spam_visible * 10 >= visible * 3 or (len(spam_lines) >= 5 and len(spam_lines) * 5 >= len(lines))
        ):
            return
        share = f"{len(spam_lines)} spam lines, {round(100 * spam_visible / max(visible, 1))}% of the page"
        for i, line in info.items():
            if i in out:
                continue
            spam = line.spam_hits()
            strong = [h for h in spam if h[3] == STRONG]
            if strong and not self._reported(line.folded) and not quoted(line.folded, strong[0][0]):
                terms = distinct(spam)
                out[i] = Finding(
                    i, "doorway", f"{show(terms)}; {share}", WEIGHTS["doorway"], terms=tuple(terms)
                )
        for i, raw in enumerate(lines):
            if i in out or len(raw) > LINK_MAX:
                continue
            f = fold(raw)
            contact = CONTACT.search(f)
            promo = self.vocabulary.promo.search(f)
            if contact and promo and not self._reported(f):
                out[i] = Finding(
                    i, "doorway", f"{promo.group()} {contact.group()}; {share}", WEIGHTS["doorway"]
                )
