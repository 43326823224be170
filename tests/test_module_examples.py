"""Every public name inside the package has an example that runs as a doctest.

The top-level exports are checked in ``test_public_surface.py``; this file checks every
public module (no ``_private`` part in its name): each class and function it defines and
lists in ``__all__`` (or, without ``__all__``, each one it defines without a leading
underscore) carries ``>>>`` in its own docstring. The default pytest run collects the
package's doctests (``--doctest-modules``), so every such example also runs. Hook
implementations (``@normkit.hookimpl``) are documented once, in ``normkit.hookspecs``.

Names still without an example are listed in :data:`PENDING`, module by module (with the
modules other branches add this session); a test fails when one of them gets an example,
so the list only shrinks.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import normkit

#: Public names that have no example yet (modules other work is changing this session).
PENDING: dict[str, set[str]] = {
    "normkit.codespans": {"code_spans", "might_hold_code"},
    "normkit.codespans.layout": {"indent", "mark_aligned", "mark_nested"},
    "normkit.codespans.syntax": {"outside_strings"},
    "normkit.mojibake.cjk": {"Repair", "find_repairs", "might_have_mojibake", "repair", "suspected_families"},
    "normkit.mojibake.latin": {"LineRepair", "find_repairs", "might_have_mojibake"},
    "normkit.mojibake.legacy": {"LegacyRepair", "find_repairs", "might_have_legacy"},
    "normkit.mojibake.phase": {"PhaseRepair", "find_repairs"},
    "normkit.mojibake.readings": {
        "Readings",
        "Span",
        "cost_tables",
        "is_word",
        "known",
        "pair_table",
        "word_bigrams",
    },
    "normkit.mojibake.scoring": {
        "Profile",
        "all_common",
        "clearly_better",
        "common_or_ascii",
        "delete_common",
        "plausible_fragment",
        "profile",
        "reads_well",
        "tiers",
    },
    "normkit.mojibake.stretches": {"Memo", "Repair", "consider", "truncated_character"},
    "normkit.mojibake.tables": {
        "Family",
        "char_class",
        "code_units",
        "common_chars",
        "decode_block",
        "encoded_sizes",
        "family",
        "suspect_chars",
        "suspect_pair",
        "suspects",
        "suspects_by_family",
        "suspects_in_bmp",
        "uncommon",
    },
    "normkit.mojibake.utf8": {
        "classify",
        "continues",
        "decode_lossy",
        "is_continuation",
        "is_lead",
        "utf8_prefix",
    },
    "normkit.normalisers.punctuation.runs": {
        "Memo",
        "beside_code",
        "free_by_neighbours",
        "is_chinese_run",
        "match_starts",
        "run_pattern",
        "sub_runs",
        "touches_emoticon",
    },
}


def public_modules() -> list[str]:
    names = ["normkit"]
    for info in pkgutil.walk_packages(normkit.__path__, "normkit."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def defined_here(module: ModuleType, value: object) -> bool:
    """Whether ``value`` is a class or function (also a cached or decorated one) that
    ``module`` defines, not a hook implementation."""
    if not (inspect.isclass(value) or callable(value)) or hasattr(value, "normkit_impl"):
        return False
    home = getattr(value, "__module__", None)
    return home == module.__name__ or (home == "normkit" and module.__name__ == "normkit")


def public_names(module: ModuleType) -> list[str]:
    listed = getattr(module, "__all__", None)
    if listed is None:
        listed = [name for name in vars(module) if not name.startswith("_")]
    return sorted(name for name in listed if defined_here(module, getattr(module, name, None)))


def has_example(value: object) -> bool:
    return ">>>" in (getattr(value, "__doc__", None) or "")


MODULES = public_modules()


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_of_the_module_has_an_example(name: str) -> None:
    module = importlib.import_module(name)
    missing = [n for n in public_names(module) if not has_example(getattr(module, n))]
    assert sorted(set(missing) - PENDING.get(name, set())) == []


@pytest.mark.parametrize("name", sorted(set(PENDING) & set(MODULES)))
def test_pending_names_still_lack_an_example(name: str) -> None:
    """An example added to a pending name: take it off :data:`PENDING`."""
    module = importlib.import_module(name)
    names = public_names(module)
    assert sorted(n for n in PENDING[name] if n in names and has_example(getattr(module, n))) == []


def test_the_check_sees_what_it_should() -> None:
    """The scan finds functions, classes and cached functions, and leaves out hook
    implementations and names imported from elsewhere."""
    from normkit.lines import repeats, repeats_keys
    from normkit.normalisers import unicode

    assert {"fold_table", "line_keys", "CountSettings"} <= set(public_names(repeats_keys))
    assert "line_keys" not in public_names(repeats) and "RepeatCounter" in public_names(repeats)
    assert "normkit_register_normalisers" not in public_names(unicode)
    assert len(MODULES) > 80 and "normkit.run.shard" in MODULES and "normkit._pipeline" not in MODULES
