"""The command line tells the truth (issue 16, items 5 and 7): hostile plugins are contained,
failures are one line and a documented exit status, ``--check`` writes nothing.

Every test runs the real ``normkit`` command: in a subprocess where the process is what is
tested (a plugin that loops, exits or raises ``KeyboardInterrupt`` inside workers, signals,
pipes, terminals), else in this process (``here``), with the same environment and plugins.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from fakeplugins import ROOT, install
from test_cli_support import normkit_in_process

SRC = ROOT / "src"

HOSTILE = """
import sys
import normkit

class Loop(normkit.Normaliser):
    name = "hostile.loop"
    stage = normkit.Stage.INLINE
    description = "loops forever on documents that say so"
    def normalise(self, text, ctx):
        n = 0
        while "LOOP" in text:
            n += 1
        return text

class Exit(normkit.Normaliser):
    name = "hostile.exit"
    stage = normkit.Stage.INLINE
    description = "exits on documents that say so"
    def normalise(self, text, ctx):
        if "EXIT" in text:
            sys.exit(0)
        if "CTRLC" in text:
            raise KeyboardInterrupt
        return text

@normkit.hookimpl
def normkit_register_normalisers(register):
    register(Loop)
    register(Exit)
"""


def run(
    site: Path | None, *args: object, cwd: Path, stdin: bytes | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """``normkit ARGS`` with the plugins of ``site`` installed."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    environ["PYTHONPATH"] = os.pathsep.join([*([str(site)] if site else []), str(SRC)])
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "normkit.cli", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=environ,
        timeout=120,
    )


def here(
    site: Path | None, *args: object, cwd: Path, stdin: bytes | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """What :func:`run` returns, from this process: ``normkit ARGS`` with the plugins of ``site``."""
    return normkit_in_process(*args, cwd=cwd, stdin=stdin, env=env, site=site)


def jsonl(*texts: str) -> bytes:
    return b"".join(orjson.dumps({"id": i, "text": t}) + b"\n" for i, t in enumerate(texts))


#: Light steps only beside the hostile one: a short step time limit holds for every step,
#: and on a loaded machine a heavy step's first document (its tables built) may exceed it.
LIGHT = ("--profile", "minimal", *(f"--disable=mojibake.{n}" for n in ("latin", "cjk", "gbk_phase")))


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    install(site, "hostile-plugin", HOSTILE)
    return site


@pytest.mark.parametrize("workers", ["1", pytest.param("2", marks=pytest.mark.slow)])
def test_a_looping_plugin_is_stopped_naming_the_step(tmp_path: Path, hostile: Path, workers: str) -> None:
    (tmp_path / "a.jsonl").write_bytes(jsonl("好的", "LOOP here", "也好"))
    (tmp_path / "b.jsonl").write_bytes(jsonl("第二个文件"))
    done = run(
        hostile,
        "clean", "a.jsonl", "b.jsonl", "-o", "out", "--enable", "hostile.loop", "--step-timeout", "0.5",
        "-j", workers, *LIGHT,
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr.decode()
    assert b"read 4 = written 3 + dropped 0 + rejected 1" in done.stderr
    rejects = [orjson.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_bytes().splitlines()]
    assert [(r["file"], r["line"]) for r in rejects] == [("a.jsonl", 2)]
    assert "hostile.loop" in rejects[0]["reason"] and "took longer than 0.5 s" in rejects[0]["reason"]
    assert (tmp_path / "out" / "b.jsonl").exists()


def test_the_step_time_limit_is_on_by_default(tmp_path: Path, hostile: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(jsonl("LOOP", "好"))
    # the default comes from $NORMKIT_STEP_TIMEOUT (else 300 s); no flag given
    done = run(
        hostile,
        "clean",
        "a.jsonl",
        "--enable",
        "hostile.loop",
        *LIGHT,
        cwd=tmp_path,
        NORMKIT_STEP_TIMEOUT="0.5",
    )
    assert done.returncode == 3, done.stderr.decode()
    assert b"rejected 1" in done.stderr


SLOW_LOADING = """
import time
import normkit

class SlowLoading(normkit.Normaliser):
    name = "slow.loading"
    stage = normkit.Stage.INLINE
    description = "loads a table for a second on first use, then is instant"
    loaded = False
    def normalise(self, text, ctx):
        if not SlowLoading.loaded:
            end = time.monotonic() + 1.0
            while time.monotonic() < end:  # Python code: the time limit can interrupt it
                pass
            SlowLoading.loaded = True
        return text

@normkit.hookimpl
def normkit_register_normalisers(register):
    register(SlowLoading)
"""


def test_loading_on_first_use_is_not_counted_by_the_step_time_limit(tmp_path: Path) -> None:
    """Steps load what they need (models, lexicons, tables) before the time limit counts:
    a step that loads for a second under a limit of half a second used to be stopped on
    every record (its loading interrupted each time, never finished)."""
    site = tmp_path / "site"
    site.mkdir()
    install(site, "slow-plugin", SLOW_LOADING)
    (tmp_path / "a.jsonl").write_bytes(jsonl("好的", "也好"))
    done = run(
        site, "clean", "a.jsonl", "-o", "out", "--enable", "slow.loading", "--step-timeout", "0.5", *LIGHT,
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert b"read 2 = written 2 + dropped 0 + rejected 0" in done.stderr


def test_ctrl_c_while_the_command_starts_is_a_quiet_exit_130(tmp_path: Path) -> None:
    """Ctrl-C while the command's modules are still loading used to end in a traceback
    from inside an import; it is a quiet exit 130, as later. ``-X importtime`` reports
    each module as its import ends: once ``click`` is in, the command is still loading."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    environ["PYTHONPATH"] = str(SRC)
    proc = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "normkit.cli", "clean", "-q"],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ,
    )
    assert proc.stderr is not None
    seen = b""
    for line in iter(proc.stderr.readline, b""):
        seen += line
        if line.split(b"|")[-1].strip() == b"click":
            proc.send_signal(signal.SIGINT)
            break
    _, rest = proc.communicate(timeout=60)
    err = seen + rest
    assert any(line.split(b"|")[-1].strip() == b"click" for line in err.splitlines())
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert err.endswith(b"normkit: interrupted\n")


@pytest.mark.parametrize("word", ["EXIT", "CTRLC"])
def test_exit_or_keyboard_interrupt_in_a_plugin_rejects_that_record(
    tmp_path: Path, hostile: Path, word: str
) -> None:
    (tmp_path / "a.jsonl").write_bytes(jsonl("好的", f"{word} now", "也好"))
    # in this process: a SystemExit or KeyboardInterrupt that escaped would end the command
    # (CliRunner reports the exit status) instead of becoming a reject
    done = here(hostile, "clean", "a.jsonl", "-o", "out.jsonl", "--enable", "hostile.exit", cwd=tmp_path)
    assert done.returncode == 3, done.stderr.decode()
    assert b"read 3 = written 2 + dropped 0 + rejected 1" in done.stderr
    (reject,) = [
        orjson.loads(line) for line in (tmp_path / "out.jsonl.rejects.jsonl").read_bytes().splitlines()
    ]
    assert reject["line"] == 2 and "hostile.exit" in reject["reason"]
    assert len((tmp_path / "out.jsonl").read_bytes().splitlines()) == 2


BROKEN = {
    "syntax-error": ("def broken(:\n", "SyntaxError"),
    "import-error": ("import no_such_module_anywhere\n", "ModuleNotFoundError"),
    "exits-on-import": ("import sys\nsys.exit(3)\n", "SystemExit"),
    "wrong-signature": (
        "import normkit\n@normkit.hookimpl\ndef normkit_register_normalisers(registrar, extra):\n    pass\n",
        "registrar",
    ),
    "duplicate-name": (
        "import normkit\n"
        "class Twin(normkit.Normaliser):\n"
        "    name = 'layout.whitespace'\n"
        "    stage = normkit.Stage.LAYOUT\n"
        "    description = 'a second layout.whitespace'\n"
        "    def normalise(self, text, ctx):\n"
        "        return text\n"
        "@normkit.hookimpl\n"
        "def normkit_register_normalisers(register):\n"
        "    register(Twin)\n",
        "registered twice",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
@pytest.mark.parametrize("command", [["plugins"], ["clean", "a.txt", "--check"]])
def test_a_broken_plugin_is_one_line_and_exit_2(tmp_path: Path, kind: str, command: list[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    code, cause = BROKEN[kind]
    install(site, kind, code)
    (tmp_path / "a.txt").write_text("好的\n", encoding="utf-8")
    done = here(site, *command, cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith("normkit: error: ") and kind in first and cause in first
    assert len(err.splitlines()) == 2  # the cause, and what to do about it

    skipped = here(site, *command, "--skip-broken-plugins", cwd=tmp_path)
    err = skipped.stderr.decode()
    assert skipped.returncode in (0, 1), err  # 1: --check found something to change
    assert "Traceback" not in err
    assert err.startswith("normkit: warning: skipped: ") and kind in err.splitlines()[0]
    by_env = here(site, *command, cwd=tmp_path, NORMKIT_SKIP_BROKEN_PLUGINS="1")
    assert by_env.returncode == skipped.returncode and by_env.stdout == skipped.stdout


def test_check_and_diff_write_no_rejects_file(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(jsonl("好的") + b"{not json\n")
    earlier = tmp_path / "normkit-rejects.jsonl"
    for mode in ("--check", "--diff"):
        done = here(None, "clean", "a.jsonl", mode, cwd=tmp_path)
        assert done.returncode == 3, done.stderr.decode()
        assert b"rejected 1" in done.stderr and b"--rejects FILE" in done.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]
    earlier.write_bytes(b"from an earlier run\n")  # and a file of an earlier run is left alone
    here(None, "clean", "a.jsonl", "--check", cwd=tmp_path)
    assert earlier.read_bytes() == b"from an earlier run\n"
    asked = here(None, "clean", "a.jsonl", "--check", "--rejects", "r.jsonl", cwd=tmp_path)
    assert asked.returncode == 3 and b"not json" in (tmp_path / "r.jsonl").read_bytes()


def test_check_works_in_a_read_only_directory(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    (tmp_path / "a.jsonl").write_bytes(b"{not json\n")
    tmp_path.chmod(0o555)
    try:
        done = here(None, "clean", "a.jsonl", "--check", cwd=tmp_path)
    finally:
        tmp_path.chmod(0o755)
    assert done.returncode == 3, done.stderr.decode()


def test_a_closed_pipe_is_a_quiet_exit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("你好,世界\n" * 300_000, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    env["PYTHONPATH"] = str(SRC)
    proc = subprocess.Popen(
        [sys.executable, "-m", "normkit.cli", "clean", "big.txt", "--line-docs", "-q"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == "你好，世界\n".encode()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert b"Broken pipe" not in err and b"Traceback" not in err and b"error" not in err


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["a.txt", "-o", "afile/sub/out.txt"], 2, b"Not a directory"),
        (["a.txt", "-o", "o.txt", "--stats-json", "adir"], 2, b"is a directory"),
        (["a.txt", "-o", "o.txt", "--stats-json", "nowhere/s.json"], 2, b"does not exist"),
        (["..tar", "-o", "out"], 3, b"rejected 1"),  # a damaged archive: one reject, no crash
    ],
)
def test_user_errors_have_no_traceback(tmp_path: Path, args: list[str], status: int, message: bytes) -> None:
    (tmp_path / "a.txt").write_text("好的\n", encoding="utf-8")
    (tmp_path / "afile").write_bytes(b"")
    (tmp_path / "adir").mkdir()
    (tmp_path / "..tar").write_bytes(b"x")
    done = here(None, "clean", *args, cwd=tmp_path)
    assert done.returncode == status, done.stderr.decode()
    assert b"Traceback" not in done.stderr and message in done.stderr


def wait_until_reading_stdin(pid: int, timeout: float = 60) -> None:
    """Wait until process ``pid`` is blocked reading its standard input (``read(0, …)`` in
    ``/proc/PID/syscall``, x86-64 numbering), not still starting: a Ctrl-C while Python
    imports normkit is Python's, not normkit's. Elsewhere: a fixed wait."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            call = Path(f"/proc/{pid}/syscall").read_text().split()
        except OSError:
            time.sleep(3)
            return
        if os.uname().machine != "x86_64":
            time.sleep(3)
            return
        if call[:2] == ["0", "0x0"]:
            return
        time.sleep(0.05)
    raise AssertionError("normkit never waited for input on its terminal")


def test_ctrl_c_on_a_terminal_stdin_is_exit_130(tmp_path: Path) -> None:
    import pty

    main_fd, child_fd = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    env["PYTHONPATH"] = str(SRC)
    proc = subprocess.Popen(
        [sys.executable, "-m", "normkit.cli", "clean"],
        cwd=tmp_path,
        stdin=child_fd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(child_fd)
    try:
        wait_until_reading_stdin(proc.pid)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        os.close(main_fd)
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err and b"interrupted" in err


def test_gzip_outputs_are_reproducible(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(jsonl("好的,世界")))
    outputs = []
    for n in (1, 2):
        done = here(None, "clean", "a.jsonl.gz", "-o", f"out{n}/", cwd=tmp_path)
        assert done.returncode == 0, done.stderr.decode()
        outputs.append((tmp_path / f"out{n}" / "a.jsonl.gz").read_bytes())
    assert outputs[0] == outputs[1]
    header = outputs[0][:10]
    assert header[4:8] == b"\0\0\0\0"  # mtime 0: no time in the output (gzip stores no other)
    assert not header[3] & 0x08  # FNAME: no file name stored


def test_an_option_error_names_the_option_at_fault(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("好的\n", encoding="utf-8")
    (tmp_path / "normkit.toml").write_text(
        '[options."lines.rejoin"]\nmax_blank_lines = 1\nmin_length = 0\n', encoding="utf-8"
    )
    done = here(None, "clean", "a.txt", "--check", cwd=tmp_path)
    assert done.returncode == 2
    assert b"option 'min_length' = 0" in done.stderr and b"'max_blank_lines'" not in done.stderr


def test_ctrl_c_while_the_forkserver_loads_prints_no_traceback_from_it() -> None:
    # Ctrl-C reaches the whole process group: the forkserver, still importing normkit, printed
    # a 30-line traceback beside "normkit: interrupted". It ignores SIGINT while it loads and
    # gives the workers it forks Python's handler back.
    probe = (
        "import multiprocessing.forkserver, signal\n"
        "import normkit._registry as registry\n"
        "seen = []\n"
        "real = registry.get_registry\n"
        "registry.get_registry = lambda: (seen.append(signal.getsignal(signal.SIGINT)), real())[1]\n"
        "import normkit.run.warm\n"
        "print(seen == [signal.SIG_IGN], signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    env["PYTHONPATH"] = str(SRC)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, env=env, timeout=120)
    assert done.stdout.split() == [b"True", b"True"], done.stderr.decode()
