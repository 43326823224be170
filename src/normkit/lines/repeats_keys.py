"""How a line of a page is keyed for counting across a site, and which site (group) a
document belongs to.

A line's key: letters and digits only (spaces, punctuation and symbols removed), full-width
ASCII folded to ASCII, Latin lower-cased, every decimal digit read as ``0`` (so
``2024-05-10 10:23`` and ``2023-01-02 08:00`` are one key), then a 64-bit hash, computed for
a whole page at once with NumPy; the key of a line in a group mixes in the group's salt.

>>> h, n = line_keys("第 1 版\\n第2版")
>>> bool(h[0] == h[1]), bool(line_group_keys(h, "a.cn")[0] != line_group_keys(h, "b.cn")[0])
(True, True)
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

__all__ = [
    "KEY_VERSION",
    "U64",
    "CountSettings",
    "fold_table",
    "group_of",
    "group_salt",
    "key_text",
    "line_group_keys",
    "line_keys",
    "page_key",
]

U64 = npt.NDArray[np.uint64]
#: Version of the key function; a counts file made with another cannot be used.
KEY_VERSION = 1
_BASE = np.uint64(0x100000001B3)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
#: Salt of the per-page key that counts a group's pages.
_PAGE_SALT = np.uint64(0xD6E8FEB86659FD93)


# ---------------------------------------------------------------------------- keys


@functools.cache
def fold_table() -> U64:
    """Code point -> folded code point (0: not part of the key), for every code point
    (outside the BMP: itself).

    >>> [chr(fold_table()[ord(c)]) for c in "Ａ7"], int(fold_table()[ord("，")])
    (['a', '0'], 0)
    """
    table = np.arange(0x110000, dtype=np.uint64)
    table[:0x10000] = 0
    for cp in range(0x10000):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat == "Nd":
            table[cp] = 0x30
        elif cat[0] == "L" or cat[0] == "N":
            if 0xFF21 <= cp <= 0xFF5A:
                ch = chr(cp - 0xFEE0)
            low = ch.lower()
            table[cp] = ord(low) if len(low) == 1 else ord(ch)
    return table


#: Texts with more key characters than this are hashed line by line position (slower, no
#: table of powers that large).
_POW_TABLE = 1 << 20


@functools.cache
def _powers(n: int = _POW_TABLE) -> tuple[U64, U64]:
    """``BASE ** i`` and its inverse (mod 2**64) for ``i < n``."""
    inverse = np.uint64(pow(int(_BASE), -1, 1 << 64))
    out = []
    for base in (_BASE, inverse):
        powers = np.empty(n, dtype=np.uint64)
        powers[0] = 1
        k = 1
        with np.errstate(over="ignore"):
            step = base
            while k < n:
                m = min(k, n - k)
                powers[k : k + m] = powers[:m] * step
                k += m
                step = np.uint64((int(step) * int(step)) % (1 << 64))
        out.append(powers)
    return out[0], out[1]


def _mix(x: U64) -> U64:
    """The splitmix64 finaliser, on an array (integer arrays wrap silently)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))  # type: ignore[no-any-return]


def line_keys(text: str) -> tuple[U64, npt.NDArray[np.intp]]:
    """The hash of every line of ``text`` (lines as ``text.split("\\n")``) and its number of
    key characters (letters and digits); a line without any has hash 0.

    >>> h, n = line_keys("首页 | 新闻\\n首页|新闻\\n第 1 版\\n第2版\\n——")
    >>> bool(h[0] == h[1]), bool(h[2] == h[3]), n.tolist()
    (True, True, [4, 4, 3, 3, 0])
    """
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    breaks = np.flatnonzero(cps == 10)
    n_lines = breaks.size + 1
    codes = fold_table()[cps]
    keep = np.flatnonzero(codes)
    hashes = np.zeros(n_lines, dtype=np.uint64)
    if not keep.size:
        return hashes, np.zeros(n_lines, dtype=np.intp)
    kept = codes[keep]
    # the number of key characters before each line break: lines are runs of ``kept``
    bounds = np.empty(n_lines + 1, dtype=np.intp)
    bounds[0], bounds[-1] = 0, keep.size
    bounds[1:-1] = np.searchsorted(keep, breaks)
    starts = bounds[:-1]
    nchars = bounds[1:] - starts
    filled = np.flatnonzero(nchars)
    first = starts[filled]
    if keep.size <= _POW_TABLE:
        powers, inverses = _powers()
        sums = np.add.reduceat(kept * powers[: keep.size], first) * inverses[first]
    else:  # a huge text: powers of the position in the line, capped
        line_of = np.repeat(np.arange(n_lines), nchars)
        pos = np.minimum(np.arange(keep.size) - starts[line_of], _POW_TABLE - 1)
        sums = np.add.reduceat(kept * _powers()[0][pos], first)
    hashes[filled] = _mix(sums ^ (nchars[filled].astype(np.uint64) * _GOLDEN))
    return hashes, nchars.astype(np.intp)


@functools.lru_cache(maxsize=4096)
def _group_hash(group: str) -> np.uint64:
    digest = hashlib.blake2b(group.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    value: np.uint64 = np.uint64(int.from_bytes(digest, "little"))
    return value


@functools.lru_cache(maxsize=4096)
def group_salt(group: str) -> np.uint64:
    """What a line's hash is combined with in ``group`` (line hashes are mixed already).

    >>> bool(group_salt("a.cn") == group_salt("a.cn")), bool(group_salt("a.cn") == group_salt("b.cn"))
    (True, False)
    """
    return _mix(np.array([_group_hash(group)], dtype=np.uint64))[0]  # type: ignore[no-any-return]


def line_group_keys(hashes: U64, group: str) -> U64:
    """The keys of lines (their :func:`line_keys` hashes) in ``group``.

    >>> h = line_keys("返回顶部")[0]
    >>> bool(line_group_keys(h, "a.cn")[0] == h[0] ^ group_salt("a.cn"))
    True
    """
    return hashes ^ group_salt(group)


@functools.lru_cache(maxsize=4096)
def page_key(group: str) -> np.uint64:
    """The key that counts the pages of ``group``.

    >>> bool(page_key("a.cn") == page_key("a.cn")), bool(page_key("a.cn") == group_salt("a.cn"))
    (True, False)
    """
    return _mix(np.array([_group_hash(group) ^ _PAGE_SALT], dtype=np.uint64))[0]  # type: ignore[no-any-return]


def group_of(meta: Mapping[str, Any], field: str | None = None) -> str:
    """The group a document belongs to.

    With ``field`` (dotted for nested records: ``meta.site``), that field's value; else the
    host of ``meta["url"]`` or ``meta["meta"]["url"]``; else ``""`` (the whole input).

    >>> group_of({"url": "https://News.Example.com:8080/a/1.html"})
    'news.example.com'
    >>> group_of({"meta": {"url": "http://b.cn/x"}}), group_of({"site": 7}, "site"), group_of({})
    ('b.cn', '7', '')
    """
    if field:
        value: Any = meta
        for part in field.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        return "" if value is None else str(value)
    url = meta.get("url")
    if not isinstance(url, str):
        inner = meta.get("meta")
        url = inner.get("url") if isinstance(inner, Mapping) else None
    if not isinstance(url, str) or not url:
        return ""
    m = _HOST.match(url)
    if m is not None:  # the common case, without urlsplit's work
        return m.group(1).lower()
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return ""
    return host or ""


#: ``scheme://host/``: a plain host name (no user, port or brackets) before the path.
_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://([A-Za-z0-9.-]+)(?=[/?#]|\Z)")


@dataclass(frozen=True)
class CountSettings:
    """How lines are counted; stored in the counts file, so cleaning groups the same way.

    - ``group_field``: str | None = None: the record field naming a document's group
      (``None``: the URL's host).
    - ``min_chars``: int = 2: lines with fewer key characters are not counted (nor dropped).

    >>> CountSettings(min_chars=4).as_dict()
    {'group_field': None, 'min_chars': 4, 'key_version': 1}
    """

    group_field: str | None = None
    min_chars: int = 2

    def as_dict(self) -> dict[str, Any]:
        return {"group_field": self.group_field, "min_chars": self.min_chars, "key_version": KEY_VERSION}


def key_text(line: str) -> str:
    """The characters of ``line`` that its key is made of, folded.

    >>> key_text("Ｎｅｗｓ | 第 12 版")
    'news第00版'
    """
    table = fold_table()
    return "".join(
        chr(table[ord(c)]) if ord(c) < 0x10000 else c for c in line if ord(c) >= 0x10000 or table[ord(c)]
    )
