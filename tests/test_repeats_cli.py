"""`normkit scan` and `normkit clean --repeats`: real subprocesses on files (in this process
where a fresh one proves nothing more)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from normkit.lines.repeats import LineRepeats, RepeatCounter
from test_cli_support import normkit_in_process
from test_repeats import FOOTER, HEADLINES, MENU, site

ROOT = Path(__file__).resolve().parent.parent


def run(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    env["RAY_AUTH_MODE"] = "disabled"
    return subprocess.run(
        [sys.executable, "-m", "normkit.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
    )


def here(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """What :func:`run` returns, from this process (no interpreter start-up)."""
    done = normkit_in_process(*args, cwd=cwd, stdin=None if stdin is None else stdin.encode())
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def corpus(root: Path) -> Path:
    """Two JSON Lines files of two sites' pages (one unreadable record), and a text file."""
    src = root / "in"
    src.mkdir()
    docs = site(8) + site(6, "b.example.org", "t")
    for part in range(2):
        lines = [
            json.dumps({"id": d.id, "text": d.text, "url": d.meta["url"]}, ensure_ascii=False)
            for d in docs[part::2]
        ]
        if part == 1:
            lines.insert(2, "{broken")
        (src / f"part{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def records(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.slow
def test_scan_counts_like_the_library_whatever_the_workers(tmp_path: Path) -> None:
    src = corpus(tmp_path)
    one = run(tmp_path, "scan", str(src), "-o", "one.nkr")
    assert one.returncode == 3, one.stderr  # the broken record
    assert "14 page(s)" in one.stderr and "1 record(s) not readable" in one.stderr
    reject = records(tmp_path / "one.nkr.rejects.jsonl")
    assert reject[0]["file"].endswith("part1.jsonl") and reject[0]["line"] == 3 and reject[0]["reason"]
    two = run(tmp_path, "scan", str(src), "-o", "two.nkr", "-j", "2", "--shard-size", "1", "-q")
    assert two.returncode == 3 and two.stderr == ""
    counter = RepeatCounter()
    for doc in site(8) + site(6, "b.example.org", "t"):
        counter.add(doc.text, doc.meta)
    expected = counter.finish()
    assert LineRepeats.load(tmp_path / "one.nkr") == expected
    assert LineRepeats.load(tmp_path / "two.nkr") == expected
    assert LineRepeats.load(tmp_path / "one.nkr").group_pages("b.example.org") == 6


@pytest.mark.slow
def test_clean_with_repeats_auto_file_and_workers_agree(tmp_path: Path) -> None:
    src = corpus(tmp_path)
    auto = run(tmp_path, "clean", str(src), "-o", "auto", "--repeats", "auto")
    assert auto.returncode == 3, auto.stderr  # the broken record is rejected by the cleaning pass
    assert "repeats: counted 14 page(s)" in auto.stderr
    assert run(tmp_path, "scan", str(src), "-o", "c.nkr").returncode == 3
    from_file = run(tmp_path, "clean", str(src), "-o", "file", "--repeats", "c.nkr")
    workers = run(
        tmp_path, "clean", str(src), "-o", "j2", "--repeats", "auto", "-j", "2", "--shard-size", "1"
    )
    plain = run(tmp_path, "clean", str(src), "-o", "plain")
    for name in ("part0.jsonl", "part1.jsonl"):
        got = (tmp_path / "auto" / name).read_bytes()
        assert got == (tmp_path / "file" / name).read_bytes() == (tmp_path / "j2" / name).read_bytes()
        assert got != (tmp_path / "plain" / name).read_bytes()
    assert from_file.returncode == workers.returncode == plain.returncode == 3
    cleaned = records(tmp_path / "auto" / "part0.jsonl")
    simplified = [r for r in cleaned if "example.com" in r["url"]]
    for r in simplified:
        lines = r["text"].split("\n")
        assert not set(lines) & {*MENU, *FOOTER}
        n = int(r["id"].rsplit("/", 1)[1])
        assert HEADLINES[n] in lines
    stats = run(tmp_path, "clean", str(src), "--check", "--repeats", "c.nkr", "--stats-json", "s.json")
    assert stats.returncode == 3
    steps = json.loads((tmp_path / "s.json").read_text())
    assert "boilerplate.repeated" in json.dumps(steps)


def test_repeats_usage_errors(tmp_path: Path) -> None:
    src = corpus(tmp_path)
    missing = here(tmp_path, "clean", str(src), "--check", "--repeats", "nope.nkr")
    assert missing.returncode == 2 and "no such counts file" in missing.stderr
    (tmp_path / "bad.nkr").write_bytes(b"garbage")
    bad = here(tmp_path, "clean", str(src), "--check", "--repeats", "bad.nkr")
    assert bad.returncode == 2 and "not a normkit counts file" in bad.stderr
    stdin = here(tmp_path, "clean", "--repeats", "auto", stdin="首页\n正文。\n")
    assert stdin.returncode == 2 and "not stdin" in stdin.stderr
    off = here(
        tmp_path, "clean", str(src), "--check", "--repeats", "auto", "--disable", "boilerplate.repeated"
    )
    assert off.returncode == 2 and "--enable boilerplate.repeated" in off.stderr
    assert here(tmp_path, "scan", str(src), "-o", "g.nkr", "--group-field", "id").returncode == 3
    other = here(tmp_path, "clean", str(src), "--check", "--repeats", "g.nkr", "--group-field", "url")
    assert other.returncode == 2 and "groups by 'id'" in other.stderr


def test_text_files_without_urls_are_one_group(tmp_path: Path) -> None:
    src = tmp_path / "pages"
    src.mkdir()
    for n, doc in enumerate(site(5)):
        (src / f"{n}.txt").write_text(doc.text + "\n", encoding="utf-8")
    done = normkit_in_process("clean", str(src), "-o", "out", "--repeats", "auto", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    text = (tmp_path / "out" / "2.txt").read_text(encoding="utf-8")
    assert "返回顶部" not in text and HEADLINES[2] in text


@pytest.mark.slow
def test_scan_and_clean_on_ray(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    src = corpus(tmp_path)
    assert run(tmp_path, "scan", str(src), "-o", "local.nkr").returncode == 3
    ray = run(tmp_path, "scan", str(src), "-o", "ray.nkr", "--engine", "ray", "-j", "2")
    assert ray.returncode == 3, ray.stderr
    assert LineRepeats.load(tmp_path / "ray.nkr") == LineRepeats.load(tmp_path / "local.nkr")


def test_scan_reads_archives_member_by_member(tmp_path: Path) -> None:
    import tarfile

    src = tmp_path / "pages"
    src.mkdir()
    for n, doc in enumerate(site(4)):
        (src / f"{n}.txt").write_text(doc.text + "\n", encoding="utf-8")
    (src / "notes.bin").write_bytes(b"\x00\x01")  # not a text name: skipped
    with tarfile.open(tmp_path / "pages.tar.gz", "w:gz") as tar:
        tar.add(src, arcname="pages")
    done = here(tmp_path, "scan", "pages.tar.gz", "-o", "a.nkr")
    assert done.returncode == 0, done.stderr
    repeats = LineRepeats.load(tmp_path / "a.nkr")
    assert repeats.pages == 4 and repeats.group_pages("") == 4
