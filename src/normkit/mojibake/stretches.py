"""The stretches of one run worth repairing: a run of a codec family's characters
turned back into its bytes, the stretches of them that read as UTF-8, their edges
trimmed of clean text, each scored against what it replaces.

:func:`consider` reads a run; the repairs it finds go into two lists: ``strong``
(clearly repaired on their own evidence: they confirm the family for their line)
and ``weak`` (short fragments, kept only on a confirmed line).

>>> from normkit.mojibake.tables import family
>>> text = "鏁版嵁鍖呭湴鍧€"
>>> strong: list[Repair] = []
>>> consider(text, 0, len(text), family("gbk-web"), strong, [], confirming=True)
>>> [(r.new, r.family) for r in strong]
[('数据包地址', 'gbk-web')]
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from typing import NamedTuple

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
from .tables import Family, uncommon
from .utf8 import classify, continues, decode_lossy, has_invalid, is_continuation, is_lead, utf8_prefix

#: What a lost byte shows as. In the bytes it becomes 0xFF, never valid in UTF-8 nor
#: produced by these codecs (``Family.plain``/``question``).
_LOSS_MARKS = "\ufffd?"
#: Another character a family's decoder shows for a lost byte, read as ``?``.
SHOWN_AS_LOST = {"shift-jis": "・"}
_SHOWN_AS = {name: str.maketrans({mark: "?"}) for name, mark in SHOWN_AS_LOST.items()}
#: Two UTF-8 characters of three or four bytes in a row (a lost byte or two between):
#: the evidence that can confirm a family.
_CONFIRMABLE = re.compile(
    rb"[\xe0-\xf4][\x80-\xbf]{2}(?:\xff{1,3}+[\x80-\xbf]{0,2}+)?[\xe0-\xf4][\x80-\xbf]{2}"
)
#: A family that has turned this many runs of a text into bytes turns the whole text
#: into bytes, once (its runs are then slices).
_RUNS_BEFORE_TEXT = 16
#: Runs shorter than this have their byte offsets counted without NumPy.
_SHORT_RUN = 200
#: The share of a stretch's characters that may be lost (U+FFFD) in a repair: a third,
#: but a half for EUC-KR/cp949 and Big5/Big5-HKSCS, whose readings of UTF-8 lose a byte
#: of about 45 % (cp949) to 80 % (Big5) of the characters of Chinese text, so that only
#: where more than half survived is there a stretch to give back (what survives still
#: has to read as everyday text).
_MAX_LOSS = {"euc-kr": 0.5, "big5": 0.5}
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
    (A named tuple: a document can have tens of thousands of candidates.)

    >>> Repair(0, 4, "测试", "gbk", 3.0).reason
    'utf-8 read as gbk'
    """

    start: int
    end: int
    new: str
    family: str
    gain: float

    @property
    def reason(self) -> str:
        return f"utf-8 read as {self.family}"


class Memo:
    """What the runs and stretches of one text gave, for the calls on that text.

    ``runs``: where a run was first read, the repairs (strong, weak) found in it and
    whether its bytes passed the checks of a confirming read, by family, loss marks, run
    and the character after it. ``stretches``: :func:`_judge`'s
    verdict on a stretch, by family, loss marks, its characters and its bytes.

    >>> from normkit.mojibake.tables import family
    >>> text, memo, strong = "鏁版嵁鍖呭湴鍧€ 鏁版嵁鍖呭湴鍧€ ", Memo(), []
    >>> for start in (0, 9):
    ...     consider(text, start, start + 8, family("gbk-web"), strong, [], confirming=True, memo=memo)
    >>> len(memo.runs), [(r.start, r.new) for r in strong]
    (1, [(0, '数据包地址'), (9, '数据包地址')])
    """

    __slots__ = ("bytes", "read", "runs", "stretches", "text_tiers")

    def __init__(self) -> None:
        self.runs: dict[tuple[str, str, str, str], tuple[int, list[Repair], list[Repair], bool]] = {}
        self.stretches: dict[tuple[str, str, str, bytes], _Verdict] = {}
        #: Per family: runs turned into bytes so far, then the text's bytes (``Family.text_bytes``).
        self.read: dict[str, int] = {}
        self.bytes: dict[str, tuple[list[int], bytes]] = {}
        #: The :func:`.scoring.tiers` of the text, once a family turned it into bytes.
        self.text_tiers: str | None = None

    def text_bytes(self, text: str, fam: Family) -> tuple[list[int], bytes] | None:
        """``fam.text_bytes(text)`` once the family has turned :data:`_RUNS_BEFORE_TEXT`
        runs of ``text`` into bytes (before that None: each run is turned into bytes alone)."""
        if fam.name in self.bytes:
            return self.bytes[fam.name]
        count = self.read[fam.name] = self.read.get(fam.name, 0) + 1
        if count < _RUNS_BEFORE_TEXT:
            return None
        found = self.bytes[fam.name] = fam.text_bytes(text)
        return found


#: :func:`_judge`'s answer: (strong, new, gain, dropped), or None.
_Verdict = tuple[bool, str, float, int] | None


def has_loss(text: str, start: int, end: int, fam: Family) -> bool:
    """Whether ``text[start:end]`` shows a lost byte as ``fam``'s decoder does.

    >>> from normkit.mojibake.tables import family
    >>> has_loss("涓?枃", 0, 3, family("gbk")), has_loss("繝・繝", 0, 3, family("shift-jis"))
    (True, True)
    """
    if fam.name in _SHOWN_AS and text.find("・", start, end) >= 0:
        return True
    return text.find("\ufffd", start, end) >= 0 or text.find("?", start, end) >= 0


def consider(
    text: str,
    start: int,
    end: int,
    fam: Family,
    strong: list[Repair],
    weak: list[Repair],
    *,
    confirming: bool,
    memo: Memo | None = None,
) -> None:
    """Look for repairs in the run ``text[start:end]`` if its bytes are worth decoding.

    ``memo`` keeps the repairs found in each distinct run (with what decides them: the
    family, the loss marks, the character after it) across the calls on one text, so a
    repeated run (a menu, a misread word; a line misread by several codecs in turn,
    whose short runs every confirmed family reads) is decoded once.

    >>> from normkit.mojibake.tables import family
    >>> strong: list[Repair] = []
    >>> consider("ok 娴嬭瘯鏁版嵁", 3, 9, family("gbk"), strong, [], confirming=True)
    >>> strong
    [Repair(start=3, end=9, new='测试数据', family='gbk', gain=...)]
    """
    segment = text[start:end]
    shown = False  # (a mark shown otherwise read as ``?``: the bytes differ from the text's)
    if fam.name in _SHOWN_AS and "\ufffd" not in segment and "・" in segment:
        # (Windows' cp932 shows a lost byte as ``・``: read it as ``?``, of the same length)
        segment = segment.translate(_SHOWN_AS[fam.name])
        shown = True
    if "\ufffd" not in segment and "?" not in segment and not uncommon().search(segment):
        return
    # A text that shows lost bytes as U+FFFD has real question marks.
    marks = "\ufffd" if "\ufffd" in segment else _LOSS_MARKS
    following = text[end : end + 1]
    key = (fam.name, marks, segment, following)
    found = None if memo is None else memo.runs.get(key)
    if found is not None and (found[3] or not confirming):
        # (read before: its bytes passed the checks asked here, those of a confirming
        # read including the others': no need to turn it into bytes again)
        _shifted(found, start, strong, weak)
        return
    whole = None if memo is None or shown else memo.text_bytes(text, fam)
    if whole is not None and not (marks == "\ufffd" and "?" in segment):
        raw = whole[1][whole[0][start] : whole[0][end]]
    else:
        raw = fam.to_raw(segment, marks)
    # (with the text's bytes, a run's byte offsets and tiers are slices of the text's:
    # a character's byte count and tier do not depend on the characters around it)
    sliced = None
    if whole is not None and memo is not None:
        if memo.text_tiers is None:
            memo.text_tiers = tiers(text)
        sliced = whole[0], memo.text_tiers[start:end]
    if confirming:
        if not (_CONFIRMABLE.search(raw) and 3 * len(_SEQUENCE.findall(raw)) >= 0.25 * len(raw)):
            return
    elif not _WORTH_DECODING.search(raw):
        return
    if memo is None:
        _repairs_in_run(segment, start, fam, marks, raw, strong, weak, following, {}, sliced)
        return
    if found is None:  # read here: remembered where it was read
        before = len(strong), len(weak)
        _repairs_in_run(segment, start, fam, marks, raw, strong, weak, following, memo.stretches, sliced)
        memo.runs[key] = (start, strong[before[0] :], weak[before[1] :], confirming)
        return
    memo.runs[key] = (*found[:3], True)
    _shifted(found, start, strong, weak)


def _shifted(
    found: tuple[int, list[Repair], list[Repair], bool], start: int, strong: list[Repair], weak: list[Repair]
) -> None:
    """The repairs of a run read at ``found[0]``, for the same run at ``start``."""
    shift = start - found[0]
    strong.extend([Repair(r.start + shift, r.end + shift, r.new, r.family, r.gain) for r in found[1]])
    weak.extend([Repair(r.start + shift, r.end + shift, r.new, r.family, r.gain) for r in found[2]])


def _repairs_in_run(
    run: str,
    offset: int,
    fam: Family,
    marks: str,
    raw: bytes,
    strong: list[Repair],
    weak: list[Repair],
    following: str,
    judged: dict[tuple[str, str, str, bytes], _Verdict],
    sliced: tuple[list[int], str] | None = None,
) -> None:
    """Find the stretches of ``run`` (at ``offset``; ``raw``: its bytes) worth repairing.
    (``judged``: :func:`_judge`'s verdicts so far, by its arguments; ``sliced``: where
    each character's bytes start in the whole text, and the run's tiers, if known.)"""
    decoded = raw.decode("utf-8", "surrogateescape")  # (once, for both uses below)
    if len(run) >= 2 and b"\xff" not in raw and _whole_run(run, offset, fam, marks, decoded, strong):
        return  # (the checks: what ``_whole_run`` looks at first, without a call)
    if sliced is not None:
        base = sliced[0][offset]
        char_start = [at - base for at in sliced[0][offset : offset + len(run) + 1]]
    elif len(run) < _SHORT_RUN:  # a translate is cheaper than NumPy's set-up here
        char_start = list(accumulate(fam.byte_counts(run), initial=0))
    else:
        char_start = fam.byte_starts(run, cache=False).tolist()
    classes, byte_at = classify(decoded)
    found_strong: list[Repair] = []
    found_weak: list[Repair] = []
    covered = 0  # characters of the run covered by the stretches found
    gaps: list[tuple[int, int]] = []  # the rest, in order (the stretches are found left to right)
    found = tiers(run) if sliced is None else sliced[1]
    name = fam.name
    aligned: list[int] | None = None  # (for trimming; most runs need none)
    for m in _STRETCH.finditer(classes):
        pos = m.start()
        first = -1
        if classes[pos] in "VL":  # the common case: a character begins there
            byte = byte_at[pos]
            char = bisect.bisect_right(char_start, byte) - 1
            if char_start[char] == byte:
                first = char
        if first < 0:
            first = _first_whole_character(pos, classes, byte_at, char_start, raw)
        last = bisect.bisect_right(char_start, byte_at[m.end()] - 1)
        if last <= first:
            continue
        if found[first] in "ca" or found[last - 1] in "ca":  # (else nothing to trim)
            if aligned is None:
                aligned = aligned_characters(char_start, byte_at)
            first, last = _trim_everyday(run, found, first, last, raw, char_start, aligned, marks, following)
            if last <= first:
                continue
        old = run[first:last]
        piece = raw[char_start[first] : char_start[last]]
        key = (name, marks, old, piece)
        if key in judged:
            verdict = judged[key]
        else:
            verdict = judged[key] = _judge(name, marks, old, piece)
        if verdict is None:
            continue
        last -= verdict[3]
        repair = Repair(offset + first, offset + last, verdict[1], name, verdict[2])
        (found_strong if verdict[0] else found_weak).append(repair)
        if first > covered:
            gaps.append((covered, first))
        covered = last
    if not found_strong and not found_weak:
        return
    if covered < len(run):
        gaps.append((covered, len(run)))
    if gaps:
        rest = profile_spans(found, run, gaps, marks)
        if rest.total >= 3 and rest.badness >= 0.8:
            return  # much of the run still reads as misread text: not understood, leave it
    strong.extend(found_strong)
    weak.extend(found_weak)


def _judge(name: str, marks: str, old: str, raw: bytes) -> tuple[bool, str, float, int] | None:
    """A stretch ``old`` of a run of family ``name`` (``raw``: its bytes), its edges
    trimmed: ``(strong, new, gain, dropped)`` if it is a repair (strong) or a fragment
    (weak), ``dropped`` being 1 when a last ``?`` is left out; None if neither.
    (Remembered per text: the same short stretch turns up in many runs.)
    """
    new = decode_lossy(raw)
    dropped = 0
    if "?" in marks and old[-1] == "?" and len(old) >= 2:
        # A last ``?`` that would only add a character of its own, whose lead and
        # continuation bytes are all gone, is a real question mark: left as it is.
        shorter = decode_lossy(raw[:-1])  # (a ``?`` is one byte, 0xFF)
        if shorter + "\ufffd" == new:
            dropped, old, new = 1, old[:-1], shorter
    after = profile(new)
    good = len(old) >= 2 and reads_well(after, max_loss=_MAX_LOSS.get(name, 0.34))
    if not good and (after.rare or after.odd) and new != "\ufffd":
        return None  # neither a repair nor a fragment, whatever the text it replaces
    before = profile(old, marks)
    gain = (before.badness - after.badness + 1) * (len(new) - after.lost) - after.lost
    if good and after.badness < 0.5 * before.badness:
        return True, new, gain, dropped
    if plausible_fragment(before, after) or (new == "\ufffd" and before.lost and len(old) <= 3):
        # (the second: one character whose bytes are partly lost, nothing else)
        return False, new, gain, dropped
    return None


def _whole_run(run: str, offset: int, fam: Family, marks: str, decoded: str, strong: list[Repair]) -> bool:
    """The common case at once: a run whose bytes are UTF-8 of everyday characters only
    (nothing lost, no ASCII) and clearly better is one repair, the one the stretch-by-stretch
    search below would find (no edge of it is clean text by its rules). (``decoded``: the
    run's bytes decoded as UTF-8, invalid bytes escaped.)"""
    if len(run) < 2 or has_invalid(decoded):
        return False  # (a lost byte, 0xFF, is invalid too)
    new = decoded
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
    aligned: list[int],
    marks: str,
    following: str = "",
) -> tuple[int, int]:
    """``run[first:last]`` without the clean text at its edges.

    Clean text just before or after a misread span can join it in the bytes. An edge
    piece (characters whose bytes decode on their own) of everyday characters is left
    out unless its bytes read as everyday UTF-8 text or the rest of a broken character.
    At the end of the run, before a Latin letter or digit (``after``), bytes that end in
    letters or digits are the start of that word (``保渚汚PP`` is ``保供APP``).
    ``found``: the :func:`tiers` of ``run``; ``aligned``: the characters of ``run``
    whose bytes start where a decoded character of ``raw`` does (an edge piece ends at
    one), in order (:func:`aligned_characters`).
    """
    # (a piece is clean only if all its characters are everyday or ASCII: an edge
    # character that is neither ends the trimming on that side at once)
    while first < last and found[first] in "ca":  # from the start
        at = bisect.bisect_right(aligned, first)  # the first aligned character past ``first``
        cut = min(aligned[at], last) if at < len(aligned) else last
        if not _clean_piece(run, found, first, cut, raw, char_start[first], char_start[cut], marks):
            break
        first = cut
    while first < last and found[last - 1] in "ca":  # from the end
        at = bisect.bisect_left(aligned, last) - 1  # the last aligned character before ``last``
        cut = max(aligned[at], first) if at >= 0 else first
        if last == len(run) and following.isascii() and following.isalnum():
            tail = utf8_prefix(raw[char_start[cut] : char_start[last]])
            if tail and not tail.isascii() and tail[-1].isascii() and tail[-1].isalnum():
                break  # a word of Latin letters or digits begun in the run's last bytes
        if not _clean_piece(run, found, cut, last, raw, char_start[cut], char_start[last], marks):
            break
        last = cut
    return first, last


def aligned_characters(char_start: list[int], byte_at: list[int]) -> list[int]:
    """The characters (indices into ``char_start``, where each one's bytes start) whose
    bytes start where a decoded character does (``byte_at``), in order.

    >>> aligned_characters([0, 2, 4, 6], [0, 3, 6])
    [0, 3]
    """
    boundaries = set(byte_at)
    return [k for k, start in enumerate(char_start) if start in boundaries]


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
    while start < end and is_continuation(raw[start]) and continues(raw, start):
        start += 1
    new = utf8_prefix(raw[start:end])
    if new is None or _ascii_count(new) != ascii_count:
        return True
    return not common_or_ascii(new)


def _ascii_count(text: str) -> int:
    return len(text.encode("ascii", "ignore"))


def _first_whole_character(
    index: int,
    classes: str,
    byte_at: list[int],
    char_start: list[int],
    raw: bytes,
) -> int:
    """The first misread character at or after decoded position ``index`` whose bytes
    start a good or lost UTF-8 character (not inside one, not an invalid byte)."""

    pos = index
    while pos < len(classes):
        kind = classes[pos]
        starts = kind in "VL" or (
            kind == "X" and is_lead(raw[byte_at[pos]]) and classes[pos + 1 : pos + 2] in ("X", "L")
        )
        if starts:
            char = bisect.bisect_right(char_start, byte_at[pos]) - 1
            if char_start[char] == byte_at[pos]:
                return char
        pos += 1
    return len(char_start) - 1


def truncated_character(run: str, offset: int, fam: Family, weak: list[Repair]) -> None:
    """A lone misread character that is the start of a UTF-8 character whose rest was dropped.

    >>> from normkit.mojibake.tables import family
    >>> weak: list[Repair] = []
    >>> truncated_character("涓", 5, family("gbk"), weak)
    >>> weak
    [Repair(start=5, end=6, new='\ufffd', family='gbk', gain=0.5)]
    """
    if run in fam.truncated_leads:
        weak.append(Repair(offset, offset + 1, "\ufffd", fam.name, 0.5))
