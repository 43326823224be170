"""Whether a pattern matches anywhere in a whole page, asked so the engine can skip ahead.

Python's ``re`` searches a pattern that opens with a literal or a single character class
by scanning for that character first; any other pattern (an alternation of differently
opening branches, a ``^`` under ``re.M``, a class such as ``\\S`` or a Han range that
Chinese text is full of) is tried at every position of the text, dozens of operations
each. The pre-checks of :mod:`normkit.codespans` only ask *whether* their patterns match
somewhere, so they are written here in forms that find a match exactly when the plain
pattern does, but open with a class of characters that Chinese prose rarely holds (and
look behind for what the plain pattern matched before it), or with a line break.

>>> starts = LineStart(r"import\\b")
>>> starts.search("说明\\nimport os"), starts.search("import os"), starts.search("不 import")
(True, True, False)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["GAP_ANYWHERE", "LineStart"]


class LineStart:
    """A pattern searched only at the start of a line, as ``^(?:body)`` under ``re.M``
    finds it: matched at the text's start, then searched after each line break (a
    literal the engine scans for).

    >>> LineStart(r"[ \\t]*\\d+ \\S").search("表\\n  12 行")
    True

    ``needs``, a pattern that every match holds a match of, is searched first: a text
    without one is answered at the cost of that search.

    >>> LineStart(r"a=\\d", needs=r"=\\d").search("今天\\na=1")
    True
    """

    def __init__(self, body: str, flags: int = 0, needs: str | None = None) -> None:
        self._first = re.compile(body, flags | re.M)
        self._later = re.compile(f"\n(?:{body})", flags | re.M)
        self._needs = None if needs is None else re.compile(needs, flags | re.M)

    def search(self, text: str) -> bool:
        """Whether ``^(?:body)`` (``re.M``) matches somewhere in ``text``."""
        if self._needs is not None and self._needs.search(text) is None:
            return False
        return self._first.match(text) is not None or self._later.search(text) is not None

    def findall(self, text: str) -> list[Any]:
        """``re.findall`` of ``^(?:body)`` (``re.M``) in ``text`` (the whole match, the one
        group or a tuple of the groups, ``""`` for a group that took no part), for a body
        that matches neither an empty text nor a line break: each match lies in one line.

        >>> LineStart(r"(\\d+)\\.").findall("1. 甲\\n说明 2.\\n3. 乙")
        ['1', '3']
        """
        if self._needs is not None and self._needs.search(text) is None:
            return []
        first = self._first.match(text)
        matches = [] if first is None else [first]
        matches.extend(self._later.finditer(text))
        groups = self._first.groups
        if groups == 0:
            return [m.group() if m is first else m.group()[1:] for m in matches]
        if groups == 1:
            return [m.group(1) or "" for m in matches]
        return [m.groups("") for m in matches]


#: Where :data:`normkit.codespans.layout.GAP` (``\S(?:  |\t)[ \t]*\S``: two spaces or a
#: tab between two marks) matches, found from the gap's first space or tab instead of
#: from the mark before it (which may be any character).
GAP_ANYWHERE = re.compile(r"[ \t](?<=\S[ \t])(?:(?<=\t)|(?= ))[ \t]*\S")
