"""The vectorised chain search and byte tables of ``mojibake.chains`` are exactly the
regular expression and the codecs they stand for, and the run counts of
``mojibake.gbk_phase`` are the counts they replace."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from normkit.mojibake.chains import CHAIN, chain_ends, encode_text, encode_units
from normkit.mojibake.cjk import RunCounts
from normkit.mojibake.phase import code_points, counts_before
from normkit.mojibake.scoring import LONG, profile, tiers
from normkit.mojibake.stretches import has_loss
from normkit.mojibake.tables import FAMILIES, ONLY_WITH, code_units, family, uncommon
from normkit.mojibake.utf8 import classify, has_invalid

#: Bytes that make or break chains: leads, continuations, lost bytes, others.
_BYTES = [0xE4, 0xE0, 0xF4, 0xF5, 0xC3, 0x80, 0x8F, 0xBF, 0xC0, 0xFF, 0x41, 0x20, 0x00]


def _reference(raw: bytes) -> list[int]:
    found: list[int] = []
    for m in CHAIN.finditer(raw):
        found += [m.start(), m.end() - 3]
    return found


@given(raw=st.lists(st.sampled_from(_BYTES), max_size=60).map(bytes))
def test_chain_ends_are_the_matches_of_the_pattern(raw: bytes) -> None:
    assert chain_ends(np.frombuffer(raw, dtype=np.uint8)).tolist() == _reference(raw)


def test_chain_ends_on_misread_text() -> None:
    text = "数据包地址，是这样。".encode() + b"\xff\xff\x80" + "测试 a 字".encode()
    raw = np.frombuffer(text, dtype=np.uint8)
    assert chain_ends(raw).tolist() == _reference(text) != []


_TEXT = st.text(
    alphabet=st.sampled_from(list("中文测试娴嬭瘯鏁版嵁ｱ€・?\ufffd aé한국語のабв\n\ud800")), max_size=30
)
#: ... and characters beyond the BMP (see ``_BEYOND``).
_WIDE_TEXT = st.text(
    alphabet=st.sampled_from(list("中文测试娴嬭瘯鏁版嵁ｱ€・?\ufffd aé한국語のабв\n\ud800😀𠀀𧉧𠀋𤟱")),
    max_size=30,
)


@given(text=_TEXT, codec=st.sampled_from(["gbk", "cp950", "cp932", "cp949", "euc_jp"]))
def test_encode_units_is_the_codec(text: str, codec: str) -> None:
    raw, starts = encode_units(code_units(text), codec)
    assert bytes(raw) == text.encode(codec, "replace").replace(b"?", b"\xff")
    sizes = [len(ch.encode(codec, "replace")) for ch in text]
    assert starts.tolist() == [sum(sizes[:k]) for k in range(len(text) + 1)]


_DECODED = st.binary(max_size=120).map(lambda raw: raw.decode("utf-8", "surrogateescape")) | st.text(
    alphabet=st.sampled_from(["a", "中", "é", "😀", "€", "\x7f", "\udce4", "\udcff"]), max_size=120
)


@given(decoded=_DECODED)
def test_classes_of_long_texts_are_those_of_their_pieces(decoded: str) -> None:
    # (pieces of at most ``LONG`` characters take the ``str.translate`` path)
    classes, byte_at = classify(decoded)
    pieces = [classify(decoded[k : k + LONG])[0] for k in range(0, len(decoded), LONG)]
    assert classes == "".join(pieces)
    sizes = [len(ch.encode("utf-8", "surrogateescape")) for ch in decoded]
    assert byte_at == [sum(sizes[:k]) for k in range(len(decoded) + 1)]


@given(text=_TEXT)
def test_counts_before_are_the_profile_of_each_run(text: str) -> None:
    # ``mojibake.gbk_phase`` counts a run's loss marks and unlikely characters by two
    # look-ups where it called ``str.count`` and ``profile`` on the run.
    marks, unlikely = counts_before(text, code_points(text))
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            segment = text[start:end]
            assert marks[end] - marks[start] == segment.count("?") + segment.count("\ufffd")
            found = profile(segment, "?\ufffd")
            assert (unlikely[end] - unlikely[start] > 0) == (found.rare + found.odd >= 1)


#: Characters beyond the BMP: an emoji, an ideograph of no family, members of the
#: Big5-HKSCS, Shift-JIS 2004 and EUC-JIS 2004 readings (``𤟱`` a truncated lead of Shift-JIS).
_BEYOND = ["😀", "𠀀", "𧉧", "𠀋", "𤟱"]
_RUN_TEXT = st.lists(
    st.sampled_from([*"涓枃娴嬭瘯鏁版嵁繝ｱ€・?\ufffd 中文的a,\n", "鍧€", "縺・", *_BEYOND]), max_size=30
).map("".join)


@given(text=_RUN_TEXT)
def test_runs_worth_reading_are_those_the_loop_looks_at(text: str) -> None:
    # ``find_repairs`` passes over the runs of a confirmed line that ``RunCounts`` rules
    # out; the loop it replaces looked at each and called ``consider`` (which returns at
    # once for a run without loss marks or uncommon characters) or ``truncated_character``.
    counts = RunCounts(text)
    for name in FAMILIES:
        fam = family(name)
        starts, ends = fam.run_bounds(text)
        keep = counts.worth_reading(starts, ends, fam).tolist()
        for k, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
            segment = text[start:end]
            if name == "shift-jis" and "\ufffd" not in segment:
                segment = segment.replace("・", "?")
            only = ONLY_WITH.get(name)
            looked = (only is None or only in text[start:end]) and (
                text[start] in fam.truncated_leads
                if end - start == 1
                else (end - start <= 8 or has_loss(text, start, end, fam))
                and ("\ufffd" in segment or "?" in segment or uncommon().search(segment) is not None)
            )
            assert keep[k] == looked, (name, text[start:end])


@given(
    raw=st.lists(st.sampled_from([*_BYTES, 0xED, 0xA0, 0xB8, 0xAD, 0xF0, 0x9F, 0x98, 0x80]), max_size=16).map(
        bytes
    )
)
def test_has_invalid_is_a_failed_strict_decoding(raw: bytes) -> None:
    # ``_whole_run`` tells a run that decodes strictly from its escaped decoding (one
    # decoding for both uses) where it decoded strictly and caught the error.
    try:
        raw.decode("utf-8")
        failed = False
    except UnicodeDecodeError:
        failed = True
    assert has_invalid(raw.decode("utf-8", "surrogateescape")) == failed


@given(text=_WIDE_TEXT, codec=st.sampled_from(["gbk", "cp950", "cp932", "cp949", "euc_jp"]))
def test_encode_text_is_the_codec_beyond_the_bmp_too(text: str, codec: str) -> None:
    written = encode_text(text, codec)
    assert written is not None
    raw, starts = written
    assert bytes(raw) == text.encode(codec, "replace").replace(b"?", b"\xff")
    sizes = [len(ch.encode(codec, "replace")) for ch in text]
    assert starts.tolist() == [sum(sizes[:k]) for k in range(len(text) + 1)]


@given(text=_RUN_TEXT | _WIDE_TEXT)
def test_runs_and_text_bytes_beyond_the_bmp_are_those_of_the_tables(text: str) -> None:
    # Texts with characters beyond the BMP are looked up with a row per such character,
    # where the runs were found by a regex over ``member_mask`` and each run turned into
    # bytes by ``to_raw``.
    for name in FAMILIES:
        fam = family(name)
        starts, ends = fam.run_bounds(text)
        spans = [m.span() for m in re.finditer("M+", text.translate(fam.member_mask))]
        assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == spans
        offsets, raw = fam.text_bytes(text)
        assert len(offsets) == len(text) + 1
        for start, end in spans:
            assert raw[offsets[start] : offsets[end]] == fam.to_raw(text[start:end], "\ufffd?")


@given(text=_RUN_TEXT | _WIDE_TEXT)
def test_tiers_of_long_texts_beyond_the_bmp_are_those_of_their_pieces(text: str) -> None:
    longer = text * (LONG // max(len(text), 1) + 1)
    pieces = [tiers(longer[k : k + LONG]) for k in range(0, len(longer), LONG)]
    assert tiers(longer) == "".join(pieces)
