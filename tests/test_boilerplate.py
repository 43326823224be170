"""``boilerplate.lines``: each kind dropped with its reason, content kept, options, properties."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normkit
from normkit import Context, OptionError
from normkit.normalisers.boilerplate import KINDS, Boilerplate
from strategies import texts
from test_boilerplate_corpus import drops


def convert_t(text: str) -> str:
    return normkit.convert(text, "s2twp")


BODY = "市政府召开专题会议，研究部署下一阶段的重点工作，要求各部门认真抓好落实。"
BODY2 = "会议指出，要坚持问题导向，细化工作措施，确保各项任务按时保质完成。"
BODY_T = "市政府召開專題會議，研究部署下一階段的重點工作，要求各部門認真抓好落實。"


def reasons(text: str) -> dict[str, str]:
    """{line text: reason} of the lines ``boilerplate.lines`` drops."""
    ctx = Context()
    Boilerplate()(text, ctx)
    return {d.text: d.reason for d in ctx.dropped}


def page(head: list[str], tail: list[str], body: tuple[str, ...] = (BODY, BODY2)) -> str:
    return "\n".join([*head, *body, *tail])


# Each kind, simplified and traditional, at the top or the bottom of a page.
DROPPED = [
    ("navigation", ["您现在的位置是:首页 > 疫情防控 >正文"], []),
    ("navigation", ["首頁 > 專題 > …"], []),
    ("navigation", ["当前位置：首页"], []),
    ("navigation", ["首页 | 新闻 | 体育 | 娱乐 | 财经"], []),
    ("navigation", [], ["关于我们 | 联系我们 | 网站地图 | 法律声明"]),
    ("navigation", [], ["返回顶部"]),
    ("navigation", ["点击上方蓝字关注我们"], []),
    ("navigation", [], ["1 2 3 4 5 下一页"]),
    ("navigation", ["首頁 | 唐詩 | 宋詞 | 元曲 | 名句"], []),
    ("navigation", [], ["微信 微博 QQ空间"]),
    ("metadata", ["发布时间:2022-04-16 13:07:37柯勇政来源:"], []),
    ("metadata", ["文章来源:新浪新闻"], []),
    ("metadata", ["【字體: 】 發布時間:2020/2/17 9:40:36 【打印】【關閉】"], []),
    ("metadata", ["2023-04-20 10:15:32  来源：经济日报"], []),
    ("metadata", ["2022年4月16日"], []),
    ("metadata", [], ["标签:"]),
    ("metadata", [], ["標籤：防疫 新冠肺炎"]),
    ("metadata", [], ["阅读 5632"]),
    ("metadata", [], ["原标题：多地推出便民举措"]),
    ("metadata", [], ["（完）"]),
    ("credit", [], ["(融媒体 裴崇旭)"]),
    ("credit", [], ["闪电新闻记者 马捷 报道"]),
    ("credit", [], ["(責編:湯寧  初審:孫繼奎  終審:沈國冰)"]),
    ("credit", ["河南商報記者 宋紅勝 通訊員 高昌萍 龐衛(wèi)東"], []),
    ("credit", [], ["融媒体 徐振鑫 通讯员 张振祥 摄"]),
    ("credit", [], ["【编辑:张子怡】"]),
    ("credit", [], ["责任编辑：张伟"]),
    ("credit", [], ["文/李明"]),
    ("copyright", [], ["版权声明:凡注明来源为本网的作品，版权均属本网所有，否则将追究相关法律责任。"]),
    ("copyright", [], ["未经本网授权不得转载、摘编或利用其它方式使用本站作品。"]),
    ("copyright", [], ["Copyright © 2008-2019 青禾文学网 版权所有"]),
    ("copyright", [], ["本文为作者原创，转载请注明出处。"]),
    ("copyright", [], ["版權所有 © 2020 衛生福利部 All Rights Reserved"]),
    ("copyright", [], ["新浪声明：此消息系转载自新浪合作媒体，文章内容仅供参考，不构成投资建议。"]),
    ("footer", [], ["皖ICP備07008621號-2"]),
    ("footer", [], ["京ICP证030173号  京公网安备11000002000016号"]),
    ("footer", [], ["主办：临江市人民政府办公室  承办：临江市大数据中心"]),
    ("footer", [], ["主办单位：临江市人民政府办公室", "皖ICP備07008621號-2"]),
    ("footer", [], ["news@example.com", "皖ICP備07008621號-2"]),
    ("footer", [], ["电话：0635-8888888", "皖ICP備07008621號-2"]),
    ("related", [], ["猜你喜欢"]),
    ("related", [], ["上一篇：市疾控中心开展春季传染病防控培训"]),
    ("related", [], ["下一篇"]),
    ("related", [], ["延伸閱讀"]),
    ("related", [], ["下一首：登鸛雀樓"]),
    ("symbols", ["|"], []),
    ("symbols", [], [">>"]),
    ("symbols", [], ["------"]),
    ("symbols", [], ["★★★★★"]),
]


@pytest.mark.parametrize(("kind", "head", "tail"), DROPPED, ids=lambda v: v if isinstance(v, str) else None)
def test_kind_is_dropped_with_its_reason(kind: str, head: list[str], tail: list[str]) -> None:
    found = reasons(page(head, tail))
    assert found == {line: f"boilerplate.{kind}" for line in head + tail}


def test_related_trigger_takes_the_titles_after_it() -> None:
    text = page([], ["相关阅读", "市卫健委部署春节期间医疗保障工作", "全市基层医疗机构服务能力提升"])
    assert set(reasons(text).values()) == {"boilerplate.related"}
    assert len(reasons(text)) == 3


def test_related_block_inside_the_article_keeps_the_next_subheading() -> None:
    text = "\n".join([BODY, "推荐阅读", "- 多地出台新政", "二、加强组织领导", BODY2])
    found = reasons(text)
    assert found == {"推荐阅读": "boilerplate.related", "- 多地出台新政": "boilerplate.related"}


def test_dash_list_closing_the_page_is_dropped() -> None:
    items = [
        "- 今日最新消息开园开馆注意事项公告",
        "- 黄奶油的用法(黄奶油的用途)",
        "- 商丘睢阳新增1例无症状感染者",
    ]
    assert set(reasons(page([], items)).values()) == {"boilerplate.related"}


def test_sidebar_of_truncated_titles() -> None:
    side = ["央行：保持流动性合理充裕...", "多地出台楼市新政 首付比例下调...", "一季度外贸数据超预期..."]
    assert set(reasons(page([], side)).values()) == {"boilerplate.sidebar"}
    assert set(reasons(page(side, [])).values()) == {"boilerplate.sidebar"}


def test_template_title_before_the_headline() -> None:
    text = page(["市卫健委召开年度工作会议_临江市人民政府网", "市卫健委召开年度工作会议"], [])
    assert reasons(text) == {"市卫健委召开年度工作会议_临江市人民政府网": "boilerplate.template_title"}
    text = page(["老街新貌", "老街新貌"], [])
    assert reasons(text) == {"老街新貌": "boilerplate.template_title"}


# Content that must stay: each text is returned unchanged.
KEPT = [
    # body sentences mentioning 来源, 版权, 记者 or dates
    page([], [], (BODY, "据了解，本次会议的材料来源于各区县上报的统计数据。", BODY2)),
    page([], [], (BODY, "他说，未经许可擅自使用他人作品，将被依法追究法律责任。")),
    page([], [], (BODY, "记者从市教育局获悉，2023年4月20日起全市中小学将实行新的作息时间。")),
    page([], [], (BODY, "記者問：何時可以解除管制？", BODY_T)),
    page([], [], (BODY, "陈时中回应，目前仍须持续观察。（中央社记者张茗喧台北17日电）")),
    "\n".join(["记者手记", BODY, BODY2]),
    # a real bullet list inside and at the end of an article
    page([], [], (BODY, "会议要求：", "- 加强组织领导", "- 细化工作措施", "- 狠抓责任落实", BODY2)),
    page(
        [],
        [],
        (
            BODY,
            "活动安排如下：",
            "- 上午九点 开幕式及主题演讲",
            "- 上午十点 参观成果展览",
            "- 下午两点 分组座谈交流",
        ),
    ),
    page(
        [],
        [],
        (
            BODY,
            "指揮中心提醒民眾：",
            "1. 勤洗手，保持手部清潔",
            "2. 咳嗽時戴口罩",
            "3. 避免前往人潮擁擠的場所",
        ),
    ),
    # poems and short lines between paragraphs
    page([], [], (BODY, "稻花香里说丰年", "听取蛙声一片", "七八个星天外", "两三点雨山前", BODY2)),
    page([], [], (BODY, "春風又綠江南岸", "明月何時照我還", BODY_T)),
    page([], [], (BODY, "……", BODY2)),
    page([], [], (BODY, "二、强化责任担当", BODY2)),
    page([], [], (BODY, "图为会议现场。", BODY2)),
    page([], [], (BODY, "时间：2023年5月1日上午9时", "地点：市民广场", BODY2)),
    page([], [], (BODY, "数据来源：国家统计局", BODY2)),
    # tables flattened with | that carry data
    page([], [], (BODY, "地区 | GDP（亿元） | 增速", "广东 | 30479.52 | 4.0%", "江苏 | 30058.65 | 5.8%")),
    page([], [], (BODY, "姓名 | 性别 | 年龄 | 职务 | 单位", "张三 | 男 | 45 | 主任 | 市卫健委")),
    # headlines and the end of an essay
    "\n".join(["《觉醒年代》热播 年轻观众追剧热情高涨", BODY, BODY2]),
    "\n".join(["故乡的秋天", BODY, BODY2, "2019年10月，于北京"]),
    "\n".join(["通知", BODY, BODY2, "临江市人民政府办公室", "2023年2月10日"]),
    "\n".join(["关于我们村的故事", BODY, BODY2]),
    # a film's crew, a heading of menu words, fields of an event, a list of primes
    page([], [], (BODY, "导演 张艺谋", "摄影 顾长卫", "编剧 刘恒", BODY2)),
    page([], [], (BODY, "文化 旅游 体育 融合发展", BODY2)),
    page([], [], (BODY, BODY2, "活动时间：2023年5月1日 9:00", "活动地点：市民广场")),
    page([], [], (BODY, "2 3 5 7 11 13", BODY2)),
    # a declaration, a venue's address, a programme and a reading list closing an article
    page([], [], (BODY, "中美联合声明：双方同意加强在气候变化领域的合作", BODY2)),
    page([], [], ("位置：北京市朝阳区建国路1号", BODY, BODY2)),
    page([], [], (BODY, BODY2, "2023年5月1日 9:00 开幕式及主题演讲", "2023年5月1日 14:00 分论坛")),
    page(
        [],
        [],
        (
            BODY,
            BODY2,
            "参考文献",
            "- 《万历十五年》黄仁宇著，中华书局",
            "- 《明朝那些事儿》当年明月著",
            "- 《人类简史》尤瓦尔·赫拉利著",
        ),
    ),
    page([], [], (BODY, "排行榜", "北京大学", "清华大学", "复旦大学", BODY2)),
    # a poem page has no paragraph: only strong signals apply
    "靜夜思\n李白\n床前明月光\n疑是地上霜\n舉頭望明月\n低頭思故鄉",
]


@pytest.mark.parametrize("text", KEPT)
def test_content_is_kept(text: str) -> None:
    assert Boilerplate()(text, Context()) == text


def test_contact_lines_stay_unless_beside_other_boilerplate() -> None:
    notice = [BODY, "联系人：李强", "联系电话：0530-1234567", "临江县消防安全委员会办公室", "2023年3月1日"]
    assert reasons("\n".join(notice)) == {}
    text = "\n".join([BODY, BODY2, "(融媒体 裴崇旭)", "投稿邮箱：news@example.com"])
    assert reasons(text) == {
        "(融媒体 裴崇旭)": "boilerplate.credit",
        "投稿邮箱：news@example.com": "boilerplate.footer",
    }


def test_credit_at_the_end_of_a_paragraph_stays() -> None:
    line = "居民们纷纷点赞，社区的环境越来越好了。（融媒体 裴崇旭）"
    assert Boilerplate()(page([], [line]), Context()) == page([], [line])


# Options.


def test_label_only_records_labels_and_keeps_the_text() -> None:
    text = page(["当前位置：首页 > 新闻"], ["(融媒体 裴崇旭)", "皖ICP備07008621號-2"])
    ctx = Context()
    assert Boilerplate(label_only=True)(text, ctx) is text
    assert ctx.annotations["line_labels"] == {
        1: "boilerplate.navigation",
        4: "boilerplate.credit",
        5: "boilerplate.footer",
    }
    assert ctx.dropped == []


def test_kinds_selects_what_is_dropped() -> None:
    text = page(["当前位置：首页 > 新闻"], ["(融媒体 裴崇旭)"])
    ctx = Context()
    out = Boilerplate(kinds=["credit"])(text, ctx)
    assert out == page(["当前位置：首页 > 新闻"], [])
    assert [d.reason for d in ctx.dropped] == ["boilerplate.credit"]


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(OptionError, match="unknown kinds"):
        Boilerplate(kinds=["credits"])


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_lexicon_file_extends_a_kind(tmp_path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"lexicon{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps({"related": ["看点速递"]}, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text('related = ["看點速遞"]\n', encoding="utf-8")
    text = page([], ["看点速递", "多地出台楼市新政", "一季度外贸数据超预期"])
    assert Boilerplate()(text, Context()) == text
    assert Boilerplate(lexicon_file=str(path))(text, Context()) == page([], [])


def test_bad_lexicon_file_is_an_option_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.toml"
    path.write_text('relatd = ["x"]\n', encoding="utf-8")
    with pytest.raises(OptionError, match="unknown kind"):
        Boilerplate(lexicon_file=str(path))
    with pytest.raises(OptionError, match="lexicon file"):
        Boilerplate(lexicon_file=str(tmp_path / "missing.toml"))


class _LexiconPlugin:
    @normkit.hookimpl
    def normkit_boilerplate_lexicon(self) -> dict[str, list[str]]:
        return {"credit": ["播音"], "related": ["看点速递"]}


def test_plugin_extends_the_lexicon() -> None:
    text = page([], ["播音 王小明", "看點速遞", "多地出台楼市新政", "一季度外贸数据超预期"])
    assert Boilerplate()(text, Context()) == text
    normkit.get_registry().manager.register(_LexiconPlugin(), name="test-lexicon")
    assert Boilerplate()(text, Context()) == page([], [])
    assert Boilerplate(use_plugins=False)(text, Context()) == text


def test_in_the_default_chain_with_explanations() -> None:
    pipe = normkit.Pipeline.from_profile("default")
    assert "boilerplate.lines" in pipe.names and "spam.tails" in pipe.names
    assert pipe.names.index("spam.tails") < pipe.names.index("boilerplate.lines")
    result = pipe.process(normkit.Document(page(["当前位置：首页 > 新闻"], ["皖ICP備07008621號-2"])))
    assert [d.reason for d in result.dropped] == ["boilerplate.navigation", "boilerplate.footer"]
    assert "boilerplate.lines" not in normkit.Pipeline.from_profile("minimal").names


def test_every_kind_has_a_test() -> None:
    assert {k for k, _, _ in DROPPED} | {"related", "sidebar", "template_title"} == set(KINDS)


# Properties.

sentence = st.text(
    alphabet=st.sampled_from("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会"),
    min_size=14,
    max_size=40,
)
clean_paragraph = st.builds(lambda a, b: f"{a}，{b}。", sentence, sentence)


@given(st.lists(clean_paragraph, min_size=1, max_size=8))
def test_text_without_boilerplate_is_unchanged(paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    assert Boilerplate()(text, Context()) is text


boilerplate_line = st.sampled_from([line for _, head, tail in DROPPED for line in head + tail])
page_lines = st.lists(
    st.one_of(boilerplate_line, clean_paragraph, sentence, st.just(""), st.sampled_from(KEPT)), max_size=12
)


@pytest.mark.parametrize("crumbs", ["首頁 > 專題 > …", "首页 | 新闻 | 视频"])
def test_a_breadcrumb_is_no_heading_of_a_closing_list(crumbs: str) -> None:
    # ``spam.tails`` spares a list under a heading of the article's own; a breadcrumb that
    # ``boilerplate.lines`` drops is none: else the list went only on a second pass.
    lines = ["的一是在不了有和人，这中大为上个国我以要他。", crumbs, *["一" * 14] * 4]
    once, _ = drops("\n".join(lines))
    again, found = drops(once)
    assert again == once and found == {}


@given(page_lines)
def test_dropping_is_idempotent_on_pages(lines: list[str]) -> None:
    once, _ = drops("\n".join(lines))
    again, found = drops(once)
    assert again == once and found == {}


HEADS = [head for _, head, _ in DROPPED if head]
TAILS = [tail for _, _, tail in DROPPED if tail]


@given(
    st.lists(st.sampled_from(HEADS), max_size=4),
    st.lists(clean_paragraph, min_size=1, max_size=5),
    st.lists(st.sampled_from(TAILS), max_size=6),
)
def test_page_around_an_article_is_dropped_and_the_article_kept(
    head: list[list[str]], article: list[str], tail: list[list[str]]
) -> None:
    lines = [line for group in head for line in group] + article + [line for group in tail for line in group]
    out = Boilerplate()("\n".join(lines), Context())
    assert out == "\n".join(article)


@given(texts)
def test_never_raises_and_is_idempotent(text: str) -> None:
    once = Boilerplate()(text, Context())
    assert Boilerplate()(once, Context()) == once


def test_label_only_through_the_pipeline_labels_both_kinds() -> None:
    options = {"boilerplate.lines": {"label_only": True}, "spam.tails": {"label_only": True}}
    pipe = normkit.Pipeline.from_profile("default", options=options)
    text = "\n".join(["当前位置：首页 > 新闻", BODY, "百家乐|六合彩|时时彩|无码|日韩|偷拍|人妻"])
    result = pipe.process(normkit.Document(text))
    assert result.dropped == ()
    assert result.annotations["line_labels"] == {1: "boilerplate.navigation", 3: "spam.keywords"}
    assert result.annotations["spam"] is True
    assert result.text == text


def test_carriage_returns_end_lines() -> None:
    text = "当前位置：首页 > 新闻\r\n" + BODY + "\r(融媒体 裴崇旭)\r\n" + BODY2
    assert Boilerplate()(text, Context()) == "\n".join([BODY, BODY2])
    assert normkit.Pipeline.from_profile("default").clean("0\r:") == "0"


# Content that looks like boilerplate to one rule, each beside the lines that rule must still drop.

ICP_SENTENCE = "按照规定，所有网站上线前都必须完成ICP备案，否则会被要求关停整改。"
POEM = ["长恨歌", "作者：白居易", "汉皇重色思倾国，御宇多年求不得。", "杨家有女初长成，养在深闺人未识。"]
CAPTION = "游客在樱花树下拍照留念 图片来源：视觉中国"
CODE = ["if (IS_ERR(clk))", "return PTR_ERR(clk);"]


@pytest.mark.parametrize(
    "text",
    [
        page([], [], (BODY, ICP_SENTENCE, BODY2)),
        page([], [ICP_SENTENCE]),
        "\n".join(POEM),
        convert_t("\n".join(POEM)),
        page([], [], (BODY, CAPTION, BODY2)),
        page([], [], (BODY, *CODE, BODY2)),
        page(CODE, []),
    ],
    ids=[
        "icp-in-body",
        "icp-at-end",
        "poem-author",
        "poem-author-hant",
        "caption-credit",
        "code",
        "code-head",
    ],
)
def test_content_that_resembles_boilerplate_stays(text: str) -> None:
    assert Boilerplate()(text, Context()) == text


@pytest.mark.parametrize(
    ("line", "where", "reason"),
    [
        ("京ICP备12345678号-1", "tail", "boilerplate.footer"),
        ("皖ICP備07008621號-2 公網安備 34010402700000號", "tail", "boilerplate.footer"),
        ("作者：张三", "head", "boilerplate.credit"),
        ("图片来源：视觉中国", "tail", "boilerplate.metadata"),
    ],
)
def test_the_same_rules_still_drop_boilerplate(line: str, where: str, reason: str) -> None:
    text = page([line], []) if where == "head" else page([], [line])
    assert reasons(text) == {line: reason}


@pytest.mark.parametrize(
    "line",
    [
        "首页>" + "一" * 10 + "...版权所有版权所有",
        "首页>" + "一一…" * 3 + "…...版权所有版权所有",
        "首页>" + "新闻 " * 40 + "。。。",
        "首页>一，。。。",
    ],
)
def test_the_chain_is_idempotent_when_a_repair_shortens_a_line(line: str) -> None:
    once = normkit.clean(line)
    assert normkit.clean(once) == once


C_SNIPPET = """```c
int main(void) {
    int a[] = {
        1, 2, 3
    };
    return 0;
}
```"""
PY_SNIPPET = '''```python
def greet():
    """
    问候
    """
    items = [
        "a",
    ]
    return items
```'''


@pytest.mark.parametrize("snippet", [C_SNIPPET, PY_SNIPPET])
@pytest.mark.parametrize("body", [(BODY, BODY2), (BODY_T, normkit.convert(BODY2, "s2twp"))])
@pytest.mark.parametrize("learned", [False, True])
def test_code_between_paragraphs_stays_whole(snippet: str, body: tuple[str, str], learned: bool) -> None:
    """Lines of a code block (``}``, ``]``, ``\"\"\"``) are never boilerplate."""
    text = "\n".join([body[0], snippet, body[1]])
    ctx = Context()
    Boilerplate(learned=learned)(text, ctx)
    assert [d.text for d in ctx.dropped] == []
    assert normkit.Pipeline(steps=["boilerplate.lines"]).clean(text) == text


def test_lines_like_code_outside_a_code_block_can_still_go() -> None:
    """The exemption is for lines inside code blocks only: a lone ``}`` line in prose is judged as before."""
    text = "\n".join(["}", BODY, BODY2])
    assert "}" in reasons(text)
