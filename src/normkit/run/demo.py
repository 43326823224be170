"""``normkit demo``: clean the sample pages shipped in the package and show what changed and why."""

from __future__ import annotations

from importlib import resources

import click

from .._context import Document
from .._pipeline import Pipeline


def sample_pages() -> list[tuple[str, str]]:
    """``(name, text)`` of every sample page shipped in ``normkit/data/samples``.

    >>> len(sample_pages()) >= 3 and all(name.endswith(".txt") for name, _ in sample_pages())
    True
    """
    folder = resources.files("normkit") / "data" / "samples"
    pages = [
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".txt")
    ]
    return sorted(pages)


def _short(text: str, limit: int = 40) -> str:
    """``text`` quoted, with invisible characters escaped, cut to ``limit``."""
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 2] + "…" + shown[0]


def run_demo(profile: str = "default", max_changes: int = 8) -> None:
    """Clean the sample pages with ``profile`` and print what changed and why (at most
    ``max_changes`` changes and dropped lines a page), and the statistics per normaliser.

    >>> run_demo("minimal", max_changes=0)  # doctest: +ELLIPSIS
    normkit demo: ... sample web pages, profile 'minimal'
    chain: ...
    Per normaliser:
    ...
    Next: normkit clean YOUR_FILES -o OUT_DIR   (see normkit clean --help)
    """
    pipe = Pipeline.from_profile(profile)
    pages = sample_pages()
    click.secho(f"normkit demo: {len(pages)} sample web pages, profile {profile!r}", bold=True)
    click.echo(f"chain: {' -> '.join(pipe.names)}\n")
    for name, text in pages:
        result = pipe.process(Document(text, name), explain=True)
        click.secho(
            f"{name}: {len(text)} -> {len(result.text)} characters, "
            f"{len(result.changes)} change(s), {len(result.dropped)} line(s) dropped",
            bold=True,
        )
        for change in result.changes[:max_changes]:
            where = f"char {change.old_span[0]}"
            old, new = _short(change.old), _short(change.new)
            click.echo(f"  {change.normaliser:<22} {where:<10} {old:>14} -> {new:<14} {change.reason}")
        if len(result.changes) > max_changes:
            click.echo(
                f"  … and {len(result.changes) - max_changes} more (normkit clean --explain FILE shows all)"
            )
        for dropped in result.dropped[:max_changes]:
            click.echo(
                f"  dropped line {dropped.line} ({dropped.normaliser}): "
                f"{_short(dropped.text)}  — {dropped.reason}"
            )
        head = result.text.splitlines()[:3]
        click.echo("  cleaned text begins:")
        for line in head:
            click.echo(f"    {_short(line, 60)}")
        click.echo()
    click.echo("Per normaliser:")
    for step, stats in pipe.stats.steps.items():
        click.echo(
            f"  {step:<22} changed {stats.changed} page(s), "
            f"-{stats.chars_removed}/+{stats.chars_added} chars, {stats.lines_dropped} line(s) dropped"
        )
    click.echo("\nNext: normkit clean YOUR_FILES -o OUT_DIR   (see normkit clean --help)")
