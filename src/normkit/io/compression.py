"""Reading and writing compressed bytes: gzip (isal's igzip when installed) and zstandard.

Readers yield chunks of decompressed bytes and raise :class:`CorruptInput` when the
compressed stream is damaged or cut short, after yielding everything before the damage.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from ..errors import CorruptInput as CorruptInput
from ..errors import MissingDependency as MissingDependency

CHUNK = 1 << 20


def _gzip_module() -> Any:
    try:
        from isal import igzip

        return igzip
    except ImportError:  # pragma: no cover - isal is a dependency, stdlib is the fallback
        import gzip

        return gzip


def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError as exc:  # pragma: no cover - a dependency
        raise MissingDependency(
            "zstandard files need the 'zstandard' package: pip install zstandard"
        ) from exc
    return zstandard


def iter_chunks(
    source: str | IO[bytes], compression: str = "", start: int = 0, end: int | None = None
) -> Iterator[bytes]:
    """Decompressed chunks of ``source`` (a path or a binary stream).

    For uncompressed paths, ``start``/``end`` restrict reading to a byte range. A file
    that cannot be opened or read raises :class:`CorruptInput`.

    >>> import gzip, io
    >>> b"".join(iter_chunks(io.BytesIO(gzip.compress("正文".encode())), "gz")).decode()
    '正文'
    """
    try:
        if compression == "":
            yield from _plain_chunks(source, start, end)
        elif compression == "gz":
            yield from _gzip_chunks(source)
        elif compression == "zst":
            yield from _zstd_chunks(source)
        else:  # pragma: no cover - Format validates
            raise ValueError(f"unknown compression {compression!r}")
    except OSError as exc:  # unreadable, or a read failing (EIO): a reject, not a stop
        raise CorruptInput(f"cannot read: {exc.strerror or exc}") from exc


def _open(source: str | IO[bytes]) -> tuple[IO[bytes], bool]:
    if isinstance(source, str):
        return open(source, "rb"), True
    return source, False


def _plain_chunks(source: str | IO[bytes], start: int, end: int | None) -> Iterator[bytes]:
    stream, owned = _open(source)
    try:
        if start:
            stream.seek(start)
        remaining = None if end is None else end - start
        while remaining is None or remaining > 0:
            chunk = stream.read(CHUNK if remaining is None else min(CHUNK, remaining))
            if not chunk:
                break
            if remaining is not None:
                remaining -= len(chunk)
            yield chunk
    finally:
        if owned:
            stream.close()


def _zlib_module() -> Any:
    try:
        from isal import isal_zlib

        return isal_zlib
    except ImportError:  # pragma: no cover - isal is a dependency, zlib is the fallback
        import zlib

        return zlib


_GZIP_WBITS = 31  # zlib's "gzip wrapper" window bits


def _gzip_chunks(source: str | IO[bytes]) -> Iterator[bytes]:
    """Every gzip member in turn, decompressed as the input arrives, so a stream cut short
    loses only its unfinished end. Chunks are at most ``CHUNK`` bytes, however well the
    input compresses."""
    zlib = _zlib_module()
    stream, owned = _open(source)
    try:
        member = zlib.decompressobj(_GZIP_WBITS)
        in_member = False
        while True:
            data = stream.read(CHUNK // 4)
            if not data:
                break
            while True:
                try:
                    out = member.decompress(data, CHUNK)
                except Exception as exc:
                    raise CorruptInput(f"gzip stream damaged: {exc}") from exc
                in_member = True
                if out:
                    yield out
                if member.eof:
                    data = member.unused_data
                    member = zlib.decompressobj(_GZIP_WBITS)
                    in_member = False
                    if not data:
                        break
                    continue
                data = member.unconsumed_tail
                if not data and len(out) < CHUNK:
                    break  # all input used, no output held back
        if in_member:
            raise CorruptInput("gzip stream truncated (or not gzip): the last member is incomplete")
    finally:
        if owned:
            stream.close()


#: Compressed bytes handed to the zstandard decoder at a time. A zstandard block
#: expands at most 128 KiB from 4 bytes (an RLE block), so one call yields at most
#: ``ZSTD_STEP * 32 KiB`` = 4 MiB, however hostile the input (a "zstd bomb").
ZSTD_STEP = 128


def _zstd_chunks(source: str | IO[bytes]) -> Iterator[bytes]:
    """Every frame in turn, in chunks of about ``CHUNK`` bytes (at most ``CHUNK`` plus
    4 MiB held, like gzip's bound); a frame that is cut short is an error (zstandard's
    own stream reader ends silently there)."""
    zstandard = _zstandard()
    stream, owned = _open(source)
    try:
        decompressor = zstandard.ZstdDecompressor()
        frame = decompressor.decompressobj()
        in_frame = False
        held: list[bytes] = []
        size = 0
        while True:
            data = stream.read(CHUNK // 4)
            if not data:
                break
            at = 0
            while at < len(data):
                piece = data[at : at + ZSTD_STEP]
                at += len(piece)
                try:
                    out = frame.decompress(piece)
                except zstandard.ZstdError as exc:
                    if held:
                        yield b"".join(held)
                    raise CorruptInput(f"zstandard stream damaged: {exc}") from exc
                in_frame = True
                if out:
                    held.append(out)
                    size += len(out)
                    if size >= CHUNK:
                        yield b"".join(held)
                        held, size = [], 0
                if frame.eof:
                    at -= len(frame.unused_data)  # the next frame starts inside this piece
                    frame = decompressor.decompressobj()
                    in_frame = False
        if held:
            yield b"".join(held)
        if in_frame:
            raise CorruptInput("zstandard stream truncated: the last frame is incomplete")
    finally:
        if owned:
            stream.close()


def decompressed_head(data: bytes, compression: str, size: int = 4096) -> bytes:
    """Up to about ``size`` bytes of ``data`` decompressed (to sniff what a compressed
    stream holds); what decompresses before any damage, never an error.

    >>> import gzip
    >>> decompressed_head(gzip.compress(b'{"text": "x"}' * 1000), "gz", 16)[:16]
    b'{"text": "x"}{"t'
    """
    if compression == "gz":
        try:
            out: bytes = _zlib_module().decompressobj(_GZIP_WBITS).decompress(data, size)
        except Exception:
            return b""
        return out
    if compression == "zst":
        parts: list[bytes] = []
        got = 0
        try:
            frame = _zstandard().ZstdDecompressor().decompressobj()
            for at in range(0, len(data), ZSTD_STEP):
                piece = frame.decompress(data[at : at + ZSTD_STEP])[: size - got]
                parts.append(piece)
                got += len(piece)
                if got >= size or frame.eof:
                    break
        except Exception:
            pass
        return b"".join(parts)
    return data[:size]


def open_compressed_writer(stream: IO[bytes], compression: str) -> IO[bytes]:
    """A binary writer that compresses into ``stream``; closing it finishes the stream
    and closes ``stream``.

    >>> import gzip, io
    >>> buffer = io.BytesIO()
    >>> buffer.close = lambda: None  # (to read it afterwards)
    >>> writer = open_compressed_writer(buffer, "gz")
    >>> _ = writer.write("正文\\n".encode()); writer.close()
    >>> gzip.decompress(buffer.getvalue()).decode()
    '正文\\n'
    """
    if compression == "":
        return stream
    if compression == "gz":
        module = _gzip_module()
        level = 2 if module.__name__.startswith("isal") else 6
        # no name and no time in the header: the same text gives the same bytes (reproducible)
        writer: IO[bytes] = module.GzipFile(
            filename="", fileobj=stream, mode="wb", compresslevel=level, mtime=0
        )
        return _ClosingBoth(writer, stream)  # type: ignore[return-value]
    if compression == "zst":
        compressor = _zstandard().ZstdCompressor(level=3)
        zwriter: IO[bytes] = compressor.stream_writer(stream, closefd=True)
        return zwriter
    raise ValueError(f"unknown compression {compression!r}")  # pragma: no cover


class _ClosingBoth:
    """A gzip writer that also closes the file under it (GzipFile(fileobj=...) does not)."""

    def __init__(self, writer: Any, stream: IO[bytes]) -> None:
        self._writer = writer
        self._stream = stream

    def write(self, data: bytes) -> int:
        return int(self._writer.write(data))

    def flush(self) -> None:
        self._writer.flush()

    def close(self) -> None:
        try:
            self._writer.close()
        finally:
            self._stream.close()

    def __enter__(self) -> _ClosingBoth:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sniff_compression(head: bytes) -> str:
    """The compression that magic bytes say (for stdin): ``gz``, ``zst`` or ``""``.

    >>> import gzip
    >>> sniff_compression(gzip.compress(b"x")), sniff_compression(b"plain")
    ('gz', '')
    """
    if head.startswith(b"\x1f\x8b"):
        return "gz"
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return "zst"
    return ""
