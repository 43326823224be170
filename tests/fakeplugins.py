"""Install small plugins for tests: a module plus the dist-info that makes its entry point."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def install(site: Path, dist: str, code: str, module: str | None = None) -> None:
    """Write module ``module`` (default: ``dist`` with underscores) and its distribution into ``site``."""
    module = module or dist.replace("-", "_")
    (site / f"{module}.py").write_text(textwrap.dedent(code), encoding="utf-8")
    info = site / f"{module}-1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[normkit]\n{module} = {module}\n", encoding="utf-8")


def run_python(site: Path, code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -c code args...`` with ``site`` on the path and a clean normkit environment."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    environ["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT / "src")])
    environ.update(env)
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=environ)
