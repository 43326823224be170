"""The line shapes of ``normkit.lines.shapes``: read line by line as the whole text reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from normkit.lines import shapes
from normkit.lines.shapes import Lines
from normkit.normalisers._lexicon import fold

_PIECES = st.sampled_from(
    [".", "...", "。", "。。。", "…", "……", "⋯", ",", "，", "、", ";", "；", "首页", "新聞", " ", "\n"]
)
texts = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(texts)
def test_ellipses_are_read_line_by_line_as_in_the_whole_text(text: str) -> None:
    """Only the lines holding an ellipsis are rewritten; the same as rewriting the whole text."""
    raw = text.split("\n")
    whole = shapes._ELLIPSES.sub("……", fold("\n".join(raw))).split("\n")
    expected = [
        f.strip() if shapes.within(s.strip(), shapes.MAX_CANDIDATE) else ""
        for f, s in zip(whole, raw, strict=True)
    ]
    assert Lines.of(raw).folded == expected


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.text(st.sampled_from("ab:：票价今天首页 "), max_size=14), max_size=8))
def test_prefixes_are_the_prefix_of_every_line(lines: list[str]) -> None:
    from normkit.lines.scans import prefix, prefixes

    assert prefixes(lines) == [prefix(line) for line in lines]
