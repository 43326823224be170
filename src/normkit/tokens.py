"""The tokenising core: typed character runs, lines, sentences and protected spans.

Everything here works on whole strings with compiled patterns; there is no
per-character Python loop. One :class:`Analysis` is computed per text and shared by
every normaliser through the context while the text does not change.

>>> [(r.kind.name, r.text) for r in tokenize("第1行 OK。")]
[('HAN', '第'), ('DIGIT', '1'), ('HAN', '行'), ('SPACE', ' '), ('LATIN', 'OK'), ('CJK_PUNCT', '。')]
"""

from __future__ import annotations

import bisect
import enum
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import regex

from ._blocks import split_lines
from ._cache import cached_bytes
from .codespans import code_blocks, code_spans

__all__ = [
    "CJK_PUNCT",
    "HAN",
    "Analysis",
    "Kind",
    "Run",
    "Span",
    "char_ranges",
    "run_table",
    "tokenize",
]


class Kind(enum.IntEnum):
    """The class of a run of characters. Values are the pattern's group numbers.

    >>> [Kind(k).name for k in run_table("中，a1")[0]]
    ['HAN', 'CJK_PUNCT', 'LATIN', 'DIGIT']
    """

    HAN = 1
    KANA = 2
    HANGUL = 3
    LATIN = 4
    DIGIT = 5
    CJK_PUNCT = 6
    ASCII_PUNCT = 7
    SPACE = 8
    NEWLINE = 9
    OTHER = 10


#: Character class of Han ideographs (with the iteration and zero marks 々 〇).
HAN = r"\p{Han}々〇"
#: Full-width and CJK punctuation: the CJK symbols block, full-width forms, general
#: punctuation used in Chinese (quotes, dashes, ellipsis) and the middle dot.
CJK_PUNCT = (
    r"\u3001-\u3003\u3008-\u3011\u3014-\u301f\u30fb"
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    r"\u2014-\u201f\u2026\u2025\u00b7\ufe10-\ufe19\ufe30-\ufe4f"
)
_KANA = r"\p{Hiragana}\p{Katakana}ー"
_HANGUL = r"\p{Hangul}"
_LATIN = r"\p{Latin}\p{M}"
_DIGIT = r"\p{Nd}"
_ASCII_PUNCT = r"!-/:-@\[-`{-~"
_SPACE = r"\t\x0b\x0c\r \p{Zs}"


@dataclass(frozen=True, slots=True)
class Run:
    """A maximal run of characters of one kind, ``text[start:end]``.

    >>> tokenize("中文ab")[1]
    Run(kind=<Kind.LATIN: 4>, start=2, end=4, text='ab')
    """

    kind: Kind
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of a text, with what it is (``"url"``, ``"number"``, ...).

    >>> [(s.kind, s.start, s.end) for s in Analysis("见 https://e.cn/a 。").protected]
    [('url', 2, 16)]
    """

    start: int
    end: int
    kind: str


_CLASSES = (
    f"[{HAN}]",
    f"[{_KANA}]",
    f"[{_HANGUL}]",
    f"[{_LATIN}]",
    f"[{_DIGIT}]",
    f"[{CJK_PUNCT}]",
    f"[{_ASCII_PUNCT}]",
    f"[{_SPACE}]",
    r"\n",
)
#: Ranges classified one code point at a time: the BMP, the supplementary planes of Han,
#: and plane 14 (variation selectors). Every other code point is OTHER.
_CLASSIFIED_RANGES = ((0, 0x40000), (0xE0000, 0xF0000))
_TABLE_VERSION = 1


def _build_table() -> bytes:
    """One byte (a :class:`Kind`) per code point; earlier classes win."""
    table = np.full(0x110000, Kind.OTHER, dtype=np.uint8)
    for lo, hi in _CLASSIFIED_RANGES:
        chars = np.arange(lo, hi, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
        for kind, cls in reversed(list(enumerate(_CLASSES, start=1))):
            for m in regex.finditer(cls + "+", chars):
                table[lo + m.start() : lo + m.end()] = kind
    return table.tobytes()


@functools.cache
def _table() -> npt.NDArray[np.uint8]:
    key = f"kinds-{_TABLE_VERSION}-regex{regex.__version__}-ucd{unicodedata.unidata_version}.bin"
    data = cached_bytes(key, _build_table)
    if len(data) != 0x110000:  # a damaged cache file
        data = _build_table()
    return np.frombuffer(data, dtype=np.uint8)


@functools.cache
def char_ranges(*kinds: Kind, exclude: str = "") -> str:
    """The code points of ``kinds`` as the body of a character class for the standard ``re``.

    ``re`` has no Unicode properties, and scans a plain character class several times
    faster than ``regex`` does; these ranges make an ``re`` class that holds exactly
    the characters the tokeniser gives ``kinds`` (less ``exclude``). Built from the
    kind table on first use, then cached.

    >>> re.fullmatch(f"[{char_ranges(Kind.HAN)}]+", "第〇次々𠀀") is not None
    True
    """
    mask = np.isin(_table(), np.array([int(k) for k in kinds], dtype=np.uint8))
    for char in exclude:
        mask[ord(char)] = False
    edges = np.flatnonzero(np.diff(mask.view(np.int8), prepend=0, append=0))
    parts = []
    for lo, hi in zip(edges[::2].tolist(), (edges[1::2] - 1).tolist(), strict=True):
        parts.append(_escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}")
    return "".join(parts)


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def run_table(text: str) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.intp]]:
    """The runs of ``text`` as parallel arrays: kind codes and end offsets.

    This is the hot path: one vectorised pass (code points, table look-up, run
    boundaries) and no Python loop. :func:`tokenize` builds objects on top of it.

    >>> kinds, ends = run_table("中文ab")
    >>> [Kind(k).name for k in kinds], ends.tolist()
    (['HAN', 'LATIN'], [2, 4])
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = _table()[codes]
    ends = np.flatnonzero(kinds[1:] != kinds[:-1]) + 1
    if len(kinds):
        ends = np.append(ends, len(kinds))
    return kinds[ends - 1], ends


def tokenize(text: str) -> list[Run]:
    """Split ``text`` into typed runs that concatenate back to it.

    >>> "".join(r.text for r in tokenize("第1行 OK。")) == "第1行 OK。"
    True
    """
    kinds, ends = run_table(text)
    kind_of = _KINDS
    runs = []
    start = 0
    for kind, end in zip(kinds.tolist(), ends.tolist(), strict=True):
        runs.append(Run(kind_of[kind], start, end, text[start:end]))
        start = end
    return runs


_KINDS = {k.value: k for k in Kind}

# Protected spans: text that in-line normalisers must leave alone, in order of priority:
#   url     (?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]*[A-Za-z0-9/_=#%-]
#           or an IRI with non-ASCII characters (``http://例子.tw/頭髮``) when whitespace
#           delimits it (bounded lengths keep it linear)
#   email   [A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+
#   number  \d+(?:[:,.]\d+)+
#   code    `[^`\n]+`
#   latin   [A-Za-z][\w'’-]*(?:[ \t]*[,.;:!?()'"/&-]*[ \t]*[A-Za-z0-9][\w'’-]*)*[.!?]?
# Every one starts with an ASCII character of ``[A-Za-z0-9._%+\-`]``, so the pattern
# consumes that character first and each alternative checks it with a lookbehind: the
# standard ``re`` then skips the rest of the text with its first-character scan, several
# times faster than trying every alternative at every position (the spans are the same).
_URL_REST = r"[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]*[A-Za-z0-9/_=#%-]"
_IRI_STOP = "\\s\u3000，。、；：！？“”‘’（）《》【】"
_IRI_REST = (
    rf"[^\s\u3000\x80-\U0010ffff,;!()'\"<>]{{0,128}}[^\x00-\x7f{_IRI_STOP}]"
    rf"[^,;!()'\"<>{_IRI_STOP}]{{0,64}}(?=\s|$)"
)
_PROTECTED = re.compile(
    r"[A-Za-z0-9._%+\-`](?:"
    rf"(?P<url>(?:(?<=h)ttps?://|(?<=f)tp://){_IRI_REST}|(?:(?<=h)ttps?://|(?<=f)tp://|(?<=w)ww\.){_URL_REST})"
    r"|(?P<email>(?<=[A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?P<number>(?<=\d)\d*(?:[:,.]\d+)+)"
    r"|(?P<code>(?<=`)[^`\n]+`)"
    r"|(?P<latin>(?<=[A-Za-z])[\w'’-]*(?:[ \t]*[,.;:!?()'\"/&-]*[ \t]*[A-Za-z0-9][\w'’-]*)*[.!?]?)"
    r")",
    re.ASCII,
)
# Every IRI span holds this; without it, no protected span but code leaves an ASCII island.
_IRI_START = re.compile(
    rf"tps?://[^\s\u3000\x80-\U0010ffff,;!()'\"<>]{{0,128}}[^\x00-\x7f{_IRI_STOP}]", re.ASCII
)
# A Latin span only counts as protected when it has more than one word (``Hello, world``),
# or is code-like; single words carry no punctuation to protect.
_MULTIWORD = re.compile(r"[A-Za-z0-9][\s,.;:!?()'\"/&-]+[A-Za-z0-9]")

# A sentence: from a non-space character up to 。！？!?… (or a full stop followed by a
# space, for Latin text), with the closing quotes or brackets that follow; never across
# a newline. Possessive throughout, so the scan is linear.
_SENTENCE = regex.compile(
    r"[^\s](?:[^\n。！？!?….]++|\.(?![ \t\n]|$))*+(?:[。！？!?…]++|\.(?=[ \t\n]|$))?+[”’」』）)\]]*+",
    regex.M,
)


#: Calls of ``is_protected`` answered from the text around the range, before the whole list.
_LOCAL_CALLS = 24
#: Characters a protected span can start with.
_SPAN_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-`")
_ISLAND_END = re.compile("[^\x00-\x09\x0b-\x7f’]")


def in_ascii_island(char: str) -> bool:
    """Whether ``char`` belongs in :meth:`Analysis.ascii_island` stretches."""
    return (char < "\x80" and char != "\n") or char == "’"


def _protected_spans(text: str, start: int, end: int) -> list[Span]:
    spans = []
    for m in _PROTECTED.finditer(text, start, end):
        kind = m.lastgroup or "other"
        if kind == "latin" and not _MULTIWORD.search(m.group()):
            continue
        spans.append(Span(m.start(), m.end(), kind))
    return spans


class Analysis:
    """Shared analyses of one text, computed lazily and at most once each.

    >>> analysis = Analysis("第一句。第二句！\\n下一行")
    >>> analysis.lines, [analysis.text[s.start : s.end] for s in analysis.sentences]
    (['第一句。第二句！', '下一行'], ['第一句。', '第二句！', '下一行'])
    """

    __slots__ = ("__dict__", "text")

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def runs(self) -> list[Run]:
        """Typed runs as objects (see :func:`tokenize`)."""
        return tokenize(self.text)

    @cached_property
    def run_table(self) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.intp]]:
        """Typed runs as arrays of kinds and end offsets (see :func:`run_table`)."""
        return run_table(self.text)

    @cached_property
    def codes(self) -> npt.NDArray[np.uint32]:
        """The code point of every character, as an array indexed like the text."""
        return np.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)

    @cached_property
    def kinds(self) -> npt.NDArray[np.uint8]:
        """The :class:`Kind` of every character, as an array indexed like the text."""
        return _table()[self.codes]

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of the first character of every line (lines split on ``\\n``)."""
        starts = [0]
        starts.extend(m.end() for m in regex.finditer("\n", self.text))
        return starts

    @cached_property
    def printable(self) -> bool:
        """Whether every character but line breaks and tabs is printable
        (``str.isprintable``): then the text holds no control or format character, no
        space but the ASCII one, and no unassigned character or noncharacter."""
        return self.text.replace("\n", "").replace("\t", "").isprintable()

    @cached_property
    def lines(self) -> list[str]:
        """The lines, as ``text.split("\\n")`` (equal short lines of a long text one string:
        :func:`normkit._blocks.split_lines`)."""
        return split_lines(self.text)

    def line_of(self, offset: int) -> int:
        """Index (from 0) of the line holding ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences for Chinese and mixed text: cut after 。！？… (and closing quotes) and at newlines."""
        return [Span(m.start(), m.end(), "sentence") for m in _SENTENCE.finditer(self.text)]

    @cached_property
    def code(self) -> list[Span]:
        """Program code recognised by its syntax (:mod:`normkit.codespans`): blocks of
        whole lines and in-line calls such as ``print('你好')``."""
        return [Span(a, b, "code") for a, b in code_spans(self.text)]

    @cached_property
    def code_lines(self) -> frozenset[int]:
        """Indices (from 0) of the lines inside a block of code (:func:`code_blocks`)."""
        found: set[int] = set()
        for start, end in code_blocks(self.text):
            found.update(range(self.line_of(start), self.line_of(max(start, end - 1)) + 1))
        return frozenset(found)

    @cached_property
    def protected(self) -> list[Span]:
        """URLs, e-mail addresses, numbers with separators, code, and runs of Latin text:
        sorted and disjoint (a span inside code is part of the code)."""
        spans = _protected_spans(self.text, 0, len(self.text))
        code = self.code
        if not code:
            return spans
        merged: list[Span] = []
        for span in sorted(spans + code, key=lambda s: (s.start, s.kind != "code")):
            if merged and span.start < merged[-1].end:
                last = merged[-1]
                if span.end > last.end:
                    merged[-1] = Span(
                        last.start, span.end, "code" if "code" in (last.kind, span.kind) else last.kind
                    )
                elif span.kind == "code" and last.kind != "code":
                    merged[-1] = Span(last.start, last.end, "code")
                continue
            merged.append(span)
        return merged

    @cached_property
    def _protected_starts(self) -> list[int]:
        return [s.start for s in self.protected]

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The protected spans that overlap ``text[start:end]``, in order."""
        spans = self.protected
        i = bisect.bisect_right(self._protected_starts, end - 1)
        found = []
        while i > 0 and spans[i - 1].end > start:
            found.append(spans[i - 1])
            i -= 1
        return found[::-1]

    @cached_property
    def spans_in_islands(self) -> bool:
        """Whether every protected span lies inside one ASCII island: no code, no IRI."""
        text = self.text
        return (
            "`" not in text
            and not (":" in text and "/" in text and _IRI_START.search(text))
            and not self.code
        )

    def ascii_island(self, at: int) -> tuple[int, int]:
        """The maximal stretch around ``at`` of ASCII characters other than the newline (and
        ``’``), as ``(start, end)``: every protected span but code lies inside one.

        ``text[at]`` must be such a character. Each stretch is found once and cached.
        """
        found: list[tuple[int, int]] = self.__dict__.setdefault("_islands", [])
        i = bisect.bisect_right(found, (at, len(self.text) + 1)) - 1
        if i >= 0 and found[i][0] <= at < found[i][1]:
            return found[i]
        text = self.text
        start = at
        while start > 0 and in_ascii_island(text[start - 1]):
            start -= 1
        stop = _ISLAND_END.search(text, at)
        island = (start, stop.start() if stop else len(text))
        found.insert(i + 1, island)
        return island

    def _island_spans(self, island: tuple[int, int]) -> list[Span]:
        """The protected spans inside ``island``: scanning it alone finds the same ones as
        scanning the whole text, as no span but code and IRIs crosses its ends."""
        cache: dict[tuple[int, int], list[Span]] = self.__dict__.setdefault("_island_spans_cache", {})
        spans = cache.get(island)
        if spans is None:
            start, end = island
            if end - start <= 8 and not any(c in _SPAN_FIRST for c in self.text[start:end]):
                spans = []
            else:
                spans = _protected_spans(self.text, start, end)
            cache[island] = spans
        return spans

    def is_protected(self, start: int, end: int | None = None) -> bool:
        """Whether ``text[start:end]`` (or the character at ``start``) overlaps a protected span.

        Cheap for a few calls: until the whole list is needed, only the stretches of
        ASCII text around ``start:end`` are scanned; past a handful of calls the whole
        list is computed once and searched.
        """
        end = start + 1 if end is None else end
        if end <= start:
            return False
        state = self.__dict__
        if "protected" not in state:
            calls = state.get("_local_calls", 0)
            if calls < _LOCAL_CALLS and self.spans_in_islands:
                state["_local_calls"] = calls + 1
                return self._locally_protected(start, end)
        spans = self.protected
        i = bisect.bisect_right(self._protected_starts, end - 1) - 1
        return i >= 0 and spans[i].end > start

    def _locally_protected(self, start: int, end: int) -> bool:
        text = self.text
        at = max(start, 0)
        stop = min(end, len(text))
        while at < stop:
            if not in_ascii_island(text[at]):
                at += 1
                continue
            island = self.ascii_island(at)
            for span in self._island_spans(island):
                if span.start < end and span.end > start:
                    return True
            at = island[1]
        return False

    def sub(
        self,
        pattern: regex.Pattern[str],
        repl: str | Callable[[regex.Match[str]], str],
    ) -> str:
        """``pattern.sub(repl, text)``, skipping every match that touches a protected span."""
        if not self.protected:
            return pattern.sub(repl, self.text)
        expand: Callable[[regex.Match[str]], str]
        if callable(repl):
            expand = repl
        else:
            template = repl
            expand = lambda m: m.expand(template)  # noqa: E731

        def guarded(m: regex.Match[str]) -> str:
            if self.is_protected(m.start(), m.end()):
                return m.group()
            return expand(m)

        return pattern.sub(guarded, self.text)

    def iter_unprotected(self) -> Iterator[tuple[int, int]]:
        """The ranges of the text outside protected spans."""
        pos = 0
        for span in self.protected:
            if span.start > pos:
                yield pos, span.start
            pos = max(pos, span.end)
        if pos < len(self.text):
            yield pos, len(self.text)
