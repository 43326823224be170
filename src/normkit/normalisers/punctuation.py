"""Punctuation damage in Chinese text (stage ``inline``).

Doubled marks, half-width marks and quotes in Chinese context, ellipses made of dots,
and sentence-final marks lost by a whole document. Every rule looks at the characters
around a mark: it only acts in Chinese context (a Han character or a full-width mark
beside it) and never inside a protected span (URLs, e-mail addresses, numbers such as
``9:40:36`` or ``3,000``, code, runs of Latin text).
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import re
from collections.abc import Callable, Iterable, Sequence

import regex

from .._context import Context
from .._normaliser import SAFE_PROFILES, Normaliser, Stage
from ..codespans import might_hold_code
from ..hookspecs import hookimpl
from ..tokens import CJK_PUNCT, HAN, Analysis, Kind, char_ranges, in_ascii_island

#: Characters that make their neighbourhood Chinese: Han, kana and full-width marks.
CJK = rf"{HAN}\p{{Hiragana}}\p{{Katakana}}{CJK_PUNCT}"
#: Marks that end a sentence, full and half width.
SENTENCE_END = "。！？!?…"
#: Closing quotes and brackets that may follow a sentence end.
CLOSERS = "”’」』）)】》〉"
#: A pinyin syllable with a tone mark (``qū``, ``zhàn``, ``lüè``).
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_SYLLABLE = (
    rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?+(?=[a-zü{TONED}]*[{TONED}])"
    rf"[aeiouüv{TONED}]{{1,4}}+(?:ng|n|r)?+"
)

# ---------------------------------------------------------------------------- runs

# The three rules below (width, doubled, ellipsis) look at maximal runs of marks, ASCII
# and full-width together, and act only on a run that is Chinese: it holds a full-width
# mark, or a Han character or kana stands right before or after it. Each rule only
# changes marks inside a Chinese run and leaves it Chinese, so no rule can make another
# rule's run Chinese later: the chain is idempotent, not just each rule.
_RUN_MARKS = rf"[,;:!?.()\"'{CJK_PUNCT}]"
_CJK_MARK = re.compile(rf"[{CJK_PUNCT}]")
#: The characters of ``_RUN_MARKS``, for looking one up without a pattern.
_MARK_SET = frozenset(re.findall(_RUN_MARKS, "".join(map(chr, range(0x10000)))))
# What follows a spurious comma (one ``punctuation.width`` leaves for
# ``punctuation.doubled``), and a mark that ``punctuation.width`` changes.
_SPURIOUS_NEXT = "[,，。、；：！？;:!?]"
_CHANGING_MARK = rf"(?:[;:!?]|,(?!{_SPURIOUS_NEXT}))"
_EMOTICON = regex.compile(
    r"(?:[:;=8][-'^]?[)(\]\[DPpOo3/\\|*](?![A-Za-z])|\^[_.-]?\^|(?<![A-Za-z])[xX]D\b|T_T|>_<|-_-|o_O|O_o)"
)


#: The marks an emoticon can hold: a run without them touches none.
_EMOTICON_MARKS = frozenset(":;'().")


class _Exact:
    """Patterns over Han and kana for the standard ``re``, with exactly the characters of
    ``\\p{Han}々〇``, ``\\p{Hiragana}`` and ``\\p{Katakana}`` (from the tokeniser's table,
    so built on first use, not at import)."""

    def __init__(self) -> None:
        han = char_ranges(Kind.HAN)
        kana = char_ranges(Kind.KANA, exclude="ー")  # the table's kana class adds ー
        self.han = re.compile(f"[{han}]")
        self.cjk_char = re.compile(f"[{han}{kana}]")
        self.cjk = re.compile(f"[{han}{kana}{CJK_PUNCT}]")
        cjk = f"{han}{kana}"
        self.free_runs = tuple((mark, _free_run_pattern(mark, cjk)) for mark in ",;:!?")
        # A mark ``_widen`` changes (a comma only when not spurious) with Han, kana or
        # another mark beside it: else it is a run of its own outside Chinese text.
        beside = rf"[{cjk},;:!?.()\"'{CJK_PUNCT}]"
        self.changing_marks = tuple(
            (mark, re.compile(rf"{x}{spurious}(?:(?<={beside}{x})|(?={beside}))"))
            for mark in ",;:!?"
            for x in [re.escape(mark)]
            for spurious in [f"(?!{_SPURIOUS_NEXT})" if mark == "," else ""]
        )
        # A lone comma in Chinese text (the commonest damage by far), as the negation of
        # ``_free_run_pattern(",")``'s simplest shape: a comma between two hard characters
        # that are not marks, one of them Han or kana. Splitting at every other comma
        # leaves pieces where every comma is one to widen.
        na, cp = r"\x00-\x09\x0b-\x7f", CJK_PUNCT
        self.not_lone_comma = re.compile(rf",(?!(?<![{na}{cp}],)(?![{na}{cp}])(?:(?<=[{cjk}],)|(?=[{cjk}])))")
        # ``_CHINESE_COMMA``'s ASCII comma, starting with it.
        self.ascii_chinese_comma = re.compile(f",(?<=[{han}”],)(?=[{han}“])")
        # The ``_PAREN`` matches whose brackets may become full-width: they hold Han,
        # kana or a full-width mark (never pinyin), or they gloss a word or number inside
        # Chinese prose (世界卫生组织(WHO)的; pinyin to rule out still). Each is the span
        # ``_PAREN`` matches, as innermost pairs cannot overlap.
        self.paren_to_convert = re.compile(
            rf"\((?:(?=[^()\n]{{0,199}}[{cjk}{CJK_PUNCT}])(?P<chinese>[^()\n]{{1,200}}+)"
            rf"|(?<=[{han}]\()(?P<word>[A-Za-z0-9][A-Za-z0-9 .%·&-]{{0,40}}+)(?=\)(?:\n|\Z|[{cjk}{CJK_PUNCT}])))\)"
        )
        self.doubled_free_runs = tuple((first, _doubled_run_pattern(first, cjk)) for first in _DOUBLED_FIRST)


_exact = functools.cache(_Exact)


def _free_run_pattern(mark: str, cjk: str) -> re.Pattern[str]:
    """Whole runs of marks that are Chinese, hold no bracket, hold a mark ``_widen``
    changes and that :func:`_free_by_neighbours` proves free, captured from ``mark``,
    their first ASCII mark (which starts the run or follows the one full-width mark that
    does). ``cjk``: the characters of Han and kana, as in a character class.

    The shapes, by the characters before and after the run: hard and hard (not ASCII,
    or a line break, or an end of the text), hard and a letter or digit (no ``.`` in the
    run, no emoticon), ASCII and hard (the run starts with ``mark``, one of ``, ; :``).
    The pattern starts with ``mark``, which ``re`` finds fast.
    """
    x = re.escape(mark)
    na, cp = r"\x00-\x09\x0b-\x7f", CJK_PUNCT
    a, m, m_nodot = r""",;:!?."'""", rf""",;:!?."'{cp}""", rf""",;:!?"'{cp}"""
    changes = rf"(?:(?!{_SPURIOUS_NEXT})|(?=[{m}]*?{_CHANGING_MARK}))" if mark == "," else ""
    hard_after = rf"[{m}]*+(?![{na}])"
    alnum_after = rf"[{m_nodot}]*+(?=[0-9A-Za-z])(?!(?<=[:;'])[DPpOo3])"
    hard_before = rf"(?<![{na}{cp}]{x})"
    # Hard before, and Chinese by the run itself or the character before it.
    chinese = rf"(?:(?<=[{cjk}]{x})|(?<=[{cp}]{x})(?<![{na}{cp}][{cp}]{x})|{hard_before}(?=[{a}]*+[{cp}]))"
    shapes = [
        rf"{chinese}(?:{hard_after}|{alnum_after})",
        rf"{hard_before}[{m}]*+(?=[{cjk}])",
    ]
    if mark in ",;:":
        # Not after a space: it may trail a run before, which drops it only when the
        # mark after it is full-width already (so this run must stay for ``sub_runs``).
        ascii_before = rf"(?<=[{na}]{x})(?<![,;:!?.()\"'\s]{x})"
        shapes.append(rf"{ascii_before}(?=[{a}]*+[{cp}]|[{m}]*+[{cjk}]){hard_after}")
    return re.compile(rf"({x}{changes}(?:{'|'.join(shapes)}))")


def _doubled_run_pattern(first: str, cjk: str) -> re.Pattern[str]:
    """Whole runs of marks between hard characters, Chinese, without brackets, whose
    first doubled pair starts with ``first``: at the start of the run or after one mark
    that takes no part in collapsing (``_collapse`` leaves it and what it does to the
    rest of the run does not depend on it); captured from ``first``.

    Such a run is collapsed exactly as :func:`sub_runs` does (see
    :func:`_free_run_pattern`); the pattern starts with ``first``, which ``re`` finds
    fast, and tests the character after it first.
    """
    x = re.escape(first)
    na, cp = r"\x00-\x09\x0b-\x7f", CJK_PUNCT
    a, m = r""",;:!?."'""", rf""",;:!?."'{cp}"""
    second = _SPURIOUS_NEXT if first in ",，" else x
    collapsing = "，。、；："
    starts = rf"(?:(?<![{na}{cp}]{x})|(?<=[{cp}]{x})(?<![{collapsing}]{x})(?<![{na}{cp}][{cp}]{x}))"
    chinese = "" if first != "," else rf"(?:(?<=[{cjk}{cp}],)|(?=[{a}]*+[{cp}]|[{m}]*+[{cjk}]))"
    return re.compile(rf"({x}(?={second}){starts}{chinese}[{m}]*+)(?![{na}])")


def run_pattern(core: str) -> re.Pattern[str]:
    """A pattern for whole runs of marks (group ``run``) that contain ``core``, and the
    spaces after them (group ``space``).

    A match starts with a mark that starts a run (``(?<!MM)`` once it is consumed) and
    whose run holds ``core`` (the lookahead, run from inside a one-character
    lookbehind); so scanning stays linear, runs without ``core`` cost no Python call,
    and the standard ``re`` skips the text between marks with its first-character scan.
    """
    m = _RUN_MARKS
    return re.compile(rf"(?P<run>{m}(?<!{m}{m})(?<=(?={m}*?(?:{core})){m}){m}*)(?P<space>[ \t]*)")


def is_chinese_run(text: str, start: int, end: int) -> bool:
    """Whether the run of marks ``text[start:end]`` stands in Chinese text."""
    if _CJK_MARK.search(text, start, end):
        return True
    cjk_char = _exact().cjk_char
    return bool(
        (start > 0 and cjk_char.match(text, start - 1)) or (end < len(text) and cjk_char.match(text, end))
    )


def _touches_emoticon(analysis: Analysis, start: int, end: int) -> bool:
    """Whether an emoticon found by scanning the whole text overlaps ``text[start:end]``.

    Emoticons are ASCII, so only the ASCII stretches inside the range are scanned (with
    the character after each, which ``\\b`` looks at): a scan from the start of a
    stretch finds what a scan of the whole text finds there.
    """
    text = analysis.text
    at = start
    while at < end:
        if not in_ascii_island(text[at]):
            at += 1
            continue
        lo, hi = analysis.ascii_island(at)
        for e in _EMOTICON.finditer(text, lo, min(hi + 1, len(text))):
            if e.start() < end and e.end() > start:
                return True
        at = hi
    return False


_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _free_by_neighbours(text: str, start: int, end: int) -> bool:
    """Whether the characters beside the run of marks ``text[start:end]`` prove that no
    protected span or emoticon touches it (valid when no code or IRI is in the text:
    see :attr:`Analysis.spans_in_islands`).

    Spans and emoticons are ASCII. One that holds a mark of a run without brackets holds
    a character beside the run too: the ASCII text before it, when the run starts with
    ``. ! ? ' ’`` (Latin text ends so); or the letter or digit after it, when the run
    holds a ``.`` (an e-mail address can start so) or ends in ``: ; '`` before one of
    ``D P p O o 3`` (an emoticon). Other such runs are free between hard characters
    (not ASCII, or a line break), after ASCII text before a hard character, and after a
    hard character before a letter or digit.
    """
    run = text[start:end]
    if "(" in run or ")" in run:
        return False
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else "\n"
    hard_before = not in_ascii_island(before)
    if not in_ascii_island(after):
        return hard_before or run[0] not in ".!?'’"
    return hard_before and after in _ALNUM and "." not in run and not (run[-1] in ":;'" and after in "DPpOo3")


def _beside_code(analysis: Analysis, start: int, end: int) -> tuple[int, int] | None:
    """The part of the run of marks ``start:end`` outside the one span of code that
    covers its start or its end (``print('你好'),然后``: the comma after the call), or None."""
    spans = analysis.overlapping(start, end)
    if len(spans) != 1 or spans[0].kind != "code":
        return None
    span = spans[0]
    if span.start <= start and span.end < end:
        return span.end, end
    if span.start > start and span.end >= end:
        return start, span.start
    return None


def sub_runs(
    pattern: re.Pattern[str],
    text: str,
    ctx: Context,
    fix: Callable[[str], str],
    drop_spaces: bool = False,
    at: Sequence[int] | None = None,
    spans_in_islands: bool | None = None,
) -> str:
    """Replace every Chinese run matched by ``pattern`` (see :func:`run_pattern`) by ``fix(run)``.

    With ``drop_spaces``, spaces after a changed run go when Chinese follows them
    (full-width marks carry their own spacing). Runs touching a protected span or an
    emoticon stay. ``at``: sorted positions such that every run the pattern matches
    holds one (or a run it leaves alone); then only the runs around them are matched,
    instead of scanning the text for runs. ``spans_in_islands``: the text's
    :attr:`Analysis.spans_in_islands`, when the caller knows it.
    """
    analysis = ctx.analysis(text)
    if spans_in_islands is None:
        spans_in_islands = analysis.spans_in_islands
    is_cjk = _exact().cjk

    def replace(m: re.Match[str]) -> str:
        run = m.group("run")
        fixed = fix(run)
        if fixed == run:
            return m.group()
        start, end = m.span("run")
        if not is_chinese_run(text, start, end):
            return m.group()
        if not (spans_in_islands and _free_by_neighbours(text, start, end)):
            if analysis.is_protected(start, end):
                free = _beside_code(analysis, start, end)
                if free is None:
                    return m.group()
                a, b = free
                part = fix(text[a:b])
                if part == text[a:b] or not is_chinese_run(text, a, b) or _touches_emoticon(analysis, a, b):
                    return m.group()
                fixed = text[start:a] + part + text[b:end]
            elif not _EMOTICON_MARKS.isdisjoint(run) and _touches_emoticon(analysis, start, end):
                return m.group()
        space = m.group("space")
        if space and not (drop_spaces and is_cjk.match(text, m.end())):
            return fixed + space
        return fixed

    if at is None:
        return pattern.sub(replace, text)
    # The runs holding an anchor, each matched from its start: the same matches as
    # the scan, since a run the pattern matches holds an anchor and runs are disjoint.
    pieces = []
    done = 0
    for p in at:
        if p < done:
            continue
        start = p
        while start > done and text[start - 1] in _MARK_SET:
            start -= 1
        m = pattern.match(text, start)
        if m is None:
            continue
        pieces.append(text[done:start])
        pieces.append(replace(m))
        done = m.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


# ---------------------------------------------------------------------------- width

_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？"})
_WIDTH_RUN = run_pattern(r"[,;:!?]")
# Innermost pairs of ASCII brackets on one line (``_Exact.paren_to_convert`` finds those
# to convert), and the word or number that a pair may gloss in Chinese prose.
_PAREN = re.compile(r"\((?P<inner>[^()\n]{1,200}+)\)")
_HAS_CJK = regex.compile(rf"[{CJK}]")
_WORDISH = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .%·&-]{0,40}+")
_PINYIN_ONLY = regex.compile(rf"(?i)(?:{PINYIN_SYLLABLE}[ \t]?){{1,6}}+")
_IS_CJK = regex.compile(rf"[{CJK}]")


# A comma before another mark is spurious: it is left for ``punctuation.doubled``.
_SPURIOUS_COMMA = re.compile(rf",(?={_SPURIOUS_NEXT})")


def _widen(run: str) -> str:
    """``run`` with ``, ; : ! ?`` full-width, but for spurious commas."""
    if "," not in run:
        return run.translate(_FULL)
    return _SPURIOUS_COMMA.sub("\0", run).translate(_FULL).replace("\0", ",")


class _Memo(dict[str, str]):
    """``fix`` of runs, remembered for short ones (looked up from C by ``map``)."""

    def __init__(self, fix: Callable[[str], str]) -> None:
        super().__init__()
        self.fix = fix

    def __missing__(self, run: str) -> str:
        fixed = self.fix(run)
        if len(run) <= 16:
            if len(self) >= 4096:
                self.clear()
            self[run] = fixed
        return fixed


_WIDENED = _Memo(_widen)
_WIDEN_COMMAS = operator.methodcaller("replace", ",", "，")
#: Most ASCII marks for which a Python step per mark beats passes over the text.
_FEW_MARKS = 16


def _widen_free_runs(text: str) -> str:
    """``text`` with every run of ``_Exact.free_runs`` widened.

    Exactly what :func:`sub_runs` does to those runs (they are Chinese, and no protected
    span or emoticon touches them), with no Python call per run. It changes nothing
    :func:`sub_runs` looks at for the other runs: it turns ASCII marks between hard
    characters, or at the edge of ASCII text that no span or emoticon reaches, into
    full-width ones, so their characters, neighbours, protected spans and emoticons
    stay; and ``_widen`` is idempotent, so running it first changes no result.
    ``_widen`` changes each mark by itself and the next, so the marks after a run's
    first full-width one are widened alone.
    """
    exact = _exact()
    if "," in text:
        text = ",".join(map(_WIDEN_COMMAS, exact.not_lone_comma.split(text)))
    for mark, pattern in exact.free_runs:
        if mark in text:
            parts = pattern.split(text)
            if len(parts) > 1:
                parts[1::2] = map(_WIDENED.__getitem__, parts[1::2])
                text = "".join(parts)
    return text


def _changing_positions(text: str, limit: int | None = None) -> list[int] | None:
    """Sorted positions of the marks ``_widen`` changes, but for lone marks outside
    Chinese text (``5:00``, ``a,b``: their runs stay as they are); None when more than
    ``limit``."""
    return _match_starts(_exact().changing_marks, text, limit)


def _match_starts(
    patterns: Iterable[tuple[str, re.Pattern[str]]], text: str, limit: int | None
) -> list[int] | None:
    """Sorted start positions of the matches of ``patterns`` (each searched only when
    its first character is in ``text``); None when more than ``limit``."""
    found: list[int] = []
    for first, pattern in patterns:
        if first in text:
            for m in pattern.finditer(text):
                found.append(m.start())
                if limit is not None and len(found) > limit:
                    return None
    found.sort()
    return found


def _widen_runs(text: str, ctx: Context) -> str:
    """``sub_runs(_WIDTH_RUN, text, ctx, _widen, drop_spaces=True)``, with shortcuts:
    a Python step only for the runs around a few marks to change, or else a pass per
    mark for the free runs and a Python step only for the runs left with a mark to
    change."""
    at = None if text.count(",") > _FEW_MARKS else _changing_positions(text, _FEW_MARKS)
    # The free-run pass adds no code or IRI, so the new text's spans stay in islands.
    islands = at is None and ctx.analysis(text).spans_in_islands
    if islands:
        text = _widen_free_runs(text)
        at = _changing_positions(text)
    if at is not None and not at:
        return text
    return sub_runs(_WIDTH_RUN, text, ctx, _widen, drop_spaces=True, at=at, spans_in_islands=islands or None)


def _convert_brackets(text: str, ctx: Context) -> str:
    if "(" not in text or ")" not in text:
        return text
    analysis = ctx.analysis(text)

    def convert(m: re.Match[str]) -> str:
        word = m.group("word")
        if word is not None and _PINYIN_ONLY.fullmatch(word):  # 曲(qū): phonetic annotation
            return m.group()
        inner = m.group("chinese") or word
        # The brackets themselves must be free: (2.5%) holds a protected number.
        if analysis.is_protected(m.start()) or analysis.is_protected(m.end() - 1):
            return m.group()
        return f"（{inner}）"

    return _exact().paren_to_convert.sub(convert, text)


# ``!`` and ``?`` glued inside a name (``Oops!新鮮事``, ``噓!星聞``): no space on either
# side, not before another mark.
_NAME_MARK = re.compile(r"(?<=[^\s])[!?](?=[^\s!?,.;:，。！？、；：])")
_LATIN_WORD_BEFORE = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}$")
_LATIN_WORD_AFTER = re.compile(r"[A-Za-z]{2,}(?![A-Za-z])")
#: Characters that end a name-like token: spaces, marks other than the middle dots.
_TOKEN_STOP = frozenset(" \t\n\u3000,.;:()\"'") | (
    frozenset(re.findall(f"[{CJK_PUNCT}]", "".join(map(chr, range(0x10000))))) - frozenset("·・")
)
#: Longest name-like token with a mark inside it.
_NAME_LENGTH = 8
_HOLD = {"!": "\ue000", "?": "\ue001"}
_RELEASE = str.maketrans({"\ue000": "!", "\ue001": "?"})


def name_marks(text: str) -> list[int]:
    """Positions of the ``!`` and ``?`` that are part of a name, not a clause break.

    A mark with no space on either side is part of a name when it joins a Latin word to
    Han text (``Oops!新鮮事``, ``Yahoo!奇摩``), or when it joins Han to Han inside a short
    token that stands alone, between spaces or line ends, on a line without clause marks
    (``噓!星聞`` as a column name). Marks that end a clause (``真的吗?太好了``, ``好!走吧,快``)
    are not.

    >>> name_marks("Oops!新鮮事"), name_marks("首頁 噓!星聞 娛樂"), name_marks("真的吗?太好了!")
    ([4], [4], [])
    """
    found = []
    is_han = _exact().han
    line_marks: dict[int, int] = {}  # clause and sentence marks of each line, by its start
    for m in _NAME_MARK.finditer(text):
        at = m.start()
        before, after = text[at - 1], text[at + 1]
        if (_LATIN_WORD_BEFORE.search(text, max(0, at - 40), at) and is_han.match(after)) or (
            is_han.match(before) and _LATIN_WORD_AFTER.match(text, at + 1)
        ):
            found.append(at)
            continue
        if not (is_han.match(before) and is_han.match(after)):
            continue
        start = at
        while start > 0 and text[start - 1] not in _TOKEN_STOP and at - start <= _NAME_LENGTH:
            start -= 1
        end = at + 1
        while end < len(text) and text[end] not in _TOKEN_STOP and end - at <= _NAME_LENGTH:
            end += 1
        if end - start > _NAME_LENGTH or (start > 0 and text[start - 1] not in " \t\n\u3000"):
            continue
        if end < len(text) and text[end] not in " \t\n\u3000":
            continue
        line_start = text.rfind("\n", 0, at) + 1
        marks = line_marks.get(line_start)
        if marks is None:
            line_end = text.find("\n", at)
            line = text[line_start : len(text) if line_end < 0 else line_end]
            marks = line_marks[line_start] = sum(line.count(c) for c in "!?！？，。；、,;")
        if marks == 1:
            found.append(at)
    return found


class Width(Normaliser):
    """Make ``, ; : ! ? ( )`` full-width where they stand in Chinese text.

    ``!`` and ``?`` glued inside a name stay (see :func:`name_marks`).

    >>> Width()("疫情就是命令,防控就是责任:5:00,全员到岗!")
    '疫情就是命令，防控就是责任：5:00，全员到岗！'
    """

    name = "punctuation.width"
    stage = Stage.INLINE
    description = "Make half-width , ; : ! ? ( ) full-width in Chinese context; leave numbers, URLs, Latin."
    after = ("pinyin.glosses",)
    profiles = SAFE_PROFILES
    examples = (
        ("疫情就是命令,防控就是责任", "疫情就是命令，防控就是责任"),
        ("早上5:00,全员核酸检测开始", "早上5:00，全员核酸检测开始"),
        ("他们或是穿梭于社区楼院之间;或是奔走在路上:", "他们或是穿梭于社区楼院之间；或是奔走在路上："),
        ("真的吗?!太好了!", "真的吗？！太好了！"),
        ("活动轨迹(附病例关系图)", "活动轨迹（附病例关系图）"),
        ("世界卫生组织(WHO)发布", "世界卫生组织（WHO）发布"),
        ("你好, 世界", "你好，世界"),
        ("Oops!新鮮事:明星八卦,好看", "Oops!新鮮事：明星八卦，好看"),
    )
    keeps = (
        "时间 9:40:36，金额 3,000 元，增长 2.5 倍。",
        "访问 https://example.com/a?b=1,2;c=3 或写信给 me@example.com。",
        "他说 Hello, world! 然后离开。",
        "调用 print(x) 或 f(x) 即可",
        "好的:) 明天见;-) 哈哈^_^",
        "曲(qū)项(xiàng)向(xiàng)天(tiān)歌(gē)",
        "Version 2.0 (beta): fixed bugs; see notes!",
        "`a,b;c` 是代码",
        "他说：“你好！”然后离开。",
        "Oops!新鮮事",
        "首頁 噓!星聞 娛樂",
        "Yahoo!奇摩新聞",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if not any(mark in text for mark in ",;:!?()") or not _exact().cjk.search(text):
            return text
        held = text
        if ("!" in text or "?" in text) and "\ue000" not in text and "\ue001" not in text:
            marks = name_marks(text)
            if marks:
                chars = list(text)
                for at in marks:
                    chars[at] = _HOLD[chars[at]]
                held = "".join(chars)
        new = self._widen(held, ctx)
        if held is not text:
            new = new.translate(_RELEASE)
        return text if new == text else new

    def _widen(self, text: str, ctx: Context) -> str:
        new = text
        # One pass over the runs is complete (runs are independent); a bracket made
        # full-width can make its neighbouring run Chinese, hence the loop.
        while True:
            new = _widen_runs(new, ctx)
            bracketed = _convert_brackets(new, ctx)
            if bracketed == new:
                break
            new = bracketed
        return text if new == text else new


# ---------------------------------------------------------------------------- doubled

# Inside a Chinese run: commas (either width) before another clause or sentence mark
# are spurious; a run of commas is one comma; two identical marks that are never
# doubled in Chinese are one. ``。。。`` is an ellipsis (``punctuation.ellipsis``),
# ``！！`` and ``？？`` are emphasis, ``……`` and ``——`` single marks of two characters.
_COLLAPSE = regex.compile(
    r"(?P<spurious>[,，]++(?=[。、；：！？;:!?]))|(?P<commas>[,，]{2,}+)|(?<!。)。。(?!。)|、、++|；；++|：：++"
)
_DOUBLED_RUN = run_pattern(r"[,，][,，。、；：！？;:!?]|。。|、、|；；|：：")
#: The first marks of doubled pairs, and patterns for the pairs that start with each.
_DOUBLED_FIRST = ",，。、；："
_DOUBLED_PAIR = {
    first: re.compile(f"{first}{_SPURIOUS_NEXT}" if first in ",，" else first * 2) for first in _DOUBLED_FIRST
}


def _doubled_positions(text: str, limit: int | None = None) -> list[int] | None:
    """Sorted positions of the doubled pairs in ``text``; None when more than ``limit``."""
    return _match_starts(_DOUBLED_PAIR.items(), text, limit)


def _collapse_free_runs(text: str) -> str:
    """``text`` with every run of ``_Exact.doubled_free_runs`` collapsed, exactly as
    :func:`sub_runs` would (see :func:`_widen_free_runs`), with no Python call per run."""
    for first, pattern in _exact().doubled_free_runs:
        if first in text and _DOUBLED_PAIR[first].search(text):
            parts = pattern.split(text)
            if len(parts) > 1:
                parts[1::2] = map(_COLLAPSED.__getitem__, parts[1::2])
                text = "".join(parts)
    return text


def _collapse_one(m: regex.Match[str]) -> str:
    if m.group("spurious"):
        return ""
    if m.group("commas"):
        return "，"
    return m.group()[0]


def _collapse(run: str) -> str:
    while True:
        new = _COLLAPSE.sub(_collapse_one, run)
        if new == run:
            return run
        run = new


_COLLAPSED = _Memo(_collapse)


class Doubled(Normaliser):
    """Collapse doubled punctuation: ``,,`` ``,。`` ``,、`` ``,；`` ``，，`` ``。。``.

    >>> Doubled()("城市小區,,是重中之重,。長垣")
    '城市小區，是重中之重。長垣'
    """

    name = "punctuation.doubled"
    stage = Stage.INLINE
    description = "Collapse doubled punctuation (,, ,。 ,、 ，， 。。); keep …… —— ？！ ！！ “”."
    after = ("pinyin.glosses", "punctuation.width")
    profiles = SAFE_PROFILES
    examples = (
        ("根本,,以凝聚人心,、鼓舞士氣", "根本，以凝聚人心、鼓舞士氣"),
        ("代為履職,；高齡", "代為履職；高齡"),
        ("注入強大動力,。隨著", "注入強大動力。隨著"),
        ("好的，，我知道了。。", "好的，我知道了。"),
    )
    keeps = (
        "他说……——不，算了！！真的吗？！“”",
        "a,,b 与 1,,2",
        "CSV: name,,age",
        "我想想。。。",
        "完美。干净的句子，没有问题。",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        new = text
        at = _doubled_positions(new, _FEW_MARKS)
        islands = at is None and ctx.analysis(new).spans_in_islands
        if islands:
            new = _collapse_free_runs(new)
            at = _doubled_positions(new)
        if at is None or at:
            new = sub_runs(_DOUBLED_RUN, new, ctx, _collapse, at=at, spans_in_islands=islands or None)
        return text if new == text else new


# ---------------------------------------------------------------------------- ellipsis

_DOTS = regex.compile(r"\.{3,}+|。{3,}+")
_ELLIPSIS_RUN = run_pattern(r"\.\.\.|。。。")


def _ellipsis(run: str) -> str:
    return _DOTS.sub("……", run)


class Ellipsis(Normaliser):
    """Make ``...`` and ``。。。`` in Chinese context a Chinese ellipsis ``……``.

    >>> Ellipsis()("等一下...好吗")
    '等一下……好吗'
    """

    name = "punctuation.ellipsis"
    stage = Stage.INLINE
    description = "Turn ... and 。。。 in Chinese context into ……"
    after = ("pinyin.glosses", "punctuation.width", "punctuation.doubled")
    profiles = SAFE_PROFILES
    examples = (
        ("等一下...好吗", "等一下……好吗"),
        ("我想想。。。。。。算了", "我想想……算了"),
        ("...然后呢", "……然后呢"),
    )
    keeps = (
        "Wait... what?",
        "从 1...10 循环",
        "https://example.com/a...b 链接",
        "他沉默了……然后走了。",
        "结束了。。",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if "..." not in text and "。。。" not in text:
            return text
        new = sub_runs(_ELLIPSIS_RUN, text, ctx, _ellipsis)
        return text if new == text else new


# ---------------------------------------------------------------------------- quotes

_ANY_RUN = regex.compile(rf"{_RUN_MARKS}++")
_LINE_WITH_QUOTES = regex.compile(r"""^[^\n]*["'][^\n]*$""", regex.M)
_CODEISH = regex.compile(r"""[=\\{}\[\]<>]["']|["'][=\\{}\[\]<>]""")
_LATIN_LETTER = regex.compile(r"[A-Za-z]")


def _pair_quotes(line: str, mark: str, analysis: Analysis, offset: int) -> str | None:
    """``line`` with its ``mark`` quotes made curly, or None when pairing is not certain."""
    positions = [i for i, c in enumerate(line) if c == mark]
    if not positions or len(positions) % 2:
        return None
    opening, closing = ("“", "”") if mark == '"' else ("‘", "’")
    runs = [m.span() for m in _ANY_RUN.finditer(line)]
    for at in positions:
        a, b = next(span for span in runs if span[0] <= at < span[1])
        if not is_chinese_run(line, a, b):
            return None
    chars = list(line)
    for open_at, close_at in zip(positions[::2], positions[1::2], strict=True):
        inner = line[open_at + 1 : close_at]
        if not inner or inner[0].isspace() or inner[-1].isspace():
            return None
        if analysis.is_protected(offset + open_at) or analysis.is_protected(offset + close_at):
            return None
        before = line[open_at - 1] if open_at else ""
        after = line[close_at + 1] if close_at + 1 < len(line) else ""
        if mark == "'" and (
            _LATIN_LETTER.match(before) or _LATIN_LETTER.match(after) or _LATIN_LETTER.match(inner[-1])
        ):
            return None  # apostrophes: don't, it's, the '90s
        chinese_inside = _HAS_CJK.search(inner) is not None
        chinese_outside = bool(before and _IS_CJK.match(before)) or bool(after and _IS_CJK.match(after))
        certain = chinese_inside and (chinese_outside or not _LATIN_LETTER.search(line))
        if not certain and not (chinese_outside and mark == '"'):
            return None
        chars[open_at], chars[close_at] = opening, closing
    return "".join(chars)


def _quotes_step(text: str, ctx: Context) -> str:
    analysis = ctx.analysis(text)

    def fix(m: regex.Match[str]) -> str:
        line = m.group()
        if not _HAS_CJK.search(line) or _CODEISH.search(line):
            return line
        for mark in ('"', "'"):
            if mark in line:
                paired = _pair_quotes(line, mark, analysis, m.start())
                if paired is not None:
                    line = paired
        return line

    return _LINE_WITH_QUOTES.sub(fix, text)


class Quotes(Normaliser):
    """Make ASCII quotes in Chinese text curly (“ ” ‘ ’) where the pairing is certain.

    >>> Quotes()('按照"应检尽检"原则')
    '按照“应检尽检”原则'
    """

    name = "punctuation.quotes"
    stage = Stage.INLINE
    description = "Turn paired ASCII quotes in Chinese context into “ ” and ‘ ’ when pairing is certain."
    after = ("punctuation.width", "punctuation.doubled", "punctuation.ellipsis")
    profiles = SAFE_PROFILES
    examples = (
        ('按照"应检尽检"原则', "按照“应检尽检”原则"),
        ("他说\"社区'女子工作组'都会解答\"。", "他说“社区‘女子工作组’都会解答”。"),
    )
    keeps = (
        '他说"你好。',
        'config = {"key": "值"}',
        "It's 张三's book",
        '英文 "Hello world" 的说法',
        "“已经是弯引号”与‘单引号’",
        '链接 https://example.com/?q="中文" 保留',
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if '"' not in text and "'" not in text:
            return text
        new = _quotes_step(text, ctx)
        return text if new == text else new


# ---------------------------------------------------------------------------- final marks


@dataclasses.dataclass(frozen=True)
class FinalOptions:
    #: Fewest Chinese commas a document needs, with no ``。`` at all, to count as one
    #: that lost its sentence-final marks.
    min_commas: int = 8
    #: Shortest line (in characters) that counts as a body paragraph on its own.
    min_length: int = 24
    #: Also restore ``。`` inside a paragraph where the boundary is certain: after a
    #: quoted whole sentence that opens the paragraph and is followed by a new sentence.
    inside_paragraph: bool = False

    def __post_init__(self) -> None:
        if self.min_commas < 1:
            raise ValueError("min_commas must be 1 or more")
        if self.min_length < 1:
            raise ValueError("min_length must be 1 or more")


_CHINESE_COMMA = regex.compile(rf"，|(?<=[{HAN}”])[,](?=[{HAN}“])")
_LINE = regex.compile(r"^[^\n]*+", regex.M)


def _has_chinese_commas(text: str, least: int) -> bool:
    """``len(_CHINESE_COMMA.findall(text)) >= least``, counting full-width commas first."""
    commas = text.count("，")
    if commas >= least or "," not in text:
        return commas >= least
    return commas + len(_exact().ascii_chinese_comma.findall(text)) >= least


_ENDS_OPEN = regex.compile(rf"[{HAN}]$|[”’」』]$")
_HAS_CLAUSE_MARK = regex.compile(rf"[，；、]|(?<=[{HAN}])[,;]")
_LIST_ITEM = regex.compile(
    r"^(?:[-*•·●◆◇■□▪►→※]|\d{1,3}[.、)）]|[(（][\d一二三四五六七八九十]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}[、.]|第[\d一二三四五六七八九十百]{1,4}[章节條条款部篇])"
)
_CAPTION = regex.compile(r"^(?:图|圖|图片|圖片|照片|视频|視頻)(?:[为為：:]|\d)|(?:摄|攝|供图|供圖|图|圖)$")
_CAPTION_START = regex.compile(r"(?:图|圖|图片|圖片|照片|视频|視頻)(?:[为為：:]|\d)")
_CAPTION_ENDS = ("摄", "攝", "供图", "供圖", "图", "圖")


_CAPTION_FIRST = frozenset("图圖照视視")
#: The Han characters that can start a list item: any other Han character cannot.
_LIST_HAN = frozenset("一二三四五六七八九十第")


def _is_caption(line: str) -> bool:
    """``_CAPTION.search(line)`` for a line without a newline, without scanning it."""
    return line.endswith(_CAPTION_ENDS) or (
        line[:1] in _CAPTION_FIRST and _CAPTION_START.match(line) is not None
    )


def _is_list_item(line: str) -> bool:
    """``_LIST_ITEM.match(line)``, without it for lines that start with other Han."""
    if line and line[0] not in _LIST_HAN and _exact().han.match(line):
        return False
    return _LIST_ITEM.match(line) is not None


def _ends_open(line: str) -> bool:
    """``_ENDS_OPEN.search(line)`` for a line without a newline: its last character."""
    return bool(line) and (line[-1] in "”’」』" or _exact().han.match(line, len(line) - 1) is not None)


def _has_clause_mark(line: str) -> bool:
    """``_HAS_CLAUSE_MARK.search(line)``, with plain substring tests first."""
    if "，" in line or "；" in line or "、" in line:
        return True
    return ("," in line or ";" in line) and _HAS_CLAUSE_MARK.search(line) is not None


def _is_paragraph(line: str, min_length: int) -> bool:
    """A line that reads as prose: long enough, with clause marks, not a list item or caption."""
    return (
        len(line) >= min_length
        and _has_clause_mark(line)
        and not _is_list_item(line)
        and not _is_caption(line)
    )


def _quote_opening(line: str) -> int:
    """Where the quote that closes ``line`` opens (``-1`` when unmatched)."""
    return line.rfind("“", 0, len(line) - 1)


def _whole_sentence_quote(line: str, open_at: int) -> bool:
    """Whether the quote opening at ``open_at`` stands as a sentence of its own."""
    return open_at == 0 or line[open_at - 1] in "。！？!?：:，,”…"


def _close(line: str) -> str:
    """``line`` with a ``。`` at its end, inside a closing quote that holds a whole sentence."""
    if line[-1] not in "”’」』":
        return line + "。"
    if len(line) < 2:
        return line
    if _CJK_MARK.match(line, len(line) - 2) or line[-2] in ",;:!?":
        return line  # ，” or ！”: a mark is there already
    open_at = _quote_opening(line) if line[-1] == "”" else -1
    if open_at >= 0 and _whole_sentence_quote(line, open_at):
        if line[-2] in SENTENCE_END:
            return line
        return line[:-1] + "。" + line[-1]
    if line[-2] in SENTENCE_END:
        return line
    return line + "。"


# A quote opening the paragraph (or following a sentence end), holding a clause break,
# closed and followed by a Han character that is not a particle or verb continuing it.
_INNER_BOUNDARY = regex.compile(
    rf"(?:^|(?<=[。！？!?]))“(?P<inner>[^“”\n]*?[，,][^“”\n]*?[{HAN}])”(?=[{HAN}])"
    r"(?![的地得之是等和与及为成在把被向对从了着过也都就才又还])",
    regex.M,
)


class Final(Normaliser):
    """Restore the ``。`` at the end of body paragraphs in documents that lost every one.

    >>> text = "疫情就是命令，防控就是责任，我们一起努力，守护家园\\n" * 4
    >>> Final()(text).splitlines()[0]
    '疫情就是命令，防控就是责任，我们一起努力，守护家园。'
    """

    name = "punctuation.final"
    stage = Stage.INLINE
    description = "Restore the sentence-final 。 of body paragraphs in documents that lost all of them."
    after = ("punctuation.width", "punctuation.doubled", "punctuation.ellipsis", "punctuation.quotes")
    profiles = SAFE_PROFILES
    Options = FinalOptions
    examples = (
        (
            "党建引领 政府主导\n“抗击疫情，我们甘当守护者”\n"
            "社区是打赢疫情防控阻击战的重要支撑，也是疫情防控任务最重、压力最大的地方，"
            "为此，历下区探索以党建引领凝聚多方力量，充分发挥居民自治作用\n"
            "“党旗高飘扬，党员显担当，群众紧跟上，志愿服务强”\n"
            "他们的年龄身份各不相同，却用同一副热心肠诠释着“众志成城”\n"
            "他们中的每人，都是这座城市的英雄\n",
            "党建引领 政府主导\n“抗击疫情，我们甘当守护者”\n"
            "社区是打赢疫情防控阻击战的重要支撑，也是疫情防控任务最重、压力最大的地方，"
            "为此，历下区探索以党建引领凝聚多方力量，充分发挥居民自治作用。\n"
            "“党旗高飘扬，党员显担当，群众紧跟上，志愿服务强。”\n"
            "他们的年龄身份各不相同，却用同一副热心肠诠释着“众志成城”。\n"
            "他们中的每人，都是这座城市的英雄。\n",
        ),
    )
    keeps = (
        # Marks present: nothing was lost.
        "他们中的每人，都是这座城市的英雄。\n这句话没有句号，但文档有，所以不动\n",
        # Lost marks, but only headings, list items, captions and poem lines.
        "床前明月光，疑是地上霜\n举头望明月，低头思故乡\n春眠不觉晓，处处闻啼鸟\n"
        "夜来风雨声，花落知多少\n白日依山尽，黄河入海流\n",
        "1. 第一项，包括甲、乙、丙，还有丁和戊等等很多很多内容\n"
        "2. 第二项，包括甲、乙、丙，还有丁和戊等等很多很多内容\n"
        "图为：志愿者在社区，为居民，提供服务，发放物资，登记信息\n"
        "- 列表项，列表项，列表项，列表项，列表项，列表项\n",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        opts = self.options
        if "。" in text or not _has_chinese_commas(text, opts.min_commas):
            return text
        lines = text.split("\n")
        stripped = [line.rstrip(" \t") for line in lines]
        nonblank = [i for i, s in enumerate(stripped) if s.strip()]
        bodies = [stripped[i].lstrip(" \t\u3000") for i in nonblank]
        # Per non-blank line: a body paragraph; one that ends open (a Han character or
        # a closing quote, not a list item or caption); one with clause marks.
        clause = [_has_clause_mark(body) for body in bodies]
        plain = [not _is_list_item(body) and not _is_caption(body) for body in bodies]
        if might_hold_code(text):  # lines of code are neither paragraphs nor closed
            code = ctx.analysis(text).code_lines
            plain = [p and i not in code for p, i in zip(plain, nonblank, strict=True)]
        para = [c and p and len(b) >= opts.min_length for b, c, p in zip(bodies, clause, plain, strict=True)]
        open_ = [p and _ends_open(b) for b, p in zip(bodies, plain, strict=True)]
        changed = False
        for k, i in enumerate(nonblank):
            closed = stripped[i]
            if open_[k] and (para[k] or (clause[k] and _closes_text(para, k))):
                closed = _close(closed)
            if opts.inside_paragraph and para[k]:
                closed = _INNER_BOUNDARY.sub(lambda m: f"“{m.group('inner')}。”", closed)
            if closed != stripped[i]:
                lines[i] = closed + lines[i][len(stripped[i]) :]
                changed = True
        return "\n".join(lines) if changed else text


def _closes_text(para: list[bool], k: int) -> bool:
    """Whether the short ``k``-th non-blank line closes the text: a paragraph precedes it
    and none follows it (between two paragraphs it may be a heading)."""
    return k > 0 and para[k - 1] and not (k + 1 < len(para) and para[k + 1])


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Ellipsis)
    register(Doubled)
    register(Width)
    register(Quotes)
    register(Final)
