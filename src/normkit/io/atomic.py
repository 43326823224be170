"""Outputs appear complete or not at all: written under a temporary name, renamed at the end."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

TMP_MARK = ".normkit-tmp"


def temp_name(final: Path, piece: int | None = None) -> Path:
    """A hidden temporary name beside ``final``: ``.name.normkit-tmp`` (``-pieceN`` for parts)."""
    tag = TMP_MARK if piece is None else f"{TMP_MARK}-piece{piece:05d}"
    return final.with_name(f".{final.name}{tag}")


def is_temp(path: Path) -> bool:
    return path.name.startswith(".") and TMP_MARK in path.name


def remove_stale(final: Path) -> None:
    """Delete temporary files an interrupted run left for ``final``."""
    if not final.parent.is_dir():
        return
    prefix = f".{final.name}{TMP_MARK}"
    for leftover in final.parent.iterdir():
        if leftover.name.startswith(prefix):
            leftover.unlink(missing_ok=True)


def assemble(pieces: Sequence[Path], final: Path) -> None:
    """Concatenate ``pieces`` in order (gzip members and zstandard frames concatenate
    into valid streams) and move the result to ``final`` atomically."""
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
