"""The hooks a normkit plugin can implement."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pluggy

from ._normaliser import Register

hookspec = pluggy.HookspecMarker("normkit")
hookimpl = pluggy.HookimplMarker("normkit")


@hookspec
def normkit_register_normalisers(register: Register) -> None:
    """Register normaliser classes by calling ``register(cls)`` once for each."""


@hookspec
def normkit_boilerplate_lexicon() -> Mapping[str, Iterable[str]]:
    """Return extra terms for the boilerplate and spam lexicons, by kind.

    Kinds: ``navigation``, ``metadata``, ``credit``, ``copyright``, ``footer``,
    ``related``, ``spam`` (see ``docs/normalisers/boilerplate.md``). Terms may be written
    in simplified or traditional Chinese; both scripts match. Read by
    ``boilerplate.lines`` and ``spam.tails`` when their ``use_plugins`` option is on.
    """
    return {}


@hookspec
def normkit_register_signals(register: Callable[[Any], None]) -> None:
    """Register document signals by calling ``register(signal)`` with a
    :class:`normkit.signals.Signal` for each (name, type, description, compute).

    Signals are computed on every cleaned document after the chain, written with the
    annotations and usable in ``--drop-if``; see ``docs/signals.md``.
    """
