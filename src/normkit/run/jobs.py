"""What an engine is given and gives back: a :class:`Shard` (a piece of an input and the
files it writes), the run's :class:`RunOptions`, and a :class:`ShardReport` (counts that
add up).

>>> report = ShardReport(index=0, read=3, written=2, dropped=1)
>>> report.balanced
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from .._pipeline import Stats
from ..io.formats import Format
from ..io.readers import ReadOptions

if TYPE_CHECKING:
    from ..io.archives import ArchiveKind

__all__ = ["STDIN", "STDOUT", "ArchiveJob", "Counts", "RunOptions", "Shard", "ShardReport", "dropped_part"]

#: ``Shard.output`` / ``Shard.diff`` value meaning standard output.
STDOUT = "-"
#: ``Shard.input`` value meaning standard input.
STDIN = "-"


@dataclass(frozen=True)
class RunOptions:
    """How every shard of a run is processed (``normkit clean``'s flags, as data that
    pickles to workers).

    >>> RunOptions(mode="check").read.text_field
    'text'
    """

    read: ReadOptions = field(default_factory=ReadOptions)
    #: ``"write"`` cleaned outputs, ``"check"`` only count, ``"diff"`` print diffs.
    mode: str = "write"
    #: Record every change for ``--explain``.
    explain: bool = False
    #: Seconds one step may spend on one document (``--step-timeout``); None: no limit.
    step_timeout: float | None = None
    #: ``--annotations-field``: write the annotations (signals) in this field; None: not.
    annotations: str | None = None
    #: ``--drop-if``: drop a document when any of these expressions holds for its signals.
    drop_if: tuple[str, ...] = ()
    #: ``--dropped``: documents dropped by ``drop_if`` go to their own file, not the rejects.
    dropped_file: bool = False


@dataclass(frozen=True)
class ArchiveJob:
    """An archive read as one shard, member after member (a tar is one stream).

    >>> from normkit.io.archives import detect_archive
    >>> ArchiveJob(detect_archive("crawl.tar.gz"), read_as=Format("jsonl")).stream
    False
    """

    kind: ArchiveKind
    #: ``--format``: read every regular member so (else each member's name chooses).
    read_as: Format | None = None
    #: ``--output-format``: write every member so (else as read).
    write_as: Format | None = None
    #: ``Shard.output`` is one stream for every member (standard output), not a directory.
    stream: bool = False


@dataclass(frozen=True)
class Shard:
    """A piece of work: a whole input, or a byte range of an uncompressed line-oriented one.

    ``output``, ``rejects``, ``explain`` and ``diff`` are the files this shard writes
    (``None``: nothing; ``"-"``: standard output). ``index`` orders shards in the run.
    For an archive (``archive``), ``output`` is the directory its members are written
    below, and ``in_format``/``out_format`` are only what ``--format``/``--output-format``
    force (members otherwise have their own).

    >>> shard = Shard(0, "crawl/a.jsonl.gz", "a.jsonl.gz", Format("jsonl", "gz"), Format("jsonl", "gz"))
    >>> shard.start, shard.end, shard.first_line  # the whole file
    (0, None, 1)
    """

    index: int
    input: str
    name: str
    in_format: Format
    out_format: Format
    start: int = 0
    end: int | None = None
    first_line: int = 1
    size: int = 0
    output: str | None = None
    rejects: str | None = None
    explain: str | None = None
    diff: str | None = None
    #: Parquet to Parquet: the input whose schema the output keeps.
    parquet_schema_from: str | None = None
    archive: ArchiveJob | None = None
    #: Why the input cannot be read (not a regular file, unreadable): one reject, no output.
    refused: str | None = None


@dataclass
class Counts:
    """Documents counted by shards, adding up: ``read == written + dropped + rejected``.

    >>> counts = Counts(read=3, written=2, rejected=1, filtered={"spam > 0": 1})
    >>> counts.add(Counts(read=1, dropped=1, filtered={"spam > 0": 1}))
    >>> counts.read, counts.balanced, counts.filtered
    (4, True, {'spam > 0': 2})
    """

    read: int = 0
    written: int = 0
    dropped: int = 0
    rejected: int = 0
    changed: int = 0
    #: Documents decoded with replacement characters (``--decode-errors replace``).
    replaced: int = 0
    #: CPU time of the processes running the shards.
    cpu_seconds: float = 0.0
    stats: Stats = field(default_factory=Stats)
    #: Archives: members read, and members skipped (hidden, or a name that is not a text
    #: or JSON Lines file).
    members: int = 0
    members_skipped: int = 0
    #: Documents dropped by ``--drop-if`` (counted in ``dropped`` too), by expression.
    filtered: dict[str, int] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        """Add the counts of ``other`` to these."""
        for f in fields(Counts):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                for key, n in theirs.items():
                    mine[key] = mine.get(key, 0) + n
            else:
                setattr(self, f.name, mine + theirs)

    @property
    def balanced(self) -> bool:
        return self.read == self.written + self.dropped + self.rejected


@dataclass
class ShardReport(Counts):
    """What a shard did (its :class:`Counts`); ``read == written + dropped + rejected``
    always holds.

    >>> ShardReport(index=0, read=2, written=2).balanced
    True
    """

    index: int = field(default=0, kw_only=True)
    seconds: float = 0.0
    #: An archive: member files written.
    outputs: int = 0


def dropped_part(rejects_part: str | None) -> str | None:
    """The file a shard writes its ``--dropped`` documents to, beside its rejects part.

    >>> dropped_part("out.rejects.jsonl"), dropped_part(None)
    ('out.rejects.jsonl.dropped', None)
    """
    return None if rejects_part is None else rejects_part + ".dropped"
