"""The patterns, words and small line tests the boilerplate rules judge a line by (see
:mod:`normkit.lines.rules`).

Every pattern reads a folded line (see :func:`normkit.normalisers._lexicon.fold`):
simplified, lower-case, half-width punctuation, so one pattern serves both scripts.
"""

from __future__ import annotations

import re

import regex

from ..normalisers._lexicon import trie_pattern
from .shapes import han_count

#: Words without which a long paragraph-like line cannot be boilerplate (both scripts).
LONG_LINE_HINT = re.compile(
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
#: The words of :data:`LONG_LINE_HINT` of notices, which may be long sentences.
NOTICE_HINT = re.compile(
    trie_pattern(
        ["版", "權", "权", "icp", "ICP", "備", "备", "许可", "許可", "声明", "聲明", "©", "opyright",
         "OPYRIGHT", "位置", "转载", "轉載", "追究", "侵权", "侵權"]
    )
)  # fmt: skip

SYMBOLS_ONLY = regex.compile(r"^[^\p{L}\p{N}]++$")
OMISSION = regex.compile(r"^[\s.。·…⋯]*+(?:…|⋯|\.\.\.)[\s.。·…⋯]*+$|^[\s!?！？…]++$")

POSITION = regex.compile(
    r"^[【\[(]?\s*(?:(?:您|你)(?:现在|当前|目前)?|现在|当前|目前|所在)(?:的|所在的?)?位置(?:是|在)?\s*[:>》]"
)
#: Four or more short word items between explicit separators, no digits: a menu bar.
NAV_BAR = regex.compile(r"[\p{Han}a-z]{1,8}+(?:\s*[|丨·•/]\s*[\p{Han}a-z]{1,8}+){3,}")
#: Calls to action of sites and social accounts; words that prose does not use this way.
CALL_TO_ACTION = regex.compile(
    r"点击上方|关注我们|长按识别|长按二维码|扫码关注|扫一扫|点个在看|点亮在看|分享让更多人看到"
    r"|返回搜狐|查看更多|返回首页|返回顶部|设为首页|加入收藏|点击进入|点击查看|进入专题|阅读原文"
    r"|尽在.{0,12}?(?:app|客户端)|下载.{0,12}?(?:app|客户端)|粉丝团|粉丝专页|点击下一页|继续阅读"
)
END_MARK = regex.compile(r"^[\s\-—=*·(\[【〔]*+(?:完|全文完|end|the end)[\s\-—=*·)\]】〕]*+$")
NAV_BAR_SEP = regex.compile(r"[|丨/·•]")
#: Page numbers: ``1 2 3 4 5 ... 下一页`` without the words, or ``< 1 2 3 >``.
PAGE_WORDS = r"(?:上一页|下一页|首页|尾页|末页|上页|下页|[<>«»|.…\-\[\]\s])*+"
PAGINATION = regex.compile(rf"^(?:{PAGE_WORDS}\d++){{3,}}{PAGE_WORDS}$")
NAV_SOLO = frozenset(
    {"首页", "主页", "更多", "正文", "登录", "注册", "退出", "回复", "举报", "分享", "点赞", "收藏"}
)
CRUMB_SEP = regex.compile(r"\s*(?:>>|>|»|›|→)\s*")
NAV_SPLIT = regex.compile(r"\s*[|丨/·•]\s*|\s+")
NAV_STRIP = regex.compile(r"^[\[【(《\s]+|[\]】)》\s]+$")

DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
DATE_ONLY = regex.compile(rf"^[【\[(]?{DATE}(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s*{TIME})?[】\])]?$")
DATE_TIME = regex.compile(rf"{DATE}\s*{TIME}")
TOOLS = regex.compile(
    r"[【\[](?:打印|关闭|关闭窗口|打印本页|打印此文|打印文章|收藏|收藏本页|加入收藏|字体|字号"
    r"|大|中|小|返回顶部|我要评论|纠错|我要纠错|分享)\s*[】\]]|字体\s*:|字号\s*:|^[大中小]字号$"
)
COUNT = regex.compile(
    r"(?:阅读|浏览|点击|访问|查看|人气|评论|点赞|收藏|转发)(?:量|数|次数)?\s*[:(]?\s*\d+"
    r"|\d+\s*(?:人|次)?(?:阅读|浏览|看过|围观|点赞)"
)
FIELD = regex.compile(r"^[【\[(]?\s*(\p{Han}{2,8})\s*:")
LABEL_COLON = r"(?:^|(?<=[\s【\[(|]))(?:{terms})\s*(?:单位)?\s*:"

COPYRIGHT_EXTRA = (
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
#: Words without one of which a pattern of ``COPYRIGHT_EXTRA`` cannot match.
COPYRIGHT_EXTRA_WORDS = {
    "©": ("©", "(c)"),
    "prohibit": ("不得", "禁止", "严禁", "请勿", "谢绝", "不可"),
    "unauthorised": ("未经",),
    "liability": ("追究",),
}
#: Any word of :data:`COPYRIGHT_EXTRA_WORDS`: most lines have none, and need no more checks.
COPYRIGHT_EXTRA_ANY = re.compile(trie_pattern(w for words in COPYRIGHT_EXTRA_WORDS.values() for w in words))
COPYRIGHT_LEAD = regex.compile(
    r"^[【\[(]?\s*(?:版权所有|版权声明|免责声明|著作权声明|法律声明|特别声明|郑重声明|平台声明|网站声明"
    r"|本站声明|本网声明|copyright|©)"
)
#: ``新浪声明：…`` leads a notice only with a notice's words in it (not ``联合声明：``).
ANY_DECLARATION = regex.compile(r"^[【\[(]?\s*\p{Han}{0,4}声明\s*[:】\])]")
NOTICE_SUBJECT = regex.compile(
    r"本(?:网|站|报|刊|平台|号|文|公众号|栏目|台|网站)|作者|原创|出处|©|copyright|版权所有|侵权.{0,6}删除|联系删除"
)
REGISTRATION = regex.compile(
    r"icp\s*[备证]|icp\s*:?\s*\d{6,}|[\p{Han}]icp|网安备|公安备案|"
    r"(?:增值电信业务|互联网新闻信息服务|信息网络传播视听节目|网络文化经营|广播电视节目制作经营"
    r"|出版物经营|互联网药品信息服务)许可证"
)


LONG_NUMBER = re.compile(r"\d{5,}")


def maybe_registration(f: str) -> bool:
    """Whether ``f`` has a word every match of ``REGISTRATION`` has.

    >>> maybe_registration("京icp备12345678号"), maybe_registration("今天天气很好")
    (True, False)
    """
    return "icp" in f or "网安备" in f or "公安备案" in f or "许可证" in f


EMAIL_ONLY = regex.compile(r"^(?:e-?mail|邮箱|电子邮箱)?\s*:?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
PHONE_ONLY = regex.compile(r"^(?:电话|tel|手机|热线|传真|fax)?\s*:?\s*\+?[\d\-() ]{7,}$")

#: Credit roles that also name the crew of a film or show; alone they are not sure signs.
PRODUCTION_ROLES = frozenset(
    {"策划", "统筹", "监制", "制片人", "出品人", "设计", "剪辑", "视频", "摄像", "摄影", "制图", "整理",
     "编译", "撰稿", "撰文", "主编", "文", "图"}
)  # fmt: skip
PINYIN_GLOSS = regex.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]+\)")
CREDIT_SPLIT = regex.compile(r"[\s:/|,、;]+")
WRAPPED = regex.compile(r"^[(\[【].*[)\]】]$")
NAME = regex.compile(r"^(?:\p{Han}{2,4}|\p{Han}{1,6}·\p{Han}{1,6})$")

PREV_NEXT = regex.compile(
    r"^[【\[(]?\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上一篇文章|下一篇文章|前一篇|后一篇"
    r"|上一首|下一首|上一章|下一章|上一节|下一节|上一集|下一集)"
    r"\s*[】\])]?\s*(?::|$|\s)"
)
TRIGGER_STRIP = regex.compile(r"^[\s\[【(《<>»›|\-=_*#·•]+|[\s\]】)》<>»›|:\-=_*#·•>]+$")
LIST_MARK = regex.compile(
    r"(?:…|⋯|\.{2,})$|\d{1,2}[-/.]\d{1,2}$|[(\[]\d{1,2}[-/.]\d{1,2}[)\]]$"
    r"|^[【\[][^】\]]{1,6}[】\]]"
)
SITE_TITLE = regex.compile(r"^(.{4,}?)(?:\s*+[_|]\s*+|\s++[-–—]\s++)([^_|]{2,24})$")
SITE_WORD = regex.compile(
    r"(?:网|网站|新闻网|频道|门户|在线|日报|晚报|时报|商报|早报|报|电视台|客户端|官网|\.com|\.cn|\.net)$"
)


#: What a line needs besides a lexicon term to be a candidate at all (see ``_judge``):
#: separators, digits (dates, page and phone numbers), marks, and these words.
SIGNAL_CHARS = re.compile(r"[>»›→|丨/·•:@©\d]")
SIGNAL_WORDS = (
    "位置", "声明", "icp", "网安备", "公安备案", "许可证", "不得", "禁止", "严禁", "请勿", "谢绝", "不可",
    "未经", "追究", "上一", "下一", "前一", "后一", "完", "end", "打印", "关闭", "首页", "点击", "关注",
    "长按", "扫码", "扫一扫", "在看", "分享", "返回", "查看更多", "收藏", "进入专题", "阅读原文", "尽在",
    "下载", "粉丝",
)  # fmt: skip


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
    return 4 <= size <= 7 and all(len(c) == size and han_count(c) == size for c in clauses)


def captioned(f: str, label: str) -> bool:
    """Whether the metadata ``label`` of ``f`` follows a caption (six Han characters or
    more, no digits): ``游客在樱花树下拍照留念 图片来源：视觉中国``.

    >>> captioned("游客在樱花树下拍照留念 图片来源:视觉中国", "图片来源:")
    True
    >>> captioned("图片来源:视觉中国", "图片来源:")
    False
    """
    at = f.find(label.strip())
    if at <= 0:
        return False
    before = f[:at]
    return han_count(before) >= 6 and not any(c.isdigit() for c in before) and ":" not in before


def org_role(token: str, roles: frozenset[str]) -> bool:
    """``闪电新闻记者``, ``摄影报道``: a role word after an organisation or another role.

    >>> org_role("闪电新闻记者", frozenset({"记者"})), org_role("记者", frozenset({"记者"}))
    (True, False)
    """
    for cut in range(1, min(len(token) - 1, 10) + 1):
        tail = token[cut:]
        if len(tail) >= 2 and tail in roles:
            return True
    return False


def role_name(token: str, roles: frozenset[str]) -> bool:
    """``记者张三``: a role word of two or more characters followed by a name.

    >>> role_name("记者张三", frozenset({"记者"})), role_name("记者们", frozenset({"记者"}))
    (True, False)
    """
    for cut in range(2, min(len(token) - 1, 6) + 1):
        if token[:cut] in roles and NAME.match(token[cut:]):
            return True
    return False
