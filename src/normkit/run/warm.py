"""Imported by the forkserver before it forks workers: loads the engine and the plugin
registry once, so that every worker starts with them instead of rebuilding them; and
makes the forkserver die with the run (``PR_SET_PDEATHSIG``)."""

from __future__ import annotations

import sys

from .lifeline import die_with_parent

if "multiprocessing.forkserver" in sys.modules:  # in the forkserver (not a plain import)
    die_with_parent()  # first: the run may be killed while the rest loads

import warnings

from ..errors import BrokenPluginWarning
from . import shard as _shard  # noqa: F401 - imported for its side effect: loaded once

warnings.simplefilter("ignore", BrokenPluginWarning)  # the command already said so, once
try:
    from .._registry import get_registry

    get_registry()
except Exception:  # a broken plugin is reported by the command, not here
    pass
