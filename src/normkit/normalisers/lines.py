"""Paragraphs cut in the middle of a sentence by a line break (stage ``structure``)."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re

import regex

from .._context import Context
from .._normaliser import SAFE_PROFILES, Normaliser
from .._stage import Stage
from ..hookspecs import hookimpl
from ..tokens import HAN, Kind, char_ranges
from .punctuation import _CAPTION, _HAS_CLAUSE_MARK, _LIST_ITEM, CLOSERS, SENTENCE_END

_INDENT = " \t\u3000"
# A line left unfinished: it ends in a character, a comma or an opening mark.
_UNFINISHED = regex.compile(rf"(?:[{HAN}，,、“‘（《])$")
_FINISHED = regex.compile(rf"[{SENTENCE_END}{CLOSERS}；;]$")
_INNER_STOP = regex.compile(r"。(?![\n”’」』]|$)")
# A continuation starts with a character or a number, never with a bracket, a quote,
# a list marker or a heading mark.
_CONTINUES = regex.compile(rf"^[{HAN}0-9]")


@dataclasses.dataclass(frozen=True)
class RejoinOptions:
    #: Shortest line (in characters, with clause marks) that counts as a paragraph.
    min_length: int = 20
    #: Most blank lines a cut may leave between the two halves.
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
def _break_patterns(max_blank_lines: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Line breaks where a join can start: after an unfinished line (see ``_UNFINISHED``),
    at most ``max_blank_lines`` blank lines, then a line that starts like a continuation
    (``_CONTINUES``). The first pattern is for lines that end without trailing spaces and
    starts with the newline, which ``re`` finds fast; the second for the rest."""
    han = char_ranges(Kind.HAN)
    unfinished = f"[{han}，,、“‘（《]"
    rest = rf"(?:[ \t\u3000]*+\n){{0,{max_blank_lines}}}[ \t\u3000]*+[{han}0-9]"
    return (
        re.compile(rf"\n(?<={unfinished}\n){rest}"),
        re.compile(rf"[ \t\u3000](?<={unfinished}[ \t\u3000])[ \t\u3000]*+\n{rest}"),
    )


def _break_lines(text: str, lines: list[str], max_blank_lines: int) -> set[int]:
    """Indexes of the lines that end at a possible join (see :func:`_break_patterns`)."""
    plain, spaced = _break_patterns(max_blank_lines)
    starts = [m.start() for m in plain.finditer(text)]
    if " \n" in text or "\t\n" in text or "\u3000\n" in text:
        starts.extend(m.start() for m in spaced.finditer(text))
    if not starts:
        return set()
    ends = list(itertools.accumulate(len(line) + 1 for line in lines))
    return {bisect.bisect_right(ends, at) for at in starts}


def _has_clause_mark(body: str) -> bool:
    """``_HAS_CLAUSE_MARK.search(body)``, with plain substring tests first."""
    if "，" in body or "；" in body or "、" in body:
        return True
    return ("," in body or ";" in body) and _HAS_CLAUSE_MARK.search(body) is not None


def _inner_stops(text: str) -> int:
    """``len(_INNER_STOP.findall(text))``, by counting."""
    stops = text.count("。")
    if not stops:
        return 0
    stops -= sum(text.count("。" + c) for c in "\n”’」』")
    return stops - (1 if text.endswith("。") else 0)


def _paragraph(line: str, min_length: int) -> bool:
    return len(line) >= min_length and _HAS_CLAUSE_MARK.search(line) is not None


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

    def normalise(self, text: str, ctx: Context) -> str:
        if "\n" not in text:
            return text
        opts = self.options
        lines = text.split("\n")
        # Lines that can start a join (a necessary condition, found by one scan).
        breaks = _break_lines(text, lines, opts.max_blank_lines)
        if not breaks:
            return text
        bodies = [line.strip(_INDENT) for line in lines]
        prose = sum(1 for b in bodies if _has_clause_mark(b))
        # Full stops inside lines are evidence ``punctuation.final`` cannot forge (it only
        # restores line ends), so a second pass over cleaned text never starts joining.
        if not prose or _inner_stops(text) < max(1.0, opts.min_inner_stops * prose):
            return text
        out: list[str] = []
        i = 0
        joined = False
        while i < len(lines):
            current = lines[i]
            i += 1
            while True:
                if i - 1 not in breaks:
                    break
                body = current.strip(_INDENT)
                if not (_paragraph(body, opts.min_length) and _UNFINISHED.search(body)):
                    break
                if _LIST_ITEM.match(body) or _CAPTION.search(body):
                    break
                j = i
                while j < len(lines) and not bodies[j] and j - i < opts.max_blank_lines:
                    j += 1
                if j >= len(lines) or not self._continues(bodies[j]):
                    break
                current = current.rstrip(_INDENT) + bodies[j] + lines[j][len(lines[j].rstrip(_INDENT)) :]
                i = j + 1
                joined = True
            out.append(current)
        return "\n".join(out) if joined else text

    def _continues(self, body: str) -> bool:
        """Whether ``body`` reads as the rest of a sentence, not a heading or a list item."""
        if not _CONTINUES.match(body) or _LIST_ITEM.match(body):
            return False
        return bool(_FINISHED.search(body) or _paragraph(body, self.options.min_length))


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Rejoin)
