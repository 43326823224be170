"""The long-text path: a text as an array of code points, table look-ups done by numpy.

A step's one-character matches become one gather through a table indexed by code point.
The places where Python must replay OpenCC's scan (two neighbouring characters that start
a hot key) are found by numbering the characters of those pairs (one more gather) and
testing each neighbouring pair in a bit set. numpy is imported only when a text is long
enough to take this path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

    from ._stage import Stage

    Codes = npt.NDArray[np.uint32]
    Positions = npt.NDArray[np.intp]

_PLANES = 0x110000


def codes_of(text: str) -> Codes:
    """The code points of ``text`` (read-only, lone surrogates included)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def text_of(codes: Codes) -> str:
    """The string of an array of code points."""
    return codes.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")


@dataclass
class PairIndex:
    """Finds the positions ``i`` where ``text[i:i+2]`` is one of a set of pairs, or
    ``text[i]`` one of a set of single characters.

    The characters of the pairs are numbered from 1 (0: in no pair); pair ``(a, b)`` is bit
    ``a * width + b`` of a bit set.
    """

    ids: Codes
    bits: npt.NDArray[np.uint8]
    width: int
    singles: npt.NDArray[np.bool_] | None

    @classmethod
    def build(cls, pairs: Iterable[str], singles: Iterable[str] = ()) -> PairIndex:
        pair_list = sorted(set(pairs))
        chars = sorted({ord(c) for pair in pair_list for c in pair})
        width = len(chars) + 1
        ids = np.zeros(_PLANES, dtype=np.uint32)
        ids[np.array(chars, dtype=np.intp)] = np.arange(1, width, dtype=np.uint32)
        bits = np.zeros((width * width + 7) // 8, dtype=np.uint8)
        if pair_list:
            first = ids[[ord(p[0]) for p in pair_list]].astype(np.int64)
            second = ids[[ord(p[1]) for p in pair_list]].astype(np.int64)
            numbers = first * width + second
            np.bitwise_or.at(bits, numbers >> 3, (1 << (numbers & 7)).astype(np.uint8))
        single_points = [ord(c) for c in set(singles)]
        mask = None
        if single_points:
            mask = np.zeros(_PLANES, dtype=np.bool_)
            mask[np.array(single_points, dtype=np.intp)] = True
        return cls(ids, bits, width, mask)

    def find(self, codes: Codes) -> Positions:
        """Sorted positions of the pairs and of the single characters."""
        hits = self.pairs(codes)
        if self.singles is None:
            return hits
        singles = np.flatnonzero(self.singles[codes])
        return np.union1d(hits, singles) if singles.size else hits

    def pairs(self, codes: Codes) -> Positions:
        """Sorted positions of the pairs."""
        if self.width == 1 or codes.size < 2:
            return np.zeros(0, dtype=np.intp)
        ids = self.ids[codes]
        if self.width <= _NARROW:
            # Few characters: test the pairs of neighbours that are both numbered.
            hits = np.flatnonzero(ids[:-1].astype(np.bool_) & ids[1:].astype(np.bool_))
            numbers = ids[hits] * np.uint32(self.width) + ids[hits + 1]
            return hits[self._has(numbers)]
        return np.flatnonzero(self._has(ids[:-1] * np.uint32(self.width) + ids[1:]))

    def _has(self, numbers: Codes) -> npt.NDArray[np.bool_]:
        """Whether each pair number is in the set."""
        found: npt.NDArray[np.bool_] = (self.bits[numbers >> 3] >> (numbers & 7).astype(np.uint8)) & 1 != 0
        return found


#: A pair index with at most this many characters first picks the neighbours both in a pair.
_NARROW = 1024


def table_lut(table: dict[int, str]) -> Codes:
    """``table`` as an array indexed by code point (its one-character values only)."""
    lut = np.arange(_PLANES, dtype=np.uint32)
    narrow = {point: ord(value) for point, value in table.items() if len(value) == 1}
    if narrow:
        lut[np.fromiter(narrow, dtype=np.intp, count=len(narrow))] = np.fromiter(
            narrow.values(), dtype=np.uint32, count=len(narrow)
        )
    return lut


def splice(out: Codes, found: list[tuple[int, int, str]]) -> Codes:
    """``out`` with each ``(start, length, value)`` span replaced by ``value`` (in place
    when ``out`` is writeable and no value changes length)."""
    if all(len(value) == length for _, length, value in found):
        at = np.fromiter(chain.from_iterable(range(i, i + length) for i, length, _ in found), dtype=np.intp)
        if not out.flags.writeable:
            out = out.copy()
        out[at] = codes_of("".join(value for _, _, value in found))
        return out
    pieces = []
    last = 0
    for i, length, value in found:
        pieces.append(out[last:i])
        pieces.append(codes_of(value))
        last = i + length
    pieces.append(out[last:])
    return np.concatenate(pieces)


@dataclass
class StageArrays:
    """A step's tables for the long-text path."""

    #: The one-character values by code point (``None``: no such value).
    lut: Codes | None
    #: Where a hot match can start: the first two characters of a hot key.
    hot: PairIndex
    #: Table entries whose value is not one character (spliced, as hot matches are).
    wide: dict[str, str]

    @classmethod
    def build(cls, stage: Stage) -> StageArrays:
        wide = stage.wide()
        narrow = len(wide) < len(stage.table)
        return cls(table_lut(stage.table) if narrow else None, PairIndex.build(stage.hot_prefixes()), wide)


def run(stage: Stage, codes: Codes, text: str | None) -> tuple[Codes, str | None]:
    """The step over ``codes`` (``text``: the same as a string, if at hand).

    Returns the output and, when nothing changed, its string.
    """
    arrays = stage.arrays
    out = codes
    if arrays.lut is not None:
        out = arrays.lut[codes]
        if np.array_equal(out, codes):
            out = codes
    starts = arrays.hot.pairs(codes)
    for char in arrays.wide:
        starts = np.union1d(starts, np.flatnonzero(codes == ord(char)))
    if starts.size:
        if text is None:
            text = text_of(codes)
        found = stage.scan_near(text, starts.tolist(), hot_only=True)
        if found:
            return splice(out.copy() if out is codes else out, found), None
    return out, (text if out is codes else None)
