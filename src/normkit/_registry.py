"""The plugin registry: one pluggy manager, built-ins first, then entry points."""

from __future__ import annotations

import importlib.metadata
import os
import threading
from dataclasses import dataclass
from types import ModuleType

import pluggy

from . import hookspecs
from ._normaliser import Normaliser, NormaliserClass
from ._stage import Stage
from .errors import PluginError

ENTRY_POINT_GROUP = "normkit"
#: The modules of the built-in normalisers, registered as default plugins.
BUILTIN_MODULES = (
    "normkit.normalisers.unicode",
    "normkit.normalisers.layout",
    "normkit.normalisers.script",
)


@dataclass(frozen=True)
class Registration:
    """A registered normaliser class and where it came from."""

    cls: NormaliserClass
    plugin: str
    distribution: str
    dist_version: str


class Registry:
    """Every normaliser that the loaded plugins registered, by name."""

    def __init__(self, manager: pluggy.PluginManager, sources: dict[str, tuple[str, str]]) -> None:
        self.manager = manager
        self._by_name: dict[str, Registration] = {}
        for impl in manager.hook.normkit_register_normalisers.get_hookimpls():
            plugin = impl.plugin_name
            dist, version = sources.get(plugin, (plugin, ""))
            try:
                impl.function(register=lambda cls, p=plugin, d=dist, v=version: self._add(cls, p, d, v))
            except PluginError:
                raise
            except Exception as exc:
                raise PluginError(f"plugin {plugin} ({dist}) failed while registering: {exc!r}") from exc

    def _add(self, cls: NormaliserClass, plugin: str, dist: str, version: str) -> None:
        _check_class(cls, plugin)
        previous = self._by_name.get(cls.name)
        if previous is not None:
            raise PluginError(
                f"normaliser {cls.name!r} is registered twice: by plugin {previous.plugin} "
                f"({previous.distribution}) and by plugin {plugin} ({dist})"
            )
        self._by_name[cls.name] = Registration(cls, plugin, dist, version)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Registration:
        try:
            return self._by_name[name]
        except KeyError:
            raise PluginError(f"unknown normaliser {name!r} (known: {', '.join(sorted(self._by_name))})") from None

    def names(self) -> list[str]:
        return sorted(self._by_name)

    def registrations(self) -> list[Registration]:
        return [self._by_name[n] for n in self.names()]


def _check_class(cls: object, plugin: str) -> None:
    if not (isinstance(cls, type) and issubclass(cls, Normaliser)):
        raise PluginError(f"plugin {plugin} registered {cls!r}, which is not a Normaliser subclass")
    for attr in ("name", "stage", "description"):
        if not getattr(cls, attr, None):
            raise PluginError(f"plugin {plugin}: normaliser {cls.__name__} has no {attr}")
    if not isinstance(cls.stage, Stage):
        raise PluginError(f"plugin {plugin}: normaliser {cls.name} has stage {cls.stage!r}, not a Stage")


def _env_list(name: str) -> list[str] | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def build_registry(load_entry_points: bool = True) -> Registry:
    """Load the built-ins and the installed plugins, honouring the environment variables.

    ``NORMKIT_LOAD_PLUGINS``: comma-separated distributions to load (set but empty: none).
    ``NORMKIT_DISABLE_PLUGINS``: distributions (or entry-point names) never to load.
    """
    import normkit

    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    sources: dict[str, tuple[str, str]] = {}
    for module_name in BUILTIN_MODULES:
        module = importlib.import_module(module_name)
        manager.register(module, name=module_name)
        sources[module_name] = ("normkit", normkit.__version__)
    if load_entry_points:
        _load_entry_points(manager, sources)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r} is invalid: {exc}") from exc
    return Registry(manager, sources)


def _load_entry_points(manager: pluggy.PluginManager, sources: dict[str, tuple[str, str]]) -> None:
    only = _env_list("NORMKIT_LOAD_PLUGINS")
    wanted = None if only is None else {_canonical(n) for n in only}
    blocked = {_canonical(n) for n in _env_list("NORMKIT_DISABLE_PLUGINS") or ()}
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist is not None else ep.name
        version = ep.dist.version if ep.dist is not None else ""
        names = {_canonical(dist), _canonical(ep.name)}
        if (wanted is not None and not names & wanted) or names & blocked:
            continue
        if manager.get_plugin(ep.name) is not None:
            continue
        try:
            plugin: ModuleType = ep.load()
        except Exception as exc:
            raise PluginError(f"plugin {ep.name} from distribution {dist} failed to import: {exc!r}") from exc
        try:
            manager.register(plugin, name=ep.name)
        except ValueError as exc:
            raise PluginError(f"plugin {ep.name} from distribution {dist}: {exc}") from exc
        sources[ep.name] = (dist, version)


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


_lock = threading.Lock()
_registry: Registry | None = None


def get_registry() -> Registry:
    """The process-wide registry, built on first use."""
    global _registry
    with _lock:
        if _registry is None:
            _registry = build_registry()
        return _registry


def reset_registry() -> None:
    """Forget the registry so that the next use reloads plugins (tests, env changes)."""
    global _registry
    with _lock:
        _registry = None
