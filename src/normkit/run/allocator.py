"""The C allocator of a cleaning process: big blocks mapped on their own (glibc).

glibc serves a block of more than its *mmap threshold* with a mapping of its own, given
back to the system when freed; smaller ones come from the heap, whose freed space stays
resident. The threshold starts at 128 KiB but rises to the size of every mapped block
freed (up to 32 MiB), so once a long record's arrays are freed, the next ones of that
size come from the heap and stay there: a record of many short lines peaked at 27x its
size in resident memory at 4 MB (2 MB: 31x) instead of 22x (18x), and the loaded chain
at 148 MB instead of 132 MB (``benchmarks/bench_memory.py --shape short-lines``).
Fixing the threshold at 1 MiB keeps a record's page-long arrays mapped on their own
(the same figures as at 128 KiB) and a block's temporaries on the heap (at 128 KiB each
of them was a mapping: about 6% more CPU time on realweb pages).
``MALLOC_MMAP_THRESHOLD_`` in the environment is left to rule.
"""

from __future__ import annotations

import contextlib
import ctypes
import os

#: The threshold kept.
MMAP_THRESHOLD = 1 << 20
_M_MMAP_THRESHOLD = -3


def fix_mmap_threshold() -> bool:
    """Keep glibc's mmap threshold at :data:`MMAP_THRESHOLD` in this process (and the
    processes it forks); ``False`` where there is no glibc ``mallopt`` or the environment
    sets the threshold.

    >>> isinstance(fix_mmap_threshold(), bool)
    True
    """
    if "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    return False  # pragma: no cover - no C library to call
