"""A page's lines folded and counted by character class, read in blocks of lines: the
cheap first stage of :func:`normkit.lines.features.page_features`.

:func:`page_shape` folds the stripped lines (:func:`~normkit.normalisers._lexicon.fold_codes`)
and counts each line's characters of every class (:func:`~normkit.lines.chars.char_classes`),
a block of :data:`LINES_AT_ONCE` lines at a time, so the arrays per character are a
block's, whatever the page's size; the counts find the wide main block before any
pattern or lexicon scan.

>>> shape = page_shape(["首页", "今天，市政府召开了专题会议，研究部署防汛工作。"])
>>> shape.wide, shape.counts.shape
((1, 1), (2, 12))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..normalisers._lexicon import fold_codes
from .arrays import densest
from .chars import BITS, char_classes
from .texts import TextLines

__all__ = ["LINES_AT_ONCE", "Folded", "PageShape", "line_blocks", "page_shape"]

#: Lines whose own features are computed at once: the scans' working set (a few arrays
#: per character, the lines' strings) is bounded by a block of lines, not by the page.
LINES_AT_ONCE = 1024


def line_blocks(n: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of the blocks of at most :data:`LINES_AT_ONCE` lines of a page.

    >>> line_blocks(LINES_AT_ONCE + 1)
    [(0, 1024), (1024, 1025)]
    """
    return [(a, min(a + LINES_AT_ONCE, n)) for a in range(0, n, LINES_AT_ONCE)]


@dataclass(frozen=True)
class Folded:
    """A block of stripped lines folded: the text, its code points, where each line starts and ends.

    >>> block = Folded.of(["ＡＢ", "中文"])
    >>> block.text, block.starts.tolist(), block.ends.tolist()
    ('ab\\n中文', [0, 3], [2, 5])
    >>> block.class_counts()[:, :2].tolist()
    [[0.0, 2.0], [2.0, 0.0]]
    """

    text: str
    codes: npt.NDArray[np.uint32]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]

    @classmethod
    def of(cls, stripped: Sequence[str]) -> Folded:
        joined = "\n".join(stripped)
        raw = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        text = fold_codes(raw)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        breaks = np.flatnonzero(codes == 10)
        starts = np.concatenate(([0], breaks + 1)).astype(np.int64)
        ends = np.concatenate((breaks, [len(codes)])).astype(np.int64)
        return cls(text, codes, starts, ends)

    def class_counts(self) -> npt.NDArray[np.float32]:
        """``(lines, BITS)``: how many characters of each class every line holds."""
        codes, starts = self.codes, self.starts
        # Each character's class bits as 16 bytes of 0 or 1 (its line break: none), a zero
        # row after the last line, summed over each line with its line break (never empty).
        classes = np.zeros(len(codes) + 1, dtype="<u2")
        classes[:-1] = char_classes()[codes]
        bits = np.unpackbits(classes.view(np.uint8).reshape(-1, 2), axis=1, bitorder="little")
        counts = np.add.reduceat(bits, starts, axis=0, dtype=np.int64)
        return counts[:, :BITS].astype(np.float32)


@dataclass(frozen=True)
class PageShape:
    """The cheap first stage of :func:`page_features`: the per-line class counts, enough
    to find the wide main block before any pattern or lexicon scan.

    >>> shape = page_shape(["首页", "今天，市政府召开了专题会议，研究部署防汛工作。"])
    >>> shape.all_letters_in_wide_block()
    False
    >>> page_shape(["今天，市政府召开了专题会议，研究部署防汛工作。", "……"]).all_letters_in_wide_block()
    True
    """

    stripped: Sequence[str]
    nchar: npt.NDArray[np.float32]
    counts: npt.NDArray[np.float32]
    letters: npt.NDArray[np.float32]
    prose: npt.NDArray[np.bool_]
    #: The wide main block (first and last line, -1 if none).
    wide: tuple[int, int]
    #: The folded page when it is one block of lines (else folded again block by block).
    folded: Folded | None

    def all_letters_in_wide_block(self) -> bool:
        """Every line with a letter or digit lies inside the wide main block."""
        first, last = self.wide
        with_letters = np.flatnonzero(self.letters > 0)
        if not len(with_letters):
            return True
        return first >= 0 and int(with_letters[0]) >= first and int(with_letters[-1]) <= last

    def subset(self, rows: npt.NDArray[np.int64]) -> PageShape:
        """The shape of the page made of the lines at ``rows`` (in order): the counts are
        each line's own; the wide main block is found again.

        >>> lines = ["首页", "", "今天，市政府召开了专题会议，研究部署防汛工作。"]
        >>> part, alone = page_shape(lines).subset(np.array([0, 2])), page_shape([lines[0], lines[2]])
        >>> part.wide == alone.wide, bool((part.counts == alone.counts).all())
        (True, True)
        """
        counts, prose = self.counts[rows], self.prose[rows]
        wide = densest(np.where(prose, counts[:, 0], -2.0))
        stripped = self.stripped
        part = (
            stripped.take(rows)  # (the offsets gathered as arrays: no integer object a line)
            if isinstance(stripped, TextLines)
            else [stripped[i] for i in rows.tolist()]
        )
        return PageShape(part, self.nchar[rows], counts, self.letters[rows], prose, wide, None)

    def block(self, start: int, stop: int) -> Folded:
        """The folded lines ``start`` to ``stop`` (a block of :func:`line_blocks`)."""
        if self.folded is not None and start == 0 and stop == len(self.stripped):
            return self.folded
        return Folded.of(self.stripped[start:stop])


def page_shape(lines: Sequence[str]) -> PageShape:
    """The first stage of :func:`page_features` (``lines`` not empty).

    >>> shape = page_shape(["首页", "今天，市政府召开了专题会议，研究部署防汛工作。"])
    >>> shape.prose.tolist(), shape.letters.tolist(), shape.wide
    ([False, True], [2.0, 20.0], (1, 1))
    """
    n = len(lines)
    # (lines kept as one text and stripped already are read as they are: no string a line)
    stripped = lines if isinstance(lines, TextLines) and lines.stripped else [s.strip() for s in lines]
    counts = np.empty((n, BITS), dtype=np.float32)
    nchar = np.empty(n, dtype=np.float32)
    folded = None
    for start, stop in line_blocks(n):
        folded = Folded.of(stripped[start:stop])
        counts[start:stop] = folded.class_counts()
        nchar[start:stop] = folded.ends - folded.starts
    han, latin, digit = counts[:, 0], counts[:, 1], counts[:, 2]
    clause, stop_marks = counts[:, 4], counts[:, 5]
    letters = han + latin + digit
    prose = ((han >= 12) & (clause + stop_marks >= 1)) | (han >= 50)
    wide = densest(np.where(prose, han, -2.0))
    return PageShape(stripped, nchar, counts, letters, prose, wide, folded if n <= LINES_AT_ONCE else None)
