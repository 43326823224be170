"""The Ray engine: one Ray task per shard, on a local cluster or one joined by address.

Each task runs :func:`~normkit.run.shard.process_shard`, exactly as a local worker
does: it rebuilds the chain from its configuration (plugins must be installed on the
workers, or shipped with ``runtime_env``) and writes only the files its shard names,
so the inputs, the temporary directory and the outputs must be on storage every node
sees. The driver assembles the reports as they arrive, as the local engine does. On an
interruption (Ctrl-C, ``SIGTERM``) or an error, running tasks are cancelled (forced)
before a cluster started here is shut down.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from typing import Any

from .._chain import ChainConfig
from ..errors import RayUnavailable as RayUnavailable
from .shard import STDIN, STDOUT, RunOptions, Shard, ShardReport, process_shard


def check_shards(shards: list[Shard]) -> None:
    """Ray workers cannot read the driver's stdin nor write its stdout.

    >>> from normkit.io.formats import Format
    >>> check_shards([Shard(0, "a.txt", "a.txt", Format("text"), Format("text"), output="out/a.txt")])
    >>> check_shards([Shard(0, "a.txt", "a.txt", Format("text"), Format("text"), output=STDOUT)])
    Traceback (most recent call last):
    ...
    normkit.RayUnavailable: --engine ray reads and writes files: ...
    """
    for shard in shards:
        if shard.input == STDIN or STDOUT in (shard.output, shard.diff, shard.explain, shard.rejects):
            raise RayUnavailable(
                "--engine ray reads and writes files: give input paths and -o OUTPUT (not stdin, stdout or --diff)"
            )


def execute(
    shards: list[Shard],
    chain: ChainConfig,
    options: RunOptions,
    handle: Callable[[ShardReport], None],
    address: str | None = None,
    num_cpus: int | None = None,
    runtime_env: Mapping[str, Any] | None = None,
) -> None:
    """Run every shard as a Ray task and hand each report to ``handle`` as it arrives.

    Without ``address`` a local cluster is started with ``num_cpus`` CPUs (and stopped
    at the end); with one (``auto``, ``ray://host:10001``, ...) the cluster is joined.
    ``NORMKIT_*`` environment variables reach the workers through ``runtime_env``.
    Shards that read standard input are refused before any cluster starts:

    >>> from normkit import Pipeline
    >>> from normkit.io.formats import Format
    >>> shard = Shard(0, STDIN, "<stdin>", Format("text"), Format("text"), output="out.txt")
    >>> execute([shard], Pipeline().config, RunOptions(), print)
    Traceback (most recent call last):
    normkit.RayUnavailable: --engine ray reads and writes files: ...
    """
    ordered = sorted(shards, key=lambda s: (-s.size, s.index))  # the largest first
    map_tasks(process_shard, ordered, (chain, options), handle, address, num_cpus, runtime_env)


def map_tasks(
    function: Callable[..., Any],
    shards: list[Shard],
    args: tuple[Any, ...],
    handle: Callable[[Any], None],
    address: str | None = None,
    num_cpus: int | None = None,
    runtime_env: Mapping[str, Any] | None = None,
    keep_running: bool = False,
) -> None:
    """``function(shard, *args)`` as one Ray task per shard (the counting pass of
    ``--repeats``: map here, merge in the driver); each result goes to ``handle`` as it
    arrives. The cluster is started or joined as :func:`execute` does; with
    ``keep_running`` one started here is left up for the cleaning pass (Ray stops it
    when the process exits). Shards are checked first (:func:`check_shards`):

    >>> from normkit.io.formats import Format
    >>> shard = Shard(0, "a.txt", "a.txt", Format("text"), Format("text"), output=STDOUT)
    >>> map_tasks(len, [shard], (), print)
    Traceback (most recent call last):
    normkit.RayUnavailable: --engine ray reads and writes files: ...
    """
    check_shards(shards)
    ray, started_here = _connect(address, num_cpus, runtime_env)
    pending: list[Any] = []
    try:
        task = ray.remote(num_cpus=1, max_retries=0)(function)
        pending = [task.remote(shard, *args) for shard in shards]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            handle(ray.get(done[0]))
    except BaseException:
        # an interruption or an error: tasks still running are stopped, not left writing
        for ref in pending:
            with contextlib.suppress(Exception):
                ray.cancel(ref, force=True)
        if started_here:
            ray.shutdown()
        raise
    if started_here and not keep_running:
        ray.shutdown()


def _connect(
    address: str | None, num_cpus: int | None, runtime_env: Mapping[str, Any] | None
) -> tuple[Any, bool]:
    """The ``ray`` module, connected: to ``address``, or to a local cluster started here
    with ``num_cpus`` CPUs (``NORMKIT_*`` environment variables passed to its workers);
    and whether the cluster was started here."""
    try:
        import ray
    except ImportError as exc:
        raise RayUnavailable("--engine ray needs Ray: pip install 'normkit[ray]'") from exc
    if ray.is_initialized():
        return ray, False
    env = dict(runtime_env or {})
    settings = {k: v for k, v in os.environ.items() if k.startswith("NORMKIT_")}
    if settings:
        env["env_vars"] = {**settings, **env.get("env_vars", {})}
    ray.init(
        address=address,
        num_cpus=num_cpus if address is None else None,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env=env or None,
    )
    return ray, True
