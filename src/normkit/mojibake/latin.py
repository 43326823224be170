"""Latin-family mojibake (UTF-8 read as latin-1, windows-125x, MacRoman...) through ftfy.

Only ftfy's encoding repair runs (``fix_encoding``), line by line, and only on lines
that contain a character pair that such mojibake always has; its other fixes (quotes,
character width, ligatures, normalisation) never run, so clean CJK text is untouched.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import ftfy
import ftfy.bad_codecs  # registers the "sloppy-" codecs named in CHARMAP_ENCODINGS
import numpy as np
import numpy.typing as npt
from ftfy.chardata import CHARMAP_ENCODINGS

from . import legacy
from .tables import code_units

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
    """One line's repair: ``text[start:end]`` (the line, with its end) becomes ``new``.

    >>> find_repairs("cafÃ© ok")
    [LineRepair(start=0, end=8, new='café ok', reason='utf-8 read as latin-1')]
    """

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


def _conts() -> set[str]:
    """UTF-8 continuation bytes read as a single-byte code page, and the characters that
    stand for a lost one (a space for U+00A0, ``?``, U+FFFD)."""
    conts: set[str] = {" ", "\ufffd", "?"}
    for encoding in CHARMAP_ENCODINGS:
        conts |= _chars(encoding, 0x80, 0xBF)
    return conts


@functools.cache
def _candidate_line(spaces: bool = True) -> re.Pattern[str]:
    """A UTF-8 lead byte read as a single-byte code page, then a continuation byte (or,
    with ``spaces``, a space standing for U+00A0), or a C1 control: present in every
    case ftfy repairs."""
    leads = "".join(sorted(re.escape(c) for c in _leads()))
    conts = "".join(sorted(re.escape(c) for c in _conts() if spaces or c != " "))
    return re.compile(f"[{leads}\x80-\x9f](?:(?<=[\x80-\x9f])|[{conts}])")


@functools.cache
def _lost_no_break_space() -> re.Pattern[str]:
    """A lead before a space that stood for U+00A0: right after a word (``helloÂ world``)
    or before a second space (``Ã  la``)."""
    leads = "".join(sorted(re.escape(c) for c in _leads()))
    return re.compile(f"(?<=\\S)[{leads}] |[{leads}]  ")


#: Bits of :func:`_char_flags`.
_LEAD, _CONT, _C1, _HIDDEN = 1, 2, 4, 8


@functools.cache
def _char_flags() -> npt.NDArray[np.uint8]:
    """What each UTF-16 code unit can be here, as bits: a lead, a continuation, a C1
    control, an invisible character (which ``unicode.controls`` removes). All of them
    are in the BMP; surrogates are none of them."""
    flags = np.zeros(0x10000, dtype=np.uint8)
    flags[[ord(c) for c in _leads()]] |= _LEAD
    flags[[ord(c) for c in _conts()]] |= _CONT
    flags[0x80:0xA0] |= _C1
    flags[list(_INVISIBLE)] |= _HIDDEN
    return flags


@functools.cache
def _char_flag_bytes() -> bytes:
    """:func:`_char_flags` as bytes, for looking up one code unit at a time."""
    return _char_flags().tobytes()


#: Bits of :func:`_probe_table`: can start a candidate match; a Latin-1 letter or
#: symbol (not ``·``, common in CJK text) that legacy CJK bytes show as.
_START, _LATIN1 = 1, 2


@functools.cache
def _probe_table() -> npt.NDArray[np.uint8]:
    """Per UTF-16 code unit, the bits ``_START`` and ``_LATIN1``: one look-up for both tests."""
    table = np.where((_char_flags() & (_LEAD | _C1)) != 0, _START, 0).astype(np.uint8)
    table[0xA0:0x100] |= _LATIN1
    table[0xB7] &= ~np.uint8(_LATIN1)
    return table


def might_have_mojibake(text: str) -> bool:
    """The cheap test: False means no line of ``text`` has a :func:`_candidate_line`
    match, also once its invisible characters are removed.

    One table look-up per character, vectorised, finds the leads and C1 controls:
    several times faster than a regex scan of CJK text. They are rare (pinyin has a
    few); only they and the characters after them are looked at then, one by one (a
    lead followed by an invisible character counts as a match).

    >>> might_have_mojibake("cafÃ© ok"), might_have_mojibake("中文 ok")
    (True, False)
    """
    if text.isascii():
        return False
    units = code_units(text)
    return _has_candidate(units, _probe_table().take(units))


def _has_candidate(units: npt.NDArray[np.uint16], found: npt.NDArray[np.uint8]) -> bool:
    starts = np.flatnonzero(found & _START)
    if not starts.size:
        return False
    flags = _char_flag_bytes()
    after = units.take(starts + 1, mode="clip").tolist()  # (the last: itself again)
    for here, nxt in zip(units.take(starts).tolist(), after, strict=True):
        if flags[here] & _C1 or flags[nxt] & (_CONT | _HIDDEN):
            return True
    return False


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line with its line end): ftfy splits on ``\n``; a lone ``\r`` ends a line
    too, as ``unicode.controls`` makes it ``\n`` later."""
    for m in _LINE.finditer(text):
        if m.group():
            yield m.start(), m.group()


def find_repairs(text: str) -> list[LineRepair]:
    """ftfy's encoding repair and :mod:`legacy`'s of every line that might need them.

    Each line is repaired until it is stable (:func:`settle`): one repair can uncover
    another (ftfy turns the C1 control of ``ÓD¯\x9b®`` into ``›`` and drops an
    invisible character between the bytes: legacy GBK bytes then), and the output
    must not be a candidate for the next run.

    >>> [(r.start, r.new) for r in find_repairs("It costs â‚¬5\\nok\\ncafÃ©")]
    [(0, 'It costs €5\\n'), (17, 'café')]
    """
    if text.isascii():
        return []
    units = code_units(text)
    found = _probe_table().take(units)
    if not np.count_nonzero(found):
        return []
    # legacy bytes show two Latin-1 letters per character
    searched = np.count_nonzero(found & _LATIN1) >= 2
    shown = legacy.find_repairs(text) if searched else []
    latin_possible = _has_candidate(units, found)
    if not shown and not latin_possible:
        return []
    taken = [r.start for r in shown]  # lines with legacy bytes
    repairs = []
    for start, line in _lines(text):
        first = bisect.bisect_left(taken, start)
        has_legacy = first < len(taken) and taken[first] < start + len(line)
        if not has_legacy and not (latin_possible and _candidate(line)):
            continue
        # (a line the search above found no legacy bytes in needs no second search)
        new, reasons = settle(line, may_hold_legacy=has_legacy or not searched)
        if new != line:
            repairs.append(LineRepair(start, start + len(line), new, "; ".join(dict.fromkeys(reasons))))
    return repairs


#: Rounds of :func:`settle`: each one shortens the line or removes a C1 control.
_SETTLE_ROUNDS = 6


def settle(line: str, may_hold_legacy: bool = True) -> tuple[str, list[str]]:
    """``line`` repaired until no repair finds anything more, and the reasons.

    >>> settle("na\u00c3\u00afve")
    ('naïve', ['utf-8 read as latin-1'])
    >>> settle("plain")
    ('plain', [])
    """
    reasons: list[str] = []
    for done in range(_SETTLE_ROUNDS):
        step = _repair_once(line, look_for_legacy=may_hold_legacy or done > 0)
        if step is None:
            break
        line, reason = step
        reasons.append(reason)
    return line, reasons


def _candidate(line: str) -> bool:
    """Whether ftfy's repair of ``line`` can find mojibake (the cheap tests)."""
    probe = line.translate(_INVISIBLE) if _HAS_INVISIBLE.search(line) else line
    if _candidate_line().search(probe) is None:
        return False
    # Only a letter before a space to go on, standing alone (``e Ã são``) or in a
    # line of CJK text (``Ã 和 Â``), is a Portuguese or Vietnamese letter, not the
    # lead of a U+00A0 made a space.
    return _candidate_line(spaces=False).search(probe) is not None or (
        _CJK.search(line) is None and _lost_no_break_space().search(probe) is not None
    )


def _repair_once(line: str, look_for_legacy: bool = True) -> tuple[str, str] | None:
    """One repair of ``line``: its legacy bytes, else ftfy's, and the reason; None if
    neither finds anything (``look_for_legacy=False``: the line is known to hold none)."""
    shown = legacy.find_repairs(line) if look_for_legacy else []
    if shown:
        out, pos = [], 0
        for r in shown:
            out += [line[pos : r.start], r.new]
            pos = r.end
        out.append(line[pos:])
        return "".join(out), "; ".join(dict.fromkeys(r.reason for r in shown))
    if not _candidate(line):
        return None
    # Invisible characters that ``unicode.controls`` removes later would hide
    # mojibake from this step until the next run: judge the line without them.
    probe = line.translate(_INVISIBLE) if _HAS_INVISIBLE.search(line) else line
    config = _CJK_LINE_CONFIG if _CJK.search(line) is not None else _CONFIG
    fixed, plan = _fix(probe, config)
    if fixed in (probe, line):
        return None
    return fixed, _reason(plan or [])


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
