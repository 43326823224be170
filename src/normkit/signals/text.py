"""Signals of the text itself: characters by script, lines, repetition.

Every count comes from the shared analysis (one code point table look-up per
character, see :mod:`normkit.tokens`): Han is every character of ``\\p{Han}`` (all CJK
ideograph blocks and extensions, compatibility ideographs, 々 〇), so a Chinese text is
not measured by splitting on spaces.

>>> from normkit.signals.base import SignalInput
>>> doc = SignalInput("今天天气很好。\\nHello world\\n今天天气很好。")
>>> han_share(doc), sentence_end_share(doc), duplicate_line_share(doc)
(0.5, 0.6667, 0.3333)
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from ..tokens import Kind
from .base import FLOAT_DIGITS, SignalInput

#: Marks that end a sentence (a line ending in one, before closing quotes or brackets, counts).
SENTENCE_END = "。！？!?…．.‼⁇⁈⁉"
#: Closing quotes and brackets that may follow a sentence's end.
CLOSERS = "”’」』）)】》〉\"'"
_SPACE = np.uint8(Kind.SPACE)
assert Kind.NEWLINE == Kind.SPACE + 1  # whitespace is one range of kinds (see repeated_ngram_share)
#: The multiplier to the power ``k`` (wrapping) for the window widths :func:`window_hashes` joins.
_POWERS = {k: np.uint64(pow(0x9E3779B97F4A7C15, k, 1 << 64)) for k in (1, 2, 4, 8, 16, 32)}
#: Minority share of script markers for :func:`mixed_script`.
MIXED_SHARE = 0.1
#: Length of the character n-grams of :func:`repeated_ngram_share`.
NGRAM = 10
#: Windows :func:`repeated_ngram_share` hashes at once.
_WINDOWS_AT_ONCE = 1 << 13


def _share(part: int | float, whole: int | float) -> float:
    return round(part / whole, FLOAT_DIGITS) if whole else 0.0


def chars(doc: SignalInput) -> int:
    """Characters other than whitespace.

    >>> chars(SignalInput("中文 abc\\n"))
    5
    """
    counts = doc.kind_counts
    return int(len(doc.text) - counts[Kind.SPACE] - counts[Kind.NEWLINE])


def han_chars(doc: SignalInput) -> int:
    """Han characters (``\\p{Han}``: every CJK ideograph block, 々 〇).

    >>> han_chars(SignalInput("中文〇 abc"))
    3
    """
    return int(doc.kind_counts[Kind.HAN])


def kana_chars(doc: SignalInput) -> int:
    """Japanese kana.

    >>> kana_chars(SignalInput("ひらがなカタカナ"))
    8
    """
    return int(doc.kind_counts[Kind.KANA])


def hangul_chars(doc: SignalInput) -> int:
    """Korean hangul.

    >>> hangul_chars(SignalInput("한국어 中文"))
    3
    """
    return int(doc.kind_counts[Kind.HANGUL])


def latin_chars(doc: SignalInput) -> int:
    """Latin letters.

    >>> latin_chars(SignalInput("abc 中文 é"))
    4
    """
    return int(doc.kind_counts[Kind.LATIN])


def digit_chars(doc: SignalInput) -> int:
    """Digits.

    >>> digit_chars(SignalInput("2024年5月"))
    5
    """
    return int(doc.kind_counts[Kind.DIGIT])


def punct_chars(doc: SignalInput) -> int:
    """Punctuation, Chinese and ASCII.

    >>> punct_chars(SignalInput("好，好! ok."))
    3
    """
    return int(doc.kind_counts[Kind.CJK_PUNCT] + doc.kind_counts[Kind.ASCII_PUNCT])


def han_share(doc: SignalInput) -> float:
    """Han characters over characters other than whitespace.

    >>> han_share(SignalInput("中文 ab"))
    0.5
    """
    return _share(han_chars(doc), chars(doc))


def latin_share(doc: SignalInput) -> float:
    """Latin letters over characters other than whitespace.

    >>> latin_share(SignalInput("中文 abc 1"))
    0.5
    """
    return _share(latin_chars(doc), chars(doc))


def kana_share(doc: SignalInput) -> float:
    """Kana over characters other than whitespace.

    >>> kana_share(SignalInput("日本語のテキスト"))
    0.625
    """
    return _share(kana_chars(doc), chars(doc))


def traditional_share(doc: SignalInput) -> float:
    """Traditional markers over all script markers (characters only one script writes).

    >>> traditional_share(SignalInput("這個國家")), traditional_share(SignalInput("这个国家"))
    (1.0, 0.0)
    """
    simplified, traditional = doc.script_markers
    return _share(traditional, simplified + traditional)


def mixed_script(doc: SignalInput) -> bool:
    """Simplified and traditional markers both present, the minority at least :data:`MIXED_SHARE`
    of them (as :func:`normkit.script.detect` says ``mixed``).

    >>> mixed_script(SignalInput("这个国家，這個國家")), mixed_script(SignalInput("这个国家"))
    (True, False)
    """
    simplified, traditional = doc.script_markers
    return bool(
        simplified
        and traditional
        and min(simplified, traditional) >= MIXED_SHARE * (simplified + traditional)
    )


def lines(doc: SignalInput) -> int:
    """Lines holding something other than whitespace.

    >>> lines(SignalInput("甲\\n\\n  \\n乙"))
    2
    """
    return sum(map(len, doc.content_line_blocks()))


def sentence_end_share(doc: SignalInput) -> float:
    """Share of non-blank lines whose last mark (before closing quotes) ends a sentence.

    >>> sentence_end_share(SignalInput("他说：“好。”\\n首页 | 新闻"))
    0.5
    """
    ends = lines = 0
    for found in doc.content_line_blocks():
        ends += sum(1 for line in found if (bare := line.rstrip(CLOSERS)) and bare[-1] in SENTENCE_END)
        lines += len(found)
    return _share(ends, lines)


def mean_line_length(doc: SignalInput) -> float:
    """Mean length in characters of the non-blank lines (stripped).

    >>> mean_line_length(SignalInput("甲乙\\n\\n 丙丁戊甲 "))
    3.0
    """
    chars = lines = 0
    for found in doc.content_line_blocks():
        chars += sum(map(len, found))
        lines += len(found)
    return _share(chars, lines)


def duplicate_line_share(doc: SignalInput) -> float:
    """Share of non-blank lines equal (stripped) to an earlier line.

    >>> duplicate_line_share(SignalInput("返回顶部\\n正文\\n 返回顶部"))
    0.3333
    """
    seen: set[str] = set()
    lines = 0
    for found in doc.content_line_blocks():
        seen.update(found)
        lines += len(found)
    return _share(lines - len(seen), lines)


def repeated_ngram_share(doc: SignalInput) -> float:
    """Share of the characters (whitespace left out) inside a character :data:`NGRAM`-gram
    that occurs more than once in the document.

    Vectorised: a 64-bit polynomial hash of every window, then :func:`repeated`.

    >>> repeated_ngram_share(SignalInput("一二三四五六七八九十甲乙一二三四五六七八九十"))
    0.9091
    """
    analysis = doc.analysis
    # SPACE and NEWLINE are consecutive kinds: minus SPACE (wrapping) they are 0 and 1
    codes = analysis.codes[(analysis.kinds - _SPACE) > 1]
    m = len(codes)
    if m <= NGRAM:
        return 0.0
    # The windows hashed a block at a time (each window's hash is its codes'): the
    # doubling's arrays are a block's, not several of eight bytes a character.
    hashes = np.empty(m - NGRAM + 1, dtype=np.uint64)
    for a in range(0, len(hashes), _WINDOWS_AT_ONCE):
        b = min(a + _WINDOWS_AT_ONCE, len(hashes))
        hashes[a:b] = window_hashes(codes[a : b + NGRAM - 1].astype(np.uint64), NGRAM)
    del codes
    # a character is covered when a repeated window starts within NGRAM - 1 before it
    # (marked a part of the table at a time: no array of every repeated window)
    covered = np.zeros(m + NGRAM, dtype=np.bool_)
    found = False
    for starts in repeated_parts(hashes):
        found = True
        for d in range(NGRAM):
            covered[starts + d] = True
    if not found:
        return 0.0
    return _share(int(np.count_nonzero(covered[:m])), m)


def repeated(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
    """The positions of the values that occur more than once in ``hashes`` (any order).

    Values alone in their bucket of a table of about four buckets a value (by their top
    bits, which depend on every bit of a polynomial hash) occur once; only the others are
    sorted, a fifth of them or less on web pages: several times faster than sorting all.
    Equal values share a bucket, so the table is read a sixteenth at a time (by the top
    four bits): a working set of about 11 bytes a value, not 48 (16 a quarter at a time).

    >>> sorted(repeated(np.array([5, 7, 5, 9, 7, 5], dtype=np.uint64)).tolist())
    [0, 1, 2, 4, 5]
    """
    found = list(repeated_parts(hashes))
    if not found:
        return np.zeros(0, dtype=np.intp)
    return np.concatenate(found)


def repeated_parts(hashes: npt.NDArray[np.uint64]) -> Iterator[npt.NDArray[np.intp]]:
    """:func:`repeated` in parts (a sixteenth of the table each, when it holds any).

    >>> [sorted(part.tolist()) for part in repeated_parts(np.array([5, 7, 5], dtype=np.uint64))]
    [[0, 2]]
    """
    bits = min(max((4 * hashes.size).bit_length(), 4), 32)
    split = 4 if bits >= 8 else 0  # the top bits of a bucket that choose its part
    part_bits = bits - split
    top = (hashes >> np.uint64(64 - split)).astype(np.uint8) if split else np.zeros(hashes.size, np.uint8)
    for k in range(1 << split):
        at = np.flatnonzero(top == k)
        bucket = (hashes[at] >> np.uint64(64 - bits)).astype(np.intp) - (k << part_bits)
        candidates = at[np.bincount(bucket, minlength=1 << part_bits)[bucket] > 1]
        del at, bucket
        values = hashes[candidates]
        order = np.argsort(values)
        ranked = values[order]
        del values
        same = ranked[1:] == ranked[:-1]
        del ranked
        if same.any():
            twice = np.zeros(len(same) + 1, dtype=bool)
            twice[1:] |= same
            twice[:-1] |= same
            yield candidates[order[twice]]


def window_hashes(codes: npt.NDArray[np.uint64], n: int) -> npt.NDArray[np.uint64]:
    """A 64-bit polynomial hash of every window of ``n`` codes (wrapping arithmetic, by a
    multiplier of Fibonacci hashing, so the top bits are the best mixed), built by
    doubling (windows of 1, 2, 4, ... joined), so with few array operations.

    >>> codes = np.array([ord(c) for c in "好好学习好好学"], dtype=np.uint64)
    >>> h = window_hashes(codes, 3)
    >>> len(h), bool(h[0] == h[4]), bool(h[0] == h[1])
    (5, True, False)
    """
    hashes: dict[int, npt.NDArray[np.uint64]] = {1: codes}
    rest = n - (1 << (n.bit_length() - 1))  # what is joined after the doubling
    width = 1
    while width * 2 <= n:
        half = hashes[width]
        joined = half[:-width] * _POWERS[width]
        joined += half[width:]
        hashes[width * 2] = joined
        if not rest & width:  # (the windows of a width not joined later are let go)
            del hashes[width]
        del half, joined
        width *= 2
    h: npt.NDArray[np.uint64] = hashes.pop(width)
    while rest:  # join the largest power of two that fits
        part = 1 << (rest.bit_length() - 1)
        h = h[: len(h) - part] * _POWERS[part]
        h += hashes.pop(part)[width:]
        width += part
        rest -= part
    return h
