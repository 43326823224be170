"""The hooks a normkit plugin can implement."""

from __future__ import annotations

import pluggy

from ._normaliser import Register

hookspec = pluggy.HookspecMarker("normkit")
hookimpl = pluggy.HookimplMarker("normkit")


@hookspec
def normkit_register_normalisers(register: Register) -> None:
    """Register normaliser classes by calling ``register(cls)`` once for each."""
