"""Boilerplate lines of Chinese web pages: navigation, metadata, credits, footers (stage ``structure``).

A text extractor leaves the page around the article in the text. ``boilerplate.lines``
finds those lines and drops them, each with a reason code ``boilerplate.KIND``.

How a line is judged:

1. **Strong** signals drop a line wherever it stands: a breadcrumb, a ``发布时间:`` line, a
   credit standing alone, a licence number, a symbol-only line.
2. The **body** is the run from the first to the last paragraph-like line that is not a
   candidate. Lines before it are the page head, lines after it the page tail.
3. **Weak** signals (a lone date, ``地址:``, a run of short truncated headlines, a
   ``- title`` list) drop a line only in the head or the tail, never between paragraphs:
   a short line between body paragraphs is body. When in doubt, the line stays.

Simplified and traditional lines are compared to the same lexicon after folding (see
:mod:`normkit.normalisers._lexicon`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import regex

from .._context import Context
from .._normaliser import SAFE_PROFILES, LineFilter
from .._stage import Stage
from ..hookspecs import hookimpl
from ..lines.features import FeatureCache, within, zones
from ..lines.model import LineModel, load_model, read_model
from ..lines.verdict import learned_drops
from ._lexicon import Lexicon, build_lexicon, fold_codes, load_lexicon, trie_pattern

#: The classifier's probability threshold in the default profiles (0: the model's own,
#: chosen with sites held out when it was trained).
DEFAULT_THRESHOLD = 0.0

__all__ = ["KINDS", "Boilerplate", "BoilerplateOptions", "LexiconCache", "Lines", "zones"]

#: The kinds of boilerplate, each dropped with the reason ``boilerplate.KIND``.
KINDS = (
    "navigation",
    "metadata",
    "credit",
    "copyright",
    "footer",
    "related",
    "sidebar",
    "symbols",
    "template_title",
)

# ---------------------------------------------------------------------------- line shapes

#: Lines longer than this are never boilerplate candidates (folding them is wasted work).
MAX_CANDIDATE = 400
#: Classification passes at most (each drops at least one line or ends the loop).
_MAX_PASSES = 8
#: Page-template titles are looked for among this many lines at the top of the head.
_TEMPLATE_WINDOW = 12

#: Not a Han character (CJK unified ideographs, extensions, compatibility, 々〇) nor a newline.
_NOT_HAN = re.compile("[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3005\u3007\n]+")
#: The code point spans of :data:`_NOT_HAN`'s Han characters (besides 々 and 〇).
_HAN_SPANS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
#: Words without which a long paragraph-like line cannot be boilerplate (both scripts).
_LONG_LINE_HINT = re.compile(
    trie_pattern(
        [
            "版",
            "權",
            "权",
            "icp",
            "ICP",
            "備",
            "备",
            "许可",
            "許可",
            "声明",
            "聲明",
            "©",
            "opyright",
            "OPYRIGHT",
            "位置",
            "转载",
            "轉載",
            "追究",
            "侵权",
            "侵權",
            "时间",
            "時間",
            "来源",
            "來源",
            "日期",
            "字体",
            "字體",
            "打印",
            "主办",
            "主辦",
            "阅读",
            "閱讀",
            "浏览",
            "瀏覽",
            "点击",
            "點擊",
            "标签",
            "標籤",
            ">",
            "»",
            "›",
            "→",
        ]
    )
)
#: The words of :data:`_LONG_LINE_HINT` of notices, which may be long sentences.
_NOTICE_HINT = re.compile(
    trie_pattern(
        ["版", "權", "权", "icp", "ICP", "備", "备", "许可", "許可", "声明", "聲明", "©", "opyright",
         "OPYRIGHT", "位置", "转载", "轉載", "追究", "侵权", "侵權"]
    )
)  # fmt: skip
#: Ellipses in any spelling (``...``, ``。。。``, ``⋯``), with the ``…`` around them.
_ELLIPSES = re.compile(r"[,，、;；]*…*(?:\.{3,}|。{3,}|⋯+)[…⋯.。]*")
_CLAUSE_PUNCT = re.compile(r"[。，,！？!?；;、]")
_SENTENCE_PUNCT = re.compile(r"[。；;]|[!?！？](?=.)")
_COMMA = re.compile(r"[,，]")
BULLET = regex.compile(r"^(?:[-–—*+][ \t]++|[·•●◆◇▪■□○►▶▸※][ \t]*+)")
#: The characters a :data:`BULLET` starts with.
BULLET_FIRST = frozenset("-–—*+·•●◆◇▪■□○►▶▸※")


@dataclass(frozen=True, slots=True)
class Lines:
    """The stripped lines of a text, folded (see :func:`~normkit.normalisers._lexicon.fold`), with their shapes.

    ``folded[i]`` is ``""`` for a line longer than :data:`MAX_CANDIDATE`: it is never
    boilerplate. ``han[i]`` counts Han characters; ``body[i]`` says whether the line reads
    like a paragraph (twelve Han characters and clause punctuation, or fifty Han characters).
    """

    stripped: list[str]
    folded: list[str]
    han: list[int]
    body: list[bool]
    #: Whether a folded line reads like a title (any length); shared by :meth:`take`.
    _titles: dict[str, bool] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, raw: Sequence[str], codes: npt.NDArray[np.uint32] | None = None) -> Lines:
        """The shapes of ``raw``; ``codes`` are the code points of ``"\\n".join(raw)`` if known."""
        if codes is None:
            codes = np.frombuffer("\n".join(raw).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        stripped = [line.strip() for line in raw]
        text = fold_codes(codes)
        if "。。。" in text or "..." in text or "⋯" in text:
            # Judge an ellipsis as ``punctuation.ellipsis`` will write it (idempotence).
            text = _ELLIPSES.sub("……", text)
            codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        folded = [
            f.strip() if within(s, MAX_CANDIDATE) else ""
            for f, s in zip(text.split("\n"), stripped, strict=True)
        ]
        han, punct = per_line(codes, _char_classes()[codes])
        likely = (han >= 50) | ((han >= 12) & (punct > 0))
        body = likely.tolist()
        for i in np.flatnonzero(likely).tolist():
            s = stripped[i]
            if s[:1] in BULLET_FIRST and _listed_title(s):
                body[i] = False
        return cls(stripped, folded, han.tolist(), body)

    @classmethod
    def shared(cls, lines: list[str], ctx: Context) -> Lines:
        """The shapes of ``lines``, computed once for all line filters while the text is unchanged."""
        return ctx.shared("boilerplate.Lines", "\n".join(lines), lambda a: cls.of(lines, a.codes))

    def take(self, indices: Sequence[int]) -> Lines:
        """The lines at ``indices``, in order (shapes are per line, so they carry over)."""
        return Lines(
            [self.stripped[k] for k in indices],
            [self.folded[k] for k in indices],
            [self.han[k] for k in indices],
            [self.body[k] for k in indices],
            self._titles,
        )

    def __len__(self) -> int:
        return len(self.stripped)

    def title_like(self, i: int, max_len: int = 60) -> bool:
        """A short line without sentence punctuation: a headline or a list item."""
        f = self.folded[i]
        if not f or not within(f, max_len):
            return False
        title = self._titles.get(f)
        if title is None:
            title = self._titles[f] = not (
                f.endswith(":") or _SENTENCE_PUNCT.search(f) or len(_COMMA.findall(f)) > 1
            )
        return title

    def bulleted(self, i: int) -> bool:
        s = self.stripped[i]
        return s[:1] in BULLET_FIRST and BULLET.match(s) is not None


#: Bits of :func:`_char_classes`: a Han character (as :data:`_NOT_HAN` counts them), a
#: mark of :data:`_CLAUSE_PUNCT`.
_HAN_BIT, _CLAUSE_BIT = 1, 2


@functools.cache
def _char_classes() -> npt.NDArray[np.uint8]:
    """The class bits of every code point, as an array indexed by code point."""
    table = np.zeros(0x110000, dtype=np.uint8)
    for lo, hi in _HAN_SPANS:
        table[lo : hi + 1] = _HAN_BIT
    table[[0x3005, 0x3007]] = _HAN_BIT
    table[[ord(c) for c in "。，,！？!?；;、"]] = _CLAUSE_BIT
    return table


def per_line(
    codes: npt.NDArray[np.uint32], classes: npt.NDArray[np.uint8]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """How many Han characters and clause marks each ``\\n`` line holds, from the class bits."""
    breaks = np.flatnonzero(codes == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(codes)]))
    counts = []
    for bit in (_HAN_BIT, _CLAUSE_BIT):
        totals = np.concatenate(([0], np.cumsum(classes & bit, dtype=np.int64)))
        counts.append(totals[ends] - totals[starts])
    return counts[0], counts[1]


def _listed_title(s: str) -> bool:
    """``- 标题，副标题``: a bulleted title is a list item, not a paragraph of the body."""
    return within(s, 80) and BULLET.match(s) is not None and _SENTENCE_PUNCT.search(s) is None


def until_stable(
    lines: Lines,
    classify_once: Callable[[Lines], Mapping[int, str]],
    keep: frozenset[int] = frozenset(),
) -> dict[int, str]:
    """Classify, drop, and classify what is left until nothing more goes.

    Dropping lines changes the neighbours and the zones of the others; repeating until
    stable is what makes dropping idempotent. Indices are those of ``lines``; lines at
    ``keep`` (code) are never dropped.
    """
    found: dict[int, str] = {}
    kept = list(range(len(lines)))
    for _ in range(_MAX_PASSES):
        if not kept:
            break
        new = classify_once(lines if len(kept) == len(lines) else lines.take(kept))
        if keep:
            new = {i: reason for i, reason in new.items() if kept[i] not in keep}
        if not new:
            break
        for index, reason in new.items():
            found[kept[index]] = reason
        kept = [k for k in kept if k not in found]
    return found


_LINE_END = re.compile(r"\r\n?")
_FENCE = ("```", "~~~")


def code_lines(lines: Sequence[str], ctx: Context) -> frozenset[int]:
    """The lines inside a block of program code (:attr:`normkit.tokens.Analysis.code_lines`)
    and the fences around it: line filters leave them alone (``}``, ``]``, ``\"\"\"``).

    >>> sorted(code_lines(["正文。", "```c", "int main(void) {", "    return 0;", "}", "```", "正文。"], Context()))
    [1, 2, 3, 4, 5]
    """
    code = ctx.analysis("\n".join(lines)).code_lines
    if not code:
        return code
    fences = {
        j
        for i in code
        for j in (i - 1, i + 1)
        if 0 <= j < len(lines) and j not in code and lines[j].lstrip().startswith(_FENCE)
    }
    return code | fences


def drop_or_label(step: LineFilter, text: str, ctx: Context, label_only: bool) -> str:
    """Drop the lines ``step.classify`` finds, or with ``label_only`` record them in
    ``ctx.annotations["line_labels"]`` (line number from 1 -> reason) and keep the text.

    Lines end at ``\n``, ``\r\n`` or ``\r``: a text with carriage returns has them
    unified first (``layout.whitespace`` would do it later; a line it would split must be
    judged as two lines now, or a second run would drop more).
    """
    unified = _LINE_END.sub("\n", text) if "\r" in text else text
    if not label_only:
        return LineFilter.normalise(step, unified, ctx)
    labels = step.classify(ctx.analysis(unified).lines, ctx)
    if labels:
        record = ctx.annotations.setdefault("line_labels", {})
        for index, reason in sorted(labels.items()):
            record.setdefault(index + 1, reason)
    return text


class LexiconCache:
    """The lexicon of a normaliser, rebuilt when the plugin registry is reloaded."""

    def __init__(self) -> None:
        self._key: object = None
        self._lexicon: Lexicon | None = None

    def get(self, lexicon_file: str, use_plugins: bool) -> Lexicon:
        key: object = None
        if use_plugins:
            from .._registry import get_registry

            key = get_registry()
        if self._lexicon is None or key is not self._key:
            self._lexicon = build_lexicon(lexicon_file, use_plugins)
            self._key = key
        return self._lexicon


# ---------------------------------------------------------------------------- patterns

_SYMBOLS_ONLY = regex.compile(r"^[^\p{L}\p{N}]++$")
_OMISSION = regex.compile(r"^[\s.。·…⋯]*+(?:…|⋯|\.\.\.)[\s.。·…⋯]*+$|^[\s!?！？…]++$")

_POSITION = regex.compile(
    r"^[【\[(]?\s*(?:(?:您|你)(?:现在|当前|目前)?|现在|当前|目前|所在)(?:的|所在的?)?位置(?:是|在)?\s*[:>》]"
)
#: Four or more short word items between explicit separators, no digits: a menu bar.
_NAV_BAR = regex.compile(r"[\p{Han}a-z]{1,8}+(?:\s*[|丨·•/]\s*[\p{Han}a-z]{1,8}+){3,}")
#: Calls to action of sites and social accounts; words that prose does not use this way.
_CALL_TO_ACTION = regex.compile(
    r"点击上方|关注我们|长按识别|长按二维码|扫码关注|扫一扫|点个在看|点亮在看|分享让更多人看到"
    r"|返回搜狐|查看更多|返回首页|返回顶部|设为首页|加入收藏|点击进入|点击查看|进入专题|阅读原文"
    r"|尽在.{0,12}?(?:app|客户端)|下载.{0,12}?(?:app|客户端)|粉丝团|粉丝专页|点击下一页|继续阅读"
)
_END_MARK = regex.compile(r"^[\s\-—=*·(\[【〔]*+(?:完|全文完|end|the end)[\s\-—=*·)\]】〕]*+$")
_NAV_BAR_SEP = regex.compile(r"[|丨/·•]")
#: Page numbers: ``1 2 3 4 5 ... 下一页`` without the words, or ``< 1 2 3 >``.
_PAGE_WORDS = r"(?:上一页|下一页|首页|尾页|末页|上页|下页|[<>«»|.…\-\[\]\s])*+"
_PAGINATION = regex.compile(rf"^(?:{_PAGE_WORDS}\d++){{3,}}{_PAGE_WORDS}$")
_NAV_SOLO = frozenset(
    {"首页", "主页", "更多", "正文", "登录", "注册", "退出", "回复", "举报", "分享", "点赞", "收藏"}
)
_CRUMB_SEP = regex.compile(r"\s*(?:>>|>|»|›|→)\s*")
_NAV_SPLIT = regex.compile(r"\s*[|丨/·•]\s*|\s+")
_NAV_STRIP = regex.compile(r"^[\[【(《\s]+|[\]】)》\s]+$")

_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_DATE_ONLY = regex.compile(rf"^[【\[(]?{_DATE}(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s*{_TIME})?[】\])]?$")
_DATE_TIME = regex.compile(rf"{_DATE}\s*{_TIME}")
_TOOLS = regex.compile(
    r"[【\[](?:打印|关闭|关闭窗口|打印本页|打印此文|打印文章|收藏|收藏本页|加入收藏|字体|字号"
    r"|大|中|小|返回顶部|我要评论|纠错|我要纠错|分享)\s*[】\]]|字体\s*:|字号\s*:|^[大中小]字号$"
)
_COUNT = regex.compile(
    r"(?:阅读|浏览|点击|访问|查看|人气|评论|点赞|收藏|转发)(?:量|数|次数)?\s*[:(]?\s*\d+"
    r"|\d+\s*(?:人|次)?(?:阅读|浏览|看过|围观|点赞)"
)
_FIELD = regex.compile(r"^[【\[(]?\s*(\p{Han}{2,8})\s*:")
_LABEL_COLON = r"(?:^|(?<=[\s【\[(|]))(?:{terms})\s*(?:单位)?\s*:"

_COPYRIGHT_EXTRA = (
    ("©", regex.compile(r"©|\(c\)\s*\d{4}")),
    (
        "prohibit",
        regex.compile(
            r"(?:不得|禁止|严禁|请勿|谢绝|不可)(?:擅自|任意|私自|任何)?(?:转载|复制|摘编|镜像|转贴)"
        ),
    ),
    ("unauthorised", regex.compile(r"未经.{0,20}?(?:授权|许可|同意)")),
    ("liability", regex.compile(r"追究.{0,6}?法律责任")),
)
#: Words without one of which a pattern of ``_COPYRIGHT_EXTRA`` cannot match.
_COPYRIGHT_EXTRA_WORDS = {
    "©": ("©", "(c)"),
    "prohibit": ("不得", "禁止", "严禁", "请勿", "谢绝", "不可"),
    "unauthorised": ("未经",),
    "liability": ("追究",),
}
#: Any word of :data:`_COPYRIGHT_EXTRA_WORDS`: most lines have none, and need no more checks.
_COPYRIGHT_EXTRA_ANY = re.compile(trie_pattern(w for words in _COPYRIGHT_EXTRA_WORDS.values() for w in words))
_COPYRIGHT_LEAD = regex.compile(
    r"^[【\[(]?\s*(?:版权所有|版权声明|免责声明|著作权声明|法律声明|特别声明|郑重声明|平台声明|网站声明"
    r"|本站声明|本网声明|copyright|©)"
)
#: ``新浪声明：…`` leads a notice only with a notice's words in it (not ``联合声明：``).
_ANY_DECLARATION = regex.compile(r"^[【\[(]?\s*\p{Han}{0,4}声明\s*[:】\])]")
_NOTICE_SUBJECT = regex.compile(
    r"本(?:网|站|报|刊|平台|号|文|公众号|栏目|台|网站)|作者|原创|出处|©|copyright|版权所有|侵权.{0,6}删除|联系删除"
)
_REGISTRATION = regex.compile(
    r"icp\s*[备证]|icp\s*:?\s*\d{6,}|[\p{Han}]icp|网安备|公安备案|"
    r"(?:增值电信业务|互联网新闻信息服务|信息网络传播视听节目|网络文化经营|广播电视节目制作经营"
    r"|出版物经营|互联网药品信息服务)许可证"
)


_LONG_NUMBER = re.compile(r"\d{5,}")


def _maybe_registration(f: str) -> bool:
    """Whether ``f`` has a word every match of ``_REGISTRATION`` has."""
    return "icp" in f or "网安备" in f or "公安备案" in f or "许可证" in f


_EMAIL_ONLY = regex.compile(r"^(?:e-?mail|邮箱|电子邮箱)?\s*:?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_PHONE_ONLY = regex.compile(r"^(?:电话|tel|手机|热线|传真|fax)?\s*:?\s*\+?[\d\-() ]{7,}$")

#: Credit roles that also name the crew of a film or show; alone they are not sure signs.
_PRODUCTION_ROLES = frozenset(
    {"策划", "统筹", "监制", "制片人", "出品人", "设计", "剪辑", "视频", "摄像", "摄影", "制图", "整理",
     "编译", "撰稿", "撰文", "主编", "文", "图"}
)  # fmt: skip
_PINYIN_GLOSS = regex.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]+\)")
_CREDIT_SPLIT = regex.compile(r"[\s:/|,、;]+")
_WRAPPED = regex.compile(r"^[(\[【].*[)\]】]$")
_NAME = regex.compile(r"^(?:\p{Han}{2,4}|\p{Han}{1,6}·\p{Han}{1,6})$")

_PREV_NEXT = regex.compile(
    r"^[【\[(]?\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上一篇文章|下一篇文章|前一篇|后一篇"
    r"|上一首|下一首|上一章|下一章|上一节|下一节|上一集|下一集)"
    r"\s*[】\])]?\s*(?::|$|\s)"
)
_TRIGGER_STRIP = regex.compile(r"^[\s\[【(《<>»›|\-=_*#·•]+|[\s\]】)》<>»›|:\-=_*#·•>]+$")
_LIST_MARK = regex.compile(
    r"(?:…|⋯|\.{2,})$|\d{1,2}[-/.]\d{1,2}$|[(\[]\d{1,2}[-/.]\d{1,2}[)\]]$"
    r"|^[【\[][^】\]]{1,6}[】\]]"
)
_SITE_TITLE = regex.compile(r"^(.{4,}?)(?:\s*+[_|]\s*+|\s++[-–—]\s++)([^_|]{2,24})$")
_SITE_WORD = regex.compile(
    r"(?:网|网站|新闻网|频道|门户|在线|日报|晚报|时报|商报|早报|报|电视台|客户端|官网|\.com|\.cn|\.net)$"
)


#: How sure a candidate is: dropped anywhere, only in the page head or tail, only in the head.
STRONG, WEAK, HEAD = "strong", "weak", "head"
#: A menu bar (with a known menu word): weak (strong), unless it is a table row.
MENU, MENU_NAMED = "menu", "menu-named"
#: Contact lines: weak, and only beside another boilerplate line (footers come in blocks).
CLUSTER = "cluster"
Candidate = tuple[str, str]

#: What a line needs besides a lexicon term to be a candidate at all (see ``_judge``):
#: separators, digits (dates, page and phone numbers), marks, and these words.
_SIGNAL_CHARS = re.compile(r"[>»›→|丨/·•:@©\d]")
_SIGNAL_WORDS = (
    "位置", "声明", "icp", "网安备", "公安备案", "许可证", "不得", "禁止", "严禁", "请勿", "谢绝", "不可",
    "未经", "追究", "上一", "下一", "前一", "后一", "完", "end", "打印", "关闭", "首页", "点击", "关注",
    "长按", "扫码", "扫一扫", "在看", "分享", "返回", "查看更多", "收藏", "进入专题", "阅读原文", "尽在",
    "下载", "粉丝",
)  # fmt: skip

# ---------------------------------------------------------------------------- options


@dataclasses.dataclass(frozen=True)
class BoilerplateOptions:
    #: The kinds of boilerplate to drop (or label); see :data:`KINDS`.
    kinds: frozenset[str] = frozenset(KINDS)
    #: Only record line labels in ``annotations["line_labels"]``; drop nothing.
    label_only: bool = False
    #: A TOML or JSON file of extra lexicon terms per kind (``{kind: [terms]}``).
    lexicon_file: str = ""
    #: Add the terms of plugins implementing ``normkit_boilerplate_lexicon``.
    use_plugins: bool = True
    #: Also drop the lines the learned line classifier judges boilerplate (see
    #: :mod:`normkit.lines`); off, only the rules judge.
    learned: bool = False
    #: A model file written by ``python -m normkit.lines.train`` ("": the shipped model).
    model_file: str = ""
    #: The probability from which the classifier drops a line (0: the model's own).
    threshold: float = 0.0
    #: The classifier never drops a line of the page's main text (from the first to the
    #: last paragraph it is sure is content); the default profiles turn this on.
    spare_main_block: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds {sorted(unknown)} (known: {', '.join(KINDS)})")
        if self.lexicon_file:
            load_lexicon(self.lexicon_file)
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError("threshold must be between 0 and 1")
        if self.model_file:
            read_model(self.model_file)


# ---------------------------------------------------------------------------- the normaliser


class Boilerplate(LineFilter):
    """Drop navigation, metadata, credits, notices, footers, related lists and sidebars.

    >>> Boilerplate()("您现在的位置是:首页 > 新闻 > 正文\\n标题\\n正文第一段，内容很长很长很长很长很长。")
    '标题\\n正文第一段，内容很长很长很长很长很长。'
    """

    name = "boilerplate.lines"
    stage = Stage.STRUCTURE
    description = "Drop boilerplate lines of web pages (navigation, metadata, credits, footers, lists)."
    version = "1.0"
    after = ("spam.tails",)
    #: Re-joining broken lines must never glue a credit or a menu to a paragraph.
    before = ("lines.rejoin",)
    profiles = SAFE_PROFILES
    #: The default profiles use the classifier at its conservative operating point: with
    #: whole sites held out it cost no content line on realweb ``all`` (see the docs).
    profile_options: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        p: {"learned": True, "threshold": DEFAULT_THRESHOLD, "spare_main_block": True}
        for p in ("default", "zh-hans", "zh-hant")
    }
    Options = BoilerplateOptions
    examples = (
        (
            "当前位置:首页 > 疫情防控 > 正文\n"
            "发布时间:2022-04-16 13:07:37 来源:新浪新闻\n"
            "社区志愿者清晨六点到岗，为居民配送生活物资，一直忙到深夜。\n"
            "闪电新闻记者 马捷 报道",
            "社区志愿者清晨六点到岗，为居民配送生活物资，一直忙到深夜。",
        ),
        (
            "【字體: 】 發布時間:2020/2/17 9:40:36 【打印】【關閉】\n"
            "市政府召開專題會議，研究部署下一階段的防控工作，要求各部門嚴格落實。\n"
            "(責編:湯寧  初審:孫繼奎  終審:沈國冰)\n"
            "皖ICP備07008621號-2",
            "市政府召開專題會議，研究部署下一階段的防控工作，要求各部門嚴格落實。",
        ),
        (
            "今天上午，全市中小学举行了开学典礼，学生们精神饱满地走进校园。\n"
            "相关阅读\n"
            "- 教育局发布新学期安全提示\n"
            "- 多所学校启用新校区",
            "今天上午，全市中小学举行了开学典礼，学生们精神饱满地走进校园。",
        ),
    )
    keeps = (
        "",
        "据新华社报道，记者从市教育局获悉，今年新增学位一万个。",
        "第一段，这里有很长的正文内容需要保留下来。\n……\n第二段，这里也有很长的正文内容要保留。",
        "床前明月光\n疑是地上霜\n举头望明月\n低头思故乡",
        "城市 | 人口 | 面积\n北京 | 2189万 | 16410\n上海 | 2487万 | 6340",
        "版权保护是创作者的权利，来源于法律的规定，记者在采访中了解到这一点。",
    )

    def __init__(self, options: Any = None, **values: Any) -> None:
        super().__init__(options, **values)
        self._lexicon = LexiconCache()

    def normalise(self, text: str, ctx: Context) -> str:
        if "\n" not in text and (len(text) > MAX_CANDIDATE or not text.strip()):
            return text
        return drop_or_label(self, text, ctx, self.options.label_only)

    def classify(self, lines: list[str], ctx: Context) -> dict[int, str]:
        opts = self.options
        lexicon = self._lexicon.get(opts.lexicon_file, opts.use_plugins)
        memo: dict[str, Candidate | None] = {}
        model = (read_model(opts.model_file) if opts.model_file else load_model()) if opts.learned else None
        evidence: dict[str, str] = {}
        cache = FeatureCache()
        found = until_stable(
            Lines.shared(lines, ctx),
            lambda part: self._classify_once(part, lexicon, memo, model, evidence, cache),
            code_lines(lines, ctx),
        )
        if evidence and found:
            # Explanations show the classifier's evidence for the lines it dropped.
            starts = np.cumsum([0] + [len(line) + 1 for line in lines])
            for i in sorted(found):
                why = evidence.get(lines[i].strip())
                if why is not None:
                    ctx.reason(int(starts[i]), int(starts[i]) + len(lines[i]), why)
        return found

    def _classify_once(
        self,
        lines: Lines,
        lexicon: Lexicon,
        memo: dict[str, Candidate | None],
        model: LineModel | None,
        evidence: dict[str, str],
        cache: FeatureCache,
    ) -> dict[int, str]:
        found = _Classifier(lines, lexicon, memo).run()
        kinds = self.options.kinds
        out = {i: f"boilerplate.{kind}" for i, kind in found.items() if kind in kinds}
        if model is not None:
            threshold = self.options.threshold or None
            for i, verdict in learned_drops(
                lines.stripped,
                lexicon,
                model,
                threshold,
                spare_main_block=self.options.spare_main_block,
                cache=cache,
            ).items():
                if i not in out and i not in found and verdict.kind in kinds:
                    out[i] = f"boilerplate.{verdict.kind}"
                    evidence[lines.stripped[i]] = verdict.describe()
        return out


class _Classifier:
    """Classify the lines of one document. ``run()`` maps line index to kind."""

    def __init__(self, lines: Lines, lexicon: Lexicon, memo: dict[str, Candidate | None]) -> None:
        self.lines = lines
        self.memo = memo
        self.lex = lexicon
        self.meta_label = lexicon.derived("metadata", _LABEL_COLON)
        self.footer_label = lexicon.derived("footer", _LABEL_COLON)
        self.signals = lexicon.signals(_SIGNAL_WORDS)

    # -- per line --------------------------------------------------------------------

    def candidate(self, i: int) -> Candidate | None:
        """``(kind, strength)`` of line ``i`` judged alone (a function of its text), or None."""
        s = self.lines.stripped[i]
        try:
            return self.memo[s]
        except KeyError:
            found = self.memo[s] = self._judge(i)
            return found

    def _judge(self, i: int) -> Candidate | None:
        lines = self.lines
        s = lines.stripped[i]
        if not s:
            return None
        f = lines.folded[i]
        if not f or (not within(s, 80) and lines.body[i] and not self._long_candidate(s, f)):
            return None
        if _SYMBOLS_ONLY.match(f):
            return None if _OMISSION.match(s) else ("symbols", STRONG)
        if not (self.signals.search(f) or _SIGNAL_CHARS.search(f)):
            return None
        for judge in (
            self._navigation,
            self._copyright,
            self._footer,
            self._related,
            self._metadata,
            self._credit,
        ):
            found = judge(i, f)
            if found is not None:
                return found
        return None

    def _long_candidate(self, s: str, f: str) -> bool:
        """Whether a paragraph-like line (over 80 characters) can be boilerplate at all.

        It needs a word of :data:`_LONG_LINE_HINT`. Over 150 characters, or with a ``。``,
        only the notices (copyright, licences, the position line) remain possible, and
        footer labels up to 150 characters: the other judges never take such lines.
        (Exactly the lines the judges could take; this only spares the others the work.)
        """
        if not _LONG_LINE_HINT.search(f):
            return False
        if within(f, 150) and ("。" not in f or self.footer_label.search(f)):
            return True
        return (
            _NOTICE_HINT.search(f) is not None
            or self.lex.patterns["copyright"].search(f) is not None
            or _COPYRIGHT_EXTRA_ANY.search(f) is not None
            or _COPYRIGHT_LEAD.match(f) is not None
        )

    def _navigation(self, i: int, f: str) -> Candidate | None:
        if _POSITION.match(f):
            return ("navigation", STRONG)
        if within(f, 25) and _CALL_TO_ACTION.search(f):
            return ("navigation", WEAK)
        if (f[-1].isdigit() or f[-1] in "页>»]") and _PAGINATION.match(f):
            return ("navigation", WEAK)
        if not within(f, 120) or _SENTENCE_PUNCT.search(f) or "," in f:
            return None
        nav = self.lex.terms["navigation"]
        if ">" in f or "»" in f or "›" in f or "→" in f:
            parts = [p for p in _CRUMB_SEP.split(f) if p]
            if len(parts) >= 2 and all(within(p, 20) for p in parts):
                head = _NAV_STRIP.sub("", parts[0])
                if head in nav or head.endswith(("首页", "网")) or len(parts) >= 3:
                    return ("navigation", STRONG)
            if len(parts) == 2 and all(within(p, 10) for p in parts):
                return ("navigation", WEAK)
        items = [_NAV_STRIP.sub("", p) for p in _NAV_SPLIT.split(f)]
        items = [p for p in items if p]
        if not items or any(not within(p, 8) for p in items):
            return None
        hits = sum(p in nav for p in items)
        if len(items) >= 3 and hits >= 0.6 * len(items):
            # Words between spaces may be a heading (文化 旅游 体育 融合发展); a menu has bars.
            explicit = _NAV_BAR_SEP.search(f) is not None or len(items) >= 5
            return ("navigation", STRONG if explicit else WEAK)
        if len(items) <= 2 and hits == len(items) and any(len(p) >= 4 or p in _NAV_SOLO for p in items):
            return ("navigation", WEAK)
        if len(items) >= 4 and _NAV_BAR.fullmatch(f):
            return ("navigation", MENU_NAMED if hits else MENU)
        return None

    def _beside_candidate(self, i: int, cands: Mapping[int, Candidate]) -> bool:
        """Whether the nearest non-blank line above or below ``i`` is a candidate too."""
        stripped = self.lines.stripped
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(stripped) and not stripped[j]:
                j += step
            if 0 <= j < len(stripped) and j in cands:
                return True
        return False

    def _in_table(self, i: int) -> bool:
        """Whether a neighbouring line also has ``|`` separators (rows of one table)."""
        stripped = self.lines.stripped
        for j in (i - 1, i + 1):
            if 0 <= j < len(stripped) and ("|" in stripped[j] or "｜" in stripped[j]):
                return True
        return False

    def _copyright(self, i: int, f: str) -> Candidate | None:
        if _COPYRIGHT_LEAD.match(f):
            return ("copyright", STRONG)
        hits = set(self.lex.patterns["copyright"].findall(f))
        if _COPYRIGHT_EXTRA_ANY.search(f):
            hits.update(
                key
                for key, pattern in _COPYRIGHT_EXTRA
                if any(word in f for word in _COPYRIGHT_EXTRA_WORDS[key]) and pattern.search(f)
            )
        if hits and _ANY_DECLARATION.match(f):
            return ("copyright", STRONG)
        # A sentence about copyright law has the words but not the notice's own subject.
        if not hits or not _NOTICE_SUBJECT.search(f):
            return None
        if len(hits) >= 2:
            return ("copyright", STRONG)
        return ("copyright", WEAK) if within(f, 80) else None

    def _footer(self, i: int, f: str) -> Candidate | None:
        # ``京ICP备12345678号``; a sentence about ``ICP备案`` without a number is prose.
        if (
            _maybe_registration(f)
            and _REGISTRATION.search(f)
            and (_LONG_NUMBER.search(f) or not _CLAUSE_PUNCT.search(f))
        ):
            return ("footer", STRONG)
        if not within(f, 150):
            return None
        labels = set(self.footer_label.findall(f))
        if len(labels) >= 2:
            return ("footer", STRONG)
        if labels or _EMAIL_ONLY.match(f) or _PHONE_ONLY.match(f):
            return ("footer", CLUSTER)
        return None

    def _related(self, i: int, f: str) -> Candidate | None:
        if not within(f, 80):
            return None
        if _PREV_NEXT.match(f):
            return ("related", STRONG)
        core = _TRIGGER_STRIP.sub("", f)
        if core in self.lex.terms["related"]:
            return ("related", STRONG)
        return None

    def _metadata(self, i: int, f: str) -> Candidate | None:
        if _END_MARK.match(f):
            return ("metadata", STRONG)
        if not within(f, 150) or "。" in f:
            return None
        field = _FIELD.match(f)
        terms = self.lex.terms
        if field is not None and not any(
            field.group(1) in terms[k] for k in ("metadata", "credit", "footer")
        ):
            return None  # ``活动时间: 2023年5月1日 9:00``: a field of the content
        signals = 0
        strong = False
        labels = self.meta_label.findall(f)
        if labels and _captioned(f, labels[0]):
            return None  # ``游客在樱花树下拍照 图片来源：视觉中国``: a caption with its credit
        for label in labels:
            signals += 1
            if len(label.strip().rstrip(":").strip()) >= 4:
                strong = True
        if ("【" in f or "[" in f or "字" in f) and _TOOLS.search(f):
            signals += 1
            strong = True
        if _COUNT.search(f):
            signals += 1
        stamp = _DATE_TIME.search(f) if ":" in f else None
        if stamp is not None:
            signals += 1
        if _DATE_ONLY.match(f):
            # A lone date is page metadata at the top; at the end it may sign a notice.
            return ("metadata", STRONG if stamp else HEAD)
        if signals == 0:
            return None
        if strong or signals >= 2:
            return ("metadata", STRONG)
        if stamp is not None and self.lines.han[i] - _han_count(stamp.group()) >= 2:
            return ("metadata", HEAD)  # ``2023年5月1日 9:00 开幕式``: timed content at the end
        return ("metadata", WEAK)

    def _credit(self, i: int, f: str) -> Candidate | None:
        if not within(f, 60) or _SENTENCE_PUNCT.search(f):
            return None
        wrapped = _WRAPPED.match(f) is not None
        core = f[1:-1] if wrapped else f
        core = _PINYIN_GLOSS.sub("", core)
        tokens = [t for t in _CREDIT_SPLIT.split(core.strip("()[]【】 ")) if t]
        if not tokens or len(tokens) > 12:
            return None
        roles = self.lex.terms["credit"]
        if core.endswith(":") and all(t in roles for t in tokens):
            return ("credit", WEAK)
        role = name = joined = news = 0
        for token in tokens:
            if token in roles or _org_role(token, roles):
                role += 1
                news += token not in _PRODUCTION_ROLES
            elif _NAME.match(token):
                name += 1
            elif _role_name(token, roles):
                joined += 1
            else:
                return None
        if (role and name) or (joined and (wrapped or len(tokens) >= 2)):
            # ``摄影 顾长卫`` may be a film's crew listed in an article: sure only when
            # a newsroom role, brackets or several roles say it is the page's credit.
            sure = wrapped or role + joined >= 2 or (news and name >= 2)
            return ("credit", STRONG if sure else WEAK)
        return None

    # -- whole document -----------------------------------------------------------------

    def run(self) -> dict[int, str]:
        lines = self.lines
        n = len(lines)
        cands = {i: c for i in range(n) if (c := self.candidate(i)) is not None}
        first, last = zones(lines.body, cands)
        out: dict[int, str] = {}
        for i, (kind, strength) in cands.items():
            if strength in (MENU, MENU_NAMED):
                if self._in_table(i):
                    continue
                strength = STRONG if strength == MENU_NAMED else WEAK
            elif strength == CLUSTER:
                if not self._beside_candidate(i, cands):
                    continue
                strength = WEAK
            elif kind == "credit" and strength == WEAK and self._before_verse(i):
                continue  # ``作者：白居易`` above a poem is part of it
            if (
                strength == STRONG
                or (strength == WEAK and first >= 0 and (i < first or i > last))
                or (strength == HEAD and i < first)
            ):
                out[i] = kind
        self._related_runs(cands, out, last)
        if first >= 0:
            self._sidebars(out, 0, first, head=True)
            self._sidebars(out, last + 1, n, head=False)
            self._tail_list(out, last)
            self._template_titles(out, first)
        return out

    def _before_verse(self, i: int) -> bool:
        """Whether the next non-blank line after ``i`` is a line of verse (see :func:`verse`)."""
        j = self._next_nonblank(i + 1, len(self.lines))
        return j < len(self.lines) and verse(self.lines.folded[j])

    def _next_nonblank(self, i: int, stop: int) -> int:
        while i < stop and not self.lines.stripped[i]:
            i += 1
        return i

    def _related_runs(self, cands: dict[int, Candidate], out: dict[int, str], last: int) -> None:
        lines = self.lines
        n = len(lines)
        reach = -1  # a run skips the triggers inside it; each line is scanned once
        for t in sorted(i for i, kind in out.items() if kind == "related"):
            if (
                t <= reach
                or t not in cands
                or (_PREV_NEXT.match(lines.folded[t]) and len(lines.folded[t]) > 6)
            ):
                continue
            limit = 1 if _PREV_NEXT.match(lines.folded[t]) else n
            run: list[int] = []
            j = self._next_nonblank(t + 1, n)
            while j < n and len(run) < limit:
                if j in out:
                    j = self._next_nonblank(j + 1, n)
                    continue
                if not (lines.title_like(j) or (lines.bulleted(j) and lines.title_like(j, 80))):
                    break
                if lines.body[j] and not lines.bulleted(j):
                    break
                run.append(j)
                j = self._next_nonblank(j + 1, n)
            reach = j - 1
            # Inside the article, a title right before a paragraph may be its subheading.
            if run and run[-1] < last and not lines.bulleted(run[-1]):
                run.pop()
            for k in run:
                out[k] = "related"

    def _sidebars(self, out: dict[int, str], start: int, stop: int, head: bool) -> None:
        lines = self.lines
        runs: list[list[int]] = [[]]
        for i in range(start, stop):
            if not lines.stripped[i]:
                continue
            if i in out or not lines.title_like(i):
                runs.append([])
                continue
            runs[-1].append(i)
        for run in runs:
            if len(run) < 3:
                continue
            marked = {i for i in run if _LIST_MARK.search(lines.folded[i])}
            if len(marked) * 2 < len(run) or self._introduced(run[0]):
                continue
            # The line next to the article may be its headline; it stays unless marked.
            edge = run[-1] if head else run[0]
            for i in run:
                if i in marked or i != edge:
                    out[i] = "sidebar"

    def _tail_list(self, out: dict[int, str], last: int) -> None:
        """A run of ``- title`` lines closing the page is a list of links."""
        lines = self.lines
        items: list[int] = []
        i = len(lines) - 1
        while i > last:
            if lines.stripped[i] and i not in out:
                if not (lines.bulleted(i) and lines.title_like(i, 80)):
                    break
                items.append(i)
            i -= 1
        if len(items) < 3:
            return
        if self._introduced(items[-1]) or self._under_heading(items[-1], out):
            return
        lengths = sorted(len(lines.stripped[k]) for k in items)
        if lengths[len(lengths) // 2] < 10:
            return
        for k in items:
            out[k] = "related"

    def _introduced(self, i: int) -> bool:
        """Whether the line before ``i`` introduces a list (``措施如下：``)."""
        lines = self.lines
        i -= 1
        while i >= 0 and not lines.stripped[i]:
            i -= 1
        return i >= 0 and lines.stripped[i].endswith((":", "：", "："))

    def _under_heading(self, i: int, out: Mapping[int, str]) -> bool:
        """Whether the line before ``i`` is a heading of the content (``参考文献``)."""
        lines = self.lines
        i -= 1
        while i >= 0 and not lines.stripped[i]:
            i -= 1
        return i >= 0 and i not in out and lines.title_like(i) and not lines.bulleted(i)

    def _template_titles(self, out: dict[int, str], first: int) -> None:
        lines = self.lines
        head = [i for i in range(first) if lines.stripped[i] and i not in out][:_TEMPLATE_WINDOW]
        for pos, i in enumerate(head):
            later = [j for j in head[pos + 1 :] if lines.title_like(j, 80)]
            if not later:
                break
            f = lines.folded[i]
            if any(lines.folded[j] == f for j in later):
                out[i] = "template_title"
                continue
            m = _SITE_TITLE.match(f)
            if m is None:
                continue
            title = m.group(1).strip()
            if _SITE_WORD.search(m.group(2).strip()) or any(
                title in lines.folded[j] or lines.folded[j] in title for j in later
            ):
                out[i] = "template_title"


_VERSE_CLAUSE = re.compile(r"[，,。！!？?；;、]")


def verse(line: str) -> bool:
    """A line of classical verse: two or more clauses of the same four to seven Han characters.

    >>> verse("汉皇重色思倾国，御宇多年求不得。"), verse("今天，市政府召开了会议。")
    (True, False)
    """
    clauses = [c for c in _VERSE_CLAUSE.split(line) if c]
    if len(clauses) < 2 or len(line) > 40:
        return False
    size = len(clauses[0])
    return 4 <= size <= 7 and all(len(c) == size and _han_count(c) == size for c in clauses)


def _captioned(f: str, label: str) -> bool:
    """Whether the metadata ``label`` of ``f`` follows a caption (six Han characters or
    more, no digits): ``游客在樱花树下拍照留念 图片来源：视觉中国``."""
    at = f.find(label.strip())
    if at <= 0:
        return False
    before = f[:at]
    return _han_count(before) >= 6 and not any(c.isdigit() for c in before) and ":" not in before


def _han_count(text: str) -> int:
    return len(_NOT_HAN.sub("", text))


def _org_role(token: str, roles: frozenset[str]) -> bool:
    """``闪电新闻记者``, ``摄影报道``: a role word after an organisation or another role."""
    for cut in range(1, min(len(token) - 1, 10) + 1):
        tail = token[cut:]
        if len(tail) >= 2 and tail in roles:
            return True
    return False


def _role_name(token: str, roles: frozenset[str]) -> bool:
    """``记者张三``: a role word of two or more characters followed by a name."""
    for cut in range(2, min(len(token) - 1, 6) + 1):
        if token[:cut] in roles and _NAME.match(token[cut:]):
            return True
    return False


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Boilerplate)
