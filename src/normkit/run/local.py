"""The local engine: shards in this process (one worker) or in a pool of worker processes.

Workers are real processes (forkserver where available, else spawn), each rebuilding
the chain from its configuration; shards, never single records, cross the boundary.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from .._chain import ChainConfig
from .assemble import Assembler, Totals
from .plan import Plan
from .shard import RunOptions, Shard, ShardReport, process_shard


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["normkit.run.warm"])
        return ctx
    return multiprocessing.get_context("spawn")


def run_plan(
    plan: Plan,
    chain: ChainConfig,
    options: RunOptions,
    workers: int = 1,
    on_shard: Callable[[Shard, ShardReport], None] | None = None,
) -> Totals:
    """Execute every shard of ``plan`` and assemble the results; returns the totals.

    On an interruption or a fatal error, outputs already in place stay (a rerun skips
    them) and the pieces of the others are removed.
    """
    assembler = Assembler(plan)
    shards = plan.shards
    by_index = {s.index: s for s in shards}
    try:
        if workers <= 1 or len(shards) <= 1:
            for shard in shards:
                report = process_shard(shard, chain, options)
                assembler.add(report)
                if on_shard is not None:
                    on_shard(shard, report)
        else:
            # Biggest shards first, so that no worker is left with a big one at the end.
            ordered = sorted(shards, key=lambda s: (-s.size, s.index))
            pool = ProcessPoolExecutor(max_workers=min(workers, len(shards)), mp_context=_context())
            try:
                pending: set[Future[ShardReport]] = {
                    pool.submit(process_shard, s, chain, options) for s in ordered
                }
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        report = future.result()
                        assembler.add(report)
                        if on_shard is not None:
                            on_shard(by_index[report.index], report)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            pool.shutdown(wait=True)
    except BaseException:
        assembler.close()
        assembler.discard_unfinished()
        raise
    assembler.close()
    return assembler.totals
