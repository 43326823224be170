"""Outputs appear complete or not at all: written under a temporary name, renamed at the end."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

TMP_MARK = ".normkit-tmp"
#: The longest file name (bytes) of common file systems, and the room kept for a tag.
NAME_MAX = 255
_TAG_ROOM = 32


def temp_name(final: Path, piece: int | None = None) -> Path:
    """A hidden temporary name beside ``final``: ``.name.normkit-tmp`` (``-pieceN`` for parts).

    >>> temp_name(Path("out/a.jsonl")).name, temp_name(Path("out/a.jsonl"), 3).name
    ('.a.jsonl.normkit-tmp', '.a.jsonl.normkit-tmp-piece00003')

    A name too long for that (``NAME_MAX``) is cut and followed by a digest of it:

    >>> long = temp_name(Path("out/" + "页" * 80 + ".jsonl"), 3).name
    >>> len(long.encode()) <= NAME_MAX, long[:3], long.endswith(".normkit-tmp-piece00003")
    (True, '.页页', True)
    """
    return _hidden(final, TMP_MARK if piece is None else f"{TMP_MARK}-piece{piece:05d}")


def _hidden(final: Path, tag: str) -> Path:
    """``final``'s hidden sibling ``.NAME`` + ``tag``; NAME is ``final``'s name, or when that
    would not leave room for any tag, its head and a digest of it (the same for every tag)."""
    name = os.fsencode(final.name)
    if 1 + len(name) + _TAG_ROOM > NAME_MAX:
        digest = hashlib.sha1(name).hexdigest()[:16].encode()
        cut = NAME_MAX - _TAG_ROOM - len(digest) - 2
        while cut and 0x80 <= name[cut] < 0xC0:  # not inside a UTF-8 character
            cut -= 1
        name = name[:cut] + b"~" + digest
    return final.with_name("." + os.fsdecode(name) + tag)


def is_temp(path: Path) -> bool:
    """Whether ``path`` is a temporary a run writes before renaming it into place.

    >>> is_temp(temp_name(Path("out/a.jsonl"))), is_temp(Path("out/a.jsonl"))
    (True, False)
    """
    return path.name.startswith(".") and TMP_MARK in path.name


def remove_stale(final: Path) -> None:
    """Delete temporary files (and directories) an interrupted run left for ``final``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = temp_name(Path(folder, "a.txt")).write_text("half")
    ...     remove_stale(Path(folder, "a.txt"))
    ...     list(Path(folder).iterdir())
    []
    """
    if not final.parent.is_dir():
        return
    prefix = _hidden(final, TMP_MARK).name
    for leftover in final.parent.iterdir():
        if leftover.name.startswith(prefix):
            remove(leftover)


def remove(path: Path) -> None:
    """Delete a file, a link (not what it points to) or a directory tree, if there.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "tree").mkdir(); _ = (folder / "tree" / "a.txt").write_text("a")
    >>> remove(folder / "tree"); remove(folder / "never-there"); list(folder.iterdir())
    []
    """
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def fresh_dir(path: Path) -> Path:
    """An empty directory at ``path`` (whatever was there is removed first).

    >>> import tempfile
    >>> old = Path(tempfile.mkdtemp())
    >>> _ = (old / "stale.txt").write_text("x")
    >>> list(fresh_dir(old).iterdir())
    []
    """
    remove(path)
    path.mkdir()
    return path


def assemble(pieces: Sequence[Path], final: Path) -> None:
    """Concatenate ``pieces`` in order (gzip members and zstandard frames concatenate
    into valid streams) and move the result to ``final`` atomically. A single piece that
    is a directory (an archive's members) replaces ``final`` as a whole.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pieces = [Path(folder, "p1"), Path(folder, "p2")]
    ...     _ = pieces[0].write_bytes(b"one\\n"), pieces[1].write_bytes(b"two\\n")
    ...     assemble(pieces, Path(folder, "out.txt"))
    ...     Path(folder, "out.txt").read_bytes(), pieces[0].exists()
    (b'one\\ntwo\\n', False)
    """
    if len(pieces) == 1 and pieces[0].is_dir() and not pieces[0].is_symlink():
        _replace_dir(pieces[0], final)
        return
    if len(pieces) == 1:
        os.replace(pieces[0], final)
        return
    tmp = temp_name(final)
    with open(tmp, "wb") as out:
        for piece in pieces:
            with open(piece, "rb") as part:
                shutil.copyfileobj(part, out, 1 << 20)
    os.replace(tmp, final)
    for piece in pieces:
        piece.unlink(missing_ok=True)


def _replace_dir(staged: Path, final: Path) -> None:
    """Move a finished directory into place; what ``final`` held (``--overwrite``) is
    moved aside first and then removed, so ``final`` is never half old, half new."""
    old = _hidden(final, f"{TMP_MARK}-old")
    if final.is_symlink() or final.exists():
        remove(old)
        os.replace(final, old)
    os.replace(staged, final)
    remove(old)


def filter_lines(path: Path, keep: Callable[[bytes], bool]) -> None:
    """Keep only the complete lines of ``path`` (a torn last line, without its ``\\n``, is
    dropped) for which ``keep(line)`` is true; the file is replaced atomically, and left
    alone when every line stays.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "lines"
    >>> _ = path.write_bytes(b"a1\\nb2\\na3\\ntorn")
    >>> filter_lines(path, lambda line: line.startswith(b"a")); path.read_bytes()
    b'a1\\na3\\n'
    """
    if not path.is_file():
        return
    tmp = _hidden(path, TMP_MARK)
    dropped = False
    with open(path, "rb") as source, open(tmp, "wb") as out:
        for line in source:
            if line.endswith(b"\n") and keep(line):
                out.write(line)
            else:
                dropped = True
    if dropped:
        os.replace(tmp, path)
    else:
        tmp.unlink()
