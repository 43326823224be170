"""Lines repeated across the pages of a site (stage ``structure``), from corpus counts.

``boilerplate.repeated`` drops the lines of a page that recur on enough pages of its group
(site), with the reason ``boilerplate.repeated``. It needs counts made over the corpus
first (:class:`normkit.lines.repeats.RepeatCounter`): ``normkit clean --repeats auto``,
``normkit scan`` then ``--repeats FILE`` (which sets the ``counts`` option), or
``Pipeline.process_corpus``. Without counts it changes nothing. The drop rule is
:func:`normkit.lines.repeats.repeated_lines`: never a line that reads as prose, never the
page's own headline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._context import Context
from .._normaliser import SAFE_PROFILES, LineFilter, Stage
from ..hookspecs import hookimpl
from ..lines.repeats import LineRepeats, RepeatRule, group_of, line_keys, open_repeats, repeated_lines

__all__ = ["Repeated", "RepeatedOptions"]


@dataclass(frozen=True)
class RepeatedOptions:
    """Where ``boilerplate.repeated`` finds its counts, and how often a line must recur.

    >>> RepeatedOptions(min_pages=1)
    Traceback (most recent call last):
    ValueError: min_pages must be 2 or more (a line on one page is not repeated)
    """

    #: A counts file made by ``normkit scan`` (``""``: none; counts given by ``use``).
    counts: str = ""
    #: A line is dropped only if it occurs on at least this many pages of its group...
    min_pages: int = 2
    #: ...and on at least ``ceil(n ** growth)`` of the ``n`` pages of its group.
    growth: float = 0.5

    def __post_init__(self) -> None:
        if self.min_pages < 2:
            raise ValueError("min_pages must be 2 or more (a line on one page is not repeated)")
        if not 0.0 <= self.growth <= 1.0:
            raise ValueError("growth must be between 0 and 1")


class Repeated(LineFilter):
    """Drop lines that recur on many pages of the same site (menus, footers, feeds).

    >>> from normkit.lines.repeats import RepeatCounter
    >>> counter = RepeatCounter()
    >>> for n in range(4):
    ...     page = f"网站首页 新闻中心\\n第{n}篇的正文写的是另外一件事情。\\n关于我们 联系我们"
    ...     counter.add(page, {"url": f"http://a.cn/{n}"})
    >>> step = Repeated().use(counter.finish())
    >>> from normkit import Context
    >>> page = "网站首页 新闻中心\\n新的一篇正文写的是又一件事情。\\n关于我们 联系我们"
    >>> step.normalise(page, Context(meta={"url": "http://a.cn/9"}))
    '新的一篇正文写的是又一件事情。'
    """

    name = "boilerplate.repeated"
    stage = Stage.STRUCTURE
    description = "Drop lines repeated on many pages of the same site (needs corpus counts: --repeats)."
    version = "1.0"
    #: Before the line classifier and before re-joining: lines must be as counted.
    before = ("boilerplate.lines", "lines.rejoin")
    profiles = SAFE_PROFILES
    Options = RepeatedOptions
    #: Without counts nothing is dropped; the examples with counts are in the tests and docs.
    examples = (
        ("网站首页 新闻中心\n正文第一段写的是一件事情。", "网站首页 新闻中心\n正文第一段写的是一件事情。"),
    )
    keeps = (
        "首页 | 新闻 | 视频\n据新华社报道，今年一季度全国粮食产量稳中有升。\n",
        "習近平同志《論黨的自我革命》出版發行\n",
    )

    def __init__(self, options: Any = None, **values: Any) -> None:
        super().__init__(options, **values)
        self.rule = RepeatRule(self.options.min_pages, self.options.growth)
        self.repeats: LineRepeats | None = open_repeats(self.options.counts) if self.options.counts else None

    def use(self, repeats: LineRepeats | None) -> Repeated:
        """Judge with ``repeats`` from now on (``None``: drop nothing); returns the normaliser."""
        self.repeats = repeats
        return self

    def classify(self, lines: list[str], ctx: Context) -> dict[int, str]:
        repeats = self.repeats
        if repeats is None or len(lines) < 2:
            return {}
        group = group_of(ctx.meta, repeats.settings.group_field)
        return repeated_lines(lines, repeats, group, self.rule, line_keys("\n".join(lines)))

    def normalise(self, text: str, ctx: Context) -> str:
        if self.repeats is None or "\n" not in text:
            return text
        return super().normalise(text, ctx)


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Repeated)
