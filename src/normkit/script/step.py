"""One conversion step of OpenCC, run over a whole string at C speed where possible.

OpenCC scans a segment from the left; at every position it takes the match of the
step's dictionary (see :mod:`.dictionaries` for group semantics), emits its value and
jumps past it, or copies one character when nothing matches.

The same result, computed mostly in C:

1. ``T = text.translate(table)``: what the step gives where only one-character
   matches happen. A one-character match never depends on its neighbours.
2. A multi-character match changes the output only when its value differs from
   ``translate(key)`` (a *hot* key). Every hot match covers a character at which
   its value differs (an *anchor*); a compiled character class finds them.
3. Around each anchor the scan is replayed exactly in Python, from the nearest
   point where the scan is known to restart: the end of the previous replay, or a
   boundary between two characters that no key has side by side (so no match can
   cross it). Hot matches found are spliced into ``T``.

Characters outside every key (including the segment sentinels) are boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .dictionaries import Leaf

if TYPE_CHECKING:
    from .codepoints import Codes, StepArrays


def char_table(leaves: Sequence[Leaf]) -> dict[int, str]:
    """The one-character matches: the first leaf holding the character wins.

    >>> char_table([{"发": "髮", "头发": "頭髮"}, {"发": "發", "后": "後"}])
    {21457: '髮', 21518: '後'}
    """
    table: dict[int, str] = {}
    seen: set[str] = set()
    for leaf in leaves:
        for key, value in leaf.items():
            if len(key) == 1 and key not in seen:
                seen.add(key)
                if value != key:
                    table[ord(key)] = value
    return table


def charset_pattern(chars: str | set[str]) -> re.Pattern[str]:
    """A compiled character class for ``chars``, with runs of code points as ranges.

    ``re`` tests characters beyond the BMP one range at a time, after its bitmap of BMP
    characters, so a class holding many of them is slow on every character it rejects.
    Such a class becomes "any BMP character of ``chars`` or any astral character",
    confirmed by a lookbehind on the exact class, which runs only where that matched.

    >>> charset_pattern("abcx").pattern
    '[a-cx]'
    >>> charset_pattern("a\\U00020000").findall("ab\\U00020000\\U00020001")
    ['a', '\\U00020000']
    """
    points = sorted({ord(c) for c in chars})
    if not points:
        return re.compile("(?!)")
    exact = _class(points)
    if points[-1] < 0x10000:
        return re.compile(exact)
    bmp = [p for p in points if p < 0x10000]
    candidates = (_class(bmp)[:-1] if bmp else "[") + "\U00010000-\U0010ffff]"
    return re.compile(f"{candidates}(?<={exact})")


def _class(points: list[int]) -> str:
    """``[...]`` for sorted code points, runs written as ranges."""
    parts: list[str] = []
    start = prev = points[0]
    for point in [*points[1:], -2]:
        if point == prev + 1:
            prev = point
            continue
        first, last = re.escape(chr(start)), re.escape(chr(prev))
        parts.append(first if start == prev else f"{first}-{last}")
        start = prev = point
    return "[" + "".join(parts) + "]"


@dataclass
class Step:
    """A compiled conversion step: leaves tried in order at every position, the longest
    key of the first leaf that matches there.

    >>> Step.build([{"头发": "頭髮", "发": "發"}]).run("头发和发展")
    '頭髮和發展'
    """

    #: Per leaf, in short-circuit order: ``key -> value`` (``""`` when the value is what
    #: the character table gives anyway) and ``first two characters -> lengths`` of its
    #: keys of two or more characters (bit ``n`` set: a key of ``n`` characters).
    leaves: list[tuple[dict[str, str], dict[str, int]]]
    table: dict[int, str]
    #: Whether every table value is one character, so ``T`` aligns with the input.
    aligned: bool
    #: Characters around which hot matches can happen ("" when there are none).
    anchor_chars: str
    #: The pairs ``(key[j-1], key[j])`` and ``(key[j], key[j+1])`` around every anchor
    #: position ``j`` of a hot key: an anchor with neither pair around it is no hot match.
    hot_left: frozenset[str]
    hot_right: frozenset[str]
    #: Pairs of characters that stand side by side inside some multi-character key.
    internal: frozenset[str]
    #: Every character that starts a key (for segmentation scans).
    first_chars: str
    _anchors: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    _firsts: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    _fast_table: list[int | str] | None = field(default=None, repr=False, compare=False)
    _table_chars: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    _by_char: dict[str, str] | None = field(default=None, repr=False, compare=False)
    _arrays: StepArrays | None = field(default=None, repr=False, compare=False)
    _scan_leaves: tuple[list[tuple[dict[str, str], dict[str, int], bool]], frozenset[str]] | None = field(
        default=None, repr=False, compare=False
    )

    @classmethod
    def build(cls, leaves: Sequence[Leaf]) -> Step:
        """The step that tries ``leaves`` in order (see :mod:`.dictionaries`)."""
        table = char_table(leaves)
        return cls._compiled(leaves, table, all(len(v) == 1 for v in table.values()))

    def with_first(self, leaf: Leaf) -> Step | None:
        """This step with ``leaf`` tried before its own leaves: what ``build`` gives for
        ``[leaf, *leaves]``, without compiling those again. ``None`` when ``leaf`` holds a
        one-character key (it would change the table, and with it every leaf).

        >>> step = Step.build([{"头发": "頭髮", "头": "頭", "发": "發"}])
        >>> step.with_first({"头发": "首髮"}).run("头发和头")
        '首髮和頭'
        """
        if not leaf or any(len(key) == 1 for key in leaf):
            return None
        part = Step._compiled([leaf], self.table, self.aligned)
        return Step(
            [*part.leaves, *self.leaves],
            self.table,
            self.aligned,
            "".join(sorted(set(self.anchor_chars) | set(part.anchor_chars))),
            self.hot_left | part.hot_left,
            self.hot_right | part.hot_right,
            self.internal | part.internal,
            "".join(sorted(set(self.first_chars) | set(part.first_chars))),
        )

    @classmethod
    def _compiled(cls, leaves: Sequence[Leaf], table: dict[int, str], aligned: bool) -> Step:
        compiled: list[tuple[dict[str, str], dict[str, int]]] = []
        anchors: set[str] = set()
        left: set[str] = set()
        right: set[str] = set()
        internal: set[str] = set()
        firsts: set[str] = set()
        for leaf in leaves:
            values: dict[str, str] = {}
            lengths: dict[str, int] = {}
            for key, value in leaf.items():
                firsts.add(key[0])
                if len(key) == 1:
                    values[key] = ""
                    continue
                prefix = key[:2]
                lengths[prefix] = lengths.get(prefix, 0) | 1 << len(key)
                internal.update(key[j : j + 2] for j in range(len(key) - 1))
                plain = key.translate(table)
                if value == plain:
                    values[key] = ""
                    continue
                values[key] = value
                if aligned and len(value) == len(key):
                    spots = [j for j, (v, p) in enumerate(zip(value, plain, strict=True)) if v != p]
                else:
                    spots = list(range(len(key)))
                for j in spots:
                    anchors.add(key[j])
                    if j > 0:
                        left.add(key[j - 1 : j + 1])
                    if j + 1 < len(key):
                        right.add(key[j : j + 2])
            compiled.append((values, lengths))
        return cls(
            compiled,
            table,
            aligned,
            "".join(sorted(anchors)),
            frozenset(left),
            frozenset(right),
            frozenset(internal),
            "".join(sorted(firsts)),
        )

    def __getstate__(self) -> dict[str, object]:
        # Big dictionaries as joined strings: splitting them back is much faster than unpickling.
        leaves = [
            ("\n".join(values), "\n".join(values.values()), "\n".join(lengths), list(lengths.values()))
            for values, lengths in self.leaves
        ]
        return {
            "leaves": leaves,
            "table": self.table,
            "aligned": self.aligned,
            "anchor_chars": self.anchor_chars,
            "hot_left": "\n".join(self.hot_left),
            "hot_right": "\n".join(self.hot_right),
            "internal": "\n".join(self.internal),
            "first_chars": self.first_chars,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.leaves = [
            (
                dict(zip(keys.split("\n"), values.split("\n"), strict=True)),
                dict(zip(prefixes.split("\n"), lengths, strict=True)) if prefixes else {},
            )
            for keys, values, prefixes, lengths in state["leaves"]
        ]
        self.table = state["table"]
        self.aligned = bool(state["aligned"])
        self.anchor_chars = str(state["anchor_chars"])
        self.hot_left = _split_set(state["hot_left"])
        self.hot_right = _split_set(state["hot_right"])
        self.internal = _split_set(state["internal"])
        self.first_chars = str(state["first_chars"])
        self._anchors = self._firsts = self._fast_table = self._table_chars = self._by_char = None
        self._arrays = self._scan_leaves = None

    @property
    def anchors(self) -> re.Pattern[str] | None:
        if self._anchors is None and self.anchor_chars:
            self._anchors = charset_pattern(self.anchor_chars)
        return self._anchors

    @property
    def firsts(self) -> re.Pattern[str]:
        if self._firsts is None:
            self._firsts = charset_pattern(self.first_chars)
        return self._firsts

    @property
    def fast_table(self) -> list[int | str] | dict[int, str]:
        """The table as a list indexed by code point: ``str.translate`` runs about twice as fast."""
        if not self.table:
            return self.table
        if self._fast_table is None:
            fast: list[int | str] = list(range(max(self.table) + 1))
            for point, value in self.table.items():
                fast[point] = value
            self._fast_table = fast
        return self._fast_table

    @property
    def table_chars(self) -> re.Pattern[str]:
        if self._table_chars is None:
            self._table_chars = charset_pattern("".join(map(chr, self.table)))
        return self._table_chars

    def translate(self, text: str) -> str:
        """The one-character matches applied to ``text``."""
        table = self.table
        if not table:
            return text
        found = self.table_chars.search(text)
        if found is None:
            return text
        if len(table) <= _SPARSE:
            # Few characters to change: replace just them instead of mapping every character.
            by_char = self._by_char
            if by_char is None:
                by_char = self._by_char = {chr(point): value for point, value in table.items()}
            return self.table_chars.sub(lambda m: by_char[m.group()], text)
        return text.translate(self.fast_table)

    def match(self, text: str, i: int) -> tuple[int, str]:
        """OpenCC's match at ``text[i]``: (length, hot value or ""); length 0: none."""
        pair = text[i : i + 2]
        for values, lengths in self.leaves:
            mask = lengths.get(pair)
            if mask is not None:
                for length in _DESCENDING.get(mask) or _descending(mask):
                    key = text[i : i + length]
                    if key in values:
                        return len(key), values[key]
            if text[i] in values:
                return 1, ""
        return 0, ""

    def run(self, text: str) -> str:
        """Apply the step to ``text`` as one segment (sentinels act as boundaries)."""
        translate = self.translate
        anchors = self.anchors
        found = anchors.search(text) if anchors is not None else None
        if found is None:
            out = translate(text)
            return text if out == text else out
        aligned = self.aligned
        base = translate(text) if aligned else text
        internal, left, right = self.internal, self.hot_left, self.hot_right
        leaves = self.leaves
        pieces: list[str] = []
        last = 0  # end of the last splice (input offsets)
        pos = 0  # the scan is known to restart here
        for m in anchors.finditer(text, found.start()):  # type: ignore[union-attr]
            h = m.start()
            if h < pos or (text[h - 1 : h + 1] not in left and text[h : h + 2] not in right):
                continue
            i = h
            while i > pos and text[i - 1 : i + 1] in internal:
                i -= 1
            while i <= h:
                pair = text[i : i + 2]
                step = 1
                for values, lengths in leaves:
                    mask = lengths.get(pair)
                    if mask is not None:
                        value = None
                        for length in _DESCENDING.get(mask) or _descending(mask):
                            key = text[i : i + length]
                            if key in values:
                                step = len(key)
                                value = values[key]
                                break
                        if value is not None:
                            if value:
                                if aligned:
                                    pieces.append(base[last:i])
                                else:
                                    pieces.append(translate(text[last:i]))
                                pieces.append(value)
                                last = i + step
                            break
                    if text[i] in values:
                        break
                i += step
            pos = i
        if not pieces:
            out = base if aligned else translate(text)
            return text if out == text else out
        pieces.append(base[last:] if aligned else translate(text[last:]))
        return "".join(pieces)

    @property
    def arrays(self) -> StepArrays:
        """The step's tables for long texts (built on first use)."""
        if self._arrays is None:
            from .codepoints import StepArrays

            self._arrays = StepArrays.build(self.table, self.hot_keys())
        return self._arrays

    def run_codes(self, codes: Codes, text: str | None) -> tuple[Codes, str | None]:
        """The step over ``codes``, an array of code points (``text``: the same as a
        string, if at hand). Returns the output and, when nothing changed, its string."""
        from .codepoints import merge, splice, text_of, translate_codes, within

        arrays = self.arrays
        if arrays.ranges is not None and not within(codes, arrays.ranges):
            return codes, text
        out, starts = translate_codes(arrays, codes)
        if arrays.wide:
            import numpy as np

            wide = (np.flatnonzero(codes == ord(char)) for char in arrays.wide)
            starts = merge(codes.size, starts, *wide)
        if starts.size:
            if text is None:
                text = text_of(codes)
            found = self.scan_near(text, starts.tolist(), hot_only=True)
            if found:
                return splice(out.copy() if out is codes else out, found), None
        return out, (text if out is codes else None)

    def hot_keys(self) -> set[str]:
        """Every hot key."""
        return {key for values, _ in self.leaves for key, value in values.items() if value}

    def keys(self) -> set[str]:
        """Every key."""
        return {key for values, _ in self.leaves for key in values}

    def scan_near(
        self, text: str, starts: Iterable[int], hot_only: bool, before: int = 0
    ) -> list[tuple[int, int, str]]:
        """The matches of OpenCC's scan over ``text`` from ``before`` characters ahead of
        each of ``starts`` (sorted) up to it: ``(start, length, hot value)``.

        The scan is replayed from the nearest point where it provably restarts. With
        ``hot_only``, only hot matches and one-character matches whose table value is
        not one character (value given) are kept; otherwise every match.
        """
        found: list[tuple[int, int, str]] = []
        internal = self.internal
        leaves, singles = self.scan_leaves
        wide = self.arrays.wide if hot_only else {}
        record_singles = not hot_only and bool(singles)
        descending = _DESCENDING
        size = len(text)
        pos = 0
        for start in starts:
            if start < pos:
                continue
            i = start - before if start - before >= pos else start
            while i > pos and text[i - 1 : i + 1] in internal:
                i -= 1
            while i <= start and i < size:
                pair = text[i : i + 2]
                length = 0
                value = ""
                for values, lengths, check_single in leaves:
                    mask = lengths.get(pair)
                    if mask is not None:
                        for n in descending.get(mask) or _descending(mask):
                            key = text[i : i + n] if n > 2 else pair
                            hit = values.get(key)
                            if hit is not None:
                                length, value = len(key), hit
                                break
                        if length:
                            break
                    if check_single and pair[:1] in values:
                        length = 1
                        break
                if length > 1:
                    if value or not hot_only:
                        found.append((i, length, value))
                    i += length
                    continue
                if record_singles or wide:
                    char = text[i]
                    if record_singles and (length or char in singles):
                        found.append((i, 1, ""))
                    elif char in wide:
                        found.append((i, 1, wide[char]))
                i += 1
            pos = i
        return found

    @property
    def scan_leaves(self) -> tuple[list[tuple[dict[str, str], dict[str, int], bool]], frozenset[str]]:
        """The leaves for :meth:`scan_near`, each with whether its one-character keys must
        be tested (a later leaf has longer keys), and every one-character key."""
        if self._scan_leaves is None:
            singles = [frozenset(key for key in values if len(key) == 1) for values, _ in self.leaves]
            leaves = [
                (values, lengths, bool(singles[k]) and any(later for _, later in self.leaves[k + 1 :]))
                for k, (values, lengths) in enumerate(self.leaves)
            ]
            self._scan_leaves = leaves, frozenset().union(*singles)
        return self._scan_leaves

    def boundaries_at(self, text: str, candidates: Iterable[int]) -> list[int]:
        """Segment boundaries (as :meth:`boundaries`) found by scanning only around ``candidates``.

        Every candidate that is a boundary is in the result (with others found on the way).
        """
        found = self.scan_near(text, candidates, hot_only=False, before=1)
        return [cut for i, length, _ in found for cut in (i, i + length)]

    def boundaries(self, text: str) -> list[int]:
        """The segment boundaries of OpenCC's maximum-match segmentation with this step's dictionary."""
        cuts: list[int] = []
        pos = 0
        match = self.match
        for m in self.firsts.finditer(text):
            i = m.start()
            if i < pos:
                continue
            length, _ = match(text, i)
            if length:
                cuts.append(i)
                cuts.append(i + length)
                pos = i + length
        return cuts


#: Tables with at most this many entries are applied with a regex substitution.
_SPARSE = 1500


#: Key lengths, longest first, by bit mask (see :attr:`Step.leaves`).
_DESCENDING: dict[int, tuple[int, ...]] = {}


def _descending(mask: int) -> tuple[int, ...]:
    lengths = tuple(n for n in range(mask.bit_length() - 1, 1, -1) if mask >> n & 1)
    _DESCENDING[mask] = lengths
    return lengths


def _split_set(joined: str) -> frozenset[str]:
    return frozenset(joined.split("\n")) if joined else frozenset()
