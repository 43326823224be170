"""Build ``code_files.jsonl.gz``: whole Python source files with Chinese in them.

From the sdists listed in ``README.md`` beside this file (same licences): 40 files of at
most 12 kB holding Han characters (comments, docstrings, strings), picked at random with
a fixed seed, as ``{"source": PATH, "text": CONTENT}``.

    python tests/data/code_docs/build_files.py UNPACKED_SDISTS_DIR | gzip -9 -n > tests/data/code_docs/code_files.jsonl.gz
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from build import PACKAGES

_HAN = re.compile(r"[\u4e00-\u9fff]")


def main(root: Path) -> None:
    files = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if 500 < len(text.encode()) <= 12000 and _HAN.search(text) and "\ufffd" not in text:
                files.append((str(path.relative_to(root)), text))
    random.Random(14).shuffle(files)
    for source, text in sorted(files[:40]):
        print(json.dumps({"source": source, "text": text}, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
