"""Coverage-guided fuzzing of the input readers and of one shard's whole path (atheris).

    python fuzz/fuzz_readers.py -runs=100000               # a longer run
    python fuzz/fuzz_readers.py fuzz/corpus/readers -max_total_time=3600

Each input builds a file: JSON Lines assembled from hostile pieces (odd escapes, lone
``\\ud800`` surrogate escapes, NUL bytes, invalid and overlong UTF-8, byte-order marks,
CR and blank lines, lines past the record limit) or raw bytes; read as JSONL, as one
plain-text document or as one document per line; plain, gzip or zstandard, whole or
cut short. The checks:

* the reader never raises;
* every record is either a document (no error) or a reject with a non-empty reason,
  and line numbers increase;
* an undamaged input yields exactly one record per non-blank line (JSONL), per line
  (``--line-docs``) or per file, and a damaged one at most one record more than what
  was read before the damage;
* cleaning the shard never raises and ``read == written + dropped + rejected``, with
  as many lines in the output as were written;
* the same file as the member of an archive (tar, gzip tar or zip; a safe or hostile
  name, sometimes behind a symbolic link member; whole or cut short): the archive's shard
  never raises, its counts add up, and it writes nothing but regular files inside its
  staging directory.
"""

from __future__ import annotations

import gzip
import io
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import orjson
    import zstandard

    from normkit import get_registry
    from normkit._chain import select
    from normkit.io.archives import detect_archive
    from normkit.io.formats import Format
    from normkit.io.readers import ReadOptions, read_records
    from normkit.run.shard import ArchiveJob, RunOptions, Shard, process_shard

PIECES = [
    b"\\ud800",
    b"\\udc00",
    b"\\ud83d\\ude00",
    b"\\u0000",
    b"\\u",
    b"\\x41",
    b"\\",
    b'\\"',
    b"\\/",
    b"\x00",
    b"\xc0\xaf",  # overlong '/'
    b"\xe0\x80\x80",  # overlong NUL
    b"\xed\xa0\x80",  # a surrogate encoded in UTF-8
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\xff",
    b"\xe4\xb8",  # a cut 3-byte sequence
    "中文，标点。".encode(),
    b"\xef\xbb\xbf",
    b"\r",
    b"\n",
    b" ",
    b'"',
    b"{",
    b"}",
    b"text",
]
MEMBER_NAMES = ["in", "d/in", "./d//in", ".hidden/in", "../in", "/tmp/in", "d/../../in", "d\\..\\in"]
CHAIN = select(get_registry(), "default")
WORKDIR = Path(tempfile.mkdtemp(prefix="normkit-fuzz-readers-"))


def build(provider: atheris.FuzzedDataProvider) -> bytes:
    """A file's (uncompressed) bytes: structured JSONL, or raw bytes."""
    if provider.ConsumeBool():
        return provider.ConsumeBytes(provider.ConsumeIntInRange(0, 4096))
    lines = []
    for _ in range(provider.ConsumeIntInRange(0, 8)):
        body = b"".join(
            PIECES[provider.ConsumeIntInRange(0, len(PIECES) - 1)]
            if provider.ConsumeBool()
            else provider.ConsumeBytes(provider.ConsumeIntInRange(0, 16))
            for _ in range(provider.ConsumeIntInRange(0, 12))
        )
        shape = provider.ConsumeIntInRange(0, 3)
        if shape == 0:
            lines.append(b'{"id": "x", "text": "' + body + b'"}')
        elif shape == 1:
            lines.append(b'{"text": "' + body + b'", "meta": {"text": 1}}')
        elif shape == 2:
            lines.append(orjson.dumps({"text": body.decode("utf-8", "replace")}))
        else:
            lines.append(body)
    end = b"\n" if provider.ConsumeBool() else b""
    return b"\n".join(lines) + end


def compress(data: bytes, compression: str) -> bytes:
    if compression == "gz":
        return gzip.compress(data, compresslevel=1)
    if compression == "zst":
        return zstandard.ZstdCompressor(level=1).compress(data)
    return data


def expected_records(data: bytes, kind: str, options: ReadOptions) -> int:
    if kind == "text" and not options.line_docs:
        return 1
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    count = 0
    for n, line in enumerate(lines, 1):
        if len(line) > options.max_record_bytes:
            count += 1
            continue
        if kind == "jsonl":
            if n == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line or line.isspace():
                continue
        count += 1
    return count


def check(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    kind = ("jsonl", "text")[provider.ConsumeIntInRange(0, 1)]
    compression = ("", "gz", "zst")[provider.ConsumeIntInRange(0, 2)]
    options = ReadOptions(
        line_docs=provider.ConsumeBool(),
        decode_errors=("reject", "replace")[provider.ConsumeIntInRange(0, 1)],
        max_record_bytes=provider.ConsumeIntInRange(1, 300),
    )
    plain = build(provider)
    raw = compress(plain, compression)
    cut = provider.ConsumeBool() and compression != ""
    if cut:
        raw = raw[: provider.ConsumeIntInRange(0, max(0, len(raw) - 1))]
    path = WORKDIR / "in"
    path.write_bytes(raw)
    fmt = Format(kind, compression)

    records = list(read_records(str(path), fmt, options, "in"))
    last = 0
    for record in records:
        if record.doc is None:
            assert isinstance(record.error, str) and record.error, record
        else:
            assert record.error is None, record
            assert isinstance(record.doc.text, str)
        if record.line is not None:
            assert record.line > last, (record.line, last)
            last = record.line
    want = expected_records(plain, kind, options)
    if cut:
        assert len(records) <= want + 1, (len(records), want)
    else:
        assert len(records) == want, (len(records), want, plain)

    out = WORKDIR / "out"
    shard = Shard(0, str(path), "in", fmt, Format(kind), output=str(out), rejects=str(WORKDIR / "rejects"))
    report = process_shard(shard, CHAIN, RunOptions(options))
    assert report.read == len(records), (report.read, len(records))
    assert report.read == report.written + report.dropped + report.rejected, report
    assert report.rejected >= sum(r.error is not None for r in records)
    if kind == "jsonl" or options.line_docs:
        assert out.read_bytes().count(b"\n") == report.written
    if provider.ConsumeBool():
        check_archive(provider, raw, fmt, options)


def archive(container: str, name: str, data: bytes, link: bool) -> bytes:
    """A tar, gzip tar or zip holding ``data`` as ``name`` (after a link ``d`` -> ``/tmp``)."""
    buffer = io.BytesIO()
    if container == "zip":
        with zipfile.ZipFile(buffer, "w") as zipped:
            zipped.writestr(name, data)
        return buffer.getvalue()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        if link:
            info = tarfile.TarInfo("d")
            info.type, info.linkname = tarfile.SYMTYPE, "/tmp"
            tar.addfile(info)
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return gzip.compress(buffer.getvalue(), compresslevel=1) if container == "tar.gz" else buffer.getvalue()


def check_archive(
    provider: atheris.FuzzedDataProvider, raw: bytes, fmt: Format, options: ReadOptions
) -> None:
    container = ("tar", "tar.gz", "zip")[provider.ConsumeIntInRange(0, 2)]
    name = MEMBER_NAMES[provider.ConsumeIntInRange(0, len(MEMBER_NAMES) - 1)] + fmt.suffix
    data = archive(container, name, raw, provider.ConsumeBool())
    if provider.ConsumeBool():
        data = data[: provider.ConsumeIntInRange(0, max(0, len(data) - 1))]
    path = WORKDIR / f"in.{container}"
    path.write_bytes(data)
    kind = detect_archive(path)
    assert kind is not None
    staged = WORKDIR / "staged"
    shard = Shard(
        0, str(path), "in", Format(), Format(), output=str(staged), rejects=str(WORKDIR / "rejects"),
        archive=ArchiveJob(kind),
    )  # fmt: skip
    report = process_shard(shard, CHAIN, RunOptions(options))
    assert report.read == report.written + report.dropped + report.rejected, report
    for found in WORKDIR.rglob("*"):
        assert not found.is_symlink(), found
        inside = found == staged or staged in found.parents
        assert inside or (found.parent == WORKDIR and found.is_file()), found


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
