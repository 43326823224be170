"""The Chinese-run engine that the punctuation rules share.

The rules for width, doubled marks and ellipses look at maximal *runs* of marks (ASCII
``, ; : ! ? . ( ) " '`` and full-width marks together) and act only on a run that is
Chinese: it holds a full-width mark, or a Han character or kana stands right before or
after it. :func:`sub_runs` replaces such runs by a rule's fix, leaving alone every run
that touches a protected span (URLs, numbers, code, Latin text) or an emoticon.

>>> from normkit import Context
>>> text = "你好,世界 a,b"
>>> sub_runs(run_pattern(r"[,]"), text, Context(), lambda run: run.replace(",", "，"), at=[2, 7])
'你好，世界 a,b'
"""

from __future__ import annotations

import functools
import operator
import re
from array import array
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import regex

from ..._context import Context
from ...tokens import CJK_PUNCT, HAN, Analysis, Kind, char_ranges, in_ascii_island

__all__ = [
    "CHANGING_MARK",
    "CJK",
    "CJK_MARK",
    "CLOSERS",
    "EMOTICON",
    "EMOTICON_MARKS",
    "FEW_MARKS",
    "MARK_SET",
    "PINYIN_SYLLABLE",
    "RUN_MARKS",
    "SENTENCE_END",
    "SPURIOUS_NEXT",
    "TONED",
    "Exact",
    "Memo",
    "beside_code",
    "exact",
    "free_by_neighbours",
    "has_cjk",
    "is_chinese_run",
    "mark_positions",
    "match_starts",
    "run_pattern",
    "sub_runs",
    "touches_emoticon",
]

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

# The three rules below (width, doubled, ellipsis) look at maximal runs of marks, ASCII
# and full-width together, and act only on a run that is Chinese: it holds a full-width
# mark, or a Han character or kana stands right before or after it. Each rule only
# changes marks inside a Chinese run and leaves it Chinese, so no rule can make another
# rule's run Chinese later: the chain is idempotent, not just each rule.
RUN_MARKS = rf"[,;:!?.()\"'{CJK_PUNCT}]"
CJK_MARK = re.compile(rf"[{CJK_PUNCT}]")
#: The characters of ``RUN_MARKS``, for looking one up without a pattern.
MARK_SET = frozenset(re.findall(RUN_MARKS, "".join(map(chr, range(0x10000)))))
# What follows a spurious comma (one ``punctuation.width`` leaves for
# ``punctuation.doubled``), and a mark that ``punctuation.width`` changes.
SPURIOUS_NEXT = "[,，。、；：！？;:!?]"
CHANGING_MARK = rf"(?:[;:!?]|,(?!{SPURIOUS_NEXT}))"
EMOTICON = regex.compile(
    r"(?:[:;=8][-'^]?[)(\]\[DPpOo3/\\|*](?![A-Za-z])|\^[_.-]?\^|(?<![A-Za-z])[xX]D\b|T_T|>_<|-_-|o_O|O_o)"
)


#: The marks an emoticon can hold: a run without them touches none.
EMOTICON_MARKS = frozenset(":;'().")

#: Most ASCII marks for which a Python step per mark beats passes over the text.
FEW_MARKS = 16


class Exact:
    """Patterns over Han and kana for the standard ``re``, with exactly the characters of
    ``\\p{Han}々〇``, ``\\p{Hiragana}`` and ``\\p{Katakana}`` (from the tokeniser's table,
    so built on first use, not at import), and those characters as the body of a
    character class (``han_chars``, ``cjk_chars``: Han and kana), for a rule's own patterns.

    >>> bool(exact().han.match("中")), bool(exact().cjk.match("，")), bool(exact().cjk_char.match("，"))
    (True, True, False)
    """

    def __init__(self) -> None:
        han = char_ranges(Kind.HAN)
        kana = char_ranges(Kind.KANA, exclude="ー")  # the table's kana class adds ー
        self.han_chars = han
        self.cjk_chars = f"{han}{kana}"
        self.han = re.compile(f"[{han}]")
        self.cjk_char = re.compile(f"[{han}{kana}]")
        self.cjk = re.compile(f"[{han}{kana}{CJK_PUNCT}]")


#: The one :class:`Exact`, built on first use.
exact = functools.cache(Exact)

# Every character of ``Exact.cjk`` but the middle dot is at or above U+2014: a scan for
# that range (a plain range, which ``re`` tests fast) finds where the exact scan starts.
_HIGH = re.compile("[\u2014-\U0010ffff]")


def has_cjk(text: str) -> bool:
    """``exact().cjk.search(text) is not None``, fast on ASCII and Latin text: a text
    with no character from U+2014 up has none but the middle dot ``·``.

    >>> has_cjk("Hello, world!"), has_cjk("Café, naïve"), has_cjk("Café, 你好"), has_cjk("a·b")
    (False, False, True, True)
    """
    if text.isascii():
        return False
    if "·" in text:
        return True
    m = _HIGH.search(text)
    return m is not None and exact().cjk.search(text, m.start()) is not None


def run_pattern(core: str) -> re.Pattern[str]:
    """A pattern for whole runs of marks (group ``run``) that contain ``core``, and the
    spaces after them (group ``space``).

    A match starts with a mark that starts a run (``(?<!MM)`` once it is consumed) and
    whose run holds ``core`` (the lookahead, run from inside a one-character
    lookbehind); so scanning stays linear, runs without ``core`` cost no Python call,
    and the standard ``re`` skips the text between marks with its first-character scan.

    >>> run_pattern("[,]").search("你好,! 世界").groupdict()
    {'run': ',!', 'space': ' '}
    """
    m = RUN_MARKS
    return re.compile(rf"(?P<run>{m}(?<!{m}{m})(?<=(?={m}*?(?:{core})){m}){m}*)(?P<space>[ \t]*)")


def is_chinese_run(text: str, start: int, end: int) -> bool:
    """Whether the run of marks ``text[start:end]`` stands in Chinese text.

    >>> is_chinese_run("你好,世界", 2, 3), is_chinese_run("a,b", 1, 2)
    (True, False)
    """
    if CJK_MARK.search(text, start, end):
        return True
    cjk_char = exact().cjk_char
    return bool(
        (start > 0 and cjk_char.match(text, start - 1)) or (end < len(text) and cjk_char.match(text, end))
    )


def touches_emoticon(analysis: Analysis, start: int, end: int) -> bool:
    """Whether an emoticon found by scanning the whole text overlaps ``text[start:end]``.

    Emoticons are ASCII, so only the ASCII stretches inside the range are scanned (with
    the character after each, which ``\\b`` looks at): a scan from the start of a
    stretch finds what a scan of the whole text finds there.

    >>> from normkit import Context
    >>> analysis = Context().analysis("好 :) ,")
    >>> touches_emoticon(analysis, 2, 4), touches_emoticon(analysis, 5, 6)
    (True, False)
    """
    text = analysis.text
    at = start
    while at < end:
        if not in_ascii_island(text[at]):
            at += 1
            continue
        lo, hi = analysis.ascii_island(at)
        for e in EMOTICON.finditer(text, lo, min(hi + 1, len(text))):
            if e.start() < end and e.end() > start:
                return True
        at = hi
    return False


_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def free_by_neighbours(text: str, start: int, end: int) -> bool:
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

    >>> free_by_neighbours("你好,世界", 2, 3), free_by_neighbours("a.b 你", 1, 2)
    (True, False)
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


def beside_code(analysis: Analysis, start: int, end: int) -> tuple[int, int] | None:
    """The part of the run of marks ``start:end`` outside the one span of code that
    covers its start or its end (``print('你好'),然后``: the comma after the call), or None.

    >>> from normkit import Context
    >>> text = "调用 print('你好'),然后"
    >>> beside_code(Context().analysis(text), 13, 15)
    (14, 15)
    """
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
    *,
    at: Sequence[int],
    drop_spaces: bool = False,
    spans_in_islands: bool | None = None,
) -> str:
    """Replace every Chinese run matched by ``pattern`` (see :func:`run_pattern`) by ``fix(run)``.

    ``at``: sorted positions such that every run the pattern matches holds one (or is a
    run ``fix`` leaves alone): only the runs around them are matched, each from its
    start (every mark's position, :func:`mark_positions`, is always such a list). With
    ``drop_spaces``, spaces after a changed run go when Chinese follows them (full-width
    marks carry their own spacing). Runs touching a protected span or an emoticon stay.
    ``spans_in_islands``: the text's :attr:`Analysis.spans_in_islands`, when the caller
    knows it.

    >>> from normkit import Context
    >>> sub_runs(run_pattern("[!]"), "好!! ok!", Context(), lambda run: "！", at=[1, 7])
    '好！ ok!'
    """
    analysis = ctx.analysis(text)
    if spans_in_islands is None:
        spans_in_islands = analysis.spans_in_islands
    is_cjk = exact().cjk

    def replace(m: re.Match[str]) -> str:
        run = m.group("run")
        fixed = fix(run)
        if fixed == run:
            return m.group()
        start, end = m.span("run")
        if not is_chinese_run(text, start, end):
            return m.group()
        if not (spans_in_islands and free_by_neighbours(text, start, end)):
            if analysis.is_protected(start, end):
                free = beside_code(analysis, start, end)
                if free is None:
                    return m.group()
                a, b = free
                part = fix(text[a:b])
                if part == text[a:b] or not is_chinese_run(text, a, b) or touches_emoticon(analysis, a, b):
                    return m.group()
                fixed = text[start:a] + part + text[b:end]
            elif not EMOTICON_MARKS.isdisjoint(run) and touches_emoticon(analysis, start, end):
                return m.group()
        space = m.group("space")
        if space and not (drop_spaces and is_cjk.match(text, m.end())):
            return fixed + space
        return fixed

    # The runs holding an anchor, each matched from its start: the same matches as a
    # scan of the text, since a run the pattern matches holds an anchor and runs are
    # disjoint.
    pieces: list[str] = []
    joined: list[str] = []  # the pieces joined every so often: not a string a piece held
    done = 0
    for p in at:
        if p < done:
            continue
        start = p
        while start > done and text[start - 1] in MARK_SET:
            start -= 1
        m = pattern.match(text, start)
        if m is None:
            continue
        pieces.append(text[done:start])
        pieces.append(replace(m))
        done = m.end()
        if len(pieces) >= _PIECES_AT_ONCE:
            joined.append("".join(pieces))
            pieces.clear()
    if not pieces and not joined:
        return text
    pieces.append(text[done:])
    joined.append("".join(pieces))
    return "".join(joined)


#: Pieces of its output :func:`sub_runs` joins at once.
_PIECES_AT_ONCE = 4096


class Memo(dict[str, str]):
    """``fix`` of runs, remembered for short ones (looked up from C by ``map``).

    >>> memo = Memo(str.upper)
    >>> list(map(memo.__getitem__, ["a,", "a,"])), dict(memo)
    (['A,', 'A,'], {'a,': 'A,'})
    """

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


def mark_positions(text: str) -> list[int]:
    """The position of every mark of a run in ``text``: anchors for :func:`sub_runs` that
    miss no run (the rules pass fewer, the marks they change).

    >>> mark_positions("你好,世界!")
    [2, 5]
    """
    return [i for i, c in enumerate(text) if c in MARK_SET]


def match_starts(
    patterns: Iterable[tuple[str, re.Pattern[str]]], text: str, limit: int | None
) -> Sequence[int] | None:
    """Sorted start positions of the matches of ``patterns`` (each searched only when
    its first character is in ``text``); None when more than ``limit``.

    >>> patterns = [(",", re.compile(",")), ("!", re.compile("!"))]
    >>> list(match_starts(patterns, "a,b!c,", None)), match_starts(patterns, "a,b!c,", 2)
    ([1, 3, 5], None)
    """
    if limit is None:  # as an array of them: 8 bytes a match, not 36
        scans = [
            array("q", map(_START, pattern.finditer(text))) for first, pattern in patterns if first in text
        ]
        if len(scans) <= 1:
            return scans[0] if scans else array("q")
        merged = array("q")
        merged.frombytes(
            np.sort(np.concatenate([np.frombuffer(scan, dtype=np.int64) for scan in scans])).tobytes()
        )
        return merged
    found: list[int] = []
    for first, pattern in patterns:
        if first in text:
            for m in pattern.finditer(text):
                found.append(m.start())
                if len(found) > limit:
                    return None
    found.sort()
    return found


_START = operator.methodcaller("start")
