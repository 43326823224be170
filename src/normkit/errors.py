"""Every exception and warning normkit raises on purpose, in one module.

Each is exported from :mod:`normkit` and shows as ``normkit.<Name>`` in tracebacks and
``repr`` (``__module__ = "normkit"``); every message names what is wrong and where.

>>> import normkit
>>> normkit.StepFailed("demo.step", "ValueError: bad")
normkit.StepFailed('demo.step', 'ValueError: bad')
>>> str(normkit.OptionError("layout.whitespace", "max_blank_lines", -1, "must be >= 0"))
"layout.whitespace: option 'max_blank_lines' = -1: must be >= 0"
"""

from __future__ import annotations

from typing import Any


class NormkitError(Exception):
    """Base class of every error normkit raises on purpose."""

    __module__ = "normkit"


class OptionError(NormkitError, ValueError):
    """A normaliser option is unknown or has a bad value."""

    __module__ = "normkit"

    def __init__(self, normaliser: str, option: str, value: object, problem: str) -> None:
        self.normaliser = normaliser
        self.option = option
        self.value = value
        self.problem = problem
        super().__init__(f"{normaliser}: option {option!r} = {value!r}: {problem}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.normaliser, self.option, self.value, self.problem))


class ChainError(NormkitError):
    """A chain cannot be built: unknown name, cycle, contradictory constraints."""

    __module__ = "normkit"


class PluginError(NormkitError):
    """A plugin failed to load or registered something invalid."""

    __module__ = "normkit"


class ConfigError(NormkitError):
    """A configuration file or profile is invalid."""

    __module__ = "normkit"


class StepFailed(NormkitError):
    """A normaliser raised, exited, ran past its time limit or returned something other than text."""

    __module__ = "normkit"

    def __init__(self, normaliser: str, problem: str) -> None:
        self.normaliser = normaliser
        self.problem = problem
        super().__init__(f"normaliser {normaliser} failed: {problem}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.normaliser, self.problem))

    def __repr__(self) -> str:
        return f"normkit.StepFailed({self.normaliser!r}, {self.problem!r})"


class StepTimeout(BaseException):
    """Raised inside a step that ran past its time limit.

    A ``BaseException`` (like ``KeyboardInterrupt``), so that a plugin's ``except
    Exception`` does not swallow it; :class:`Pipeline` turns it into :class:`StepFailed`.
    """

    __module__ = "normkit"


class Terminated(BaseException):
    """The run received ``SIGTERM``: it stops as on Ctrl-C (finished outputs kept), exit 143."""

    __module__ = "normkit"


class FlagError(NormkitError):
    """A flag (``--enable``, ``--set``...) or the configuration file has a bad value."""

    __module__ = "normkit"

    def __init__(self, flag: str, message: str) -> None:
        self.flag = flag
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.flag, str(self)))


class PlanError(NormkitError):
    """The inputs and outputs asked for do not make a run (message names the problem)."""

    __module__ = "normkit"


class RayUnavailable(NormkitError):
    """Ray is not installed, or the run cannot be distributed."""

    __module__ = "normkit"


class CorruptInput(NormkitError):
    """The input's compressed stream is damaged or truncated."""

    __module__ = "normkit"


class PartialLine(CorruptInput):
    """A damaged stream ended inside a line; ``partial`` holds what was read of it."""

    __module__ = "normkit"

    def __init__(self, message: str, partial: bytes) -> None:
        super().__init__(message)
        self.partial = partial

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.partial))


class MissingDependency(NormkitError):
    """An optional library needed for this format is not installed."""

    __module__ = "normkit"


class RepeatsError(NormkitError):
    """``--repeats`` cannot be honoured (message says why)."""

    __module__ = "normkit"


class RepeatsFormatError(NormkitError, ValueError):
    """A counts file is damaged, of another version, or not a counts file."""

    __module__ = "normkit"


class BrokenPluginWarning(UserWarning):
    """A plugin was skipped because it failed to load (``--skip-broken-plugins``)."""

    __module__ = "normkit"


#: Every name this module defines, in the order above (``normkit`` exports them all).
ERRORS = (
    "NormkitError",
    "OptionError",
    "ChainError",
    "PluginError",
    "ConfigError",
    "StepFailed",
    "StepTimeout",
    "Terminated",
    "FlagError",
    "PlanError",
    "RayUnavailable",
    "CorruptInput",
    "PartialLine",
    "MissingDependency",
    "RepeatsError",
    "RepeatsFormatError",
    "BrokenPluginWarning",
)
