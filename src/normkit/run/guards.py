"""Plans that would lose or corrupt data, refused before anything is written: an input
named twice, an output directory that holds an input argument, a side file (rejects,
explanations, dropped documents, statistics) that is an input or an output.

>>> from pathlib import Path
>>> side_file_clash([("--rejects", Path("a.jsonl"))], [Path("a.jsonl")], [Path("out.jsonl")])
"--rejects 'a.jsonl' is an input"
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path


def _same(path: Path) -> Path:
    """``path`` as it is compared: resolved, or absolute when it cannot be (a link loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def named_twice(paths: Iterable[Path]) -> str | None:
    """Why the inputs cannot be read as given, when one path comes twice (named twice, or
    named and also found in a directory named): it would be cleaned, and written, twice.
    Two links to one file are two inputs, as found.

    >>> named_twice([Path("crawl/a.txt"), Path("./crawl/b.txt"), Path("crawl/./a.txt")])
    "input 'crawl/a.txt' is named twice"
    >>> named_twice([Path("a.txt"), Path("b.txt")]) is None
    True
    """
    seen: set[str] = set()
    for path in paths:
        key = os.path.abspath(path)
        if key in seen:
            return f"input {str(path)!r} is named twice"
        seen.add(key)
    return None


def output_holds_input(output: str, args: Sequence[str]) -> str | None:
    """Why ``-o output`` cannot be used with the input arguments ``args``: an input directory
    is the output directory or lies inside it. Nothing below the output directory is read
    (outputs are never read back as inputs), so that input would be skipped without a word.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     crawl = str(Path(folder, "crawl"))
    ...     Path(crawl).mkdir()
    ...     output_holds_input(crawl, [crawl]) == f"the input {crawl!r} is the output directory"
    ...     output_holds_input(str(Path(crawl, "clean")), [crawl]) is None
    True
    True
    """
    root = _same(Path(output))
    for arg in args:
        path = Path(arg)
        if not path.is_dir():
            continue
        here = _same(path)
        if here == root:
            return f"the input {arg!r} is the output directory"
        if root in here.parents:
            return f"the input {arg!r} is inside the output directory {output!r}"
    return None


def side_file_clash(
    sides: Sequence[tuple[str, Path]], inputs: Iterable[Path], outputs: Iterable[Path]
) -> str | None:
    """Why the side files (``(flag, path)``: rejects, explanations, dropped documents,
    statistics) cannot be written: one is an input (it would be truncated, appended to or
    overwritten), an output, or another side file.

    >>> side_file_clash([("--rejects", Path("r.jsonl")), ("--explain", Path("r.jsonl"))], [], [])
    "--explain 'r.jsonl' is also --rejects"
    >>> side_file_clash([("--stats-json", Path("out/a.txt"))], [Path("a.txt")], [Path("out/a.txt")])
    "--stats-json 'out/a.txt' is the output of 'out/a.txt'"
    """
    read = {_same(p): p for p in inputs}
    written = {_same(p): p for p in outputs}
    taken: dict[Path, str] = {}
    for flag, path in sides:
        key = _same(path)
        if key in read:
            return f"{flag} {str(path)!r} is an input"
        if key in written:
            return f"{flag} {str(path)!r} is the output of {str(written[key])!r}"
        if key in taken:
            return f"{flag} {str(path)!r} is also {taken[key]}"
        taken[key] = flag
    return None


def unread_below(
    output: Path, args: Sequence[str], written: Iterable[Path], owned: Iterable[Path]
) -> list[Path]:
    """Files below the output directory ``output`` that an input directory of ``args``
    holds but the run leaves unread (nothing below ``-o`` is read), other than its own:
    the outputs ``written``, what is below the directories ``owned`` (archives' outputs),
    hidden and temporary files. A rerun finds only its own outputs there.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for name in ("crawl/a.txt", "crawl/clean/a.txt", "crawl/clean/page.txt"):
    ...         Path(folder, name).parent.mkdir(parents=True, exist_ok=True)
    ...         _ = Path(folder, name).write_text("x")
    ...     found = unread_below(Path(folder, "crawl/clean"), [str(Path(folder, "crawl"))],
    ...                          [Path(folder, "crawl/clean/a.txt")], [])
    ...     [p.name for p in found]
    ['page.txt']
    """
    root = _same(output)
    if not root.is_dir() or not any(Path(a).is_dir() and _same(Path(a)) in root.parents for a in args):
        return []
    mine = {_same(p) for p in written}
    dirs = {_same(p) for p in owned}
    found: list[Path] = []
    for folder, subdirs, files in os.walk(output):
        subdirs[:] = sorted(
            d for d in subdirs if not d.startswith(".") and _same(Path(folder, d)) not in dirs
        )
        for name in sorted(files):
            path = Path(folder, name)
            if not name.startswith(".") and _same(path) not in mine:
                found.append(path)
    return found
