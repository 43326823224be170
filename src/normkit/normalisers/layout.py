"""Whitespace layout: line ends, indentation, trailing spaces, blank lines (stage ``layout``)."""

from __future__ import annotations

import dataclasses
import functools
import operator
import re

import regex

from .._blocks import line_blocks
from .._context import Context
from .._normaliser import ALL_PROFILES, Normaliser, Stage
from ..hookspecs import hookimpl

_CRLF = regex.compile(r"\r\n?")
_EDGE_SPACE = regex.compile(r"^[ \t]++|[ \t]++$", regex.M)
_TRAILING_SPACE = regex.compile(r"[ \t]++$", regex.M)


_SPACE_BEFORE_BREAK = re.compile(r"\n(?<=[ \t]\n)")
_SPACE_AROUND_BREAK = re.compile(r"\n(?:(?<=[ \t]\n)|[ \t])")


def _has_edge_space(text: str, strip_indent: bool) -> bool:
    """Whether ``_TRAILING_SPACE`` can match, or with ``strip_indent`` ``_EDGE_SPACE``:
    tests of the ends, and a scan of the line breaks (``re`` finds them fast)."""
    if text.endswith((" ", "\t")) or (strip_indent and text.startswith((" ", "\t"))):
        return True
    return (_SPACE_AROUND_BREAK if strip_indent else _SPACE_BEFORE_BREAK).search(text) is not None


_STRIP = operator.methodcaller("strip", " \t")
_RSTRIP = operator.methodcaller("rstrip", " \t")


def _strip_lines(text: str, strip_indent: bool) -> str:
    """``(_EDGE_SPACE if strip_indent else _TRAILING_SPACE).sub("", text)``, line by line
    in C (the pattern would be tried at every character), a block of lines at a time (a
    list of the whole text's lines costs eight times a text of short lines)."""
    strip = _STRIP if strip_indent else _RSTRIP
    return "\n".join(["\n".join(map(strip, block.split("\n"))) for block in line_blocks(text)])


_INDENTED = re.compile(r"(?:^|\n)[ \t]")


def _strip_keeping_code(text: str, code: frozenset[int]) -> str:
    """:func:`_strip_lines` with indentation stripped, but kept on the lines of code."""
    blocks = []
    first = 0  # the index of the block's first line in the text
    for block in line_blocks(text):
        lines = block.split("\n")
        blocks.append(
            "\n".join(
                [
                    line.rstrip(" \t") if first + i in code else line.strip(" \t")
                    for i, line in enumerate(lines)
                ]
            )
        )
        first += len(lines)
    return "\n".join(blocks)


@functools.cache
def _blank_run(max_blank_lines: int) -> re.Pattern[str]:
    """More than ``max_blank_lines`` blank lines in a row, spelt so that ``re`` finds the
    run by its first line breaks (``\\n{3,}`` would have it test every character)."""
    return re.compile("\n" * (max_blank_lines + 2) + "\n*")


@functools.cache
def _untidy_line_break(strip_indent: bool, max_blank_lines: int) -> re.Pattern[str]:
    """A line break after trailing space, before indentation (when it is stripped), or
    starting too many blank lines. It starts with the line break, which ``re`` finds fast."""
    indent = "|[ \t]" if strip_indent else ""
    return re.compile(rf"\n(?:(?<=[ \t]\n){indent}|\n{{{max_blank_lines + 1}}})")


@dataclasses.dataclass(frozen=True)
class WhitespaceOptions:
    """How ``layout.whitespace`` lays out lines.

    >>> Whitespace(max_blank_lines=0, final_newline=True)("  甲\\n\\n\\n乙")
    '甲\\n乙\\n'
    """

    #: Remove indentation at the start of lines (web text has no meaningful indentation).
    strip_indent: bool = True
    #: The most blank lines kept in a row (0 joins every paragraph line to the next).
    max_blank_lines: int = 1
    #: End every non-empty text with exactly one newline, adding one where it lacks it.
    #: Off, a text keeps its own ending: one that ended with a line break ends with
    #: exactly one, one that did not gets none (a clean record stays unchanged).
    final_newline: bool = False

    def __post_init__(self) -> None:
        if self.max_blank_lines < 0:
            raise ValueError("max_blank_lines must be 0 or more")


class Whitespace(Normaliser):
    r"""Normalise line ends, indentation, trailing spaces and runs of blank lines.

    Lines of program code (:attr:`normkit.tokens.Analysis.code_lines`) keep their
    indentation.

    >>> Whitespace()("  第一行  \r\n\n\n\n第二行")
    '第一行\n\n第二行'
    >>> Whitespace()("第一行\n第二行\n\n\n")
    '第一行\n第二行\n'
    """

    name = "layout.whitespace"
    stage = Stage.LAYOUT
    description = "Unify line ends; strip indentation and trailing spaces; collapse blank lines."
    profiles = ALL_PROFILES
    Options = WhitespaceOptions
    examples = (
        ("  第一行  \r\n\n\n\n第二行", "第一行\n\n第二行"),
        ("\n\n标题\n\n", "标题\n"),
        ("标题 \t", "标题"),
    )
    keeps = ("", "第一行\n\n第二行\n", "一行\n", "一行", "第一行\n第二行")

    def normalise(self, text: str, ctx: Context) -> str:
        opts = self.options
        if "\r" not in text and self._tidy(text):
            return text
        new = _CRLF.sub("\n", text) if "\r" in text else text
        if _has_edge_space(new, opts.strip_indent):
            code = (
                ctx.analysis(new).code_lines if opts.strip_indent and _INDENTED.search(new) else frozenset()
            )
            new = _strip_lines(new, opts.strip_indent) if not code else _strip_keeping_code(new, code)
        ended = new.rstrip(" \t").endswith("\n")
        new = new.strip("\n")
        blank = "\n" * (opts.max_blank_lines + 2)
        if blank in new:
            new = _blank_run(opts.max_blank_lines).sub(blank[:-1], new)
        if new and (opts.final_newline or ended):
            new += "\n"
        return text if new == text else new

    def _tidy(self, text: str) -> bool:
        """Whether ``text`` (without ``\\r``) is laid out already: no trailing space, no
        indentation to strip, no run of blank lines too long, and the right ends."""
        if not text:
            return True
        opts = self.options
        if text[0] == "\n" or (opts.strip_indent and text[0] in " \t"):
            return False
        if text[-1] == "\n":
            ends = len(text) > 1 and text[-2] not in " \t\n"
        else:
            ends = not opts.final_newline and text[-1] not in " \t"
        return ends and not _untidy_line_break(opts.strip_indent, opts.max_blank_lines).search(text)


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Whitespace)
