"""Every public name inside the package has an example that runs as a doctest.

The top-level exports are checked in ``test_public_surface.py``; this file checks every
public module (no ``_private`` part in its name): each class and function it defines and
lists in ``__all__`` (or, without ``__all__``, each one it defines without a leading
underscore) carries ``>>>`` in its own docstring. The default pytest run collects the
package's doctests (``--doctest-modules``), so every such example also runs. Hook
implementations (``@normkit.hookimpl``) are documented once, in ``normkit.hookspecs``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import normkit


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
    assert missing == []


def test_the_check_sees_what_it_should() -> None:
    """The scan finds functions, classes and cached functions, and leaves out hook
    implementations and names imported from elsewhere."""
    from normkit.lines import repeats, repeats_keys
    from normkit.normalisers import unicode

    assert {"fold_table", "line_keys", "CountSettings"} <= set(public_names(repeats_keys))
    assert "line_keys" not in public_names(repeats) and "RepeatCounter" in public_names(repeats)
    assert "normkit_register_normalisers" not in public_names(unicode)
    assert len(MODULES) > 80 and "normkit.run.shard" in MODULES and "normkit._pipeline" not in MODULES
