"""The vocabulary of web spam, by category, written once in simplified Chinese.

Terms are compared with folded text (see :func:`normkit.normalisers._lexicon.fold`), so
each term matches both scripts: ``百家乐`` finds ``百家樂`` too. No term is a verdict on
its own: :mod:`normkit.lines.spam` weighs hits together with the shape of the line
(density, separators, contacts, repetition) and vetoes hits in reporting context.

- **strong** terms are the vocabulary of spam pages (gambling brands and games, lottery
  tip-sheet words, pornographic words, black-market offers);
- **weak** terms also name ordinary things (``在线观看``, ``开奖结果``, ``丝袜``) and count
  for half, only beside a strong term;
- **promo** terms are the calls to action of spam (``注册送``, ``官网``, ``加微信``): no
  spam alone, they turn a mention into an advertisement;
- **report** words mark a text that reports on gambling or pornography (``警方``, ``打击``,
  ``诈骗``, ``同比``): spam terms near them are the subject of a sentence, not spam.

>>> CATEGORIES["gambling"].strong[:3]
('博彩', '百家乐', '龙虎斗')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["CATEGORIES", "PROMO", "REPORT", "Category"]


@dataclass(frozen=True)
class Category:
    """The strong and weak terms of one category of spam.

    >>> CATEGORIES["gambling"].weak[:1] != (), Category(("某某娱乐",)).weak
    (True, ())
    """

    strong: tuple[str, ...]
    weak: tuple[str, ...] = ()


CATEGORIES: Mapping[str, Category] = {
    "gambling": Category(
        strong=(
            "博彩", "百家乐", "龙虎斗", "骰宝", "炸金花", "老虎机", "真人娱乐", "真人视讯", "真人荷官",
            "娱乐城", "线上娱乐", "网上娱乐", "娱乐官网", "网上赌场", "网络赌场", "在线赌场", "赌场",
            "赌博网站", "赌球", "网上赌", "体育投注", "投注平台", "足球投注", "买球", "洗码", "返水",
            "彩金", "葡京", "银河娱乐", "皇冠体育", "皇冠网", "金沙娱乐", "澳门赌", "开元棋牌", "必威",
            "博狗", "bet365", "188bet", "12bet", "让球盘", "大小球", "捕鱼游戏", "电子游戏平台",
            "棋牌平台", "ag真人", "bbin", "赌钱",
        ),
        weak=(
            "牛牛", "亚博", "威尼斯人", "太阳城", "滚球", "盘口", "棋牌游戏", "电子游艺", "赔率", "下注",
            "投注", "赌博", "轮盘", "德州扑克", "娱乐场",
        ),
    ),
    "lottery": Category(
        strong=(
            "六合彩", "时时彩", "北京赛车", "pk10", "pk拾", "幸运飞艇", "私彩", "特码", "特马",
            "平特", "生肖码", "香港马会", "马会资料", "六合宝典", "跑狗图", "曾道人", "一肖", "杀号",
            "彩票计划", "计划群", "彩票平台", "11选5", "开奖直播", "正版资料",
        ),
        weak=(
            "开奖结果", "开奖记录", "彩票", "购彩", "挂牌", "资料大全",
        ),
    ),
    "porn": Category(
        strong=(
            "成人网", "成人视频", "成人电影", "成人小说", "黄色网站", "黄色小说", "黄片", "毛片", "无码",
            "有码", "一本道", "东京热", "偷拍", "人妻", "熟女", "巨乳", "做爱", "性爱", "三级片",
            "伦理片", "乱伦", "一区二区", "二区三区", "国产精品", "精品国产", "av在线", "av电影",
            "日本av", "欧美av", "福利视频", "草榴", "女优", "裸聊", "约炮", "援交", "外围女",
            "制服诱惑", "撸撸", "天天射", "亚洲色图", "欧美色图", "激情视频", "激情小说", "色情小说",
            "午夜影院", "午夜福利", "韩国伦理", "肛交", "潮吹", "操逼", "骚逼", "淫荡", "淫妻",
            "porn", "无套", "内射", "美女裸体",
        ),
        weak=(
            "色情", "中文字幕", "在线观看", "免费观看", "高清视频", "无删减", "日韩", "久久", "夜夜",
            "自拍", "丝袜", "少妇", "啪啪", "番号", "嫩模", "福利", "美女", "激情",
        ),
    ),
    "blackmarket": Category(
        strong=(
            "代开发票", "发票代开", "代开增值税", "办假证", "假证", "假文凭", "假学历", "仿真枪", "气枪出售",
            "猎枪出售", "手枪出售", "枪支出售", "迷药", "迷幻药", "催情药", "春药", "听话水", "乖乖水",
            "蒙汗药", "信用卡套现", "代办信用卡", "黑户贷款", "刷信誉", "黑客接单", "查开房", "手机定位查询",
            "查通话记录", "代孕", "卖肾", "肾源", "冰毒", "麻古", "摇头丸", "大麻出售", "海洛因出售",
        ),
        weak=(
            "办证", "刻章", "套现", "刷单", "私家侦探", "窃听器", "针孔摄像", "开锁工具", "网贷",
        ),
    ),
}  # fmt: skip

#: Calls to action of spam: no spam alone.
PROMO: tuple[str, ...] = (
    "官网", "官方网站", "网址", "登录入口", "注册送", "开户送", "注册即送", "首存", "首充", "体验金",
    "优惠活动", "平台推荐", "app下载", "下载app", "手机版下载", "在线客服", "加微信", "加qq", "加v",
    "微信号", "联系qq", "代理加盟", "日赚", "稳赚", "包赚", "免费看", "直播入口", "点击进入", "立即注册",
    "备用网址", "最新网址", "永久地址", "地址发布页", "娱乐平台", "手机投注", "出款", "秒到",
)  # fmt: skip

#: Words of a text that reports on spam's subjects rather than advertising them.
REPORT: tuple[str, ...] = (
    "警方", "公安", "民警", "破获", "查处", "查获", "打击", "涉嫌", "非法", "违法", "犯罪", "嫌疑",
    "判处", "判决", "法院", "检察", "案件", "涉案", "诈骗", "骗局", "提醒", "警惕", "谨防", "切勿",
    "严禁", "禁止", "整治", "取缔", "监管", "举报", "受害", "报道", "记者", "据悉", "据了解", "表示",
    "收入", "同比", "环比", "政府", "博彩业", "博彩监察", "行业", "经济", "政策", "法律", "条例", "专家",
    "研究", "调查", "数据", "统计", "治理", "专项", "净网", "扫黄", "打非", "危害", "上瘾", "戒赌",
    "沉迷", "防范", "风险", "赌债", "输光", "赌徒", "罚款", "拘留", "逮捕", "抓获", "侦破", "立案",
    "通报", "新闻", "发布会", "官员", "议员", "立法", "低俗", "违规", "不良信息", "牌照", "特首", "酒店",
    "曝光", "揭秘", "起底", "真相", "事件", "被骗", "骗子", "维权", "警示", "回应", "黑幕",
)  # fmt: skip
