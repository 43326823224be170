"""The rule families of the boilerplate rules: each line judged alone, a function of its text.

A line is a *candidate* ``(kind, strength)`` when a family takes it: navigation,
copyright, footer, related, metadata or credit (the patterns are in
:mod:`normkit.lines.patterns`), tried only when the line's gate is open
(:mod:`normkit.lines.gates`). The page then decides which candidates go
(:mod:`normkit.lines.rules`).

>>> from normkit.normalisers._lexicon import build_lexicon
>>> from normkit.lines.shapes import Lines
>>> rules = LineRules(Lines.of(["当前位置:首页 > 新闻", "今天天气很好。"]), build_lexicon(), {})
>>> rules.candidate(0), rules.candidate(1)
(('navigation', 'strong'), None)
"""

from __future__ import annotations

from collections.abc import Callable

from ..normalisers._lexicon import Lexicon
from .chars import within
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
    SYMBOLS_ONLY,
    TOOLS,
    TRIGGER_STRIP,
    WRAPPED,
    captioned,
    maybe_registration,
    org_role,
    role_name,
)
from .shapes import CLAUSE_PUNCT, SENTENCE_PUNCT, Lines, han_count

__all__ = ["CLUSTER", "HEAD", "MENU", "MENU_NAMED", "STRONG", "WEAK", "Candidate", "LineRules", "nav_items"]

#: How sure a candidate is: dropped anywhere, only in the page head or tail, only in the head.
STRONG, WEAK, HEAD = "strong", "weak", "head"
#: A menu bar (with a known menu word): weak (strong), unless it is a table row.
MENU, MENU_NAMED = "menu", "menu-named"
#: Contact lines: weak, and only beside another boilerplate line (footers come in blocks).
CLUSTER = "cluster"
Candidate = tuple[str, str]
#: :func:`_families` by gate bits.
_FAMILIES: dict[int, tuple[Callable[[LineRules, int, str], Candidate | None], ...]] = {}
#: What :data:`NAV_STRIP` can strip from an item of :data:`NAV_SPLIT` (which holds no space).
_NAV_OPEN, _NAV_CLOSE = "[【(《", "]】)》"


def nav_items(line: str) -> list[str]:
    """The items of a menu line: its pieces between separators and spaces
    (:data:`NAV_SPLIT`), brackets around them stripped (:data:`NAV_STRIP`), empty ones left
    out. A piece holds no space, so only one that starts or ends with a bracket is stripped.

    >>> nav_items("【首页】 | 新闻 · 《视频》 /")
    ['首页', '新闻', '视频']
    """
    items = [
        NAV_STRIP.sub("", p) if p and (p[0] in _NAV_OPEN or p[-1] in _NAV_CLOSE) else p
        for p in NAV_SPLIT.split(line)
    ]
    return [p for p in items if p]


def _families(gate: int) -> tuple[Callable[[LineRules, int, str], Candidate | None], ...]:
    """The families (in their order) that could take a line with these gate bits."""
    found = _FAMILIES.get(gate)
    if found is None:
        families = []
        if gate & NAVIGATION or (gate & NAVIGATION_SHORT and not gate & (SENTENCE | COMMA)):
            families.append(LineRules._navigation)
        if gate & COPYRIGHT:
            families.append(LineRules._copyright)
        if gate & FOOTER:
            families.append(LineRules._footer)
        if gate & RELATED:
            families.append(LineRules._related)
        if gate & METADATA or (gate & METADATA_SHORT and not gate & STOP):
            families.append(LineRules._metadata)
        if gate & CREDIT and not gate & SENTENCE:
            families.append(LineRules._credit)
        found = _FAMILIES[gate] = tuple(families)
    return found


class LineRules:
    """The rule families over the lines of one page: :meth:`candidate` judges a line alone.

    >>> from normkit.normalisers._lexicon import build_lexicon
    >>> from normkit.lines.shapes import Lines
    >>> lines = Lines.of(["Copyright © 2024 某某公司 版权所有", "今天天气很好。"])
    >>> LineRules(lines, build_lexicon(), {}).candidates()
    {0: ('copyright', 'strong')}
    """

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
        if "位置" in f and POSITION.match(f):  # (every match holds it)
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
        items = nav_items(f)
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
        if ("完" in f or "end" in f) and END_MARK.match(f):  # (every match holds one)
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
