"""UTF-8 bytes recovered from a misreading: what each decoded character is, and
decoding where bytes were lost.

>>> classify("中a")
('VA', [0, 3, 4])
>>> decode_lossy("中文".encode()[:-1] + "字".encode())
'中\ufffd字'
"""

from __future__ import annotations

import functools
import re
from itertools import accumulate

import numpy as np
import numpy.typing as npt

from .scoring import LONG

#: Bytes that did not decode as UTF-8 (surrogate-escaped).
_INVALID = re.compile("[\udc80-\udcff]+")
#: The same, kept by ``split`` (every other piece).
_INVALID_SPLIT = re.compile("([\udc80-\udcff]+)")
_CLASS_BYTES = bytes.maketrans(b"ALXWVU", b"\x01\x01\x01\x02\x03\x04")
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def utf8_prefix(raw: bytes) -> str | None:
    """``raw`` decoded as UTF-8, but for a character cut short at the end; None if invalid.

    >>> utf8_prefix(b"a\\xe4\\xb8"), utf8_prefix(b"\\xff")
    ('a', None)
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data":
            return None
        return raw[: exc.start].decode("utf-8")


def is_continuation(byte: int) -> bool:
    """Whether ``byte`` is a UTF-8 continuation byte.

    >>> is_continuation(0x80), is_continuation(ord("a"))
    (True, False)
    """
    return 0x80 <= byte <= 0xBF


def continues(raw: bytes, pos: int) -> bool:
    """Whether ``raw[pos]`` can belong to a UTF-8 character begun before it (a lost
    byte, 0xFF, may have been any continuation byte).

    >>> raw = "中".encode()
    >>> continues(raw, 1), continues(raw, 0), continues(b"a\\x80", 1)
    (True, False, False)
    """
    for back in range(1, 4):
        if pos - back < 0:
            return False
        byte = raw[pos - back]
        if is_lead(byte):
            return back < (2 if byte < 0xE0 else 3 if byte < 0xF0 else 4)
        if not (is_continuation(byte) or byte == 0xFF):
            return False
    return False


def is_lead(byte: int) -> bool:
    """Whether ``byte`` can begin a multi-byte UTF-8 character.

    >>> is_lead(0xE4), is_lead(0x80)
    (True, False)
    """
    return 0xC2 <= byte <= 0xF4


@functools.cache
def _class_table() -> str:
    """``str.translate`` table: every BMP code point to its class letter (see :func:`classify`),
    as one string (indexed by code point: faster than a dictionary)."""
    return (
        "A" * 0x80
        + "W" * (0x800 - 0x80)
        + "V" * (0xDC80 - 0x800)
        + "X" * 0x7F
        + "L"
        + "V" * (0x10000 - 0xDD00)
    )


@functools.cache
def _class_bytes() -> npt.NDArray[np.uint8]:
    return np.frombuffer(_class_table().encode("ascii"), dtype=np.uint8)


@functools.cache
def _point_classes() -> npt.NDArray[np.uint8]:
    """:func:`_class_bytes` and one more entry, ``U``, for every code point beyond the BMP."""
    return np.concatenate((_class_bytes(), np.frombuffer(b"U", dtype=np.uint8)))


#: Bytes per class letter (as ``_CLASS_BYTES``), indexed by the letter's code.
_SIZES = np.frombuffer(bytes(range(256)).translate(_CLASS_BYTES), dtype=np.uint8)


def _classes(decoded: str) -> str:
    """``decoded`` translated by :func:`_class_table`."""
    return decoded.translate(_class_table())


def classify(decoded: str) -> tuple[str, list[int]]:
    """One class letter per decoded character, and the byte offset of each (plus the end).

    A: ASCII, L: lost byte, X: invalid byte, W: two-byte character, V: three- or
    four-byte character. (Long texts without invalid bytes are looked up with NumPy, by
    code point; turning escaped bytes into code points costs more than a translate.)

    >>> classify("a中é")
    ('AVW', [0, 1, 4, 6])
    """
    if len(decoded) > LONG and _INVALID.search(decoded) is None:
        points = np.frombuffer(decoded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        codes = _point_classes().take(np.minimum(points, 0x10000))
        offsets = np.zeros(codes.size + 1, dtype=np.int64)
        np.cumsum(_SIZES.take(codes), out=offsets[1:])
        return codes.tobytes().decode("ascii").replace("U", "V"), offsets.tolist()
    classes = _classes(decoded)
    if classes.isascii():
        return classes, list(accumulate(classes.encode("ascii").translate(_CLASS_BYTES), initial=0))
    classes = _BEYOND_BMP.sub("U", classes)  # characters beyond the BMP, four bytes each
    byte_at = list(accumulate(classes.encode("ascii").translate(_CLASS_BYTES), initial=0))
    return classes.replace("U", "V"), byte_at


def has_invalid(decoded: str) -> bool:
    """Whether ``decoded`` (UTF-8 decoded with ``surrogateescape``) holds an invalid byte:
    whether decoding strictly would have failed.

    >>> has_invalid("中".encode().decode("utf-8", "surrogateescape"))
    False
    >>> has_invalid("中".encode()[:2].decode("utf-8", "surrogateescape"))
    True
    """
    return _INVALID.search(decoded) is not None


def decode_lossy(raw: bytes) -> str:
    """UTF-8 decode; every broken character (lost or orphaned bytes) becomes one U+FFFD.

    >>> decode_lossy(b"a\\xe4\\xb8b")
    'a\ufffdb'
    """
    text = raw.decode("utf-8", "surrogateescape")
    if "\udcff" not in text and _INVALID.search(text) is None:
        return text
    pieces = _INVALID_SPLIT.split(text)  # (one list, no Python call per match)
    pieces[1::2] = map(_broken_characters, pieces[1::2])
    return "".join(pieces)


@functools.lru_cache(maxsize=4096)
def _broken_characters(broken: str) -> str:
    """One U+FFFD per character a run of broken bytes stood for, judged by its lead bytes."""
    count = 0
    need = 0
    for ch in broken:
        byte = ord(ch) - 0xDC00
        if 0xC2 <= byte <= 0xF4:
            count += 1
            need = 1 if byte < 0xE0 else 2 if byte < 0xF0 else 3
        elif need:
            need -= 1
        else:  # a lost byte or an orphaned continuation: a character whose lead is gone
            count += 1
            need = 1 if byte != 0xFF else 2
    return "\ufffd" * count
