"""Lines repeated across a site: keys, exact bounded counting, merging, the file format,
the drop rule (prose and headlines stay), the normaliser and ``Pipeline.process_corpus``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normkit
from normkit import Context, Document, Pipeline
from normkit.lines.repeats import (
    CountSettings,
    LineRepeats,
    RepeatCounter,
    RepeatRule,
    RepeatsFormatError,
    group_of,
    line_keys,
    reads_as_prose,
    repeated_lines,
)
from normkit.normalisers.repeated import Repeated
from strategies import texts

MENU = ["首页 | 新闻 | 体育 | 财经", "登录 注册", "扫一扫 分享到微信", "返回顶部"]
FOOTER = ["关于我们 | 联系我们 | 网站地图", "Copyright © 2024 example.com 版权所有"]
HEADLINES = [
    "城市科技节在市中心开幕",
    "东湖公园今春迎来首批游客",
    "新建地铁线路开始试运行",
    "全市中小学开展安全教育周",
    "老城区改造工程全面启动",
    "图书馆推出夜间阅读服务",
    "港口货物吞吐量再创新高",
    "社区食堂让老人吃得更放心",
]
BODY = [
    "今年的活动吸引了来自全国各地的三百多家企业参展，展品涵盖人工智能、新能源等领域。",
    "主办方介绍，活动期间还将举办二十余场论坛，邀请专家学者与市民面对面交流。",
    "据了解，该公园经过两年改造，新增步道十二公里，种植各类花木三万余株。",
    "不少市民一早就来到园内，拍照留念，感受春天的气息。",
]


def page(n: int, site: str = "news.example.com", script: str = "s") -> Document:
    """A page: menu, its headline, a feed listing the site's other articles, its body, footer."""
    feed = [HEADLINES[(n + k) % len(HEADLINES)] for k in (1, 2, 3)]
    body = [f"{BODY[(n + k) % len(BODY)][:-1]}，这是第{n}篇报道的第{k}段。" for k in range(3)]
    lines = [
        *MENU,
        HEADLINES[n % len(HEADLINES)],
        f"2024-05-{n + 1:02d} 10:0{n % 10}",
        *body,
        "相关新闻",
        *feed,
        *FOOTER,
    ]
    text = "\n".join(lines)
    if script == "t":
        text = normkit.convert(text, "s2twp")
    return Document(text, f"{site}/{n}", {"url": f"https://{site}/2024/{n}.html"})


def site(count: int = 8, name: str = "news.example.com", script: str = "s") -> list[Document]:
    return [page(n, name, script) for n in range(count)]


def exact_counts(docs: list[Document]) -> Counter[tuple[str, int]]:
    """Pages per (group, line hash), counted the slow obvious way."""
    counts: Counter[tuple[str, int]] = Counter()
    for doc in docs:
        hashes, nchars = line_keys(doc.text)
        group = group_of(doc.meta)
        for h in {int(x) for x, n in zip(hashes, nchars, strict=True) if n >= 2}:
            counts[group, h] += 1
    return counts


# ---------------------------------------------------------------------------- keys


def test_keys_fold_spaces_punctuation_width_case_and_digits() -> None:
    h, n = line_keys("首页 | 新闻\n首页｜新闻\nＡＢＣ 123\nabc-456\n\n——")
    assert h[0] == h[1] and h[2] == h[3]
    assert h[0] != h[2]
    assert n.tolist() == [4, 4, 6, 6, 0, 0]
    assert h[4] == h[5] == 0


def test_keys_align_with_split_lines() -> None:
    text = "a\n\n中文\n😀表情 x\n" + "长" * 70000
    h, n = line_keys(text)
    assert len(h) == len(n) == len(text.split("\n"))
    assert n.tolist()[:4] == [1, 0, 2, 4]
    assert line_keys("x\n" + "长" * 70000)[0][1] != line_keys("x\n" + "长" * 70001)[0][1]


def test_group_of() -> None:
    assert group_of({"url": "HTTPS://WWW.Sina.com.cn/a"}) == "www.sina.com.cn"
    assert group_of({"meta": {"url": "http://a.b/"}}) == "a.b"
    assert group_of({"url": "not a url"}) == ""
    assert group_of({"url": 3}) == ""
    assert group_of({"meta": {"site": "x"}}, "meta.site") == "x"
    assert group_of({"url": "http://a.b/"}, "site") == ""


# ---------------------------------------------------------------------------- counting


def test_counts_are_exact_per_group_and_once_per_page() -> None:
    docs = site(6) + site(3, "blog.example.org")
    docs.append(Document("返回顶部\n返回顶部\n返回顶部", meta={"url": "https://blog.example.org/x"}))
    counter = RepeatCounter()
    for doc in docs:
        counter.add(doc.text, doc.meta)
    repeats = counter.finish()
    want = exact_counts(docs)
    assert repeats.group_pages("news.example.com") == 6
    assert repeats.group_pages("blog.example.org") == 4
    for (group, h), pages in want.items():
        got = int(repeats.line_pages(np.array([h], dtype=np.uint64), group)[0])
        assert got == (pages if pages >= 2 else 0)
    assert len(repeats) == sum(1 for v in want.values() if v >= 2) + 2  # + two groups' page counts


def test_small_memory_spills_and_counts_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from normkit.lines import repeats as module

    monkeypatch.setattr(module, "_BATCH_PAGES", 3)  # pages are hashed 3 at a time
    docs = site(8) * 40  # 320 pages
    big = RepeatCounter()
    small = RepeatCounter(memory_mb=1, spill_dir=tmp_path)
    small.memory = 8 * 1024  # a few hundred keys: many runs and many key ranges
    for doc in docs:
        big.add(doc.text, doc.meta)
        small.add(doc.text, doc.meta)
    assert len(small.runs) > 10
    assert small.finish() == big.finish()
    assert small.finish(tmp_path / "c.nkr") == big.finish()
    small.close()
    assert not list(tmp_path.glob("*.run"))


def test_merged_counts_equal_single_pass(tmp_path: Path) -> None:
    docs = site(8) + site(5, "b.example.org", "t")
    single = RepeatCounter()
    parts = [RepeatCounter(spill_dir=tmp_path / str(k)) for k in range(3)]
    for i, doc in enumerate(docs):
        single.add(doc.text, doc.meta)
        parts[i % 3].add(doc.text, doc.meta)
    parts[0].spill()  # one on disk, the others in memory
    merged = parts[0] + parts[1] + parts[2]
    assert merged.pages == single.pages == len(docs)
    assert merged.finish() == single.finish()
    # as workers do: runs handed over by path
    for p in parts:
        p.spill()
    runs = [r for p in parts for r in p.runs]
    again = RepeatCounter.from_runs(runs, CountSettings(), pages=len(docs))
    assert again.finish() == single.finish()


def test_adding_counts_of_other_settings_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot add"):
        _ = RepeatCounter() + RepeatCounter(CountSettings("site"))


# ---------------------------------------------------------------------------- the file


def test_file_round_trip_and_damage(tmp_path: Path) -> None:
    counter = RepeatCounter(CountSettings("meta.site", 3))
    for doc in site(4):
        counter.add(doc.text, {"meta": {"site": "s"}})
    path = tmp_path / "counts.nkr"
    repeats = counter.finish(path)
    loaded = LineRepeats.load(path)
    assert loaded == repeats and loaded.settings == CountSettings("meta.site", 3)
    assert loaded.pages == 4 and loaded.group_pages("s") == 4
    assert path.read_bytes().startswith(b"NKREPEATS\n{")
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    (tmp_path / "bad.nkr").write_bytes(bytes(data))
    with pytest.raises(RepeatsFormatError, match="checksum"):
        LineRepeats.load(tmp_path / "bad.nkr")
    (tmp_path / "short.nkr").write_bytes(bytes(data[:-5]))
    with pytest.raises(RepeatsFormatError, match="truncated"):
        LineRepeats.load(tmp_path / "short.nkr")
    (tmp_path / "other.nkr").write_bytes(b"\x80\x04pickle")
    with pytest.raises(RepeatsFormatError, match="not a normkit counts file"):
        LineRepeats.load(tmp_path / "other.nkr")


# ---------------------------------------------------------------------------- the rule


def counted(docs: list[Document]) -> LineRepeats:
    counter = RepeatCounter()
    for doc in docs:
        counter.add(doc.text, doc.meta)
    return counter.finish()


@pytest.mark.parametrize("script", ["s", "t"])
def test_furniture_dropped_prose_and_own_headline_kept(script: str) -> None:
    docs = site(8, script=script)
    repeats = counted(docs)
    for n, doc in enumerate(docs):
        lines = doc.text.split("\n")
        drops = repeated_lines(lines, repeats, "news.example.com")
        kept = [line for i, line in enumerate(lines) if i not in drops]
        headline = lines[len(MENU)]
        assert headline in kept, (n, headline)
        for line in lines[len(MENU) + 2 : len(MENU) + 5]:  # the body
            assert line in kept
        for line in [*MENU, *FOOTER, "相关新闻" if script == "s" else "相關新聞"]:
            assert line not in kept, (n, line)
        # the feed lists other articles' headlines: those go
        feed = lines[len(MENU) + 6 : len(MENU) + 9]
        assert not set(feed) & set(kept)
        assert set(drops.values()) == {"boilerplate.repeated"}


def test_quoted_sentences_are_never_dropped() -> None:
    quote = "他说：“绿水青山就是金山银山。”"
    notice = "本网站所刊登的各种新闻、信息和各种专题专栏资料，均为本网版权所有，未经协议授权禁止转载。"
    docs = [
        Document(f"{quote}\n{notice}\n菜单 首页\n{HEADLINES[n]}", meta={"url": "http://q.cn/"})
        for n in range(5)
    ]
    repeats = counted(docs)
    drops = repeated_lines(docs[0].text.split("\n"), repeats, "q.cn")
    assert drops == {2: "boilerplate.repeated"}
    assert reads_as_prose(notice) and not reads_as_prose("菜单 首页")


def test_threshold_scales_with_the_group() -> None:
    rule = RepeatRule()
    assert [rule.threshold(n) for n in (1, 2, 3, 4, 5, 100, 101, 10_000)] == [2, 2, 2, 2, 3, 10, 11, 100]
    # a line on 3 of 100 pages stays; on 10 of 100 it goes
    docs = [
        Document(f"热门{'甲' if n < 3 else '乙' if n < 13 else '丙' + str(n)}榜单\n第{n}篇", meta={})
        for n in range(100)
    ]
    repeats = counted(docs)
    assert repeated_lines(["热门甲榜单", "x"], repeats, "") == {}
    assert repeated_lines(["热门乙榜单", "x"], repeats, "") == {0: "boilerplate.repeated"}


def test_a_single_page_group_drops_nothing() -> None:
    repeats = counted([page(0), page(0, "other.cn")])
    assert repeated_lines(page(0).text.split("\n"), repeats, "news.example.com") == {}


def test_section_headings_inside_the_text_stay() -> None:
    docs = []
    for n in range(6):
        docs.append(
            Document(
                f"网站首页 政务公开\n关于{HEADLINES[n][:6]}工作的通知\n各单位：为做好第{n}项工作，现将有关事项通知如下。\n"
                f"一、总体要求\n坚持问题导向，第{n}批任务按期完成，确保取得实效。\n二、工作措施\n"
                f"加强组织领导，落实第{n}项责任，确保各项任务落到实处。\n联系我们 网站地图",
                meta={"url": "http://gov.example.cn/x"},
            )
        )
    repeats = counted(docs)
    lines = docs[0].text.split("\n")
    drops = repeated_lines(lines, repeats, "gov.example.cn")
    assert sorted(lines[i] for i in drops) == ["网站首页 政务公开", "联系我们 网站地图"]


# ---------------------------------------------------------------------------- normaliser


def test_normaliser_without_counts_changes_nothing() -> None:
    text = page(1).text
    assert Repeated().normalise(text, Context(meta=page(1).meta)) is text


def test_normaliser_reads_a_counts_file(tmp_path: Path) -> None:
    path = tmp_path / "c.nkr"
    RepeatCounter().finish(path)  # empty
    docs = site(5)
    counter = RepeatCounter()
    for doc in docs:
        counter.add(doc.text, doc.meta)
    counter.finish(path)
    pipe = Pipeline(steps=["boilerplate.repeated"], options={"boilerplate.repeated": {"counts": str(path)}})
    result = pipe.process(docs[2])
    assert [d.reason for d in result.dropped] == ["boilerplate.repeated"] * (
        len(MENU) + len(FOOTER) + 1 + 1 + 3
    )  # menu, footer, heading, date, feed
    assert "返回顶部" not in result.text and HEADLINES[2] in result.text


def test_bad_options_are_refused() -> None:
    with pytest.raises(normkit.OptionError):
        Pipeline(steps=["boilerplate.repeated"], options={"boilerplate.repeated": {"min_pages": 1}})


REPEATS = counted(site(8) + [Document(t, meta={}) for t in ("首页\n甲", "首页\n乙", "首页\n丙")])


@settings(max_examples=60, deadline=None)
@given(text=texts)
def test_idempotent_and_total_with_counts(text: str) -> None:
    step = Repeated().use(REPEATS)
    for meta in ({}, {"url": "https://news.example.com/z"}):
        once = step.normalise(text, Context(meta=meta))
        assert step.normalise(once, Context(meta=meta)) == once


def test_idempotent_on_site_pages() -> None:
    step = Repeated().use(REPEATS)
    for doc in site(8):
        once = step.normalise(doc.text, Context(meta=doc.meta))
        assert once != doc.text
        assert step.normalise(once, Context(meta=doc.meta)) == once


# ---------------------------------------------------------------------------- process_corpus


def test_process_corpus_list_and_generator_agree_in_order(tmp_path: Path) -> None:
    docs = site(8) + site(4, "b.example.org", "t")
    pipe = Pipeline()
    from_list = list(pipe.process_corpus(docs))
    from_gen = list(pipe.process_corpus(iter(docs), spill_dir=str(tmp_path), memory_mb=1))
    assert [r.document.id for r in from_list] == [d.id for d in docs]
    assert [r.text for r in from_list] == [r.text for r in from_gen]
    assert not list(tmp_path.iterdir())
    dropped = [d for r in from_list for d in r.dropped if d.reason == "boilerplate.repeated"]
    assert len(dropped) >= 8 * len(MENU)
    # the pipeline is left as it was
    assert pipe.process(docs[0]).text == Pipeline().process(docs[0]).text


def test_process_corpus_with_given_counts_and_without_the_step() -> None:
    docs = site(5)
    repeats = counted(docs)
    pipe = Pipeline(steps=["boilerplate.repeated"])
    given_counts = [r.text for r in pipe.process_corpus(docs, repeats=repeats)]
    assert given_counts == [r.text for r in pipe.process_corpus(docs)]
    plain = Pipeline(steps=["layout.whitespace"])
    assert [r.text for r in plain.process_corpus(docs)] == [r.text for r in plain.process_many(docs)]


def test_huge_texts_hash_lines_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from normkit.lines import repeats_keys as module

    text = "首页 | 新闻\n正文一段\n\n返回顶部 ok\n" * 5
    small = line_keys(text)
    monkeypatch.setattr(module, "_POW_TABLE", 8)  # every text is "huge" now
    huge = line_keys(text)
    assert np.array_equal(small[0], huge[0]) and np.array_equal(small[1], huge[1])


def forum(n: int, titles: list[str], script: str = "s") -> Document:
    """A forum thread page: <title> line, menu, its question, a form heading, the post, and
    the next thread's question under 相关问题."""
    title, other = titles[n], titles[(n + 1) % len(titles)]
    text = "\n".join(
        [
            title,
            "首页 板块 导航页",
            "登录注册",
            title,
            "问题描述",
            f"我在第{n}个项目里遇到了{HEADLINES[n][:5]}的问题，按照文档配置以后仍然无法启动服务。",
            "相关问题",
            other,
            "关于我们 联系我们",
        ]
    )
    if script == "t":
        text = normkit.convert(text, "s2twp")
    return Document(text, str(n), {"url": f"https://bbs.example.net/t/{n}"})


@pytest.mark.parametrize("script", ["s", "t"])
def test_a_title_that_is_the_headline_and_a_form_heading_stay(script: str) -> None:
    """Each thread's question is also listed under 相关问题 on another thread: on its own page
    it is the title and the headline (kept, even ending in ？); the heading 问题描述 above the
    post is on every page (kept: a paragraph of this page only follows it)."""
    titles = [f"{h}怎么办？" for h in HEADLINES[:4]]
    docs = [forum(n, titles, script) for n in range(4)]
    repeats = counted(docs)
    for doc in docs:
        lines = doc.text.split("\n")
        drops = repeated_lines(lines, repeats, "bbs.example.net")
        assert sorted(drops) == [1, 2, 6, 7, 8], [lines[i] for i in drops]


def test_a_short_line_above_a_repeated_paragraph_is_not_a_heading() -> None:
    notice = "本站所有内容均由用户发布，仅代表作者本人观点，不代表本站立场。"
    docs = [Document(f"{HEADLINES[n]}\n免责声明\n{notice}\n{BODY[n % 4]}", meta={}) for n in range(4)]
    repeats = counted(docs)
    assert repeated_lines(docs[0].text.split("\n"), repeats, "") == {1: "boilerplate.repeated"}


def test_the_docs_section_examples_run() -> None:
    """The examples of the section on repeated lines in docs/normalisers/boilerplate.md."""
    import doctest

    page = (Path(__file__).resolve().parent.parent / "docs" / "normalisers" / "boilerplate.md").read_text(
        encoding="utf-8"
    )
    section = page[page.index("## Lines repeated across a site") :]
    test = doctest.DocTestParser().get_doctest(section, {}, "boilerplate.md", None, 0)
    assert test.examples
    result = doctest.DocTestRunner().run(test)
    assert result.failed == 0


HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.text(alphabet=HAN, min_size=2, max_size=8), min_size=3, max_size=12),
    marks=st.lists(st.sampled_from(["，", "、", "", "；"]), min_size=12, max_size=12),
    end=st.sampled_from(["。", "！", "？", "。”"]),
)
def test_prose_on_every_page_is_never_dropped(words: list[str], marks: list[str], end: str) -> None:
    sentence = "".join(w + m for w, m in zip(words, marks, strict=False)) + end
    docs = [Document(f"首页 新闻\n{sentence}\n{HEADLINES[n]}", meta={}) for n in range(5)]
    repeats = counted(docs)
    drops = repeated_lines(docs[0].text.split("\n"), repeats, "")
    assert 0 in drops
    assert (1 in drops) == (not reads_as_prose(sentence))
    if sum(map(len, words)) >= 10 and end.startswith("。"):  # ten Han and a full stop: prose
        assert 1 not in drops


def test_process_corpus_explains_and_groups_by_a_field() -> None:
    docs = [Document(d.text, d.id, {"meta": {"site": "s"}}) for d in site(4)]
    pipe = Pipeline(steps=["boilerplate.repeated"])
    by_url = list(pipe.process_corpus(docs))  # no url: the whole input is one group
    by_field = list(pipe.process_corpus(docs, explain=True, group_field="meta.site"))
    assert [r.text for r in by_url] == [r.text for r in by_field]
    assert by_field[0].changes and all(c.reason == "boilerplate.repeated" for c in by_field[0].changes)


def test_pathological_pages_with_counts() -> None:
    """Inputs built to hurt, each on every page of its group: judged, and a second pass
    changes nothing."""
    from normkit.testing import pathological_inputs

    inputs = pathological_inputs(20_000)
    counter = RepeatCounter()
    for n in range(3):
        for text in inputs.values():
            counter.add_text(text + f"\n{HEADLINES[n]}", "")
    repeats = counter.finish()
    rule = RepeatRule(2, 0.0)  # on two pages: every line of these inputs is a candidate
    step = Repeated(growth=0.0).use(repeats)
    dropped = 0
    for text in inputs.values():
        once = repeated_lines((text + "\n末行").split("\n"), repeats, "", rule)
        dropped += len(once)
        out = step.normalise(text, Context(meta={}))
        assert step.normalise(out, Context(meta={})) == out
    assert dropped > 6_000  # the 6,667 lines of 首页
