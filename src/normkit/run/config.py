"""The TOML configuration: ``normkit.toml`` or ``[tool.normkit]`` in ``pyproject.toml``.

A configuration chooses a profile, enables and disables normalisers and sets their
options::

    profile = "zh-hans"
    enable = ["example.thing"]
    disable = ["layout.whitespace"]

    [options."unicode.spaces"]
    keep_nbsp = true

Command-line flags are merged on top with :meth:`RunConfig.merged`. Unknown keys are
errors that name the key and the file.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: The keys a configuration may hold.
KEYS = ("profile", "enable", "disable", "options")
CONFIG_NAME = "normkit.toml"


@dataclass(frozen=True)
class RunConfig:
    """What a configuration (file and flags) says about the chain."""

    profile: str | None = None
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Where it came from, for error messages (``None``: no file).
    source: str | None = None

    def merged(
        self,
        profile: str | None = None,
        enable: Iterable[str] = (),
        disable: Iterable[str] = (),
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> RunConfig:
        """This configuration overridden by flags: a flag's enable cancels a file's disable."""
        enable, disable = tuple(enable), tuple(disable)
        merged_enable = [n for n in self.enable if n not in disable] + [
            n for n in enable if n not in self.enable
        ]
        merged_disable = [n for n in self.disable if n not in enable] + [
            n for n in disable if n not in self.disable
        ]
        merged_options = {name: dict(values) for name, values in self.options.items()}
        for name, values in (options or {}).items():
            merged_options.setdefault(name, {}).update(values)
        return RunConfig(
            profile or self.profile,
            tuple(merged_enable),
            tuple(merged_disable),
            merged_options,
            self.source,
        )


def find_config(directory: Path | None = None) -> Path | None:
    """``normkit.toml`` in ``directory`` (default: the current one), else a ``pyproject.toml``
    there that has a ``[tool.normkit]`` table; ``None`` when neither exists."""
    directory = directory or Path.cwd()
    candidate = directory / CONFIG_NAME
    if candidate.is_file():
        return candidate
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        try:
            text = pyproject.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            # broken: report it (via load_config) if it meant to configure normkit
            return pyproject if "[tool.normkit" in text else None
        if isinstance(data.get("tool"), dict) and "normkit" in data["tool"]:
            return pyproject
    return None


def load_config(path: Path | str, known_names: Iterable[str] | None = None) -> RunConfig:
    """Read a configuration file; ``pyproject.toml`` is read from its ``[tool.normkit]`` table.

    With ``known_names`` (the registered normalisers), option tables naming anything
    else are errors.
    """
    path = Path(path)
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(toml_error(path, exc, text)) from exc
    prefix = ""
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("normkit", {}) if isinstance(tool, dict) else {}
        prefix = "tool.normkit."
    return parse_config(data, str(path), known_names, prefix)


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


def toml_error(path: Path, exc: Exception, text: str = "") -> str:
    """``FILE:LINE:COLUMN: invalid TOML: WHAT`` (the place tomllib names in its message;
    an error "at end of document" is placed just after the last character of ``text``).

    >>> toml_error(Path("a.toml"), tomllib.TOMLDecodeError("Invalid value (at line 3, column 9)"))
    'a.toml:3:9: invalid TOML: Invalid value'
    """
    message = str(exc)
    found = _AT.search(message)
    if found is None:
        return f"{path}: invalid TOML: {message}"
    what = message[: found.start()]
    if found.group(1) is None:
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        return f"{path}:{line}:{column}: invalid TOML: {what} (at the end of the file)"
    return f"{path}:{found.group(1)}:{found.group(2)}: invalid TOML: {what}"


def parse_config(
    data: Mapping[str, Any],
    source: str = "<config>",
    known_names: Iterable[str] | None = None,
    prefix: str = "",
) -> RunConfig:
    """Validate a configuration given as a mapping (as TOML parses it)."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: {prefix.rstrip('.') or 'configuration'} must be a table")
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{source}: unknown key {prefix + key!r} (valid keys: {', '.join(KEYS)})")
    profile = data.get("profile")
    if profile is not None and not isinstance(profile, str):
        raise ConfigError(f"{source}: {prefix}profile must be a string, not {profile!r}")
    known = set(known_names) if known_names is not None else None
    enable = _names(data.get("enable", []), f"{prefix}enable", source, known)
    disable = _names(data.get("disable", []), f"{prefix}disable", source, known)
    options = _options(data.get("options", {}), f"{prefix}options", source, known)
    return RunConfig(profile, enable, disable, options, source)


def _names(value: Any, key: str, source: str, known: set[str] | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: {key} must be a list of normaliser names, not {value!r}")
    if known is not None:
        for name in value:
            if name not in known:
                raise ConfigError(
                    f"{source}: {key}: unknown normaliser {name!r} (known: {', '.join(sorted(known))})"
                )
    return tuple(value)


def _options(value: Any, key: str, source: str, known: set[str] | None) -> dict[str, dict[str, Any]]:
    """Option tables keyed by normaliser name.

    Both ``[options."unicode.spaces"]`` and the nested ``[options.unicode.spaces]`` are
    accepted: nested tables are followed until their dotted path names a normaliser.
    """
    if not isinstance(value, Mapping):
        raise ConfigError(f"{source}: {key} must be a table of option tables, not {value!r}")
    found: dict[str, dict[str, Any]] = {}

    def walk(table: Mapping[str, Any], path: list[str]) -> None:
        for name, sub in table.items():
            dotted = ".".join([*path, name])
            if not isinstance(sub, Mapping):
                raise ConfigError(f"{source}: {key}.{dotted} must be a table of options, not {sub!r}")
            if known is None:
                is_name = not sub or not all(isinstance(v, Mapping) for v in sub.values())
                deeper = not is_name
            else:
                is_name = dotted in known
                deeper = not is_name and any(k.startswith(dotted + ".") for k in known)
            if is_name:
                found[dotted] = dict(sub)
            elif deeper:
                walk(sub, [*path, name])
            else:
                valid = f" (known: {', '.join(sorted(known or ()))})"
                raise ConfigError(f"{source}: {key}.{dotted}: unknown normaliser {dotted!r}{valid}")

    walk(value, [])
    return found


def parse_value(text: str) -> Any:
    """A ``--set`` value: a TOML value (``3``, ``true``, ``["a", "b"]``), else the string itself.

    >>> parse_value("3"), parse_value("true"), parse_value('["a"]'), parse_value("t2s")
    (3, True, ['a'], 't2s')
    """
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def parse_setting(setting: str) -> tuple[str, str, Any]:
    """Split ``NAME.OPTION=VALUE`` into its parts (the name may hold dots).

    >>> parse_setting("layout.whitespace.max_blank=2")
    ('layout.whitespace', 'max_blank', 2)
    """
    key, sep, raw = setting.partition("=")
    name, dot, option = key.strip().rpartition(".")
    if not sep or not dot or not name or not option:
        raise ConfigError(f"expected NAME.OPTION=VALUE, got {setting!r}")
    return name, option, parse_value(raw.strip())
