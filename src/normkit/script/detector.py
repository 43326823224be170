"""Is a text simplified, traditional, mixed, or neither?

A *simplified marker* is a character that ``s2t`` changes and that no ``s2t``
output contains; a *traditional marker* likewise for ``t2s``. Markers are counted
with one compiled character class each.
"""

from __future__ import annotations

import enum
import json
import re
from functools import cache

from .._cache import cached_bytes
from .dictionaries import data_version, read_dictionary
from .step import charset_pattern


class Script(str, enum.Enum):
    """What :func:`detect` says of a text.

    >>> Script("mixed") is Script.MIXED, Script.SIMPLIFIED == "simplified"
    (True, True)
    """

    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    MIXED = "mixed"
    NEITHER = "neither"


def _markers(char_files: tuple[str, ...], phrase_files: tuple[str, ...]) -> set[str]:
    changed: set[str] = set()
    outputs: set[str] = set()
    for name in char_files:
        for key, value in read_dictionary(name).items():
            if value != key:
                changed.add(key)
            outputs.update(value)
    for name in phrase_files:
        for value in read_dictionary(name).values():
            outputs.update(value)
    return changed - outputs


def _build_markers() -> tuple[str, str]:
    st_phrases = ("STPhrases.txt", "STPhrases_GeneratedFromRegionalPhrases.txt")
    simplified = _markers(("STCharacters.txt",), st_phrases)
    traditional = _markers(("TSCharacters.txt", "TSCharactersExt.txt"), ("TSPhrases.txt",))
    return "".join(sorted(simplified)), "".join(sorted(traditional))


def _cached_markers() -> tuple[str, str]:
    key = f"script/markers-{data_version()}-v1.json"
    data = cached_bytes(key, lambda: json.dumps(_build_markers()).encode("utf-8"))
    try:
        simplified, traditional = json.loads(data)
        return str(simplified), str(traditional)
    except ValueError:  # a damaged cache file
        return _build_markers()


@cache
def marker_chars() -> tuple[str, str]:
    """(simplified markers, traditional markers), each as one string of characters.

    >>> simplified, traditional = marker_chars()
    >>> "发" in simplified, "髮" in traditional, "中" in simplified + traditional
    (True, True, False)
    """
    return _cached_markers()


@cache
def marker_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(simplified markers, traditional markers) as compiled character classes.

    >>> [p.findall("头发頭髮") for p in marker_patterns()]
    [['头', '发'], ['頭', '髮']]
    """
    simplified, traditional = _cached_markers()
    return charset_pattern(simplified), charset_pattern(traditional)


def marker_counts(text: str) -> tuple[int, int]:
    """(simplified markers, traditional markers) in ``text``.

    >>> marker_counts("头发，頭髮長")
    (2, 3)
    """
    simplified, traditional = marker_patterns()
    return len(simplified.findall(text)), len(traditional.findall(text))


def detect(text: str, mixed_share: float = 0.1) -> Script:
    """Classify ``text`` by its script markers.

    ``mixed`` when the minority script has at least ``mixed_share`` of the markers.

    >>> detect("头发很长").value, detect("頭髮很長").value, detect("abc").value
    ('simplified', 'traditional', 'neither')
    """
    simp, trad = marker_counts(text)
    if simp == trad == 0:
        return Script.NEITHER
    if min(simp, trad) >= mixed_share * (simp + trad):
        return Script.MIXED
    return Script.SIMPLIFIED if simp > trad else Script.TRADITIONAL
