"""One conversion step of OpenCC, run over a whole string at C speed where possible.

OpenCC scans a segment from the left; at every position it takes the match of the
step's dictionary (see :mod:`._config` for group semantics), emits its value and
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

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from ._config import Leaf


def char_table(leaves: Sequence[Leaf]) -> dict[int, str]:
    """The one-character matches: the first leaf holding the character wins."""
    table: dict[int, str] = {}
    seen: set[str] = set()
    for leaf in leaves:
        for key, value in leaf.items():
            if len(key) == 1 and key not in seen:
                seen.add(key)
                if value != key:
                    table[ord(key)] = value
    return table


def _charset(chars: set[str]) -> str:
    return "[" + "".join(regex.escape(c) for c in sorted(chars)) + "]"


@dataclass
class Stage:
    """A compiled conversion step."""

    #: Per leaf, in short-circuit order: ``key -> value`` (``None`` when the value is
    #: what the character table gives anyway) and ``first character -> longest key``.
    leaves: list[tuple[dict[str, str | None], dict[str, int]]]
    table: dict[int, str]
    #: Whether every table value is one character, so ``T`` aligns with the input.
    aligned: bool
    #: Characters around which hot matches can happen ("" when there are none).
    anchor_chars: str
    #: Pairs of characters that stand side by side inside some multi-character key.
    internal: frozenset[str]
    #: Every character that starts a key (for segmentation scans).
    first_chars: str
    _anchors: regex.Pattern[str] | None = field(default=None, repr=False, compare=False)
    _firsts: regex.Pattern[str] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(cls, leaves: Sequence[Leaf]) -> Stage:
        table = char_table(leaves)
        aligned = all(len(v) == 1 for v in table.values())
        compiled: list[tuple[dict[str, str | None], dict[str, int]]] = []
        anchors: set[str] = set()
        internal: set[str] = set()
        firsts: set[str] = set()
        for leaf in leaves:
            values: dict[str, str | None] = {}
            longest: dict[str, int] = {}
            for key, value in leaf.items():
                first = key[0]
                firsts.add(first)
                if len(key) > longest.get(first, 0):
                    longest[first] = len(key)
                if len(key) == 1:
                    values[key] = None
                    continue
                internal.update(key[j : j + 2] for j in range(len(key) - 1))
                plain = key.translate(table)
                if value == plain:
                    values[key] = None
                    continue
                values[key] = value
                if aligned and len(value) == len(key):
                    anchors.update(k for k, v, p in zip(key, value, plain, strict=True) if v != p)
                else:
                    anchors.update(key)
            compiled.append((values, longest))
        return cls(
            compiled, table, aligned, "".join(sorted(anchors)), frozenset(internal), "".join(sorted(firsts))
        )

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_anchors"] = state["_firsts"] = None
        return state

    @property
    def anchors(self) -> regex.Pattern[str] | None:
        if self._anchors is None and self.anchor_chars:
            self._anchors = regex.compile(_charset(set(self.anchor_chars)))
        return self._anchors

    @property
    def firsts(self) -> regex.Pattern[str]:
        if self._firsts is None:
            self._firsts = regex.compile(_charset(set(self.first_chars)) if self.first_chars else "(?!)")
        return self._firsts

    def match(self, text: str, i: int) -> tuple[int, str | None]:
        """OpenCC's match at ``text[i]``: (length, hot value or None); length 0: none."""
        c = text[i]
        for values, longest in self.leaves:
            m = longest.get(c)
            if m is None:
                continue
            for length in range(m, 0, -1):
                key = text[i : i + length]
                if key in values:
                    return len(key), values[key]
        return 0, None

    def run(self, text: str) -> str:
        """Apply the step to ``text`` as one segment (sentinels act as boundaries)."""
        table = self.table
        anchors = self.anchors
        found = anchors.search(text) if anchors is not None else None
        if found is None:
            out = text.translate(table) if table else text
            return text if out == text else out
        aligned = self.aligned
        base = text.translate(table) if aligned else text
        internal = self.internal
        leaves = self.leaves
        pieces: list[str] = []
        last = 0  # end of the last splice (input offsets)
        pos = 0  # the scan is known to restart here
        for m in anchors.finditer(text, found.start()):  # type: ignore[union-attr]
            h = m.start()
            if h < pos:
                continue
            i = h
            while i > pos and text[i - 1 : i + 1] in internal:
                i -= 1
            while i <= h:
                c = text[i]
                step = 1
                for values, longest in leaves:
                    mx = longest.get(c)
                    if mx is None:
                        continue
                    hit = False
                    for length in range(mx, 0, -1):
                        key = text[i : i + length]
                        if key in values:
                            hit = True
                            step = len(key)
                            value = values[key]
                            if value is not None:
                                if aligned:
                                    pieces.append(base[last:i])
                                else:
                                    pieces.append(text[last:i].translate(table))
                                pieces.append(value)
                                last = i + step
                            break
                    if hit:
                        break
                i += step
            pos = i
        if not pieces:
            out = base if aligned else text.translate(table)
            return text if out == text else out
        pieces.append(base[last:] if aligned else text[last:].translate(table))
        return "".join(pieces)

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
