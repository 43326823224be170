"""Reading and writing corpora: formats, compression, records, atomic output.

Only the format names are imported here; readers and writers (and the libraries they
need: orjson, zstandard, isal, pyarrow) load when a file is actually read or written.
"""

from __future__ import annotations

from .formats import FORMAT_CHOICES, Format, detect_format, parse_format, rename_for

__all__ = ["FORMAT_CHOICES", "Format", "detect_format", "parse_format", "rename_for"]
