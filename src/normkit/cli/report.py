"""The run of a plan, and what it prints: files, archives, the statistics table, the
counts line, rejects; ``--stats-json``; the exit status."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from .status import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_TERMINATED,
    EXIT_WOULD_CHANGE,
    broken_pipe,
    describe,
)


def run_and_report(
    plan: Any,
    chain: Any,
    options: Any,
    workers: int,
    progress: bool | None,
    quiet: bool,
    stats_json: str | None,
    started: float,
    execute: Any = None,
) -> int:
    """Run ``plan`` (on ``execute``, else locally), print what it did on stderr, write
    ``--stats-json``; return the exit status.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from normkit import Pipeline
    >>> from normkit.run.jobs import RunOptions
    >>> from normkit.run.plan import PlanRequest, make_plan
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("正文  \\n")
    >>> options = RunOptions(mode="check")
    >>> plan = make_plan(PlanRequest([str(folder / "a.txt")], workdir=folder), options)
    >>> chain = Pipeline(steps=["layout.whitespace"]).config
    >>> run_and_report(plan, chain, options, 1, False, True, None, 0.0) == EXIT_WOULD_CHANGE
    True
    """
    import time

    from ..errors import Terminated
    from ..run.local import run_plan
    from ..run.report import counts_line, files_line, filter_lines, stats_table
    from ..run.report import stats_json as stats_dict

    show_bar = progress if progress is not None else (sys.stderr.isatty() and not quiet)
    total = sum(s.size for s in plan.shards)
    bar: Any = None
    try:
        if show_bar and plan.shards:
            bar = click.progressbar(length=max(total, 1), label="cleaning", file=sys.stderr, show_pos=False)
            bar.__enter__()
        totals = run_plan(
            plan,
            chain,
            options,
            workers,
            (lambda shard, _r: bar.update(shard.size)) if bar else None,
            execute,
        )
    except KeyboardInterrupt:
        click.echo("\nnormkit: interrupted; finished outputs are kept, a rerun resumes", err=True)
        return EXIT_INTERRUPTED
    except Terminated:
        click.echo("normkit: terminated; finished outputs are kept, a rerun resumes", err=True)
        return EXIT_TERMINATED
    except Exception as exc:
        if broken_pipe(exc) or os.environ.get("NORMKIT_DEBUG"):
            raise
        click.echo(f"normkit: error: {describe(exc)}", err=True)
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    wall = time.perf_counter() - started
    if not quiet:
        click.echo(files_line(totals, wall), err=True)
        if totals.members or totals.members_skipped:
            click.echo(members_line(totals), err=True)
        table = stats_table(totals)
        if table:
            click.echo(table, err=True)
    click.echo(counts_line(totals), err=True)
    if not quiet:
        for line in filter_lines(totals):
            click.echo(line, err=True)
    if totals.rejected:
        where = f"in {plan.rejects}" if plan.rejects is not None else "(not kept: --rejects FILE keeps them)"
        click.echo(f"rejects: {totals.rejected} record(s) {where}", err=True)
    if options.explain and plan.explain is not None:
        click.echo(f"explanations: {plan.explain}", err=True)
    if stats_json:
        import json
        from pathlib import Path

        data = stats_dict(totals, wall, chain.names, workers)
        Path(stats_json).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if totals.rejected:
        return EXIT_REJECTED
    if options.mode == "check" and (totals.changed or totals.dropped):
        click.echo("check: some documents would change", err=True)
        return EXIT_WOULD_CHANGE
    return EXIT_OK


def members_line(totals: Any) -> str:
    """What the run read of archives.

    >>> from types import SimpleNamespace
    >>> members_line(SimpleNamespace(members=3, members_skipped=0))
    'archives: 3 member(s) read'
    """
    line = f"archives: {totals.members} member(s) read"
    if totals.members_skipped:
        line += (
            f", {totals.members_skipped} not read (hidden, or not named .txt/.text/.md/.jsonl/.ndjson/.json"
            " (.gz/.zst); --format reads every member)"
        )
    return line
