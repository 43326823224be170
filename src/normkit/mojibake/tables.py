"""Character tables derived from the codecs themselves, built once and lazily.

No frequency list can be downloaded, but the legacy CJK character sets were laid out
by frequency: their first level holds the characters of everyday text. Those levels
give the "common" tier used to judge which of two readings is more plausible.

- GB2312 level 1 (lead bytes 0xB0-0xD7): the 3755 most common simplified hanzi.
- Big5 level 1 (0xA440-0xC67E): the 5401 common traditional hanzi.
- JIS X 0208 level 1 kanji (Shift-JIS 0x889F-0x9872): 2965 common kanji.
- KS X 1001 hangul (EUC-KR lead 0xB0-0xC8): the 2350 common hangul syllables.
"""

from __future__ import annotations

import functools
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .._cache import cached_bytes

#: The codec families a UTF-8 text is commonly misread as. The first name is used in
#: explanations; ``encoders`` are tried in order to get the bytes back.
FAMILIES: dict[str, tuple[str, ...]] = {
    "gbk": ("gb18030", "gbk", "cp936"),
    # GBK as browsers (WHATWG) and Windows (cp936) decode it: byte 0x80 is ``€``, which
    # Python's gbk and gb18030 codecs reject (they have ``€`` at 0xA2E3 only).
    "gbk-web": ("gb18030", "gbk", "cp936"),
    "big5": ("cp950", "big5", "big5hkscs"),
    "shift-jis": ("cp932", "shift_jis", "shift_jis_2004"),
    "euc-kr": ("cp949", "euc_kr"),
    "euc-jp": ("euc_jp", "euc_jis_2004"),
}

#: Where a family's decoder differs from Python's codecs (from the WHATWG Encoding
#: Standard's index-gb18030 and its gbk decoder: "If byte is 0x80, return U+20AC").
OVERRIDES: dict[str, dict[str, bytes]] = {"gbk-web": {"€": b"\x80"}}
#: A family looked at only when the text holds one of these characters.
ONLY_WITH: dict[str, str] = {"gbk-web": "€"}

_TRAILS = [*range(0x40, 0x7F), *range(0x80, 0xFF)]


def decode_block(codecs: tuple[str, ...], leads: range, trails: list[int]) -> dict[str, bytes]:
    """Map every character that ``codecs`` decode from the given two-byte codes to its bytes.

    Each code is decoded in one batch per lead byte, codes separated by a newline, which
    no codec accepts as a trail byte, so an invalid code never swallows the next one.

    >>> decode_block(("gbk",), range(0xD6, 0xD7), [0xD0])
    {'中': b'\\xd6\\xd0'}
    """
    found: dict[str, bytes] = {}
    for codec in codecs:
        for lead in leads:
            batch = b"\n".join(bytes((lead, trail)) for trail in trails)
            pieces = batch.decode(codec, "replace").split("\n")
            if len(pieces) != len(trails):
                continue
            for trail, ch in zip(trails, pieces, strict=True):
                if len(ch) == 1 and ch != "\ufffd" and ch not in found:
                    found[ch] = bytes((lead, trail))
    return found


@functools.cache
def common_chars() -> frozenset[str]:
    """Characters of everyday CJK text: the first levels of the legacy sets, kana, punctuation.

    >>> "中" in common_chars(), "鍖" in common_chars()
    (True, False)
    """
    chars: set[str] = set()
    chars.update(decode_block(("gb2312",), range(0xB0, 0xD8), list(range(0xA1, 0xFF))))
    big5 = decode_block(("cp950",), range(0xA4, 0xC7), _TRAILS)
    chars.update(ch for ch, raw in big5.items() if 0xA440 <= int.from_bytes(raw, "big") <= 0xC67E)
    jis = decode_block(("shift_jis",), range(0x88, 0x99), _TRAILS)
    chars.update(ch for ch, raw in jis.items() if 0x889F <= int.from_bytes(raw, "big") <= 0x9872)
    chars.update(decode_block(("euc_kr",), range(0xB0, 0xC9), list(range(0xA1, 0xFF))))
    # Kana, CJK and full-width punctuation, the quotes and dashes used in CJK text.
    chars.update(chr(c) for c in range(0x3041, 0x3097))
    chars.update(chr(c) for c in range(0x30A1, 0x30FF))
    chars.update(chr(c) for c in range(0x3000, 0x3020))
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F) if not chr(c).isalpha())
    chars.update("“”‘’…—–·•")
    return frozenset(chars)


#: Byte counts as written by ``Family.lengths``; anything else is a one-byte stand-in.
_SIZE_BYTES = bytes([1, 1, 2, 3, 4] + [1] * 251)


#: Segments up to this long are turned into bytes by the table (see ``Family.to_raw``).
_FEW_CHARACTERS = 16


@dataclass(frozen=True)
class Family:
    """What is needed to undo "UTF-8 read as this codec family".

    >>> gbk = family("gbk")
    >>> gbk.to_raw("娴嬭瘯", "").decode()
    '测试'
    >>> list(gbk.runs("a娴嬭瘯 b"))
    [(1, 4)]
    """

    name: str
    #: character -> the bytes it came from, for every non-ASCII character of the family.
    to_bytes: dict[str, bytes]
    #: A codec that gives exactly ``to_bytes`` for every character outside ``differ``
    #: (``None``: use the tables), and those characters.
    encoder: str | None
    differ: frozenset[str]
    #: Membership (with the loss marks) and byte counts over the code units of the BMP
    #: (see :func:`code_units`; a text with characters beyond it gets a row appended per
    #: such character, see :func:`characters`).
    member_table: npt.NDArray[np.bool_]
    length_table: npt.NDArray[np.uint8]

    # The ``str.translate`` tables below are built on first use: most texts need none.

    @functools.cached_property
    def member_mask(self) -> dict[int, str]:
        """Marks the characters the family can produce (and the loss markers) as ``M``;
        runs of them are found in the translated text (much faster than a regex class
        of twenty thousand characters)."""
        mask = dict.fromkeys(map(ord, [*self.to_bytes, "\ufffd", "?"]), "M")
        mask[ord("M")] = "m"
        return mask

    @functools.cached_property
    def plain(self) -> dict[int, str]:
        """Character -> its bytes as latin-1 text; U+FFFD -> 0xFF (a lost byte)."""
        table = {ord(ch): raw.decode("latin-1") for ch, raw in self.to_bytes.items()}
        table[0xFFFD] = "\xff"
        return table

    @functools.cached_property
    def question(self) -> dict[int, str]:
        """:attr:`plain`, and ``?`` -> 0xFF too."""
        return {**self.plain, ord("?"): "\xff"}

    @functools.cached_property
    def lengths(self) -> dict[int, str]:
        """Character -> its byte count as a code point (loss marks: one)."""
        table = {ord(ch): chr(len(raw)) for ch, raw in self.to_bytes.items()}
        table[0xFFFD] = table[ord("?")] = table[1] = table[2] = table[3] = table[4] = "\x01"
        return table

    @functools.cached_property
    def truncated_leads(self) -> frozenset[str]:
        """The characters whose two bytes are the start of a three-byte UTF-8 character
        (a lead 0xE0-0xEF, then a continuation byte): alone, one whose rest was dropped."""
        return frozenset(
            ch
            for ch, raw in self.to_bytes.items()
            if len(raw) == 2 and 0xE0 <= raw[0] <= 0xEF and 0x80 <= raw[1] <= 0xBF
        )

    def to_raw(self, segment: str, marks: str) -> bytes:
        """The bytes ``segment`` came from, every loss mark in ``marks`` as 0xFF.
        (The codec for longer segments; for a few characters the table is cheaper than
        the codec's set-up, with the same bytes.)"""
        if self.encoder is not None and len(segment) > _FEW_CHARACTERS and self.differ.isdisjoint(segment):
            stand_in = segment.replace("\ufffd", "\x00")
            if "?" in marks:
                stand_in = stand_in.replace("?", "\x00")
            try:
                return stand_in.encode(self.encoder).replace(b"\x00", b"\xff")
            except UnicodeEncodeError:
                pass  # a character only another codec of the family has
        return segment.translate(self.question if "?" in marks else self.plain).encode("latin-1")

    @functools.cached_property
    def byte_rows(self) -> npt.NDArray[np.uint8]:
        """Per BMP code unit, the bytes :meth:`to_raw` gives (loss marks, ``?`` too, as
        0xFF), in rows of two end to end, zero-padded: for :meth:`text_bytes` (cached on disk)."""

        def build() -> bytes:
            rows = np.zeros((0x10000, 2), dtype=np.uint8)
            for ch, raw in self.to_bytes.items():
                if len(ch) == 1 and ord(ch) <= 0xFFFF:
                    rows[ord(ch), : len(raw)] = np.frombuffer(raw, dtype=np.uint8)
            rows[[0xFFFD, ord("?")], 0] = 0xFF
            return rows.tobytes()

        version = f"{sys.version_info[0]}.{sys.version_info[1]}-{unicodedata.unidata_version}"
        data = cached_bytes(f"mojibake-rows-{self.name}-{version}.bin", build)
        if len(data) != 0x10000 * 2:
            data = build()
        return np.frombuffer(data, dtype=np.uint8)

    def text_bytes(self, text: str) -> tuple[list[int], bytes]:
        """Where each character's bytes start (as :meth:`byte_starts`) and the bytes of
        the whole text, so that a run's ``to_raw(run, "\ufffd?")`` is a slice (characters
        outside the family are stand-ins of one byte). Characters beyond the BMP get a
        row each (see :func:`characters`).

        >>> starts, raw = family("gbk").text_bytes("ok 娴嬭瘯")
        >>> raw[starts[3] : starts[-1]] == family("gbk").to_raw("娴嬭瘯", "?")
        True
        >>> starts, raw = family("big5").text_bytes("😀 嚗𧨾")
        >>> raw[starts[2] : starts[-1]] == family("big5").to_raw("嚗𧨾", "?")
        True
        """
        units = code_units(text)
        sizes, rows = self.length_table, self.byte_rows
        if units.size == len(text):
            index: npt.NDArray[np.int64] | npt.NDArray[np.uint16] = units
        else:
            index, beyond = characters(text)
            extra = [self.to_bytes.get(ch, b"\x00") for ch in beyond]
            sizes = np.concatenate((sizes, np.array([len(raw) for raw in extra], dtype=np.uint8)))
            rows = np.concatenate(
                (rows, np.frombuffer(b"".join(raw.ljust(2, b"\x00") for raw in extra), dtype=np.uint8))
            )
        counts = sizes.take(index)
        starts = np.zeros(len(text) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        where = np.repeat(index.astype(np.int64) * 2 - starts[:-1], counts)
        where += np.arange(where.size, dtype=np.int64)
        return starts.tolist(), rows.take(where).tobytes()

    @functools.cached_property
    def length_chars(self) -> str:
        """``length_table`` as a ``str.translate`` table (a string indexed by code unit)."""
        return self.length_table.tobytes().decode("latin-1")

    def byte_counts(self, run: str) -> bytes:
        """Each character's byte count (as in ``lengths``) for a run of the family's
        characters and loss marks."""
        counts = run.translate(self.length_chars)
        if not counts.isascii():  # a character beyond the BMP, left as it was
            counts = run.translate(self.lengths)
        return counts.encode("latin-1")

    def runs(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every run of characters this family can produce."""
        starts, ends = self.run_bounds(text)
        yield from zip(starts.tolist(), ends.tolist(), strict=True)

    def run_bounds(self, text: str) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """The starts and ends of :meth:`runs`, as arrays (vectorised for BMP text)."""
        units = code_units(text)
        if units.size == len(text):
            mask = self.member_table.take(units).view(np.int8)
        else:  # a row per character beyond the BMP
            index, beyond = characters(text)
            extra = np.array([ch in self.to_bytes for ch in beyond], dtype=np.bool_)
            mask = np.concatenate((self.member_table, extra)).take(index).view(np.int8)
        edges = np.diff(mask, prepend=np.int8(0), append=np.int8(0))
        return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)

    def byte_starts(self, text: str, *, cache: bool = True) -> npt.NDArray[np.int64]:
        """Where each character's bytes start (and the end), with every character
        outside the family (and every loss mark) one byte, as in ``lengths``.
        (``cache``: keep ``text``'s code units for the next call, see :func:`code_units`.)"""
        units = code_units(text) if cache else _units(text)
        if units.size == len(text):
            sizes = self.length_table.take(units)
        else:
            sizes = np.frombuffer(
                text.translate(self.lengths).encode("latin-1", "replace").translate(_SIZE_BYTES),
                dtype=np.uint8,
            )
        starts = np.zeros(len(text) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        return starts


def char_class(chars: set[str]) -> str:
    """A compact regex character class for ``chars`` (ranges of consecutive code points).

    >>> print(char_class({"a", "b", "c", "x"}))
    [\\u0061-\\u0063\\u0078]
    """
    points = sorted(ord(c) for c in chars)
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = points[i], points[j]
        parts.append(_escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}")
        i = j + 1
    return "[" + "".join(parts) + "]"


def _literal_class(chars: Iterable[str]) -> str:
    """The class of ``chars`` (best all in the BMP) spelt out one character at a time.

    The stdlib ``re`` compiles such a class to one bitmap (tested in constant time per
    character), whereas ranges written as ``\\uXXXX-\\uXXXX`` escapes end up tested one
    range after another: the literal spelling searches several times faster.
    """
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _escape(point: int) -> str:
    return f"\\u{point:04x}" if point <= 0xFFFF else f"\\U{point:08x}"


@functools.cache
def family(name: str) -> Family:
    """The tables of one codec family, built on first use (the character to bytes
    mapping is cached on disk, as JSON).

    >>> family("gbk").to_bytes["涓"]
    b'\\xe4\\xb8'
    """
    codecs = FAMILIES[name]
    key = f"mojibake-family-{name}-{sys.version_info[0]}.{sys.version_info[1]}-{unicodedata.unidata_version}.json"
    try:
        loaded = json.loads(cached_bytes(key, lambda: _exact_mapping_json(name)))
        exact = {ch: raw.encode("latin-1") for ch, raw in loaded.items()}
    except (ValueError, AttributeError, UnicodeError):  # a damaged cache file
        exact = _exact_mapping(name)
    chars = list(exact)  # each encoded once, in one call, separated by newlines
    encoded = "\n".join(chars).encode(codecs[0], "replace").split(b"\n")
    differ = frozenset(ch for ch, got in zip(chars, encoded, strict=True) if got not in (exact[ch], b"?"))
    encoder = codecs[0] if len(differ) <= 8 else None
    points = np.array([ord(ch) for ch in chars], dtype=np.int64)
    sizes = np.array([len(raw) for raw in exact.values()], dtype=np.uint8)
    in_bmp = points <= 0xFFFF
    member_table = np.zeros(0x10000, dtype=np.bool_)
    length_table = np.ones(0x10000, dtype=np.uint8)
    member_table[points[in_bmp]] = True
    length_table[points[in_bmp]] = sizes[in_bmp]
    member_table[[0xFFFD, ord("?")]] = True
    return Family(name, exact, encoder, differ, member_table, length_table)


def _exact_mapping(name: str) -> dict[str, bytes]:
    """Every character a family's codecs decode from one or two bytes, and those bytes."""
    codecs = FAMILIES[name]
    mapping = decode_block(codecs, range(0x81, 0xFF), _TRAILS)
    for codec in codecs:  # single high bytes: half-width katakana, cp932's extras
        for byte in range(0x80, 0x100):
            try:
                ch = bytes((byte,)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and ord(ch) >= 0x80 and ch not in mapping:
                mapping[ch] = bytes((byte,))
    # Keep only characters that round-trip, so that re-encoding is exact.
    exact = {ch: raw for ch, raw in mapping.items() if _round_trips(ch, raw, codecs) and ord(ch) != 0xFFFD}
    exact.update(OVERRIDES.get(name, {}))
    return exact


def _exact_mapping_json(name: str) -> bytes:
    mapping = {ch: raw.decode("latin-1") for ch, raw in _exact_mapping(name).items()}
    return json.dumps(mapping, ensure_ascii=False).encode("utf-8")


def _round_trips(ch: str, raw: bytes, codecs: tuple[str, ...]) -> bool:
    for codec in codecs:
        try:
            if ch.encode(codec) == raw:
                return True
        except UnicodeEncodeError:
            continue
    return False


@functools.cache
def encoded_sizes(codec: str) -> npt.NDArray[np.uint8]:
    """How many bytes ``codec`` (errors replaced by ``?``) writes for each BMP code unit.

    Built once (a minute fraction of a second per codec) and cached on disk.

    >>> encoded_sizes("gbk")[[ord("a"), ord("中")]].tolist()
    [1, 2]
    """

    def build() -> bytes:
        return bytes(len(chr(unit).encode(codec, "replace")) for unit in range(0x10000))

    key = f"mojibake-sizes-{codec}-{sys.version_info[0]}.{sys.version_info[1]}-{unicodedata.unidata_version}.bin"
    data = cached_bytes(key, build)
    if len(data) != 0x10000:
        data = build()
    return np.frombuffer(data, dtype=np.uint8)


@functools.cache
def suspects() -> re.Pattern[str]:
    """One suspect character (see :func:`suspect_chars`).

    >>> suspects().search("测试娴嬭瘯").group()
    '娴'
    """
    return re.compile(_literal_class(suspect_chars()))


@functools.cache
def suspects_in_bmp() -> tuple[npt.NDArray[np.uint8], tuple[str, ...]]:
    """The suspects of the BMP as a table over UTF-16 code units (see :func:`code_units`),
    bit ``i`` set for the ``i``-th family of :data:`FAMILIES`, and the few others
    (Big5-HKSCS) apart.

    >>> table, beyond = suspects_in_bmp()
    >>> bool(table[ord("娴")] & 1), int(table[ord("中")])  # bit 0: gbk
    (True, 0)
    """
    table = np.zeros(0x10000, dtype=np.uint8)
    for bit, chars in enumerate(suspects_by_family().values()):
        table[[ord(ch) for ch in chars if ord(ch) <= 0xFFFF]] |= 1 << bit
    return table, tuple(sorted(ch for ch in suspect_chars() if ord(ch) > 0xFFFF))


_UTF16 = np.dtype("<u2")
#: The last text given to :func:`code_units`, and its array.
_last_units: tuple[str, npt.NDArray[np.uint16]] | None = None


def code_units(text: str) -> npt.NDArray[np.uint16]:
    """``text`` as UTF-16 code units, in one array: a character beyond the BMP is two
    surrogates, a lone surrogate one unit.

    UTF-16 rather than code points: half the bytes to write, which is most of the
    cost on a page not yet in the CPU's caches. The last text's array is kept: the
    steps of a chain see the same text object in turn while none changes it.

    >>> code_units("a中😀").tolist()
    [97, 20013, 55357, 56832]
    """
    global _last_units
    last = _last_units
    if last is not None and last[0] is text:
        return last[1]
    units = _units(text)
    _last_units = (text, units)
    return units


def _units(text: str) -> npt.NDArray[np.uint16]:
    return np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=_UTF16)


def characters(text: str) -> tuple[npt.NDArray[np.int64], tuple[str, ...]]:
    """One index per character of ``text``: its code point in the BMP (a lone surrogate
    too), ``0x10000 + k`` for the ``k``-th of the distinct characters beyond the BMP,
    which are given in order, so that a table over the BMP with a row appended per such
    character applies to any text.

    >>> index, beyond = characters("a😀中😀𠀀")
    >>> index.tolist(), beyond
    ([97, 65536, 20013, 65536, 65537], ('😀', '𠀀'))
    """
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    far = points > 0xFFFF
    if not far.any():
        return points, ()
    distinct, inverse = np.unique(points[far], return_inverse=True)
    points[far] = 0x10000 + inverse
    return points, tuple(map(chr, distinct.tolist()))


@functools.cache
def suspect_chars() -> frozenset[str]:
    """The suspect characters: the cheap test that rules out clean text.

    A suspect is a character that a family decodes from a UTF-8 lead byte of a
    three-byte sequence (0xE2-0xEF) followed by a continuation byte, or from a
    continuation byte followed by such a lead (the pairs a two-byte codec makes of
    UTF-8 Chinese), and that is not a common character in any tier. Misread CJK text
    has one every two or three characters; clean text has few.

    >>> "娴" in suspect_chars(), "中" in suspect_chars()
    (True, False)
    """
    return frozenset(ch for chars in suspects_by_family().values() for ch in chars)


@functools.cache
def suspects_by_family() -> dict[str, frozenset[str]]:
    """:func:`suspect_chars` of each family.

    >>> "娴" in suspects_by_family()["gbk"]
    True
    """
    common = common_chars()
    found: dict[str, frozenset[str]] = {}
    for name, codecs in FAMILIES.items():
        chars: set[str] = set()
        block = decode_block(codecs, range(0xE2, 0xF0), list(range(0x80, 0xC0)))
        chars.update(ch for ch in block if ch not in common)
        # (CJK ones only: Latin letters with tones from these pairs are pinyin's too)
        block = decode_block(codecs, range(0x80, 0xC0), list(range(0xE2, 0xF0)))
        chars.update(ch for ch in block if ch not in common and ch >= "\u2e80")
        if name == "shift-jis":  # it reads continuation bytes 0xA1-0xBF as half-width katakana
            chars.update(chr(c) for c in range(0xFF61, 0xFFA0))
        found[name] = frozenset(chars)
    found["gbk-web"] = found["gbk-web"] | {"€"}
    return found


@functools.cache
def uncommon() -> re.Pattern[str]:
    """A non-ASCII character outside the common tiers.

    >>> uncommon().search("a中文鍖").group()
    '鍖'
    """
    return re.compile("[^\x00-\x7f" + _literal_class(set(common_chars()))[1:])


@functools.cache
def suspect_pair() -> re.Pattern[str]:
    """Two suspects within a few characters on one line, or one beside a ``?``.

    >>> suspect_pair().search("测试: 娴嬭瘯").group()
    '娴嬭'
    """
    cls = suspects().pattern
    return re.compile(rf"{cls}[^\n]{{0,8}}?{cls}|\?{cls}|{cls}\?")
