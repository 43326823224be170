"""Choosing and ordering normalisers: profiles, constraints, chain configuration."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._normaliser import Normaliser, NormaliserClass
from ._options import build_options, options_as_dict
from ._registry import Registry
from .errors import ChainError, ConfigError

#: The built-in profiles (see docs/architecture.md, Profiles). A normaliser says which ones include it.
PROFILES = {
    "default": "every safe repair and removal, no script conversion",
    "minimal": "character-level repairs only; no line is ever dropped",
    "zh-hans": "default, then convert to simplified Chinese",
    "zh-hant": "default, then convert to traditional Chinese",
    "pii": "default, then mask personal data (pii.mask)",
}
#: Profiles that hold another's members besides their own (and its profile options).
PROFILE_BASE = {"pii": "default"}


@dataclass(frozen=True)
class ChainConfig:
    """A chain as data: the normalisers' names, in order, with their options.

    This is what crosses process boundaries; the chain is rebuilt from the registry.

    >>> import normkit
    >>> normkit.Pipeline(steps=["layout.whitespace"]).config.names
    ['layout.whitespace']
    """

    steps: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.steps]

    def build(self, registry: Registry) -> list[Normaliser]:
        return [
            registry[name].cls(build_options(name, registry[name].cls.Options, dict(opts)))
            for name, opts in self.steps
        ]


def select(
    registry: Registry,
    profile: str | None = "default",
    steps: Iterable[str] | None = None,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> ChainConfig:
    """Choose the normalisers, order them and validate their options.

    With ``steps``, exactly those run (in chain order); otherwise the profile's members,
    plus ``enable``, minus ``disable``. ``options`` maps a normaliser's name to its options.

    >>> from normkit import get_registry
    >>> select(get_registry(), "minimal", disable=["layout.whitespace"]).names[-2:]
    ['unicode.controls', 'unicode.spaces']
    >>> select(get_registry(), steps=["layout.whitespace", "unicode.controls"]).names
    ['unicode.controls', 'layout.whitespace']
    """
    if steps is not None:
        names = set(_known(registry, steps, "step"))
        profile_opts: Mapping[str, Mapping[str, Any]] = {}
    else:
        profile = profile or "default"
        if profile not in PROFILES:
            raise ConfigError(f"unknown profile {profile!r} (valid: {', '.join(PROFILES)})")
        members = {profile, PROFILE_BASE.get(profile, profile)}
        names = {r.cls.name for r in registry.registrations() if members & r.cls.profiles}
        names |= set(_known(registry, enable, "enable"))
        names -= set(_known(registry, disable, "disable"))
        base = PROFILE_BASE.get(profile, profile)
        profile_opts = {
            r.cls.name: {**r.cls.profile_options.get(base, {}), **r.cls.profile_options.get(profile, {})}
            for r in registry.registrations()
        }
    user_opts = dict(options or {})
    for name in user_opts:
        if name not in names:
            raise ConfigError(
                f"options given for {name!r}, which is not in the chain (chain: {', '.join(sorted(names))})"
            )
    ordered = order([registry[n].cls for n in names], registry)
    config_steps = []
    for cls in ordered:
        values = {**profile_opts.get(cls.name, {}), **user_opts.get(cls.name, {})}
        opts = build_options(cls.name, cls.Options, values)
        config_steps.append((cls.name, tuple(options_as_dict(opts).items())))
    return ChainConfig(tuple(config_steps))


def _known(registry: Registry, names: Iterable[str], what: str) -> list[str]:
    names = list(names)
    for name in names:
        if name not in registry:
            raise ConfigError(f"{what}: unknown normaliser {name!r} (known: {', '.join(registry.names())})")
    return names


def order(classes: Iterable[NormaliserClass], registry: Registry) -> list[NormaliserClass]:
    """Sort by stage, then topologically by ``after``/``before``, ties broken by name."""
    chosen = {c.name: c for c in classes}
    edges: dict[str, set[str]] = {n: set() for n in chosen}  # n -> names that must come after n
    for cls in chosen.values():
        for kind, others in (("after", cls.after), ("before", cls.before)):
            for other in others:
                if other not in registry:
                    raise ChainError(
                        f"{cls.name} declares {kind}={other!r}, which is no registered normaliser"
                    )
                if other not in chosen:
                    continue
                first, second = (other, cls.name) if kind == "after" else (cls.name, other)
                if chosen[first].stage.rank > chosen[second].stage.rank:
                    raise ChainError(
                        f"{cls.name} declares {kind}={other!r}, but {first} runs in stage "
                        f"{chosen[first].stage.value}, after {second}'s stage {chosen[second].stage.value}"
                    )
                edges[first].add(second)
    incoming = {n: 0 for n in chosen}
    for targets in edges.values():
        for t in targets:
            incoming[t] += 1
    ready = [(chosen[n].stage.rank, n) for n, k in incoming.items() if k == 0]
    heapq.heapify(ready)
    result: list[NormaliserClass] = []
    while ready:
        _, name = heapq.heappop(ready)
        result.append(chosen[name])
        for t in edges[name]:
            incoming[t] -= 1
            if incoming[t] == 0:
                heapq.heappush(ready, (chosen[t].stage.rank, t))
    if len(result) < len(chosen):
        stuck = sorted(n for n, k in incoming.items() if k > 0)
        raise ChainError(f"ordering constraints form a cycle among: {', '.join(stuck)}")
    return result
