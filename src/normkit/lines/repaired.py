"""Lines as the repairs after the line steps will write them, for judging them.

The line steps run before ``punctuation.width``, ``punctuation.ellipsis`` and the other
in-line repairs. A line step that judged ``首页！(,`` by its half-width marks would judge
the repaired ``首页！（，`` differently on a second pass over the cleaned text. Judging
every line as :func:`as_repaired` writes it, whatever its context (a context-free form
that the repairs cannot change further), gives the same verdicts on both passes.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["as_repaired", "one_blank_per_run", "one_blank_per_run_array", "page_as_repaired"]

#: Half-width marks as ``punctuation.width`` writes them in Chinese text.
_WIDENED = tuple(zip(",;:!?()", "，；：！？（）", strict=True))
#: Spaces after a mark, which ``punctuation.width`` removes with the mark it widens.
_SPACE_AFTER_MARK = re.compile(r"([，；：！？])[ \t]+")
#: The searches below open with a literal (each branch of an alternation too), which the
#: engine scans for; a pattern opening otherwise (``\.{3,}``, ``，+``, a group, a class in
#: one branch) is tried at every position of the page. They find what the plainer
#: patterns in their comments find (``tests/test_lines_repaired_searches.py``).
#: Ellipses in any spelling, as ``punctuation.ellipsis`` writes them (``\.{3,}|。{3,}|⋯+``,
#: one spelling at a time: the spellings share no character, nor with ``……``).
ELLIPSES = (
    ("...", re.compile(r"\.\.\.+")),
    ("。。。", re.compile(r"。。。+")),
    ("⋯", re.compile(r"⋯+")),
)
#: Marks that ``punctuation.doubled`` collapses: commas before another mark
#: (``，+(?=[。、；：！？])``), runs of commas, ``。。`` (not an ellipsis), runs of ``、；：``
#: (``([，、；：])\1+|。。``, after the ellipses: no ``。。。`` left).
COMMAS_BEFORE_MARK = re.compile(r"，，*(?=[。、；：！？])")
RUN_OF_MARKS = re.compile(r"，，+|、、+|；；+|：：+|。。")
_DOUBLED_ANY = re.compile(r"，[，。、；：！？]|。。|、、|；；|：：")
#: Any character :func:`as_repaired` may change
#: (``[,;:!?()]|[，；：！？][ \t]|\.\.\.|。。|⋯|，[，。、；：！？]|、、|；；|：：``).
REPAIRABLE = re.compile(
    r",|;|:|!|\?|\(|\)|\.\.\.|⋯|。。|、、|，[ \t，。、；：！？]|；[ \t；]|：[ \t：]|！[ \t]|？[ \t]"
)


def _first(m: re.Match[str]) -> str:
    return m.group()[0]


def as_repaired(line: str) -> str:
    """``line`` as the repairs after the line steps write it (half-width ``, ; : ! ? ( )``
    widened, the spaces after them gone, ellipses as ``……``, doubled marks single),
    whatever its context.

    >>> as_repaired("首页！(, 新闻...")
    '首页！（，新闻……'
    >>> as_repaired("首页。。,] 新闻,,好")
    '首页。，] 新闻，好'
    """
    if REPAIRABLE.search(line) is None:
        return line
    for half, full in _WIDENED:  # str.replace scans in C; translate looks up every character
        if half in line:
            line = line.replace(half, full)
    if " " in line or "\t" in line:
        line = _SPACE_AFTER_MARK.sub(r"\1", line)
    for spelling, ellipsis in ELLIPSES:
        if spelling in line:
            line = ellipsis.sub("……", line)
    if _DOUBLED_ANY.search(line) is not None:
        line = RUN_OF_MARKS.sub(_first, COMMAS_BEFORE_MARK.sub("", line))
    return line


def page_as_repaired(lines: Sequence[str]) -> Sequence[str]:
    """:func:`as_repaired` of every line; ``lines`` itself when none changes.

    >>> page_as_repaired(["首页", "新闻!好"])
    ['首页', '新闻！好']
    """
    text = "\n".join(lines)
    if REPAIRABLE.search(text) is None:
        return lines
    repaired = as_repaired(text)
    return lines if repaired == text else repaired.split("\n")


def one_blank_per_run(lines: Sequence[str]) -> list[int]:
    """The indices of ``lines`` without the blank lines after a blank line (and before the
    first line with text): the page as ``layout.whitespace`` leaves its blank lines.

    >>> one_blank_per_run(["", "首页", "", " ", "", "正文", ""])
    [1, 2, 5, 6]
    """
    out = []
    after_text = False
    for i, line in enumerate(lines):
        blank = not line.strip()
        if not blank or after_text:
            out.append(i)
        after_text = not blank
    return out


def one_blank_per_run_array(stripped: Sequence[str]) -> npt.NDArray[np.int64] | None:
    """:func:`~normkit.lines.repaired.one_blank_per_run` of stripped lines as an array,
    or ``None`` when it is every line.

    >>> one_blank_per_run_array(["", "首页", "", "", "正文", ""]).tolist()
    [1, 2, 4, 5]
    >>> one_blank_per_run_array(["首页", "", "正文"]) is None
    True
    """
    blank = np.fromiter(map(operator.not_, stripped), dtype=np.bool_, count=len(stripped))
    keep = ~blank
    keep[1:] |= ~blank[:-1]
    return None if keep.all() else np.flatnonzero(keep)
