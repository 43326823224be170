"""Archives as inputs: tar (plain, gzip, zstandard) and zip, read member by member.

End-to-end tests run the real ``normkit`` command on archives built here, in this process
(``normkit_in_process``) except where a process is killed; a few read members directly
(names, streaming memory, damage).
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import tarfile
import tracemalloc
import zipfile
from pathlib import Path, PurePosixPath

import orjson
import pytest
import zstandard

from normkit.io.archives import archive_stem, detect_archive, iter_members, member_path
from normkit.io.formats import Format
from normkit.io.readers import ReadOptions, read_records
from test_cli_support import normkit_in_process as normkit
from test_cli_support import read_any

DIRTY = "  第一行\u200b\u3000\n\n\n第二行  \n"
CLEANED = "第一行\n\n第二行\n"
KINDS = ["crawl.tar", "crawl.tar.gz", "crawl.tgz", "crawl.tar.zst", "crawl.zip"]


def jsonl(*texts: str) -> bytes:
    return b"".join(
        orjson.dumps({"id": f"d{k}", "text": t, "url": f"u{k}"}) + b"\n" for k, t in enumerate(texts)
    )


def entry(
    name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE, link: str = ""
) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, link, len(data)
    return info, data


def compress(raw: bytes, name: str) -> bytes:
    if name.endswith((".gz", ".tgz")):
        return gzip.compress(raw)
    if name.endswith(".zst"):
        return zstandard.ZstdCompressor().compress(raw)
    return raw


def make_tar(path: Path, entries: list[tuple[tarfile.TarInfo, bytes]]) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(compress(buffer.getvalue(), path.name))


def make_archive(path: Path, files: dict[str, bytes]) -> None:
    """A tar (compressed by suffix) or zip of regular files."""
    if path.name.endswith(".zip"):
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
    else:
        make_tar(path, [entry(name, data) for name, data in files.items()])


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (hidden ones too), by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def contents(root: Path) -> dict[str, bytes]:
    """Like :func:`tree`, decompressed (gzip headers hold a time)."""
    return {name: read_any(root / name) for name in tree(root)}


def rejects_of(path: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


MEMBERS = {
    "docs/a.txt": DIRTY.encode(),
    "docs/deep/er/b.jsonl": jsonl(DIRTY, "干净。\n"),
    "c.jsonl.gz": gzip.compress(jsonl(DIRTY)),
    "d.md.zst": zstandard.ZstdCompressor().compress(DIRTY.encode()),
}


# --- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "container", "compression", "stem"),
    [
        ("a.tar", "tar", "", "a"),
        ("a.b.TAR.GZ", "tar", "gz", "a.b"),
        ("a.tgz", "tar", "gz", "a"),
        ("a.tar.zst", "tar", "zst", "a"),
        ("a.tzst", "tar", "zst", "a"),
        ("a.zip", "zip", "", "a"),
    ],
)
def test_archives_are_known_by_name(name: str, container: str, compression: str, stem: str) -> None:
    kind = detect_archive(name)
    assert kind is not None and (kind.container, kind.compression) == (container, compression)
    assert archive_stem(name) == stem


@pytest.mark.parametrize("name", ["a.jsonl.gz", "a.txt", "tar", ".tar", "a.tar.bz2"])
def test_other_names_are_not_archives(name: str) -> None:
    assert detect_archive(name) is None


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/passwd", "absolute"),
        ("../x.txt", ".."),
        ("a/../../x.txt", ".."),
        ("a/..", ".."),
        ("..\\x.txt", "backslash"),
        ("./", "empty"),
        ("a\0b", "NUL"),
        ("x" * 256 + ".txt", "255 bytes"),
    ],
)
def test_unsafe_member_names(name: str, reason: str) -> None:
    result = member_path(name)
    assert isinstance(result, str) and reason in result


@pytest.mark.parametrize(
    ("name", "path"), [("./a//b.txt", "a/b.txt"), ("a/./b.txt", "a/b.txt"), ("..a/b..txt", "..a/b..txt")]
)
def test_safe_member_names(name: str, path: str) -> None:
    assert member_path(name) == PurePosixPath(path)


# --- every kind, end to end --------------------------------------------------------------


@pytest.mark.parametrize("name", KINDS)
def test_each_archive_kind_is_mirrored_below_its_stem(tmp_path: Path, name: str) -> None:
    make_archive(tmp_path / "in" / "sub" / name, MEMBERS)
    done = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    out = tmp_path / "out" / "sub" / "crawl"
    assert sorted(tree(tmp_path / "out")) == sorted(f"sub/crawl/{m}" for m in MEMBERS)
    assert (out / "docs/a.txt").read_text() == CLEANED
    assert [
        r["text"] for r in map(orjson.loads, (out / "docs/deep/er/b.jsonl").read_bytes().splitlines())
    ] == [
        CLEANED,
        "干净。\n",
    ]
    assert orjson.loads(read_any(out / "c.jsonl.gz"))["text"] == CLEANED
    assert read_any(out / "d.md.zst").decode() == CLEANED
    assert b"read 5 = written 5 + dropped 0 + rejected 0" in done.stderr
    assert b"archives: 4 member(s) read" in done.stderr
    assert not (tmp_path / "out.rejects.jsonl").exists()


def test_mixed_inputs_skipped_members_and_output_format(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plain.txt").write_text(DIRTY)
    make_archive(
        tmp_path / "in" / "a.tar.gz",
        {
            "x.txt": DIRTY.encode(),
            "page.html": b"<p>skip</p>",
            ".hidden.txt": b"skip",
            "__MACOSX/._x.txt": b"skip",
        },
    )
    make_archive(tmp_path / "in" / "nested" / "b.zip", {"y/z.jsonl": jsonl(DIRTY)})
    done = normkit("clean", "in", "-o", "out", "--output-format", "jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    files = tree(tmp_path / "out")
    assert sorted(files) == ["a/x.jsonl", "nested/b/y/z.jsonl", "plain.jsonl"]
    assert orjson.loads(files["a/x.jsonl"])["normkit"]["han_chars"] == 6  # annotations, by default
    assert orjson.loads(files["a/x.jsonl"]).keys() - {"normkit"} == {"id", "text"}
    assert orjson.loads(files["a/x.jsonl"])["text"] == CLEANED
    assert b"archives: 2 member(s) read, 3 not read (hidden, or not named" in done.stderr
    assert b"read 3 = written 3 + dropped 0 + rejected 0" in done.stderr
    # --format reads every regular member (hidden ones stay skipped)
    forced = normkit("clean", "in/a.tar.gz", "-o", "forced", "--format", "text", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr.decode()
    assert sorted(tree(tmp_path / "forced")) == ["a/page.html", "a/x.txt"]


def test_standard_output_and_check_count_what_a_run_writes(tmp_path: Path) -> None:
    make_archive(tmp_path / "a.zip", {"1.txt": DIRTY.encode(), "2.jsonl": jsonl(DIRTY, " ")})
    done = normkit("clean", "a.zip", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.splitlines()
    assert lines[:3] == [b"\xe7\xac\xac\xe4\xb8\x80\xe8\xa1\x8c", b"", "第二行".encode()]
    assert orjson.loads(lines[3])["text"] == CLEANED and len(lines) == 4
    counts = b"read 3 = written 2 + dropped 1 + rejected 0"
    assert counts in done.stderr
    checked = normkit("clean", "a.zip", "--check", "--explain", "why.jsonl", cwd=tmp_path)
    assert checked.returncode == 1 and counts in checked.stderr
    why = rejects_of(tmp_path / "why.jsonl")
    assert [(w["file"], w["member"], w["line"]) for w in why] == [
        ("a.zip", "1.txt", None),
        ("a.zip", "2.jsonl", 1),
        ("a.zip", "2.jsonl", 2),
    ]


# --- hostile members -----------------------------------------------------------------


def test_hostile_tar_members_are_rejected_and_nothing_leaves_the_output(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    entries = [
        entry("ok.txt", DIRTY.encode()),
        entry(str(outside / "abs.txt"), b"pwned"),
        entry("../escape.txt", b"pwned"),
        entry("a/../../escape.txt", b"pwned"),
        entry("link", kind=tarfile.SYMTYPE, link=str(outside)),
        entry("link/pwned.txt", b"through the link?"),
        entry("hard.txt", kind=tarfile.LNKTYPE, link="/etc/passwd"),
        entry("dev.txt", kind=tarfile.CHRTYPE),
        entry("fifo.txt", kind=tarfile.FIFOTYPE),
        entry("dup.txt", b"first"),
        entry("./dup.txt", b"second"),
        entry("f.txt", b"file"),
        entry("f.txt/under.txt", b"under a file"),
    ]
    make_tar(tmp_path / "in" / "evil.tar.gz", entries)
    before = tree(tmp_path / "in")
    done = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert done.returncode == 3, done.stderr.decode()
    # the symbolic link was not created, so its name is a plain directory inside the output
    assert tree(tmp_path / "out") == {
        "evil/ok.txt": CLEANED.encode(),
        "evil/link/pwned.txt": b"through the link?",
        "evil/dup.txt": b"first",
        "evil/f.txt": b"file",
    }
    assert list(outside.iterdir()) == [] and tree(tmp_path / "in") == before
    assert not any(p.name.startswith("escape") for p in tmp_path.rglob("*"))
    rejects = rejects_of(tmp_path / "out.rejects.jsonl")
    assert all(r["file"] == "in/evil.tar.gz" and r["line"] is None for r in rejects)
    assert [(r["member"], str(r["reason"]).split(":")[0]) for r in rejects] == [
        (str(outside / "abs.txt"), "unsafe member name"),
        ("../escape.txt", "unsafe member name"),
        ("a/../../escape.txt", "unsafe member name"),
        ("link", "symbolic link member (to " + repr(str(outside)) + ")"),
        ("hard.txt", "hard link member (to '/etc/passwd')"),
        ("dev.txt", "device file member"),
        ("fifo.txt", "FIFO member"),
        ("./dup.txt", "output 'dup.txt' is already taken by an earlier member"),
        ("f.txt/under.txt", "output 'f.txt/under.txt' is already taken by an earlier member"),
    ]
    assert b"read 13 = written 4 + dropped 0 + rejected 9" in done.stderr


def test_hostile_zip_members_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ok.txt", DIRTY)
        archive.writestr("../up.txt", "pwned")
        archive.writestr("/abs.txt", "pwned")
        archive.writestr("..\\win.txt", "pwned")
        link = zipfile.ZipInfo("link.txt")
        link.create_system, link.external_attr = 3, (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        fifo = zipfile.ZipInfo("fifo.txt")
        fifo.create_system, fifo.external_attr = 3, (stat.S_IFIFO | 0o644) << 16
        archive.writestr(fifo, "")
    done = normkit("clean", "evil.zip", "-o", "out", cwd=tmp_path)
    assert done.returncode == 3, done.stderr.decode()
    assert tree(tmp_path / "out") == {"evil/ok.txt": CLEANED.encode()}
    reasons = {r["member"]: r["reason"] for r in rejects_of(tmp_path / "out.rejects.jsonl")}
    assert set(reasons) == {"../up.txt", "/abs.txt", "..\\win.txt", "link.txt", "fifo.txt"}
    assert "symbolic link" in str(reasons["link.txt"]) and "backslash" in str(reasons["..\\win.txt"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.zip", "out", "out.rejects.jsonl"]


def test_outputs_of_archives_may_not_overlap(tmp_path: Path) -> None:
    make_archive(tmp_path / "in" / "a.tar", {"x.txt": b"x"})
    make_archive(tmp_path / "in" / "a.zip", {"y.txt": b"y"})
    done = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert done.returncode == 2 and b"would both write 'out/a'" in done.stderr
    (tmp_path / "in" / "a.zip").unlink()
    (tmp_path / "in" / "a").mkdir()
    (tmp_path / "in" / "a" / "z.txt").write_text("z")
    done = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert done.returncode == 2 and b"would both write below" in done.stderr
    make_archive(tmp_path / "crawl" / "crawl.tar", {"x.txt": b"x"})
    done = normkit("clean", "crawl/crawl.tar", "-o", ".", cwd=tmp_path)  # ./crawl holds the input
    assert done.returncode == 2 and b"which holds the input 'crawl/crawl.tar'" in done.stderr
    assert not (tmp_path / "out").exists() or tree(tmp_path / "out") == {}


def test_parquet_members_are_rejected_and_format_parquet_refused(tmp_path: Path) -> None:
    make_archive(tmp_path / "a.tar", {"t.parquet": b"PAR1", "ok.txt": b"ok\n"})
    done = normkit("clean", "a.tar", "-o", "out", cwd=tmp_path)
    assert done.returncode == 3
    [reject] = rejects_of(tmp_path / "out.rejects.jsonl")
    assert reject["member"] == "t.parquet" and "Parquet inside an archive" in str(reject["reason"])
    refused = normkit("clean", "a.tar", "-o", "out2", "--format", "parquet", cwd=tmp_path)
    assert refused.returncode == 2 and b"not read from inside archives" in refused.stderr


# --- damage --------------------------------------------------------------------------


def _many_members(count: int = 8, lines: int = 400) -> dict[str, bytes]:
    import random

    rng = random.Random(7)
    hanzi = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    return {
        f"part-{k}.jsonl": jsonl(*("".join(rng.choices(hanzi, k=30)) for _ in range(lines)))
        for k in range(count)
    }


@pytest.mark.parametrize("name", ["cut.tar.gz", "cut.tar.zst", "cut.tar"])
def test_a_truncated_archive_keeps_what_came_before_the_cut(tmp_path: Path, name: str) -> None:
    # zstd loses the whole block (up to 128 KiB) the cut falls in: its archive spans several
    members = _many_members(lines=400 if name.endswith(".zst") else 100)
    make_archive(tmp_path / "in" / name, members)
    data = (tmp_path / "in" / name).read_bytes()
    (tmp_path / "in" / name).write_bytes(data[: len(data) * 3 // 5])
    (tmp_path / "in" / "after.txt").write_text(DIRTY)  # the run goes on
    # the character-level chain: what is tested is where the cut falls, not the cleaning
    done = normkit("clean", "in", "-o", "out", "--profile", "minimal", cwd=tmp_path)
    assert done.returncode == 3, done.stderr.decode()
    assert (tmp_path / "out" / "after.txt").read_text() == CLEANED
    written = tree(tmp_path / "out" / "cut")
    complete = [m for m in members if written.get(m, b"").count(b"\n") == members[m].count(b"\n")]
    assert complete == list(members)[: len(complete)] and 2 <= len(complete) < len(members)
    rejects = rejects_of(tmp_path / "out.rejects.jsonl")
    [reject] = rejects
    assert "truncated" in str(reject["reason"]) or "cut short" in str(reject["reason"])
    assert (
        reject["file"] == f"in/{name}" and reject["member"] == list(members)[len(complete)]
    )  # its partial line
    read = sum(r.count(b"\n") for r in written.values()) + 2  # and after.txt, and the reject
    assert f"read {read} = written {read - 1} + dropped 0 + rejected 1".encode() in done.stderr


def test_damaged_members_and_non_archives_are_rejects(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fake.zip").write_bytes(b"not a zip at all")
    (tmp_path / "in" / "fake2.tar.gz").write_bytes(gzip.compress(b"not a tar" * 100))
    make_archive(tmp_path / "in" / "bad.tar", {"a.jsonl.gz": gzip.compress(jsonl("one", "two"))[:-12]})
    with zipfile.ZipFile(tmp_path / "in" / "crc.zip", "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.txt", "the stored text")
    damaged = (tmp_path / "in" / "crc.zip").read_bytes().replace(b"stored", b"STORED")
    (tmp_path / "in" / "crc.zip").write_bytes(damaged)
    done = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert done.returncode == 3, done.stderr.decode()
    rejects = {r["file"]: r for r in rejects_of(tmp_path / "out.rejects.jsonl")}
    assert "not a zip archive" in str(rejects["in/fake.zip"]["reason"])
    assert "member" in rejects["in/fake.zip"] and rejects["in/fake.zip"]["member"] is None
    assert "not a tar archive" in str(rejects["in/fake2.tar.gz"]["reason"])
    assert rejects["in/bad.tar"]["member"] == "a.jsonl.gz" and "gzip" in str(rejects["in/bad.tar"]["reason"])
    assert rejects["in/crc.zip"]["member"] == "a.txt" and "CRC" in str(rejects["in/crc.zip"]["reason"])
    assert b"read 5 = written 1 + dropped 0 + rejected 4" in done.stderr  # "one" came before the damage


def test_tar_members_stream_in_bounded_memory(tmp_path: Path) -> None:
    """A 24 MiB member of a tar.gz read with a 1 MiB record limit: never held whole (the
    peak is about 6 MiB, whatever the member's size)."""
    import random

    rng = random.Random(3)
    pool = [
        orjson.dumps({"text": "".join(rng.choices("汉字词语文本清洗", k=300))}) + b"\n" for _ in range(500)
    ]
    block = b"".join(pool)  # more than gzip's 32 KiB window: compresses like real text, not a bomb
    count = (24 << 20) // len(block)

    class Blocks(io.RawIOBase):
        def __init__(self) -> None:
            self.left = count

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: object) -> int:
            view = memoryview(buffer)  # type: ignore[arg-type]
            if self.left == 0:
                return 0
            self.left -= 1
            view[: len(block)] = block
            return len(block)

    path = tmp_path / "big.tar.gz"
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        info = tarfile.TarInfo("big.jsonl")
        info.size = count * len(block)
        tar.addfile(info, io.BufferedReader(Blocks(), len(block)))
    kind = detect_archive(path)
    assert kind is not None
    tracemalloc.start()
    try:
        seen = 0
        for member in iter_members(str(path), kind):
            assert member.stream is not None and member.fmt == Format("jsonl")
            for record in read_records(
                member.stream, member.fmt, ReadOptions(max_record_bytes=1 << 20), "big"
            ):
                assert record.error is None
                seen += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count * len(pool)
    assert peak < 12 << 20


# --- resume and workers ----------------------------------------------------------------


@pytest.mark.slow
def test_resume_skips_finished_archives_and_overwrite_replaces_them(tmp_path: Path) -> None:
    make_archive(tmp_path / "in" / "a.tar.gz", MEMBERS)
    make_archive(tmp_path / "in" / "b.zip", {"x.txt": DIRTY.encode()})
    assert normkit("clean", "in", "-o", "out", cwd=tmp_path).returncode == 0
    first = contents(tmp_path / "out")
    (tmp_path / "out" / "a" / "docs" / "a.txt").write_text("kept")  # a finished archive is not redone
    (tmp_path / "out" / "b" / "x.txt").unlink()
    (tmp_path / "out" / "b").rmdir()
    (tmp_path / "out" / ".b.normkit-tmp").mkdir()  # a leftover of an interrupted run
    (tmp_path / "out" / ".b.normkit-tmp" / "junk.txt").write_text("junk")
    done = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert b"1 already done (skipped)" in done.stderr and b"read 1 = written 1" in done.stderr
    assert (tmp_path / "out" / "a" / "docs" / "a.txt").read_text() == "kept"
    assert contents(tmp_path / "out")["b/x.txt"] == first["b/x.txt"]
    assert not (tmp_path / "out" / ".b.normkit-tmp").exists()
    (tmp_path / "out" / "a" / "stray.txt").write_text("from before")
    done = normkit("clean", "in", "-o", "out", "--overwrite", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert contents(tmp_path / "out") == first  # the directory replaced as a whole
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a", "b"]


@pytest.mark.slow
def test_an_interrupted_archive_leaves_nothing_under_its_name(tmp_path: Path) -> None:
    """Members appear only when the whole archive is done: a killed run leaves the
    staging directory (removed by the rerun), never a half-filled ``out/crawl``."""
    import signal
    import subprocess
    import sys
    import time

    from test_cli_support import SRC

    make_archive(tmp_path / "crawl.tar", _many_members(count=16, lines=200))
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.Popen(
        [sys.executable, "-m", "normkit.cli", "clean", "crawl.tar", "-o", "out", "-q"],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    staging = tmp_path / "out" / ".crawl.normkit-tmp"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if staging.is_dir() and len(list(staging.iterdir())) >= 2:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait()
    if proc.returncode == -signal.SIGKILL:
        assert not (tmp_path / "out" / "crawl").exists()
    done = normkit("clean", "crawl.tar", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["crawl"]
    assert len(list((tmp_path / "out" / "crawl").iterdir())) == 16


@pytest.mark.slow
def test_two_workers_write_what_one_writes(tmp_path: Path) -> None:
    root = tmp_path / "in"
    members = _many_members(count=3, lines=50)
    make_archive(root / "one.tar.gz", {**members, "t/dirty.txt": DIRTY.encode(), "bad.jsonl": b"{oops\n"})
    make_archive(root / "two.zip", {**members, "z/dirty.txt": DIRTY.encode()})
    make_archive(root / "deep" / "three.tar.zst", {"a.txt": DIRTY.encode(), "../x.txt": b"no"})
    make_archive(root / "four.tar", {"b.jsonl": jsonl(DIRTY, "")})
    (root / "plain.jsonl").write_bytes(jsonl(*(f"{DIRTY}{k}" for k in range(2000))))
    results = []
    for workers in ("1", "2"):
        out = f"out{workers}"
        done = normkit(
            "clean", "in", "-o", out, "-j", workers, "--shard-size", "1", "--explain", f"why{workers}.jsonl",
            cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 3, done.stderr.decode()
        counts = [line for line in done.stderr.splitlines() if line.startswith(b"documents:")]
        results.append(
            (
                tree(tmp_path / out),
                (tmp_path / f"{out}.rejects.jsonl").read_bytes(),
                (tmp_path / f"why{workers}.jsonl").read_bytes(),
                counts,
            )
        )
    assert results[0] == results[1]
    assert len(results[0][0]) == 5 + 4 + 1 + 1 + 1  # every member that was read, and the file


def test_members_never_go_through_links_in_the_output(tmp_path: Path) -> None:
    """``out/crawl`` (the archive's directory) that is a link is refused before anything runs."""
    make_archive(tmp_path / "crawl.tar", {"a.txt": b"a"})
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "out" / "crawl")
    done = normkit("clean", "crawl.tar", "-o", "out", "--overwrite", cwd=tmp_path)
    assert done.returncode == 2 and b"symbolic link" in done.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []
