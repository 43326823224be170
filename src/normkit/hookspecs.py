"""The hooks a normkit plugin can implement, each marked with :data:`hookimpl`.

A plugin is any object (usually a module, found through an entry point of group
``normkit``) with such functions; ``docs/plugins.md`` tells the whole story:

>>> import normkit
>>> class Shout(normkit.Normaliser):
...     name = "example.shout"
...     stage = normkit.Stage.INLINE
...     description = "Upper-case ASCII letters."
...     def normalise(self, text, ctx):
...         return text.upper()
>>> class Plugin:
...     @normkit.hookimpl
...     def normkit_register_normalisers(self, register: normkit.Register) -> None:
...         register(Shout)
>>> manager = normkit.get_registry().manager
>>> _ = manager.register(Plugin(), name="example")
>>> registry = normkit.Registry(manager, {})
>>> normkit.Pipeline(steps=["example.shout"], registry=registry).clean("abc 中文")
'ABC 中文'
>>> normkit.reset_registry()  # the next registry is built afresh, without the example
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pluggy

from ._normaliser import Register

hookspec = pluggy.HookspecMarker("normkit")
hookimpl = pluggy.HookimplMarker("normkit")


@hookspec
def normkit_register_normalisers(register: Register) -> None:
    """Register normaliser classes by calling ``register(cls)`` once for each (``register``
    is a :data:`normkit.Register`); the module's example shows a whole plugin. The
    built-in families implement this hook too:

    >>> import normkit
    >>> names = []
    >>> normkit.get_registry().manager.hook.normkit_register_normalisers(register=lambda cls: names.append(cls.name))
    []
    >>> "layout.whitespace" in names
    True
    """


@hookspec
def normkit_boilerplate_lexicon() -> Mapping[str, Iterable[str]]:
    """Return extra terms for the boilerplate and spam lexicons, by kind.

    Kinds: ``navigation``, ``metadata``, ``credit``, ``copyright``, ``footer``,
    ``related``, ``spam`` (see ``docs/normalisers/boilerplate.md``). Terms may be written
    in simplified or traditional Chinese; both scripts match. Read by
    ``boilerplate.lines`` and ``spam.tails`` when their ``use_plugins`` option is on.

    >>> import normkit
    >>> class Plugin:
    ...     @normkit.hookimpl
    ...     def normkit_boilerplate_lexicon(self):
    ...         return {"navigation": ["回到顶端"]}
    >>> manager = normkit.get_registry().manager
    >>> _ = manager.register(Plugin(), name="lexicon-example")
    >>> manager.hook.normkit_boilerplate_lexicon()
    [{'navigation': ['回到顶端']}]
    >>> normkit.reset_registry()
    """
    return {}


@hookspec
def normkit_register_signals(register: Callable[[Any], None]) -> None:
    """Register document signals by calling ``register(signal)`` with a
    :class:`normkit.signals.Signal` for each (name, type, description, compute).

    Signals are computed on every cleaned document after the chain, written with the
    annotations and usable in ``--drop-if``; see ``docs/signals.md``.

    >>> import normkit
    >>> from normkit.signals import Signal, SignalInput, signal_set
    >>> class Plugin:
    ...     @normkit.hookimpl
    ...     def normkit_register_signals(self, register):
    ...         register(Signal("exclamations", "int", "Number of ！.", lambda d: d.text.count("！")))
    >>> manager = normkit.get_registry().manager
    >>> _ = manager.register(Plugin(), name="signal-example")
    >>> signal_set(normkit.Registry(manager, {})).compute(SignalInput("好！好！"))["exclamations"]
    2
    >>> normkit.reset_registry()
    """
