"""The built-in signals, registered through the same hook a plugin implements."""

from __future__ import annotations

from ..hookspecs import hookimpl
from . import garbage as g
from . import text as t
from . import work as w
from .base import RegisterSignal, Signal

BUILTIN_SIGNALS: tuple[Signal, ...] = (
    Signal("chars", "int", "Characters other than whitespace.", t.chars),
    Signal("han_chars", "int", "Han characters (every CJK ideograph block, 々 〇).", t.han_chars),
    Signal("kana_chars", "int", "Hiragana and katakana (with ー).", t.kana_chars),
    Signal("hangul_chars", "int", "Hangul.", t.hangul_chars),
    Signal("latin_chars", "int", "Latin letters (with combining marks).", t.latin_chars),
    Signal("digit_chars", "int", "Decimal digits of any script.", t.digit_chars),
    Signal("punct_chars", "int", "Full-width, CJK and ASCII punctuation.", t.punct_chars),
    Signal("han_share", "float", "han_chars / chars.", t.han_share),
    Signal("latin_share", "float", "latin_chars / chars.", t.latin_share),
    Signal("kana_share", "float", "kana_chars / chars.", t.kana_share),
    Signal("traditional_share", "float", "Traditional over all script markers.", t.traditional_share),
    Signal(
        "mixed_script",
        "bool",
        "Simplified and traditional mixed (minority >= 10 % of markers).",
        t.mixed_script,
    ),
    Signal("lines", "int", "Lines holding something other than whitespace.", t.lines),
    Signal(
        "sentence_end_share", "float", "Share of lines ending a sentence (。！？!?… .).", t.sentence_end_share
    ),
    Signal("mean_line_length", "float", "Mean characters per non-blank line.", t.mean_line_length),
    Signal(
        "duplicate_line_share", "float", "Share of lines repeating an earlier line.", t.duplicate_line_share
    ),
    Signal(
        "repeated_ngram_share",
        "float",
        f"Share of characters inside a character {t.NGRAM}-gram occurring twice or more.",
        t.repeated_ngram_share,
    ),
    Signal("garbled", "int", "锟斤拷 and runs of 烫烫烫 / 屯屯屯.", g.garbled),
    Signal("mojibake_left", "int", "Encoding debris left after repair (锛 銆 鈥, Ã©, â€).", g.mojibake_left),
    Signal("replacement_chars", "int", "U+FFFD replacement characters.", g.replacement_chars),
    Signal("private_use_chars", "int", "Private-use code points.", g.private_use_chars),
    Signal("box_chars", "int", "Missing-glyph squares (□ ▯ ◻ ⬜) and box drawing.", g.box_chars),
    Signal(
        "garbage", "int", "garbled + mojibake_left + replacement + private-use + box characters.", g.garbage
    ),
    Signal("lines_dropped", "int", "Lines the chain dropped.", w.lines_dropped),
    Signal("dropped_by", "counts", "Lines dropped, by normaliser.", w.dropped_by),
    Signal("repairs", "counts", "Characters removed plus added, by normaliser.", w.repairs),
    Signal("spam", "bool", "Flagged as spam by the spam normalisers.", w.spam),
    Signal("spam_score", "float", "The spam normalisers' score (else 1.0 if flagged, 0.0).", w.spam_score),
    Signal("pii", "int", "Personal data items pii.mask replaced.", w.pii),
    Signal("pii_by", "counts", "Personal data replaced, by kind.", w.pii_by),
    Signal("floods", "int", "Floods of one repeated character (哈哈哈哈, ！！！！, emoji).", w.floods),
)


@hookimpl
def normkit_register_signals(register: RegisterSignal) -> None:
    for signal in BUILTIN_SIGNALS:
        register(signal)
