"""An example normkit plugin: full-width ASCII letters and digits to half-width."""

from __future__ import annotations

import dataclasses

import regex

import normkit

_FULLWIDTH_ALNUM = regex.compile(r"[０-９Ａ-Ｚａ-ｚ]++")
_LETTERS = {c: c - 0xFEE0 for c in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_LETTERS_AND_DIGITS = {**_LETTERS, **{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}}


@dataclasses.dataclass(frozen=True)
class Options:
    #: Also fold full-width digits (０-９).
    digits: bool = True


class FullwidthAscii(normkit.Normaliser):
    """Fold full-width letters (and digits) to ASCII; keep full-width punctuation."""

    name = "example.fullwidth_ascii"
    stage = normkit.Stage.UNICODE
    description = "Fold full-width Latin letters and digits to ASCII."
    version = "0.1.0"
    Options = Options
    examples = (("ＡＢＣ１２３，好", "ABC123，好"),)
    keeps = ("中文，标点！", "ABC 123")

    def normalise(self, text: str, ctx: normkit.Context) -> str:
        if not _FULLWIDTH_ALNUM.search(text):
            return text
        table = _LETTERS_AND_DIGITS if self.options.digits else _LETTERS

        def fold(m: regex.Match[str]) -> str:
            ctx.reason(m.start(), m.end(), "full-width letters or digits")
            return m.group().translate(table)

        return _FULLWIDTH_ALNUM.sub(fold, text)


@normkit.hookimpl
def normkit_register_normalisers(register: normkit.Register) -> None:
    register(FullwidthAscii)
