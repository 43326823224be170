"""Archives as inputs: tar (plain, gzip, zstandard) and zip, read member by member."""

from __future__ import annotations

import gzip
import io
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
from test_cli_support import read_any

DIRTY = "  第一行\u200b\u3000\n\n\n第二行  "
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


# --- streaming ---------------------------------------------------------------------


def test_tar_members_stream_in_bounded_memory(tmp_path: Path) -> None:
    """A 48 MiB member of a tar.gz read with a 1 MiB record limit: never held whole."""
    import random

    rng = random.Random(3)
    pool = [
        orjson.dumps({"text": "".join(rng.choices("汉字词语文本清洗", k=300))}) + b"\n" for _ in range(500)
    ]
    block = b"".join(pool)  # more than gzip's 32 KiB window: compresses like real text, not a bomb
    count = (48 << 20) // len(block)

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
