"""Which rule families could take which lines of a page, found for the whole page at once.

A family of :mod:`normkit.lines.rules` can take a line only when the line holds one of
the family's words or marks, its *gate*: a breadcrumb needs ``>``, a footer a footer word,
``@``, a digit or a bracket, a credit a role word or a ``(``. Each gate is a necessary
condition read off the family's patterns, so running a family only on the lines whose
gate is open gives exactly the verdicts of running it on every line. The gates of all
the lines of a page come from NumPy over the page's code points: a table lookup per
character (marks, digits, words of one character) and a sorted-array lookup per pair of
characters (the first two characters of longer words; a superset, since the families
then confirm their words), instead of a dozen patterns tried on every line.

>>> from normkit.normalisers._lexicon import build_lexicon
>>> bits = Gates.of(build_lexicon()).lines(["首页 > 新闻", "作者：张三", "今天天气很好"])
>>> [bool(b & NAVIGATION_SHORT) for b in bits], [bool(b & CREDIT) for b in bits], [bool(b & ANY_SIGNAL) for b in bits]
([True, False, False], [False, True, False], [True, True, False])
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import numpy as np

from ..normalisers._lexicon import Lexicon
from .patterns import COPYRIGHT_EXTRA_WORDS, SIGNAL_WORDS
from .scans import unicode_digits

__all__ = [
    "ANY_SIGNAL",
    "COLON",
    "COMMA",
    "COPYRIGHT",
    "CREDIT",
    "DIGIT",
    "FOOTER",
    "MAYBE_SIGNAL",
    "METADATA",
    "METADATA_SHORT",
    "NAVIGATION",
    "NAVIGATION_SHORT",
    "RELATED",
    "SENTENCE",
    "SIGNAL",
    "STOP",
    "Gates",
]

#: One bit per family (two for navigation and metadata: what they take from any line, and
#: what only from lines without sentence marks); :data:`SIGNAL`: the line has a
#: boilerplate mark, a digit or a one-character boilerplate word (sure);
#: :data:`MAYBE_SIGNAL`: it holds the first two characters of a longer boilerplate word
#: (the word is to be confirmed); :data:`SENTENCE`: a mark of
#: :data:`normkit.lines.shapes.SENTENCE_PUNCT`; :data:`COMMA`: ``,``; :data:`STOP`: ``。``;
#: :data:`DIGIT` and :data:`COLON`: a digit, a ``:``.
(
    NAVIGATION, NAVIGATION_SHORT, COPYRIGHT, FOOTER, RELATED, METADATA, METADATA_SHORT, CREDIT,
    SIGNAL, MAYBE_SIGNAL, SENTENCE, COMMA, STOP, DIGIT, COLON,
) = (1 << k for k in range(15))  # fmt: skip
#: A sure or a possible signal.
ANY_SIGNAL = SIGNAL | MAYBE_SIGNAL

#: The words and marks of each family's gate besides its lexicon terms and digits.
_WORDS: dict[int, tuple[str, ...]] = {
    # ``位置`` (the position line), the calls to action (and page numbers: see ``lines``).
    NAVIGATION: (
        "位置", "点击上方", "关注我们", "长按识别", "长按二维码", "扫码关注", "扫一扫", "点个在看", "点亮在看",
        "分享让更多人看到", "返回搜狐", "查看更多", "返回首页", "返回顶部", "设为首页", "加入收藏", "点击进入",
        "点击查看", "进入专题", "阅读原文", "尽在", "下载", "粉丝团", "粉丝专页", "点击下一页", "继续阅读",
    ),
    # Breadcrumb marks, menu bars and menu words: only on lines without sentence marks.
    NAVIGATION_SHORT: (">", "»", "›", "→", "|", "丨", "·", "•", "/"),
    # The lead of a notice, and the words of the notices' extra patterns.
    COPYRIGHT: ("版权", "声明", "copyright", "©", *(w for ws in COPYRIGHT_EXTRA_WORDS.values() for w in ws)),
    # Registrations, e-mail addresses besides the labels (and phone numbers: see ``lines``).
    FOOTER: ("icp", "网安备", "公安备案", "许可证", "@"),
    # ``上一篇``, ``下一页`` ...
    RELATED: ("上一", "下一", "前一", "后一"),
    # The end mark (``（完）``), on any line.
    METADATA: ("完", "end"),
    # The page tools (``【打印】``, ``字体:``), the words of counts (``阅读 1024``) besides the
    # labels (and dates: see ``lines``): lines without ``。``.
    METADATA_SHORT: (
        "字体", "字号", "【", "[", "阅读", "浏览", "点击", "访问", "查看", "人气", "评论", "点赞", "收藏",
        "转发", "看过", "围观",
    ),
    # A pinyin gloss removed from a credit may join a role word: ``(``.
    CREDIT: ("(",),
}  # fmt: skip
#: The lexicon kind whose terms open each family's gate.
_KIND = {
    NAVIGATION: "",
    NAVIGATION_SHORT: "navigation",
    COPYRIGHT: "copyright",
    FOOTER: "footer",
    RELATED: "related",
    METADATA: "",
    METADATA_SHORT: "metadata",
    CREDIT: "credit",
}
#: The marks of :data:`normkit.lines.patterns.SIGNAL_CHARS` besides digits.
_SIGNAL_MARKS = ">»›→|丨/·•:@©"
#: Sentence marks anywhere, and those that end a sentence only with more text after them.
_SENTENCE_MARKS, _SENTENCE_ENDS = "。；;", "!?！？"
#: Besides digits, what can end a line of page numbers (:data:`normkit.lines.patterns.PAGINATION`).
_PAGE_ENDS = "页>»]"
#: Besides digits, the characters of a phone number (:data:`normkit.lines.patterns.PHONE_ONLY`).
_PHONE_MARKS = "-() "
#: Besides digits, what a lone date may start with (:data:`normkit.lines.patterns.DATE_ONLY`).
_DATE_OPENERS = "【[("


#: Bits of :attr:`Gates._marks`.
_PAIR_FIRST, _ENDS, _PAGE_END, _DATE_OPENER = 1, 2, 4, 8


class Gates:
    """The gates of one lexicon; :meth:`lines` finds the gates of many lines.

    A word of one character opens its gate through a table indexed by code point; a longer
    word through its first two characters (a superset: the families confirm their words).

    >>> from normkit.normalisers._lexicon import build_lexicon
    >>> gates = Gates.of(build_lexicon())
    >>> [bool(b & COPYRIGHT) for b in gates.lines(["版权所有 © 2024", "今天天气很好"])]
    [True, False]
    """

    def __init__(self, lexicon: Lexicon) -> None:
        chars: dict[int, int] = {}
        pairs: dict[int, int] = {}

        def add(word: str, bit: int) -> None:
            if len(word) == 1:
                chars[ord(word)] = chars.get(ord(word), 0) | bit
            elif word:
                key = ord(word[0]) << 21 | ord(word[1])
                pairs[key] = pairs.get(key, 0) | bit

        for bit, words in _WORDS.items():
            for word in {*words, *lexicon.terms.get(_KIND[bit], ())} if _KIND[bit] else words:
                add(word, bit)
        signal_words = {t for kind, terms in lexicon.terms.items() if kind != "spam" for t in terms}
        for word in signal_words.union(SIGNAL_WORDS):
            add(word, SIGNAL if len(word) == 1 else MAYBE_SIGNAL)
        table = np.zeros(0x110000, dtype=np.uint32)
        table[unicode_digits()] = DIGIT | SIGNAL
        table[ord(":")] |= COLON
        table[[ord(c) for c in _SIGNAL_MARKS]] |= SIGNAL
        table[[ord(c) for c in _SENTENCE_MARKS]] |= SENTENCE
        table[ord(",")] |= COMMA
        table[ord("。")] |= STOP
        for code, bit in chars.items():
            table[code] |= bit
        self._table = table
        keys = sorted(pairs)
        self._keys = np.array(keys, dtype=np.int64)
        self._key_bits = np.array([pairs[k] for k in keys], dtype=np.uint32)
        #: Per code point: starts a pair of :attr:`_keys` (only there is a pair looked up),
        #: ends a sentence, ends a line of page numbers, opens a date (one byte each).
        marks = np.zeros(0x110000, dtype=np.uint8)
        marks[[k >> 21 for k in keys]] |= _PAIR_FIRST
        for members, bit in ((_SENTENCE_ENDS, _ENDS), (_PAGE_ENDS, _PAGE_END), (_DATE_OPENERS, _DATE_OPENER)):
            marks[[ord(c) for c in members]] |= bit
        self._marks = marks
        self._phone = np.zeros(0x110000, dtype=np.bool_)
        self._phone[unicode_digits()] = True
        self._phone[[ord(c) for c in _PHONE_MARKS]] = True
        #: The sure signal words: :meth:`normkit.normalisers._lexicon.Lexicon.signals`.
        self.signals = lexicon.signals(SIGNAL_WORDS)

    @classmethod
    def of(cls, lexicon: Lexicon) -> Gates:
        """The gates of ``lexicon``, built once per lexicon."""
        key = id(lexicon)
        found = _BY_LEXICON.get(key)
        if found is None or found[0]() is not lexicon:
            found = _BY_LEXICON[key] = (weakref.ref(lexicon), cls(lexicon))
            weakref.finalize(lexicon, _BY_LEXICON.pop, key, None)
        return found[1]

    def lines(self, folded: Sequence[str]) -> list[int]:
        """The gate bits of each of the ``folded`` lines (none holds a line break)."""
        if not folded:
            return []
        text = "\n".join(folded)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        bits = np.zeros(len(codes) + 2, dtype=np.uint32)
        bits[:-2] = self._table[codes]
        if len(codes) > 1:
            if len(self._keys):
                # Pairs looked up only where their first character starts one.
                where = np.flatnonzero(self._marks[codes[:-1]] & _PAIR_FIRST)
                pairs = codes[where].astype(np.int64) << 21 | codes[where + 1]
                at = np.searchsorted(self._keys, pairs)
                at[at == len(self._keys)] = 0
                found = self._keys[at] == pairs
                bits[where[found]] |= self._key_bits[at[found]]
            # ``!?！？`` end a sentence with more text after them on the line.
            ends = ((self._marks[codes[:-1]] & _ENDS) > 0) & (codes[1:] != 10)
            bits[:-3][ends] |= SENTENCE
        sizes = np.fromiter(map(len, folded), dtype=np.int64, count=len(folded)) + 1
        starts = np.cumsum(sizes) - sizes
        # Each line with its line break (no bits) or, for the last line, a zero after it.
        out = np.bitwise_or.reduceat(bits[:-1], starts)
        digits = (out & DIGIT) > 0
        if digits.any():
            padded = np.concatenate((codes, [10, 10])).astype(np.uint32)
            first, second, last = (
                padded[starts],
                padded[starts + 1],
                padded[np.maximum(starts + sizes - 2, 0)],
            )
            is_digit = (self._table[first] & DIGIT) > 0, (self._table[second] & DIGIT) > 0
            # Page numbers end in a digit or a page word or mark.
            paging = digits & (((self._table[last] & DIGIT) > 0) | ((self._marks[last] & _PAGE_END) > 0))
            # A lone date starts with its year; a date and time has a ``:``.
            dated = digits & (is_digit[0] | (((self._marks[first] & _DATE_OPENER) > 0) & is_digit[1]))
            dated |= digits & ((out & COLON) > 0)
            out |= np.where(paging, NAVIGATION, 0).astype(np.uint32)
            out |= np.where(dated, METADATA_SHORT, 0).astype(np.uint32)
        # A phone number ends its line with seven digits, dashes, brackets or spaces.
        counts = np.concatenate(([0], np.cumsum(self._phone[codes], dtype=np.int64)))
        ends = np.minimum(starts + sizes - 1, len(codes))
        phone = (sizes > 7) & (counts[ends] - counts[np.maximum(ends - 7, 0)] == 7)
        out |= np.where(phone, FOOTER, 0).astype(np.uint32)
        return out.tolist()  # type: ignore[no-any-return]


#: :meth:`Gates.of`'s cache by lexicon (lexicons are not hashable); an entry goes with its lexicon.
_BY_LEXICON: dict[int, tuple[weakref.ref[Lexicon], Gates]] = {}
