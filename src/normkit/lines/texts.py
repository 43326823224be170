"""Strings kept as one text and offsets (:class:`TextLines`): the lines of a page without
a Python string a line, for the line steps' shapes and features.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import overload

import numpy as np
import numpy.typing as npt

__all__ = ["TextLines"]


class TextLines(Sequence[str]):
    """Strings kept as one text and where each starts and ends: a page's lines cost a few
    bytes each (no string object a line) until one is asked for.

    >>> folded = TextLines.of(["首页", "", "新闻"])
    >>> folded[2], folded[-1], len(folded), list(folded), folded == ["首页", "", "新闻"]
    ('新闻', '新闻', 3, ['首页', '', '新闻'], True)
    >>> list(folded.take([2, 0])), list(folded.replaced({1: "视频"})), "" in folded
    (['新闻', '首页'], ['首页', '视频', '新闻'], True)
    """

    __slots__ = ("_ends", "_starts", "_text", "stripped")

    def __init__(self, text: str, starts: array[int], ends: array[int], stripped: bool = False) -> None:
        self._text, self._starts, self._ends = text, starts, ends
        #: Whether every string is stripped of surrounding whitespace (as the maker says).
        self.stripped = stripped

    @classmethod
    def of(cls, strings: Iterable[str], stripped: bool = False) -> TextLines:
        """The strings of ``strings`` (``stripped``: each is stripped already)."""
        return cls.joined([list(strings)], stripped)

    @classmethod
    def joined(cls, blocks: Iterable[Sequence[str]], stripped: bool = False) -> TextLines:
        """The strings of every block of ``blocks``, in order (each block let go once read)."""
        texts: list[str] = []
        lengths = array("q")
        for block in blocks:
            texts.append("".join(block))
            lengths.extend(map(len, block))
        text = "".join(texts)
        del texts
        kind = "i" if len(text) < 2**31 else "q"
        ends = array(kind, itertools.accumulate(lengths))
        starts = array(kind, [0] if len(ends) else [])
        starts.extend(ends[:-1])
        return cls(text, starts, ends, stripped)

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return self._text[self._starts[i] : self._ends[i]]

    def __iter__(self) -> Iterator[str]:
        text = self._text
        for start, end in zip(self._starts, self._ends, strict=True):
            yield text[start:end]

    def __contains__(self, value: object) -> bool:
        if value == "":  # (is a string empty: none made)
            return any(start == end for start, end in zip(self._starts, self._ends, strict=True))
        return any(s == value for s in self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str) or len(other) != len(self):
            return False
        return all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TextLines({list(self)!r})"

    def take(self, indices: Iterable[int] | npt.NDArray[np.int64]) -> TextLines:
        """The strings at ``indices``, in order (the text is shared). The offsets are
        gathered as arrays: no integer object a line (an array of ``indices`` is best).

        >>> list(TextLines.of(["a", "bc", "d"]).take(np.array([2, 0, -1])))
        ['d', 'a', 'd']
        """
        at = indices if isinstance(indices, np.ndarray) else np.fromiter(indices, dtype=np.int64)
        return TextLines(self._text, _gathered(self._starts, at), _gathered(self._ends, at), self.stripped)

    def replaced(self, changed: Mapping[int, str]) -> TextLines:
        """These strings with the one at each index of ``changed`` replaced by its value
        (stripped as these are, if they are)."""
        if not changed:
            return self
        extra = TextLines.of(changed.values())
        text = self._text + extra._text
        kind = "i" if len(text) < 2**31 else "q"
        starts, ends = array(kind, self._starts), array(kind, self._ends)
        shift = len(self._text)
        for k, i in enumerate(changed):
            starts[i], ends[i] = extra._starts[k] + shift, extra._ends[k] + shift
        return TextLines(text, starts, ends, self.stripped)


def _gathered(offsets: array[int], at: npt.NDArray[np.int64]) -> array[int]:
    """``offsets`` at ``at``, as an array of the same type."""
    out = array(offsets.typecode)
    if len(at):
        out.frombytes(np.frombuffer(offsets, dtype=np.dtype(offsets.typecode))[at].tobytes())
    return out
