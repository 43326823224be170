"""``normkit plugins``: every registered normaliser in chain order, as a table or JSON."""

from __future__ import annotations

from typing import Any

import click

from .status import load_registry, plugin_options


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--profile", default=None, help="Only the normalisers of this profile, in chain order.")
@plugin_options
def plugins(as_json: bool, profile: str | None) -> None:
    """List every registered normaliser in chain order."""
    import json

    from .._chain import order
    from .._options import describe_type, options_as_dict

    registry = load_registry()
    classes = order([r.cls for r in registry.registrations()], registry)
    rows: list[dict[str, Any]] = []
    for cls in classes:
        if profile and profile not in cls.profiles:
            continue
        reg = registry[cls.name]
        rows.append(
            {
                "name": cls.name,
                "stage": cls.stage.value,
                "version": cls.version,
                "distribution": reg.distribution,
                "distribution_version": reg.dist_version,
                "profiles": sorted(cls.profiles),
                "description": cls.description,
                "options": {
                    k: {"default": _jsonable(v), "type": describe_type(cls.Options.__annotations__.get(k))}
                    for k, v in options_as_dict(cls.Options()).items()
                },
            }
        )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max((len(r["name"]) for r in rows), default=4)
    for r in rows:
        source = f"{r['distribution']} {r['distribution_version']}".strip()
        click.echo(f"{r['name']:<{width}}  {r['stage']:<9}  {source:<20}  {r['description']}")


def _jsonable(value: Any) -> Any:
    """An option's default as JSON has it.

    >>> _jsonable(frozenset({"b", "a"})), _jsonable((1, 2))
    (['a', 'b'], [1, 2])
    """
    if isinstance(value, (tuple, frozenset, set)):
        return sorted(value) if isinstance(value, (frozenset, set)) else list(value)
    return value
