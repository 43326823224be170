"""Command lines of any program, recognised by their arguments, and statements continued
over several lines by a trailing backslash. :mod:`normkit.codespans` uses both.

A command is a lower-case program name followed by arguments, one of which only a
command line has: an option (``--serial``, ``-p``), a placeholder (``<package-name>``),
a path (``/path/to/app.apk``, ``docs/a.md``), a URL or a dotted name (``com.example.app``,
``screenshot.jpg``); a bare English word such as ``the`` or ``to`` among them makes it a
sentence. A program name and a few plain words (``tool doctor``) prove nothing alone,
unless the first of them is a subcommand (``tool install x``, ``nb run``).

>>> command_kind("uiautomator2 clear <package-name>"), command_kind("tool doctor"), command_kind("nb run")
(2, 1, 2)
>>> command_kind("see the docs/index.md page"), command_kind("version 2.0"), command_kind("Hello world")
(0, 0, 0)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .syntax import HAS_HAN, outside_strings

__all__ = ["SUBCOMMANDS", "command_kind", "mark_continued"]

_PROGRAM = r"[a-z][\w.+-]*"
_TOKEN_BODY = r"""(?:"[^"\n]*"|'[^'\n]*'|[^\s'"])+"""
_TOKEN = re.compile(_TOKEN_BODY)
_TOKENS = re.compile(rf"{_TOKEN_BODY}(?:[ \t]+{_TOKEN_BODY})*")
# Arguments only a command line has.
_TELLING = re.compile(
    r"--?[A-Za-z][\w-]*(?:=\S*)?"  # an option
    r"|(?:[\w.~-]*/)*<(?P<placeholder>[\w.:-]+)>(?:/\S*)?"  # a placeholder: <package-name>, a/<name>
    r"|[a-z][\w+.-]*://\S+"  # a URL
    r"|(?:~|\.{1,2})?/[\w.~/<>@:+-]+|[\w.~<>@+-]+/[\w.~/<>@+-]*"  # a path
    r"|[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+"  # a dotted name, a file name
)
_WORD = re.compile(r"[a-z][\w.-]*")
_PLAIN_ARG = re.compile(r"""[\w.:=@%+,/<>~-]+|"[^"\n]*"|'[^'\n]*'""")
#: Words of English sentences that no command takes as a bare argument.
_ENGLISH = frozenset(
    re.findall(
        r"\w+",
        "a an the to of is are was were be been in on for and or with by at this that these it its from as if"
        " not no your you we our can will should would may must which when then than into",
    )
)
#: Tags that extraction leaves in text (``hao3<br>``), which are no placeholders.
_HTML_TAGS = frozenset(
    re.findall(
        r"\w+",
        "a abbr b br center code div em font h1 h2 h3 h4 h5 h6 hr i img li ol p pre s small span strong sub sup"
        " table tbody td th tr u ul section article header footer nav",
    )
)
#: The subcommands of programs, which make a program name and plain words a command (not
#: words that follow a noun in an English phrase, as ``list`` in ``price list`` does):
#: ``'install' in SUBCOMMANDS``.
SUBCOMMANDS = frozenset(
    re.findall(
        r"\w+",
        "install uninstall create init run restart serve deploy version upgrade login logout",
    )
)
#: Words that make those a sentence (``they run``).
_SUBJECTS = frozenset(re.findall(r"\w+", "i he she they people users everyone someone who"))
_TRAILING_COMMENT = re.compile(r"[ \t]+#[^\n]*$")
#: The most words a bare command (a program and plain words) may have.
_BARE_WORDS = 4


def command_kind(body: str) -> int:
    """2 for a command line shown by its arguments, 1 for a program name and one to
    three plain lower-case words, 0 for anything else (``body``: a stripped line).

    >>> command_kind("uiautomator2 stop com.example.app # Stop one app")
    2
    """
    body = _TRAILING_COMMENT.sub("", body)
    if not body.isascii() or not re.match(_PROGRAM, body):
        return 0
    if not _TOKENS.fullmatch(body):  # a quote left open
        return 0
    tokens = _TOKEN.findall(body)
    if len(tokens) < 2 or not re.fullmatch(_PROGRAM, tokens[0]) or tokens[0] in _ENGLISH:
        return 0
    if any(t in _ENGLISH for t in tokens) or body[-1] in ".,;:!?":
        return 0
    if not all(_PLAIN_ARG.fullmatch(t) for t in tokens[1:]):
        return 0
    for token in tokens[1:]:
        telling = _TELLING.fullmatch(token)
        if telling and (telling.group("placeholder") or "").lower() not in _HTML_TAGS:
            return 2
    if len(tokens) <= _BARE_WORDS and all(_WORD.fullmatch(t) for t in tokens[1:]):
        # a program's subcommand: ``nb create``, ``pipx install nb-cli``, ``tool version``,
        # ``nb plugin install name``
        return 2 if tokens[0] not in _SUBJECTS and not SUBCOMMANDS.isdisjoint(tokens[1:]) else 1
    return 0


_CONTINUED = re.compile(r"(?<=\s)\\$")


def mark_continued(lines: list[str], kinds: list[int], classify: Callable[[str], int]) -> None:
    """Mark a statement continued by a trailing backslash (``docker run \\``, ``d(...) \\``)
    over its lines: each line of it takes the kind of the strongest one (``classify`` of
    each line without its backslash), the last line too, whatever it holds (``.click()``,
    ``ddddocr-api``), unless Han stands outside its strings.

    >>> kinds = [2, 1, 0]
    >>> mark_continued(["docker run -d \\\\", "  -p 80:80 \\\\", "  app"], kinds, lambda line: 0)
    >>> kinds
    [2, 2, 2]
    """
    n = len(lines)
    k = 0
    while k < n:
        body = lines[k].rstrip()
        if not _CONTINUED.search(body):
            k += 1
            continue
        j = k
        while j + 1 < n and _CONTINUED.search(lines[j].rstrip()) and lines[j + 1].strip():
            j += 1
        run = range(k, j + 1)
        if any(HAS_HAN.search(outside_strings(lines[i])) for i in run):
            k = j + 1
            continue
        strongest = max(max(kinds[i], classify(_CONTINUED.sub("", lines[i].rstrip()))) for i in run)
        if strongest:
            for i in run:
                kinds[i] = strongest
        k = j + 1
