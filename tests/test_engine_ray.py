"""`normkit clean --engine ray`: the same bytes, rejects and counts as a local run.

Each test starts a local Ray cluster with 2 CPUs in the command's own process (about
10 s of start-up on this machine), so there are only two of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ray")

#: Starting Ray / running the fuzz harnesses takes 10-60 s: left to the full run (-m "").
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("ray")]  # one Ray cluster at a time

ROOT = Path(__file__).resolve().parent.parent


def _corpus(root: Path) -> Path:
    src = root / "in"
    (src / "sub").mkdir(parents=True)
    for i in range(4):
        lines = [
            json.dumps(
                {"id": f"{i}-{n}", "text": f"第{n}行,测试\u200b  ＡＢ１", "keep": [n]}, ensure_ascii=False
            )
            for n in range(40)
        ]
        (src / f"part{i}.jsonl").write_text("\n".join([*lines, "{broken"]) + "\n", encoding="utf-8")
    (src / "sub" / "page.txt").write_text(
        "  首页 > 新闻\n正文第一段,内容。\n\n\n版权所有 未经授权不得转载\n", encoding="utf-8"
    )
    return src


def _clean(cwd: Path, *args: str, pythonpath: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in [pythonpath, str(ROOT / "src")] if p)
    env["RAY_AUTH_MODE"] = "disabled"
    return subprocess.run(
        [sys.executable, "-m", "normkit.cli", "clean", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _same_run(tmp_path: Path, *extra: str, pythonpath: str = "") -> None:
    src = _corpus(tmp_path)
    local = _clean(
        tmp_path,
        str(src),
        "-o",
        "local",
        "--workers",
        "2",
        "--stats-json",
        "local.json",
        *extra,
        pythonpath=pythonpath,
    )
    ray = _clean(
        tmp_path,
        str(src),
        "-o",
        "ray",
        "--engine",
        "ray",
        "--workers",
        "2",
        "--stats-json",
        "ray.json",
        *extra,
        pythonpath=pythonpath,
    )
    assert local.returncode == ray.returncode == 3, local.stderr + ray.stderr  # 3: rejects
    assert _tree(tmp_path / "ray") == _tree(tmp_path / "local")
    rejects = [(tmp_path / f"{name}.rejects.jsonl").read_text(encoding="utf-8") for name in ("local", "ray")]
    assert rejects[0] == rejects[1] and rejects[0].count("\n") == 4
    stats = [json.loads((tmp_path / f"{name}.json").read_text()) for name in ("local", "ray")]
    assert stats[0]["documents"] == stats[1]["documents"]
    assert stats[0]["documents"]["read"] == 165
    for name, step in stats[0]["steps"].items():
        for key in ("documents", "changed", "chars_removed", "chars_added", "lines_dropped"):
            assert stats[1]["steps"][name][key] == step[key], (name, key)


def test_ray_run_matches_local_run(tmp_path: Path) -> None:
    _same_run(tmp_path)


def test_ray_workers_run_a_third_party_plugin(tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(site),
            str(ROOT / "plugins" / "normkit-example"),
        ],
        check=True,
        capture_output=True,
    )
    _same_run(tmp_path, "--enable", "example.fullwidth_ascii", pythonpath=str(site))
    assert "AB1" in (tmp_path / "ray" / "part0.jsonl").read_text(encoding="utf-8")


def test_ray_engine_refuses_stdin_and_bad_runtime_env(tmp_path: Path) -> None:
    done = _clean(tmp_path, "--engine", "ray")
    assert done.returncode == 2 and "--engine ray reads and writes files" in done.stderr
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    done = _clean(tmp_path, "a.txt", "-o", "out", "--engine", "ray", "--ray-runtime-env", "{nope")
    assert done.returncode == 2 and "--ray-runtime-env" in done.stderr
