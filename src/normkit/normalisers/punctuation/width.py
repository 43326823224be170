"""``punctuation.width``: half-width ``, ; : ! ? ( )`` made full-width in Chinese text.

A mark is widened inside a Chinese run (:mod:`.runs`) that touches no protected span or
emoticon; brackets become full-width around Chinese, or around a word or number that
glosses Chinese prose (never around pinyin); ``!`` and ``?`` glued inside a name stay.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence

import regex

from ..._context import Context
from ..._normaliser import SAFE_PROFILES, Normaliser, Stage
from ...tokens import CJK_PUNCT
from .doubled import ellipsis_view
from .runs import (
    CHANGING_MARK,
    CJK,
    FEW_MARKS,
    PINYIN_SYLLABLE,
    SPURIOUS_NEXT,
    Memo,
    exact,
    has_cjk,
    match_starts,
    run_pattern,
    sub_runs,
)

__all__ = ["Width", "held_marks", "mention_marks", "name_marks", "reference_marks"]


class _Patterns:
    """The width rule's patterns over Han and kana (see :class:`.runs.Exact`)."""

    def __init__(self) -> None:
        han = exact().han_chars
        cjk = exact().cjk_chars
        self.free_runs = tuple((mark, _free_run_pattern(mark, cjk)) for mark in ",;:!?")
        # A mark ``_widen`` changes (a comma only when not spurious) with Han, kana or
        # another mark beside it: else it is a run of its own outside Chinese text.
        beside = rf"[{cjk},;:!?.()\"'{CJK_PUNCT}]"
        self.changing_marks = tuple(
            (mark, re.compile(rf"{x}{spurious}(?:(?<={beside}{x})|(?={beside}))"))
            for mark in ",;:!?"
            for x in [re.escape(mark)]
            for spurious in [f"(?!{SPURIOUS_NEXT})" if mark == "," else ""]
        )
        # A lone comma in Chinese text (the commonest damage by far), as the negation of
        # ``_free_run_pattern(",")``'s simplest shape: a comma between two hard characters
        # that are not marks, one of them Han or kana. Splitting at every other comma
        # leaves pieces where every comma is one to widen.
        na, cp = r"\x00-\x09\x0b-\x7f", CJK_PUNCT
        self.not_lone_comma = re.compile(rf",(?!(?<![{na}{cp}],)(?![{na}{cp}])(?:(?<=[{cjk}],)|(?=[{cjk}])))")
        # The ``_PAREN`` matches whose brackets may become full-width: they hold Han,
        # kana or a full-width mark (never pinyin), or they gloss a word or number inside
        # Chinese prose (世界卫生组织(WHO)的; pinyin to rule out still). Each is the span
        # ``_PAREN`` matches, as innermost pairs cannot overlap.
        self.paren_to_convert = re.compile(
            rf"\((?:(?=[^()\n]{{0,199}}[{cjk}{CJK_PUNCT}])(?P<chinese>[^()\n]{{1,200}}+)"
            rf"|(?<=[{han}]\()(?P<word>[A-Za-z0-9][A-Za-z0-9 .%·&-]{{0,40}}+)(?=\)(?:\n|\Z|[{cjk}{CJK_PUNCT}])))\)"
        )


_patterns = functools.cache(_Patterns)


def _free_run_pattern(mark: str, cjk: str) -> re.Pattern[str]:
    """Whole runs of marks that are Chinese, hold no bracket, hold a mark ``_widen``
    changes and that :func:`free_by_neighbours` proves free, captured from ``mark``,
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
    changes = rf"(?:(?!{SPURIOUS_NEXT})|(?=[{m}]*?{CHANGING_MARK}))" if mark == "," else ""
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


_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？"})
_WIDTH_RUN = run_pattern(r"[,;:!?]")
# Innermost pairs of ASCII brackets on one line (``_Patterns.paren_to_convert`` finds those
# to convert), and the word or number that a pair may gloss in Chinese prose.
_PAREN = re.compile(r"\((?P<inner>[^()\n]{1,200}+)\)")
_HAS_CJK = regex.compile(rf"[{CJK}]")
_WORDISH = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .%·&-]{0,40}+")
_PINYIN_ONLY = regex.compile(rf"(?i)(?:{PINYIN_SYLLABLE}[ \t]?){{1,6}}+")
_IS_CJK = regex.compile(rf"[{CJK}]")


# A comma before another mark is spurious: it is left for ``punctuation.doubled``.
_SPURIOUS_COMMA = re.compile(rf",(?={SPURIOUS_NEXT})")


def _widen(run: str) -> str:
    """``run`` with ``, ; : ! ?`` full-width, but for spurious commas."""
    if "," not in run:
        return run.translate(_FULL)
    return _SPURIOUS_COMMA.sub("\0", run).translate(_FULL).replace("\0", ",")


_WIDENED = Memo(_widen)
_WIDEN_COMMAS = operator.methodcaller("replace", ",", "，")


def _widen_free_runs(text: str) -> str:
    """``text`` with every run of ``_Patterns.free_runs`` widened.

    Exactly what :func:`sub_runs` does to those runs (they are Chinese, and no protected
    span or emoticon touches them), with no Python call per run. It changes nothing
    :func:`sub_runs` looks at for the other runs: it turns ASCII marks between hard
    characters, or at the edge of ASCII text that no span or emoticon reaches, into
    full-width ones, so their characters, neighbours, protected spans and emoticons
    stay; and ``_widen`` is idempotent, so running it first changes no result.
    ``_widen`` changes each mark by itself and the next, so the marks after a run's
    first full-width one are widened alone.
    """
    patterns = _patterns()
    if "," in text:
        text = ",".join(map(_WIDEN_COMMAS, patterns.not_lone_comma.split(text)))
    for mark, pattern in patterns.free_runs:
        if mark in text:
            parts = pattern.split(text)
            if len(parts) > 1:
                parts[1::2] = map(_WIDENED.__getitem__, parts[1::2])
                text = "".join(parts)
    return text


def _changing_positions(text: str, limit: int | None = None) -> Sequence[int] | None:
    """Sorted positions of the marks ``_widen`` changes, but for lone marks outside
    Chinese text (``5:00``, ``a,b``: their runs stay as they are); None when more than
    ``limit``."""
    return match_starts(_patterns().changing_marks, text, limit)


def _widen_runs(text: str, ctx: Context) -> str:
    """:func:`sub_runs` with ``_widen`` over the runs around the marks it changes. With
    many of them, in a text whose protected spans lie in ASCII islands (most text), a
    pass per mark first widens the free runs with no Python call per run."""
    at = None if text.count(",") > FEW_MARKS else _changing_positions(text, FEW_MARKS)
    # The free-run pass adds no code or IRI, so the new text's spans stay in islands.
    islands = at is None and ctx.analysis(text).spans_in_islands
    if islands:
        text = _widen_free_runs(text)
    if at is None:
        at = _changing_positions(text)
    if not at:
        return text
    return sub_runs(_WIDTH_RUN, text, ctx, _widen, at=at, drop_spaces=True, spans_in_islands=islands or None)


def _convert_brackets(text: str, ctx: Context) -> str:
    if "(" not in text or ")" not in text:
        return text
    analysis = ctx.analysis(text)
    # Decided on the text as ``punctuation.ellipsis`` will write it (``(...)`` holds a
    # Chinese mark when its dots become ``……``), changed in ``text``: the view keeps
    # every position.
    view = ellipsis_view(text, ctx)

    def convert(m: re.Match[str]) -> str:
        word = m.group("word")
        if word is not None and _PINYIN_ONLY.fullmatch(word):  # 曲(qū): phonetic annotation
            return text[m.start() : m.end()]
        # The brackets themselves must be free: (2.5%) holds a protected number.
        if analysis.is_protected(m.start()) or analysis.is_protected(m.end() - 1):
            return text[m.start() : m.end()]
        return f"（{text[m.start() + 1 : m.end() - 1]}）"

    if view is text:
        return _patterns().paren_to_convert.sub(convert, text)
    pieces = []
    done = 0
    for m in _patterns().paren_to_convert.finditer(view):
        pieces.append(text[done : m.start()])
        pieces.append(convert(m))
        done = m.end()
    pieces.append(text[done:])
    return "".join(pieces)


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
_HOLD = {"!": "\ue000", "?": "\ue001", ":": "\ue002", ";": "\ue003"}
_RELEASE = str.maketrans({"\ue000": "!", "\ue001": "?", "\ue002": ":", "\ue003": ";"})
# The semicolons of a character reference left in the text (``&lt;I&gt;表示``, kept
# by ``markup.entities`` in code or in a text about markup) are part of it.
_AFTER_REFERENCE = re.compile(r"[A-Za-z0-9\s]")
_REFERENCE = re.compile(r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# The colon of a mention (``//@钱旭明QXM:杨大哥``, ``回复@张三: 谢谢``): the handle, glued to
# its ``@`` (no letter, digit or ``@`` before it), and the colon glued to the handle.
_MENTION_COLON = regex.compile(r"(?<![A-Za-z0-9_.@])@[\p{Han}\p{Hiragana}\p{Katakana}A-Za-z0-9_-]{1,30}+(:)")


def mention_marks(text: str) -> list[int]:
    """Positions of the colons that end a mention: the syntax of social-media reposts
    and replies, written half-width by the platform.

    >>> mention_marks("转发理由 //@钱旭明QXM:杨大哥"), mention_marks("邮件 me@example.com:请回复")
    ([14], [])
    """
    return [m.start(1) for m in _MENTION_COLON.finditer(text)] if "@" in text else []


def held_marks(text: str) -> list[int]:
    """Positions of the marks the width rule leaves as they are: inside names
    (:func:`name_marks`), ending a mention (:func:`mention_marks`), inside a character
    reference (:func:`reference_marks`).

    >>> held_marks("Oops!新鮮事 //@甲:乙 &gt;丙")
    [4, 13, 19]
    """
    return name_marks(text) + mention_marks(text) + reference_marks(text)


def reference_marks(text: str) -> list[int]:
    """Positions of the semicolons of character references, encoded once or more, that
    Chinese text after them would widen (not before a letter, a digit or a space).

    >>> reference_marks("用 &lt;I&gt;表示斜体"), reference_marks("&amp;lt;说明 &gt; b")
    ([10], [4, 7])
    """
    if "&" not in text:
        return []
    return [
        m.start() + k
        for m in _REFERENCE.finditer(text)
        if m.end() < len(text) and not _AFTER_REFERENCE.match(text, m.end())
        for k, c in enumerate(m.group())
        if c == ";"
    ]


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
    is_han = exact().han
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
        "转发 //@人民日报:今天发布",
        "HTML 里用 &lt;I&gt;表示斜体",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if not any(mark in text for mark in ",;:!?()") or not has_cjk(text):
            return text
        held = text
        if any(c in text for c in "!?@&") and not any(c in text for c in _HOLD.values()):
            marks = held_marks(text)
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
