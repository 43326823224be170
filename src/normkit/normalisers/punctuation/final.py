"""``punctuation.final``: the ``。`` at the end of body paragraphs, restored in documents
that lost every one."""

from __future__ import annotations

import dataclasses
import functools
import re

import regex

from ..._blocks import line_blocks
from ..._context import Context
from ..._normaliser import SAFE_PROFILES, Normaliser, Stage
from ...codespans import might_hold_code
from ...tokens import HAN
from .runs import CJK_MARK, SENTENCE_END, exact
from .shapes import ends_open, has_clause_mark, is_caption, is_list_item

__all__ = ["Final", "FinalOptions"]


@dataclasses.dataclass(frozen=True)
class FinalOptions:
    """When ``punctuation.final`` counts a document as one that lost its full stops.

    >>> text = "疫情就是命令，防控就是责任，我们一起努力，守护家园\\n" * 4
    >>> Final(min_commas=20)(text) == text
    True
    """

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


@functools.cache
def _ascii_chinese_comma() -> re.Pattern[str]:
    """``_CHINESE_COMMA``'s ASCII comma, starting with it (built on first use)."""
    han = exact().han_chars
    return re.compile(f",(?<=[{han}”],)(?=[{han}“])")


def _has_chinese_commas(text: str, least: int) -> bool:
    """``len(_CHINESE_COMMA.findall(text)) >= least``, counting full-width commas first."""
    commas = text.count("，")
    if commas >= least or "," not in text:
        return commas >= least
    return commas + len(_ascii_chinese_comma().findall(text)) >= least


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
    if CJK_MARK.match(line, len(line) - 2) or line[-2] in ",;:!?":
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
        code = ctx.analysis(text).code_lines if might_hold_code(text) else frozenset()
        # Two passes over the text a block of lines at a time (a list of the whole text's
        # lines costs eight times a text of short lines): the flags of every non-blank
        # line first, as a byte each (a line closes the text by its neighbours' flags),
        # then the lines closed.
        flags = bytearray()
        counts = []  # per block: its non-blank lines, and whether one may change
        first = 0  # the index of the block's first line in the text
        for block in line_blocks(text):
            lines = block.split("\n")
            found = self._flags(lines, first, code)
            flags += found
            may_change = any(f & _OPEN for f in found) or (
                opts.inside_paragraph and any(f & _PARA for f in found)
            )
            counts.append((len(found), may_change))
            first += len(lines)
        if not any(may_change for _, may_change in counts):
            return text
        blocks = []
        changed = False
        k = 0  # the index of the next non-blank line
        for block, (count, may_change) in zip(line_blocks(text), counts, strict=True):
            if not may_change:
                blocks.append(block)
                k += count
                continue
            lines = block.split("\n")
            for i, line in enumerate(lines):
                stripped = line.rstrip(" \t")
                if not stripped.strip():
                    continue
                f = flags[k]
                closed = stripped
                if f & _OPEN and (f & _PARA or (f & _CLAUSE and _closes_text(flags, k))):
                    closed = _close(closed)
                if opts.inside_paragraph and f & _PARA:
                    closed = _INNER_BOUNDARY.sub(lambda m: f"“{m.group('inner')}。”", closed)
                if closed != stripped:
                    lines[i] = closed + line[len(stripped) :]
                    changed = True
                k += 1
            blocks.append("\n".join(lines))
        return "\n".join(blocks) if changed else text

    def _flags(self, lines: list[str], first: int, code: frozenset[int]) -> bytes:
        """For every non-blank line of ``lines`` (the text's lines from ``first``): whether
        it is a body paragraph (:data:`_PARA`), ends open (:data:`_OPEN`: a Han character
        or a closing quote, not a list item or caption) and holds clause marks
        (:data:`_CLAUSE`)."""
        stripped = [line.rstrip(" \t") for line in lines]
        nonblank = [i for i, s in enumerate(stripped) if s.strip()]
        bodies = [stripped[i].lstrip(" \t\u3000") for i in nonblank]
        clause = [has_clause_mark(body) for body in bodies]
        plain = [not is_list_item(body) and not is_caption(body) for body in bodies]
        if code:  # lines of code are neither paragraphs nor closed
            plain = [p and first + i not in code for p, i in zip(plain, nonblank, strict=True)]
        min_length = self.options.min_length
        return bytes(
            (_PARA if c and p and len(b) >= min_length else 0)
            | (_OPEN if p and ends_open(b) else 0)
            | (_CLAUSE if c else 0)
            for b, c, p in zip(bodies, clause, plain, strict=True)
        )


#: The flags of a non-blank line (:meth:`Final._flags`).
_PARA, _OPEN, _CLAUSE = 1, 2, 4


def _closes_text(flags: bytearray, k: int) -> bool:
    """Whether the short ``k``-th non-blank line closes the text: a paragraph precedes it
    and none follows it (between two paragraphs it may be a heading)."""
    return k > 0 and bool(flags[k - 1] & _PARA) and not (k + 1 < len(flags) and flags[k + 1] & _PARA)
