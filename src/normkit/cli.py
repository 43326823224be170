"""The ``normkit`` command. Heavy modules are imported inside the commands that need them."""

from __future__ import annotations

import sys
from typing import Any

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="normkit")
def main() -> None:
    """Clean web text for NLP and LLM corpora, correctly for Chinese."""


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--profile", default=None, help="Only the normalisers of this profile, in chain order.")
def plugins(as_json: bool, profile: str | None) -> None:
    """List every registered normaliser in chain order."""
    import json

    from ._chain import order
    from ._options import describe_type, options_as_dict
    from ._registry import get_registry

    registry = get_registry()
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
    if isinstance(value, (tuple, frozenset, set)):
        return sorted(value) if isinstance(value, (frozenset, set)) else list(value)
    return value


@main.command()
@click.argument("input", type=click.File("r", encoding="utf-8", errors="surrogateescape"), default="-")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
@click.option("--profile", default="default", show_default=True)
@click.option("--jsonl", is_flag=True, help="Input is JSON Lines (default when the name ends in .jsonl).")
@click.option("--text-field", default="text", show_default=True)
def clean(input: Any, output: Any, profile: str, jsonl: bool, text_field: str) -> None:
    """Clean a text or JSONL file (or stdin) and write the result."""
    import orjson

    from ._document import Document
    from ._pipeline import Pipeline

    pipe = Pipeline.from_profile(profile)
    if jsonl or str(getattr(input, "name", "")).endswith(".jsonl"):
        for line in input:
            if not line.strip():
                continue
            record = orjson.loads(line)
            record[text_field] = pipe.process(Document(record[text_field])).text
            output.write(orjson.dumps(record).decode() + "\n")
    else:
        output.write(pipe.clean(input.read()))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
