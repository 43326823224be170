"""The local engine: shards in this process (one worker), or in this process and a pool
of worker processes (N workers: this one and N - 1 others).

Workers are real processes (forkserver where available, else spawn), each rebuilding
the chain from its configuration; shards, never single records, cross the boundary.

Workers die with the run: each one (and the forkserver) asks the kernel for ``SIGKILL``
when its parent dies (Linux ``PR_SET_PDEATHSIG``) and watches the run's process (a
pidfd, else a poll every 0.2 s), so that a run killed even with ``SIGKILL`` leaves no
process behind, and no worker writes a piece of output after the run is gone. On an
interruption (Ctrl-C, ``SIGTERM``) or an error the workers are stopped at once, not
left to finish their shards.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from .._chain import ChainConfig
from .assemble import Assembler, Totals
from .lifeline import quiet_resource_tracker, watch_run
from .plan import Plan
from .shard import RunOptions, Shard, ShardReport, process_shard


def _context() -> multiprocessing.context.BaseContext:
    quiet_resource_tracker()
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["normkit.run.warm"])
        return ctx
    return multiprocessing.get_context("spawn")


#: An engine: runs every shard (in any order, anywhere) and hands each report to the
#: callback as it arrives. ``normkit.run.ray_engine.execute`` is one.
Execute = Callable[[list[Shard], ChainConfig, RunOptions, Callable[[ShardReport], None]], None]


def run_plan(
    plan: Plan,
    chain: ChainConfig,
    options: RunOptions,
    workers: int = 1,
    on_shard: Callable[[Shard, ShardReport], None] | None = None,
    execute: Execute | None = None,
) -> Totals:
    """Execute every shard of ``plan`` and assemble the results; returns the totals.

    By default shards run locally: with ``workers`` > 1 this process works too, beside
    a pool of ``workers - 1`` processes, starting on the biggest shard at once while
    the pool starts up. Another engine (``execute``) gets the same assembly: outputs,
    rejects, resume and statistics are the same whatever runs the shards.
    On an interruption or a fatal error, outputs already in place stay (a rerun skips
    them) and the pieces of the others are removed.

    A whole run, as ``normkit clean a.txt -o out.txt`` makes it:

    >>> import tempfile
    >>> from pathlib import Path
    >>> import normkit
    >>> from normkit.run.plan import PlanRequest, make_plan
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     _ = (root / "a.txt").write_text("  第一行\\u200b  \\n")
    ...     request = PlanRequest([str(root / "a.txt")], str(root / "out.txt"), workdir=root)
    ...     plan = make_plan(request, RunOptions())
    ...     totals = run_plan(plan, normkit.Pipeline().config, RunOptions())
    ...     (totals.read, totals.written, totals.changed), (root / "out.txt").read_text()
    ((1, 1, 1), '第一行\\n')
    """
    assembler = Assembler(plan)
    shards = plan.shards
    by_index = {s.index: s for s in shards}

    def handle(report: ShardReport) -> None:
        assembler.add(report)
        if on_shard is not None:
            on_shard(by_index[report.index], report)

    try:
        if execute is not None:
            execute(shards, chain, options, handle)
        elif workers <= 1 or len(shards) <= 1:
            for shard in shards:
                handle(process_shard(shard, chain, options))
        else:
            _with_pool(shards, chain, options, min(workers, len(shards)) - 1, handle)
    except BaseException:
        assembler.close()
        assembler.discard_unfinished()
        raise
    assembler.close()
    return assembler.totals


def _with_pool(
    shards: list[Shard],
    chain: ChainConfig,
    options: RunOptions,
    helpers: int,
    handle: Callable[[ShardReport], None],
) -> None:
    """Biggest shards first, to whoever is free: the pool (kept two shards ahead per
    process, so none waits for work) or this process."""
    todo = deque(sorted(shards, key=lambda s: (-s.size, s.index)))
    pool = ProcessPoolExecutor(
        max_workers=helpers, mp_context=_context(), initializer=watch_run, initargs=(os.getpid(),)
    )
    running: set[Future[ShardReport]] = set()

    def refill() -> None:
        while todo and len(running) < 2 * helpers:
            running.add(pool.submit(process_shard, todo.popleft(), chain, options))

    def collect(block: bool) -> None:
        if not running:
            return
        finished, _ = wait(running, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for future in finished:
            running.discard(future)
            handle(future.result())

    try:
        refill()
        while todo or running:
            collect(block=False)
            refill()
            if todo:
                handle(process_shard(todo.popleft(), chain, options))
            else:
                collect(block=True)
    except BaseException:
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool now (an interruption or an error): its processes are killed, not
    left to finish their shards, and waited for, so that none writes after this."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.join(5)
