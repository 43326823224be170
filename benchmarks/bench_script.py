"""Benchmark: normkit's script conversion against the OpenCC packages and zhconv.

    python benchmarks/bench_script.py [--mb 4] [--repeat 3]
    python benchmarks/bench_script.py --configs [--mb 4] [--repeat 5] [--overrides N]

Builds several megabytes of simplified and of traditional text from the sample corpus
(/work/shared/corpus/golden, or ../shared/corpus beside the repository), then runs every
peer in its own subprocess: start-up (import, build the t2s and s2t converters, convert a
short string), throughput of ``t2s`` on traditional text and ``s2t`` on simplified text
(best of ``--repeat``), peak memory (max RSS of the subprocess), and whether the output
equals the OpenCC C++ binding's. The packages that install a module called ``opencc``
(``opencc-py``, ``opencc-python-reimplemented``) and ``zhconv`` get their own virtual
environments under ``benchmarks/.venvs/``, created with pip on first use.

``--configs``: every OpenCC configuration, normkit against the C++ binding in one
subprocess (simplified text for ``s2*``, traditional text for the others): throughput (best
of ``--repeat``, the two converters' runs interleaved), their ratio, the first run (which
for normkit includes building its tables for long texts), and whether the outputs are equal.
With ``--overrides N``, both run with ``N`` user phrase overrides per configuration, with
made-up targets: keys of the first step's dictionaries (what a user fixing OpenCC's choices
writes), or with ``--override-kind text`` stretches of two to four characters of the input
itself (a worst case: they match everywhere, far more often than OpenCC's phrases); normkit
with ``overrides=``, the binding with the OpenCC configuration that
``normkit.script.dictionaries.with_overrides`` gives (dictionary files pointed at its own).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENVS = HERE / ".venvs"
CORPUS_DIRS = [ROOT.parent / "shared" / "corpus" / "golden", Path("/work/shared/corpus/golden")]

# name -> (venv packages or None for this interpreter, setup code, t2s expression, s2t expression)
PEERS: dict[str, tuple[list[str] | None, str, str, str]] = {
    "normkit": (
        None,
        "from normkit.script import get_converter\n"
        "f=get_converter('t2s').convert\ng=get_converter('s2t').convert",
        "f",
        "g",
    ),
    "opencc (C++)": (
        None,
        "import opencc\nf=opencc.OpenCC('t2s.json').convert\ng=opencc.OpenCC('s2t.json').convert",
        "f",
        "g",
    ),
    "opencc-py": (
        ["opencc-py"],
        "import opencc\nf=opencc.OpenCC('t2s').convert\ng=opencc.OpenCC('s2t').convert",
        "f",
        "g",
    ),
    "opencc-python-reimplemented": (
        ["opencc-python-reimplemented"],
        "import opencc\nf=opencc.OpenCC('t2s').convert\ng=opencc.OpenCC('s2t').convert",
        "f",
        "g",
    ),
    "zhconv": (
        ["zhconv"],
        "import zhconv\nf=lambda t: zhconv.convert(t, 'zh-hans')\ng=lambda t: zhconv.convert(t, 'zh-hant')",
        "f",
        "g",
    ),
}

WORKER = r"""
import hashlib, json, resource, sys, time
args = json.loads(sys.argv[1])
t0 = time.perf_counter()
exec(args["setup"])
t2s, s2t = eval(args["t2s"]), eval(args["s2t"])
t2s("漢字"); s2t("汉字")
startup = time.perf_counter() - t0
result = {"startup": startup}
for label, fn, path in (("t2s", t2s, args["trad"]), ("s2t", s2t, args["simp"])):
    text = open(path, encoding="utf-8").read()
    size = len(text.encode("utf-8"))
    best, out = None, None
    for _ in range(args["repeat"]):
        t = time.perf_counter()
        out = fn(text)
        d = time.perf_counter() - t
        best = d if best is None else min(best, d)
        if d > args["slow"]:
            break
    result[label] = size / 1e6 / best
    result[label + "_sha"] = hashlib.sha1(out.encode("utf-8", "surrogatepass")).hexdigest()
result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


CONFIGS_WORKER = r"""
import json, os, random, sys, tempfile, time
args = json.loads(sys.argv[1])
import opencc
from normkit.script import CONFIGS, get_converter
from normkit.script.dictionaries import read_config, with_overrides
texts = {"simplified": open(args["simp"], encoding="utf-8").read(),
         "traditional": open(args["trad"], encoding="utf-8").read()}
share = os.path.join(os.path.dirname(opencc.__file__), "clib", "share", "opencc")
tmp = tempfile.mkdtemp()

def resolved(node):
    if node.get("type") == "group":
        for child in node["dicts"]:
            resolved(child)
    elif node.get("type") == "text":
        node["type"], node["file"] = "ocd2", os.path.join(share, node["file"][:-4] + ".ocd2")

def binding(config, overrides):
    if not overrides:
        return opencc.OpenCC(config + ".json")
    doc = with_overrides(read_config(config), overrides)
    for step in [*doc.get("normalization", ()), *doc["conversion_chain"], *([doc["segmentation"]] if "segmentation" in doc else [])]:
        resolved(step["dict"])
    path = os.path.join(tmp, config + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    return opencc.OpenCC(path)

def sample(text, config, count, kind):
    rng = random.Random(config)
    found = {}
    if kind == "phrases":  # keys of the first step's dictionaries: fixes to OpenCC's choices
        from normkit.script.dictionaries import flatten
        keys = sorted({k for leaf in flatten(read_config(config)["conversion_chain"][0]["dict"]) for k in leaf})
        longer = [k for k in keys if len(k) > 1] or [a + b for a, b in zip(keys, reversed(keys))]
        for source in rng.sample(longer, min(count, len(longer))):
            found[source] = "".join(rng.choice("覆写改") for _ in range(len(source)))
        return found
    while len(found) < count:  # stretches of the text itself: they match everywhere
        at = rng.randrange(len(text) - 4)
        source = text[at : at + rng.randrange(2, 5)]
        if source.strip() == source and "\n" not in source:
            found.setdefault(source, "".join(rng.choice("覆写改") for _ in range(len(source))))
    return found

rows = []
for config in CONFIGS:
    kind = "simplified" if config.startswith("s2") else "traditional"
    text = texts[kind]
    size = len(text.encode("utf-8")) / 1e6
    overrides = sample(text, config, args["overrides"], args["kind"]) if args["overrides"] else None
    peers = {"opencc": binding(config, overrides).convert, "normkit": get_converter(config, overrides=overrides).convert}
    first, best, outs = {}, {}, {}
    for name, fn in peers.items():
        t = time.perf_counter(); outs[name] = fn(text); first[name] = time.perf_counter() - t
    for _ in range(args["repeat"]):
        for name, fn in peers.items():
            t = time.perf_counter(); fn(text); d = time.perf_counter() - t
            best[name] = min(best.get(name, d), d)
    rows.append({"config": config, "input": kind, "mb": size,
                 "normkit": size / best["normkit"], "opencc": size / best["opencc"],
                 "first_normkit": first["normkit"], "first_opencc": first["opencc"],
                 "equal": outs["normkit"] == outs["opencc"]})
print(json.dumps(rows))
"""


def _configs_table(
    files: tuple[Path, Path], repeat: int, env: dict[str, str], overrides: int = 0, kind: str = "phrases"
) -> None:
    """Print every configuration's throughput, normkit against the C++ binding."""
    args = {
        "simp": str(files[0]),
        "trad": str(files[1]),
        "repeat": repeat,
        "overrides": overrides,
        "kind": kind,
    }
    proc = subprocess.run(
        [sys.executable, "-c", CONFIGS_WORKER, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr.strip() or "the configurations worker failed")
    rows = json.loads(proc.stdout.strip().splitlines()[-1])
    with_overrides = f", {overrides} phrase overrides each ({kind})" if overrides else ""
    print(f"\nevery configuration{with_overrides}, best of {repeat} (MB/s; first run in s):")
    print(
        "| config | input | normkit MB/s | C++ binding MB/s | ratio | first run s (normkit / C++) | equal |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        ratio = r["normkit"] / r["opencc"]
        first = f"{r['first_normkit']:.2f} / {r['first_opencc']:.2f}"
        print(
            f"| {r['config']} | {r['input']} | {r['normkit']:.1f} | {r['opencc']:.1f} | "
            f"x{ratio:.2f} | {first} | {'yes' if r['equal'] else 'NO'} |"
        )
    slowest = min(rows, key=lambda r: r["normkit"] / r["opencc"])
    print(f"slowest against the binding: {slowest['config']} x{slowest['normkit'] / slowest['opencc']:.2f}")


def _python_for(name: str, packages: list[str] | None) -> str | None:
    if packages is None:
        return sys.executable
    env_dir = VENVS / name.replace(" ", "_")
    python = env_dir / "bin" / "python"
    marker = env_dir / ".installed"
    if marker.exists() and python.exists():
        return str(python)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *packages], check=True, capture_output=True
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"  {name}: could not create its environment ({exc})", file=sys.stderr)
        return None
    marker.write_text(" ".join(packages))
    return str(python)


def _texts(megabytes: float, workdir: Path) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "src"))
    from normkit.script import convert

    golden = next((d for d in CORPUS_DIRS if d.exists()), None)
    if golden is None:
        raise SystemExit("sample corpus not found")
    sample = "".join(p.read_text(encoding="utf-8") for p in sorted(golden.glob("*.txt")))
    simplified = convert(sample, "t2s")
    traditional = convert(simplified, "s2t")
    times = max(1, int(megabytes * 1e6 / len(simplified.encode("utf-8"))) + 1)
    simp_path, trad_path = workdir / "simplified.txt", workdir / "traditional.txt"
    simp_path.write_text(simplified * times, encoding="utf-8")
    trad_path.write_text(traditional * times, encoding="utf-8")
    return simp_path, trad_path


def _run(
    python: str,
    spec: tuple[list[str] | None, str, str, str],
    files: tuple[Path, Path],
    repeat: int,
    env: dict[str, str],
) -> dict[str, float | str]:
    _, setup, t2s, s2t = spec
    args = {
        "setup": setup,
        "t2s": t2s,
        "s2t": s2t,
        "simp": str(files[0]),
        "trad": str(files[1]),
        "repeat": repeat,
        "slow": 5.0,
    }
    proc = subprocess.run(
        [python, "-c", WORKER, json.dumps(args)], capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed")
    result: dict[str, float | str] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=4.0, help="megabytes of text per script (default 4)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement, best kept (default 3)")
    parser.add_argument("--only", nargs="*", help="peers to run (default: all)")
    parser.add_argument(
        "--configs", action="store_true", help="every configuration against the C++ binding, one process"
    )
    parser.add_argument(
        "--overrides", type=int, default=0, metavar="N", help="with --configs: N phrase overrides each"
    )
    parser.add_argument(
        "--override-kind",
        choices=["phrases", "text"],
        default="phrases",
        help="overrides from the configuration's phrases (default) or stretches of the input (a worst case)",
    )
    opts = parser.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory() as tmp:
        files = _texts(opts.mb, Path(tmp))
        sizes = [f.stat().st_size / 1e6 for f in files]
        version = sys.version.split()[0]
        print(f"text: {sizes[0]:.1f} MB simplified, {sizes[1]:.1f} MB traditional (UTF-8); python {version}")
        if opts.configs:
            _configs_table(files, opts.repeat, env, opts.overrides, opts.override_kind)
            return
        results: dict[str, dict[str, float | str]] = {}
        for name, spec in PEERS.items():
            if opts.only and name not in opts.only:
                continue
            python = _python_for(name, spec[0])
            if python is None:
                continue
            try:
                results[name] = _run(python, spec, files, opts.repeat, env)
            except RuntimeError as exc:
                print(f"  {name}: failed: {exc}", file=sys.stderr)
        cold_env = dict(env, NORMKIT_NO_CACHE="1")
        cold = None
        if "normkit" in results:
            cold = _run(sys.executable, PEERS["normkit"], files, 1, cold_env)["startup"]
    ref = results.get("opencc (C++)")
    print()
    header = f"{'peer':30s} {'t2s MB/s':>9s} {'s2t MB/s':>9s} {'start-up s':>10s} {'peak MB':>8s}"
    print(header + "  equals C++ (t2s, s2t)")
    for name, r in results.items():
        same = "" if ref is None else f"{r['t2s_sha'] == ref['t2s_sha']}, {r['s2t_sha'] == ref['s2t_sha']}"
        print(f"{name:30s} {r['t2s']:9.2f} {r['s2t']:9.2f} {r['startup']:10.3f} {r['rss_mb']:8.0f}  {same}")
    if cold is not None:
        print(f"{'normkit, no disk cache':30s} {'':9s} {'':9s} {cold:10.3f}")
    mine = results.get("normkit")
    if mine:
        print()
        print("normkit ratios (throughput: normkit / peer; start-up and memory: peer / normkit):")
        for name, r in results.items():
            if name == "normkit":
                continue
            t2s = float(mine["t2s"]) / float(r["t2s"])
            s2t = float(mine["s2t"]) / float(r["s2t"])
            start = float(r["startup"]) / float(mine["startup"])
            memory = float(r["rss_mb"]) / float(mine["rss_mb"])
            line = f"  vs {name:28s} t2s x{t2s:6.2f}  s2t x{s2t:6.2f}"
            print(f"{line}  start-up x{start:6.2f}  memory x{memory:5.2f}")
    digest = hashlib.sha1(json.dumps(results, sort_keys=True).encode()).hexdigest()[:8]
    print(f"\n(run {digest})")


if __name__ == "__main__":
    main()
