"""File formats: a kind (text, jsonl, parquet) and a compression (none, gz, zst)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

KINDS = ("text", "jsonl", "parquet")
COMPRESSIONS = ("", "gz", "zst")
#: Suffixes that name a kind; anything else is read as plain text.
_KIND_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_COMPRESSION_SUFFIXES = {".gz": "gz", ".gzip": "gz", ".zst": "zst", ".zstd": "zst"}
#: The suffix written for each kind when a format is chosen by flag.
_CANONICAL_SUFFIX = {"text": ".txt", "jsonl": ".jsonl", "parquet": ".parquet"}


@dataclass(frozen=True)
class Format:
    """How a file is laid out: ``Format("jsonl", "gz")`` is gzip-compressed JSON Lines.

    >>> Format("jsonl", "gz").suffix
    '.jsonl.gz'
    >>> Format("parquet", "gz")
    Traceback (most recent call last):
    ...
    ValueError: parquet files are compressed internally; use plain 'parquet'
    """

    kind: str = "text"
    compression: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown format {self.kind!r} (valid: {', '.join(KINDS)})")
        if self.compression not in COMPRESSIONS:
            raise ValueError(f"unknown compression {self.compression!r} (valid: gz, zst)")
        if self.kind == "parquet" and self.compression:
            raise ValueError("parquet files are compressed internally; use plain 'parquet'")

    @property
    def suffix(self) -> str:
        """``.jsonl.gz`` and the like."""
        return _CANONICAL_SUFFIX[self.kind] + (f".{self.compression}" if self.compression else "")

    @property
    def line_oriented(self) -> bool:
        return self.kind == "jsonl"

    def __str__(self) -> str:
        return self.kind + (f".{self.compression}" if self.compression else "")


#: Every value ``--format`` and ``--output-format`` accept.
FORMAT_CHOICES = tuple(
    f"{kind}{'.' + c if c else ''}" for kind in KINDS for c in COMPRESSIONS if not (kind == "parquet" and c)
)


def parse_format(spec: str) -> Format:
    """``"jsonl.gz"`` -> ``Format("jsonl", "gz")``; ``txt`` is accepted for ``text``.

    >>> parse_format("jsonl.zst")
    Format(kind='jsonl', compression='zst')
    """
    kind, _, compression = spec.strip().lower().partition(".")
    kind = {"txt": "text", "ndjson": "jsonl", "pq": "parquet"}.get(kind, kind)
    compression = {"gzip": "gz", "zstd": "zst"}.get(compression, compression)
    return Format(kind, compression)


def detect_format(path: str | PurePath) -> Format:
    """The format a file name says: ``a.jsonl.gz`` is gzip JSONL; unknown suffixes are text.

    >>> detect_format("crawl/part-1.jsonl.zst"), detect_format("page.html")
    (Format(kind='jsonl', compression='zst'), Format(kind='text', compression=''))
    """
    suffixes = [s.lower() for s in PurePath(path).suffixes]
    compression = ""
    if suffixes and suffixes[-1] in _COMPRESSION_SUFFIXES:
        compression = _COMPRESSION_SUFFIXES[suffixes.pop()]
    kind = _KIND_SUFFIXES.get(suffixes[-1], "text") if suffixes else "text"
    if kind == "parquet":
        compression = ""
    return Format(kind, compression)


def named_format(name: str | PurePath) -> Format | None:
    """The format a name states by its suffixes, or ``None`` when it states none.

    >>> named_format("a/b.jsonl.gz"), named_format("page.html"), named_format("notes.gz")
    (Format(kind='jsonl', compression='gz'), None, None)
    """
    suffixes = [s.lower() for s in PurePath(name).suffixes]
    compression = (
        _COMPRESSION_SUFFIXES.get(suffixes.pop(), "")
        if suffixes and suffixes[-1] in _COMPRESSION_SUFFIXES
        else ""
    )
    kind = _KIND_SUFFIXES.get(suffixes[-1]) if suffixes else None
    if kind is None:
        return None
    return Format(kind, "" if kind == "parquet" else compression)


def has_format_suffix(name: str | PurePath) -> bool:
    """Whether a name ends in a suffix that says its format (``.jsonl``, ``.gz``...).

    >>> has_format_suffix("a.jsonl.gz"), has_format_suffix("notes")
    (True, False)
    """
    suffix = PurePath(name).suffix.lower()
    return suffix in _KIND_SUFFIXES or suffix in _COMPRESSION_SUFFIXES


def strip_format_suffix(name: str) -> str:
    """``a.jsonl.gz`` -> ``a``; names without a known suffix are returned as they are.

    >>> strip_format_suffix("crawl/a.JSONL.gz"), strip_format_suffix("notes")
    ('crawl/a', 'notes')
    """
    path = PurePath(name)
    stem = path.name
    lowered = stem.lower()
    for suffix in _COMPRESSION_SUFFIXES:
        if lowered.endswith(suffix):
            stem, lowered = stem[: -len(suffix)], lowered[: -len(suffix)]
            break
    for suffix in _KIND_SUFFIXES:
        if lowered.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return str(path.with_name(stem)) if stem else name


def rename_for(name: str, fmt: Format) -> str:
    """The output name for input ``name`` written as ``fmt``: ``a.txt`` -> ``a.jsonl.gz``.

    >>> rename_for("a.txt", Format("jsonl", "gz"))
    'a.jsonl.gz'
    """
    return strip_format_suffix(name) + fmt.suffix
