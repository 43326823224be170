"""Shared fixtures and hypothesis settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import normkit

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: Helper scripts that tests run in subprocesses (``sitecustomize`` hooks), not test modules.
collect_ignore = ["faultfs"]

ROOT = Path(__file__).resolve().parent.parent
#: The shared sample corpus: ``$NORMKIT_CORPUS``, else beside the repository (as in CI).
CORPUS = Path(os.environ.get("NORMKIT_CORPUS") or ROOT.parent / "shared" / "corpus")


@pytest.fixture(autouse=True)
def _fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the registry as the environment defines it."""
    monkeypatch.delenv("NORMKIT_LOAD_PLUGINS", raising=False)
    monkeypatch.delenv("NORMKIT_DISABLE_PLUGINS", raising=False)
    normkit.reset_registry()
