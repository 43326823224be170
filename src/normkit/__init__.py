"""normkit: clean web text for NLP and LLM corpora, correctly for Chinese.

Clean one text with the default chain (mojibake, markup, invisible characters,
boilerplate lines, punctuation, whitespace):

>>> import normkit
>>> normkit.clean("  第一行\\u200b\\u3000\\n\\n\\n第二行  ")
'第一行\\n\\n第二行'

Choose the steps, see what each did, convert the script:

>>> pipe = normkit.Pipeline(steps=["layout.whitespace"])
>>> result = pipe.process(normkit.Document("正文  ", id="a1"))
>>> result.text, result.changed
('正文', True)
>>> normkit.convert("头发", "s2twp")
'頭髮'

Profiles name chains; ``SAFE_PROFILES`` hold every safe repair and removal, and
``ALL_PROFILES`` adds ``minimal`` (character-level repairs only), for a normaliser's
``profiles``:

>>> sorted(normkit.PROFILES)
['default', 'minimal', 'pii', 'zh-hans', 'zh-hant']
>>> sorted(normkit.ALL_PROFILES - normkit.SAFE_PROFILES)
['minimal']
>>> normkit.Pipeline(profile="minimal").names[:2]
['mojibake.latin', 'mojibake.cjk']

The guide to the names below:

- cleaning: :func:`clean`, :class:`Pipeline` (``process``, ``process_many``), with
  :class:`Document` in and :class:`Result` out (:class:`Change`, :class:`DroppedLine`),
  :class:`Stats` and :class:`StepStats` for counts, :func:`convert` for OpenCC conversion;
- chains: ``PROFILES``, ``SAFE_PROFILES``, ``ALL_PROFILES``, :class:`ChainConfig` (a chain as
  plain data);
- writing normalisers: :class:`Normaliser`, :class:`LineFilter`, :class:`Stage`,
  :class:`Context`, :class:`NoOptions`, and :mod:`normkit.testing` for their tests;
- plugins: :data:`hookimpl` and ``Register`` (an example in :mod:`normkit.hookspecs`),
  :class:`Registry` from :func:`get_registry`, :func:`reset_registry` (see ``docs/plugins.md``);
- errors: :class:`NormkitError` and its subclasses (each names what is wrong and where),
  :class:`BrokenPluginWarning`, and :class:`Terminated` (SIGTERM, like Ctrl-C).

The command line is ``normkit`` (``normkit --help``); the documentation is in ``docs/``.
The public names load on first use (PEP 562), so that ``import normkit`` and
``normkit --help`` stay instant; type checkers see ordinary imports.
"""

import importlib as _importlib
import sys as _sys
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

__version__ = "0.1.0"

if _TYPE_CHECKING:
    from ._chain import PROFILES, ChainConfig
    from ._context import Change, Context, Document, DroppedLine, Result
    from ._normaliser import ALL_PROFILES, SAFE_PROFILES, LineFilter, Normaliser, Register, Stage
    from ._options import NoOptions
    from ._pipeline import Pipeline, Stats, StepStats, clean
    from ._registry import Registry, get_registry, reset_registry
    from .errors import (
        BrokenPluginWarning,
        ChainError,
        ConfigError,
        CorruptInput,
        ExprError,
        FlagError,
        MissingDependency,
        NormkitError,
        OptionError,
        PartialLine,
        PlanError,
        PluginError,
        RayUnavailable,
        RepeatsError,
        RepeatsFormatError,
        StepFailed,
        StepTimeout,
        Terminated,
    )
    from .hookspecs import hookimpl
    from .script import convert

#: Every public name and the module that defines it.
_EXPORTS = {
    "PROFILES": "._chain",
    "ChainConfig": "._chain",
    "Context": "._context",
    "DroppedLine": "._context",
    "Change": "._context",
    "Document": "._context",
    "Result": "._context",
    "ALL_PROFILES": "._normaliser",
    "SAFE_PROFILES": "._normaliser",
    "LineFilter": "._normaliser",
    "Normaliser": "._normaliser",
    "Register": "._normaliser",
    "NoOptions": "._options",
    "Pipeline": "._pipeline",
    "clean": "._pipeline",
    "Registry": "._registry",
    "get_registry": "._registry",
    "reset_registry": "._registry",
    "Stage": "._normaliser",
    "Stats": "._pipeline",
    "StepStats": "._pipeline",
    **{
        name: ".errors"
        for name in (
            "BrokenPluginWarning",
            "ChainError",
            "ConfigError",
            "CorruptInput",
            "ExprError",
            "FlagError",
            "MissingDependency",
            "NormkitError",
            "OptionError",
            "PartialLine",
            "PlanError",
            "PluginError",
            "RayUnavailable",
            "RepeatsError",
            "RepeatsFormatError",
            "StepFailed",
            "StepTimeout",
            "Terminated",
        )
    },
    "hookimpl": ".hookspecs",
    "convert": ".script",
}

__all__ = [
    "ALL_PROFILES",
    "PROFILES",
    "SAFE_PROFILES",
    "BrokenPluginWarning",
    "ChainConfig",
    "ChainError",
    "Change",
    "ConfigError",
    "Context",
    "CorruptInput",
    "Document",
    "DroppedLine",
    "ExprError",
    "FlagError",
    "LineFilter",
    "MissingDependency",
    "NoOptions",
    "Normaliser",
    "NormkitError",
    "OptionError",
    "PartialLine",
    "Pipeline",
    "PlanError",
    "PluginError",
    "RayUnavailable",
    "Register",
    "Registry",
    "RepeatsError",
    "RepeatsFormatError",
    "Result",
    "Stage",
    "Stats",
    "StepFailed",
    "StepStats",
    "StepTimeout",
    "Terminated",
    "__version__",
    "clean",
    "convert",
    "get_registry",
    "hookimpl",
    "reset_registry",
]


def __getattr__(name: str) -> _Any:
    if name == "__test__":
        return _doctests()
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'normkit' has no attribute {name!r}")
    value = _publish(name, getattr(_importlib.import_module(module, __name__), name))
    # Every export whose module is loaded by now says ``normkit`` too (a pipeline's
    # ``ChainConfig`` as well as the ``Pipeline``), without importing anything more.
    for other, where in _EXPORTS.items():
        loaded = _sys.modules.get(__name__ + where)
        if other not in globals() and loaded is not None and hasattr(loaded, other):
            _publish(other, getattr(loaded, other))
    return value


def _publish(name: str, value: _Any) -> _Any:
    """Shown, pickled and documented as ``normkit.Name``, as httpx does (pickle finds the
    object again through this module); cached so that ``__getattr__`` runs once per name."""
    if isinstance(value, type) or callable(getattr(value, "__code__", None)):
        value.__module__ = __name__
    globals()[name] = value
    return value


def _doctests() -> dict[str, _Any]:
    """The examples ``doctest`` would miss: those of exported classes not loaded yet, and
    of their methods. (A class saying ``__module__ = "normkit"`` is searched here, not in
    the module that defines it; functions are still found where they are defined.)"""
    loaded = set(globals())
    tests: dict[str, _Any] = {}
    for name in _EXPORTS:
        value = __getattr__(name)
        if isinstance(value, type) and name not in loaded:
            tests[name] = value
        if isinstance(value, type):
            for attr, member in vars(value).items():
                func = getattr(member, "__func__", None) or getattr(member, "fget", None) or member
                if callable(getattr(func, "__code__", None)) and ">>>" in (func.__doc__ or ""):
                    tests[f"{name}.{attr}"] = func
    return tests


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
