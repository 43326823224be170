"""``python capped.py HEADROOM_MB ARGS...``: the ``normkit`` command under an address-space
limit of what this process maps once the chain is loaded plus HEADROOM_MB (Linux)."""

from __future__ import annotations

import re
import resource
import sys
from pathlib import Path

import normkit
from normkit.cli import main

normkit.Pipeline().clean("预热,文本\n" * 100)  # the chain and its tables, loaded before the cap
mapped = int(re.findall(r"VmSize:\s+(\d+) kB", Path("/proc/self/status").read_text())[0]) << 10
limit = mapped + (int(sys.argv.pop(1)) << 20)
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.argv[0] = "normkit"
sys.exit(main())
