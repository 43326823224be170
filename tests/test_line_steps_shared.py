"""``lines.rejoin`` reads what ``boilerplate.lines`` worked out about the lines it wrote
(the rules' verdicts, the classifier's per-line features) and judges exactly as it does
on its own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from normkit import Context
from normkit.normalisers.boilerplate import JUDGED_WORK, Boilerplate
from normkit.normalisers.lines import Rejoin

_LINES = [
    "当前位置:首页 > 新闻 > 正文",
    "发布时间:2022-04-16 13:07:37 来源:新浪新闻",
    "多方联动，组织引领在小区。各社区党委、小区党支部迅速反应，以“平时能服",
    "务、急时能攻坚”理念，依托五级组织架构，守护居民生命健康安全。",
    "力量激活，模范冲锋在小区。在职党员纷纷向小区报到，贡献力量。各小",
    "区党支部纷纷采取党员中心户包联居民的方式，及时掌握情况。",
    "现场随处可见志愿者们忙碌的身影，他们严格落实防控措施，规范队伍秩序，",
    "首页版权所有。",
    "相关阅读",
    "- 教育局发布新学期安全提示",
    "",
    "版权所有 © 2024 某某网",
    "闪电新闻记者 马捷 报道",
]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_LINES), min_size=1, max_size=14))
def test_rejoin_after_boilerplate_judges_as_alone(lines: list[str]) -> None:
    step = Boilerplate(**Boilerplate.profile_options["default"])
    ctx = Context()
    out = step("\n".join(lines), ctx)
    work = ctx.shared(JUDGED_WORK, out, lambda _: None)
    assert work is not None or "\n" not in out
    rejoin = Rejoin()
    shared = rejoin(out, ctx)
    if work is not None:
        assert work.take() is None  # handed over to lines.rejoin
    assert shared == rejoin(out, Context())
    # ``boilerplate.lines`` asks no other step to take its work: a second run in the
    # same context judges as the first.
    assert step(out, Context()) == step(out, ctx) == out
