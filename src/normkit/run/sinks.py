"""Where a shard writes what is not its output: rejects (file, line, reason and the raw
record), ``--explain`` lines, diffs and documents ``--drop-if`` dropped, one JSON line
(or one diff) per record, each file opened only when first written.

>>> from normkit.io.records import Record
>>> reject_line(Origin("a.jsonl"), Record(2, b"{broken"), "invalid JSON")
b'{"file":"a.jsonl","line":2,"reason":"invalid JSON","raw":"{broken"}\\n'
"""

from __future__ import annotations

import base64
import difflib
import sys
from dataclasses import dataclass
from typing import Any

from ..io.records import Record
from ..io.writers import KeepOpen
from .jobs import STDOUT

__all__ = [
    "REJECT_RAW_BYTES",
    "LazyLines",
    "Origin",
    "Sinks",
    "decoded_head",
    "diff_text",
    "dropped_line",
    "explain_line",
    "reject_line",
    "where",
]


@dataclass(frozen=True)
class Origin:
    """Where records come from: an input file, or a member of an archive.

    >>> Origin("a.tar", "x/y.txt", archive=True).label, Origin("a.jsonl").label
    ('a.tar/x/y.txt', 'a.jsonl')
    """

    file: str
    member: str | None = None
    #: Records from an archive name their member (``None`` for damage to the archive).
    archive: bool = False

    @property
    def label(self) -> str:
        """The name shown in diffs and given to plain-text documents: ``a.tar/x/y.txt``."""
        return self.file if self.member is None else f"{self.file}/{self.member}"


@dataclass
class Sinks:
    """The side outputs of one shard (``None``: not asked for); :meth:`close` closes them.

    >>> sinks = Sinks(LazyLines(None), None, None)
    >>> sinks.rejects.write(b"nowhere\\n"); sinks.close()
    """

    rejects: LazyLines
    explain: LazyLines | None
    diff: LazyLines | None
    #: Documents dropped by ``--drop-if`` (the rejects file, or the ``--dropped`` one).
    dropped: LazyLines | None = None

    def close(self) -> None:
        for sink in (self.rejects, self.explain, self.diff, self.dropped):
            if sink is not None:
                sink.close()


class LazyLines:
    """A file opened on first write (most shards reject nothing); ``"-"`` is stdout.

    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "rejects.jsonl"
    >>> lines = LazyLines(str(path))
    >>> path.exists()
    False
    >>> lines.write(b"{}\\n"); lines.close(); path.read_bytes()
    b'{}\\n'
    """

    def __init__(self, path: str | None) -> None:
        self._path = path
        self._stream: Any = None

    def write(self, data: bytes) -> None:
        if self._path is None:
            return
        if self._stream is None:
            self._stream = KeepOpen(sys.stdout.buffer) if self._path == STDOUT else open(self._path, "wb")  # noqa: SIM115
        self._stream.write(data)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def where(origin: Origin, record: Record) -> dict[str, Any]:
    """Where a record was read, as a reject or explanation names it.

    >>> where(Origin("a.zip", "b.jsonl", archive=True), Record(3, b""))
    {'file': 'a.zip', 'member': 'b.jsonl', 'line': 3}
    """
    if not origin.archive:
        return {"file": origin.file, "line": record.line}
    return {"file": origin.file, "member": origin.member, "line": record.line}


def reject_line(origin: Origin, record: Record, reason: str) -> bytes:
    """A reject: where, why, and the record (its parsed fields, or at most
    :data:`REJECT_RAW_BYTES` of its raw bytes, with the full size when cut).

    >>> reject_line(Origin("a.jsonl"), Record(5, b"", fields={"text": 1}), "no text")
    b'{"file":"a.jsonl","line":5,"reason":"no text","record":{"text":1}}\\n'
    """
    from ..io import jsonl

    entry = where(origin, record)
    entry["reason"] = reason
    if record.raw or record.fields is None:
        raw = record.raw[:REJECT_RAW_BYTES]
        try:
            entry["raw"] = decoded_head(raw, len(raw) < len(record.raw))
        except UnicodeDecodeError:
            entry["raw_base64"] = base64.b64encode(raw).decode("ascii")
        if len(raw) < len(record.raw):
            entry["raw_truncated"] = len(record.raw)  # the record's size in bytes; only a head kept
    else:
        entry["record"] = record.fields
    return jsonl.dumps(entry) + b"\n"


def dropped_line(origin: Origin, record: Record, rule: str, annotations: Any) -> bytes:
    """A document ``--drop-if`` dropped: where, why, its signal values and the record.

    >>> dropped_line(Origin("a.txt"), Record(1, b"abc"), "han_share < 0.3", {"han_share": 0.0})
    b'{"file":"a.txt","line":1,"reason":"drop-if: han_share < 0.3","signals":{"han_share":0.0},"raw":"abc"}\\n'
    """
    from ..io import jsonl

    entry = where(origin, record)
    entry["reason"] = f"drop-if: {rule}"
    entry["signals"] = annotations
    if record.raw or record.fields is None:
        try:
            entry["raw"] = record.raw.decode("utf-8")
        except UnicodeDecodeError:
            entry["raw_base64"] = base64.b64encode(record.raw).decode("ascii")
    else:
        entry["record"] = record.fields
    return jsonl.dumps(entry) + b"\n"


#: A reject keeps at most this many bytes of its record (a note gives the full size), so
#: a huge record that failed costs no second copy of itself.
REJECT_RAW_BYTES = 64 << 10


def decoded_head(raw: bytes, cut: bool) -> str:
    """``raw`` as UTF-8; when ``cut``, a character split at the end is left out.

    >>> decoded_head("正文".encode()[:4], cut=True)
    '正'
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if cut and exc.start >= len(raw) - 3 and exc.reason == "unexpected end of data":
            return raw[: exc.start].decode("utf-8")
        raise


def explain_line(origin: Origin, record: Record, result: Any, dropped: bool) -> bytes:
    """The ``--explain`` line of a changed record: where, its id, the changes and the
    dropped lines.

    >>> from normkit import Document, Pipeline
    >>> result = Pipeline(steps=["layout.whitespace"]).process(Document("a  ", id="7"), explain=True)
    >>> explain_line(Origin("a.txt"), Record(1, b""), result, False)[:52]
    b'{"file":"a.txt","line":1,"id":"7","dropped":false,"c'
    """
    from ..io import jsonl

    entry = where(origin, record)
    entry["id"] = result.document.id
    entry["dropped"] = dropped
    entry["changes"] = [c.as_dict() for c in result.changes]
    entry["dropped_lines"] = [
        {"normaliser": d.normaliser, "line": d.line, "text": d.text, "reason": d.reason}
        for d in result.dropped
    ]
    return jsonl.dumps(entry) + b"\n"


def diff_text(origin: Origin, record: Record, new: str) -> str:
    """A unified diff of a record's text and ``new``, labelled with where it was read.

    >>> from normkit import Document
    >>> print(diff_text(Origin("a.txt"), Record(2, b"", Document("a\\nb\\n")), "a\\nc\\n"), end="")
    --- a/a.txt:2
    +++ b/a.txt:2
    @@ -1,2 +1,2 @@
     a
    -b
    +c
    """
    assert record.doc is not None
    label = origin.label if record.line is None else f"{origin.label}:{record.line}"
    if record.doc.id is not None and record.doc.id != label:
        label += f" ({record.doc.id})"
    lines = difflib.unified_diff(
        record.doc.text.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"a/{label}",
        f"b/{label}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of text\n" for line in lines
    )
