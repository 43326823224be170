"""Imported by the forkserver before it forks workers: loads the engine and the plugin
registry once, so that every worker starts with them instead of rebuilding them; and
makes the forkserver die with the run (``PR_SET_PDEATHSIG``)."""

from __future__ import annotations

import signal
import sys

from .lifeline import die_with_parent

if "multiprocessing.forkserver" in sys.modules:  # in the forkserver (not a plain import)
    die_with_parent()  # first: the run may be killed while the rest loads
    # Ctrl-C reaches the whole process group; the run handles it. The forkserver ignores
    # SIGINT once its modules are loaded; while they load, a Ctrl-C printed its traceback.
    _on_sigint = signal.signal(signal.SIGINT, signal.SIG_IGN)

import warnings

from ..errors import BrokenPluginWarning
from .allocator import fix_mmap_threshold

fix_mmap_threshold()  # before the engine loads; the workers forked inherit it
from . import shard as _shard  # noqa: E402, F401 - imported for its side effect: loaded once

warnings.simplefilter("ignore", BrokenPluginWarning)  # the command already said so, once
try:
    from .._registry import get_registry

    get_registry()
except Exception:  # a broken plugin is reported by the command, not here
    pass
if "multiprocessing.forkserver" in sys.modules:
    signal.signal(signal.SIGINT, _on_sigint)  # the workers it forks take this one back
