"""GBK text decoded one byte out of phase.

When a byte of a GBK page is lost (or shown as ``?``), the decoder pairs each trail
byte with the next lead byte until an ASCII byte or a second loss brings it back into
phase: ``。”“您`` becomes ``?！薄澳``. The misread characters still carry their bytes
(full-width punctuation folded to ASCII is turned back), so the run is re-paired in
phase. A character whose other byte is gone becomes U+FFFD, unless the document's
own text makes one candidate the clear choice. Where the stretch starts and ends is
chosen by the unlikely characters a re-decoding removes and the dictionary words (pairs
of characters from OpenCC's phrase lists) it makes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .readings import CODEC, FOLDED, MARKS, Readings, Span, known
from .scoring import Profile, clearly_better, profile, tiers
from .tables import decode_block

_CODEC = CODEC
_FOLDED = FOLDED
_MARKS = MARKS
_MAX_RUN = 400
#: Candidate stretches and re-decodings tried per document at most: bounds the time spent on a damaged page.
_BUDGET = 3000
#: A shifted stretch holds a lost byte or two; runs with more are other damage.
_MAX_MARKS = 3
#: Two or more full-width letters or digits: a word of clean text (``ＯＧＳ``) that ends
#: a run. (One alone can be a shifted reading: ``。`` is 0xA1 0xA3, and 0xA3 leads the
#: full-width letters.)
_FOLDED_CODES = [ord(ch) for ch in "!,:;()"]
_FULL_WIDTH_WORD = re.compile("[０-９Ａ-Ｚａ-ｚ]{2,}")
#: UTF-8 sequences of two to four bytes: a run whose bytes are mostly these is UTF-8
#: read as GBK (``mojibake.cjk``'s work) or other mojibake, not shifted GBK. Clean GBK
#: text has about a third of its bytes in such sequences by chance (at most 0.6 in
#: 30-character pieces of the sample corpus); UTF-8 Chinese read as GBK, at least 0.65.
_UTF8 = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_MAX_UTF8 = 0.7
#: ... and hold several UTF-8 characters in a row (by chance, rare in GBK).
_UTF8_ROW = re.compile(rb"(?:[\xe0-\xef][\x80-\xbf]{2}){3}|(?:[\xc2-\xdf][\x80-\xbf]){4}")
_HAN = re.compile("[\u4e00-\u9fff]")
#: A run with few unlikely characters is repaired only if the repair makes this many more word pairs.
_WEAK_WORDS = 1
#: Candidate spans checked in full per run (the best of each pairing by gain).
_CHECKED = 6


@dataclass(frozen=True, slots=True)
class PhaseRepair:
    """One run to replace: ``text[start:end]`` becomes ``new``.

    >>> PhaseRepair(0, 2, "您好").reason
    'gbk read out of phase after a lost byte'
    """

    start: int
    end: int
    new: str
    reason: str = "gbk read out of phase after a lost byte"


@dataclass(frozen=True)
class _Tables:
    to_bytes: dict[str, bytes]
    by_lead: dict[int, list[str]]
    by_trail: dict[int, list[str]]
    #: Per BMP code point: can be in a run (a GBK character, folded punctuation, a mark) ...
    run_table: npt.NDArray[np.bool_]
    #: ... is a character a shifted reading makes often and clean text rarely, or U+FFFD.
    odd_table: npt.NDArray[np.bool_]
    #: ``by_lead`` and ``by_trail`` as code points.
    lead_codes: dict[int, npt.NDArray[np.int64]]
    trail_codes: dict[int, npt.NDArray[np.int64]]


_NONE = np.zeros(0, dtype=np.int64)


@dataclass
class _Document:
    """The document's character counts (by BMP code point, counted on first use), and
    the guesses made from them."""

    points: npt.NDArray[np.int64]
    guesses: dict[tuple[int, int], str] = field(default_factory=dict)

    @functools.cached_property
    def counts(self) -> npt.NDArray[np.int64]:
        return np.bincount(self.points, minlength=0x10000)


@functools.cache
def _tables() -> _Tables:
    pairs = decode_block(("gbk",), range(0x81, 0xFF), [*range(0x40, 0x7F), *range(0x80, 0xFF)])
    to_bytes = {ch: raw for ch, raw in pairs.items() if ch.encode(_CODEC, "ignore") == raw}
    by_lead: dict[int, list[str]] = {}
    by_trail: dict[int, list[str]] = {}
    for ch, raw in to_bytes.items():
        by_lead.setdefault(raw[0], []).append(ch)
        by_trail.setdefault(raw[1], []).append(ch)
    run_table = np.zeros(0x10000, dtype=np.bool_)
    run_table[[ord(ch) for ch in {*to_bytes, *_FOLDED, *_MARKS}]] = True
    # Out of phase, a trail byte becomes a lead: GB2312 level 2 (0xD8-0xF7) and the
    # symbol rows (0xA2-0xA9) turn up often; in clean text they are rare.
    odd = {ch for ch, raw in to_bytes.items() if 0xD8 <= raw[0] <= 0xF7 or 0xA2 <= raw[0] <= 0xA9}
    odd_table = np.zeros(0x10000, dtype=np.bool_)
    odd_table[[ord(ch) for ch in odd | {"\ufffd"}]] = True
    lead_codes = {b: np.array([ord(ch) for ch in chars], dtype=np.int64) for b, chars in by_lead.items()}
    trail_codes = {b: np.array([ord(ch) for ch in chars], dtype=np.int64) for b, chars in by_trail.items()}
    return _Tables(to_bytes, by_lead, by_trail, run_table, odd_table, lead_codes, trail_codes)


def code_points(text: str) -> npt.NDArray[np.int64]:
    """``text``'s code points, those beyond the BMP as 0xFFFF (in no table).

    >>> code_points("a中😀").tolist()
    [97, 20013, 65535]
    """
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.minimum(points, 0xFFFF).astype(np.int64)


def _suspect_pair(points: npt.NDArray[np.int64], tables: _Tables) -> bool:
    """Two odd characters (or U+FFFD) at most five apart on one line, or ``?`` before
    folded punctuation: the cheap test that rules out clean text."""
    question = points[:-1] == ord("?")
    if np.count_nonzero(question & np.isin(points[1:], _FOLDED_CODES)):
        return True
    odd = np.flatnonzero(tables.odd_table.take(points))
    if odd.size < 2:
        return False
    lines = np.cumsum(points == ord("\n"))
    close = (np.diff(odd) <= 5) & (lines.take(odd[1:]) == lines.take(odd[:-1]))
    return bool(np.count_nonzero(close))


def find_repairs(text: str) -> list[PhaseRepair]:
    """The runs to re-decode, in text order.

    >>> damaged = _shift("我们今天去北京看看天安门广场，然后回家吃饭。", 6)
    >>> damaged[:8]
    '我们今烊ケ本┛纯'
    >>> [(r.start, r.end, r.new) for r in find_repairs(damaged)]
    [(3, 22, '\ufffd去北京看看天安门广场\ufffd然后回家吃饭。')]
    """
    if "?" not in text and "\ufffd" not in text:
        return []  # a lost byte shows as one of these; dropped bytes are not handled here
    tables = _tables()
    points = code_points(text)
    if not _suspect_pair(points, tables):
        return []
    candidates: list[tuple[int, str]] = []
    marks_before, unlikely_before = counts_before(text, points)
    for at, segment in _runs(text, points, tables):
        end = at + len(segment)
        marks = marks_before.item(end) - marks_before.item(at)
        if len(segment) > _MAX_RUN or not 0 < marks <= _MAX_MARKS:
            continue  # no lost byte, or many: not one shifted stretch but other damage
        if unlikely_before.item(end) == unlikely_before.item(at):
            continue  # (``profile(segment, _MARKS)``: no rare or odd character)
        if not _looks_utf8(segment):
            candidates.append((at, segment))
    if not candidates:
        return []
    doc = _Document(points)
    lefts = [text[at - 1] if at else "" for at, _ in candidates]
    rights = [text[at + len(seg) : at + len(seg) + 1] for at, seg in candidates]
    readings = Readings([seg for _, seg in candidates], lefts, rights)
    repairs = []
    budget = [_BUDGET]
    for (at, segment), spans, bounds in zip(
        candidates, readings.best_spans(_CHECKED), readings.bounds, strict=True
    ):
        best = _best_repair(segment, spans, bounds[0], readings, tables, doc, budget, lefts, rights)
        if best is not None:
            start, end, new = best
            repairs.append(PhaseRepair(at + start, at + end, new))
    return repairs


def counts_before(
    text: str, points: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For each position of ``text`` (and its end), how many loss marks (``?``, U+FFFD)
    and how many rare or odd characters (:func:`.scoring.tiers` ``r`` or ``o``) come
    before it: a run's counts are two look-ups.

    >>> [found.tolist() for found in counts_before("a?鍖\ufffd中", code_points("a?鍖\ufffd中"))]
    [[0, 0, 1, 1, 2, 2], [0, 0, 0, 1, 1, 1]]
    """
    marks = (points == ord("?")) | (points == 0xFFFD)
    found = np.frombuffer(tiers(text).encode("ascii"), dtype=np.uint8)
    unlikely = (found == ord("r")) | (found == ord("o"))
    before = np.zeros((2, points.size + 1), dtype=np.int64)
    np.cumsum(marks, out=before[0, 1:])
    np.cumsum(unlikely, out=before[1, 1:])
    return before[0], before[1]


def _runs(text: str, points: npt.NDArray[np.int64], tables: _Tables) -> Iterator[tuple[int, str]]:
    """(offset, run) of every run of three or more GBK characters, split at full-width words."""
    inside = tables.run_table.take(points).view(np.int8)
    edges = np.diff(inside, prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    long = ends - starts >= 3
    for start, end in zip(starts[long].tolist(), ends[long].tolist(), strict=True):
        segment = text[start:end]
        if _FULL_WIDTH_WORD.search(segment) is None:
            yield start, segment
            continue
        pos = 0
        for word in _FULL_WIDTH_WORD.finditer(segment):
            if word.start() - pos >= 3:
                yield start + pos, segment[pos : word.start()]
            pos = word.end()
        if len(segment) - pos >= 3:
            yield start + pos, segment[pos:]


def _best_repair(
    run: str,
    spans: list[Span],
    offset: int,
    readings: Readings,
    tables: _Tables,
    doc: _Document,
    budget: list[int],
    lefts: list[str],
    rights: list[str],
) -> tuple[int, int, str] | None:
    """The first of ``spans`` (of ``run``, at ``offset`` in ``readings``) that is clearly
    better, as (start, end, new) in ``run``.

    >>> text = _shift("他说：“我们会尽快完成。”大家都很期待。", 15)
    >>> find_repairs(text)[0].new
    '\ufffd快完成。”大家都很期\ufffd。'
    """
    index = int(readings.run_of[offset])
    left, right = lefts[index], rights[index]
    for span in spans:
        budget[0] -= 1
        if budget[0] < 0:
            return None
        start, end = span.start - offset, span.end - offset
        old = run[start:end]
        before = profile(old, _MARKS)
        if not _may_pass(old, before):
            continue  # (what ``_acceptable`` asks of the old text alone: no need to build the new)
        new = "".join(
            chr(piece) if isinstance(piece, int) else _guess(*piece, tables, doc)
            for piece in readings.pieces(span.start, span.end, span.parity)
        )
        sure = readings.sure_text(span.start, span.end, span.parity)
        if new != old and _acceptable(old, new, sure, left, right, run, start, end, before):
            return start, end, new
    return None


def _may_pass(old: str, before: Profile) -> bool:
    """The checks of :func:`_acceptable` on the old text alone (``before``: its profile):
    unlikely characters to remove, and mostly hanzi.

    >>> [_may_pass(old, profile(old, _MARKS)) for old in ("贝蠹叶己芷诖\ufffd", "大家都很期\ufffd")]
    [True, False]
    """
    weak = before.rare + before.odd < (2 if before.lost else 3)
    if weak and not (before.lost and before.rare + before.odd):
        return False
    return 2 * len(_HAN.findall(old)) >= before.total  # a shifted reading of Chinese is mostly hanzi


def _acceptable(
    old: str, new: str, sure: str, left: str, right: str, run: str, start: int, end: int, before: Profile
) -> bool:
    """The full checks on one candidate that passed :func:`_may_pass` (``before``: the
    profile of ``old``): clearly more plausible, no ASCII split off, and with few
    unlikely characters only if dictionary words back it."""
    weak = before.rare + before.odd < (2 if before.lost else 3)
    if not clearly_better(before, profile(new)) or _ascii(new) > _ascii(old):
        return False
    if weak:
        outer = (run[start - 1] if start else left, run[end] if end < len(run) else right)
        words = known(outer[0] + sure + outer[1]) - known(outer[0] + old + outer[1])
        if words < _WEAK_WORDS:
            return False
    return True


def _shift(text: str, lost: int) -> str:
    """``text`` in GBK with byte ``lost`` gone, read as GBK (for examples)."""
    raw = text.encode("gbk")
    return (raw[:lost] + raw[lost + 1 :]).decode("gbk", "replace")


def _looks_utf8(segment: str) -> bool:
    """Whether ``segment``'s GBK bytes are mostly UTF-8 sequences, several in a row.

    >>> _looks_utf8("涓枃娴嬭瘯鐨勪緥瀛"), _looks_utf8("究焱瓿伞！贝蠹叶己芷诖")
    (True, False)
    """
    raw = segment.encode(_CODEC, "replace")
    if _UTF8_ROW.search(raw) is None:
        return False
    covered = sum(map(len, _UTF8.findall(raw)))
    return covered >= _MAX_UTF8 * len(raw)


def _ascii(text: str) -> int:
    """ASCII characters: a repair that splits off a trail byte (0x40-0x7E) as ASCII is wrong."""
    return len(text.encode("ascii", "ignore")) - text.count("?")  # ``?`` marks a lost byte


def _guess(lead: int | None, trail: int | None, tables: _Tables, doc: _Document) -> str:
    """The character with the known byte that the document uses most, or U+FFFD."""
    key = (-1 if lead is None else lead, -1 if trail is None else trail)
    if key not in doc.guesses:
        doc.guesses[key] = _rank(lead, trail, tables, doc.counts)
    return doc.guesses[key]


def _rank(lead: int | None, trail: int | None, tables: _Tables, counts: npt.NDArray[np.int64]) -> str:
    if lead is not None:
        candidates, codes = tables.by_lead.get(lead, []), tables.lead_codes.get(lead, _NONE)
    elif trail is not None:
        candidates, codes = tables.by_trail.get(trail, []), tables.trail_codes.get(trail, _NONE)
    else:
        return "\ufffd"
    found = counts.take(codes)
    ranked: list[tuple[int, str]] = sorted(
        ((int(found[k]), candidates[k]) for k in np.flatnonzero(found).tolist()), reverse=True
    )
    if ranked and ranked[0][0] >= 2 and (len(ranked) == 1 or ranked[0][0] >= 2 * ranked[1][0]):
        return ranked[0][1]
    return "\ufffd"
