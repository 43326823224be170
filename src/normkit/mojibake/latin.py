"""Latin-family mojibake (UTF-8 read as latin-1, windows-125x, MacRoman...) through ftfy.

Only ftfy's encoding repair runs (``fix_encoding``), line by line, and only on lines
that contain a character pair that such mojibake always has; its other fixes (quotes,
character width, ligatures, normalisation) never run, so clean CJK text is untouched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import ftfy
import ftfy.bad_codecs  # registers the "sloppy-" codecs named in CHARMAP_ENCODINGS
from ftfy.chardata import CHARMAP_ENCODINGS

_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)
# In a line with CJK text a C1 control is more likely a byte of CJK mojibake (cp932
# reads 0x80 as U+0080) than windows-1252 read as latin-1: leave it to ``mojibake.cjk``.
_CJK_LINE_CONFIG = _CONFIG._replace(fix_c1_controls=False)
_INVISIBLE = dict.fromkeys(
    [*(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)), 0x7F, 0xFEFF, 0x200B, 0x2060, 0xFFFE, 0xFFFF]
)
_HAS_INVISIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE) + "]")
_LINE = re.compile("[^\n\r]*+(?:\r\n?+|\n)?+")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uff61-\uff9f]")
#: What later steps make of characters that can be bytes of mojibake: C1 controls are
#: deleted (``unicode.controls``), no-break spaces made plain (``unicode.spaces``).
_LATER = {**dict.fromkeys(range(0x80, 0xA0)), 0xA0: " "}
#: Repairs after applying ``_LATER`` to what ftfy left: each round removes or replaces some.
_MAX_ROUNDS = 3


@dataclass(frozen=True, slots=True)
class LineRepair:
    start: int
    end: int
    new: str
    reason: str


def _chars(encoding: str, first: int, last: int) -> set[str]:
    return {bytes((b,)).decode(encoding, "replace") for b in range(first, last + 1)} - {"\ufffd"}


def _leads() -> set[str]:
    """UTF-8 lead bytes read as a single-byte code page."""
    leads: set[str] = set()
    for encoding in CHARMAP_ENCODINGS:
        leads |= _chars(encoding, 0xC2, 0xF4)
    # MacRoman and cp437 put punctuation common in CJK text (“ ” ‘ ’ … —) on UTF-8 lead
    # bytes (for Cyrillic supplement and the like, almost never misread this way):
    # leaving them out keeps clean Chinese off the slow path.
    return leads - set("“”‘’…—–·•")


@functools.cache
def _candidate_line() -> re.Pattern[str]:
    """A UTF-8 lead byte read as a single-byte code page, then a continuation byte (or a
    space standing for U+00A0), or a C1 control: present in every case ftfy repairs."""
    conts: set[str] = {" ", "\ufffd", "?"}
    for encoding in CHARMAP_ENCODINGS:
        conts |= _chars(encoding, 0x80, 0xBF)
    cont_class = "".join(sorted(re.escape(c) for c in conts))
    # ``[lead][cont]|[\x80-\x9f]`` written to start with one class, which ``re`` scans
    # for far faster than an alternation (only whether it matches is used).
    return re.compile(f"{_candidate_start().pattern}(?:(?<=[\x80-\x9f])|[{cont_class}])")


@functools.cache
def _candidate_start() -> re.Pattern[str]:
    """The first character of every :func:`_candidate_line` match, as one class: a
    single-class search is several times faster than the pattern's alternation."""
    return re.compile("[" + "".join(sorted(re.escape(c) for c in _leads())) + "\x80-\x9f]")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line with its line end): ftfy splits on ``\n``; a lone ``\r`` ends a line
    too, as ``unicode.controls`` makes it ``\n`` later."""
    for m in _LINE.finditer(text):
        if m.group():
            yield m.start(), m.group()


def find_repairs(text: str) -> list[LineRepair]:
    """ftfy's encoding repair of every line that might need it."""
    if _candidate_start().search(text) is None:
        return []  # removing invisible characters cannot bring one in
    pattern = _candidate_line()
    hidden = _HAS_INVISIBLE.search(text) is not None
    if pattern.search(text.translate(_INVISIBLE) if hidden else text) is None:
        return []
    repairs = []
    for start, line in _lines(text):
        # Invisible characters that ``unicode.controls`` removes later would hide
        # mojibake from this step until the next run: judge the line without them.
        probe = line.translate(_INVISIBLE) if hidden else line
        if pattern.search(probe) is None:
            continue
        config = _CJK_LINE_CONFIG if _CJK.search(line) else _CONFIG
        fixed, plan = _fix(probe, config)
        if fixed == probe:
            continue
        if fixed != line:
            repairs.append(LineRepair(start, start + len(line), fixed, _reason(plan or [])))
    return repairs


def _fix(line: str, config: ftfy.TextFixerConfig) -> tuple[str, list[ftfy.ExplanationStep]]:
    """ftfy's encoding repair of ``line``, and its plan.

    C1 controls and no-break spaces can be bytes of mojibake, so ftfy sees them. Those
    it leaves, later steps delete or make plain spaces (``_LATER``), and inside
    mojibake they would hide it until the next run: the line is then repaired again as
    those steps will leave it, if that repairs more.
    """
    fixed, plan = ftfy.fix_encoding_and_explain(line, config)
    steps = list(plan or [])
    for _ in range(_MAX_ROUNDS):
        later = fixed.translate(_LATER)
        if later == fixed:
            break
        again, more = ftfy.fix_encoding_and_explain(later, config)
        if again == later:
            break
        fixed = again
        steps += more or []
    return fixed, steps


def _reason(plan: Sequence[tuple[str, str]]) -> str:
    encodings = [arg.removeprefix("sloppy-") for op, arg in plan if op == "encode"]
    if encodings:
        return "utf-8 read as " + ", then ".join(reversed(encodings))
    if any(arg == "decode_inconsistent_utf8" for _, arg in plan):
        return "utf-8 read as windows-1252 (in places)"
    if any(arg == "fix_c1_controls" for _, arg in plan):
        return "windows-1252 read as latin-1 (C1 controls)"
    return "mojibake"
