"""``spam.tails``: keyword stuffing, spam lists, site-prefixed lists; the document flag."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normkit import Context, OptionError
from normkit.normalisers.spam import SpamTails
from strategies import texts

BODY = "市民在公园里晨练，享受春天的阳光，孩子们在草地上奔跑嬉戏。"
BODY2 = "园方提醒游客文明游园，不要攀折花木，注意保护环境，共同维护公园秩序。"
STUFFED = "澳门新葡京|百家乐在线|真人娱乐城|六合彩开奖结果|北京赛车pk10|时时彩计划|体育投注平台|彩金注册送"
STUFFED_T = "澳門新葡京｜百家樂在線｜真人娛樂城｜六合彩開獎結果｜時時彩計劃｜體育投注平台｜無碼中文字幕"


def run(text: str, **options: object) -> tuple[str, Context]:
    ctx = Context()
    return SpamTails(**options)(text, ctx), ctx


@pytest.mark.parametrize("line", [STUFFED, STUFFED_T, STUFFED.replace("|", " ")])
def test_keyword_stuffed_line_is_dropped_and_the_document_flagged(line: str) -> None:
    out, ctx = run("\n".join([BODY, BODY2, line]))
    assert out == "\n".join([BODY, BODY2])
    assert [d.reason for d in ctx.dropped] == ["spam.keywords"]
    assert ctx.annotations["spam"] is True
    details = ctx.annotations["spam_details"]
    assert details["lines"] == 1 and details["kinds"] == {"keywords": 1}
    assert "百家乐" in details["terms"]


def test_keyword_stuffing_without_vocabulary() -> None:
    line = "|".join(
        f"北京网站{w}"
        for w in [
            "建设",
            "制作",
            "设计",
            "优化",
            "推广",
            "开发",
            "定制",
            "改版",
            "维护",
            "外包",
            "托管",
            "报价",
            "案例",
            "公司",
            "服务",
            "价格",
        ]
    )
    out, ctx = run("\n".join([BODY, line]))
    assert out == BODY
    assert ctx.annotations["spam"] is True


def test_spam_list_is_dropped() -> None:
    lines = ["无码中文字幕在线观看", "日韩人妻熟女视频", "国产精品一区二区", "偷拍自拍福利视频"]
    out, ctx = run("\n".join([BODY, BODY2, *lines]))
    assert out == "\n".join([BODY, BODY2])
    assert {d.reason for d in ctx.dropped} == {"spam.list"}


def test_site_prefix_list_is_dropped() -> None:
    titles = [
        f"今日頭條新聞｜{t}"
        for t in (
            "台北市長宣布明日停班停課",
            "高鐵部分班次停駛",
            "花蓮地區土石流警戒",
            "農委會提醒農民搶收作物",
        )
    ]
    out, ctx = run("\n".join([BODY, BODY2, "相關新聞", *titles]))
    assert out == "\n".join([BODY, BODY2, "相關新聞"])
    assert {d.reason for d in ctx.dropped} == {"spam.site_prefix"}


KEPT = [
    # news about gambling and pornography, in sentences
    f"{BODY}\n警方破获一起网络赌博案，涉及百家乐、六合彩、时时彩等多种玩法，涉案金额巨大。",
    f"{BODY}\n警方提醒：网上所谓“注册送彩金”“首存返利”的娱乐城多为诈骗，切勿轻信。",
    # a short headline with two terms is no stuffing
    f"严厉打击百家乐六合彩赌博\n{BODY}",
    # data tables flattened with |
    f"{BODY}\n地区 | 确诊 | 治愈 | 死亡\n湖北 | 68135 | 63623 | 4512\n广东 | 1641 | 1603 | 8",
    f"{BODY}\n" + "|".join(f"第{i}名|{1000 - i * 7}分" for i in range(1, 20)),
    # a real list whose items share a prefix, introduced by a colon
    f"{BODY}\n{BODY2}\n获奖名单如下：\n临江市第一中学高一一班\n临江市第一中学高一三班\n临江市第一中学高二二班\n临江市第一中学高三五班",
    # a report listing the games between its paragraphs
    f"{BODY}\n经查，该团伙开设的赌博项目包括：\n百家乐\n六合彩\n时时彩\n北京赛车\n{BODY2}",
    # a video site's titles: viewing words alone are no spam
    f"{BODY}\n{BODY2}\n流浪地球2 高清视频在线观看\n满江红 免费观看 无删减\n狂飙 中文字幕 在线观看",
    # names of the article's own list under a heading
    f"{BODY}\n{BODY2}\n出席名单\n全国人大代表张三\n全国人大代表李四\n全国人大代表王五\n全国人大代表赵六",
    # a list of titles at the end without a shared prefix
    f"{BODY}\n{BODY2}\n相关新聞\n台北市長宣布明日停班停課\n高鐵部分班次停駛\n花蓮地區土石流警戒\n農委會提醒農民搶收作物",
]


@pytest.mark.parametrize("text", KEPT)
def test_content_is_kept_and_not_flagged(text: str) -> None:
    out, ctx = run(text)
    assert out == text
    assert "spam" not in ctx.annotations


def test_label_only_flags_without_dropping() -> None:
    text = "\n".join([BODY, STUFFED])
    out, ctx = run(text, label_only=True)
    assert out is text
    assert ctx.annotations["line_labels"] == {2: "spam.keywords"}
    assert ctx.annotations["spam"] is True


def test_kinds_and_flag_options() -> None:
    text = "\n".join([BODY, STUFFED])
    out, ctx = run(text, kinds=["list"])
    assert out == text
    out, ctx = run(text, flag=False)
    assert out == BODY and "spam" not in ctx.annotations
    with pytest.raises(OptionError):
        SpamTails(kinds=["keyword"])
    with pytest.raises(OptionError):
        SpamTails(min_segments=1)


def test_lexicon_file_adds_vocabulary(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "spam.toml"
    path.write_text('spam = ["代開發票", "假證辦理"]\n', encoding="utf-8")
    line = "代开发票|假证办理|代开发票联系|假证办理加急|代开发票电话|假证办理微信"
    text = "\n".join([BODY, line])
    assert run(text)[0] == text
    assert run(text, lexicon_file=str(path))[0] == BODY


@given(st.lists(st.sampled_from([BODY, BODY2, STUFFED, STUFFED_T, "", *KEPT]), max_size=10))
def test_dropping_is_idempotent(lines: list[str]) -> None:
    once, _ = run("\n".join(lines))
    again, ctx = run(once)
    assert again == once and ctx.dropped == []


@given(texts)
def test_never_raises_and_is_idempotent(text: str) -> None:
    once, _ = run(text)
    assert run(once)[0] == once
