"""The shapes of the lines of a page, computed once for the line filters, and the loop that
classifies, drops and classifies again until nothing more goes.

:class:`Lines` holds each stripped line, its folded form (see
:func:`normkit.normalisers._lexicon.fold`), its Han characters and whether it reads like a
paragraph; :func:`until_stable` runs a classifier over the lines left until it drops no more.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import regex

from .._context import Context
from ..normalisers._lexicon import fold_codes
from .chars import within
from .page import LINES_AT_ONCE, line_blocks
from .repaired import page_as_repaired
from .texts import TextLines

__all__ = [
    "BULLET",
    "BULLET_FIRST",
    "CLAUSE_PUNCT",
    "MAX_CANDIDATE",
    "NOT_HAN",
    "SENTENCE_PUNCT",
    "Lines",
    "TextLines",
    "han_count",
    "per_line",
    "until_stable",
]

#: Lines longer than this are never boilerplate candidates (folding them is wasted work).
MAX_CANDIDATE = 400
#: Classification passes at most (each drops at least one line or ends the loop).
_MAX_PASSES = 12

#: Not a Han character (CJK unified ideographs, extensions, compatibility, 々〇) nor a newline.
NOT_HAN = re.compile("[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3005\u3007\n]+")
#: The code point spans of :data:`NOT_HAN`'s Han characters (besides 々 and 〇).
_HAN_SPANS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
#: Ellipses in any spelling (``...``, ``。。。``, ``⋯``, ``……``), with the marks around them:
#: ``...。。`` and the ``……。`` the repairs make of it read alike.
_ELLIPSES = re.compile(r"[,，、;；]*(?:…*(?:\.{3,}|。{3,}|⋯+)|…{2,})[…⋯.。]*")
#: What every match of :data:`_ELLIPSES` holds.
_ELLIPSIS_CORE = re.compile(r"\.\.\.|。。。|⋯|……")
CLAUSE_PUNCT = re.compile(r"[。，,！？!?；;、]")
SENTENCE_PUNCT = re.compile(r"[。；;]|[!?！？](?=.)")
_COMMA = re.compile(r"[,，]")
BULLET = regex.compile(r"^(?:[-–—*+][ \t]++|[·•●◆◇▪■□○►▶▸※][ \t]*+)")
#: The characters a :data:`BULLET` starts with.
BULLET_FIRST = frozenset("-–—*+·•●◆◇▪■□○►▶▸※")


@dataclass(frozen=True, slots=True)
class Lines:
    """The stripped lines of a text, folded (see :func:`~normkit.normalisers._lexicon.fold`), with their shapes.

    ``folded[i]`` is ``""`` for a line longer than :data:`MAX_CANDIDATE`: it is never
    boilerplate; the lines of a page of more than one block of lines
    (:data:`~normkit.lines.page.LINES_AT_ONCE`) are kept as one text (:class:`TextLines`). ``han[i]`` counts Han characters; ``body[i]`` says whether the line reads
    like a paragraph (twelve Han characters and clause punctuation, or fifty Han characters).

    >>> lines = Lines.of(["  你好 ", "今天天气很好，我们一起去公园散步吧。"])
    >>> lines.stripped[0], lines.han, lines.body
    ('你好', [2, 16], [False, True])
    """

    stripped: Sequence[str]
    folded: Sequence[str]
    han: list[int]
    body: list[bool]
    #: Whether a folded line reads like a title (any length); shared by :meth:`take`.
    _titles: dict[str, bool] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, raw: Sequence[str], codes: npt.NDArray[np.uint32] | None = None) -> Lines:
        """The shapes of ``raw``; ``codes`` are the code points of ``"\\n".join(raw)`` if known.
        A long page is read in blocks of lines (:func:`~normkit.lines.features.line_blocks`:
        the folded text and the arrays per character are those of a block), with the same
        shapes, as each is a line's own."""
        blocks = line_blocks(len(raw))
        if len(blocks) <= 1:
            # A page of one block keeps its lines as lists (a string a line costs little
            # there, and the rules read each line several times a pass).
            stripped, folded, han, body = _shapes(raw, codes)
            return cls(stripped, folded, han, body)
        stripped_blocks: list[str] = []
        han = []
        body = []

        def folded_blocks() -> Iterator[list[str]]:
            for start, stop in blocks:
                part = _shapes(raw[start:stop], None)
                stripped_blocks.append("\n".join(part[0]))
                han.extend(part[2])
                body.extend(part[3])
                yield part[1]

        folded_text = TextLines.joined(folded_blocks())
        return cls(TextLines.joined(_split_blocks(stripped_blocks), stripped=True), folded_text, han, body)

    @classmethod
    def shared(cls, lines: list[str], ctx: Context) -> Lines:
        """The shapes of ``lines``, computed once for all line filters while the text is unchanged."""
        return ctx.shared("boilerplate.Lines", "\n".join(lines), lambda a: cls.of(lines, a.codes))

    @classmethod
    def judged(cls, lines: list[str], ctx: Context | None = None) -> Lines:
        """The shapes the line steps judge: ``lines`` as the in-line repairs after them will
        write them (:func:`~normkit.lines.repaired.page_as_repaired`), so a second pass over
        the cleaned text judges the same; the shapes of the lines the repairs leave alone are
        those shared through ``ctx``.

        >>> list(Lines.judged(["首页", "首页>,！"]).stripped)
        ['首页', '首页>！']

        Only one set of shapes is built (shapes are a line's own): those of the view for
        a page of one block of lines or when it changes most lines, else those of
        ``lines`` with the changed lines replaced;
        nothing is kept in ``ctx`` beyond the step (a page of many short lines would hold
        a second copy of every line).
        """
        view = page_as_repaired(lines)
        if view is lines:
            return cls._unrepaired(lines, ctx)
        if len(lines) <= LINES_AT_ONCE:  # (a second copy of a page of one block costs little)
            return cls.of(view)
        changed = {i: v for i, (v, raw) in enumerate(zip(view, lines, strict=True)) if v != raw}
        if 2 * len(changed) >= len(lines):
            del changed
            return cls.of(view)
        del view
        return cls._unrepaired(lines, ctx).replaced(changed)

    @classmethod
    def _unrepaired(cls, lines: list[str], ctx: Context | None) -> Lines:
        """:meth:`of` ``lines``, with the code points of the shared analysis when they are
        known and the page is one block of lines."""
        if ctx is None or len(lines) > LINES_AT_ONCE:
            return cls.of(lines)
        analysis = ctx.analysis("\n".join(lines))
        return cls.of(lines, analysis.codes)

    def replaced(self, changed: Mapping[int, str]) -> Lines:
        """These shapes with the line at each index of ``changed`` read as its new text
        instead (shapes are a line's own: the other lines' carry over).

        >>> list(Lines.of(["首页", "新闻!好"]).replaced({1: "新闻！好"}).stripped)
        ['首页', '新闻！好']
        """
        if not changed:
            return self
        at = list(changed)
        part = Lines.of([changed[i] for i in at])
        han, body = list(self.han), list(self.body)
        for k, i in enumerate(at):
            han[i], body[i] = part.han[k], part.body[k]
        stripped = _replaced(self.stripped, dict(zip(at, part.stripped, strict=True)))
        folded = _replaced(self.folded, dict(zip(at, part.folded, strict=True)))
        return Lines(stripped, folded, han, body, self._titles)

    def take(self, indices: Sequence[int]) -> Lines:
        """The lines at ``indices``, in order (shapes are per line, so they carry over)."""
        return Lines(
            _taken(self.stripped, indices),
            _taken(self.folded, indices),
            [self.han[k] for k in indices],
            [self.body[k] for k in indices],
            self._titles,
        )

    def __len__(self) -> int:
        return len(self.stripped)

    def title_like(self, i: int, max_len: int = 60) -> bool:
        """A short line without sentence punctuation: a headline or a list item."""
        f = self.folded[i]
        if not f or not within(f, max_len):
            return False
        title = self._titles.get(f)
        if title is None:
            title = self._titles[f] = not (
                f.endswith(":") or SENTENCE_PUNCT.search(f) or len(_COMMA.findall(f)) > 1
            )
        return title

    def bulleted(self, i: int) -> bool:
        s = self.stripped[i]
        return s[:1] in BULLET_FIRST and BULLET.match(s) is not None


def _replaced(strings: Sequence[str], changed: Mapping[int, str]) -> Sequence[str]:
    if isinstance(strings, TextLines):
        return strings.replaced(changed)
    return [changed.get(i, s) for i, s in enumerate(strings)]


def _taken(strings: Sequence[str], indices: Sequence[int]) -> Sequence[str]:
    if isinstance(strings, TextLines):
        return strings.take(indices)
    return [strings[k] for k in indices]


def _split_blocks(blocks: list[str]) -> Iterator[list[str]]:
    """The lines of each block of ``blocks`` (lines joined by a newline), each let go once split."""
    blocks.reverse()
    while blocks:
        yield blocks.pop().split("\n")


#: Bits of :func:`_char_classes`: a Han character (as :data:`NOT_HAN` counts them), a
#: mark of :data:`CLAUSE_PUNCT`.
_HAN_BIT, _CLAUSE_BIT = 1, 2


@functools.cache
def _char_classes() -> npt.NDArray[np.uint8]:
    """The class bits of every code point, as an array indexed by code point."""
    table = np.zeros(0x110000, dtype=np.uint8)
    for lo, hi in _HAN_SPANS:
        table[lo : hi + 1] = _HAN_BIT
    table[[0x3005, 0x3007]] = _HAN_BIT
    table[[ord(c) for c in "。，,！？!?；;、"]] = _CLAUSE_BIT
    return table


def _shapes(
    raw: Sequence[str], codes: npt.NDArray[np.uint32] | None
) -> tuple[list[str], list[str], list[int], list[bool]]:
    """The stripped, folded lines of ``raw``, their Han characters and whether each reads
    like a paragraph (see :class:`Lines`)."""
    if codes is None:
        codes = np.frombuffer("\n".join(raw).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    stripped = [line.strip() for line in raw]
    text = fold_codes(codes)
    split = text.split("\n")
    if "。。。" in text or "..." in text or "⋯" in text or "……" in text:
        # Judge an ellipsis as ``punctuation.ellipsis`` will write it (idempotence): only
        # on the lines holding one (no match crosses a line), found by one scan.
        ends = np.cumsum(np.fromiter(map(len, split), dtype=np.int64, count=len(split)) + 1)
        hits = [m.start() for m in _ELLIPSIS_CORE.finditer(text)]
        for i in np.unique(np.searchsorted(ends, hits, side="right")).tolist():
            split[i] = _ELLIPSES.sub("……", split[i])
        codes = np.frombuffer("\n".join(split).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # A line that folding leaves as it is shares the stripped line's object.
    folded = [
        (s if f == s else f) if within(s, MAX_CANDIDATE) else ""
        for f, s in zip(map(str.strip, split), stripped, strict=True)
    ]
    han, punct = per_line(codes, _char_classes()[codes])
    likely = (han >= 50) | ((han >= 12) & (punct > 0))
    body = likely.tolist()
    for i in np.flatnonzero(likely).tolist():
        s = stripped[i]
        if s[:1] in BULLET_FIRST and _listed_title(s):
            body[i] = False
    return stripped, folded, han.tolist(), body


def per_line(
    codes: npt.NDArray[np.uint32], classes: npt.NDArray[np.uint8]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """How many Han characters and clause marks each ``\\n`` line holds, from the class bits.

    >>> codes = np.array([ord(c) for c in "中文，字\\nab"], dtype=np.uint32)
    >>> han, _ = per_line(codes, _char_classes()[codes])
    >>> han.tolist()
    [3, 0]
    """
    breaks = np.flatnonzero(codes == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(codes)]))
    counts = []
    for bit in (_HAN_BIT, _CLAUSE_BIT):
        totals = np.concatenate(([0], np.cumsum(classes & bit, dtype=np.int64)))
        counts.append(totals[ends] - totals[starts])
    return counts[0], counts[1]


def _listed_title(s: str) -> bool:
    """``- 标题，副标题``: a bulleted title is a list item, not a paragraph of the body."""
    return within(s, 80) and BULLET.match(s) is not None and SENTENCE_PUNCT.search(s) is None


def until_stable(
    lines: Lines,
    classify_once: Callable[[Lines], Mapping[int, str]],
    keep: frozenset[int] | Callable[[list[int]], frozenset[int]] = frozenset(),
) -> dict[int, str]:
    """Classify, drop, and classify what is left until nothing more goes.

    Dropping lines changes the neighbours and the zones of the others; repeating until
    stable is what makes dropping idempotent. Indices are those of ``lines``; lines at
    ``keep`` (code) are never dropped. ``keep`` may be a function of the indices of the
    lines left, asked again after lines were dropped while it kept some (a block of code
    may end when a line next to it goes).

    >>> drop_last = lambda ls: {len(ls) - 1: "last"} if len(ls) > 1 else {}
    >>> until_stable(Lines.of(["a", "b", "c"]), drop_last)
    {2: 'last', 1: 'last'}
    """
    found: dict[int, str] = {}
    kept = np.arange(len(lines))  # an array: no integer object per line
    # ``keep`` is asked only once a pass drops lines (a page that loses none needs no code
    # analysis); that is the first pass, on every line, as if asked before it.
    protect = keep if callable(keep) else None
    protected = None if callable(keep) else keep
    for _ in range(_MAX_PASSES):
        if not len(kept):
            break
        new = classify_once(lines if len(kept) == len(lines) else lines.take(kept.tolist()))
        if new and protected is None and protect is not None:
            protected = protect(kept.tolist())
        if protected:
            new = {i: reason for i, reason in new.items() if int(kept[i]) not in protected}
        if not new:
            break
        for index, reason in new.items():
            found[int(kept[index])] = reason
        gone = np.zeros(len(kept), dtype=np.bool_)
        gone[list(new)] = True
        kept = kept[~gone]
        if protect is not None and protected:
            protected = protect(kept.tolist())
    return found


def han_count(text: str) -> int:
    """How many Han characters ``text`` holds (as :data:`NOT_HAN` counts them).

    >>> han_count("第3届ABC大会")
    4
    """
    return len(NOT_HAN.sub("", text))
