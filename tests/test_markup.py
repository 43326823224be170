"""markup.entities and markup.tags: what they change and the traps they leave alone."""

from __future__ import annotations

import pytest

from normkit.normalisers.markup import Entities, Tags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一段&#12290;第二段", "第一段。第二段"),
        ("甲&nbsp;乙", "甲\u00a0乙"),
        ("甲&nbsp乙", "甲\u00a0乙"),
        ("A&amp;B", "A&B"),
        ("&quot;你好&quot;", '"你好"'),
        ("&#x4e2d;&#X6587;", "中文"),
        ("&amp;amp;amp;lt;", "<"),
        ("&#38;amp;", "&"),
        ("&copy; 2024 版权所有", "© 2024 版权所有"),
    ],
)
def test_entities_decoded(text: str, expected: str) -> None:
    assert Entities()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/?a=1&copy=2&nbsp=3",
        "A & B; C&D",
        "&bogus; &#0; &#xDFFF; &#1114112;",
        "R&D 部门",
        "a<b",
    ],
)
def test_entities_left_alone(text: str) -> None:
    assert Entities()(text) is text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一段</p>", "第一段"),
        ("<p>第一段</p><p>第二段</p>", "第一段\n第二段"),
        ("第一行<br>第二行<br/>第三行<BR />", "第一行\n第二行\n第三行"),
        ('<span style="color:red">红色</span>文字', "红色文字"),
        ("<font size=3>字体</font>", "字体"),
        ('<a href="https://x.cn/a?b=1">链接</a>', "链接"),
        ("<div class='main'>\n正文\n</div>", "\n正文\n"),
    ],
)
def test_tags_removed(text: str, expected: str) -> None:
    assert Tags()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "若 a<b 且 b>c，则 a<c。",
        "x<y>z",
        "a<b c>d",
        "当 n<p 时成立",
        "1<2<3",
        "<<三体>>",
        "<未知标签>文字</未知标签>",
        "<custom-tag>保留</custom-tag>",
        "`<br>` 是换行标签",
        "<brand>不是 br</brand>",
    ],
)
def test_tags_left_alone(text: str) -> None:
    assert Tags()(text) is text


@pytest.mark.parametrize(
    "text",
    [
        # text about markup: escapes written on purpose, no other leftover
        "在论坛里发帖时，用 &lt;I&gt; 和 &lt;/I&gt; 把文字变成斜体。",
        "XML 中 &lt; 要写成 &amp;lt;，否则解析出错。",
        # entities inside code
        "s = s.replace('&amp;', '&')",
        "print(unquote('&#37;&#52;&#48;'))",
        "调用 html.escape('&lt;b&gt;') 得到转义后的文本",
    ],
)
def test_entities_kept_in_code_and_in_text_about_markup(text: str) -> None:
    assert Entities()(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # other leftovers show the extraction left entities: the escapes go too
        ("标题&nbsp;&lt;转载&gt;", "标题\u00a0<转载>"),
        ("正文&#12290;&amp;lt;完&amp;gt;", "正文。<完>"),
        # code kept, the prose around it decoded
        ("第一步&nbsp;运行 s.replace('&amp;', '&') 即可", "第一步\u00a0运行 s.replace('&amp;', '&') 即可"),
    ],
)
def test_entities_decoded_around_code(text: str, expected: str) -> None:
    assert Entities()(text) == expected
