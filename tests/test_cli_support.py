"""Running the real ``normkit`` command: in a subprocess with this checkout's sources, or
in this process (no interpreter start-up) where a fresh process proves nothing more."""

from __future__ import annotations

import gzip
import importlib
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import normkit as normkit_package

SRC = Path(__file__).resolve().parent.parent / "src"


def normkit(
    *args: Any, cwd: Path, stdin: bytes | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m normkit.cli ARGS`` in ``cwd``; stdout and stderr captured as bytes."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("NORMKIT_LOAD_PLUGINS", None)
    env.pop("NORMKIT_DISABLE_PLUGINS", None)
    return subprocess.run(
        [sys.executable, "-m", "normkit.cli", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=timeout,
    )


def normkit_in_process(
    *args: Any,
    cwd: Path,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    site: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """What :func:`normkit` returns, from ``normkit.cli.main`` run in this process (click's
    ``CliRunner``) with ``cwd`` as the working directory. An exception the command does not
    turn into an exit status is raised, as a traceback would show it.

    As in a fresh process: no ``NORMKIT_*`` variable but those of ``env``, and the plugins
    installed in ``site`` (a directory of modules and dist-infos, ``fakeplugins.install``)
    found through their entry points; afterwards the environment, ``sys.path``, the modules
    imported from ``site`` and the registry are as they were. (Worker processes do not see
    ``site``: test plugins in workers in a subprocess.)"""
    from click.testing import CliRunner

    from normkit.cli import main

    saved = {k: v for k, v in os.environ.items() if k.startswith("NORMKIT_")}
    here = os.getcwd()
    for key in saved:
        del os.environ[key]
    os.environ.update(env or {})
    if site is not None:
        sys.path.insert(0, str(site))
        importlib.invalidate_caches()
    normkit_package.reset_registry()
    os.chdir(cwd)
    try:
        done = CliRunner().invoke(main, [str(a) for a in args], input=stdin)
    finally:
        os.chdir(here)
        for key in [k for k in os.environ if k.startswith("NORMKIT_")]:
            del os.environ[key]
        os.environ.update(saved)
        if site is not None:
            sys.path.remove(str(site))
            for name, module in list(sys.modules.items()):
                if str(getattr(module, "__file__", None) or "").startswith(str(site) + os.sep):
                    del sys.modules[name]
            importlib.invalidate_caches()
        normkit_package.reset_registry()
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        raise done.exception
    return subprocess.CompletedProcess(
        ["normkit", *map(str, args)], done.exit_code, done.stdout_bytes, done.stderr_bytes
    )


def read_any(path: Path) -> bytes:
    """A file's bytes, decompressed by suffix."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(data)
    if path.name.endswith(".zst"):
        import io

        import zstandard

        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True)
        return bytes(reader.read())
    return data


def write_any(path: Path, data: bytes) -> None:
    """Write ``data`` compressed by suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
