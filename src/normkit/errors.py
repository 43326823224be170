"""Exceptions raised by normkit. Every message names what is wrong and where."""

from __future__ import annotations


class NormkitError(Exception):
    """Base class of every error normkit raises on purpose."""


class OptionError(NormkitError, ValueError):
    """A normaliser option is unknown or has a bad value."""

    def __init__(self, normaliser: str, option: str, value: object, problem: str) -> None:
        self.normaliser = normaliser
        self.option = option
        self.value = value
        super().__init__(f"{normaliser}: option {option!r} = {value!r}: {problem}")


class ChainError(NormkitError):
    """A chain cannot be built: unknown name, cycle, contradictory constraints."""


class PluginError(NormkitError):
    """A plugin failed to load or registered something invalid."""


class ConfigError(NormkitError):
    """A configuration file or profile is invalid."""
