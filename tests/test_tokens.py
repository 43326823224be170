"""The tokenising core: runs, lines, sentences, protected spans."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from normkit.tokens import Analysis, Kind, run_table, tokenize
from strategies import texts


@given(text=texts)
def test_runs_concatenate_back_to_the_input(text: str) -> None:
    runs = tokenize(text)
    assert "".join(r.text for r in runs) == text
    assert all(r.start < r.end for r in runs)
    assert all(a.end == b.start for a, b in itertools.pairwise(runs))
    assert all(a.kind != b.kind for a, b in itertools.pairwise(runs))


@given(text=texts)
def test_run_table_matches_the_runs(text: str) -> None:
    kinds, ends = run_table(text)
    runs = tokenize(text)
    assert kinds.tolist() == [r.kind for r in runs]
    assert ends.tolist() == [r.end for r in runs]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("中文abc123，,", ["HAN", "LATIN", "DIGIT", "CJK_PUNCT", "ASCII_PUNCT"]),
        ("ひらがなカタカナ한국어", ["KANA", "HANGUL"]),
        ("第〇次 々\n\n😀", ["HAN", "SPACE", "HAN", "NEWLINE", "OTHER"]),
        ("“引号”……——", ["CJK_PUNCT", "HAN", "CJK_PUNCT"]),
        ("\u3000全角", ["SPACE", "HAN"]),
        ("𠀀𪚥", ["HAN"]),
        ("", []),
    ],
)
def test_classification(text: str, kinds: list[str]) -> None:
    assert [r.kind.name for r in tokenize(text)] == kinds
    assert all(isinstance(r.kind, Kind) for r in tokenize(text))


def test_lone_surrogates_are_other() -> None:
    assert [r.kind for r in tokenize("a\ud800b")] == [Kind.LATIN, Kind.OTHER, Kind.LATIN]


def test_lines_and_line_of() -> None:
    a = Analysis("一\n二二\n\n三")
    assert a.lines == ["一", "二二", "", "三"]
    assert a.line_starts == [0, 2, 5, 6]
    assert [a.line_of(i) for i in range(len(a.text))] == [0, 0, 1, 1, 1, 2, 3]


def test_sentences_for_chinese_and_mixed_text() -> None:
    a = Analysis("他说：“好。”然后走了！Yes. 第二行\n第三行")
    got = [a.text[s.start : s.end] for s in a.sentences]
    assert got == ["他说：“好。”", "然后走了！", "Yes.", "第二行", "第三行"]


@pytest.mark.parametrize(
    ("text", "protected", "kind"),
    [
        ("访问https://example.com/a?b=1,然后", "https://example.com/a?b=1", "url"),
        ("见www.gov.cn/zhengce。", "www.gov.cn/zhengce", "url"),
        ("写信到 news@example.com.cn 吧", "news@example.com.cn", "email"),
        ("时间9:40:36发布", "9:40:36", "number"),
        ("共3,000人", "3,000", "number"),
        ("增长2.5倍", "2.5", "number"),
        ("他说Hello, world!然后", "Hello, world!", "latin"),
        ("运行`a, b = 1, 2`即可", "`a, b = 1, 2`", "code"),
    ],
)
def test_protected_spans(text: str, protected: str, kind: str) -> None:
    spans = Analysis(text).protected
    assert [(text[s.start : s.end], s.kind) for s in spans] == [(protected, kind)]


def test_single_latin_words_are_not_protected() -> None:
    assert Analysis("用iPhone,很好").protected == []


def test_sub_skips_protected_spans() -> None:
    import regex

    a = Analysis("他说,在9:40:36和3,000之间, Hello, world")
    assert a.sub(regex.compile(","), "，") == "他说，在9:40:36和3,000之间， Hello, world"
    assert a.is_protected(a.text.index("9"))
    assert not a.is_protected(0)


@given(text=texts)
def test_protected_spans_are_ordered_and_disjoint(text: str) -> None:
    spans = Analysis(text).protected
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    unprotected = list(Analysis(text).iter_unprotected())
    covered = sum(e - s for s, e in unprotected) + sum(s.end - s.start for s in spans)
    assert covered == len(text)


@given(text=st.text(max_size=50))
def test_analysis_is_total(text: str) -> None:
    a = Analysis(text)
    assert a.sentences is not None and a.runs is not None and len(a.kinds) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "见 http://例子.tw/頭髮「x」:y 中",
        "https://example.tw/漢字",
        "見 https://例子.tw/漢字 頁 與 `a,b` 和 ftp://a.b/檔案",
        "http://a.b/" * 20,
    ],
)
def test_protection_near_a_range_holds_for_iris(text: str) -> None:
    """An IRI's span crosses ASCII islands: the first calls must not answer from one island."""
    whole = Analysis(text)
    _ = whole.protected
    local = Analysis(text)
    assert [local.is_protected(i, i + 1) for i in range(len(text))] == [
        whole.is_protected(i, i + 1) for i in range(len(text))
    ]


@given(
    text=st.lists(
        st.sampled_from(
            ["http://", "https://", "ftp://", "例子", ".tw/", "頭髮", "「x」", ":", " ", "中", ",", "a"]
        ),
        max_size=14,
    ).map("".join)
)
def test_protection_near_a_range_is_the_whole_texts_with_iris(text: str) -> None:
    whole = Analysis(text)
    _ = whole.protected
    local = Analysis(text)
    for start in range(len(text)):
        assert local.is_protected(start, start + 2) == whole.is_protected(start, start + 2)


# ---------------------------------------------------------------- pre-checks built on whole-string tests
# (the character-level and layout normalisers have no test module of their own)

_odd = st.text(
    alphabet=st.sampled_from(
        "中a \n\t\r\x00\x07\x1f\x7f\x85\x9f\xa0\xad\u1680\u2000\u200a\u200b\u200c\u200d\u200e"
        "\u2028\u202f\u205f\u2060\u3000\ufeff\ufffe\uffff\ud800\U0001f469\U000e0001，"
    ),
    max_size=12,
)


@given(text=_odd | texts)
def test_printable_texts_hold_nothing_for_the_unicode_normalisers(text: str) -> None:
    from normkit.normalisers import unicode as U

    if Analysis(text).printable:
        assert not U._HAS_INVISIBLE.search(text) and "\r" not in text and "\u200d" not in text
        assert not U._HAS_ODD.search(text)


@given(text=_odd | texts)
def test_invisible_pre_check_agrees_with_its_pattern(text: str) -> None:
    from normkit.normalisers import unicode as U

    expected = bool(U._HAS_INVISIBLE.search(text)) or "\r" in text or "\u200d" in text
    assert U._may_hold_invisible(text) == expected


_layout = st.text(alphabet=st.sampled_from([*"中a \t\n\r\u3000"]), max_size=14)


@settings(max_examples=500)
@given(
    text=_layout | texts,
    strip_indent=st.booleans(),
    max_blank_lines=st.integers(0, 2),
    final_newline=st.booleans(),
)
@example(text="中\n\n", strip_indent=True, max_blank_lines=1, final_newline=True)
@example(text="中\n 文\n", strip_indent=True, max_blank_lines=1, final_newline=True)
@example(text="中\n\n\n文\n", strip_indent=True, max_blank_lines=1, final_newline=True)
@example(text="中\n\n文\n", strip_indent=True, max_blank_lines=0, final_newline=True)
@example(text="中 \n文", strip_indent=False, max_blank_lines=1, final_newline=False)
def test_tidy_texts_are_left_alone_by_layout_whitespace(
    text: str, strip_indent: bool, max_blank_lines: int, final_newline: bool
) -> None:
    from normkit.normalisers.layout import Whitespace

    step = Whitespace(strip_indent=strip_indent, max_blank_lines=max_blank_lines, final_newline=final_newline)
    if "\r" not in text and step._tidy(text):
        slow = Whitespace(
            strip_indent=strip_indent, max_blank_lines=max_blank_lines, final_newline=final_newline
        )
        slow._tidy = lambda _text: False  # type: ignore[method-assign]
        assert slow(text) == text


@given(text=_layout | texts, strip_indent=st.booleans())
def test_edge_space_pre_check_agrees_with_its_patterns(text: str, strip_indent: bool) -> None:
    from normkit.normalisers import layout as LY

    pattern = LY._EDGE_SPACE if strip_indent else LY._TRAILING_SPACE
    assert LY._has_edge_space(text, strip_indent) == (pattern.search(text) is not None)


@given(text=_layout | texts, strip_indent=st.booleans())
def test_edge_spaces_are_stripped_as_their_patterns_do(text: str, strip_indent: bool) -> None:
    from normkit.normalisers import layout as LY

    text = text.replace("\r", "\n")
    pattern = LY._EDGE_SPACE if strip_indent else LY._TRAILING_SPACE
    assert LY._strip_lines(text, strip_indent) == pattern.sub("", text)
