"""The base class of every normaliser, built-in or from a plugin, and the stages they run in."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from ._context import Context
from ._options import NoOptions, build_options, describe_options


class Stage(str, enum.Enum):
    """Where a normaliser runs. Stages run in declaration order.

    >>> import normkit
    >>> [stage.value for stage in normkit.Stage][:3]
    ['decode', 'unicode', 'structure']
    """

    DECODE = "decode"
    UNICODE = "unicode"
    STRUCTURE = "structure"
    INLINE = "inline"
    SCRIPT = "script"
    LAYOUT = "layout"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {stage: i for i, stage in enumerate(Stage)}


#: The built-in profiles that include a normaliser unless it says otherwise.
SAFE_PROFILES = frozenset({"default", "zh-hans", "zh-hant"})
ALL_PROFILES = SAFE_PROFILES | {"minimal"}


class Normaliser:
    """A named, versioned transformation ``text -> text``.

    Subclasses set the class attributes and implement :meth:`normalise`. Options are
    a frozen dataclass assigned to ``Options``; the engine validates them and passes
    an instance as ``self.options``.

    A normaliser must be idempotent (``f(f(x)) == f(x)``), must never raise on any
    string, and must return its input unchanged (the same object is best) when it has
    nothing to do.

    >>> import normkit
    >>> class Shout(normkit.Normaliser):
    ...     name = "example.shout"
    ...     stage = normkit.Stage.INLINE
    ...     description = "Upper-case ASCII letters."
    ...     keeps = ("ABC 中文",)
    ...     def normalise(self, text, ctx):
    ...         return text.upper()
    >>> Shout()("abc 中文")
    'ABC 中文'
    >>> from normkit.testing import check_contract
    >>> check_contract(Shout, ["mixed 文本"])  # keeps, examples, idempotence
    """

    #: Dotted name, family first: ``"punctuation.width"``.
    name: ClassVar[str]
    #: Where it runs; see :class:`normkit.Stage`.
    stage: ClassVar[Stage]
    #: One line, shown by ``normkit plugins`` and used as the default reason.
    description: ClassVar[str]
    version: ClassVar[str] = "1.0"
    #: Names of normalisers this one must run after / before (same stage).
    after: ClassVar[tuple[str, ...]] = ()
    before: ClassVar[tuple[str, ...]] = ()
    #: Built-in profiles this normaliser belongs to (third-party: none, opt in by name).
    profiles: ClassVar[frozenset[str]] = frozenset()
    #: Options per profile that differ from the defaults, e.g. ``{"zh-hans": {"config": "t2s"}}``.
    profile_options: ClassVar[Mapping[str, Mapping[str, Any]]] = {}
    Options: ClassVar[type[Any]] = NoOptions
    #: Cases with default options: ``(input, expected output)`` pairs; used in tests and docs.
    examples: ClassVar[tuple[tuple[str, str], ...]] = ()
    #: Texts it must return unchanged (the traps). Every built-in has some; tests check them.
    keeps: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        options = cls.__dict__.get("Options")
        name = cls.__dict__.get("name")
        if (
            isinstance(options, type)
            and dataclasses.is_dataclass(options)
            and isinstance(name, str)
            and "Options of ``" not in (options.__doc__ or "")
        ):
            # ``help(Normaliser.Options)`` lists every option with its default (as ftfy's
            # TextFixerConfig does); ``normkit plugins`` shows the same.
            options.__doc__ = describe_options(options, name)

    def __init__(self, options: Any = None, **values: Any) -> None:
        if options is None:
            options = build_options(self.name, self.Options, values)
        elif values:
            raise TypeError("pass either an options object or keyword options, not both")
        self.options = options

    def normalise(self, text: str, ctx: Context) -> str:
        """Return the normalised text."""
        raise NotImplementedError

    def __call__(self, text: str, ctx: Context | None = None) -> str:
        return self.normalise(text, ctx if ctx is not None else Context())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.options!r}>"


class LineFilter(Normaliser):
    """A normaliser that drops whole lines.

    Subclasses implement :meth:`classify`, returning the reason for every line to
    drop by its index **from 0**; the base class removes them and reports each drop to
    the context with :meth:`Context.drop`, which counts lines **from 1**.

    >>> import normkit
    >>> class NoBylines(normkit.LineFilter):
    ...     name = "example.bylines"
    ...     stage = normkit.Stage.STRUCTURE
    ...     description = "Drop 'by' lines."
    ...     def classify(self, lines, ctx):
    ...         return {i: "byline" for i, line in enumerate(lines) if line.startswith("作者：")}
    >>> ctx = normkit.Context()
    >>> NoBylines()("作者：小明\\n正文第一段。", ctx)
    '正文第一段。'
    >>> ctx.dropped[0].line, ctx.dropped[0].reason
    (1, 'byline')
    """

    def classify(self, lines: list[str], ctx: Context) -> Mapping[int, str]:
        """Map index (from 0) of every line to drop to the reason for dropping it."""
        raise NotImplementedError

    def normalise(self, text: str, ctx: Context) -> str:
        lines = ctx.analysis(text).lines
        drops = self.classify(lines, ctx)
        if not drops:
            return text
        for index in sorted(drops):
            ctx.drop(index + 1, lines[index], drops[index])
        return "\n".join([line for i, line in enumerate(lines) if i not in drops])


NormaliserClass = type[Normaliser]
Register = Callable[[NormaliserClass], None]
