"""Imported by the forkserver before it forks workers: loads the engine and the plugin
registry once, so that every worker starts with them instead of rebuilding them; and
makes the forkserver die with the run (``PR_SET_PDEATHSIG``)."""

from __future__ import annotations

from .lifeline import die_with_parent

die_with_parent()  # first: the run may be killed while the rest loads

import warnings  # noqa: E402

from ..errors import BrokenPluginWarning  # noqa: E402
from . import shard as _shard  # noqa: E402, F401 - imported for its side effect: loaded once

warnings.simplefilter("ignore", BrokenPluginWarning)  # the command already said so, once
try:
    from .._registry import get_registry

    get_registry()
except Exception:  # a broken plugin is reported by the command, not here
    pass
