"""The boilerplate rules: each line judged alone by the rule families, then the page.

How a line is judged:

1. **Strong** signals drop a line wherever it stands: a breadcrumb, a ``发布时间:`` line, a
   credit standing alone, a licence number, a symbol-only line.
2. The **body** is the run from the first to the last paragraph-like line that is not a
   candidate. Lines before it are the page head, lines after it the page tail.
3. **Weak** signals (a lone date, ``地址:``, a run of short truncated headlines, a
   ``- title`` list) drop a line only in the head or the tail, never between paragraphs:
   a short line between body paragraphs is body. When in doubt, the line stays.

The families judging each line alone are in :mod:`normkit.lines.families`, their patterns
in :mod:`normkit.lines.patterns`. :func:`judge_lines` is the one way to ask the rules
about a page: ``boilerplate.lines`` asks it, and so does ``lines.rejoin`` before it joins.

>>> from normkit.normalisers._lexicon import build_lexicon
>>> judge_lines(Lines.of(["今天天气很好，我们去公园散步了。", "版权所有 © 2024 某某网 保留所有权利"]), build_lexicon())
{1: 'copyright'}
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Container, Mapping

from ..normalisers._lexicon import Lexicon
from .arrays import zones
from .families import CLUSTER, HEAD, MENU, MENU_NAMED, STRONG, WEAK, Candidate, LineRules
from .patterns import LIST_MARK, PREV_NEXT, SITE_TITLE, SITE_WORD, verse
from .shapes import Lines, until_stable

__all__ = [
    "CLUSTER",
    "HEAD",
    "MENU",
    "MENU_NAMED",
    "STRONG",
    "WEAK",
    "Candidate",
    "Memo",
    "RuleClassifier",
    "judge_lines",
    "rule_pass",
]

#: Page-template titles are looked for among this many lines at the top of the head.
_TEMPLATE_WINDOW = 12

#: Candidates by stripped line, shared by the passes over one page (a line's candidate is
#: a function of its text and the lexicon).
Memo = dict[str, Candidate | None]


def rule_pass(
    lines: Lines, lexicon: Lexicon, memo: Memo, kinds: Container[str] | None = None
) -> dict[int, str]:
    """One pass of the rules over ``lines``: the kind of every line they drop (of
    ``kinds`` when given), by index.

    >>> from normkit.normalisers._lexicon import build_lexicon
    >>> lines = Lines.of(["当前位置:首页 > 新闻", "今天天气很好，我们去公园散步了。", "版权所有 © 2024 某某网"])
    >>> rule_pass(lines, build_lexicon(), {}), rule_pass(lines, build_lexicon(), {}, kinds={"copyright"})
    ({0: 'navigation', 2: 'copyright'}, {2: 'copyright'})
    """
    found = RuleClassifier(lines, lexicon, memo).run()
    if kinds is None:
        return found
    return {i: kind for i, kind in found.items() if kind in kinds}


def judge_lines(
    lines: Lines,
    lexicon: Lexicon,
    keep: frozenset[int] | Callable[[list[int]], frozenset[int]] = frozenset(),
    kinds: Container[str] | None = None,
    memo: Memo | None = None,
) -> dict[int, str]:
    """The lines of a page the rules drop (index -> kind): a pass, then passes over the
    lines left until nothing more goes (:func:`~normkit.lines.shapes.until_stable`);
    lines at ``keep`` (code) never go. ``memo`` may be shared by calls with the same
    lexicon (pages that share lines).

    >>> from normkit.normalisers._lexicon import build_lexicon
    >>> lines = Lines.of(["当前位置:首页 > 新闻", "今天天气很好，我们去公园散步了。", "版权所有 © 2024 某某网"])
    >>> judge_lines(lines, build_lexicon(), keep=frozenset({2}))
    {0: 'navigation'}
    """
    memo = {} if memo is None else memo
    return until_stable(lines, lambda part: rule_pass(part, lexicon, memo, kinds), keep)


@functools.lru_cache(maxsize=4096)
def _list_marked(folded: str) -> bool:
    """Whether a folded line has a list item's mark (:data:`~normkit.lines.patterns.LIST_MARK`);
    remembered, as the passes over a page ask again about the same lines."""
    return LIST_MARK.search(folded) is not None


class RuleClassifier(LineRules):
    """Classify the lines of one document. ``run()`` maps line index to kind.

    >>> from normkit.normalisers._lexicon import build_lexicon
    >>> lines = Lines.of(["当前位置:首页 > 新闻", "今天天气很好，我们去公园散步了。"])
    >>> RuleClassifier(lines, build_lexicon(), {}).run()
    {0: 'navigation'}
    """

    def run(self) -> dict[int, str]:
        lines = self.lines
        n = len(lines)
        cands = self.candidates()
        first, last = zones(lines.body, cands)
        out: dict[int, str] = {}
        for i, (kind, strength) in cands.items():
            if strength in (MENU, MENU_NAMED):
                if self._in_table(i):
                    continue
                strength = STRONG if strength == MENU_NAMED else WEAK
            elif strength == CLUSTER:
                if not self._beside_candidate(i, cands):
                    continue
                strength = WEAK
            elif kind == "credit" and strength == WEAK and self._before_verse(i):
                continue  # ``作者：白居易`` above a poem is part of it
            if (
                strength == STRONG
                or (strength == WEAK and first >= 0 and (i < first or i > last))
                or (strength == HEAD and i < first)
            ):
                out[i] = kind
        self._related_runs(cands, out, last)
        if first >= 0:
            self._sidebars(out, 0, first, head=True)
            self._sidebars(out, last + 1, n, head=False)
            self._tail_list(out, last)
            self._template_titles(out, first)
        return out

    def _before_verse(self, i: int) -> bool:
        """Whether the next non-blank line after ``i`` is a line of verse (see :func:`verse`)."""
        j = self._next_nonblank(i + 1, len(self.lines))
        return j < len(self.lines) and verse(self.lines.folded[j])

    def _next_nonblank(self, i: int, stop: int) -> int:
        while i < stop and not self.lines.stripped[i]:
            i += 1
        return i

    def _related_runs(self, cands: dict[int, Candidate], out: dict[int, str], last: int) -> None:
        lines = self.lines
        n = len(lines)
        reach = -1  # a run skips the triggers inside it; each line is scanned once
        for t in sorted(i for i, kind in out.items() if kind == "related"):
            if (
                t <= reach
                or t not in cands
                or (PREV_NEXT.match(lines.folded[t]) and len(lines.folded[t]) > 6)
            ):
                continue
            limit = 1 if PREV_NEXT.match(lines.folded[t]) else n
            run: list[int] = []
            j = self._next_nonblank(t + 1, n)
            while j < n and len(run) < limit:
                if j in out:
                    j = self._next_nonblank(j + 1, n)
                    continue
                if not (lines.title_like(j) or (lines.bulleted(j) and lines.title_like(j, 80))):
                    break
                if lines.body[j] and not lines.bulleted(j):
                    break
                run.append(j)
                j = self._next_nonblank(j + 1, n)
            reach = j - 1
            # Inside the article, a title right before a paragraph may be its subheading.
            if run and run[-1] < last and not lines.bulleted(run[-1]):
                run.pop()
            for k in run:
                out[k] = "related"

    def _sidebars(self, out: dict[int, str], start: int, stop: int, head: bool) -> None:
        lines = self.lines
        runs: list[list[int]] = [[]]
        for i in range(start, stop):
            if not lines.stripped[i]:
                continue
            if i in out or not lines.title_like(i):
                runs.append([])
                continue
            runs[-1].append(i)
        for run in runs:
            if len(run) < 3:
                continue
            marked = {i for i in run if _list_marked(lines.folded[i])}
            if len(marked) * 2 < len(run) or self._introduced(run[0]):
                continue
            # The line next to the article may be its headline; it stays unless marked.
            edge = run[-1] if head else run[0]
            for i in run:
                if i in marked or i != edge:
                    out[i] = "sidebar"

    def _tail_list(self, out: dict[int, str], last: int) -> None:
        """A run of ``- title`` lines closing the page is a list of links."""
        lines = self.lines
        items: list[int] = []
        i = len(lines) - 1
        while i > last:
            if lines.stripped[i] and i not in out:
                if not (lines.bulleted(i) and lines.title_like(i, 80)):
                    break
                items.append(i)
            i -= 1
        if len(items) < 3:
            return
        if self._introduced(items[-1]) or self._under_heading(items[-1], out):
            return
        lengths = sorted(len(lines.stripped[k]) for k in items)
        if lengths[len(lengths) // 2] < 10:
            return
        for k in items:
            out[k] = "related"

    def _introduced(self, i: int) -> bool:
        """Whether the line before ``i`` introduces a list (``措施如下：``)."""
        lines = self.lines
        i -= 1
        while i >= 0 and not lines.stripped[i]:
            i -= 1
        return i >= 0 and lines.stripped[i].endswith((":", "：", "："))

    def _under_heading(self, i: int, out: Mapping[int, str]) -> bool:
        """Whether the line before ``i`` is a heading of the content (``参考文献``)."""
        lines = self.lines
        i -= 1
        while i >= 0 and not lines.stripped[i]:
            i -= 1
        return i >= 0 and i not in out and lines.title_like(i) and not lines.bulleted(i)

    def _template_titles(self, out: dict[int, str], first: int) -> None:
        lines = self.lines
        head = [i for i in range(first) if lines.stripped[i] and i not in out][:_TEMPLATE_WINDOW]
        for pos, i in enumerate(head):
            later = [j for j in head[pos + 1 :] if lines.title_like(j, 80)]
            if not later:
                break
            f = lines.folded[i]
            if any(lines.folded[j] == f for j in later):
                out[i] = "template_title"
                continue
            m = SITE_TITLE.match(f)
            if m is None:
                continue
            title = m.group(1).strip()
            if SITE_WORD.search(m.group(2).strip()) or any(
                title in lines.folded[j] or lines.folded[j] in title for j in later
            ):
                out[i] = "template_title"

    def _beside_candidate(self, i: int, cands: Mapping[int, Candidate]) -> bool:
        """Whether the nearest non-blank line above or below ``i`` is a candidate too."""
        stripped = self.lines.stripped
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(stripped) and not stripped[j]:
                j += step
            if 0 <= j < len(stripped) and j in cands:
                return True
        return False

    def _in_table(self, i: int) -> bool:
        """Whether a neighbouring line also has ``|`` separators (rows of one table)."""
        stripped = self.lines.stripped
        for j in (i - 1, i + 1):
            if 0 <= j < len(stripped) and ("|" in stripped[j] or "｜" in stripped[j]):
                return True
        return False
