"""The boilerplate rules: each line judged alone by the rule families, then the page.

How a line is judged:

1. **Strong** signals drop a line wherever it stands: a breadcrumb, a ``发布时间:`` line, a
   credit standing alone, a licence number, a symbol-only line.
2. The **body** is the run from the first to the last paragraph-like line that is not a
   candidate. Lines before it are the page head, lines after it the page tail.
3. **Weak** signals (a lone date, ``地址:``, a run of short truncated headlines, a
   ``- title`` list) drop a line only in the head or the tail, never between paragraphs:
   a short line between body paragraphs is body. When in doubt, the line stays.

The patterns are in :mod:`normkit.lines.patterns`; :class:`RuleClassifier` applies them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..normalisers._lexicon import Lexicon
from .features import within, zones
from .gates import (
    ANY_SIGNAL,
    COMMA,
    COPYRIGHT,
    CREDIT,
    FOOTER,
    METADATA,
    METADATA_SHORT,
    NAVIGATION,
    NAVIGATION_SHORT,
    RELATED,
    SENTENCE,
    SIGNAL,
    STOP,
    Gates,
)
from .patterns import (
    ANY_DECLARATION,
    CALL_TO_ACTION,
    COPYRIGHT_EXTRA,
    COPYRIGHT_EXTRA_ANY,
    COPYRIGHT_EXTRA_WORDS,
    COPYRIGHT_LEAD,
    COUNT,
    CREDIT_SPLIT,
    CRUMB_SEP,
    DATE_ONLY,
    DATE_TIME,
    EMAIL_ONLY,
    END_MARK,
    FIELD,
    LABEL_COLON,
    LIST_MARK,
    LONG_LINE_HINT,
    LONG_NUMBER,
    NAME,
    NAV_BAR,
    NAV_BAR_SEP,
    NAV_SOLO,
    NAV_SPLIT,
    NAV_STRIP,
    NOTICE_HINT,
    NOTICE_SUBJECT,
    OMISSION,
    PAGINATION,
    PHONE_ONLY,
    PINYIN_GLOSS,
    POSITION,
    PREV_NEXT,
    PRODUCTION_ROLES,
    REGISTRATION,
    SITE_TITLE,
    SITE_WORD,
    SYMBOLS_ONLY,
    TOOLS,
    TRIGGER_STRIP,
    WRAPPED,
    captioned,
    maybe_registration,
    org_role,
    role_name,
    verse,
)
from .shapes import CLAUSE_PUNCT, SENTENCE_PUNCT, Lines, han_count

__all__ = ["CLUSTER", "HEAD", "MENU", "MENU_NAMED", "STRONG", "WEAK", "Candidate", "RuleClassifier"]

#: Page-template titles are looked for among this many lines at the top of the head.
_TEMPLATE_WINDOW = 12

#: How sure a candidate is: dropped anywhere, only in the page head or tail, only in the head.
STRONG, WEAK, HEAD = "strong", "weak", "head"
#: A menu bar (with a known menu word): weak (strong), unless it is a table row.
MENU, MENU_NAMED = "menu", "menu-named"
#: Contact lines: weak, and only beside another boilerplate line (footers come in blocks).
CLUSTER = "cluster"
Candidate = tuple[str, str]
#: :func:`_families` by gate bits.
_FAMILIES: dict[int, tuple[Callable[[RuleClassifier, int, str], Candidate | None], ...]] = {}


def _families(gate: int) -> tuple[Callable[[RuleClassifier, int, str], Candidate | None], ...]:
    """The families (in their order) that could take a line with these gate bits."""
    found = _FAMILIES.get(gate)
    if found is None:
        families = []
        if gate & NAVIGATION or (gate & NAVIGATION_SHORT and not gate & (SENTENCE | COMMA)):
            families.append(RuleClassifier._navigation)
        if gate & COPYRIGHT:
            families.append(RuleClassifier._copyright)
        if gate & FOOTER:
            families.append(RuleClassifier._footer)
        if gate & RELATED:
            families.append(RuleClassifier._related)
        if gate & METADATA or (gate & METADATA_SHORT and not gate & STOP):
            families.append(RuleClassifier._metadata)
        if gate & CREDIT and not gate & SENTENCE:
            families.append(RuleClassifier._credit)
        found = _FAMILIES[gate] = tuple(families)
    return found


class RuleClassifier:
    """Classify the lines of one document. ``run()`` maps line index to kind."""

    def __init__(self, lines: Lines, lexicon: Lexicon, memo: dict[str, Candidate | None]) -> None:
        self.lines = lines
        self.memo = memo
        self.lex = lexicon
        self.meta_label = lexicon.derived("metadata", LABEL_COLON)
        self.footer_label = lexicon.derived("footer", LABEL_COLON)
        self.gates = Gates.of(lexicon)

    # -- per line --------------------------------------------------------------------

    def candidate(self, i: int) -> Candidate | None:
        """``(kind, strength)`` of line ``i`` judged alone (a function of its text), or None."""
        s = self.lines.stripped[i]
        if s not in self.memo:
            self._judge_lines([i])
        return self.memo[s]

    def candidates(self) -> dict[int, Candidate]:
        """The candidates among all lines: the lines not judged yet are judged together."""
        memo = self.memo
        stripped = self.lines.stripped
        todo: dict[str, int] = {}
        for i, s in enumerate(stripped):
            if s not in memo and s not in todo:
                todo[s] = i
        if todo:
            self._judge_lines(list(todo.values()))
        return {i: c for i, s in enumerate(stripped) if (c := memo[s]) is not None}

    def _judge_lines(self, indices: list[int]) -> None:
        """Judge the lines at ``indices`` (distinct texts) into the memo, the gates of
        :mod:`normkit.lines.gates` found for all of them at once."""
        lines = self.lines
        stripped, folded, han = lines.stripped, lines.folded, lines.han
        bits = self.gates.lines([folded[i] for i in indices])
        memo = self.memo
        for i, b in zip(indices, bits, strict=True):
            # Without a signal a line with a Han character (so not symbols only) is no candidate.
            memo[stripped[i]] = None if not b & ANY_SIGNAL and han[i] else self._judge(i, b)

    def _judge(self, i: int, gate: int) -> Candidate | None:
        lines = self.lines
        s = lines.stripped[i]
        if not s:
            return None
        f = lines.folded[i]
        if not f or (not within(s, 80) and lines.body[i] and not self._long_candidate(s, f)):
            return None
        if SYMBOLS_ONLY.match(f):
            return None if OMISSION.match(s) else ("symbols", STRONG)
        if not gate & ANY_SIGNAL:
            return None
        for judge in _families(gate):
            found = judge(self, i, f)
            if found is not None:
                # Only a line with a boilerplate word or mark is a candidate at all.
                return found if gate & SIGNAL or self.gates.signals.search(f) else None
        return None

    def _long_candidate(self, s: str, f: str) -> bool:
        """Whether a paragraph-like line (over 80 characters) can be boilerplate at all.

        It needs a word of :data:`LONG_LINE_HINT`. Over 150 characters, or with a ``。``,
        only the notices (copyright, licences, the position line) remain possible, and
        footer labels up to 150 characters: the other judges never take such lines.
        (Exactly the lines the judges could take; this only spares the others the work.)
        """
        if not LONG_LINE_HINT.search(f):
            return False
        if within(f, 150) and ("。" not in f or self.footer_label.search(f)):
            return True
        return (
            NOTICE_HINT.search(f) is not None
            or self.lex.patterns["copyright"].search(f) is not None
            or COPYRIGHT_EXTRA_ANY.search(f) is not None
            or COPYRIGHT_LEAD.match(f) is not None
        )

    def _navigation(self, i: int, f: str) -> Candidate | None:
        if POSITION.match(f):
            return ("navigation", STRONG)
        if within(f, 25) and CALL_TO_ACTION.search(f):
            return ("navigation", WEAK)
        if (f[-1].isdigit() or f[-1] in "页>»]") and PAGINATION.match(f):
            return ("navigation", WEAK)
        if not within(f, 120) or SENTENCE_PUNCT.search(f) or "," in f:
            return None
        nav = self.lex.terms["navigation"]
        if ">" in f or "»" in f or "›" in f or "→" in f:
            parts = [p for p in CRUMB_SEP.split(f) if p]
            if len(parts) >= 2 and all(within(p, 20) for p in parts):
                head = NAV_STRIP.sub("", parts[0])
                if head in nav or head.endswith(("首页", "网")) or len(parts) >= 3:
                    return ("navigation", STRONG)
            if len(parts) == 2 and all(within(p, 10) for p in parts):
                return ("navigation", WEAK)
        items = [NAV_STRIP.sub("", p) for p in NAV_SPLIT.split(f)]
        items = [p for p in items if p]
        if not items or any(not within(p, 8) for p in items):
            return None
        hits = sum(p in nav for p in items)
        if len(items) >= 3 and hits >= 0.6 * len(items):
            # Words between spaces may be a heading (文化 旅游 体育 融合发展); a menu has bars.
            explicit = NAV_BAR_SEP.search(f) is not None or len(items) >= 5
            return ("navigation", STRONG if explicit else WEAK)
        if len(items) <= 2 and hits == len(items) and any(len(p) >= 4 or p in NAV_SOLO for p in items):
            return ("navigation", WEAK)
        if len(items) >= 4 and NAV_BAR.fullmatch(f):
            return ("navigation", MENU_NAMED if hits else MENU)
        return None

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

    def _copyright(self, i: int, f: str) -> Candidate | None:
        if COPYRIGHT_LEAD.match(f):
            return ("copyright", STRONG)
        hits = set(self.lex.patterns["copyright"].findall(f))
        if COPYRIGHT_EXTRA_ANY.search(f):
            hits.update(
                key
                for key, pattern in COPYRIGHT_EXTRA
                if any(word in f for word in COPYRIGHT_EXTRA_WORDS[key]) and pattern.search(f)
            )
        if hits and ANY_DECLARATION.match(f):
            return ("copyright", STRONG)
        # A sentence about copyright law has the words but not the notice's own subject.
        if not hits or not NOTICE_SUBJECT.search(f):
            return None
        if len(hits) >= 2:
            return ("copyright", STRONG)
        return ("copyright", WEAK) if within(f, 80) else None

    def _footer(self, i: int, f: str) -> Candidate | None:
        # ``京ICP备12345678号``; a sentence about ``ICP备案`` without a number is prose.
        if (
            maybe_registration(f)
            and REGISTRATION.search(f)
            and (LONG_NUMBER.search(f) or not CLAUSE_PUNCT.search(f))
        ):
            return ("footer", STRONG)
        if not within(f, 150):
            return None
        labels = set(self.footer_label.findall(f))
        if len(labels) >= 2:
            return ("footer", STRONG)
        if labels or EMAIL_ONLY.match(f) or PHONE_ONLY.match(f):
            return ("footer", CLUSTER)
        return None

    def _related(self, i: int, f: str) -> Candidate | None:
        if not within(f, 80):
            return None
        if PREV_NEXT.match(f):
            return ("related", STRONG)
        core = TRIGGER_STRIP.sub("", f)
        if core in self.lex.terms["related"]:
            return ("related", STRONG)
        return None

    def _metadata(self, i: int, f: str) -> Candidate | None:
        if END_MARK.match(f):
            return ("metadata", STRONG)
        if not within(f, 150) or "。" in f:
            return None
        field = FIELD.match(f)
        terms = self.lex.terms
        if field is not None and not any(
            field.group(1) in terms[k] for k in ("metadata", "credit", "footer")
        ):
            return None  # ``活动时间: 2023年5月1日 9:00``: a field of the content
        signals = 0
        strong = False
        labels = self.meta_label.findall(f)
        if labels and captioned(f, labels[0]):
            return None  # ``游客在樱花树下拍照 图片来源：视觉中国``: a caption with its credit
        for label in labels:
            signals += 1
            if len(label.strip().rstrip(":").strip()) >= 4:
                strong = True
        if ("【" in f or "[" in f or "字" in f) and TOOLS.search(f):
            signals += 1
            strong = True
        if COUNT.search(f):
            signals += 1
        stamp = DATE_TIME.search(f) if ":" in f else None
        if stamp is not None:
            signals += 1
        if DATE_ONLY.match(f):
            # A lone date is page metadata at the top; at the end it may sign a notice.
            return ("metadata", STRONG if stamp else HEAD)
        if signals == 0:
            return None
        if strong or signals >= 2:
            return ("metadata", STRONG)
        if stamp is not None and self.lines.han[i] - han_count(stamp.group()) >= 2:
            return ("metadata", HEAD)  # ``2023年5月1日 9:00 开幕式``: timed content at the end
        return ("metadata", WEAK)

    def _credit(self, i: int, f: str) -> Candidate | None:
        if not within(f, 60) or SENTENCE_PUNCT.search(f):
            return None
        wrapped = WRAPPED.match(f) is not None
        core = f[1:-1] if wrapped else f
        core = PINYIN_GLOSS.sub("", core)
        tokens = [t for t in CREDIT_SPLIT.split(core.strip("()[]【】 ")) if t]
        if not tokens or len(tokens) > 12:
            return None
        roles = self.lex.terms["credit"]
        if core.endswith(":") and all(t in roles for t in tokens):
            return ("credit", WEAK)
        role = name = joined = news = 0
        for token in tokens:
            if token in roles or org_role(token, roles):
                role += 1
                news += token not in PRODUCTION_ROLES
            elif NAME.match(token):
                name += 1
            elif role_name(token, roles):
                joined += 1
            else:
                return None
        if (role and name) or (joined and (wrapped or len(tokens) >= 2)):
            # ``摄影 顾长卫`` may be a film's crew listed in an article: sure only when
            # a newsroom role, brackets or several roles say it is the page's credit.
            sure = wrapped or role + joined >= 2 or (news and name >= 2)
            return ("credit", STRONG if sure else WEAK)
        return None

    # -- whole document -----------------------------------------------------------------

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
            marked = {i for i in run if LIST_MARK.search(lines.folded[i])}
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
