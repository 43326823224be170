"""Choosing the chain from a configuration file and command-line flags.

Every error names the flag (or file) at fault and lists the valid choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .._chain import PROFILES, ChainConfig, select
from .._options import build_options
from .._registry import Registry, get_registry
from ..errors import ConfigError, OptionError
from ..errors import FlagError as FlagError
from .config import RunConfig, find_config, load_config, parse_setting


def choose_chain(
    profile: str | None = None,
    config: str | None = None,
    use_config: bool = True,
    enable: Sequence[str] = (),
    disable: Sequence[str] = (),
    settings: Sequence[str] = (),
    registry: Registry | None = None,
    cwd: Path | None = None,
) -> tuple[ChainConfig, RunConfig]:
    """The chain the flags and the configuration file (given, or found in ``cwd``) describe."""
    registry = registry or get_registry()
    known = registry.names()
    file_config = RunConfig()
    if config is not None:
        try:
            file_config = load_config(config, known)
        except ConfigError as exc:
            raise FlagError("--config", str(exc)) from exc
    elif use_config:
        found = find_config(cwd)
        if found is not None:
            try:
                file_config = load_config(found, known)
            except ConfigError as exc:
                raise FlagError("--config", f"{exc} (found automatically; --no-config ignores it)") from exc
    if profile is not None and profile not in PROFILES:
        raise FlagError("--profile", f"unknown profile {profile!r} (valid: {', '.join(PROFILES)})")
    for flag, names in (("--enable", enable), ("--disable", disable)):
        for name in names:
            if name not in registry:
                raise FlagError(flag, f"unknown normaliser {name!r} (known: {', '.join(known)})")
    options: dict[str, dict[str, Any]] = {}
    for setting in settings:
        try:
            name, option, value = parse_setting(setting)
        except ConfigError as exc:
            raise FlagError("--set", str(exc)) from exc
        if name not in registry:
            raise FlagError("--set", f"{setting!r}: unknown normaliser {name!r} (known: {', '.join(known)})")
        try:
            build_options(name, registry[name].cls.Options, {option: value})
        except OptionError as exc:
            raise FlagError("--set", str(exc)) from exc
        options.setdefault(name, {})[option] = value
    merged = file_config.merged(profile, enable, disable, options)
    if merged.profile is not None and merged.profile not in PROFILES:
        raise FlagError(
            "--config", f"{merged.source}: unknown profile {merged.profile!r} (valid: {', '.join(PROFILES)})"
        )
    try:
        chain = select(
            registry, merged.profile or "default", None, merged.enable, merged.disable, merged.options
        )
    except (ConfigError, OptionError) as exc:
        flag = "--set" if any(n in options for n in merged.options) and options else "--config"
        raise FlagError(flag, str(exc)) from exc
    return chain, merged
