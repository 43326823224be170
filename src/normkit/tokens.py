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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

import regex

__all__ = [
    "Analysis",
    "Kind",
    "Run",
    "Span",
    "tokenize",
    "HAN",
    "CJK_PUNCT",
]


class Kind(enum.IntEnum):
    """The class of a run of characters. Values are the pattern's group numbers."""

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

_RUNS = regex.compile(
    rf"([{HAN}]+)|([{_KANA}]+)|([{_HANGUL}]+)|([{_LATIN}]+)|([{_DIGIT}]+)"
    rf"|([{CJK_PUNCT}]+)|([{_ASCII_PUNCT}]+)|([{_SPACE}]+)|(\n+)"
    rf"|([^{HAN}{_KANA}{_HANGUL}{_LATIN}{_DIGIT}{CJK_PUNCT}{_ASCII_PUNCT}{_SPACE}\n]+)"
)


@dataclass(frozen=True, slots=True)
class Run:
    """A maximal run of characters of one kind, ``text[start:end]``."""

    kind: Kind
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of a text, with what it is (``"url"``, ``"number"``, ...)."""

    start: int
    end: int
    kind: str


def tokenize(text: str) -> list[Run]:
    """Split ``text`` into typed runs that concatenate back to it."""
    kinds = _KINDS
    return [
        Run(kinds[m.lastindex], m.start(), m.end(), m.group())  # type: ignore[index]
        for m in _RUNS.finditer(text)
    ]


def run_table(text: str) -> tuple[bytes, list[int]]:
    """The runs of ``text`` as parallel arrays: kind codes and end offsets.

    This is the hot path; :func:`tokenize` builds objects on top of it.
    """
    pairs = [(m.lastindex, m.end()) for m in _RUNS.finditer(text)]
    return bytes(k for k, _ in pairs), [e for _, e in pairs]  # type: ignore[misc]


_KINDS = {k.value: k for k in Kind}

# Protected spans: text that in-line normalisers must leave alone.
_PROTECTED = regex.compile(
    r"""
    (?P<url>(?:https?|ftp)://[^\s<>"'\u3000-\u303f\uff01-\uff5e]+
        |www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^\s<>"'\u3000-\u303f\uff01-\uff5e]*)?)
    |(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)
    |(?P<number>\d+(?:[:,.]\d+)+(?:[:,.]\d+)*)
    |(?P<code>`[^`\n]+`)
    |(?P<latin>[A-Za-z][\w'’-]*(?:[ \t]*[,.;:!?()'"/&-]*[ \t]*[A-Za-z0-9][\w'’-]*)*[.!?]?)
    """,
    regex.VERBOSE | regex.ASCII,
)
# A Latin span only counts as protected when it has more than one word (``Hello, world``),
# or is code-like; single words carry no punctuation to protect.
_MULTIWORD = regex.compile(r"[A-Za-z0-9][\s,.;:!?()'\"/&-]+[A-Za-z0-9]")

_SENTENCE_END = regex.compile(r"[。！？!?…]+[”’」』）)]*|\n+")


class Analysis:
    """Shared analyses of one text, computed lazily and at most once each."""

    __slots__ = ("text", "__dict__")

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def runs(self) -> list[Run]:
        """Typed runs (see :func:`tokenize`)."""
        return tokenize(self.text)

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of the first character of every line (lines split on ``\\n``)."""
        starts = [0]
        starts.extend(m.end() for m in regex.finditer("\n", self.text))
        return starts

    @cached_property
    def lines(self) -> list[str]:
        """The lines, as ``text.split("\\n")``."""
        return self.text.split("\n")

    def line_of(self, offset: int) -> int:
        """Index (from 0) of the line holding ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences for Chinese and mixed text: cut after 。！？… (and closing quotes) and at newlines."""
        spans: list[Span] = []
        start = 0
        for m in _SENTENCE_END.finditer(self.text):
            end = m.end() if m.group()[0] != "\n" else m.start()
            if end > start:
                spans.append(Span(start, end, "sentence"))
            start = m.end()
        if start < len(self.text):
            spans.append(Span(start, len(self.text), "sentence"))
        return spans

    @cached_property
    def protected(self) -> list[Span]:
        """URLs, e-mail addresses, numbers with separators, code, and runs of Latin text."""
        spans = []
        for m in _PROTECTED.finditer(self.text):
            kind = m.lastgroup or "other"
            if kind == "latin" and not _MULTIWORD.search(m.group()):
                continue
            spans.append(Span(m.start(), m.end(), kind))
        return spans

    @cached_property
    def _protected_starts(self) -> list[int]:
        return [s.start for s in self.protected]

    def is_protected(self, start: int, end: int | None = None) -> bool:
        """Whether ``text[start:end]`` (or the character at ``start``) overlaps a protected span."""
        end = start + 1 if end is None else end
        spans = self.protected
        i = bisect.bisect_right(self._protected_starts, end - 1) - 1
        return i >= 0 and spans[i].end > start if end > start else False

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
