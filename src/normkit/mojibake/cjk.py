"""Undo "UTF-8 bytes decoded as a CJK codec": GBK/GB18030, Big5, Shift-JIS, EUC-KR, EUC-JP.

The misread characters are turned back into the bytes they came from; where those
bytes form valid UTF-8 of CJK text, and the result is clearly more plausible, the
stretch is replaced. Lost bytes (shown as ``?`` or U+FFFD, or dropped) break the
UTF-8 character they belonged to: that character becomes U+FFFD and the rest is
recovered. A stretch with too much lost is left alone.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from itertools import accumulate
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .scoring import (
    all_common,
    clearly_better,
    common_or_ascii,
    plausible_fragment,
    profile,
    profile_spans,
    reads_well,
    tiers,
)
from .tables import (
    FAMILIES,
    ONLY_WITH,
    Family,
    code_units,
    encoded_sizes,
    family,
    suspect_pair,
    suspects_in_bmp,
    uncommon,
)

#: What a lost byte shows as. In the bytes it becomes 0xFF, never valid in UTF-8 nor
#: produced by these codecs (``Family.plain``/``question``).
_LOSS_MARKS = "\ufffd?"
#: Other characters a family's decoder shows for a lost byte, read as ``?``.
_SHOWN_AS = {"shift-jis": str.maketrans({"・": "?"})}
#: Bytes that did not decode as UTF-8 (surrogate-escaped).
_INVALID = re.compile("[\udc80-\udcff]+")
#: Two UTF-8 characters of three or four bytes in a row (a lost byte or two between):
#: the evidence that can confirm a family.
_CONFIRMABLE = re.compile(
    rb"[\xe0-\xf4][\x80-\xbf]{2}(?:\xff{1,3}+[\x80-\xbf]{0,2}+)?[\xe0-\xf4][\x80-\xbf]{2}"
)
#: Chains of such pairs: one match per chain, its first and last characters the hits.
_CONFIRMABLE_CHAIN = re.compile(
    rb"[\xe0-\xf4][\x80-\xbf]{2}(?:(?:\xff{1,3}+[\x80-\xbf]{0,2}+)?[\xe0-\xf4][\x80-\xbf]{2})++"
)
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
#: Runs shorter than this have their byte offsets counted without NumPy.
_SHORT_RUN = 200
#: The share of a stretch's characters that may be lost (U+FFFD) in a repair: a third,
#: but a half for EUC-KR/cp949 and Big5/Big5-HKSCS, whose readings of UTF-8 lose a byte
#: of about 45 % (cp949) to 80 % (Big5) of the characters of Chinese text, so that only
#: where more than half survived is there a stretch to give back (what survives still
#: has to read as everyday text).
_MAX_LOSS = {"euc-kr": 0.5, "big5": 0.5}
#: Runs this short are looked at for short repairs even without a lost-byte mark.
_SHORT = 8
#: Byte counts as written by ``Family.lengths``; anything else is a one-byte stand-in.
_SIZE_BYTES = bytes([1, 1, 2, 3, 4] + [1] * 251)
_SEQUENCE = re.compile(rb"[\xe0-\xef][\x80-\xbf]{2}")
#: Bytes worth decoding: a three- or four-byte UTF-8 character, or a lost byte.
_WORTH_DECODING = re.compile(rb"[\xe0-\xf4][\x80-\xbf]{2}|\xff")
# Over the classes of the decoded characters (V: 3/4-byte UTF-8, W: 2-byte, A: ASCII,
# X: invalid byte, L: lost byte), a stretch that reads as UTF-8 text: it starts with a
# multi-byte character (or a lost one), may contain short gaps of broken bytes between
# good characters, and may end with a broken character.
_STRETCH = re.compile(
    r"X{0,3}+L[XL]{0,6}+(?![VWA])|(?:X{0,3}+L[XL]{0,3}+)?V(?:[VWA]|[XL]{1,9}+(?=[VA]))*+(?:X{0,3}+L[XL]{0,8}+|X{1,2}+(?![XL])|X{3,6}+$)?"
)


class Repair(NamedTuple):
    """Replace ``text[start:end]`` with ``new``; ``family`` is the codec misread as.
    (A named tuple: a document can have tens of thousands of candidates.)"""

    start: int
    end: int
    new: str
    family: str
    gain: float

    @property
    def reason(self) -> str:
        return f"utf-8 read as {self.family}"


#: Where a run was first read and the repairs (strong, weak) found in it, by family,
#: loss marks, run and the character after it.
_Memo = dict[tuple[str, str, str, str], tuple[int, list["Repair"], list["Repair"]]]


def might_have_mojibake(text: str) -> bool:
    """The cheap test: False means no stretch of this text can be repaired."""
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
    """
    if text.isascii():
        return _ALL if "\ufffd" in text else 0
    table, beyond = suspects_in_bmp()
    units = code_units(text)
    found = table.take(units)
    if not found.any() and (units.size == len(text) or not any(ch in text for ch in beyond)):
        return _ALL if "\ufffd" in text else 0  # the common case: clean text
    at = np.flatnonzero(found)
    bits = int(np.bitwise_or.reduce(found.take(at))) if at.size else 0
    if units.size != len(text) and any(ch in text for ch in beyond):
        bits = _ALL
    if "\ufffd" in text:
        return bits or _ALL
    if not bits:
        return 0
    start = int(at[0]) - 1 if units.size == len(text) and at.size else 0
    return bits if suspect_pair().search(text, max(start, 0)) is not None else 0


def find_repairs(text: str) -> list[Repair]:
    """The repairs to make, not overlapping, in text order.

    A stretch that is clearly repaired on its own evidence confirms its codec family
    for its line; short stretches (one character, or only lost bytes) are then
    repaired too, but only on a line where their family is confirmed: elsewhere a
    lone everyday character, or one before a real ``?``, is clean text.
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
    memo: _Memo = {}
    hits: dict[str, npt.NDArray[np.intp]] = {}
    bit = {name: 1 << i for i, name in enumerate(FAMILIES)}
    for name in sorted(FAMILIES, key=lambda n: n not in ONLY_WITH):  # (their runs are few)
        if not suspected & bit[name] or (name in ONLY_WITH and ONLY_WITH[name] not in text):
            continue
        fam = family(name)
        only = ONLY_WITH.get(name)
        for start, end in _confirmable_runs(text, fam, hits):
            if (start, end) in done or (only is not None and text.find(only, start, end) < 0):
                continue
            found = len(strong)
            _consider(text, start, end, fam, strong, weak, confirming=True, memo=memo)
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
    for name in sorted({name for name, _ in confirmed}):
        fam = family(name)
        starts, ends = fam.run_bounds(text)
        on_line = np.isin(lines.starts_of(starts), [line for n, line in confirmed if n == name])
        only = ONLY_WITH.get(name)
        for start, end in zip(starts[on_line].tolist(), ends[on_line].tolist(), strict=True):
            if only is not None and text.find(only, start, end) < 0:
                continue  # the family's reading differs only where it holds ``only``
            if end - start == 1:
                _truncated_character(text[start], start, fam, weak)
            elif (start, end) not in seen and (end - start <= _SHORT or _has_loss(text, start, end, fam)):
                _consider(text, start, end, fam, strong, weak, confirming=False, memo=memo)
    candidates = strong + [r for r in weak if (r.family, lines.start(r.start)) in confirmed]
    return _disjoint(candidates, len(text))


def _disjoint(candidates: list[Repair], size: int) -> list[Repair]:
    """The candidates by decreasing gain, each kept unless it overlaps one kept before,
    in text order: the spans taken are marked in one byte array (linear time)."""
    taken = bytearray(size)
    chosen: list[Repair] = []
    for cand in sorted(candidates, key=lambda r: -r.gain):
        if cand.end > cand.start and taken.find(1, cand.start, cand.end) < 0:
            taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            chosen.append(cand)
    chosen.sort(key=lambda r: r.start)
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


def _has_loss(text: str, start: int, end: int, fam: Family) -> bool:
    if fam.name in _SHOWN_AS and text.find("・", start, end) >= 0:
        return True
    return text.find("\ufffd", start, end) >= 0 or text.find("?", start, end) >= 0


def _confirmable_runs(
    text: str, fam: Family, hits: dict[str, npt.NDArray[np.intp]] | None = None
) -> list[tuple[int, int]]:
    """The runs of ``fam``'s characters whose bytes hold two UTF-8 characters in a row.
    (``hits``: :func:`_chain_ends` of ``text`` by encoder, shared by the families that
    use one encoder.)"""
    encoder = _ENCODER[fam.name]
    chars = None if hits is None else hits.get(encoder)
    if chars is None:
        chars = _chain_ends(text, encoder)
        if hits is not None:
            hits[encoder] = chars
    if not chars.size:
        return []
    starts, ends = fam.run_bounds(text)
    at = np.searchsorted(starts, chars, side="right") - 1
    inside = (at >= 0) & (chars < ends.take(np.maximum(at, 0), mode="clip"))
    found = np.unique(at[inside])
    return list(zip(starts.take(found).tolist(), ends.take(found).tolist(), strict=True))


def _chain_ends(text: str, encoder: str) -> npt.NDArray[np.intp]:
    """The characters of ``text`` holding the first and the last UTF-8 character of each
    chain of them (see :data:`_CONFIRMABLE_CHAIN`) in ``text`` encoded by ``encoder``."""
    # The codec itself turns the text into bytes far faster than a translate table;
    # what it cannot encode (other scripts, U+FFFD) becomes one ``?``, as in
    # ``Family.lengths``, and every ``?`` may stand for a lost byte. The few differences
    # from the exact tables only matter here, in choosing the runs to look at.
    raw = text.encode(encoder, "replace").replace(b"?", b"\xff")
    spans = [m.span() for m in _CONFIRMABLE_CHAIN.finditer(raw)]
    if not spans:
        return np.zeros(0, dtype=np.intp)
    hits = np.array(spans, dtype=np.int64)
    hits[:, 1] -= 3  # a chain's first and last characters
    units = code_units(text)
    if units.size == len(text):  # each character's byte count in ``raw``, looked up
        sizes = encoded_sizes(encoder).take(units)
    else:
        sizes = np.array([len(ch.encode(encoder, "replace")) for ch in text], dtype=np.uint8)
    byte_start = np.zeros(len(text) + 1, dtype=np.int64)
    np.cumsum(sizes, out=byte_start[1:])
    return np.searchsorted(byte_start, hits.ravel(), side="right") - 1


def _consider(
    text: str,
    start: int,
    end: int,
    fam: Family,
    strong: list[Repair],
    weak: list[Repair],
    *,
    confirming: bool,
    memo: _Memo | None = None,
) -> None:
    """Look for repairs in the run ``text[start:end]`` if its bytes are worth decoding.

    ``memo`` keeps the repairs found in each distinct run (with what decides them: the
    family, the loss marks, the character after it) across the calls on one text, so a
    repeated run (a menu, a misread word; a line misread by several codecs in turn,
    whose short runs every confirmed family reads) is decoded once.
    """
    segment = text[start:end]
    if fam.name in _SHOWN_AS and "\ufffd" not in segment:
        # (Windows' cp932 shows a lost byte as ``・``: read it as ``?``, of the same length)
        segment = segment.translate(_SHOWN_AS[fam.name])
    if "\ufffd" not in segment and "?" not in segment and not uncommon().search(segment):
        return
    # A text that shows lost bytes as U+FFFD has real question marks.
    marks = "\ufffd" if "\ufffd" in segment else _LOSS_MARKS
    raw = fam.to_raw(segment, marks)
    if confirming:
        if not (_CONFIRMABLE.search(raw) and 3 * len(_SEQUENCE.findall(raw)) >= 0.25 * len(raw)):
            return
    elif not _WORTH_DECODING.search(raw):
        return
    following = text[end : end + 1]
    if memo is None:
        _repairs_in_run(segment, start, fam, marks, raw, strong, weak, following)
        return
    key = (fam.name, marks, segment, following)
    found = memo.get(key)
    if found is None:  # read here: remembered where it was read
        before = len(strong), len(weak)
        _repairs_in_run(segment, start, fam, marks, raw, strong, weak, following)
        memo[key] = (start, strong[before[0] :], weak[before[1] :])
        return
    shift = start - found[0]
    strong.extend(r._replace(start=r.start + shift, end=r.end + shift) for r in found[1])
    weak.extend(r._replace(start=r.start + shift, end=r.end + shift) for r in found[2])


def _repairs_in_run(
    run: str,
    offset: int,
    fam: Family,
    marks: str,
    raw: bytes,
    strong: list[Repair],
    weak: list[Repair],
    following: str = "",
) -> None:
    """Find the stretches of ``run`` (at ``offset``; ``raw``: its bytes) worth repairing."""
    if _whole_run(run, offset, fam, marks, raw, strong):
        return
    if len(run) < _SHORT_RUN:  # a translate is cheaper than NumPy's set-up here
        char_start = list(accumulate(fam.byte_counts(run), initial=0))
    else:
        char_start = fam.byte_starts(run, cache=False).tolist()
    decoded = raw.decode("utf-8", "surrogateescape")
    classes, byte_at = _classify(decoded)

    def owner(byte: int) -> int:
        return bisect.bisect_right(char_start, byte) - 1

    found_strong: list[Repair] = []
    found_weak: list[Repair] = []
    covered: list[tuple[int, int]] = []  # in order: the stretches are found left to right
    boundaries = set(byte_at)
    found = tiers(run)
    for m in _STRETCH.finditer(classes):
        first = _first_whole_character(m.start(), classes, byte_at, char_start, owner, raw)
        last = owner(byte_at[m.end()] - 1) + 1
        first, last = _trim_everyday(run, found, first, last, raw, char_start, boundaries, marks, following)
        if last <= first:
            continue
        new = _decode_lossy(raw[char_start[first] : char_start[last]])
        if "?" in marks and run[last - 1] == "?" and last - first >= 2:
            # A last ``?`` that would only add a character of its own, whose lead and
            # continuation bytes are all gone, is a real question mark: left as it is.
            shorter = _decode_lossy(raw[char_start[first] : char_start[last - 1]])
            if shorter + "\ufffd" == new:
                last -= 1
                new = shorter
        after = profile(new)
        good = last - first >= 2 and reads_well(after, max_loss=_MAX_LOSS.get(fam.name, 0.34))
        if not good and (after.rare or after.odd) and new != "\ufffd":
            continue  # neither a repair nor a fragment, whatever the text it replaces
        before = profile_spans(found, run, [(first, last)], marks)
        gain = (before.badness - after.badness + 1) * (len(new) - after.lost) - after.lost
        if good and after.badness < 0.5 * before.badness:
            found_strong.append(Repair(offset + first, offset + last, new, fam.name, gain))
        elif plausible_fragment(before, after) or (new == "\ufffd" and before.lost and last - first <= 3):
            # (the second: one character whose bytes are partly lost, nothing else)
            found_weak.append(Repair(offset + first, offset + last, new, fam.name, gain))
        else:
            continue
        covered.append((first, last))
    if not found_strong and not found_weak:
        return
    ends = [0, *(last for _, last in covered)]
    starts = [*(first for first, _ in covered), len(run)]
    gaps = [(end, start) for end, start in zip(ends, starts, strict=True) if start > end]
    if gaps:
        rest = profile_spans(found, run, gaps, marks)
        if rest.total >= 3 and rest.badness >= 0.8:
            return  # much of the run still reads as misread text: not understood, leave it
    strong.extend(found_strong)
    weak.extend(found_weak)


def _whole_run(run: str, offset: int, fam: Family, marks: str, raw: bytes, strong: list[Repair]) -> bool:
    """The common case at once: a run whose bytes are UTF-8 of everyday characters only
    (nothing lost, no ASCII) and clearly better is one repair, the one the stretch-by-stretch
    search below would find (no edge of it is clean text by its rules)."""
    if len(run) < 2 or b"\xff" in raw:
        return False
    try:
        new = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not all_common(new):
        return False  # a rarer character or ASCII: judged stretch by stretch
    before, after = profile(run, marks), profile(new)
    if not clearly_better(before, after):
        return False
    gain = (before.badness - after.badness + 1) * (len(new) - after.lost) - after.lost
    strong.append(Repair(offset, offset + len(run), new, fam.name, gain))
    return True


def _trim_everyday(
    run: str,
    found: str,
    first: int,
    last: int,
    raw: bytes,
    char_start: list[int],
    boundaries: set[int],
    marks: str,
    following: str = "",
) -> tuple[int, int]:
    """``run[first:last]`` without the clean text at its edges.

    Clean text just before or after a misread span can join it in the bytes. An edge
    piece (characters whose bytes decode on their own) of everyday characters is left
    out unless its bytes read as everyday UTF-8 text or the rest of a broken character.
    At the end of the run, before a Latin letter or digit (``after``), bytes that end in
    letters or digits are the start of that word (``保渚汚PP`` is ``保供APP``).
    ``found``: the :func:`tiers` of ``run``.
    """
    while first < last:  # from the start
        cut = next((k for k in range(first + 1, last + 1) if char_start[k] in boundaries), last)
        if not _clean_piece(run, found, first, cut, raw, char_start[first], char_start[cut], marks):
            break
        first = cut
    while first < last:  # from the end
        cut = next((k for k in range(last - 1, first - 1, -1) if char_start[k] in boundaries), first)
        if last == len(run) and following.isascii() and following.isalnum():
            tail = _utf8_prefix(raw[char_start[cut] : char_start[last]])
            if tail and not tail.isascii() and tail[-1].isascii() and tail[-1].isalnum():
                break  # a word of Latin letters or digits begun in the run's last bytes
        if not _clean_piece(run, found, cut, last, raw, char_start[cut], char_start[last], marks):
            break
        last = cut
    return first, last


def _clean_piece(
    run: str, found: str, first: int, last: int, raw: bytes, start: int, end: int, marks: str
) -> bool:
    """Whether ``run[first:last]`` (``found``: the tiers of ``run``), at an edge of a
    repair, is clean text: everyday characters whose bytes ``raw[start:end]`` are not
    UTF-8 of everyday characters (leaving out the rest of a character begun before the
    piece, allowing one cut short at its end).
    """
    ascii_count = found.count("a", first, last)
    if found.count("c", first, last) + ascii_count != last - first:
        return False
    if "?" in marks and run.find("?", first, last) >= 0:
        return False
    if ascii_count == last - first:
        return True  # the same after any repair
    while start < end and _is_continuation(raw[start]) and _continues(raw, start):
        start += 1
    new = _utf8_prefix(raw[start:end])
    if new is None or _ascii_count(new) != ascii_count:
        return True
    return not common_or_ascii(new)


def _ascii_count(text: str) -> int:
    return len(text.encode("ascii", "ignore"))


def _utf8_prefix(raw: bytes) -> str | None:
    """``raw`` decoded as UTF-8, but for a character cut short at the end; None if invalid."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data":
            return None
        return raw[: exc.start].decode("utf-8")


def _is_continuation(byte: int) -> bool:
    return 0x80 <= byte <= 0xBF


def _continues(raw: bytes, pos: int) -> bool:
    """Whether ``raw[pos]`` can belong to a UTF-8 character begun before it (a lost
    byte, 0xFF, may have been any continuation byte)."""
    for back in range(1, 4):
        if pos - back < 0:
            return False
        byte = raw[pos - back]
        if _is_lead(byte):
            return back < (2 if byte < 0xE0 else 3 if byte < 0xF0 else 4)
        if not (_is_continuation(byte) or byte == 0xFF):
            return False
    return False


def _first_whole_character(
    index: int,
    classes: str,
    byte_at: list[int],
    char_start: list[int],
    owner: Callable[[int], int],
    raw: bytes,
) -> int:
    """The first misread character at or after decoded position ``index`` whose bytes
    start a good or lost UTF-8 character (not inside one, not an invalid byte)."""

    def raw_byte(pos: int) -> int:
        return raw[byte_at[pos]]

    pos = index
    while pos < len(classes):
        kind = classes[pos]
        starts = kind in "VL" or (
            kind == "X" and _is_lead(raw_byte(pos)) and classes[pos + 1 : pos + 2] in ("X", "L")
        )
        if starts:
            char = owner(byte_at[pos])
            if char_start[char] == byte_at[pos]:
                return char
        pos += 1
    return len(char_start) - 1


def _is_lead(byte: int) -> bool:
    return 0xC2 <= byte <= 0xF4


def _truncated_character(run: str, offset: int, fam: Family, weak: list[Repair]) -> None:
    """A lone misread character that is the start of a UTF-8 character whose rest was dropped."""
    raw = fam.to_bytes.get(run, b"")
    if len(raw) == 2 and 0xE0 <= raw[0] <= 0xEF and 0x80 <= raw[1] <= 0xBF:
        weak.append(Repair(offset, offset + 1, "\ufffd", fam.name, 0.5))


_CLASS_BYTES = bytes.maketrans(b"ALXWVU", b"\x01\x01\x01\x02\x03\x04")
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _class_table() -> str:
    """``str.translate`` table: every BMP code point to its class letter (see :func:`_classify`),
    as one string (indexed by code point: faster than a dictionary)."""
    return (
        "A" * 0x80
        + "W" * (0x800 - 0x80)
        + "V" * (0xDC80 - 0x800)
        + "X" * 0x7F
        + "L"
        + "V" * (0x10000 - 0xDD00)
    )


def _classify(decoded: str) -> tuple[str, list[int]]:
    """One class letter per decoded character, and the byte offset of each (plus the end).

    A: ASCII, L: lost byte, X: invalid byte, W: two-byte character, V: three- or
    four-byte character.
    """
    classes = decoded.translate(_class_table())
    if classes.isascii():
        return classes, list(accumulate(classes.encode("ascii").translate(_CLASS_BYTES), initial=0))
    classes = _BEYOND_BMP.sub("U", classes)  # characters beyond the BMP, four bytes each
    byte_at = list(accumulate(classes.encode("ascii").translate(_CLASS_BYTES), initial=0))
    return classes.replace("U", "V"), byte_at


def _decode_lossy(raw: bytes) -> str:
    """UTF-8 decode; every broken character (lost or orphaned bytes) becomes one U+FFFD."""
    text = raw.decode("utf-8", "surrogateescape")
    if "\udcff" not in text and _INVALID.search(text) is None:
        return text
    return _INVALID.sub(lambda m: _broken_characters(m.group()), text)


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


def repair(text: str) -> str:
    """Apply :func:`find_repairs` (for tests and interactive use)."""
    out = []
    pos = 0
    for rep in find_repairs(text):
        out.append(text[pos : rep.start])
        out.append(rep.new)
        pos = rep.end
    out.append(text[pos:])
    return "".join(out)
