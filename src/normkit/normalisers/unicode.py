"""Character-level clean-up: invisible controls and odd spaces (stages ``decode``, ``unicode``)."""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata

import regex

from .._context import Context
from .._normaliser import ALL_PROFILES, Normaliser, Stage
from ..hookspecs import hookimpl

# Pre-checks use the standard library's ``re``: for a plain character class its search is
# several times faster than ``regex``'s, and clean text is the common case.

# C0 and C1 controls except tab, newline and carriage return (made a newline below),
# the BOM / zero-width no-break space, zero-width space, word joiner, and noncharacters.
_INVISIBLE = (
    [c for c in range(0x00, 0x20) if c not in (0x09, 0x0A, 0x0D)]
    + list(range(0x7F, 0xA0))
    + [0xFEFF, 0x200B, 0x2060, 0xFFFE, 0xFFFF]
)
_DELETE_INVISIBLE = dict.fromkeys(_INVISIBLE)
# The latin-1 bytes that are not invisible here (nor ``\r``), and the invisible characters
# beyond latin-1, for a pre-check of substring tests and C loops.
_VISIBLE_BYTES = bytes(b for b in range(256) if b not in _INVISIBLE and b != 0x0D)
_WIDE_INVISIBLE = "".join(chr(c) for c in _INVISIBLE if c > 0xFF) + "\u200d"
_HAS_INVISIBLE = re.compile("[" + "".join(regex.escape(chr(c)) for c in _INVISIBLE) + "]")
# A zero-width joiner is content between two emoji (👩‍💻); anywhere else it is noise.
_EMOJI = r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3]"
_LINE_END = re.compile(r"\r\n?")
_STRAY_ZWJ = regex.compile(rf"(?<!{_EMOJI})\u200d|\u200d(?!\p{{Extended_Pictographic}})")


class Controls(Normaliser):
    """Remove control characters, stray BOMs and zero-width spaces.

    >>> Controls()("第一\\u200b行\\ufeff\\x07")
    '第一行'
    >>> Controls()("👩\\u200d💻")
    '👩\\u200d💻'
    """

    name = "unicode.controls"
    stage = Stage.DECODE
    description = (
        "Remove control characters, stray BOMs and zero-width spaces; keep emoji joiners; unify line ends."
    )
    profiles = ALL_PROFILES
    examples = (
        ("第一\u200b行\ufeff", "第一行"),
        ("a\x00b\x1bc", "abc"),
        ("中\u200d文", "中文"),
        ("Windows\r\nand old Mac\rline ends", "Windows\nand old Mac\nline ends"),
    )
    keeps = (
        "第一行\n第二行\t制表",
        "👩\u200d💻 程序员 👨\u200d👩\u200d👧",
        "ﾊﾝｶｸ 全角ＡＢＣ 𠀀𪚥",
        "Unix line\nend",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if ctx.analysis(text).printable or not _may_hold_invisible(text):  # shared with unicode.spaces
            return text
        if _HAS_INVISIBLE.search(text):
            text = text.translate(_DELETE_INVISIBLE)
        if "\u200d" in text:
            text = _STRAY_ZWJ.sub("", text)
        if "\r" in text:  # line ends first, so every line-based step sees the same lines
            text = _LINE_END.sub("\n", text)
        return text


def _may_hold_invisible(text: str) -> bool:
    """Whether ``text`` holds an invisible character, a zero-width joiner or ``\\r``: its
    latin-1 characters, kept by an encoder that drops the others, less the visible ones,
    and substring tests for the rest."""
    if text.encode("latin-1", "ignore").translate(None, _VISIBLE_BYTES):
        return True
    return any(char in text for char in _WIDE_INVISIBLE)


# Spaces that are layout, not content: no-break, the typographic spaces, narrow and
# medium mathematical spaces, the ideographic space.
_ODD = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Spelt out one character at a time: ``re`` then tests the class with one bitmap instead
# of range after range.
_HAS_ODD = re.compile(
    "[" + "".join(["\u00a0\u1680", *map(chr, range(0x2000, 0x200B)), "\u202f\u205f\u3000"]) + "]"
)
_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3001-\u303f\uff00-\uffef"
# An ideographic space between two CJK characters separates them on purpose (a title
# from an author, the parts of a name): with ``keep_cjk_separator`` it stays.
_CJK_SEPARATOR = regex.compile(rf"(?<=[{_CJK}])\u3000++(?=[{_CJK}])|([{_ODD}]++)")
_ANY_ODD = regex.compile(f"[{_ODD}]")


@dataclasses.dataclass(frozen=True)
class SpacesOptions:
    """Which spaces ``unicode.spaces`` keeps.

    >>> Spaces(keep_cjk_separator=False)("作者\\u3000张三")
    '作者 张三'
    """

    #: Keep an ideographic space that stands between two CJK characters.
    keep_cjk_separator: bool = True


class Spaces(Normaliser):
    """Turn no-break, ideographic and other odd spaces into plain spaces.

    Indentation made of them becomes plain spaces, which ``layout.whitespace`` then
    strips. An ideographic space between two CJK characters is kept (option), and so are
    the gaps of a table aligned with ideographic spaces (:func:`table_gaps`).

    >>> Spaces()("10\\u00a0000 km\\u2009")
    '10 000 km '
    >>> Spaces()("作者\\u3000张三")
    '作者\\u3000张三'
    """

    name = "unicode.spaces"
    stage = Stage.UNICODE
    description = "Make no-break, ideographic and other odd spaces plain spaces, except CJK separators."
    profiles = ALL_PROFILES
    Options = SpacesOptions
    examples = (
        ("10\u00a0000\u2009km", "10 000 km"),
        ("\u3000\u3000第一段", "  第一段"),
        ("标题\u3000\n", "标题 \n"),
    )
    keeps = (
        "作者\u3000张三",
        "普通 文本 with spaces",
        "第一行\n\t第二行",
        "nr\u3000\u3000人名\nns\u3000\u3000地名\nnt\u3000\u3000机构团体",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if ctx.analysis(text).printable or not _HAS_ODD.search(text):
            return text
        if not self.options.keep_cjk_separator:
            return _ANY_ODD.sub(" ", text)
        gaps = table_gaps(text) if _INNER_IDEOGRAPHIC.search(text) else []
        if not gaps:
            return _CJK_SEPARATOR.sub(_plain_unless_separator, text)
        bounds = [0, *(x for gap in gaps for x in gap), len(text)]
        pieces = [text[a:b] for a, b in itertools.pairwise(bounds)]
        pieces[::2] = [_CJK_SEPARATOR.sub(_plain_unless_separator, piece) for piece in pieces[::2]]
        return "".join(pieces)


# A row of a table aligned with ideographic spaces: its indentation (group 1), a first cell
# (single spaces inside it), then its first gap of two spaces or more (group 2), which must
# hold an ideographic one, then text.
_TABLE_ROW = re.compile(r"([ \u3000]*)[^\s](?:[^\s]| (?=[^\s]))*([ \u3000]{2,})(?=[^\s])")
# An ideographic space after a visible character or an ASCII space: the first of a table's
# gap is one (indentation of ideographic spaces alone has none).
_INNER_IDEOGRAPHIC = re.compile(r"\u3000(?:(?<=[^\s]\u3000)|(?<= \u3000))")
#: Fewest consecutive rows a table aligned with ideographic spaces has.
_MIN_TABLE_ROWS = 3


def _display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: two for wide and full-width characters."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table_gaps(text: str) -> list[tuple[int, int]]:
    """The gaps of tables aligned with ideographic spaces, as sorted ``(start, end)`` ranges.

    A row is a line with a first cell, then a first gap of two spaces or more that holds
    an ideographic space, then text. Three consecutive rows or more whose second cells
    start within one display column of each other (an ideographic space is two columns
    wide: authors miss by one) are a table: its gaps are layout that aligns it, and made
    plain they no longer do. Rows are taken from the top, a table ending at the first row
    that would widen its columns past one. A list marker set off by one ideographic space
    (``1.\\u3000第一条``) has no gap; indented paragraphs have no first cell before one.

    >>> rows = "n\\u3000\\u3000\\u3000普通名词\\nnt\\u3000 \\u3000时间名词\\nnhf\\u3000\\u3000姓"
    >>> table_gaps(rows)
    [(1, 4), (11, 14), (22, 24)]
    >>> table_gaps("\\u3000\\u3000第一段\\n\\u3000\\u3000第二段\\n\\u3000\\u3000第三段")
    []
    """
    gaps: list[tuple[int, int]] = []
    table: list[tuple[int, int]] = []  # the gaps of the table being read
    low = high = 0  # the columns its second cells start at
    start = 0
    for line in [*text.split("\n"), ""]:
        m = _TABLE_ROW.match(line) if "\u3000" in line else None
        row = m is not None and "\u3000" in m.group(2)
        if m is not None and row:
            # The indentation counted as the plain spaces it becomes, so that a second
            # pass measures the same columns.
            column = m.end(1) + _display_width(line[m.end(1) : m.end()])
            gap = (start + m.start(2), start + m.end(2))
            if table and max(high, column) - min(low, column) <= 1:
                table.append(gap)
                low, high = min(low, column), max(high, column)
            else:
                if len(table) >= _MIN_TABLE_ROWS:
                    gaps.extend(table)
                table, low, high = [gap], column, column
        else:
            if len(table) >= _MIN_TABLE_ROWS:
                gaps.extend(table)
            table = []
        start += len(line) + 1
    return gaps


def _plain_unless_separator(m: regex.Match[str]) -> str:
    odd = m.group(1)
    return m.group() if odd is None else " " * len(odd)


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Controls)
    register(Spaces)
