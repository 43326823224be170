"""A long text read a block of lines at a time, so that per-line work (lists of lines,
their pieces) holds one block's worth of Python objects, not the whole text's.

A list of Python strings costs about 80 bytes a line: on a text of short lines (10 bytes
of UTF-8 each) that is eight times the text. The steps that work line by line without
looking across lines read the text in blocks of whole lines instead.
"""

from __future__ import annotations

from collections.abc import Iterator

#: Characters in a block (a block ends at the first line break after this many).
BLOCK_CHARS = 1 << 15


def line_blocks(text: str, chars: int | None = None) -> Iterator[str]:
    """The text cut at line breaks into blocks of about ``chars`` characters or more
    (:data:`BLOCK_CHARS` by default): the
    breaks cut at are left out, so ``"\\n".join`` of the blocks is ``text`` again, and
    their lines (``split("\\n")``), one after another, are ``text.split("\\n")``.

    >>> list(line_blocks("甲\\n乙\\n丙\\n丁", chars=2))
    ['甲\\n乙', '丙\\n丁']
    >>> list(line_blocks(""))
    ['']
    """
    if chars is None:
        chars = BLOCK_CHARS
    start = 0
    while True:
        cut = text.find("\n", start + chars) if start + chars < len(text) else -1
        if cut < 0:
            yield text[start:]
            return
        yield text[start:cut]
        start = cut + 1


#: Lines up to this long are shared by :func:`split_lines` (longer ones cost little
#: beside their characters), among at most :data:`_SHARED_AT_ONCE` distinct ones at once.
_SHARED_LENGTH = 64
_SHARED_AT_ONCE = 4096


def split_lines(text: str) -> list[str]:
    """``text.split("\\n")``, with equal short lines of a long text one string: the lines
    a page repeats (menus, list items, blank ones with a space) then cost a pointer each,
    not a string each (about 80 bytes: ten times a line of a few characters).

    >>> lines = split_lines("第1行\\n" * 20_000)
    >>> lines == ("第1行\\n" * 20_000).split("\\n"), lines[0] is lines[1]
    (True, True)
    """
    if len(text) <= BLOCK_CHARS:
        return text.split("\n")
    shared: dict[str, str] = {}
    lines: list[str] = []
    for block in line_blocks(text):
        for line in block.split("\n"):
            if len(line) <= _SHARED_LENGTH:
                found = shared.get(line)
                if found is None:
                    if len(shared) >= _SHARED_AT_ONCE:
                        shared.clear()
                    found = shared[line] = line
                line = found
            lines.append(line)
    return lines
