"""The drop rule of lines repeated across a site: which lines of a page recur on enough
pages of its group to drop, and which stay (prose, the page's headline, section headings).

>>> [RepeatRule().threshold(n) for n in (2, 100)]
[2, 10]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .repeats_file import LineRepeats
from .repeats_keys import U64, key_text, line_keys

__all__ = ["REASON", "RepeatRule", "reads_as_prose", "repeated_lines"]

#: The reason of every line this rule drops.
REASON = "boilerplate.repeated"


@dataclass(frozen=True)
class RepeatRule:
    """When a repeated line is dropped: on ``max(min_pages, ceil(n ** growth))`` of the
    ``n`` pages of its group or more.

    >>> [RepeatRule().threshold(n) for n in (1, 2, 4, 9, 100, 10000)]
    [2, 2, 2, 3, 10, 100]
    """

    min_pages: int = 2
    growth: float = 0.5

    def threshold(self, pages: int) -> int:
        return int(max(self.min_pages, math.ceil(max(pages, 1) ** self.growth - 1e-9)))


HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")
#: Sentence ends (a closing quote or bracket may follow).
_SENTENCE_END = re.compile(r"[。！？!?；;][”’」』）)\]】\"']*")
_CLAUSE = re.compile(r"[，、：,；;]")
_TRUNCATED = re.compile(r"(\.\.\.|…|。。。)\s*$")
#: A numbered heading of a document's sections: ``一、``, ``（二）``, ``第三章``, ``1.2 ``.
_SECTION = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十百\d]+[章节條条部篇]"
    r"|\d+[、．]|\d+(?:\.\d+)+\s)\s*[" + HAN + "]"
)
#: Ends a sentence that is surely prose (a question or exclamation may be a headline).
_FULL_STOP = re.compile(r"[。．；;][”’」』）)\]】\"']*$")


def reads_as_prose(line: str) -> bool:
    """A sentence of text: ten or more Han characters ending in ``。`` (not a truncation
    ``…``), two sentences, a question or exclamation of twenty or more with a clause in it
    (shorter ones are headlines), or a long line of clauses. Never dropped as repeated.

    >>> reads_as_prose("据新华社报道，今年一季度全国粮食产量稳中有升。")
    True
    >>> reads_as_prose("习近平同志《论党的自我革命》出版发行"), reads_as_prose("全国粮食产量稳中有升，专家表示…")
    (False, False)
    >>> reads_as_prose("初中数学第一课，怎样学好有理数？")
    False
    """
    han = len(_HAN_RE.findall(line))
    if han < 10:
        return False
    stripped = line.strip()
    if _TRUNCATED.search(stripped):
        return False
    ends = list(_SENTENCE_END.finditer(stripped))
    if len(ends) >= 2 or _FULL_STOP.search(stripped):
        return True
    clauses = len(_CLAUSE.findall(stripped))
    if ends and ends[-1].end() == len(stripped) and han >= 20 and clauses:
        return True
    return han >= 40 and clauses >= 2


def _headline_shaped(line: str) -> bool:
    s = line.strip()
    han = len(_HAN_RE.findall(s))
    return 6 <= len(s) <= 80 and han >= 4 and not _FULL_STOP.search(s)


#: Separators of menus and link lists.
_SEPARATORS = re.compile(r"[|｜>›»/／·•]|\s\S{1,4}\s")


def _heading(line: str) -> bool:
    """A short heading: up to sixteen characters with two or more Han, no space inside (menu
    items stand side by side), no menu separators."""
    s = line.strip().lstrip("#").strip()
    return (
        2 <= len(s) <= 16
        and len(_HAN_RE.findall(s)) >= 2
        and not any(c.isspace() for c in s)
        and not _SEPARATORS.search(s)
    )


def repeated_lines(
    lines: Sequence[str],
    repeats: LineRepeats,
    group: str,
    rule: RepeatRule | None = None,
    hashes: tuple[U64, npt.NDArray[np.intp]] | None = None,
) -> dict[int, str]:
    """Index (from 0) of every line of a page of ``group`` to drop as repeated -> reason.

    ``hashes``: :func:`line_keys` of ``"\\n".join(lines)`` when already computed.

    >>> from .repeats_file import LineRepeats
    >>> from .repeats_keys import line_group_keys, page_key
    >>> menu = line_keys("首页 | 新闻 | 视频")[0]
    >>> keys = np.sort(np.array([page_key("a.cn"), line_group_keys(menu, "a.cn")[0]]))
    >>> repeats = LineRepeats(keys, np.array([4, 4], dtype=np.uint32), {})
    >>> repeated_lines(["首页 | 新闻 | 视频", "正文"], repeats, "a.cn")
    {0: 'boilerplate.repeated'}
    """
    rule = rule or RepeatRule()
    pages = repeats.group_pages(group)
    if pages < rule.min_pages:
        return {}
    h, nchars = hashes if hashes is not None else line_keys("\n".join(lines))
    seen = repeats.line_pages(h, group)
    cand = (seen >= rule.threshold(pages)) & (nchars >= repeats.settings.min_chars)
    if not cand.any():
        return {}
    candidates = set(np.flatnonzero(cand).tolist())
    prose = [i for i, line in enumerate(lines) if reads_as_prose(line)]
    protected = _protected(lines, candidates, prose, seen, pages)
    keep = protected.union(prose)
    return {i: REASON for i in sorted(candidates) if i not in keep}


#: A headline is looked for among candidates with at most this many kept lines before the
#: first paragraph.
_HEADLINE_REACH = 4


def _protected(
    lines: Sequence[str], candidates: set[int], prose: list[int], seen: npt.NDArray[np.uint32], pages: int
) -> set[int]:
    """Candidates that are the page's own headline or a section heading of its text.

    The headline: a candidate that the page's first kept line (the ``<title>`` of crawled
    text) contains (half of it or more), the first line and its copy when the title is the
    headline itself, or the headline-shaped candidate nearest above the first paragraph among
    those on the fewest pages, when that is fewer than all (furniture is on every page; a
    headline only on its own page and in some feeds). Only lines that stay whatever happens
    (not candidates, or prose) are counted and compared, so a second pass protects the same
    lines (idempotent).
    """
    protected: set[int] = set()
    stays = candidates.difference(prose)
    kept = [i for i in range(len(lines)) if i not in stays and lines[i].strip()]
    top = next((i for i, line in enumerate(lines) if line.strip()), None)
    if top is not None and top in stays and _headline_shaped(lines[top]):
        # the <title> line is the headline itself, repeated below it: both are this page's
        key = key_text(lines[top])
        copies = [
            i
            for i in stays
            if top < i < top + 60 and _headline_shaped(lines[i]) and key_text(lines[i]) == key
        ]
        if copies:
            protected.update([top, *copies])
    if kept:
        title = key_text(lines[kept[0]]) if len(lines[kept[0]]) <= 400 else ""  # titles are short
        if len(title) >= 8:
            for i in candidates:
                if not _headline_shaped(lines[i]):
                    continue
                key = key_text(lines[i])
                if 2 * len(key) >= len(title) and len(key) >= 6 and key in title:
                    protected.add(i)
        # a heading right above a paragraph found on this page only (``问题描述``); the
        # paragraph stays, so a second pass sees the same pair
        unique_prose = set(prose).difference(candidates)
        for i in stays:
            nxt = i + 1
            while nxt < len(lines) and not lines[nxt].strip():
                nxt += 1
            if nxt in unique_prose and _heading(lines[i]):
                protected.add(i)
    if prose:
        first, last = prose[0], prose[-1]
        before = [i for i in kept if i < first]
        floor = before[-_HEADLINE_REACH] if len(before) >= _HEADLINE_REACH else -1
        near = [i for i in sorted(stays) if floor < i < first and _headline_shaped(lines[i])]
        if near:
            fewest = min(int(seen[i]) for i in near)
            if fewest < pages:
                protected.add(max(i for i in near if int(seen[i]) == fewest))
        protected.update(i for i in candidates if first < i < last and _SECTION.match(lines[i]))
    return protected
