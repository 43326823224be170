"""Standard input, sniffed: its compression by magic bytes and, once a head of it is
decompressed, whether it holds JSON Lines. The bytes read to sniff are replayed.

>>> import io
>>> sniff_format(b'  {"id": 1, "text": "x"}\\n'), sniff_format("正文".encode())
(Format(kind='jsonl', compression=''), Format(kind='text', compression=''))
"""

from __future__ import annotations

import sys
from typing import IO

from .compression import decompressed_head, sniff_compression
from .formats import Format

#: At most this many bytes are read ahead to sniff standard input.
SNIFF_BYTES = 64 << 10
_BOM = b"\xef\xbb\xbf"
_BLANK = b" \t\r\n"


def sniff_format(head: bytes) -> Format:
    """The format the first bytes of a stream say: compression by magic bytes, then JSON
    Lines when the (decompressed) text opens with ``{`` after blanks and a byte-order mark.

    >>> import gzip
    >>> sniff_format(b'  {"text": "a"}\\n').kind, sniff_format(gzip.compress(b'{"text": "a"}\\n'))
    ('jsonl', Format(kind='jsonl', compression='gz'))
    >>> sniff_format("正文".encode()).kind
    'text'
    """
    compression = sniff_compression(head)
    text = decompressed_head(head, compression) if compression else head
    first = text.lstrip(_BLANK)
    if first.startswith(_BOM):
        first = first[len(_BOM) :].lstrip(_BLANK)
    return Format("jsonl" if first.startswith(b"{") else "text", compression)


class Replay:
    """A binary stream: ``head`` first, then the rest of ``under``.

    >>> import io
    >>> replay = Replay(io.BytesIO(b'{"text": "a"}\\n'))
    >>> replay.sniff(), replay.read()
    (Format(kind='jsonl', compression=''), b'{"text": "a"}\\n')
    """

    def __init__(self, under: IO[bytes], head: bytes = b"") -> None:
        self.under = under
        self._head = head

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size is None or size < 0:
                data, self._head = self._head + self.under.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self.under.read(size)

    def read1(self, size: int = -1) -> bytes:
        if self._head:
            return self.read(size)
        reader = getattr(self.under, "read1", self.under.read)
        data: bytes = reader(size)
        return data

    def sniff(self) -> Format:
        """Read ahead (at most :data:`SNIFF_BYTES`, kept for replay) until the format shows."""
        reader = getattr(self.under, "read1", self.under.read)
        while len(self._head) < SNIFF_BYTES:
            fmt = sniff_format(self._head)
            if len(self._head) >= 4 and _decided(self._head, fmt):
                return fmt
            more = reader(SNIFF_BYTES - len(self._head))
            if not more:
                break
            self._head += more
        return sniff_format(self._head)

    def close(self) -> None:
        """Standard input stays open."""


def _decided(head: bytes, fmt: Format) -> bool:
    """Whether enough of ``head`` is there: some non-blank (decompressed) byte."""
    text = decompressed_head(head, fmt.compression) if fmt.compression else head
    return bool(text.lstrip(_BLANK).lstrip(_BOM).lstrip(_BLANK))


_stdin: Replay | None = None


def stdin() -> Replay:
    """Standard input as one shared :class:`Replay` (what :func:`sniff_stdin` read comes first).

    >>> stdin() is stdin()
    True
    """
    global _stdin
    under = sys.stdin.buffer
    if _stdin is None or _stdin.under is not under:
        _stdin = Replay(under)
    return _stdin


def sniff_stdin() -> Format:
    """The format of standard input (see :func:`sniff_format`), read ahead and replayed.

    >>> import io, sys
    >>> real, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO("正文".encode()))
    >>> try:
    ...     sniff_stdin(), stdin().read()
    ... finally:
    ...     sys.stdin = real
    (Format(kind='text', compression=''), b'\\xe6\\xad\\xa3\\xe6\\x96\\x87')
    """
    return stdin().sniff()
