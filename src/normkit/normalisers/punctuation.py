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
import re
from collections.abc import Callable

import regex

from .._context import Context
from .._normaliser import SAFE_PROFILES, Normaliser
from .._stage import Stage
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
_EMOTICON = regex.compile(
    r"(?:[:;=8][-'^]?[)(\]\[DPpOo3/\\|*](?![A-Za-z])|\^[_.-]?\^|(?<![A-Za-z])[xX]D\b|T_T|>_<|-_-|o_O|O_o)"
)


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
        # A lone ASCII mark between two Han characters: by far the most common damage,
        # and always a Chinese run that no protected span or emoticon can hold (those
        # are ASCII; code in backticks and IRIs are ruled out by the caller).
        # Then runs of two marks with an ASCII one between two Han characters
        # (``队”,筑``, ``作,“我``). Each pattern starts with its ASCII mark, which
        # ``re`` finds far faster than any character class.
        self.width_between_han = tuple(
            (
                mark,
                full,
                re.compile(rf"{m}(?<=[{han}]{m})(?=[{han}])"),
                re.compile(
                    rf"{m}[,;:!?{CJK_PUNCT}](?<=[{han}]..)(?=[{han}])|{m}(?<=[{han}][{CJK_PUNCT}]{m})(?=[{han}])"
                ),
            )
            for mark, full in zip(",;:!?", "，；：！？", strict=True)
            for m in [re.escape(mark)]
        )
        # A run of exactly two marks between two Han characters, as ``中,,文``: the
        # common case of doubled punctuation, safe for the same reasons.
        self.pair_between_han = re.compile(rf"[,，。、；：][,，。、；：！？;:!?](?<=[{han}]..)(?=[{han}])")
        self.collapsed_pairs = {pair: _collapse(pair) for pair in _DOUBLED_PAIRS}


_exact = functools.cache(_Exact)


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


def sub_runs(
    pattern: re.Pattern[str],
    text: str,
    ctx: Context,
    fix: Callable[[str], str],
    drop_spaces: bool = False,
    anchors: str = "",
) -> str:
    """Replace every Chinese run matched by ``pattern`` (see :func:`run_pattern`) by ``fix(run)``.

    With ``drop_spaces``, spaces after a changed run go when Chinese follows them
    (full-width marks carry their own spacing). Runs touching a protected span or an
    emoticon stay. ``anchors``: characters of which every run the pattern matches holds
    one; when they are rare, only the runs around them are matched, instead of scanning
    the text for runs.
    """
    analysis = ctx.analysis(text)
    is_cjk = _exact().cjk

    def replace(m: re.Match[str]) -> str:
        run = m.group("run")
        fixed = fix(run)
        if fixed == run:
            return m.group()
        start, end = m.span("run")
        if not is_chinese_run(text, start, end) or analysis.is_protected(start, end):
            return m.group()
        if _touches_emoticon(analysis, start, end):
            return m.group()
        space = m.group("space")
        if space and not (drop_spaces and is_cjk.match(text, m.end())):
            return fixed + space
        return fixed

    at = _anchor_positions(text, anchors) if anchors else None
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


def _anchor_positions(text: str, anchors: str) -> list[int] | None:
    """Sorted positions of ``anchors`` in ``text``; None when they are too many to be
    worth a Python step each."""
    found: list[int] = []
    limit = len(text) // 32 + 8
    for char in anchors:
        at = text.find(char)
        while at >= 0:
            found.append(at)
            if len(found) > limit:
                return None
            at = text.find(char, at + 1)
    found.sort()
    return found


# ---------------------------------------------------------------------------- width

_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？"})
_WIDTH_RUN = run_pattern(r"[,;:!?]")
# Innermost pairs of ASCII brackets on one line.
_PAREN = re.compile(r"\((?P<inner>[^()\n]{1,200}+)\)")
_HAS_CJK = regex.compile(rf"[{CJK}]")
_WORDISH = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .%·&-]{0,40}+")
_PINYIN_ONLY = regex.compile(rf"(?i)(?:{PINYIN_SYLLABLE}[ \t]?){{1,6}}+")
_IS_CJK = regex.compile(rf"[{CJK}]")


# A comma before another mark is spurious: it is left for ``punctuation.doubled``.
_SPURIOUS_COMMA = re.compile(r",(?=[,，。、；：！？;:!?])")


def _widen(run: str) -> str:
    if len(run) == 1 or "," not in run:
        return run.translate(_FULL)
    if len(run) <= 8:  # short runs repeat all over a page: remember them
        return _widen_short(run)
    kept = _SPURIOUS_COMMA.sub("\0", run).translate(_FULL)
    return kept.replace("\0", ",")


@functools.lru_cache(maxsize=1024)
def _widen_short(run: str) -> str:
    return _SPURIOUS_COMMA.sub("\0", run).translate(_FULL).replace("\0", ",")


def _convert_paren(m: re.Match[str]) -> str:
    inner = m.group("inner")
    if _PINYIN_ONLY.fullmatch(inner):  # 曲(qū): phonetic annotation, not prose brackets
        return m.group()
    exact = _exact()
    if exact.cjk.search(inner):
        return f"（{inner}）"
    text = m.string
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else "\n"
    # 世界卫生组织(WHO)的: a word or number glossed in brackets inside Chinese prose.
    if (
        before
        and exact.han.match(before)
        and (after == "\n" or exact.cjk.match(after))
        and _WORDISH.fullmatch(inner)
    ):
        return f"（{inner}）"
    return m.group()


def _widen_between_han(text: str) -> str:
    """``text`` with every lone ASCII mark between two Han characters made full-width,
    then every run of two marks there (one of them ASCII) widened.

    Exactly what :func:`sub_runs` does to those runs (Chinese, and too far from any
    ASCII letter or digit to touch a protected span or an emoticon), with no Python call
    per lone mark; it changes nothing :func:`sub_runs` looks at for the other runs
    (their characters, neighbours, protected spans and emoticons), and ``_widen`` is
    idempotent, so running it first changes no result.
    """
    patterns = _exact().width_between_han
    for mark, full, lone, _ in patterns:
        if mark in text:
            text = lone.sub(full, text)
    for mark, _, _, pair in patterns:
        if mark in text:
            text = pair.sub(_widen_match, text)
    return text


def _widen_match(m: re.Match[str]) -> str:
    return _widen(m.group())


def _convert_brackets(text: str, ctx: Context) -> str:
    if "(" not in text or ")" not in text:
        return text
    analysis = ctx.analysis(text)

    def convert(m: re.Match[str]) -> str:
        # The brackets themselves must be free: (2.5%) holds a protected number.
        if analysis.is_protected(m.start()) or analysis.is_protected(m.end() - 1):
            return m.group()
        return _convert_paren(m)

    return _PAREN.sub(convert, text)


class Width(Normaliser):
    """Make ``, ; : ! ? ( )`` full-width where they stand in Chinese text.

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
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if not any(mark in text for mark in ",;:!?()") or not _exact().cjk.search(text):
            return text
        new = _widen_between_han(text) if ctx.analysis(text).spans_in_islands else text
        # One pass over the runs is complete (runs are independent); a bracket made
        # full-width can make its neighbouring run Chinese, hence the loop.
        while True:
            if any(mark in new for mark in ",;:!?"):
                new = sub_runs(_WIDTH_RUN, new, ctx, _widen, drop_spaces=True, anchors=",;:!?")
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
_DOUBLED_PAIRS = [a + b for a in ",，" for b in ",，。、；：！？;:!?"] + ["。。", "、、", "；；", "：："]
# _DOUBLED_PAIRS as patterns that ``re`` searches by their first character.
_HAS_DOUBLED = tuple(
    re.compile(p)
    for p in (r",[,，。、；：！？;:!?]", r"，[,，。、；：！？;:!?]", "。。", "、、", "；；", "：：")
)


def _collapse_pairs_between_han(text: str) -> str:
    """``text`` with every run of two marks between Han characters collapsed, exactly as
    :func:`sub_runs` would (see :func:`_widen_between_han`)."""
    exact = _exact()
    table = exact.collapsed_pairs
    return exact.pair_between_han.sub(lambda m: table.get(m.group(), m.group()), text)


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
        if not any(p.search(text) for p in _HAS_DOUBLED):
            return text
        new = _collapse_pairs_between_han(text) if ctx.analysis(text).spans_in_islands else text
        if any(p.search(new) for p in _HAS_DOUBLED):
            new = sub_runs(_DOUBLED_RUN, new, ctx, _collapse)
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
_ENDS_OPEN = regex.compile(rf"[{HAN}]$|[”’」』]$")
_HAS_CLAUSE_MARK = regex.compile(rf"[，；、]|(?<=[{HAN}])[,;]")
_LIST_ITEM = regex.compile(
    r"^(?:[-*•·●◆◇■□▪►→※]|\d{1,3}[.、)）]|[(（][\d一二三四五六七八九十]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}[、.]|第[\d一二三四五六七八九十百]{1,4}[章节條条款部篇])"
)
_CAPTION = regex.compile(r"^(?:图|圖|图片|圖片|照片|视频|視頻)(?:[为為：:]|\d)|(?:摄|攝|供图|供圖|图|圖)$")
_CAPTION_START = regex.compile(r"(?:图|圖|图片|圖片|照片|视频|視頻)(?:[为為：:]|\d)")
_CAPTION_ENDS = ("摄", "攝", "供图", "供圖", "图", "圖")


def _is_caption(line: str) -> bool:
    """``_CAPTION.search(line)`` for a line without a newline, without scanning it."""
    return line.endswith(_CAPTION_ENDS) or _CAPTION_START.match(line) is not None


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
        and not _LIST_ITEM.match(line)
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
        if "。" in text or len(_CHINESE_COMMA.findall(text)) < opts.min_commas:
            return text
        lines = text.split("\n")
        stripped = [line.rstrip(" \t") for line in lines]
        long_para = [_is_paragraph(s.lstrip(" \t\u3000"), opts.min_length) for s in stripped]
        nonblank = [i for i, s in enumerate(stripped) if s.strip()]
        changed = False
        for k, i in enumerate(nonblank):
            closed = stripped[i]
            if self._ends_paragraph(k, nonblank, stripped, long_para):
                closed = _close(closed)
            if opts.inside_paragraph and long_para[i]:
                closed = _INNER_BOUNDARY.sub(lambda m: f"“{m.group('inner')}。”", closed)
            if closed != stripped[i]:
                lines[i] = closed + lines[i][len(stripped[i]) :]
                changed = True
        return "\n".join(lines) if changed else text

    def _ends_paragraph(
        self, k: int, nonblank: list[int], stripped: list[str], long_para: list[bool]
    ) -> bool:
        """Whether the ``k``-th non-blank line is a body paragraph that lacks its final mark."""
        i = nonblank[k]
        body = stripped[i].lstrip(" \t\u3000")
        if not _ends_open(body) or _LIST_ITEM.match(body) or _is_caption(body):
            return False
        if long_para[i]:
            return True
        # A short line closes the text when a paragraph precedes it and none follows
        # it; between two paragraphs it may be a heading.
        if not _has_clause_mark(body):
            return False
        prev_para = k > 0 and long_para[nonblank[k - 1]]
        next_para = k + 1 < len(nonblank) and long_para[nonblank[k + 1]]
        return prev_para and not next_para


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Ellipsis)
    register(Doubled)
    register(Width)
    register(Quotes)
    register(Final)
