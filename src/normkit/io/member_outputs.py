"""Where an archive's members are written: files below one directory that mirror their
paths, or one after another into a single stream (standard output).

Member paths come checked (:func:`~normkit.io.archives.member_path`: relative, no ``..``);
every directory and file below the root is created here and nothing else is followed, so
nothing lands outside it. Two members may not claim one output (or a file and a directory
of one name): the first keeps it and later ones are refused, whatever the mode, so a check
run counts what a writing run writes.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import IO, cast

from ..errors import NormkitError
from .archives import Member
from .formats import Format, rename_for
from .writers import KeepOpen, Writer, open_writer


class MemberOutputs:
    """Outputs for the members of one archive: below ``root``, or into ``stream``, or
    nowhere (both ``None``: a check or diff run).

    >>> outputs = MemberOutputs(None, None, None)
    >>> member = Member("a/b.txt", PurePosixPath("a/b.txt"), Format("text"))
    >>> outputs.claim(member)
    (PurePosixPath('a/b.txt'), Format(kind='text', compression=''))
    >>> outputs.claim(member)
    "output 'a/b.txt' is already taken by an earlier member"
    """

    def __init__(
        self,
        root: Path | None,
        stream: IO[bytes] | None,
        write_as: Format | None,
        text_field: str = "text",
        id_field: str = "id",
        line_docs: bool = False,
        annotations_field: str | None = None,
    ) -> None:
        self._root = root
        self._annotations_field = annotations_field
        self._stream = stream
        self._write_as = write_as
        self._fields = (text_field, id_field)
        self._line_docs = line_docs
        self._files: set[PurePosixPath] = set()
        self._dirs: set[PurePosixPath] = set()
        #: Member files written so far.
        self.written = 0

    def claim(self, member: Member) -> tuple[PurePosixPath, Format] | str:
        """The output path (relative) and format of a member to read, or why it has none."""
        assert member.path is not None and member.fmt is not None
        fmt = self._write_as or (Format(member.fmt.kind) if self._stream is not None else member.fmt)
        path = member.path
        if self._write_as is not None and fmt != member.fmt:
            path = PurePosixPath(rename_for(str(path), fmt))
        if path in self._files or path in self._dirs or any(p in self._files for p in path.parents):
            return f"output {str(path)!r} is already taken by an earlier member"
        self._files.add(path)
        self._dirs.update(path.parents)
        return path, fmt

    def open(self, member: Member, path: PurePosixPath, fmt: Format) -> Writer | None:
        """A writer for a claimed member (``None`` when nothing is written)."""
        assert member.fmt is not None
        text_field, id_field = self._fields
        line_docs = self._line_docs or member.fmt.kind != "text"
        target: str | IO[bytes]
        if self._stream is not None:
            target = cast(IO[bytes], KeepOpen(self._stream))
        elif self._root is not None:
            target = str(self._create(path))
        else:
            return None
        self.written += 1
        return open_writer(
            target,
            fmt,
            text_field=text_field,
            id_field=id_field,
            line_docs=line_docs,
            annotations_field=self._annotations_field,
        )

    def _create(self, path: PurePosixPath) -> Path:
        """Create the file (and its directories) below the root, following no link."""
        assert self._root is not None
        at = self._root
        for part in path.parent.parts:
            at = at / part
            if at.is_symlink():
                raise NormkitError(
                    f"{str(at)!r} is a symbolic link; archive members are not written through links"
                )
            if not at.is_dir():
                at.mkdir()
        final = at / path.name
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        os.close(os.open(final, flags, 0o666))
        return final
