"""Imported by the forkserver before it forks workers: loads the engine and the plugin
registry once, so that every worker starts with them instead of rebuilding them."""

from __future__ import annotations

from .._registry import get_registry
from . import shard as _shard  # noqa: F401 - imported for its side effect: loaded once

get_registry()
