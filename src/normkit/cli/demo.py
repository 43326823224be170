"""``normkit demo``: the sample Chinese web pages shipped with normkit, cleaned, with what changed and why."""

from __future__ import annotations

import click


@click.command()
@click.option("--profile", default="default", show_default=True, help="Profile to run.")
@click.option(
    "--changes",
    "max_changes",
    type=click.IntRange(0),
    default=8,
    show_default=True,
    help="Changes shown per page.",
)
def demo(profile: str, max_changes: int) -> None:
    """Clean the sample Chinese web pages shipped with normkit and show what changed and why."""
    from ..run.demo import run_demo

    try:
        run_demo(profile, max_changes)
    except Exception as exc:  # a profile name is the only input
        raise click.BadParameter(str(exc), param_hint="'--profile'") from None
