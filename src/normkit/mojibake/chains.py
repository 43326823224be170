"""Chains of UTF-8 characters in the bytes a codec writes for a text, found with NumPy.

A run of misread text confirms its codec family when its bytes hold two UTF-8
characters of three or four bytes in a row (a lost byte or two between). This module
finds those chains over a whole text at once: the text's bytes as a codec writes them
(from per-code-unit tables, no codec call), then the chains by vectorised compares,
exactly the matches of the regular expression :data:`CHAIN` scanned left to right.

>>> from normkit.mojibake.tables import code_units
>>> raw, starts = encode_units(code_units("娴嬭瘯 ok"), "gbk")
>>> bytes(raw).decode("utf-8", "replace")
'测试 ok'
>>> chain_ends(raw).tolist()  # the first and the last UTF-8 character of each chain
[0, 3]
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

import numpy as np
import numpy.typing as npt

from .._cache import cached_bytes
from .tables import characters, code_units, encoded_sizes

__all__ = ["CHAIN", "WIDTH", "chain_ends", "encode_text", "encode_units", "encoded_table"]

#: What :func:`chain_ends` finds, as a regular expression over bytes (its reference):
#: two or more UTF-8 characters of three or four bytes in a row, a lost byte (0xFF) or
#: two between; one match per chain.
CHAIN = re.compile(
    rb"[\xe0-\xf4][\x80-\xbf]{2}(?:(?:\xff{1,3}+[\x80-\xbf]{0,2}+)?[\xe0-\xf4][\x80-\xbf]{2})++"
)


#: Bytes a row of :func:`encoded_table` holds (the codecs here write at most three).
WIDTH = 4


@functools.cache
def encoded_table(codec: str) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """Per BMP code unit: how many bytes ``codec`` writes (errors replaced by ``?``), and
    those bytes (a row of :data:`WIDTH`, zero-padded), every ``?`` written as 0xFF (a
    lost byte).

    Built from one encoding of all code units (the codecs used here write each
    character alone: the bytes of a text are its characters' bytes in a row), and
    cached on disk.

    >>> sizes, table = encoded_table("gbk")
    >>> int(sizes[ord("中")]), bytes(table[ord("中"), :2]), bytes(table[ord("?"), :1])
    (2, b'\\xd6\\xd0', b'\\xff')
    """
    sizes = encoded_sizes(codec)

    def build() -> bytes:
        everything = "".join(map(chr, range(0x10000))).encode(codec, "replace")
        table = np.zeros((0x10000, WIDTH), dtype=np.uint8)
        if len(everything) == int(sizes.sum(dtype=np.int64)):
            table[np.arange(WIDTH) < sizes[:, None]] = np.frombuffer(everything, dtype=np.uint8)
        else:  # (not expected: a codec whose bytes depend on the characters before)
            for unit in range(0x10000):
                raw = chr(unit).encode(codec, "replace")
                table[unit, : len(raw)] = np.frombuffer(raw, dtype=np.uint8)
        table[table == ord("?")] = 0xFF
        return table.tobytes()

    version = f"{sys.version_info[0]}.{sys.version_info[1]}-{unicodedata.unidata_version}"
    data = cached_bytes(f"mojibake-bytes-{codec}-{version}.bin", build)
    if len(data) != 0x10000 * WIDTH:
        data = build()
    return sizes, np.frombuffer(data, dtype=np.uint8).reshape(0x10000, WIDTH)


@functools.cache
def _flat(codec: str) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """:func:`encoded_table`'s sizes, and its rows end to end (one ``take`` per text)."""
    sizes, table = encoded_table(codec)
    return sizes, table.ravel()


def encode_units(
    units: npt.NDArray[np.uint16], codec: str
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """The bytes ``codec`` writes for a text without characters beyond the BMP (given as
    its :func:`.tables.code_units`), ``?`` as 0xFF, and where each character's bytes
    start (plus the end): ``text.encode(codec, "replace")`` with ``?`` made 0xFF, vectorised.

    >>> from normkit.mojibake.tables import code_units
    >>> raw, starts = encode_units(code_units("a中?"), "gbk")
    >>> bytes(raw), starts.tolist()
    (b'a\\xd6\\xd0\\xff', [0, 1, 3, 4])
    """
    sizes, flat = _flat(codec)
    return _write(units, sizes, flat)


def encode_text(text: str, codec: str) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]] | None:
    """:func:`encode_units` for any text: a character beyond the BMP is encoded alone
    (``codec`` writes each character alone) and gets a row of its own. None if one of
    them takes more than :data:`WIDTH` bytes.

    >>> raw, starts = encode_text("😀娴嬭瘯?", "gbk")
    >>> bytes(raw), starts.tolist()
    (b'\\xff\\xe6\\xb5\\x8b\\xe8\\xaf\\x95\\xff', [0, 1, 3, 5, 7, 8])
    """
    units = code_units(text)
    if units.size == len(text):
        return encode_units(units, codec)
    index, beyond = characters(text)
    extra = [ch.encode(codec, "replace").replace(b"?", b"\xff") for ch in beyond]
    if any(len(raw) > WIDTH for raw in extra):
        return None
    sizes, flat = _flat(codec)
    sizes = np.concatenate((sizes, np.array([len(raw) for raw in extra], dtype=sizes.dtype)))
    rows = b"".join(raw.ljust(WIDTH, b"\x00") for raw in extra)
    flat = np.concatenate((flat, np.frombuffer(rows, dtype=np.uint8)))
    return _write(index, sizes, flat)


def _write(
    index: npt.NDArray[np.uint16] | npt.NDArray[np.int64],
    sizes: npt.NDArray[np.uint8],
    flat: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """The rows of ``flat`` (``sizes[i]`` bytes of row ``i``) at ``index``, end to end,
    and where each starts (plus the end)."""
    units = index
    counts = sizes.take(units)
    starts = np.zeros(units.size + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    # byte k of the text is byte ``k - starts[c]`` of character c's row
    where = np.repeat(units.astype(np.int64) * WIDTH - starts[:-1], counts)
    where += np.arange(where.size, dtype=np.int64)
    raw: npt.NDArray[np.uint8] = flat.take(where)
    return raw, starts


#: Bytes past the end looked at by :func:`chain_ends` (a link spans at most 8).
_PAD = 9


def chain_ends(raw: npt.NDArray[np.uint8]) -> npt.NDArray[np.int64]:
    """Where the first and the last UTF-8 character of each match of :data:`CHAIN` in
    ``raw`` start, in pairs, in order; vectorised.

    A character (a lead 0xE0-0xF4 and two continuation bytes) links to the next one
    right after it, or after 0xFF bytes (up to three, as many as there are) and up to
    two continuation bytes (as many as there are), as the possessive quantifiers of
    :data:`CHAIN` take them. Characters cannot overlap, and at most one links to any
    character, so the matches are the paths of two or more linked characters.

    >>> raw = np.frombuffer("中文 x 字".encode() + b"\\xff\\x80" + "字".encode(), dtype=np.uint8)
    >>> chain_ends(raw).tolist()
    [0, 3, 9, 14]
    """
    size = raw.size
    padded = np.zeros(size + _PAD, dtype=np.uint8)
    padded[:size] = raw
    lead = (padded >= 0xE0) & (padded <= 0xF4)
    cont = (padded >= 0x80) & (padded <= 0xBF)
    lost = padded == 0xFF
    char = np.zeros(size + _PAD, dtype=np.bool_)
    char[: size + _PAD - 2] = lead[:-2] & cont[1:-1] & cont[2:]
    nodes = np.flatnonzero(char)
    if nodes.size < 2:
        return np.zeros(0, dtype=np.int64)
    after = nodes + 3
    lost1 = lost.take(after)
    lost2 = lost1 & lost.take(after + 1)
    lost3 = lost2 & lost.take(after + 2)
    gap_end = after + lost1 + lost2 + lost3
    cont1 = lost1 & cont.take(gap_end)
    cont2 = cont1 & cont.take(gap_end + 1)
    target = gap_end + cont1 + cont2
    linked = char.take(target)
    is_target = np.zeros(size + _PAD, dtype=np.bool_)
    is_target[target[linked]] = True
    targeted = is_target.take(nodes)
    heads = nodes[linked & ~targeted]
    tails = nodes[targeted & ~linked]
    return np.stack((heads, tails), axis=1).ravel().astype(np.int64)
