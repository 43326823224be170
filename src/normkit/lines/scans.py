"""The pattern and lexicon scans of the page features: how many hits of a pattern each
line of a folded block of lines holds (:func:`hits`), the lexicon's scan
(:func:`lexicon_scan`), a line's field label (:func:`prefix`) and numbers for distinct
lines (:func:`line_ids`).

Every pattern reads folded text (simplified, half-width, lower-case) and no match crosses
a line, so a block of lines scans as the whole page would.

>>> import numpy as np
>>> hits(DATE, "2023年5月1日\\n首页", np.array([0, 10]), 2).tolist()
[1.0, 0.0]
"""

from __future__ import annotations

import functools
import re

import numpy as np
import numpy.typing as npt

from ..normalisers._lexicon import Lexicon, trie_pattern

__all__ = [
    "ARROW_MORE",
    "BRACKET_TAG",
    "COUNT",
    "DATE",
    "LIST_MARK",
    "NOTICE",
    "PERCENT",
    "STRIP_MARKS",
    "TIME",
    "TIME_WORDS",
    "URL",
    "Scan",
    "hits",
    "lexicon_scan",
    "line_ids",
    "lines_of",
    "prefix",
    "prefixes",
    "spam_pattern",
]

# ``\d(?<!\d\d)\d?`` is ``(?<!\d)\d{1,2}`` written to start with a digit (a faster scan).

DATE = re.compile(
    r"(?:19|20)\d\d[ \t]*[-/.年][ \t]*\d{1,2}[ \t]*[-/.月][ \t]*\d{1,2}|\d{1,2}月\d{1,2}日|\d(?<!\d\d)\d?-\d{1,2}(?![\d-])"
)
TIME = re.compile(r"\d(?<!\d\d)\d?:\d\d(?!\d)|\d+[ \t]*(?:分钟|小时|天)前")
TIME_WORDS = re.compile(r"昨天|前天|刚刚")
COUNT = re.compile(
    r"\d[\d.,]*[ \t]*[万wk千]?\+?[ \t]*(?:人|次|条|个)?[ \t]*(?:阅读|浏览|评论|点赞|收藏|转发|回复|赞|播放|观看|关注|粉丝|回答|浏览量)"
    r"|(?:阅读|浏览|评论|点赞|回复|播放|人气|热度|粉丝|关注|收藏|回答|采纳率)[ \t]*(?:数|量)?[ \t]*[:(]?[ \t]*\d"
)
PERCENT = re.compile(r"\d[ \t]*%")
URL = re.compile(r"https?://|www\.|\.(?:com|cn|net|org)\b|@[\w.]+")
LIST_MARK = re.compile(
    r"^(?:\d{1,2}[ \t]*[.、)][ \t]*|[-*•·●◆▪■□○►▶※][ \t]*|\(\d{1,2}\)|[一二三四五六七八九十]、)", re.M
)
BRACKET_TAG = re.compile(r"^[【\[][^】\]\n]{1,12}[】\]]", re.M)
NOTICE = re.compile(r"©|\(c\)[ \t]*\d{4}|icp|备\d|公网安备|版权|copyright|rights reserved")
ARROW_MORE = re.compile(r"(?:更多|more)[ \t]*(?:>>|>|»|\+)?[ \t]*$|>>[ \t]*$", re.M)


def lines_of(positions: list[int], starts: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.float32]:
    """How many of ``positions`` (character offsets) fall in each line.

    >>> lines_of([0, 1, 5], np.array([0, 4, 8]), 3).tolist()
    [2.0, 1.0, 0.0]
    """
    if not positions:
        return np.zeros(n, dtype=np.float32)
    ids = np.searchsorted(starts, np.asarray(positions), side="right") - 1
    return np.bincount(ids, minlength=n).astype(np.float32)


def hits(
    pattern: re.Pattern[str], text: str, starts: npt.NDArray[np.int64], n: int
) -> npt.NDArray[np.float32]:
    """How many matches of ``pattern`` start in each of the ``n`` lines of ``text``.

    >>> hits(PERCENT, "涨了5%和3%\\n没有", np.array([0, 8]), 2).tolist()
    [2.0, 0.0]
    """
    return lines_of([m.start() for m in pattern.finditer(text)], starts, n)


Scan = tuple[re.Pattern[str], frozenset[str], frozenset[str], frozenset[str]]
_SCANS: dict[int, tuple[Lexicon, Scan]] = {}


def lexicon_scan(lexicon: Lexicon) -> Scan:
    """One pattern of every term of two or more characters (but spam), the whole-line
    terms, the related-list headings and the spam terms (built once per lexicon).

    >>> from normkit.normalisers._lexicon import build_lexicon
    >>> scan, words, related, spam = lexicon_scan(build_lexicon())
    >>> bool(scan.search("返回首页")), "为你推荐" in related
    (True, True)
    """
    known = _SCANS.get(id(lexicon))
    if known is not None and known[0] is lexicon:
        return known[1]
    if len(_SCANS) > 16:
        _SCANS.clear()
    words = {t for kind, terms in lexicon.terms.items() if kind != "spam" for t in terms}
    scan = re.compile(trie_pattern(w for w in words if len(w) >= 2))
    found = (scan, frozenset(words), lexicon.terms["related"], lexicon.terms["spam"])
    _SCANS[id(lexicon)] = (lexicon, found)
    return found


STRIP_MARKS = "[]【】()<>《》|:·•-—=*#>» "


def line_ids(keys: list[str], seen: dict[str, int]) -> npt.NDArray[np.float32]:
    """A number per distinct key, in order of appearance on the page (``seen``: the keys
    of the lines before, ``{"": -1}`` at first); -1 for ``""``.

    >>> line_ids(["a", "b", "", "a"], {"": -1}).tolist()
    [0.0, 1.0, -1.0, 0.0]
    """
    return np.array([seen.setdefault(k, len(seen) - 1) for k in keys], dtype=np.float32)


@functools.lru_cache(maxsize=8)
def spam_pattern(spam: frozenset[str]) -> re.Pattern[str]:
    """One pattern of the ``spam`` terms (built once per set of terms).

    >>> spam_pattern(frozenset({"加微信", "代开发票"})).findall("加微信代开发票")
    ['加微信', '代开发票']
    """
    return re.compile(trie_pattern(spam))


def prefix(line: str) -> str:
    """A line's field label (``票价:``) or its first two characters; ``""`` for short lines.

    >>> prefix("票价:100元"), prefix("今天天气很好"), prefix("首页")
    ('票价:', '今天', '')
    """
    colon = line.find(":", 1, 10)
    if colon > 0:
        return line[: colon + 1]
    return line[:2] if len(line) >= 6 else ""


def prefixes(lines: list[str]) -> list[str]:
    """:func:`prefix` of every line (one comprehension, no call per line).

    >>> prefixes(["票价:100元", "今天天气很好", "首页"])
    ['票价:', '今天', '']
    """
    return [f[: c + 1] if (c := f.find(":", 1, 10)) > 0 else (f[:2] if len(f) >= 6 else "") for f in lines]
