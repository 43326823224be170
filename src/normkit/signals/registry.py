"""The signals of a registry: built-ins and plugins, through ``normkit_register_signals``."""

from __future__ import annotations

import functools

from .._registry import Registry, get_registry
from ..errors import PluginError
from .base import Signal, SignalSet, check_signal


@functools.cache
def _signals_of(registry: Registry) -> SignalSet:
    found: list[Signal] = []
    owner: dict[str, str] = {}
    for impl in registry.manager.hook.normkit_register_signals.get_hookimpls():
        plugin = impl.plugin_name
        added: list[object] = []
        try:
            impl.function(register=added.append)
        except Exception as exc:
            raise PluginError(
                f"plugin {plugin} failed while registering signals: {type(exc).__name__}: {exc}"
            ) from exc
        for item in added:
            signal = check_signal(item, f"plugin {plugin}")
            if signal.name in owner:
                raise PluginError(
                    f"signal {signal.name!r} is registered twice: by plugin {owner[signal.name]} and by plugin {plugin}"
                )
            owner[signal.name] = plugin
            found.append(signal)
    return SignalSet(tuple(found))


def signal_set(registry: Registry | None = None) -> SignalSet:
    """Every registered signal (built-ins first, then plugins), computed once per registry.

    >>> signal_set().names[:3]
    ['chars', 'han_chars', 'kana_chars']
    """
    return _signals_of(registry or get_registry())
