"""The plugin registry: one pluggy manager, built-ins first, then entry points."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import threading
import warnings
from dataclasses import dataclass

import pluggy

from . import hookspecs
from ._normaliser import Normaliser, NormaliserClass, Stage
from .errors import BrokenPluginWarning, PluginError

ENTRY_POINT_GROUP = "normkit"
#: The modules of the built-in normalisers, registered as default plugins.
BUILTIN_MODULES = (
    "normkit.normalisers.unicode",
    "normkit.normalisers.layout",
    "normkit.normalisers.markup",
    "normkit.normalisers.lines",
    "normkit.normalisers.pinyin",
    "normkit.normalisers.punctuation",
    "normkit.normalisers.mojibake",
    "normkit.normalisers.spam",
    "normkit.normalisers.boilerplate",
    "normkit.normalisers.repeated",
    "normkit.normalisers.script",
    "normkit.normalisers.pii",
    "normkit.normalisers.floods",
    "normkit.normalisers.fullwidth",
    "normkit.signals.builtin",
)


@dataclass(frozen=True)
class Registration:
    """A registered normaliser class and where it came from."""

    cls: NormaliserClass
    plugin: str
    distribution: str
    dist_version: str


class Registry:
    """Every normaliser that the loaded plugins registered, by name.

    With ``skip_broken``, a plugin that fails while registering is left out whole (none
    of its normalisers are kept) with a :class:`BrokenPluginWarning`; otherwise it is a
    :class:`PluginError` naming the plugin and its distribution.

    >>> import normkit
    >>> registry = normkit.get_registry()
    >>> "punctuation.width" in registry, registry["punctuation.width"].plugin
    (True, 'normkit.normalisers.punctuation')
    """

    def __init__(
        self,
        manager: pluggy.PluginManager,
        sources: dict[str, tuple[str, str]],
        skip_broken: bool = False,
    ) -> None:
        self.manager = manager
        self.problems: list[str] = []
        self._by_name: dict[str, Registration] = {}
        for impl in manager.hook.normkit_register_normalisers.get_hookimpls():
            plugin = impl.plugin_name
            dist, version = sources.get(plugin, (plugin, ""))
            found: list[NormaliserClass] = []
            try:
                impl.function(register=found.append)
                added = [self._registration(cls, plugin, dist, version) for cls in found]
            except (Exception, SystemExit) as exc:  # a plugin calling exit() is broken too
                problem = (
                    exc if isinstance(exc, PluginError) else _failed(plugin, dist, "while registering", exc)
                )
                if not skip_broken or plugin in _BUILTIN_SET:
                    raise problem from exc
                self._skip(str(problem))
                continue
            for registration in added:
                self._by_name[registration.cls.name] = registration

    def _registration(self, cls: NormaliserClass, plugin: str, dist: str, version: str) -> Registration:
        _check_class(cls, plugin, dist)
        previous = self._by_name.get(cls.name)
        if previous is not None:
            raise PluginError(
                f"normaliser {cls.name!r} is registered twice: by plugin {previous.plugin} "
                f"({previous.distribution}) and by plugin {plugin} ({dist})"
            )
        return Registration(cls, plugin, dist, version)

    def _skip(self, problem: str) -> None:
        self.problems.append(problem)
        warnings.warn(f"skipped: {problem}", BrokenPluginWarning, stacklevel=3)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Registration:
        try:
            return self._by_name[name]
        except KeyError:
            known = ", ".join(sorted(self._by_name))
            raise PluginError(f"unknown normaliser {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        return sorted(self._by_name)

    def registrations(self) -> list[Registration]:
        return [self._by_name[n] for n in self.names()]


_BUILTIN_SET = frozenset(BUILTIN_MODULES)


def _failed(plugin: str, dist: str, when: str, exc: BaseException) -> PluginError:
    cause = " ".join(str(exc).split())  # one line, whatever the library wrote
    return PluginError(
        f"plugin {plugin} from distribution {dist} failed {when}: {type(exc).__name__}: {cause}"
    )


def _check_class(cls: object, plugin: str, dist: str) -> None:
    where = f"plugin {plugin} from distribution {dist}"
    if not (isinstance(cls, type) and issubclass(cls, Normaliser)):
        raise PluginError(f"{where} registered {cls!r}, which is not a Normaliser subclass")
    for attr in ("name", "stage", "description"):
        if not getattr(cls, attr, None):
            raise PluginError(f"{where}: normaliser {cls.__name__} has no {attr}")
    if not isinstance(cls.stage, Stage):
        raise PluginError(f"{where}: normaliser {cls.name} has stage {cls.stage!r}, not a normkit.Stage")


def _env_list(name: str) -> list[str] | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def skip_broken_from_env() -> bool:
    """Whether ``NORMKIT_SKIP_BROKEN_PLUGINS`` asks to skip broken plugins."""
    return os.environ.get("NORMKIT_SKIP_BROKEN_PLUGINS", "").lower() in ("1", "true", "yes")


def build_registry(load_entry_points: bool = True, skip_broken: bool | None = None) -> Registry:
    """Load the built-ins and the installed plugins, honouring the environment variables.

    ``NORMKIT_LOAD_PLUGINS``: comma-separated distributions to load (set but empty: none).
    ``NORMKIT_DISABLE_PLUGINS``: distributions (or entry-point names) never to load.
    ``NORMKIT_SKIP_BROKEN_PLUGINS=1`` (or ``skip_broken=True``): a plugin that fails to
    load or register is skipped with a warning instead of being an error.
    """
    import normkit

    skip = skip_broken_from_env() if skip_broken is None else skip_broken
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    sources: dict[str, tuple[str, str]] = {}
    for module_name in BUILTIN_MODULES:
        manager.register(importlib.import_module(module_name), name=module_name)
        sources[module_name] = ("normkit", normkit.__version__)
    problems: list[str] = []
    if load_entry_points:
        problems = _load_entry_points(manager, sources, skip)
    registry = Registry(manager, sources, skip)
    registry.problems[:0] = problems
    return registry


def _load_entry_points(
    manager: pluggy.PluginManager, sources: dict[str, tuple[str, str]], skip: bool
) -> list[str]:
    only = _env_list("NORMKIT_LOAD_PLUGINS")
    wanted = None if only is None else {_canonical(n) for n in only}
    blocked = {_canonical(n) for n in _env_list("NORMKIT_DISABLE_PLUGINS") or ()}
    problems: list[str] = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist is not None else ep.name
        version = ep.dist.version if ep.dist is not None else ""
        names = {_canonical(dist), _canonical(ep.name)}
        if (wanted is not None and not names & wanted) or names & blocked:
            continue
        if manager.get_plugin(ep.name) is not None:
            continue
        try:
            plugin = ep.load()
            manager.register(plugin, name=ep.name)
            _check_hooks(manager, ep.name)
        except (Exception, SystemExit) as exc:
            if manager.get_plugin(ep.name) is not None:
                manager.unregister(name=ep.name)
            problem = exc if isinstance(exc, PluginError) else _failed(ep.name, dist, "to load", exc)
            if not skip:
                raise problem from exc
            problems.append(str(problem))
            warnings.warn(f"skipped: {problem}", BrokenPluginWarning, stacklevel=3)
            continue
        sources[ep.name] = (dist, version)
    return problems


def _check_hooks(manager: pluggy.PluginManager, name: str) -> None:
    """A hook implementation that normkit does not define is an error naming the plugin."""
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {name} implements a hook normkit does not define: {exc}") from exc


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


_lock = threading.Lock()
_registry: Registry | None = None


def get_registry() -> Registry:
    """The process-wide registry, built on first use.

    >>> import normkit
    >>> normkit.get_registry() is normkit.get_registry()
    True
    """
    global _registry
    with _lock:
        if _registry is None:
            _registry = build_registry()
        return _registry


def reset_registry() -> None:
    """Forget the registry so that the next use reloads plugins (tests, env changes).

    >>> import normkit
    >>> before = normkit.get_registry()
    >>> normkit.reset_registry()
    >>> normkit.get_registry() is before
    False
    """
    global _registry
    with _lock:
        _registry = None
