"""``unicode.fullwidth_ascii``: full-width Latin letters and digits to ASCII (opt-in).

Chinese input methods type ``ＡＢＣ`` and ``１２３`` where ASCII was meant; corpora that
tokenise Latin words and numbers want them folded. This step folds full-width letters
and digits (U+FF21–FF3A, U+FF41–FF5A, U+FF10–FF19) to ASCII, and the full-width signs
*inside* such a run (``ＵＳＢ－Ｃ``, ``３．５``, ``１００％``, ``ａ＠ｂ．ｃｏｍ``) with them.
Chinese punctuation stays full-width: ``，。！？：；（）「」`` and any sign next to Han
text (``第１名，共３人`` → ``第1名，共3人``). The ideographic space is
``unicode.spaces``' business, not this step's.

It joins no profile: ``--enable unicode.fullwidth_ascii``. Unlike NFKC it touches
nothing else (no ligatures, no circled numbers, no half-width katakana).

>>> from normkit import Context
>>> FullwidthAscii()("型号ＵＳＢ－Ｃ，容量１２８ＧＢ，售价１，２９９元（约１００％好评）", Context())
'型号USB-C，容量128GB，售价1，299元（约100%好评）'
"""

from __future__ import annotations

import dataclasses

import regex

from .._context import Context
from .._normaliser import Normaliser, Stage
from ..hookspecs import hookimpl

_LETTERS = "Ａ-Ｚａ-ｚ"
_DIGITS = "０-９"
#: Signs folded only between two folded characters (or ``％`` after one): inside a
#: model name, a number, an address; never when they stand for Chinese punctuation.
_INNER_SIGNS = "－．＋／＿＆＠＃："
_AFTER_SIGNS = "％"
#: Full-width letters and digits → ASCII, and the signs above.
FOLD = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})


def _run_pattern(alnum: str) -> regex.Pattern[str]:
    unit = f"[{alnum}]"
    return regex.compile(rf"{unit}++(?:[{_INNER_SIGNS}]{unit}++)*+[{_AFTER_SIGNS}]?+")


@dataclasses.dataclass(frozen=True)
class FullwidthOptions:
    """What ``unicode.fullwidth_ascii`` folds.

    >>> FullwidthAscii(digits=False)("ＡＢ１２")
    'AB１２'
    """

    #: Fold letters (``ＡＢＣ``).
    letters: bool = True
    #: Fold digits (``１２３``).
    digits: bool = True


class FullwidthAscii(Normaliser):
    """Fold full-width Latin letters and digits (and the signs inside such runs) to ASCII.

    >>> FullwidthAscii()("接口ＵＳＢ－Ｃ，版本３．５")
    '接口USB-C，版本3.5'
    """

    name = "unicode.fullwidth_ascii"
    stage = Stage.UNICODE
    description = "Fold full-width Latin letters and digits to ASCII; Chinese punctuation stays full-width."
    version = "1.0"
    Options = FullwidthOptions
    examples = (
        ("ＡＢＣ１２３，好", "ABC123，好"),
        ("接口ＵＳＢ－Ｃ，版本３．５", "接口USB-C，版本3.5"),
        ("好评率１００％！", "好评率100%！"),
        ("邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "邮箱zhang@example.com"),
    )
    keeps = (
        "中文，标点！问号？冒号：括号（）引号「」。",
        "ABC 123 abc",
        "第一名：张三／李四",
        "——，。……",
    )

    def __init__(self, options: object = None, **values: object) -> None:
        super().__init__(options, **values)
        alnum = (_LETTERS if self.options.letters else "") + (_DIGITS if self.options.digits else "")
        self._runs = _run_pattern(alnum) if alnum else None

    def normalise(self, text: str, ctx: Context) -> str:
        runs = self._runs
        if runs is None or text.isascii():
            return text
        pieces: list[str] = []
        pos = 0
        for m in runs.finditer(text):
            start, end = m.span()
            pieces.append(text[pos:start])
            pieces.append(m.group().translate(FOLD))
            ctx.reason(start, end, "full-width letters or digits")
            pos = end
        if not pieces:
            return text
        pieces.append(text[pos:])
        return "".join(pieces)


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(FullwidthAscii)
