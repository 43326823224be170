"""normkit.lines: page features, the boosted-tree model, learned drops with their evidence."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normkit
from normkit import Context
from normkit.lines.features import (
    NAMES,
    SCORE_NAMES,
    FeatureCache,
    length_key,
    page_features,
    page_shape,
    score_context,
)
from normkit.lines.model import LineModel, fit, load_model
from normkit.lines.train import Page, folds, operating_point, train
from normkit.lines.verdict import KIND_OF_FEATURE, drop_mask, learned_drops
from normkit.normalisers.boilerplate import KINDS, Boilerplate

BODY = "市政府召开专题会议，研究部署下一阶段的重点工作，要求各部门认真抓好落实。"
BODY2 = "会议指出，要坚持问题导向，细化工作措施，确保各项任务按时保质完成。"
MENU = ["首页", "新闻", "视频", "评论", "体育", "财经", "娱乐"]
FEED = [
    "第一座对泼天流量说不的城市出现了",
    "网传一名韩国前艺人拟来港定居",
    "提前大选时间让舆论意外冒险策略引不满",
    "国常会关注的这几件事均关乎落实",
]


def column(lines: list[str], name: str) -> list[float]:
    return page_features(lines).column(name).tolist()  # type: ignore[no-any-return]


def test_features_have_one_row_per_line_and_every_column() -> None:
    lines = [*MENU, BODY, "", BODY2, *FEED]
    f = page_features(lines)
    assert f.matrix.shape == (len(lines), len(NAMES))
    assert np.isfinite(f.matrix).all()


def test_runs_of_short_lines_and_the_main_block() -> None:
    lines = [*MENU, BODY, BODY2, *FEED]
    f = page_features(lines)
    assert f.block == (len(MENU), len(MENU) + 1)
    runs = f.column("short_run")
    assert runs[0] == pytest.approx(np.log1p(len(MENU)))
    assert runs[len(MENU)] == 0
    assert f.column("in_block").tolist() == [0.0] * len(MENU) + [1.0, 1.0] + [0.0] * len(FEED)
    assert (f.column("block_after")[len(MENU) + 2 :] > 0).all()


def test_dates_counts_and_lexicon_are_read_in_both_scripts() -> None:
    lines = ["发布时间：2024-05-10 14:30", "阅读 5632", "版权所有 © 2024", BODY]
    hant = [normkit.convert(line, "s2twp") for line in lines]
    for page in (lines, hant):
        f = page_features(page)
        assert f.column("date")[0] == 1 and f.column("time")[0] == 1
        assert f.column("count")[1] == 1
        assert f.column("notice")[2] >= 1
        assert f.column("lexicon_share")[0] > 0
    # Character by character (s2t) the features are the same; s2twp also changes words (发布 → 釋出).
    assert np.allclose(
        page_features(lines).matrix, page_features([normkit.convert(x, "s2t") for x in lines]).matrix
    )


def test_repeats_in_the_page() -> None:
    assert column(["更多", BODY, "更多", BODY2], "repeats")[0] == pytest.approx(np.log1p(1))


def test_length_key_ignores_what_repairs_change() -> None:
    assert length_key("首页>一一…...版权所有") == length_key("首页>一一……版权所有")
    assert length_key("好！！") == length_key("好！")


def test_empty_and_blank_pages() -> None:
    assert page_features([]).matrix.shape == (0, len(NAMES))
    assert page_features(["", " "]).matrix.shape == (2, len(NAMES))
    assert learned_drops([]) == {}
    assert learned_drops(["", "  "]) == {}


def test_fit_is_deterministic_and_round_trips() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((200, 3)).astype(np.float32)
    y = ((x[:, 0] > 0.5) & (x[:, 1] < 0.7)).astype(np.int64)
    a = fit(x, y, ("a", "b", "c"), rounds=30)
    b = fit(x, y, ("a", "b", "c"), rounds=30)
    assert a.to_json() == b.to_json()
    again = LineModel.from_json(a.to_json())
    assert np.allclose(a.probability(x), again.probability(x), atol=1e-4)
    assert ((a.probability(x) >= 0.5) == y).mean() > 0.95
    # each row's contributions add up to its score
    assert np.allclose(a.contributions(x).sum(axis=1) + a.intercept, a.score(x), atol=1e-3)
    assert a.explain(x[:1])[0][0] in ("a", "b")


def test_shipped_model_loads_and_judges_a_menu() -> None:
    model = load_model()
    assert isinstance(model, LineModel) and 0.5 <= model.threshold < 1
    # the menu is boilerplate at 0.9, the body content (the operating point is stricter)
    found = learned_drops([*MENU, BODY, BODY2, BODY], threshold=0.9)
    assert set(found) >= {1, 2, 3, 4, 5}
    assert not set(found) & {len(MENU), len(MENU) + 1, len(MENU) + 2}
    for verdict in found.values():
        assert verdict.kind in KINDS
        assert verdict.describe().startswith(f"boilerplate.{verdict.kind}")


def test_every_evidence_kind_is_a_boilerplate_kind() -> None:
    assert set(KIND_OF_FEATURE) <= set(NAMES)
    assert set(KIND_OF_FEATURE.values()) <= set(KINDS)


def test_learned_drops_are_explained_in_the_pipeline() -> None:
    text = "\n".join([*MENU, BODY, BODY2, BODY])
    # The model's own threshold, main block not spared (the default profile is surer).
    opts = {"learned": True, "threshold": 0.0, "spare_main_block": False}
    pipe = normkit.Pipeline(options={"boilerplate.lines": opts})
    result = pipe.process(normkit.Document(text), explain=True)
    assert BODY in result.text and "视频" not in result.text
    reasons = [c.reason for c in result.changes if c.normaliser == "boilerplate.lines"]
    assert any("(p=" in r for r in reasons)


def test_learned_is_on_in_default_profiles_only_and_a_bad_model_file_is_an_option_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert Boilerplate().options.learned is False
    for profile in ("default", "zh-hans", "zh-hant"):
        assert Boilerplate.profile_options[profile] == {
            "learned": True,
            "threshold": 0.0,
            "spare_main_block": True,
        }
    assert "minimal" not in Boilerplate.profile_options
    bad = tmp_path / "model.json"
    bad.write_text("{}")
    with pytest.raises(normkit.OptionError):
        normkit.Pipeline(options={"boilerplate.lines": {"model_file": str(bad)}})


_lines = st.lists(
    st.sampled_from([*MENU, *FEED, BODY, BODY2, "", "……", "|", "2024-05-10", "京ICP备12345678号"]),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(_lines)
def test_learned_dropping_never_raises_and_is_idempotent(lines: list[str]) -> None:
    step = Boilerplate(learned=True)
    once = step("\n".join(lines), Context())
    assert step(once, Context()) == once


def test_evidence_is_worded_for_people() -> None:
    from normkit.lines.verdict import EVIDENCE_WORDS

    assert set(EVIDENCE_WORDS) <= set(NAMES) | set(SCORE_NAMES)
    found = learned_drops([*MENU, BODY, BODY2, BODY])
    assert any("menu" in v.describe() or "run of short" in v.describe() for v in found.values())


#: Paragraphs of 32 letters or more (the shipped model's :attr:`LineModel.anchor_letters`).
LONG_BODY = BODY + "会议还通报了上半年的工作情况。"
LONG_BODY2 = BODY2 + "各区县要在月底前报送工作方案。"


def test_spare_main_block_never_drops_a_line_of_the_main_text() -> None:
    """From the first to the last paragraph the model is sure of, nothing is dropped:
    not the feed between two paragraphs, however low the threshold."""
    model = load_model()
    lines = [*MENU, LONG_BODY, *FEED, LONG_BODY2, *FEED]
    x = page_features(lines).matrix
    p = model.page_probability(x)
    anchors = [i for i in range(len(lines)) if p[i] < model.anchor and x[i, NAMES.index("prose")] > 0]
    assert anchors == [len(MENU), len(MENU) + len(FEED) + 1]
    spared = learned_drops(lines, threshold=0.01, spare_main_block=True)
    assert not set(spared) & set(range(anchors[0], anchors[-1] + 1))
    assert set(spared) <= set(learned_drops(lines, threshold=0.01))
    assert set(range(len(MENU))) <= set(spared)


def test_drop_mask_without_an_anchor_spares_the_wide_block() -> None:
    """A model file of one stage (no anchor) spares the wide main block as before."""
    lines = [*MENU, BODY, *FEED, BODY2]
    x = page_features(lines).matrix
    p = np.full(len(lines), 0.99)
    inside = x[:, NAMES.index("in_wide_block")] > 0
    assert inside.any()
    assert not (drop_mask(p, x, 0.5, 0.0) & inside).any()
    assert drop_mask(p, x, 0.5, None).all()


def test_drop_mask_far_from_the_main_text() -> None:
    """Lines far from the main text are dropped from the far threshold, lines near it
    only from the threshold, the main text never; a page without main text keeps every
    line."""
    x = np.zeros((9, len(NAMES)), dtype=np.float32)
    x[[4, 6], NAMES.index("prose")] = 1
    p = np.array([0.9, 0.9, 0.9, 0.9, 0.1, 0.99, 0.1, 0.9, 0.99])
    assert drop_mask(p, x, 0.95, 0.2).tolist() == [False] * 8 + [True]
    far = drop_mask(p, x, 0.95, 0.2, far=(0.8, 2)).tolist()
    assert far == [True, True, False, False, False, False, False, False, True]
    assert drop_mask(p, x, 0.95, 0.2, far=(0.8, 20)).tolist() == drop_mask(p, x, 0.95, 0.2).tolist()
    none = np.zeros_like(x)
    assert not drop_mask(p, none, 0.5, 0.2, far=(0.5, 0)).any()


def test_short_paragraphs_do_not_stretch_the_main_text() -> None:
    """With ``anchor_letters``, a short paragraph (a comment, a teaser of a feed) below
    the article no longer spares the widgets between them; a page whose paragraphs are
    all short keeps them all as anchors."""
    page = [
        LONG_BODY,
        LONG_BODY2,
        "发表评论",
        "文明上网，理性发言",
        "写得真好，把问题讲得清清楚楚，支持一下！",
    ]
    x = page_features(page).matrix
    assert x[:, NAMES.index("prose")].tolist() == [1, 1, 0, 0, 1]
    p = np.array([0.01, 0.01, 0.99, 0.99, 0.1])
    assert not drop_mask(p, x, 0.95, 0.5).any()
    assert drop_mask(p, x, 0.95, 0.5, anchor_letters=32).tolist() == [False, False, True, True, False]
    # a notice in short paragraphs (another kind of site): every paragraph anchors
    notice = [
        "小区明天上午停水，请各位居民提前储水。",
        "联系人：王师傅",
        "给您带来不便，敬请谅解，感谢配合！",
    ]
    xn = page_features(notice).matrix
    assert xn[:, NAMES.index("prose")].tolist() == [1, 0, 1]
    pn = np.array([0.1, 0.99, 0.1])
    assert not drop_mask(pn, xn, 0.95, 0.5, anchor_letters=32).any()
    assert learned_drops(notice, spare_main_block=True) == {}
    # anchored by every paragraph the model is sure of (from an anchor of 0.5, which the
    # shipped model may or may not have chosen), nothing goes however low the threshold
    model = replace(load_model(), anchor=0.5)
    assert learned_drops(notice, model=model, threshold=0.01, spare_main_block=True) == {}


def test_menu_words_inside_the_main_text_go_from_the_inside_threshold() -> None:
    """A line of the main text that is no paragraph and mostly lexicon terms (a
    thread's ``评论`` / ``2 举报`` between posts) goes from the inside threshold; a
    paragraph, a line of other words or a less sure line stays."""
    page = [LONG_BODY, "1周前 评论", "2 举报", "某某某", "网友评论区的发言，仅代表个人观点。", LONG_BODY2]
    x = page_features(page).matrix
    share = x[:, NAMES.index("lexicon_share")]
    assert share[1] >= 0.3 and share[2] >= 0.3 and share[3] == 0
    p = np.array([0.01, 0.99, 0.96, 0.99, 0.99, 0.01])
    assert not drop_mask(p, x, 0.95, 0.5).any()
    inside = drop_mask(p, x, 0.95, 0.5, inside=(0.97, 0.3))
    assert inside.tolist() == [False, True, False, False, False, False]


#: Lines of the main text made of lexicon words that are content (kinds of lines of
#: other sites than those the inside threshold was measured on): they stay.
INSIDE_KEPT = [
    ["文化 旅游 体育 融合发展"],
    ["时间：2023年5月1日上午9点", "地点：市民中心二楼"],
    ["数据来源：国家统计局"],
    ["服务电话：2345-6789"],
    ["姓名 | 性别 | 年龄 | 职务", "张三 | 男 | 45 | 局长"],
    ["时间 地点 主办单位 联系电话", "5月1日 市体育馆 市文化局 12345"],
    ["摄影 顾长卫"],
    ["记者手记"],
    ["政策解读"],
]


@pytest.mark.parametrize("middle", INSIDE_KEPT)
@pytest.mark.parametrize("script", ["", "s2twp"])
def test_content_of_lexicon_words_inside_the_main_text_stays(middle: list[str], script: str) -> None:
    page = [LONG_BODY, *middle, LONG_BODY2]
    if script:
        page = [normkit.convert(line, script) for line in page]
    assert learned_drops(page, spare_main_block=True) == {}


def test_anchor_letters_round_trip() -> None:
    model = replace(load_model(), anchor_letters=24, inside_threshold=0.99, inside_lexicon=0.5)
    again = LineModel.from_json(model.to_json())
    assert (again.anchor_letters, again.inside_threshold, again.inside_lexicon) == (24, 0.99, 0.5)
    plain = replace(model, anchor_letters=0, inside_threshold=0.0).to_json()
    assert "anchor_letters" not in plain and "inside_threshold" not in plain


def test_far_threshold_round_trips() -> None:
    model = replace(load_model(), far_threshold=0.9, far_distance=6)
    again = LineModel.from_json(model.to_json())
    assert (again.far_threshold, again.far_distance) == (0.9, 6)
    assert "far_threshold" not in replace(model, far_threshold=0.0).to_json()


def test_score_context_reads_the_neighbours_first_stage_scores() -> None:
    scores = np.array([6.0, 6.0, -5.0, 6.0, -5.0, 6.0], dtype=np.float32)
    m = score_context(scores)
    assert m.shape == (6, len(SCORE_NAMES))
    col = {name: m[:, j].tolist() for j, name in enumerate(SCORE_NAMES)}
    assert col["content_above"][0] == 0 and col["content_below"][0] == pytest.approx(np.log1p(2))
    assert col["content_above"][5] == pytest.approx(np.log1p(2)) and col["content_below"][5] == 0
    assert col["surest_above"][0] == 8 and col["surest_above"][3] == -5
    assert col["first_near1"][1] == pytest.approx(0.5)
    assert score_context(np.zeros(0, dtype=np.float32)).shape == (0, len(SCORE_NAMES))


def test_stacked_model_round_trips_and_explains_with_the_line_s_own_kind() -> None:
    """A model of two stages (``train(stages=2)``) reads, writes and explains itself."""
    lines = [*MENU, BODY, BODY2, *FEED]
    labels = ["boilerplate"] * len(MENU) + ["body"] * 2 + ["boilerplate"] * len(FEED)
    pages = [Page(f"p{k}_all", f"s{k}", lines[k % 3 :], labels[k % 3 :]) for k in range(8)]
    model = train(pages, threshold=0.5, anchor=0.5, stages=2)
    assert model.second is not None and model.anchor == 0.5
    assert model.second.names == NAMES + SCORE_NAMES
    again = LineModel.from_json(model.to_json())
    assert again.second is not None and again.anchor == 0.5
    x = page_features(lines).matrix
    assert np.allclose(model.page_probability(x), again.page_probability(x), atol=1e-4)
    found = learned_drops(lines, model=model, spare_main_block=True)
    assert set(found) >= set(range(len(MENU))) and not set(found) & {len(MENU), len(MENU) + 1}
    for verdict in found.values():
        assert verdict.kind in KINDS and verdict.evidence


def test_operating_point_keeps_content_before_recall() -> None:
    """The threshold is the lowest that keeps the content targets on the pages given."""
    lines = [*MENU, "短的正文", BODY, BODY2]
    labels = ["boilerplate"] * len(MENU) + ["body"] * 3
    pages = [Page(f"p{k}_all", f"s{k}", lines, labels) for k in range(3)]
    pages += [Page(f"p{k}_traf", f"s{k}", lines, labels) for k in range(3)]
    xs = [page_features(p.lines).matrix for p in pages]
    # the menu is sure boilerplate; the short body line looks like it (0.9)
    prob = np.array([0.99] * len(MENU) + [0.9, 0.1, 0.1])
    point = operating_point(pages, xs, [prob] * len(pages))
    assert 0.9 < point["threshold"] <= 0.99 and point["anchor"] > 0
    far = (point["far_threshold"], point["far_distance"]) if point.get("far_threshold") else None
    drop = drop_mask(prob, xs[0], point["threshold"], point["anchor"], far)
    assert drop.tolist() == [True] * len(MENU) + [False] * 3
    assert operating_point(pages, xs, [prob] * len(pages), 0.5, 0.2) == {"threshold": 0.5, "anchor": 0.2}
    assert folds(["b", "a", "c", "a"], 2) == [{"a", "c"}, {"b"}]


_PAGE_LINES = st.lists(
    st.sampled_from(
        [
            "首页",
            "新闻",
            "上一篇：市区道路改造",
            "2024-05-01 10:30 阅读 1234",
            "",
            "……",
            "今天，市政府召开了专题会议，研究部署了全市防汛工作。",
            "會議要求，各部門要做好準備，確保群眾生命財產安全。",
            "版权所有 © 2024 某某网 京ICP备12345678号",
            "}",
            "相关阅读",
        ]
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(_PAGE_LINES, st.data())
def test_cached_features_equal_fresh_features(page: list[str], data: st.DataObject) -> None:
    """Features of a page's lines from the cache (lines dropped) equal those computed afresh."""
    cache = FeatureCache()
    page_features(page, cache=cache)
    keep = data.draw(st.lists(st.booleans(), min_size=len(page), max_size=len(page)))
    part = [line for line, k in zip(page, keep, strict=True) if k]
    fresh = page_features(part)
    cached = page_features(part, cache=cache)
    assert fresh.block == cached.block
    assert np.array_equal(fresh.matrix, cached.matrix)


@settings(max_examples=60, deadline=None)
@given(_PAGE_LINES)
def test_shape_check_agrees_with_the_wide_block_feature(page: list[str]) -> None:
    """The cheap check that skips the classifier says yes only when no line with letters
    lies outside the wide main block."""
    if not page:
        return
    x = page_features(page).matrix
    open_ = (x[:, NAMES.index("no_letters")] == 0) & (x[:, NAMES.index("in_wide_block")] <= 0)
    assert page_shape(page).all_letters_in_wide_block() == (not open_.any())


def test_page_relative_length_and_runs_of_one_shape() -> None:
    records = ["成人票原价：30元", "备注：仅限成人", "老人票原价：25元", "备注：仅限老人"]
    f = page_features([*MENU, BODY, *records])
    k = len(MENU) + 1
    assert f.column("shape_alternates")[k : k + 4].tolist() == [0.0, 0.0, 1.0, 1.0]
    assert f.column("shape_run")[0] == pytest.approx(np.log1p(len(MENU)))  # two characters, no mark
    assert f.column("length_rank")[len(MENU)] == 1.0 and f.column("length_vs_longest")[len(MENU)] == 0.0
    assert f.column("page_prose_share")[0] == pytest.approx(1 / (len(MENU) + 5))


@settings(max_examples=60, deadline=None)
@given(_PAGE_LINES)
def test_blank_lines_and_repaired_ellipses_change_no_feature(page: list[str]) -> None:
    """What later steps change (blank lines removed, ``...`` made ``……``) leaves every
    row of the other lines as it was: a second run judges the lines alike (idempotence)."""
    page = [*page, "详情请见官网...", "", "   ", "更多内容敬请期待..."]
    shown = [line for line in page if line.strip()]
    full = page_features(page).matrix
    rows = [i for i, line in enumerate(page) if line.strip()]
    assert np.array_equal(full[rows], page_features(shown).matrix)
    repaired = [line.replace("...", "……") for line in shown]
    assert np.array_equal(page_features(shown).matrix, page_features(repaired).matrix)


def test_a_page_without_main_text_keeps_every_line() -> None:
    """No paragraph the model is sure of: a list, a table or a note is not judged."""
    for page in (
        ["價格：3,000 元", "時間 9:40:36"],
        [*MENU],
        ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"],
    ):
        assert learned_drops(page, threshold=0.01, spare_main_block=True) == {}
    assert learned_drops([*MENU, BODY], threshold=0.01, spare_main_block=True)


REALWEB = Path(__file__).resolve().parents[1].parent / "shared" / "realweb" / "raw"


@pytest.mark.slow
@pytest.mark.skipif(not REALWEB.is_dir(), reason="../shared/realweb is not there")
def test_the_default_chain_is_idempotent_on_real_pages() -> None:
    """Dropping until stable settles: a second run of the default chain changes nothing
    on the real pages (the classifier reads what later steps leave of a page alike)."""
    pipe = normkit.Pipeline()
    for path in sorted(REALWEB.glob("*_all.txt")):
        once = pipe.clean(path.read_text(encoding="utf-8"))
        assert pipe.clean(once) == once, path.name


@pytest.mark.parametrize("script", ["", "s2twp"])
def test_numbered_sequences_and_numbers_that_are_no_ordinals(script: str) -> None:
    """A table of contents, a notice's sections, references: numbered lines counting on
    (``ordinal_run``); numbers inside text, a rating, a date, a pager, a ranking's badges
    out of order are no sequence."""

    def runs(lines: list[str]) -> list[float]:
        if script:
            lines = normkit.convert("\n".join(lines), script).split("\n")
        return np.expm1(page_features(lines).column("ordinal_run")).round().tolist()  # type: ignore[no-any-return]

    assert runs(["目录", "第一章 总则", "一、适用范围", "二、基本原则", "第二章 职责"]) == [0, 0, 2, 2, 0]
    assert runs(["[1] 参见某书。", "[2] 参见另一书。", "[3] 同上。", "（完）"]) == [3, 3, 3, 0]
    assert runs(["1. 食品安全", "2. 暴雨", "说明一句", "3. 溺水"]) == [3, 3, 0, 3]
    # traps: amounts, ratings, dates, a pager, badges out of order, a sequence broken by a gap
    assert runs(["3.5亿元", "4.5亿元", "8.0", "9.2"]) == [0, 0, 0, 0]
    assert runs(["2024年5月1日", "2024年5月2日", "1 2 3 4 5 下一页"]) == [0, 0, 0]
    assert runs(["6资本动态|十只概念股涨停", "4绩优基金频频限购", "1. 甲", "5. 乙"]) == [0, 0, 0, 0]
    assert runs(["1. 甲", "a", "b", "c", "d", "e", "2. 乙"]) == [0, 0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("script", ["", "s2twp"])
def test_the_page_title_and_the_headline_under_it(script: str) -> None:
    """The first line's copy nearest above the main text is the headline; the lines above
    it are the page head. A page whose first line no line copies (an extraction of the
    article alone) has neither column; a word of the title is no copy of it."""

    def columns(lines: list[str]) -> tuple[list[float], list[bool]]:
        if script:
            lines = normkit.convert("\n".join(lines), script).split("\n")
        x = page_features(lines)
        return x.column("title_copy").tolist(), (x.column("above_headline") > 0).tolist()

    page = [
        "绥德县举行退役军人表彰大会_榆林新闻网",
        "首页",
        "新闻",
        "绥德县举行退役军人表彰大会",
        BODY,
        BODY2,
    ]
    assert columns(page) == ([0, 0, 0, 1, 0, 0], [True, True, True, False, False, False])
    # the article alone: its headline first, no copy below
    assert columns(page[3:]) == ([0, 0, 0], [False, False, False])
    # a word of the title, and a copy below the main text (a list of the site's articles)
    assert columns([page[0], "新闻", BODY, BODY2, page[3]])[0] == [0, 0, 0, 0, 0]
