"""Typed, validated normaliser options.

A normaliser's options are a frozen dataclass. :func:`build_options` turns a plain
mapping (from Python, TOML or ``--set``) into an instance, checking every key and
value against the dataclass's annotations.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, get_args, get_origin

from .errors import OptionError


@dataclasses.dataclass(frozen=True)
class NoOptions:
    """Options of a normaliser that takes none (the default ``Options``).

    >>> import normkit
    >>> normkit.Normaliser.Options is normkit.NoOptions
    True
    """


def build_options(normaliser: str, options_cls: type[Any], values: Mapping[str, Any]) -> Any:
    """Return ``options_cls(**values)`` after validating every key and value.

    >>> import normkit
    >>> Options = normkit.get_registry()["layout.whitespace"].cls.Options
    >>> build_options("layout.whitespace", Options, {"max_blank_lines": 2}).max_blank_lines
    2
    >>> build_options("layout.whitespace", Options, {"max_blank_lines": "x"})
    Traceback (most recent call last):
    ...
    normkit.OptionError: layout.whitespace: option 'max_blank_lines' = 'x': must be an integer
    """
    hints = typing.get_type_hints(options_cls)
    fields = {f.name for f in dataclasses.fields(options_cls)}
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if key not in fields:
            valid = ", ".join(sorted(fields)) or "none"
            raise OptionError(normaliser, key, value, f"unknown option (valid: {valid})")
        checked[key] = _coerce(normaliser, key, value, hints[key])
    try:
        return options_cls(**checked)
    except (TypeError, ValueError) as exc:
        key = _culprit(options_cls, checked, str(exc))
        raise OptionError(normaliser, key, values.get(key), str(exc)) from exc


def _culprit(options_cls: type[Any], checked: Mapping[str, Any], problem: str) -> str:
    """The option a failed check is about: the one its message names, else the first that
    fails on its own (the others at their defaults), else all of them."""
    named = [k for k in checked if re.search(rf"(?<![\w.]){re.escape(k)}(?!\w)", problem)]
    if len(named) == 1:
        return named[0]
    for key in named or checked:
        try:
            options_cls(**{key: checked[key]})
        except (TypeError, ValueError):
            return key
    return ", ".join(checked) or "?"


def options_as_dict(options: Any) -> dict[str, Any]:
    """The options as a plain mapping (the inverse of :func:`build_options`).

    >>> import normkit
    >>> Options = normkit.get_registry()["layout.whitespace"].cls.Options
    >>> options_as_dict(Options(max_blank_lines=2))
    {'strip_indent': True, 'max_blank_lines': 2, 'final_newline': False}
    """
    return {f.name: getattr(options, f.name) for f in dataclasses.fields(options)}


def describe_options(options_cls: type[Any], normaliser: str) -> str:
    """A docstring for an options dataclass: its own text, then every field with its default.

    >>> import dataclasses
    >>> @dataclasses.dataclass(frozen=True)
    ... class Options:
    ...     '''How far to look.'''
    ...     window: int = 3
    >>> print(describe_options(Options, "example.look"))
    How far to look.
    <BLANKLINE>
    Options of ``example.look`` (name: type = default):
    <BLANKLINE>
    - ``window``: int = 3
    """
    try:
        hints = typing.get_type_hints(options_cls)
    except Exception:  # a plugin's unresolvable annotation: show it as written
        hints = dict(getattr(options_cls, "__annotations__", {}))
    own = options_cls.__doc__ or ""
    if own.startswith(options_cls.__name__ + "("):  # the signature dataclasses makes up
        own = ""
    rows = []
    for f in dataclasses.fields(options_cls):
        value = f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
        if value is dataclasses.MISSING:
            default = "(required)"
        else:
            default = repr(sorted(value) if isinstance(value, (set, frozenset)) else value)
        rows.append(f"- ``{f.name}``: {describe_type(hints.get(f.name))} = {default}")
    head = f"Options of ``{normaliser}`` (name: type = default):"
    body = "\n".join(rows) if rows else "(none)"
    return (own.strip() + "\n\n" if own.strip() else "") + head + "\n\n" + body


def describe_type(hint: Any) -> str:
    """A short human name for an option's type, for docs and ``normkit plugins``.

    >>> describe_type(int), describe_type(bool)
    ('int', 'bool')
    """
    origin = get_origin(hint)
    if origin is Literal:
        return " | ".join(repr(a) for a in get_args(hint))
    if origin in (tuple, frozenset, list):
        return f"list of {describe_type(get_args(hint)[0])}"
    if origin in (typing.Union, types.UnionType):
        return " | ".join(describe_type(a) for a in get_args(hint))
    return getattr(hint, "__name__", str(hint))


def _coerce(normaliser: str, key: str, value: Any, hint: Any) -> Any:
    """Check ``value`` against ``hint``; convert the few lossless cases (list -> tuple)."""
    origin = get_origin(hint)
    if origin is Literal:
        if value in get_args(hint):
            return value
        choices = ", ".join(repr(a) for a in get_args(hint))
        raise OptionError(normaliser, key, value, f"must be one of {choices}")
    if origin in (typing.Union, types.UnionType):
        for arg in get_args(hint):
            try:
                return _coerce(normaliser, key, value, arg)
            except OptionError:
                continue
        raise OptionError(normaliser, key, value, f"must be {describe_type(hint)}")
    if hint is type(None):
        if value is None:
            return None
        raise OptionError(normaliser, key, value, "must be None")
    if origin in (tuple, frozenset, list):
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, set, frozenset)):
            raise OptionError(normaliser, key, value, f"must be {describe_type(hint)}")
        (item,) = get_args(hint)[:1]
        items = [_coerce(normaliser, key, v, item) for v in value]
        return frozenset(items) if origin is frozenset else tuple(items)
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise OptionError(normaliser, key, value, "must be true or false")
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise OptionError(normaliser, key, value, "must be an integer")
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise OptionError(normaliser, key, value, "must be a number")
    if hint is str:
        if isinstance(value, str):
            return value
        raise OptionError(normaliser, key, value, "must be a string")
    if hint is Any:
        return value
    raise OptionError(normaliser, key, value, f"unsupported option type {hint!r}")
