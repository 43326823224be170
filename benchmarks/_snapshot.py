"""Save, then check, the outputs of a function over a set of texts (the ``check_*_outputs`` scripts).

python benchmarks/check_X_outputs.py save SNAPSHOT.pkl   # before a change
python benchmarks/check_X_outputs.py check SNAPSHOT.pkl  # after it: exit 1 if any output differs
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Outputs = dict[str, list[Any]]


def snapshot_main(inputs: Callable[[], list[str]], outputs: Callable[[list[str]], Outputs]) -> None:
    """Run ``save PATH`` or ``check PATH`` from ``sys.argv``. A check reads the snapshot's own
    texts (hypothesis draws depend on the source code's literals) and prints the first ten
    outputs that differ."""
    mode, path = sys.argv[1], Path(sys.argv[2])
    if mode == "save":
        texts = inputs()
        got = outputs(texts)
        path.write_bytes(pickle.dumps({"texts": texts, "outputs": got}))
        print(f"saved {len(texts)} texts, {sum(len(v) for v in got.values())} outputs")
        return
    saved = pickle.loads(path.read_bytes())
    texts = saved["texts"]
    got = outputs(texts)
    bad = 0
    for label, outs in saved["outputs"].items():
        differ = [i for i, (want, have) in enumerate(zip(outs, got[label], strict=True)) if want != have]
        if differ:
            print(f"{label}: {len(differ)} differ")
        for i in differ:
            bad += 1
            if bad <= 10:
                want, have = outs[i], got[label][i]
                print(
                    f"DIFF {label} on text {i}: {texts[i][:200]!r}\n  want {want!r:.300}\n  have {have!r:.300}"
                )
    total = sum(len(v) for v in got.values())
    print(f"{len(texts)} texts, {total} outputs compared, {bad} differ")
    sys.exit(1 if bad else 0)
