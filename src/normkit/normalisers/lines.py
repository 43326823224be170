"""Paragraphs cut in the middle of a sentence by a line break (stage ``structure``)."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from typing import Any

import regex

from .._context import Context
from .._normaliser import SAFE_PROFILES, Normaliser, Stage
from ..codespans import might_hold_code
from ..hookspecs import hookimpl
from ..lines.features import FeatureCache
from ..lines.repaired import as_repaired, one_blank_per_run, page_as_repaired
from ..lines.rules import Memo
from ..lines.shapes import MAX_CANDIDATE
from ..tokens import HAN, Kind, char_ranges
from ._lexicon import build_lexicon
from .boilerplate import JUDGE, JUDGED_WORK, Boilerplate
from .punctuation.runs import CLOSERS, SENTENCE_END
from .punctuation.shapes import is_caption, is_list_item

_INDENT = " \t\u3000"
# A line left unfinished: it ends in a character, a comma or an opening mark.
_UNFINISHED = regex.compile(rf"(?:[{HAN}，,、“‘（《(])$")
_FINISHED = regex.compile(rf"[{SENTENCE_END}{CLOSERS}；;⋯]$")
_INNER_STOP = regex.compile(r"。(?![\n”’」』]|$)")
# A continuation starts with a character or a number, never with a bracket, a quote,
# a list marker or a heading mark.
_CONTINUES = regex.compile(rf"^[{HAN}0-9]")
_FINISHING = frozenset(SENTENCE_END + CLOSERS + "；;⋯")
#: A sentence ends inside the line: the paragraph's own sentences, not a title or a caption.
SENTENCE_INSIDE = re.compile(r"[。！？!?；;](?=.)")
#: Lines this long with two clause marks or more are paragraphs even without a sentence end.
LONG_LINE = 40
CLAUSES = re.compile(r"[，,、]")
#: A space near the end: a name or a credit follows (``新华社记者 谢环驰 摄``), not a cut word.
SPACE_NEAR_END = re.compile(r"\s\S{0,7}$")
#: A numbered item of a list or feed (``02 王沪宁南下调研``, ``1细思恐极``), not ``2022年``.
NUMBERED = re.compile(r"^\d{1,2}(?:\s|[^\d.,，、%％年月日号时分秒万亿千百个位名元岁次期:：/\-])")
#: Lines the line classifier judges boilerplate from this probability are never joined.
JUDGED_BOILERPLATE = 0.5
#: Passes at most: a join changes the page the classifier reads, so joining repeats
#: until nothing more joins (what makes the step idempotent).
MAX_PASSES = 4
_HAN_CHAR = re.compile(f"[{char_ranges(Kind.HAN)}]")
_LINE_BREAK = re.compile("\n")
_LINE_END = re.compile(r"\r\n?")


def certain_wrap(body: str) -> bool:
    """Whether a line that ends unfinished is certainly cut inside a sentence: it holds
    a sentence end before the cut, or is long with several clauses (a paragraph, not a
    headline, list item or caption), and no name after a space closes it.

    >>> certain_wrap("多方联动。各社区党委迅速反应，以“平时能服"), certain_wrap("城市有轨电车之困：一边争相上马，一边接连叫停")
    (True, False)
    """
    if SPACE_NEAR_END.search(body) is not None:
        return False
    if SENTENCE_INSIDE.search(body) is not None:
        return True
    # A long first line of a paragraph: several clauses, no sentence ended yet.
    return len(body) >= LONG_LINE and len(CLAUSES.findall(body)) >= 2


def judged(lines: list[str], cache: FeatureCache | None = None) -> list[bool]:
    """For every line whether the line classifier (:mod:`normkit.lines`) judges it
    boilerplate (``cache``: see :func:`~normkit.lines.features.page_features`).

    >>> judged(["首页", "新闻", "", "今天，市政府召开了专题会议，研究部署了全市防汛工作，要求各部门做好准备。"])
    [True, True, False, False]
    """
    from ..lines.features import page_features
    from ..lines.model import load_model

    # The page as the repairs and ``layout.whitespace`` leave it: a second pass judges the same.
    at = one_blank_per_run(lines)
    p = load_model().probability(page_features(page_as_repaired([lines[i] for i in at]), cache=cache).matrix)
    out = [False] * len(lines)
    for i, judged_boilerplate in zip(at, (p >= JUDGED_BOILERPLATE).tolist(), strict=True):
        out[i] = judged_boilerplate
    return out


@dataclasses.dataclass(frozen=True)
class RejoinOptions:
    """The options of ``lines.rejoin`` (checked when made).

    >>> text = "多方联动。各社区党委、小区党支部迅速反应，以“平时能服\\n\\n务、急时能攻坚”理念。"
    >>> Rejoin(max_blank_lines=0)(text) == text
    True
    >>> RejoinOptions(min_length=0)
    Traceback (most recent call last):
    ...
    ValueError: min_length must be 1 or more
    """

    #: Shortest line (in characters, with clause marks) that counts as a paragraph.
    min_length: int = 20
    #: Whether a cut may leave blank lines between the two halves: 0, none; 1 or more, a
    #: run of any length (a run counts as one blank line, as ``layout.whitespace`` leaves
    #: it, so a second pass over cleaned text judges the same).
    max_blank_lines: int = 2
    #: Fewest full stops inside lines (followed by more text on the line) per line with
    #: clause marks: below it the document has lost its 。, every line looks unfinished,
    #: and nothing is joined. Never fewer than one.
    min_inner_stops: float = 0.2

    def __post_init__(self) -> None:
        if self.min_length < 1:
            raise ValueError("min_length must be 1 or more")
        if self.max_blank_lines < 0:
            raise ValueError("max_blank_lines must be 0 or more")
        if self.min_inner_stops < 0.0:
            raise ValueError("min_inner_stops must be 0 or more")


@functools.cache
def _break_pattern() -> re.Pattern[str]:
    """Line breaks where a join may start: after an unfinished line (see ``_UNFINISHED``)
    or one that ends in spaces (``_break_ends`` then looks before them). It starts with
    the line break, which ``re`` finds fast."""
    return re.compile(rf"\n(?<=[{char_ranges(Kind.HAN)}，,、“‘（《( \t\u3000]\n)")


_NOT_BLANK = re.compile("[^ \t\u3000\n]")


@functools.cache
def _continuation_start() -> re.Pattern[str]:
    """The first character of a line that may continue a paragraph (``_CONTINUES``)."""
    return re.compile(f"[{char_ranges(Kind.HAN)}0-9]")


def _break_ends(text: str, max_blank_lines: int) -> list[int]:
    """Sorted offsets of the line breaks that end an unfinished line where a join can
    start: then at most blank lines (any run of them when ``max_blank_lines`` allows one,
    as a run counts as one) and a line that starts like a continuation. Linear: the first
    character after a run of blank lines is found once for the whole run.

    >>> _break_ends("一，\\n二\\n\\n三", 0), _break_ends("一，\\n\\n\\n二", 1)
    ([2], [2])
    """
    ends = []
    next_text = -1  # where the first character after the blanks at the last break stands
    starts = _continuation_start()
    for m in _break_pattern().finditer(text):
        end = m.start()
        if next_text <= end:
            found = _NOT_BLANK.search(text, end + 1)
            next_text = found.start() if found else len(text)
        if next_text == len(text) or not starts.match(text, next_text):
            continue
        if not max_blank_lines and text.find("\n", end + 1, next_text) >= 0:
            continue
        if text[end - 1] in _INDENT:
            line = text[text.rfind("\n", 0, end) + 1 : end].rstrip(_INDENT)
            if not _unfinished(line):  # the same of the repaired line (see as_repaired)
                continue
        ends.append(end)
    return ends


def _line_at(text: str, start: int) -> tuple[str, int]:
    """The line that starts at ``start`` and the offset of its end (its line break, or
    the end of the text)."""
    end = text.find("\n", start)
    if end < 0:
        end = len(text)
    return text[start:end], end


def _has_clause_mark(body: str) -> bool:
    """Whether ``body`` has a clause mark, of either width (``,`` and ``;`` whatever their
    context, as :func:`as_repaired` reads them)."""
    return "，" in body or "；" in body or "、" in body or "," in body or ";" in body


def _inner_stops(text: str) -> int:
    """``len(_INNER_STOP.findall(text))``, by counting."""
    stops = text.count("。")
    if not stops:
        return 0
    stops -= sum(text.count("。" + c) for c in "\n”’」』" if c in text)
    return stops - (1 if text.endswith("。") else 0)


def _paragraph(line: str, min_length: int) -> bool:
    return len(line) >= min_length and _has_clause_mark(line)


def _unfinished(body: str) -> bool:
    """``_UNFINISHED.search(body)`` for a line: its last character."""
    return bool(body) and (body[-1] in "，,、“‘（《(" or _HAN_CHAR.match(body, len(body) - 1) is not None)


def _finished(body: str) -> bool:
    """``_FINISHED.search(body)`` for a line: its last character."""
    return bool(body) and body[-1] in _FINISHING


def _starts_continuation(body: str) -> bool:
    """``_CONTINUES.match(body)``: its first character."""
    return bool(body) and (body[0] in "0123456789" or _HAN_CHAR.match(body) is not None)


class Verdicts:
    """The line classifier's verdict on the lines of one text, computed when first asked.

    >>> verdicts = Verdicts("首页\\n新闻\\n今天，市政府召开了专题会议，研究部署了全市防汛工作，要求各部门做好准备。")
    >>> verdicts.boilerplate(0), verdicts.boilerplate(8), verdicts.refused
    (True, False, True)
    """

    def __init__(self, text: str, cache: FeatureCache | None = None, ctx: Context | None = None) -> None:
        self.text = text
        self._judged: list[bool] | None = None
        self._breaks: list[int] = []
        self._ctx = ctx
        self._code: frozenset[int] | None = None
        #: Whether a line was judged boilerplate (a join refused for it).
        self.refused = False
        #: The classifier's per-line features of the text, for pages of the same lines
        #: (those ``boilerplate.lines`` worked out, when given).
        self.cache = FeatureCache(grows=True) if cache is None else cache

    def boilerplate(self, offset: int) -> bool:
        """Whether the line holding ``text[offset]`` is judged boilerplate."""
        if self._judged is None:
            self._judged = judged(self.text.split("\n"), self.cache)
        found = self._judged[self._line(offset)]
        self.refused |= found
        return found

    def code(self, offset: int) -> bool:
        """Whether the line holding ``text[offset]`` (or ending at it) is a line of a
        block of program code (:attr:`normkit.tokens.Analysis.code_lines`).

        >>> verdicts = Verdicts("说明：\\nfor i in range(3):\\n    print(i)")
        >>> verdicts.code(0), verdicts.code(8)
        (False, True)
        """
        if self._code is None:
            if not might_hold_code(self.text):
                self._code = frozenset()
            else:
                ctx = Context() if self._ctx is None else self._ctx
                self._code = ctx.analysis(self.text).code_lines
        return bool(self._code) and self._line(offset) in self._code

    def _line(self, offset: int) -> int:
        """The index (from 0) of the line holding ``text[offset]`` or ending at it."""
        if not self._breaks and "\n" in self.text:
            self._breaks = [m.start() for m in _LINE_BREAK.finditer(self.text)]
        return bisect.bisect_left(self._breaks, max(offset, 0))


class Rejoin(Normaliser):
    """Join a paragraph that a line break cut in the middle of a word or sentence.

    >>> text = "多方联动。各社区党委、小区党支部迅速反应，以“平时能服\\n\\n务、急时能攻坚”理念。"
    >>> Rejoin()(text)
    '多方联动。各社区党委、小区党支部迅速反应，以“平时能服务、急时能攻坚”理念。'
    """

    name = "lines.rejoin"
    stage = Stage.STRUCTURE
    description = "Join paragraphs cut mid-sentence by a line break; never a heading, never if 。 were lost."
    profiles = SAFE_PROFILES
    Options = RejoinOptions
    examples = (
        (
            "多方联动，组织引领在小区。各社区党委、小区党支部迅速反应，以“平时能服\n\n"
            "务、急时能攻坚”理念，依托五级组织架构，守护居民生命健康安全。\n\n"
            "力量激活，模范冲锋在小区。在职党员纷纷向小区报到，贡献力量。各小\n\n"
            "区党支部纷纷采取党员中心户包联居民的方式，及时掌握情况。\n",
            "多方联动，组织引领在小区。各社区党委、小区党支部迅速反应，以“平时能服"
            "务、急时能攻坚”理念，依托五级组织架构，守护居民生命健康安全。\n\n"
            "力量激活，模范冲锋在小区。在职党员纷纷向小区报到，贡献力量。各小"
            "区党支部纷纷采取党员中心户包联居民的方式，及时掌握情况。\n",
        ),
    )
    keeps = (
        # A heading is never joined to its paragraph.
        "新区街道 基层党组织凝心聚力筑牢“疫”线堡垒\n\n东昌府讯 连日来，新区街道强化党建联建。\n",
        # A document that lost its 。: every line looks unfinished, nothing is joined.
        "疫情就是命令，防控就是责任，为打赢这场疫情防控阻击战，历下区按照理念\n"
        "聚焦疫情防控工作实际，充分发挥基层党组织战斗堡垒，紧紧依靠群众\n"
        "社区是打赢疫情防控阻击战的重要支撑，也是疫情防控任务最重的地方\n",
        # The next line is a list item, a bracketed credit or a quote.
        "会议提出以下要求，包括三个方面的内容和具体措施，分别是\n1. 强化沟通联系。\n"
        "他们严格落实防控措施，规范队伍秩序，帮助居民注册。\n",
        "现场随处可见志愿者们忙碌的身影，他们严格落实防控措施，规范队伍秩序\n\n（融媒体 裴崇旭）\n"
        "他们骑着电动车往返于超市与隔离户家中，推着垃圾下楼。\n",
    )

    def __init__(self, options: Any = None, **values: Any) -> None:
        super().__init__(options, **values)
        self._guard: Boilerplate | None = None

    def normalise(self, text: str, ctx: Context) -> str:
        # What ``boilerplate.lines`` worked out about these lines (when it wrote the text
        # with the lexicon the classifier's verdicts here read): its rules' verdicts and
        # the classifier's per-line features, computed once for both steps.
        work = ctx.shared(JUDGED_WORK, text, lambda _: None)
        held = work.take() if work is not None and work.lexicon is build_lexicon(use_plugins=False) else None
        for _ in range(MAX_PASSES):
            verdicts = Verdicts(text, held[1] if held is not None else None, ctx)
            memo: Memo = held[0] if held is not None else {}
            held = None  # (the text changes once joined)
            joins: list[tuple[int, int]] = []
            joined = self._join_once(text, verdicts, refuse=None, joins=joins)
            if joined is not text:
                joined = self._guarded(text, joined, joins, verdicts, self._judge(text, ctx), memo)
            # Only a verdict can change once lines are joined: the lines themselves were
            # tried with the joined ones already.
            if joined is text or not verdicts.refused:
                return joined
            text = joined
        return text

    def _judge(self, text: str, ctx: Context) -> Boilerplate:
        """The ``boilerplate.lines`` that wrote ``text`` in this chain (it leaves itself in
        the context), else one as the default profiles run it."""
        judge: Boilerplate | None = ctx.shared(JUDGE, text, lambda _: None)
        if judge is None:
            if self._guard is None:
                self._guard = Boilerplate(**Boilerplate.profile_options["default"])
            judge = self._guard
        return judge

    def _guarded(
        self,
        text: str,
        joined: str,
        joins: list[tuple[int, int]],
        verdicts: Verdicts,
        judge: Boilerplate,
        memo: Memo | None = None,
    ) -> str:
        """``joined`` if ``judge`` (``boilerplate.lines``, which runs before this step)
        drops no line of it that it keeps in ``text``: a join changes the page its
        classifier reads, and a line it then drops would go on a second pass. A joined line
        it drops (``…，`` + ``首页版权所有。``) stays apart, the other joins are made; a line
        of ``text`` it drops once others are joined keeps them all apart."""
        shared: tuple[Memo, FeatureCache] = ({} if memo is None else memo, verdicts.cache)
        for attempt in range(2):
            new = self._new_drops(text, joined, joins, judge, shared)
            if not new:
                return joined
            origins = _origins(text, joins)
            if attempt or len(origins) != _line_count(joined) or any(origins[j] is not None for j in new):
                break
            joins = []
            joined = self._join_once(text, verdicts, refuse=new, joins=joins)
            if joined is text:
                return text
        return text

    def _new_drops(
        self,
        text: str,
        joined: str,
        joins: list[tuple[int, int]],
        judge: Boilerplate,
        shared: tuple[Memo, FeatureCache] | None = None,
    ) -> set[int]:
        """The lines of ``joined`` that ``judge`` drops but not in ``text`` (where they
        stand before their joins): every joined line it drops, and every other line it
        drops that it keeps in ``text`` (0-based indexes in ``joined``)."""
        found = self.drops(joined, judge, shared)
        if not found:
            return set()
        origins = _origins(text, joins)
        if len(origins) != _line_count(joined):  # a line a lone ``\r`` ends: read as two
            return found
        new = {j for j in found if origins[j] is None}
        kept = {j for j in found if origins[j] is not None}
        if kept:
            before = self.drops(text, judge, shared)
            new.update(j for j in kept if origins[j] not in before)
        return new

    def drops(
        self, text: str, judge: Boilerplate | None = None, shared: tuple[Memo, FeatureCache] | None = None
    ) -> set[int]:
        """The lines of ``text`` (0-based) that ``judge`` drops: the ``boilerplate.lines``
        of the chain, or one as the default profiles run it (its rules and classifier);
        ``shared``: what calls on pages of the same lines share (see :meth:`Boilerplate.judge`).

        >>> sorted(Rejoin().drops("当前位置:首页 > 新闻\\n今天，市政府召开了专题会议，研究部署了全市防汛工作。\\n版权所有 © 2024 某某网"))
        [0, 2]
        """
        if "\n" not in text and (len(text) > MAX_CANDIDATE or not text.strip()):
            return set()
        judge = self._judge(text, Context()) if judge is None else judge
        unified = _LINE_END.sub("\n", text) if "\r" in text else text
        memo, cache = shared if shared is not None else (None, None)
        return set(judge.judge(unified.split("\n"), Context(), memo, cache))

    def _join_once(
        self,
        text: str,
        verdicts: Verdicts,
        refuse: set[int] | None,
        joins: list[tuple[int, int]] | None = None,
    ) -> str:
        """``text`` with the cuts the classifier's ``verdicts`` on ``text`` allow joined,
        but not the joins that would make a line of ``refuse`` (0-based indexes of the
        lines of the text as joined without that restriction). ``joins`` receives the
        first and last line (0-based, in ``text``) of every join made."""
        if "\n" not in text:
            return text
        opts = self.options
        # Line ends where a join can start (a necessary condition, found by one scan).
        breaks = _break_ends(text, opts.max_blank_lines)
        if not breaks:
            return text
        ends = set(breaks)
        pieces: list[str] = []
        done = 0  # text[:done] is in pieces; the lines before it are joined or kept
        covered = -1  # where the last join (made or refused) ends
        allowed: bool | None = None  # whether the document allows joins, once known
        # Where a join's line stands in the text joined without ``refuse``: line breaks
        # in text[:seen], less the breaks that the joins before it took out.
        seen = seen_breaks = taken_out = 0
        for end in breaks:
            if end <= covered:
                continue
            start = text.rfind("\n", 0, end) + 1
            current = text[start:end]
            joined = False
            while end in ends:
                nxt = self._join_with(text, current, end, verdicts)
                if nxt is None:
                    break
                if allowed is None:
                    allowed = self._allows_joins(text)
                if not allowed:
                    return text
                body, line, end = nxt
                current = current.rstrip(_INDENT) + body + line[len(line.rstrip(_INDENT)) :]
                joined = True
            if joined:
                covered = end
                seen_breaks += text.count("\n", seen, start)
                seen = start
                made = seen_breaks - taken_out
                taken_out += text.count("\n", start, end) - current.count("\n")
                if refuse is not None and made in refuse:
                    continue
                if joins is not None:
                    joins.append((seen_breaks, seen_breaks + text.count("\n", start, end)))
                pieces.append(text[done:start])
                pieces.append(current)
                done = end
        if not pieces:
            return text
        pieces.append(text[done:])
        return "".join(pieces)

    def _join_with(
        self, text: str, current: str, end: int, verdicts: Verdicts
    ) -> tuple[str, str, int] | None:
        """The body and line that continue ``current`` (whose last line ends at ``end``)
        and where that line ends; None when it is not cut there."""
        body = current.strip(_INDENT)
        # Repairs only shorten a line and keep its last character unfinished or not:
        # most lines are refused before their repaired form is made.
        if len(body) < self.options.min_length or not _unfinished(body):
            return None
        view = as_repaired(body)
        if not (_paragraph(view, self.options.min_length) and _unfinished(view)):
            return None
        if is_list_item(view) or is_caption(view) or not certain_wrap(view):
            return None
        start = end + 1
        line, line_end = _line_at(text, start)
        blank = 0
        # A run of blank lines counts as one, as ``layout.whitespace`` leaves it: any run
        # when ``max_blank_lines`` allows one (a second pass must judge the same).
        most = len(text) if self.options.max_blank_lines else 0
        while not line.strip(_INDENT) and blank < most and line_end < len(text):
            line, line_end = _line_at(text, line_end + 1)
            blank += 1
        body = line.strip(_INDENT)
        if not _starts_continuation(body):  # repairs keep a line's first character
            return None
        view = as_repaired(body)
        if not self._continues(view) or NUMBERED.match(view):
            return None
        if verdicts.boilerplate(end - 1) or verdicts.boilerplate(line_end - 1):
            return None
        # Program code keeps its lines: neither half of a join is a line of code.
        if verdicts.code(end - 1) or verdicts.code(line_end - 1):
            return None
        return body, line, line_end

    def _allows_joins(self, text: str) -> bool:
        """Whether the document still has full stops inside lines (evidence
        ``punctuation.final`` cannot forge, as it only restores line ends, so a second
        pass over cleaned text never starts joining): at least ``min_inner_stops`` per
        line with clause marks, and at least one."""
        stops = _inner_stops(text)
        if stops < 1:
            return False
        # Every line with clause marks is a line: count them only when that bound fails.
        needed = self.options.min_inner_stops
        if stops >= needed * (text.count("\n") + 1):
            return True
        prose = sum(1 for line in text.split("\n") if _has_clause_mark(line))
        return prose > 0 and stops >= max(1.0, needed * prose)

    def _continues(self, body: str) -> bool:
        """Whether ``body`` reads as the rest of a sentence, not a heading or a list item."""
        if not _starts_continuation(body) or is_list_item(body):
            return False
        return _finished(body) or _paragraph(body, self.options.min_length)


def _line_count(text: str) -> int:
    """How many lines ``boilerplate.lines`` reads in ``text`` (they end at ``\\n``,
    ``\\r\\n`` or ``\\r``).

    >>> _line_count("a\\r\\nb\\rc")
    3
    """
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def _origins(text: str, joins: list[tuple[int, int]]) -> list[int | None]:
    """For every line of ``text`` with the ``joins`` made (first and last line of each, in
    order), the line of ``text`` it is, or None for a joined line.

    >>> _origins("a\\nb\\nc\\nd", [(1, 2)])
    [0, None, 3]
    """
    out: list[int | None] = []
    i, n = 0, text.count("\n") + 1
    for first, last in joins:
        out.extend(range(i, first))
        out.append(None)
        i = last + 1
    out.extend(range(i, n))
    return out


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Rejoin)
