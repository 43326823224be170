"""The last kinds of code strings the default profile changed (issue 14): tables aligned
with ideographic spaces, entities in text about markup, the colon of a mention. Each rule
with real cases and the traps it must leave to the old behaviour, in simplified and
traditional Chinese, and idempotent."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normkit
from normkit.normalisers.markup import Entities, about_markup
from normkit.normalisers.punctuation.width import Width, mention_marks
from normkit.normalisers.unicode import Spaces, table_gaps

# --- tables aligned with ideographic spaces (unicode.spaces) ---------------------------

#: A part-of-speech table of a README (jiagu's, where the rule was found): its second
#: column starts at one display column, one row a column short.
POS_TABLE = (
    "n\u3000\u3000\u3000普通名词\nnt\u3000 \u3000时间名词\nnd\u3000 \u3000方位名词\n"
    "nhf\u3000\u3000姓\nnn \u3000\u3000族名\nv\u3000\u3000 动词"
)
#: Written for this test, in the shape of other tag sets' documentation.
TAG_TABLE = "nr\u3000\u3000人名\nns\u3000\u3000地名\nnt\u3000\u3000机构团体\nnz\u3000\u3000其他专名"
#: A Japanese manual's table indented with ideographic spaces (a public repository's API
#: documentation): the codes take two or three columns, the gaps make them up.
INDENTED_TABLE = (
    "\u3000\u3000\u3000\u3000\u300071 \u3000\u3000\u3000\u3000\u3000データ出力\n"
    "\u3000\u3000\u3000\u3000\u300082 \u3000\u3000\u3000\u3000\u3000外部媒体\n"
    "\u3000\u3000\u3000\u3000\u3000101\u3000\u3000\u3000\u3000\u3000システム管理\n"
    "\u3000\u3000\u3000\u3000\u3000102\u3000\u3000\u3000\u3000\u3000点数マスタ"
)


@pytest.mark.parametrize("table", [POS_TABLE, TAG_TABLE, normkit.convert(TAG_TABLE, "s2twp")])
def test_tables_aligned_with_ideographic_spaces_stay(table: str) -> None:
    assert Spaces()(table) == table
    assert normkit.clean(table) == table


def test_an_indented_table_keeps_its_gaps_and_loses_its_indentation() -> None:
    out = normkit.clean(INDENTED_TABLE)
    assert out.split("\n")[2] == "101\u3000\u3000\u3000\u3000\u3000システム管理"
    assert out.split("\n")[0] == "71 \u3000\u3000\u3000\u3000\u3000データ出力"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # indented paragraphs: no cell before the gap (a docstring's verse, pypinyin's)
        ("\u3000\u3000没 ɑ 找 o、e；\n\u3000\u3000ɑ、o、e、i、u、ü\n\u3000\u3000标调就按这顺序；",
         "  没 ɑ 找 o、e；\n  ɑ、o、e、i、u、ü\n  标调就按这顺序；"),
        # two rows are no table
        ("A\u3000\u3000甲\nB\u3000\u3000乙", "A  甲\nB  乙"),
        # three rows whose second cells start at three different columns
        ("a\u3000\u3000甲\nabcdef\u3000\u3000乙\nab\u3000 \u3000丙", "a  甲\nabcdef  乙\nab   丙"),
        # a list marker set off by one ideographic space is no column gap
        ("1.\u3000第一条\n2.\u3000第二条\n3.\u3000第三条", "1. 第一条\n2. 第二条\n3. 第三条"),
    ],
)  # fmt: skip
def test_ideographic_spaces_elsewhere_still_become_plain(text: str, expected: str) -> None:
    assert table_gaps(text) == []
    assert Spaces()(text) == expected


# --- entities in text about markup (markup.entities) -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a program's output showing its input escaped and its result (harvesttext's README)
        "HTML转正常字符\n原： &lt;a c&gt;&nbsp;&#x27;&#x27;\n清洗后： <a c> ''",
        # a token escaped and written out
        "HTML 中 & 要写成 &amp;，< 要写成 &lt;，否则页面出错。",
        "論壇發文時，<b> 會被吃掉，要寫成 &lt;b&gt;&nbsp;才顯示",
        # one character at two levels of encoding
        "XML 中 &lt; 要写成 &amp;lt;，&nbsp; 也一样。",
        # named entities alone in quotes
        "网页里的空格要写成“&nbsp;”，版权符号写成「&copy;」。",
        "在模板里用 '&amp;' 代替 &",
        # code in backticks
        "在 Markdown 里写 `&lt;br&gt;` 可以显示标签",
    ],
)
def test_entities_written_on_purpose_stay(text: str) -> None:
    assert Entities()(text) == text
    assert Entities()(normkit.convert(text, "s2twp")) == normkit.convert(text, "s2twp")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # leftovers of extraction, at one level throughout
        ("标题&nbsp;&lt;转载&gt;", "标题\u00a0<转载>"),
        ("正文&#12290;&amp;lt;完&amp;gt;", "正文。<完>"),
        ("AT&amp;T 公司与 P&amp;G 合作", "AT&T 公司与 P&G 合作"),
        # a numeric reference in quotes is a quoted character left encoded
        ("句末用‘&#12290;’结尾", "句末用‘。’结尾"),
        # quotes that close one string and open the next, an apostrophe
        ('参数 "值"&nbsp;"说明"', '参数 "值"\u00a0"说明"'),
        ("it's&nbsp;'好'&amp;坏", "it's\u00a0'好'&坏"),
        # backticks around prose are not code
        ("用`反引号`包住&amp;", "用`反引号`包住&"),
        # a link's URL escaped in its markup and plain in its text
        ("见 x.cn/?a=1&amp;b=2 即 x.cn/?a=1&b=2&nbsp;完", "见 x.cn/?a=1&b=2 即 x.cn/?a=1&b=2\u00a0完"),
    ],
)
def test_leftovers_are_still_decoded(text: str, expected: str) -> None:
    assert Entities()(text) == expected


def test_about_markup_reads_only_outside_code() -> None:
    text = "s = s.replace('&amp;', '&')"
    assert about_markup(text, [""]) is False


# --- the colon of a mention (punctuation.width) ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Weibo repost quoted by a README (harvesttext's), and others written for this test
        ("回复@钱旭明QXM:[嘻嘻][嘻嘻] //@钱旭明QXM:杨大哥[good][good]",
         "回复@钱旭明QXM:[嘻嘻][嘻嘻] //@钱旭明QXM:杨大哥[good][good]"),
        ("太好了!//@人民日报:【快讯】今天发布,明天实施", "太好了！//@人民日报:【快讯】今天发布，明天实施"),
        ("回复@张三_Zhang: 谢谢,明天见", "回复@张三_Zhang: 谢谢，明天见"),
        # what is no mention is widened as before
        ("邮件 me@example.com:请回复", "邮件 me@example.com：请回复"),
        ("@ 张三:你好", "@ 张三：你好"),
        ("会议时间:下午三点", "会议时间：下午三点"),
    ],
)  # fmt: skip
def test_a_mention_keeps_its_colon(text: str, expected: str) -> None:
    assert Width()(text) == expected
    assert Width()(normkit.convert(text, "s2twp")) == normkit.convert(expected, "s2twp")


@pytest.mark.parametrize(
    "text",
    [
        "HTML 里用 &lt;I&gt;表示斜体，&lt;B&gt;表示粗体。",
        "XML 中 &lt; 要写成 &amp;lt;，否则出错。",
        "调用 html.escape('&lt;b&gt;') 得到转义后的文本",
    ],
)
def test_entities_kept_stay_whole_through_the_chain(text: str) -> None:
    """An entity ``markup.entities`` keeps keeps its semicolon: ``punctuation.width`` took
    ``&gt;表示`` for a mark before Chinese and wrote ``&gt；表示``, which a second pass
    then read as ``&gt`` and a full-width semicolon."""
    for t in (text, normkit.convert(text, "s2twp")):
        assert normkit.clean(t) == t


def test_mention_marks() -> None:
    assert mention_marks("//@甲:乙 //@丙:丁") == [4, 11]
    assert mention_marks("a@b.cn:x 与 x@y:z") == []


# --- properties ------------------------------------------------------------------------

_CELLS = st.sampled_from(["n", "nt", "nhf", "名词", "人名", "101", "a b", "データ", "x", ""])
_GAPS = st.sampled_from(
    ["\u3000", "\u3000\u3000", "\u3000 \u3000", " \u3000\u3000", "  ", "\u3000\u3000\u3000", "", "   \u3000"]
)
_rows = st.lists(st.tuples(_GAPS, _CELLS, _GAPS, _CELLS), max_size=8).map(
    lambda rows: "\n".join("".join(row) for row in rows)
)


@settings(max_examples=300, deadline=None)
@given(_rows)
def test_spaces_are_idempotent_on_tables(text: str) -> None:
    once = Spaces()(text)
    assert Spaces()(once) == once


_ENTITY_TEXT = st.lists(
    st.sampled_from(["&lt;", "&gt;", "&amp;", "&amp;lt;", "&nbsp;", "&#12290;", "<", ">", "&", "“", "”",
                     "'", '"', "`", " ", "中", "a", "b", "\n", "@", ":", "甲乙", "//"]),
    max_size=20,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_ENTITY_TEXT)
def test_entities_and_width_are_idempotent(text: str) -> None:
    for step in (Entities(), Width()):
        once = step(text)
        assert step(once) == once
