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
    """Base class of every error normkit raises on purpose: catch it to catch them all.

    >>> import normkit
    >>> try:
    ...     normkit.Pipeline(steps=["layout.whitespace"], options={"layout.whitespace": {"nope": 1}})
    ... except normkit.NormkitError as exc:
    ...     type(exc).__name__
    'OptionError'
    """

    __module__ = "normkit"


class OptionError(NormkitError, ValueError):
    """A normaliser option is unknown or has a bad value; a ``ValueError`` too.

    >>> import normkit
    >>> normkit.Pipeline(steps=["layout.whitespace"], options={"layout.whitespace": {"nope": 1}})
    Traceback (most recent call last):
    ...
    normkit.OptionError: layout.whitespace: option 'nope' = 1: unknown option (valid: final_newline, max_blank_lines, strip_indent)
    """

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
    """A chain cannot be built: a cycle, or contradictory constraints (``after``, ``before``),
    named by the normalisers involved.

    >>> import normkit
    >>> issubclass(normkit.ChainError, normkit.NormkitError)
    True
    """

    __module__ = "normkit"


class PluginError(NormkitError):
    """A plugin failed to load or registered something invalid (``normkit`` exits 2).

    >>> import normkit
    >>> issubclass(normkit.PluginError, normkit.NormkitError)
    True
    """

    __module__ = "normkit"


class ConfigError(NormkitError):
    """A configuration file, profile or step name is invalid.

    >>> import normkit
    >>> normkit.Pipeline(profile="no-such-profile")
    Traceback (most recent call last):
    ...
    normkit.ConfigError: unknown profile 'no-such-profile' (valid: default, minimal, ...)
    """

    __module__ = "normkit"


class StepFailed(NormkitError):
    """A normaliser raised, exited, ran past its time limit or returned something other than
    text; it names the step, and the file runner turns it into a reject.

    >>> import normkit
    >>> failed = normkit.StepFailed("demo.step", "ValueError: bad")
    >>> failed.normaliser, str(failed)
    ('demo.step', 'normaliser demo.step failed: ValueError: bad')
    """

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

    >>> import normkit
    >>> issubclass(normkit.StepTimeout, Exception), issubclass(normkit.StepTimeout, BaseException)
    (False, True)
    """

    __module__ = "normkit"


class Terminated(BaseException):
    """The run received ``SIGTERM``: it stops as on Ctrl-C (finished outputs kept), exit 143.
    A ``BaseException``, as ``KeyboardInterrupt`` is.

    >>> import normkit
    >>> issubclass(normkit.Terminated, Exception)
    False
    """

    __module__ = "normkit"


class FlagError(NormkitError):
    """A flag (``--enable``, ``--set``...) or the configuration file has a bad value;
    ``flag`` names it.

    >>> import normkit
    >>> error = normkit.FlagError("--enable", "unknown normaliser 'no.such'")
    >>> error.flag, str(error)
    ('--enable', "unknown normaliser 'no.such'")
    """

    __module__ = "normkit"

    def __init__(self, flag: str, message: str) -> None:
        self.flag = flag
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.flag, str(self)))


class PlanError(NormkitError):
    """The inputs and outputs asked for do not make a run (message names the problem);
    ``normkit clean`` shows it as a usage error, exit 2.

    >>> import normkit
    >>> str(normkit.PlanError("-o out.jsonl: several inputs need an output directory"))
    '-o out.jsonl: several inputs need an output directory'
    """

    __module__ = "normkit"


class RayUnavailable(NormkitError):
    """Ray is not installed, or the run cannot be distributed (``--engine ray``).

    >>> import normkit
    >>> issubclass(normkit.RayUnavailable, normkit.NormkitError)
    True
    """

    __module__ = "normkit"


class CorruptInput(NormkitError):
    """The input cannot be read: its compressed stream is damaged or truncated, or reading
    fails; the file runner makes it a reject naming the file.

    >>> import gzip
    >>> from normkit.io.compression import iter_chunks
    >>> import io
    >>> damaged = gzip.compress("正文".encode() * 1000)[:-30]
    >>> list(iter_chunks(io.BytesIO(damaged), "gz"))
    Traceback (most recent call last):
    ...
    normkit.CorruptInput: gzip stream truncated (or not gzip): the last member is incomplete
    """

    __module__ = "normkit"


class PartialLine(CorruptInput):
    """A damaged stream ended inside a line; ``partial`` holds what was read of it.

    >>> import normkit
    >>> cut = normkit.PartialLine("gzip stream ended early", b'{"text": "half')
    >>> isinstance(cut, normkit.CorruptInput), cut.partial
    (True, b'{"text": "half')
    """

    __module__ = "normkit"

    def __init__(self, message: str, partial: bytes) -> None:
        super().__init__(message)
        self.partial = partial

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.partial))


class MissingDependency(NormkitError):
    """An optional library needed for this format is not installed (the message says
    what to ``pip install``).

    >>> import normkit
    >>> issubclass(normkit.MissingDependency, normkit.NormkitError)
    True
    """

    __module__ = "normkit"


class RepeatsError(NormkitError):
    """``--repeats`` cannot be honoured (message says why).

    >>> import normkit
    >>> str(normkit.RepeatsError("--repeats auto reads the inputs twice: give input files, not stdin"))
    '--repeats auto reads the inputs twice: give input files, not stdin'
    """

    __module__ = "normkit"


class RepeatsFormatError(NormkitError, ValueError):
    """A counts file is damaged, of another version, or not a counts file.

    >>> import tempfile
    >>> from normkit.lines.repeats import LineRepeats
    >>> with tempfile.NamedTemporaryFile(suffix=".nkr") as f:
    ...     _ = f.write(b"not counts"); f.flush()
    ...     LineRepeats.load(f.name)
    Traceback (most recent call last):
    ...
    normkit.RepeatsFormatError: ...: not a normkit counts file (made by `normkit scan`)
    """

    __module__ = "normkit"


class ExprError(NormkitError, ValueError):
    """A ``--drop-if`` expression that cannot be parsed, or names an unknown signal.

    >>> from normkit.signals.expr import parse
    >>> parse("han_share <", ["han_share"])
    Traceback (most recent call last):
    ...
    normkit.ExprError: --drop-if 'han_share <': expected a value at the end
    """

    __module__ = "normkit"


class BrokenPluginWarning(UserWarning):
    """A plugin was skipped because it failed to load (``--skip-broken-plugins`` or
    ``NORMKIT_SKIP_BROKEN_PLUGINS=1``); the command line prints it as one warning line.

    >>> import normkit
    >>> issubclass(normkit.BrokenPluginWarning, UserWarning)
    True
    """

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
    "ExprError",
    "BrokenPluginWarning",
)
