"""The long-text path: a text as an array of code points, table look-ups done by numpy.

A step's one-character matches become one gather through a table indexed by code point.
The places where Python must replay OpenCC's scan are where a hot key could start: two
neighbouring characters that begin one (the characters are numbered, by the same gather,
and each neighbouring pair looked up in a bit set), followed by a third that continues it
(a binary search) unless the two are a key themselves. Tables end after their last key;
texts are looked up a chunk at a time. numpy is imported only when a text is long enough
to take this path (:data:`normkit.script.converter.LONG`). It knows nothing of steps:
:class:`normkit.script.step.Step` builds its tables here and runs over them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

    Codes = npt.NDArray[np.uint32]
    Positions = npt.NDArray[np.intp]
    Numbered = tuple[npt.NDArray[np.uint16], npt.NDArray[np.uint16]]


def gather(table: npt.NDArray[Any], codes: Codes, identity: bool = False) -> npt.NDArray[Any]:
    """``table[codes]``, for code points past the table's end the code point itself
    (``identity``) or 0. Tables end after their last key, so they stay small.

    >>> table = np.array([10, 11, 12], dtype=np.uint32)
    >>> gather(table, codes_of("\\x01\\x05")).tolist(), gather(table, codes_of("\\x01\\x05"), identity=True).tolist()
    ([11, 0], [11, 5])
    """
    if not codes.size or int(codes.max()) < table.size:
        return table[codes]
    inside = codes < table.size
    out = codes.astype(table.dtype) if identity else np.zeros(codes.shape, dtype=table.dtype)
    out[inside] = table[codes[inside]]
    return out


#: Long texts are looked up this many characters at a time: the temporary arrays stay
#: small, in cache, and are reused by the memory allocator instead of being mapped afresh.
CHUNK = 1 << 15


def chunks(size: int) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` of consecutive pieces of at most :data:`CHUNK` positions.

    >>> list(chunks(CHUNK + 5))
    [(0, 32768), (32768, 32773)]
    """
    for start in range(0, size, CHUNK):
        yield start, min(start + CHUNK, size)


def codes_of(text: str) -> Codes:
    """The code points of ``text`` (read-only, lone surrogates included).

    >>> codes_of("a发\\ud800").tolist()
    [97, 21457, 55296]
    """
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def text_of(codes: Codes) -> str:
    """The string of an array of code points.

    >>> text_of(np.array([0x53D1, 0x5C55], dtype=np.uint32))
    '发展'
    """
    return str(np.ascontiguousarray(codes, dtype="<u4").data, "utf-32-le", "surrogatepass")


@dataclass
class PairIndex:
    """Finds the positions ``i`` where ``text[i:i+2]`` is one of a set of pairs.

    The first characters of the pairs are numbered from 1, and so are the second ones (0:
    not in that place); pair ``(a, b)`` is bit ``a * width + b`` of a bit set.

    >>> PairIndex.build(["头发", "发展"], singles="后").find(codes_of("头发展后")).tolist()
    [0, 1]
    """

    firsts: npt.NDArray[np.uint16]
    seconds: npt.NDArray[np.uint16]
    bits: npt.NDArray[np.uint8]
    width: int
    #: Characters found wherever they stand (``None``: none).
    singles: npt.NDArray[np.bool_] | None

    @classmethod
    def build(cls, pairs: Iterable[str], singles: Iterable[str] = ()) -> PairIndex:
        pair_codes = _columns(pairs, 2)
        firsts = _numbering(pair_codes[:, 0])
        seconds = _numbering(pair_codes[:, 1])
        width = int(seconds.max()) + 1
        size = (int(firsts.max()) + 1) * width
        index = cls(firsts, seconds, np.zeros((size + 7) // 8, dtype=np.uint8), width, None)
        index.bits = index.bit_set(pair_codes)
        single_points = codes_of("".join(singles))
        if single_points.size:
            index.singles = np.zeros(int(single_points.max()) + 1, dtype=np.bool_)
            index.singles[single_points] = True
        return index

    def numbered(self, codes: Codes) -> Numbered:
        """The numbers of each character but the last as a first character, and of each
        but the first as a second one."""
        return gather(self.firsts, codes[:-1]), gather(self.seconds, codes[1:])

    def find(self, codes: Codes) -> Positions:
        """Sorted positions of the pairs in ``codes``."""
        if self.width == 1:
            return np.zeros(0, dtype=np.intp)
        parts = [self.pairs(self.numbered(codes[a : b + 1])) + a for a, b in chunks(codes.size)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)

    def pairs(self, numbered: Numbered) -> Positions:
        """Sorted positions of the pairs (``numbered``: as :meth:`numbered` gives)."""
        first, second = numbered
        if self.width == 1 or not first.size:
            return np.zeros(0, dtype=np.intp)
        hits = np.flatnonzero(np.minimum(first, second))
        if hits.size * 4 > first.size:  # dense: test every position at once
            numbers = first.astype(np.uint32)
            numbers *= np.uint32(self.width)
            numbers += second
            return np.flatnonzero(self.has(numbers))
        return hits[self.has(self.numbers(numbered, hits))]

    def numbers(self, numbered: Numbered, hits: Positions) -> Codes:
        """The numbers of the pairs at ``hits`` (as bits of :meth:`bit_set`)."""
        first, second = numbered
        numbers: Codes = first[hits].astype(np.uint32) * np.uint32(self.width) + second[hits]
        return numbers

    def has(self, numbers: Codes, bits: npt.NDArray[np.uint8] | None = None) -> npt.NDArray[np.bool_]:
        """Whether each pair number is in the set (or in ``bits``, numbered alike)."""
        table = self.bits if bits is None else bits
        found: npt.NDArray[np.bool_] = (table[numbers >> 3] >> (numbers & 7).astype(np.uint8)) & 1 != 0
        return found

    def bit_set(self, pairs: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint8]:
        """A bit set of ``pairs`` (code points, one pair a row; a subset of the index's)
        numbered as the index's."""
        bits = np.zeros_like(self.bits)
        if pairs.size:
            first = self.firsts[pairs[:, 0]].astype(np.int64)
            second = self.seconds[pairs[:, 1]].astype(np.int64)
            numbers = first * self.width + second
            np.bitwise_or.at(bits, numbers >> 3, (1 << (numbers & 7)).astype(np.uint8))
        return bits


@dataclass
class StartIndex:
    """Where a key of two or more characters can match: its first two characters are
    there, and they are a key themselves or the next one follows as in a longer key.

    >>> StartIndex.build(["头发", "发展中", "后"]).find(codes_of("头发展后发展中")).tolist()
    [0, 3, 4]
    """

    pairs: PairIndex
    #: The two-character keys, numbered as ``pairs``.
    whole: npt.NDArray[np.uint8]
    #: The first three characters of the longer keys, 21 bits each, sorted.
    triples: npt.NDArray[np.uint64]

    @classmethod
    def build(cls, keys: Iterable[str]) -> StartIndex:
        """The index of ``keys``; one-character keys are found wherever they stand."""
        every = list(keys)
        key_list = [key for key in every if len(key) > 1]
        pairs = PairIndex.build((key[:2] for key in key_list), (key for key in every if len(key) == 1))
        whole = pairs.bit_set(_columns((key for key in key_list if len(key) == 2), 2))
        starts = _columns((key[:3] for key in key_list if len(key) > 2), 3)
        triples = np.unique(_triple(starts[:, 0], starts[:, 1], starts[:, 2]))
        return cls(pairs, whole, triples)

    def find(self, codes: Codes) -> Positions:
        """Sorted positions where a key could match."""
        parts = []
        if self.pairs.width > 1:
            parts = [
                self.starts(codes, self.pairs.numbered(codes[a : b + 1]), a) for a, b in chunks(codes.size)
            ]
        hits = np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)
        if self.pairs.singles is None:
            return hits
        return merge(codes.size, hits, marked(self.pairs.singles, codes))

    def starts(self, codes: Codes, numbered: Numbered, offset: int) -> Positions:
        """Where a key of two or more characters could match among the pairs that
        ``numbered`` numbers, which start at ``offset`` in ``codes``."""
        hits = self.pairs.pairs(numbered)
        if not hits.size:
            return hits
        keep = self.pairs.has(self.pairs.numbers(numbered, hits), self.whole)
        hits += offset
        longer = np.flatnonzero(~keep & (hits + 2 < codes.size))
        if longer.size and self.triples.size:
            at = hits[longer]
            wanted = _triple(codes[at], codes[at + 1], codes[at + 2])
            index = np.minimum(np.searchsorted(self.triples, wanted), self.triples.size - 1)
            keep[longer] = self.triples[index] == wanted
        return hits[keep]


def _triple(a: Codes, b: Codes, c: Codes) -> npt.NDArray[np.uint64]:
    """Three code points a position as one 63-bit number."""
    wide = np.uint64
    triple: npt.NDArray[np.uint64] = a.astype(wide) << wide(42) | b.astype(wide) << wide(21) | c.astype(wide)
    return triple


def _columns(strings: Iterable[str], width: int) -> npt.NDArray[np.uint32]:
    """Strings of ``width`` characters as rows of code points."""
    return codes_of("".join(strings)).reshape(-1, width)


def _numbering(points: Codes) -> npt.NDArray[np.uint16]:
    """``points`` numbered from 1 in a table by code point (0 elsewhere; no table for none)."""
    distinct = np.unique(points)
    if distinct.size >= 0xFFFF:
        raise ValueError("too many characters for a pair index")
    table = np.zeros(int(distinct.max()) + 1 if distinct.size else 1, dtype=np.uint16)
    table[distinct] = np.arange(1, distinct.size + 1, dtype=np.uint16)
    return table


def marked(mask: npt.NDArray[np.bool_], codes: Codes) -> Positions:
    """The positions of the code points that ``mask`` marks.

    >>> mask = np.zeros(0x100, dtype=np.bool_); mask[ord("a")] = True
    >>> marked(mask, codes_of("banana发")).tolist()
    [1, 3, 5]
    """
    parts = [np.flatnonzero(gather(mask, codes[a:b])) + a for a, b in chunks(codes.size)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)


def merge(size: int, *positions: Positions) -> Positions:
    """The sorted distinct positions (below ``size``) of several arrays.

    >>> merge(10, np.array([1, 5]), np.array([5, 2])).tolist()
    [1, 2, 5]
    """
    present = [p for p in positions if p.size]
    if len(present) <= 1:
        return present[0] if present else positions[0]
    mask = np.zeros(size, dtype=np.bool_)
    for p in present:
        mask[p] = True
    return np.flatnonzero(mask)


def table_lut(table: dict[int, str]) -> Codes:
    """``table`` as an array indexed by code point (its one-character values only).

    >>> text_of(gather(table_lut({ord("发"): "發", ord("后"): "後裔"}), codes_of("发后"), identity=True))
    '發后'
    """
    lut = np.arange(max(table, default=0) + 1, dtype=np.uint32)
    narrow = {point: ord(value) for point, value in table.items() if len(value) == 1}
    if narrow:
        lut[np.fromiter(narrow, dtype=np.intp, count=len(narrow))] = np.fromiter(
            narrow.values(), dtype=np.uint32, count=len(narrow)
        )
    return lut


def splice(out: Codes, found: list[tuple[int, int, str]]) -> Codes:
    """``out`` with each ``(start, length, value)`` span replaced by ``value`` (in place
    when no value changes length).

    >>> text_of(splice(codes_of("头发和发").copy(), [(0, 2, "頭髮"), (3, 1, "發展")]))
    '頭髮和發展'
    """
    starts, lengths, values = zip(*found, strict=True)
    at = np.array(starts, dtype=np.intp)
    size = np.array(lengths, dtype=np.intp)
    replacement = codes_of("".join(values))
    covered = _spans(at, size)
    if replacement.size == covered.size and all(map(_same_length, values, lengths)):
        out[covered] = replacement
        return out
    keep = np.ones(out.size, dtype=np.bool_)
    keep[covered] = False
    # Where each value goes in what is kept: its start less what earlier spans removed.
    inserted = at - (np.cumsum(size) - size)
    counts = np.fromiter(map(len, values), dtype=np.intp, count=len(values))
    return np.insert(out[keep], np.repeat(inserted, counts), replacement)


def _same_length(value: str, length: int) -> bool:
    return len(value) == length


def _spans(starts: Positions, lengths: Positions) -> Positions:
    """Every position of the spans ``starts[k] .. starts[k] + lengths[k]``."""
    offsets = np.cumsum(lengths) - lengths
    spans: Positions = np.arange(int(lengths.sum()), dtype=np.intp) + np.repeat(starts - offsets, lengths)
    return spans


@dataclass
class StepArrays:
    """A step's tables for the long-text path.

    >>> arrays = StepArrays.build({ord("发"): "發"}, {"发展"})
    >>> out, starts = translate_codes(arrays, codes_of("发展和发"))
    >>> text_of(out), starts.tolist()
    ('發展和發', [0])
    """

    #: The one-character values by code point (``None``: no such value, or in ``entries``).
    lut: Codes | None
    #: With hot keys: by code point, the one-character value (bits 0-31) and the numbers
    #: of the character in the pair index of ``hot`` (bits 32-47 and 48-63), so that one
    #: gather gives all three.
    entries: npt.NDArray[np.uint64] | None
    #: Where a hot match can start.
    hot: StartIndex
    #: Table entries whose value is not one character (spliced, as hot matches are).
    wide: dict[str, str]
    #: For a step that is only a table: a few ranges of code points that hold its keys.
    ranges: list[tuple[int, int]] | None

    @classmethod
    def build(cls, table: dict[int, str], hot_keys: set[str]) -> StepArrays:
        """The arrays of a step with one-character matches ``table`` and hot keys ``hot_keys``."""
        wide = {chr(point): value for point, value in table.items() if len(value) != 1}
        hot = StartIndex.build(hot_keys)
        lut = table_lut(table) if len(wide) < len(table) else None
        entries = None
        if hot.pairs.width > 1:
            entries = _entries(lut, hot.pairs)
            lut = None
        ranges = None if hot_keys or wide else _ranges(sorted(table))
        return cls(lut, entries, hot, wide, ranges)


def _entries(lut: Codes | None, pairs: PairIndex) -> npt.NDArray[np.uint64]:
    """``lut`` and the numbering of ``pairs`` in one table; the pair index then reads its
    numbering from it."""
    size = max(0 if lut is None else lut.size, pairs.firsts.size, pairs.seconds.size)
    entries = np.arange(size, dtype="<u8")
    if lut is not None:
        entries[: lut.size] = lut
    entries[: pairs.firsts.size] |= pairs.firsts.astype("<u8") << np.uint64(32)
    entries[: pairs.seconds.size] |= pairs.seconds.astype("<u8") << np.uint64(48)
    words = entries.view("<u2")
    pairs.firsts, pairs.seconds = words[2::4], words[3::4]
    return entries


def _ranges(points: list[int], gap: int = 256, most: int = 4) -> list[tuple[int, int]] | None:
    """Ranges covering ``points`` (sorted), splitting only at gaps wider than ``gap``;
    ``None`` when that takes more than ``most`` ranges."""
    ranges: list[list[int]] = []
    for point in points:
        if ranges and point - ranges[-1][1] <= gap:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return [(low, high) for low, high in ranges] if len(ranges) <= most else None


def within(codes: Codes, ranges: list[tuple[int, int]]) -> bool:
    """Whether any code point lies in one of ``ranges``.

    >>> within(codes_of("abc"), [(0x4E00, 0x9FFF)]), within(codes_of("a发"), [(0x4E00, 0x9FFF)])
    (False, True)
    """
    for a, b in chunks(codes.size):
        for low, high in ranges:
            if ((codes[a:b] - np.uint32(low)) <= np.uint32(high - low)).any():
                return True
    return False


def translate_codes(arrays: StepArrays, codes: Codes) -> tuple[Codes, Positions]:
    """The one-character matches applied to ``codes`` (``codes`` itself when they change
    nothing), and where a hot match could start (see :class:`StepArrays`).

    >>> arrays = StepArrays.build({ord("发"): "發"}, set())
    >>> [text_of(out) for out in translate_codes(arrays, codes_of("发"))[:1]]
    ['發']
    """
    entries, lut, hot = arrays.entries, arrays.lut, arrays.hot
    out = codes if entries is None and lut is None else np.empty_like(codes)
    changed = False
    parts = []
    for a, b in chunks(codes.size):
        window = codes[a : b + 1]  # with the next character, for pairs
        numbered = None
        if entries is not None:
            gathered = gather(entries, window, identity=True)
            words = gathered.view("<u2").reshape(-1, 4)
            numbered = words[:-1, 2], words[1:, 3]
            out[a:b] = gathered.view("<u4")[: 2 * (b - a) : 2]
        elif lut is not None:
            out[a:b] = gather(lut, codes[a:b], identity=True)
        if out is not codes and not changed:
            changed = not np.array_equal(out[a:b], codes[a:b])
        if hot.pairs.width > 1:
            if numbered is None:
                numbered = hot.pairs.numbered(window)
            parts.append(hot.starts(codes, numbered, a))
    starts = np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)
    return (out if changed else codes), starts
