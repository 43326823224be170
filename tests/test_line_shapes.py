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


_LINES = st.lists(
    st.sampled_from(
        [
            "首页 > 新闻",
            "版权所有 © 2024 某某网",
            "  今天，市政府召开了专题会议，研究部署了全市防汛工作。 ",
            "发布时间：2024-01-01 10:00",
            "- 相关阅读",
            "",
            "新聞...好",
            "上一篇：标题",
            "床前明月光",
        ]
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(_LINES)
def test_a_page_of_one_block_has_the_shapes_and_verdicts_of_a_page_read_in_blocks(lines: list[str]) -> None:
    """A page of one block of lines keeps its lines as lists, a longer page as one text
    (:class:`~normkit.lines.texts.TextLines`): the same shapes and the same verdicts."""
    import pytest

    from normkit.lines import page
    from normkit.lines.rules import judge_lines
    from normkit.lines.texts import TextLines
    from normkit.normalisers._lexicon import build_lexicon

    lexicon = build_lexicon()
    alone = Lines.of(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(page, "LINES_AT_ONCE", 3)
        in_blocks = Lines.of(lines)
        assert len(lines) <= 3 or isinstance(in_blocks.stripped, TextLines)
        want = judge_lines(in_blocks, lexicon)
    assert not isinstance(alone.stripped, TextLines)
    assert list(alone.stripped) == list(in_blocks.stripped)
    assert list(alone.folded) == list(in_blocks.folded)
    assert (alone.han, alone.body) == (in_blocks.han, in_blocks.body)
    assert judge_lines(alone, lexicon) == want


@settings(max_examples=100, deadline=None, derandomize=True)
@given(_LINES.map(lambda lines: [*lines, "首页>,！", "新闻!好 (图)"]))
def test_the_judged_shapes_of_a_page_of_one_block_are_those_of_its_lines_replaced(lines: list[str]) -> None:
    """A page of one block is read as repaired at once; a longer page keeps its lines'
    shapes and replaces those of the lines the repairs change: the same shapes."""
    import pytest

    from normkit import Context
    from normkit.lines import shapes as shapes_module

    alone = Lines.judged(lines, Context())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shapes_module, "LINES_AT_ONCE", 1)
        replaced = Lines.judged(lines, Context())
    assert list(alone.stripped) == list(replaced.stripped)
    assert list(alone.folded) == list(replaced.folded)
    assert (alone.han, alone.body) == (replaced.han, replaced.body)
