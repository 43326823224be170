"""Boilerplate lines of Chinese web pages: navigation, metadata, credits, footers (stage ``structure``).

A text extractor leaves the page around the article in the text. ``boilerplate.lines``
finds those lines and drops them, each with a reason code ``boilerplate.KIND``.

Two judges, whose drops add up: the rule families of :mod:`normkit.lines.rules` (strong
signals anywhere, weak ones only in the page's head and tail) and the line classifier of
:mod:`normkit.lines.model` (which spares the main text between its sure paragraphs).

Simplified and traditional lines are compared to the same lexicon after folding (see
:mod:`normkit.normalisers._lexicon`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import numpy as np

from .._context import Context
from .._normaliser import SAFE_PROFILES, LineFilter, Stage
from ..hookspecs import hookimpl
from ..lines.arrays import zones
from ..lines.features import LINES_AT_ONCE, FeatureCache
from ..lines.model import LineModel, load_model, read_model
from ..lines.repaired import one_blank_per_run_array
from ..lines.rules import Memo, judge_lines, rule_pass
from ..lines.shapes import MAX_CANDIDATE, Lines, until_stable
from ..lines.texts import TextLines
from ..lines.verdict import Verdict, learned_drops
from ._lexicon import Lexicon, build_lexicon, load_lexicon

#: The classifier's probability threshold in the default profiles (0: the model's own,
#: chosen with sites held out when it was trained).
DEFAULT_THRESHOLD = 0.0

__all__ = [
    "JUDGE",
    "JUDGED_WORK",
    "KINDS",
    "Boilerplate",
    "BoilerplateOptions",
    "JudgedWork",
    "LexiconCache",
    "Lines",
    "zones",
]

#: The key under which ``boilerplate.lines`` leaves itself in the context
#: (:meth:`normkit.Context.shared`) as the judge of the text it wrote.
JUDGE = "boilerplate.judge"
#: The key under which it leaves, beside it, what it worked out about the lines of a
#: page of one block (:class:`JudgedWork`), for the next step that asks it about them.
JUDGED_WORK = "boilerplate.work"

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
#: The reason of each kind, one string shared by every line dropped for it.
_REASONS = {kind: f"boilerplate.{kind}" for kind in KINDS}
_LINE_END = re.compile(r"\r\n?")
_FENCE = ("```", "~~~")


def code_lines(lines: Sequence[str], ctx: Context, kept: Sequence[int] | None = None) -> frozenset[int]:
    """The lines inside a block of program code (:attr:`normkit.tokens.Analysis.code_lines`)
    and the fences around it: line filters leave them alone (``}``, ``]``, ``\"\"\"``).
    With ``kept``, those among the lines at ``kept`` (the lines left), read without the others.

    >>> sorted(code_lines(["正文。", "```c", "int main(void) {", "    return 0;", "}", "```", "正文。"], Context()))
    [1, 2, 3, 4, 5]
    """
    if kept is not None and len(kept) < len(lines):
        part = [lines[k] for k in kept]
        return frozenset(kept[i] for i in code_lines(part, Context()))
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


#: Where ``classify`` leaves what it worked out for ``normalise`` (see :data:`JUDGED_WORK`).
_WORK_HOLDER = "boilerplate.work_holder"


def _unified(text: str) -> str:
    """``text`` with its lines ending at ``\n`` only (as :func:`drop_or_label` reads it)."""
    return _LINE_END.sub("\n", text) if "\r" in text else text


def drop_or_label(step: LineFilter, text: str, ctx: Context, label_only: bool) -> str:
    """Drop the lines ``step.classify`` finds, or with ``label_only`` record them in
    ``ctx.annotations["line_labels"]`` (line number from 1 -> reason) and keep the text.

    Lines end at ``\n``, ``\r\n`` or ``\r``: a text with carriage returns has them
    unified first (``layout.whitespace`` would do it later; a line it would split must be
    judged as two lines now, or a second run would drop more).
    """
    unified = _unified(text)
    if not label_only:
        return LineFilter.normalise(step, unified, ctx)
    labels = step.classify(ctx.analysis(unified).lines, ctx)
    if labels:
        record = ctx.annotations.setdefault("line_labels", {})
        for index, reason in sorted(labels.items()):
            record.setdefault(index + 1, reason)
    return text


class JudgedWork:
    """What ``boilerplate.lines`` worked out about the lines of a page: the rules'
    verdicts on lines (``memo``) and the classifier's per-line features (``cache``, one
    that grows), with the lexicon they were read with; handed over once (:meth:`take`).

    >>> work = JudgedWork({}, FeatureCache(grows=True), None)
    >>> work.take() is not None, work.take()
    (True, None)
    """

    __slots__ = ("_held", "lexicon")

    def __init__(self, memo: Memo, cache: FeatureCache, lexicon: Lexicon | None) -> None:
        self._held: tuple[Memo, FeatureCache] | None = (memo, cache)
        self.lexicon = lexicon

    def take(self) -> tuple[Memo, FeatureCache] | None:
        """The memo and the cache, the first time asked (then let go: None)."""
        held, self._held = self._held, None
        return held


class LexiconCache:
    """The lexicon of a normaliser, rebuilt when the plugin registry is reloaded.

    >>> cache = LexiconCache()
    >>> cache.get("", use_plugins=False) is cache.get("", use_plugins=False)
    True
    """

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


# ---------------------------------------------------------------------------- options


@dataclasses.dataclass(frozen=True)
class BoilerplateOptions:
    """The options of ``boilerplate.lines`` (checked when made).

    >>> Boilerplate(kinds=frozenset({"navigation"}))("当前位置:首页 > 新闻\\n版权所有 © 2024 某某网")
    '版权所有 © 2024 某某网'
    >>> BoilerplateOptions(kinds=frozenset({"ads"}))
    Traceback (most recent call last):
    ...
    ValueError: unknown kinds ['ads'] (known: navigation, ...)
    """

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
        work = None
        if "\n" not in text and (len(text) > MAX_CANDIDATE or not text.strip()):
            out = text
        else:
            holder: list[JudgedWork] = []
            ctx.shared(_WORK_HOLDER, _unified(text), lambda _: holder)
            out = drop_or_label(self, text, ctx, self.options.label_only)
            work = holder[0] if holder else None
        if not self.options.label_only:
            # The judge of what this step drops, for the steps after it while the text is
            # unchanged (``lines.rejoin`` joins only where it would drop nothing more),
            # and what it worked out about the lines of a page of one block.
            ctx.shared(JUDGE, out, lambda _: self)
            if work is not None:
                ctx.shared(JUDGED_WORK, out, lambda _: work)
        return out

    def classify(self, lines: list[str], ctx: Context) -> dict[int, str]:
        holder: list[JudgedWork] | None = ctx.shared(_WORK_HOLDER, "\n".join(lines), lambda _: None)
        if holder is None or len(lines) > LINES_AT_ONCE or not self.options.learned:
            return self.judge(lines, ctx)
        memo: Memo = {}
        cache = FeatureCache(grows=True)  # (as one that does not grow while this page is judged)
        found = self.judge(lines, ctx, memo, cache)
        opts = self.options
        holder.append(JudgedWork(memo, cache, self._lexicon.get(opts.lexicon_file, opts.use_plugins)))
        return found

    def judge(
        self, lines: list[str], ctx: Context, memo: Memo | None = None, cache: FeatureCache | None = None
    ) -> dict[int, str]:
        """:meth:`classify`, sharing the rules' verdicts on lines (``memo``) and the
        classifier's per-line features (``cache``, one that grows) with other calls on
        pages of the same lines, such as a page and the page with some of them joined.

        >>> judge, memo, cache = Boilerplate(learned=True), {}, FeatureCache(grows=True)
        >>> page = ["首页", "新闻", "视频", "今天，市政府召开了专题会议，研究部署了全市防汛工作，要求各部门做好准备。"]
        >>> judge.judge(page, Context(), memo, cache) == judge.classify(page, Context())
        True
        """
        opts = self.options
        lexicon = self._lexicon.get(opts.lexicon_file, opts.use_plugins)
        memo = {} if memo is None else memo
        model = (read_model(opts.model_file) if opts.model_file else load_model()) if opts.learned else None
        # Rules and classifier read the lines as the repairs after them will write them
        # (``首页>,！`` as ``首页>！``), so a second pass over the cleaned text judges the same.
        shapes = Lines.judged(lines, ctx)
        if model is None:
            found = judge_lines(shapes, lexicon, lambda kept: code_lines(lines, ctx, kept), opts.kinds, memo)
            return {i: _REASONS[kind] for i, kind in found.items()}
        evidence: dict[str, Verdict] = {}
        cache = FeatureCache() if cache is None else cache
        found = until_stable(
            shapes,
            lambda part: self._classify_once(part, lexicon, memo, model, evidence, cache),
            lambda kept: code_lines(lines, ctx, kept),
        )
        if evidence and found:
            # Explanations show the classifier's evidence for the lines it dropped.
            starts = np.cumsum([0] + [len(line) + 1 for line in lines])
            for i in sorted(found):
                why = evidence.get(shapes.stripped[i])
                if why is not None:
                    ctx.reason(int(starts[i]), int(starts[i]) + len(lines[i]), why.describe())
        return found

    def _classify_once(
        self,
        lines: Lines,
        lexicon: Lexicon,
        memo: Memo,
        model: LineModel,
        evidence: dict[str, Verdict],
        cache: FeatureCache,
    ) -> dict[int, str]:
        found = rule_pass(lines, lexicon, memo)
        kinds = self.options.kinds
        out = {i: _REASONS[kind] for i, kind in found.items() if kind in kinds}
        threshold = self.options.threshold or None
        # One blank line for a run of them, as ``layout.whitespace`` leaves it (idempotence).
        stripped = lines.stripped
        # (an array of indices, not an integer object a line; none when every line is read)
        at = None if "" not in stripped else one_blank_per_run_array(stripped)
        if at is None:
            read = stripped
            # The lines the rules take need no verdict of the classifier.
            taken: list[int] = list(found)
        else:
            read = (
                stripped.take(at.tolist())
                if isinstance(stripped, TextLines)
                else [stripped[i] for i in at.tolist()]
            )
            # (``at`` is sorted: the rows of the lines the rules take, among those read)
            places = np.searchsorted(at, np.fromiter(found, dtype=np.int64, count=len(found))).tolist()
            taken = [j for j, i in zip(places, found, strict=True) if j < len(at) and at[j] == i]
        for k, verdict in learned_drops(
            read,
            lexicon,
            model,
            threshold,
            spare_main_block=self.options.spare_main_block,
            cache=cache,
            skip=taken,
        ).items():
            i = k if at is None else int(at[k])
            if verdict.kind in kinds:
                out[i] = _REASONS[verdict.kind]
                evidence[stripped[i]] = verdict
        return out


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Boilerplate)
