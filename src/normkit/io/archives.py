"""Archives (tar, plain or compressed with gzip or zstandard, and zip) read member by member.

Nothing is extracted and no archive is held in memory: a tar is read as one stream (the
members in stored order, each readable only until the next is asked for), a zip member by
member from its central directory. Every member that is not a directory comes out as a
:class:`Member`: to read (a checked relative path, a format and a stream), refused (a
reason: it could write outside the output directory, or cannot be read) or skipped (hidden,
or a name that is not a text or JSON Lines file). Damage to the archive itself ends the
members with one refusal that has no name.
"""

from __future__ import annotations

import os
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath
from typing import IO, cast

from .compression import CorruptInput, iter_chunks
from .formats import Format, named_format

#: Archive suffixes (longest first) and what they mean: container and compression.
_SUFFIXES = (
    (".tar.gz", "tar", "gz"),
    (".tar.gzip", "tar", "gz"),
    (".tar.zst", "tar", "zst"),
    (".tar.zstd", "tar", "zst"),
    (".tgz", "tar", "gz"),
    (".tzst", "tar", "zst"),
    (".tar", "tar", ""),
    (".zip", "zip", ""),
)
_BLOCK = 512  # a tar header


@dataclass(frozen=True)
class ArchiveKind:
    """``ArchiveKind("tar", "gz")`` is a gzip-compressed tar; zip compresses per member.

    >>> detect_archive("crawl.tgz")
    ArchiveKind(container='tar', compression='gz')
    """

    container: str
    compression: str = ""


def detect_archive(path: str | PurePath) -> ArchiveKind | None:
    """The archive a file name says, or ``None``: ``crawl.tar.zst`` is a zstandard tar.

    >>> detect_archive("a.tgz"), detect_archive("a.jsonl.gz")
    (ArchiveKind(container='tar', compression='gz'), None)
    """
    name = PurePath(path).name.lower()
    for suffix, container, compression in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return ArchiveKind(container, compression)
    return None


def archive_stem(name: str) -> str:
    """The directory an archive's members are mirrored into: ``crawl.tar.gz`` -> ``crawl``;
    a stem that is no name (``..tar``) keeps the whole name.

    >>> archive_stem("crawl.tar.gz"), archive_stem("..tar")
    ('crawl', '..tar')
    """
    lowered = name.lower()
    for suffix, _, _ in _SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            return stem if stem not in (".", "..") else name
    return name


@dataclass
class Member:
    """One member of an archive. ``name`` is as stored ("" for damage to the archive itself);
    ``display`` is it as valid text (undecodable bytes as ``\\xNN``).

    >>> Member("docs/a.txt").display, Member("", refused="truncated archive").refused
    ('docs/a.txt', 'truncated archive')
    """

    name: str
    path: PurePosixPath | None = None
    fmt: Format | None = None
    stream: IO[bytes] | None = None
    #: Why it is not read (it becomes a reject).
    refused: str | None = None
    #: Hidden, or not a text or JSON Lines name: not read, only counted.
    skipped: bool = False

    @property
    def display(self) -> str:
        return printable(self.name)


def printable(name: str) -> str:
    """A member name as valid text: bytes that were not UTF-8 as ``\\xNN``.

    >>> printable("页面.txt"), printable(b"p\\xe9.txt".decode("utf-8", "surrogateescape"))
    ('页面.txt', 'p\\\\xe9.txt')
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def member_path(name: str) -> PurePosixPath | str:
    """The relative path a member's name mirrors to, or why it cannot be written safely.

    >>> member_path("./a//b.txt"), member_path("/etc/passwd")
    (PurePosixPath('a/b.txt'), 'absolute name')
    """
    if name.startswith("/"):
        return "absolute name"
    if "\\" in name:
        return "backslash in name (a Windows path?)"
    if "\0" in name:
        return "NUL in name"
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        return "'..' in name"
    if not parts:
        return "empty name"
    if any(len(os.fsencode(p)) > 255 for p in parts):
        return "a part of the name is longer than 255 bytes"
    return PurePosixPath(*parts)


def iter_members(path: str, kind: ArchiveKind, read_as: Format | None = None) -> Iterator[Member]:
    """Every member of the archive at ``path``, in stored order. Read a member's stream
    before asking for the next. ``read_as`` (``--format``) reads every regular member in
    that format; otherwise the member's own name chooses, and other names are skipped.

    >>> import io, tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = str(Path(folder, "crawl.tar"))
    ...     with tarfile.open(path, "w") as tar:
    ...         for name, data in [("pages/a.jsonl", b'{"text": "x"}\\n'), ("pages/.hidden.txt", b"y")]:
    ...             info = tarfile.TarInfo(name)
    ...             info.size = len(data)
    ...             tar.addfile(info, io.BytesIO(data))
    ...     [(m.name, m.fmt and m.fmt.kind, m.skipped) for m in iter_members(path, ArchiveKind("tar"))]
    [('pages/a.jsonl', 'jsonl', False), ('pages/.hidden.txt', None, True)]
    """
    members = _tar_members(path, kind.compression) if kind.container == "tar" else _zip_members(path)
    for member in members:
        if member.refused is None and not member.skipped:
            _choose(member, read_as)
        yield member


def _choose(member: Member, read_as: Format | None) -> None:
    """Check the member's name, then choose its format (or skip it)."""
    checked = member_path(member.name)
    if isinstance(checked, str):
        member.refused = f"unsafe member name: {checked}"
        return
    if any(part.startswith(".") for part in checked.parts):
        member.skipped = True
        return
    fmt = read_as or named_format(checked.name)
    if fmt is not None and fmt.kind == "parquet":
        member.refused = "Parquet inside an archive is not read (extract it first)"
    elif fmt is None:
        member.skipped = True
    else:
        member.path, member.fmt = checked, fmt


# --- tar --------------------------------------------------------------------------------


def _tar_members(path: str, compression: str) -> Iterator[Member]:
    source = _ChunkReader(iter_chunks(path, compression))
    last = ""
    try:
        tar = tarfile.open(fileobj=cast(IO[bytes], source), mode="r|")  # noqa: SIM115 - closed below
    except Exception as exc:  # tarfile raises many kinds on data that is not a tar
        yield Member("", refused=f"not a tar archive, or damaged: {source.error or exc}")
        return
    with tar:
        while True:
            try:
                info = tar.next()
            except Exception as exc:  # a damaged stream: tarfile, zlib or our own errors
                if not source.reported:
                    yield Member("", refused=_damage(source.error or str(exc), last))
                return
            tar.members.clear()  # type: ignore[attr-defined]  # stream mode keeps every header
            if info is None:
                problem = source.error or _bad_end(tar)
                if problem and not source.reported:
                    yield Member("", refused=_damage(problem, last))
                return
            last = info.name
            refused = _tar_refusal(info)
            if refused:
                yield Member(info.name, refused=refused)
                continue
            if info.isdir():
                continue
            yield Member(info.name, stream=cast(IO[bytes], _TarData(tar, info.size, source)))


def _tar_refusal(info: tarfile.TarInfo) -> str | None:
    if info.issym():
        return f"symbolic link member (to {info.linkname!r}): not followed"
    if info.islnk():
        return f"hard link member (to {info.linkname!r}): not followed"
    if info.ischr() or info.isblk():
        return "device file member"
    if info.isfifo():
        return "FIFO member"
    if info.issparse():
        return "sparse file member: not supported"
    if not info.isreg() and not info.isdir():
        return f"unsupported member type {info.type!r}"
    return None


def _damage(problem: str, last: str) -> str:
    after = f" after member {printable(last)!r}" if last else ""
    return f"archive damaged or cut short{after}: {problem}; the rest is not read"


def _bad_end(tar: tarfile.TarFile) -> str | None:
    """Why a tar stream that tarfile saw end did not end properly, or ``None``: it must
    end with a zero block (end-of-archive) followed only by zeros."""
    stream = tar.fileobj
    assert stream is not None
    header = stream.tell() - tar.offset
    if header < _BLOCK:
        return "it ends without an end-of-archive marker"
    while chunk := stream.read(1 << 16):
        if chunk.count(0) != len(chunk):
            return f"unreadable header at byte {tar.offset} (damage, or data after the end-of-archive marker)"
    return None


class _ChunkReader:
    """A readable binary stream over decompressed chunks. Damage is not raised to tarfile
    (which would drop what it buffered) but ends the stream; ``error`` says why, and
    ``reported`` whether a member's reader has raised it already."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""
        self._at = 0
        self.error: str | None = None
        self.reported = False

    def read(self, size: int = -1) -> bytes:
        if self._at >= len(self._buffer):
            self._buffer, self._at = self._next(), 0
        end = len(self._buffer) if size < 0 else self._at + size
        out = self._buffer[self._at : end]
        self._at += len(out)
        return out

    def _next(self) -> bytes:
        if self.error is not None:
            return b""
        try:
            return next(self._chunks, b"")
        except CorruptInput as exc:
            self.error = str(exc)
            return b""


class _TarData:
    """One tar member's bytes, read straight from the tar stream, so that a stream cut
    short yields everything before the cut and then raises :class:`CorruptInput`."""

    def __init__(self, tar: tarfile.TarFile, size: int, source: _ChunkReader) -> None:
        assert tar.fileobj is not None
        self._stream = tar.fileobj
        self._left = size
        self._source = source

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        want = self._left if size < 0 else min(size, self._left)
        data = self._stream.read(want)
        self._left -= len(data)
        if not data:
            self._source.reported = True
            raise CorruptInput(self._source.error or "tar archive cut short inside this member")
        return data


# --- zip --------------------------------------------------------------------------------


def _zip_members(path: str) -> Iterator[Member]:
    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # zipfile raises several kinds on data that is not a zip
        yield Member("", refused=f"not a zip archive, or damaged: {exc}")
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            refused = _zip_refusal(info)
            if refused == "directory":
                continue
            if refused:
                yield Member(info.filename, refused=refused)
                continue
            try:
                stream = archive.open(info)
            except Exception as exc:  # encrypted, unknown compression, bad local header
                yield Member(info.filename, refused=f"member cannot be read: {exc}")
                continue
            with stream:
                yield Member(info.filename, stream=cast(IO[bytes], _Guarded(stream)))


def _zip_refusal(info: zipfile.ZipInfo) -> str | None:
    mode = info.external_attr >> 16
    if info.create_system != 3 or not stat.S_IFMT(mode) or stat.S_ISREG(mode):
        return None  # no Unix file type recorded, or a regular file
    if stat.S_ISLNK(mode):
        return "symbolic link member: not followed"
    if stat.S_ISDIR(mode):
        return "directory"
    return "device, FIFO or socket member"


class _Guarded:
    """A zip member's stream whose decompression and CRC errors are :class:`CorruptInput`."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except Exception as exc:  # zlib, bz2, lzma errors, BadZipFile (CRC), EOFError
            raise CorruptInput(f"zip member damaged: {exc}") from exc
