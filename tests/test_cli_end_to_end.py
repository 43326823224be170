"""End-to-end: the real ``normkit`` command on temporary directories.

In this process (``normkit_in_process``: the same ``main``, no interpreter start-up) except
where a fresh process is what is tested: real pipes for standard input and output, a kill,
and what the command imports.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from normkit import Pipeline
from test_cli_support import normkit as normkit_subprocess
from test_cli_support import normkit_in_process as normkit
from test_cli_support import read_any, write_any

DIRTY = "  第一行\u200b\u3000\n\n\n第二行  \n"
CLEANED = "第一行\n\n第二行\n"
CLEAN = "干净的文本。\n"


def jsonl(*records: dict[str, object]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def records(data: bytes) -> list[dict[str, object]]:
    """The records of JSONL output, without the annotations field (tests/test_signals_io.py)."""
    return plain([orjson.loads(line) for line in data.splitlines() if line.strip()])


def plain(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in row.items() if k != "normkit"} for row in rows]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A directory with every format and compression (nested), two documents per line file."""
    root = tmp_path / "in"
    body = jsonl({"id": "a", "text": DIRTY, "url": "http://a"}, {"id": "b", "text": CLEAN, "url": "http://b"})
    for suffix in ("", ".gz", ".zst"):
        write_any(root / f"j{suffix or '.plain'}" / f"docs.jsonl{suffix}", body)
        write_any(root / f"t{suffix or '.plain'}" / f"page.txt{suffix}", DIRTY.encode())
    return root


def test_every_format_and_compression_mirrored(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = normkit("clean", corpus, "-o", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    inputs = sorted(p.relative_to(corpus) for p in corpus.rglob("*") if p.is_file())
    outputs = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert outputs == inputs  # same names, same layout, nothing else
    for rel in outputs:
        data = read_any(out / rel)
        if "jsonl" in rel.name:
            assert [(r["id"], r["text"], r["url"]) for r in records(data)] == [
                ("a", CLEANED, "http://a"),
                ("b", CLEAN, "http://b"),
            ]
        else:
            assert data.decode() == CLEANED
    assert not (tmp_path / "out.rejects.jsonl").exists()
    assert b"read 9 = written 9 + dropped 0 + rejected 0" in done.stderr


@pytest.mark.parametrize("target", ["jsonl.zst", "text.gz", "jsonl", "parquet"])
def test_output_format_converts_and_renames(corpus: Path, tmp_path: Path, target: str) -> None:
    out = tmp_path / "out"
    done = normkit(
        "clean", corpus / "j.gz", corpus / "t.zst", "-o", out, "--output-format", target, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr.decode()
    suffix = {"jsonl.zst": ".jsonl.zst", "text.gz": ".txt.gz", "jsonl": ".jsonl", "parquet": ".parquet"}[
        target
    ]
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == sorted([f"docs{suffix}", f"page{suffix}"])  # each directory mirrored into out
    docs_out = out / f"docs{suffix}"
    page_out = out / f"page{suffix}"
    if target == "parquet":
        import pyarrow.parquet as pq

        assert plain(pq.read_table(docs_out).to_pylist()) == [
            {"id": "a", "text": CLEANED, "url": "http://a"},
            {"id": "b", "text": CLEAN, "url": "http://b"},
        ]
        assert plain(pq.read_table(page_out).to_pylist()) == [
            {"id": str(corpus / "t.zst/page.txt.zst"), "text": CLEANED}
        ]
    elif target.startswith("jsonl"):
        assert [r["text"] for r in records(read_any(docs_out))] == [CLEANED, CLEAN]
        assert records(read_any(page_out)) == [{"id": str(corpus / "t.zst/page.txt.zst"), "text": CLEANED}]
    else:  # JSONL to text: one document per line
        assert read_any(docs_out).decode() == "第一行  第二行\n干净的文本。\n"
        assert read_any(page_out).decode() == CLEANED


def test_parquet_in_and_out_keeps_other_columns(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": [1, 2], "text": [DIRTY, CLEAN], "score": [0.5, 1.5], "tags": [["x"], []]})
    pq.write_table(table, tmp_path / "in.parquet")
    done = normkit("clean", "in.parquet", "-o", "out.parquet", "--no-annotations", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    result = pq.read_table(tmp_path / "out.parquet")
    assert result.schema == table.schema
    assert result.to_pylist() == [
        {"id": 1, "text": CLEANED, "score": 0.5, "tags": ["x"]},
        {"id": 2, "text": CLEAN, "score": 1.5, "tags": []},
    ]


def test_metadata_passes_through_byte_for_byte(tmp_path: Path) -> None:
    dirty_raw = orjson.dumps(DIRTY).decode()
    lines = [
        # odd spacing, escapes, float formatting, a nested "text", key order: all kept
        '{ "url" : "http:\\/\\/x.cn\\/a" ,"meta":{"text":"inner","n":[1.50, 2e3]},  "text" : '
        + dirty_raw
        + ', "z": null }',
        '{"text":"\\u5e72\\u51c0\\u7684\\u6587\\u672c\\u3002\\n","id":7,"lang":"zh"}',  # unchanged: as is
        '{"id":"crlf","text":' + dirty_raw + ',"x":"\\u00e9"}\r',
    ]
    (tmp_path / "in.jsonl").write_bytes("\n".join(lines).encode() + b"\n")
    done = normkit("clean", "in.jsonl", "-o", "out.jsonl", "--no-annotations", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    cleaned_raw = orjson.dumps(CLEANED).decode()
    expected = [lines[0].replace(dirty_raw, cleaned_raw), lines[1], lines[2].replace(dirty_raw, cleaned_raw)]
    assert (tmp_path / "out.jsonl").read_bytes().decode().split("\n") == [*expected, ""]


def test_stdin_to_stdout(tmp_path: Path) -> None:
    # real pipes: the one run of a fresh interpreter here
    text = normkit_subprocess("clean", cwd=tmp_path, stdin=DIRTY.encode())
    assert text.returncode == 0 and text.stdout.decode() == CLEANED
    lines = normkit("clean", cwd=tmp_path, stdin=jsonl({"text": DIRTY, "k": 1}, {"text": CLEAN}))
    assert records(lines.stdout) == [{"text": CLEANED, "k": 1}, {"text": CLEAN}]
    import gzip

    zipped = normkit("clean", "--line-docs", cwd=tmp_path, stdin=gzip.compress("  a  \nb\u200b\n".encode()))
    assert zipped.stdout.decode() == "a\nb\n"
    to_file = normkit(
        "clean", "-o", "out.jsonl.gz", "--format", "jsonl", cwd=tmp_path, stdin=jsonl({"text": DIRTY})
    )
    assert to_file.returncode == 0 and to_file.stdout == b""
    assert records(read_any(tmp_path / "out.jsonl.gz")) == [{"text": CLEANED}]


def test_files_to_stdout_in_order_with_workers(tmp_path: Path) -> None:
    for i in range(6):
        (tmp_path / f"{i}.jsonl").write_bytes(jsonl(*({"text": f"{i}-{k}  "} for k in range(50))))
    done = normkit("clean", *(f"{i}.jsonl" for i in range(6)), "--workers", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert [r["text"] for r in records(done.stdout)] == [f"{i}-{k}" for i in range(6) for k in range(50)]


def test_glob_patterns_mirror_below_the_wildcard(tmp_path: Path) -> None:
    for part in ("2024/a.jsonl", "2025/b.jsonl", "2025/skip.txt"):
        write_any(tmp_path / "crawl" / part, jsonl({"text": DIRTY}))
    done = normkit("clean", "crawl/*/*.jsonl", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.*")) == [
        "2024/a.jsonl",
        "2025/b.jsonl",
    ]


def test_check_writes_nothing_and_says_whether_anything_would_change(tmp_path: Path) -> None:
    (tmp_path / "dirty.txt").write_text(DIRTY)
    (tmp_path / "clean.txt").write_text(CLEAN)
    dirty = normkit("clean", "dirty.txt", "-o", "out", "--check", cwd=tmp_path)
    assert dirty.returncode == 1 and dirty.stdout == b""
    assert not (tmp_path / "out").exists()
    clean = normkit("clean", "clean.txt", "--check", cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout == b""


def test_diff_prints_unified_diffs_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(jsonl({"id": "d1", "text": DIRTY}, {"id": "d2", "text": CLEAN}))
    done = normkit("clean", "a.jsonl", "-o", "out", "--diff", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    diff = done.stdout.decode()
    assert diff.startswith("--- a/a.jsonl:1 (d1)\n+++ b/a.jsonl:1 (d1)\n@@")
    assert "-  第一行\u200b\u3000\n" in diff and "+第一行\n" in diff
    assert "d2" not in diff  # unchanged documents print nothing
    assert not (tmp_path / "out").exists()


def test_explain_writes_every_change_per_document(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(jsonl({"id": "d1", "text": DIRTY}, {"id": "d2", "text": CLEAN}))
    done = normkit("clean", "a.jsonl", "-o", "out.jsonl", "--explain", "why.jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    (entry,) = records((tmp_path / "why.jsonl").read_bytes())
    assert (entry["file"], entry["line"], entry["id"], entry["dropped"]) == ("a.jsonl", 1, "d1", False)
    by_step = {c["normaliser"] for c in entry["changes"]}
    assert {"unicode.controls", "unicode.spaces", "layout.whitespace"} <= by_step
    zero_width = next(c for c in entry["changes"] if c["normaliser"] == "unicode.controls")
    assert zero_width["old"] == "\u200b" and zero_width["new"] == "" and zero_width["reason"]
    assert zero_width["old_span"] == [5, 6]


def test_stats_json_counts_and_steps(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(
        jsonl({"text": DIRTY}, {"text": CLEAN}, {"text": "   \n"}) + b"{broken\n"
    )
    done = normkit("clean", "a.jsonl", "-o", "out.jsonl", "--stats-json", "stats.json", cwd=tmp_path)
    assert done.returncode == 3  # something was rejected
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["documents"] == {
        "read": 4,
        "written": 2,
        "dropped": 1,
        "rejected": 1,
        "changed": 2,
        "decoded_with_replacement": 0,
    }
    assert stats["balanced"] is True
    assert list(stats["steps"]) == Pipeline.from_profile("default").names
    assert stats["steps"]["unicode.controls"]["changed"] == 1
    assert stats["steps"]["layout.whitespace"]["documents"] == 3
    assert b"read 4 = written 2 + dropped 1 + rejected 1" in done.stderr
    assert b"layout.whitespace" in done.stderr  # the table


def test_resume_skips_finished_outputs_and_removes_leftovers(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / "in" / f"{name}.txt").parent.mkdir(exist_ok=True)
        (tmp_path / "in" / f"{name}.txt").write_text(DIRTY)
    first = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert first.returncode == 0
    # as a killed run leaves it: b's output missing, a half-written temporary in its place
    (tmp_path / "out/b.txt").unlink()
    (tmp_path / "out/.b.txt.normkit-tmp").write_text("half")
    (tmp_path / "out/a.txt").write_text("sentinel: finished earlier")
    again = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert again.returncode == 0, again.stderr.decode()
    assert b"2 already done (skipped)" in again.stderr
    assert (tmp_path / "out/a.txt").read_text() == "sentinel: finished earlier"
    assert (tmp_path / "out/b.txt").read_text() == CLEANED
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "b.txt", "c.txt"]
    forced = normkit("clean", "in", "-o", "out", "--overwrite", cwd=tmp_path)
    assert forced.returncode == 0 and (tmp_path / "out/a.txt").read_text() == CLEANED


@pytest.mark.slow  # a real kill mid-run: about 10-30 s
def test_resume_after_a_killed_run(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from test_cli_support import SRC

    # mostly clean text (fast to process), enough of it that the run takes a few seconds
    body = jsonl({"id": -1, "text": DIRTY}, *({"id": k, "text": CLEAN * 50} for k in range(499)))
    for i in range(20):
        write_any(tmp_path / "in" / f"{i:02d}.jsonl.gz", body)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "normkit.cli", "clean", "in", "-o", "out", "-q"],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if (tmp_path / "out").exists() and len(list((tmp_path / "out").glob("*.jsonl.gz"))) >= 2:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = sorted(p.name for p in (tmp_path / "out").glob("*.jsonl.gz"))
    assert finished, "the run should have finished some outputs before it was killed"
    for name in finished:  # every output in place is complete
        assert len(records(read_any(tmp_path / "out" / name))) == 500
    again = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert again.returncode == 0, again.stderr.decode()
    assert f"{len(finished)} already done (skipped)".encode() in again.stderr
    outputs = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in outputs] == [f"{i:02d}.jsonl.gz" for i in range(20)]  # no leftovers
    assert all(len(records(read_any(p))) == 500 for p in outputs)


def test_demo_runs_on_the_shipped_samples(tmp_path: Path) -> None:
    done = normkit("demo", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert "3 sample web pages" in out and "layout.whitespace" in out and "change(s)" in out


def test_plugins_still_lists_the_chain(tmp_path: Path) -> None:
    done = normkit("plugins", "--json", cwd=tmp_path)
    assert done.returncode == 0
    assert [r["name"] for r in json.loads(done.stdout)][-1] == "layout.whitespace"


def test_help_and_plugins_do_not_import_file_handling_libraries(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from test_cli_support import SRC

    probe = (
        "import sys\nfrom normkit.cli import main\n"
        "try:\n    main(sys.argv[1:], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "heavy = ('orjson', 'zstandard', 'isal', 'pyarrow')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    for args in (["--help"], ["plugins"], ["clean", "--help"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(SRC)},
            cwd=tmp_path,
        )
        assert done.stderr.strip().splitlines()[-1] == "[]", (args, done.stderr)


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY)
    quiet = normkit("clean", "a.txt", "-o", "out.txt", cwd=tmp_path)
    assert b"cleaning" not in quiet.stderr  # stderr is a pipe here: no bar
    forced = normkit("clean", "a.txt", "-o", "out2.txt", "--progress", cwd=tmp_path)
    assert b"cleaning" in forced.stderr
    only_counts = normkit("clean", "a.txt", "-o", "out3.txt", "-q", cwd=tmp_path)
    assert only_counts.stderr.decode().strip().splitlines() == [
        "documents: read 1 = written 1 + dropped 0 + rejected 0; changed 1"
    ]


def test_diff_with_workers_is_in_input_order(tmp_path: Path) -> None:
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"doc {i}  ")
    one = normkit("clean", *(f"{i}.txt" for i in range(4)), "--diff", cwd=tmp_path)
    two = normkit("clean", *(f"{i}.txt" for i in range(4)), "--diff", "--workers", "2", cwd=tmp_path)
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout and one.stdout.count(b"\n--- a/") == 3


def test_missing_pyarrow_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    (tmp_path / "a.jsonl").write_bytes(jsonl({"text": DIRTY}))
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # ``import pyarrow`` raises ImportError
    done = normkit("clean", "a.jsonl", "-o", "a.parquet", cwd=tmp_path)
    assert done.returncode == 2
    assert b"pip install 'normkit[parquet]'" in done.stderr
    assert not (tmp_path / "a.parquet").exists()
