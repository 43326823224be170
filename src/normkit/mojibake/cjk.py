"""Undo "UTF-8 bytes decoded as a CJK codec": GBK/GB18030, Big5, Shift-JIS, EUC-KR, EUC-JP.

The misread characters are turned back into the bytes they came from; where those
bytes form valid UTF-8 of CJK text, and the result is clearly more plausible, the
stretch is replaced. Lost bytes (shown as ``?`` or U+FFFD, or dropped) break the
UTF-8 character they belonged to: that character becomes U+FFFD and the rest is
recovered. A stretch with too much lost is left alone.

This module works on a whole text: which families it may hold, the runs that can
confirm a family, the short runs of confirmed lines, and the repairs kept; reading one
run is :mod:`.stretches`' job, UTF-8 bytes :mod:`.utf8`'s.

>>> repair("鏁版嵁鍖呭湴鍧€ 2024")
'数据包地址 2024'
"""

from __future__ import annotations

import bisect
import functools
import re
from operator import itemgetter

import numpy as np
import numpy.typing as npt

from .chains import chain_ends, encode_text
from .scoring import tiers
from .stretches import SHOWN_AS_LOST, Memo, Repair, consider, truncated_character
from .tables import (
    FAMILIES,
    ONLY_WITH,
    Family,
    characters,
    code_units,
    family,
    suspect_pair,
    suspects_in_bmp,
)

__all__ = ["Repair", "RunCounts", "find_repairs", "might_have_mojibake", "repair", "suspected_families"]

_NEWLINE = re.compile("\n")
#: The codec used to find confirmable runs quickly, per family.
_ENCODER = {
    "gbk": "gbk",
    "gbk-web": "gbk",
    "big5": "cp950",
    "shift-jis": "cp932",
    "euc-kr": "cp949",
    "euc-jp": "euc_jp",
}
#: Runs this short are looked at for short repairs even without a lost-byte mark.
_SHORT = 8


def might_have_mojibake(text: str) -> bool:
    """The cheap test: False means no stretch of this text can be repaired.

    >>> might_have_mojibake("娴嬭瘯鏁版嵁"), might_have_mojibake("数据 2024")
    (True, False)
    """
    return bool(suspected_families(text))


#: All families, as bits of :func:`suspected_families`.
_ALL = (1 << len(FAMILIES)) - 1


def suspected_families(text: str) -> int:
    """The families whose misreading this text may hold, as bits (``i``: the ``i``-th of
    ``FAMILIES``); 0 means no stretch of this text can be repaired.

    Suspects are found with one table look-up per character, vectorised: several times
    faster than a regex class scan of CJK text. Then :func:`suspect_pair` is searched
    for from the first suspect (or the ``?`` before it). A family none of whose
    suspects is in the text is not looked at (all are, with U+FFFD and no suspect).

    >>> bits = suspected_families("鏁版嵁鍖呭湴鍧€")
    >>> [name for i, name in enumerate(FAMILIES) if bits >> i & 1]
    ['gbk', 'gbk-web', 'euc-jp']
    >>> suspected_families("数据")
    0
    """
    if text.isascii():
        return _ALL if "\ufffd" in text else 0
    table, beyond = suspects_in_bmp()
    units = code_units(text)
    found = table.take(units)
    # (a suspect beyond the BMP: the text's characters beyond it, met with the suspects'
    # set, where a search of the text for each of the hundred suspects took 0.1 ms a page)
    far = units.size != len(text) and not _far_suspects(beyond).isdisjoint(_FAR.findall(text))
    if not found.any() and not far:
        return _ALL if "\ufffd" in text else 0  # the common case: clean text
    at = np.flatnonzero(found)
    bits = int(np.bitwise_or.reduce(found.take(at))) if at.size else 0
    if far:
        bits = _ALL
    if "\ufffd" in text:
        return bits or _ALL
    if not bits:
        return 0
    start = int(at[0]) - 1 if units.size == len(text) and at.size else 0
    return bits if suspect_pair().search(text, max(start, 0)) is not None else 0


#: A character beyond the BMP.
_FAR = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _far_suspects(beyond: tuple[str, ...]) -> frozenset[str]:
    return frozenset(beyond)


def find_repairs(text: str) -> list[Repair]:
    """The repairs to make, not overlapping, in text order.

    A stretch that is clearly repaired on its own evidence confirms its codec family
    for its line; short stretches (one character, or only lost bytes) are then
    repaired too, but only on a line where their family is confirmed: elsewhere a
    lone everyday character, or one before a real ``?``, is clean text.

    >>> find_repairs("鏁版嵁鍖呭湴鍧€ 2024")
    [Repair(start=0, end=8, new='数据包地址', family='gbk-web', gain=10.0)]
    """
    suspected = suspected_families(text)
    if not suspected:
        return []
    strong: list[Repair] = []
    weak: list[Repair] = []
    # First the runs with two UTF-8 characters in a row, found on the whole text's
    # bytes at C speed; they alone can confirm a family.
    # A run a family repaired whole, with nothing lost, is not read by the next ones.
    done: set[tuple[int, int]] = set()
    memo = Memo()
    hits: dict[str, npt.NDArray[np.intp]] = {}
    bounds: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]] = {}  # runs by family
    bit = {name: 1 << i for i, name in enumerate(FAMILIES)}
    for name in sorted(FAMILIES, key=lambda n: n not in ONLY_WITH):  # (their runs are few)
        if not suspected & bit[name] or (name in ONLY_WITH and ONLY_WITH[name] not in text):
            continue
        fam = family(name)
        only = ONLY_WITH.get(name)
        for start, end in _confirmable_runs(text, fam, hits, bounds):
            if (start, end) in done or (only is not None and text.find(only, start, end) < 0):
                continue
            found = len(strong)
            consider(text, start, end, fam, strong, weak, confirming=True, memo=memo)
            new = strong[found:]
            if (
                new
                and sum(r.end - r.start for r in new) == end - start
                and all("\ufffd" not in r.new for r in new)
            ):
                done.add((start, end))
    lines = _Lines(text)
    confirmed = {(r.family, lines.start(r.start)) for r in strong}
    # Then, for a confirmed family only, every other run on a confirmed line: short repairs.
    seen = {(r.start, r.end) for r in strong}
    counts = RunCounts(text)
    for name in sorted({name for name, _ in confirmed}):
        fam = family(name)
        starts, ends = bounds[name] if name in bounds else fam.run_bounds(text)
        on_line = _among(lines.starts_of(starts), [line for n, line in confirmed if n == name])
        starts, ends = starts[on_line], ends[on_line]
        # (the runs worth a look, vectorised: a single character that is a truncated
        # lead, a longer run short or with a loss mark, holding ``only`` if the family has one)
        keep = counts.worth_reading(starts, ends, fam)
        starts, ends = starts[keep], ends[keep]
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if end - start == 1:
                truncated_character(text[start], start, fam, weak)
            elif (start, end) not in seen:
                consider(text, start, end, fam, strong, weak, confirming=False, memo=memo)
    candidates = strong + [r for r in weak if (r.family, lines.start(r.start)) in confirmed]
    return _disjoint(candidates, len(text))


class RunCounts:
    """Prefix counts over a text in the BMP, to tell which runs of a confirmed line are
    worth a look without looking at each: those the loop of :func:`find_repairs` would
    pass to :func:`.stretches.truncated_character` or to a :func:`.stretches.consider`
    that reads on (it returns at once when the run has no loss mark and no character
    outside the common tier and ASCII: ``uncommon``).

    >>> RunCounts("涓 中文?").lost.tolist()[-1]
    1
    """

    def __init__(self, text: str) -> None:
        units = code_units(text)
        #: One index per character (:func:`.tables.characters`; the code units in the BMP).
        self.units: npt.NDArray[np.uint16] | npt.NDArray[np.int64] = units
        self.beyond: tuple[str, ...] = ()
        if units.size != len(text):
            self.units, self.beyond = characters(text)
        found = np.frombuffer(tiers(text).encode("ascii"), dtype=np.uint8)
        unlikely = (found != ord("a")) & (found != ord("c"))
        question = self.units == ord("?")
        self.marks = _prefix(unlikely | question)  # (U+FFFD is ``k``: unlikely)
        self.lost = _prefix(question | (self.units == 0xFFFD))
        self.dots: npt.NDArray[np.int64] | None = None  # (cp932's ``・``, when needed)
        self.only: dict[str, npt.NDArray[np.int64]] = {}

    def worth_reading(
        self, starts: npt.NDArray[np.intp], ends: npt.NDArray[np.intp], fam: Family
    ) -> npt.NDArray[np.bool_]:
        """Which runs ``starts``/``ends`` of ``fam`` the loop must look at (the rest it
        would pass over without a change).

        >>> counts = RunCounts("涓 中文 ab 娴嬭瘯")
        >>> counts.worth_reading(np.array([0, 2, 8]), np.array([1, 4, 11]), family("gbk")).tolist()
        [True, False, True]
        """
        size = ends - starts
        single = size == 1
        if single.any():
            table = _truncated_table(fam.name)
            if self.beyond:
                truncated = fam.truncated_leads
                table = np.concatenate(
                    (table, np.array([ch in truncated for ch in self.beyond], dtype=np.bool_))
                )
            single &= table.take(self.units.take(np.minimum(starts, self.units.size - 1)))
        lost = self.lost.take(ends) > self.lost.take(starts)
        worth = self.marks.take(ends) > self.marks.take(starts)
        if fam.name in SHOWN_AS_LOST:  # (a ``・`` is read as ``?``)
            if self.dots is None:
                self.dots = _prefix(self.units == ord(SHOWN_AS_LOST[fam.name]))
            dots = self.dots.take(ends) > self.dots.take(starts)
            lost |= dots
            worth |= dots
        keep: npt.NDArray[np.bool_] = single | ((size >= 2) & ((size <= _SHORT) | lost) & worth)
        only = ONLY_WITH.get(fam.name)
        if only is not None:
            if only not in self.only:
                self.only[only] = _prefix(self.units == ord(only))
            keep &= self.only[only].take(ends) > self.only[only].take(starts)
        return keep


def _prefix(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """How many of ``mask`` are set before each position (and the end)."""
    found = np.zeros(mask.size + 1, dtype=np.int64)
    np.cumsum(mask, out=found[1:])
    return found


@functools.cache
def _truncated_table(name: str) -> npt.NDArray[np.bool_]:
    """``family(name).truncated_leads`` over the code units of the BMP."""
    table = np.zeros(0x10000, dtype=np.bool_)
    table[[ord(ch) for ch in family(name).truncated_leads if ord(ch) <= 0xFFFF]] = True
    return table


def _among(values: npt.NDArray[np.int64], wanted: list[int]) -> npt.NDArray[np.bool_]:
    """Which of ``values`` are in ``wanted`` (``np.isin`` for a short list, cheaper)."""
    table = np.array(sorted(wanted), dtype=np.int64)
    at = np.minimum(np.searchsorted(table, values), table.size - 1)
    found: npt.NDArray[np.bool_] = table.take(at) == values
    return found


def _disjoint(candidates: list[Repair], size: int) -> list[Repair]:
    """The candidates by decreasing gain, each kept unless it overlaps one kept before,
    in text order: the spans taken are marked in one byte array (linear time)."""
    taken = bytearray(size)
    chosen: list[Repair] = []
    for cand in sorted(candidates, key=itemgetter(4), reverse=True):  # (by gain; stable)
        if cand.end > cand.start and taken.find(1, cand.start, cand.end) < 0:
            taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            chosen.append(cand)
    chosen.sort(key=itemgetter(0))
    return chosen


class _Lines:
    """Where the lines of a text start, for looking up the line of a position."""

    def __init__(self, text: str) -> None:
        self.positions = [m.start() for m in _NEWLINE.finditer(text)]
        self.breaks = np.array(self.positions, dtype=np.int64)

    def start(self, pos: int) -> int:
        """Where the line holding ``text[pos]`` starts."""
        at = bisect.bisect_left(self.positions, pos) - 1
        return 0 if at < 0 else self.positions[at] + 1

    def starts_of(self, positions: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
        """:meth:`start` of every position, vectorised."""
        at = np.searchsorted(self.breaks, positions) - 1
        padded = np.concatenate(([np.int64(-1)], self.breaks))
        return padded.take(at + 1) + 1


def _confirmable_runs(
    text: str,
    fam: Family,
    hits: dict[str, npt.NDArray[np.intp]] | None = None,
    bounds: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]] | None = None,
) -> list[tuple[int, int]]:
    """The runs of ``fam``'s characters whose bytes hold two UTF-8 characters in a row.
    (``hits``: :func:`_chain_ends` of ``text`` by encoder, shared by the families that
    use one encoder; ``bounds``: the family's runs are left there for the next pass.)"""
    encoder = _ENCODER[fam.name]
    chars = None if hits is None else hits.get(encoder)
    if chars is None:
        chars = _chain_ends(text, encoder)
        if hits is not None:
            hits[encoder] = chars
    if not chars.size:
        return []
    starts, ends = fam.run_bounds(text)
    if bounds is not None:
        bounds[fam.name] = starts, ends
    at = np.searchsorted(starts, chars, side="right") - 1
    inside = (at >= 0) & (chars < ends.take(np.maximum(at, 0), mode="clip"))
    found = np.unique(at[inside])
    return list(zip(starts.take(found).tolist(), ends.take(found).tolist(), strict=True))


def _chain_ends(text: str, encoder: str) -> npt.NDArray[np.intp]:
    """The characters of ``text`` holding the first and the last UTF-8 character of each
    chain of them (see :data:`.chains.CHAIN`) in ``text`` encoded by ``encoder``."""
    # What the codec cannot encode (other scripts, U+FFFD) becomes one ``?``, as in
    # ``Family.lengths``, and every ``?`` may stand for a lost byte. The few differences
    # from the exact tables only matter here, in choosing the runs to look at.
    written = encode_text(text, encoder)  # the bytes and each character's offset, from tables
    if written is not None:
        raw, byte_start = written
    else:
        encoded = text.encode(encoder, "replace").replace(b"?", b"\xff")
        raw = np.frombuffer(encoded, dtype=np.uint8)
        sizes = np.array([len(ch.encode(encoder, "replace")) for ch in text], dtype=np.int64)
        byte_start = np.zeros(len(text) + 1, dtype=np.int64)
        np.cumsum(sizes, out=byte_start[1:])
    hits = chain_ends(raw)
    if not hits.size:
        return np.zeros(0, dtype=np.intp)
    return np.searchsorted(byte_start, hits, side="right") - 1


def repair(text: str) -> str:
    """Apply :func:`find_repairs` (for tests and interactive use).

    >>> repair("娴嬭瘯鏁版嵁: 42")
    '测试数据: 42'
    """
    out = []
    pos = 0
    for rep in find_repairs(text):
        out.append(text[pos : rep.start])
        out.append(rep.new)
        pos = rep.end
    out.append(text[pos:])
    return "".join(out)
