"""A page's title and its headline: the context columns that read a line against them.

Crawled text often starts with the page's ``<title>`` (``headline_site`` or
``headline|tag|tag - channel - site``), and the article's headline stands again just
above its text. A later line above the main text whose letters are a good part of the
first line is a **copy of the title** (:data:`TITLE_NAMES` ``title_copy``): the
headline, or the title again in a breadcrumb or a "now reading" bar. The copy nearest
above the main text is taken for the **headline**; the lines above it (the title line
too) are the page head (menus, breadcrumbs, log-in and share widgets), the more surely
the farther (``above_headline``). A page whose first line no later line copies (an
extraction of the article alone) has neither column: the model reads it from the other
features.

Lines are compared on their letters and digits, lower case, so the same title in any
punctuation or spacing matches; both lines come from the same page, so from the same
script.

>>> lines = ["绥德：33名退役军人被表彰_某某网", "首页", "新闻", "绥德：33名退役军人被表彰", "今天，……。"]
>>> copy, above = title_columns(lines, 4)
>>> copy.tolist(), [round(float(v), 2) for v in above]
([0.0, 0.0, 0.0, 1.0, 0.0], [1.39, 1.1, 0.69, 0.0, 0.0])
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["MIN_LETTERS", "MIN_SHARE", "TITLE_NAMES", "title_columns", "title_key"]

#: The columns of :func:`title_columns`, as named in :data:`normkit.lines.features.NAMES`.
TITLE_NAMES: tuple[str, ...] = ("title_copy", "above_headline")
#: A copy of the title has this many letters and digits or more …
MIN_LETTERS = 6
#: … and this share of the title's or more (a word of the title is no copy of it).
MIN_SHARE = 0.25

_NOT_LETTER = re.compile(r"[\W_]+")


def title_key(line: str) -> str:
    """The letters and digits of a line, lower case.

    >>> title_key("《蓝羽会客厅》之 5月20日 Ｂeijing")
    '蓝羽会客厅之5月20日ｂeijing'
    """
    return _NOT_LETTER.sub("", line.lower())


def title_columns(
    lines: Sequence[str], first_text: int, letters: npt.NDArray[np.float32] | None = None
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """``title_copy`` and ``above_headline`` of every line (no line blank).

    ``first_text`` is the first line of the main text (the page's length if none): only
    lines up to it are read (the headline stands above the text). ``letters`` (letters
    and digits of every line, if known) skips the lines too short to be a copy without
    reading them. ``above_headline`` is ``log(1 + lines down to the headline)`` for the
    lines above it, else 0.

    >>> title_columns(["首页", "新闻"], 2)[0].tolist()
    [0.0, 0.0]
    >>> title_columns(["标题_网站", "标题"], 2)[0].tolist()  # too short to be a copy
    [0.0, 0.0]
    """
    n = len(lines)
    copy = np.zeros(n, dtype=np.float32)
    above = np.zeros(n, dtype=np.float32)
    if n < 2:
        return copy, above
    title = title_key(lines[0])
    if len(title) < MIN_LETTERS:
        return copy, above
    least = max(MIN_LETTERS, MIN_SHARE * len(title))
    last = min(max(first_text, 0), n - 1)
    rows = np.arange(1, last + 1)
    if letters is not None:
        rows = rows[(letters[1 : last + 1] >= least) & (letters[1 : last + 1] <= len(title))]
    headline = -1
    for i in rows.tolist():
        key = title_key(lines[i])
        if len(key) >= least and key in title:
            copy[i] = 1.0
            headline = i
    if headline > 0:
        above[:headline] = np.log1p(np.arange(headline, 0, -1, dtype=np.float32))
    return copy, above
