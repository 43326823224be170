"""Every exception and warning normkit defines lives in ``normkit.errors``, is exported
from ``normkit`` and shows as ``normkit.<Name>`` (issue 16, item 8)."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil

import pytest

import normkit
from normkit import errors


def _all_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(normkit.__path__, "normkit."):
        if info.name == "normkit.run.warm":  # the forkserver's preload, not for importing
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:  # an adapter whose framework is not installed
            continue
        names.append(info.name)
    return names


def test_every_exception_is_defined_in_normkit_errors() -> None:
    defined = []
    for name in _all_modules():
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ in (name, "normkit")
            ):
                defined.append(obj)
    assert defined
    outside = sorted({f"{c.__qualname__}" for c in defined if c is not getattr(errors, c.__name__, None)})
    assert outside == [], "define these in normkit/errors.py"


@pytest.mark.parametrize("name", errors.ERRORS)
def test_exported_with_module_normkit(name: str) -> None:
    cls = getattr(errors, name)
    assert getattr(normkit, name) is cls and name in normkit.__all__
    assert cls.__module__ == "normkit"
    assert issubclass(cls, (errors.NormkitError, Warning)) or name in ("StepTimeout", "Terminated")


def test_errors_pickle_with_their_fields() -> None:
    cases = [
        errors.StepFailed("a.b", "ValueError: x"),
        errors.OptionError("a.b", "opt", 3, "bad"),
        errors.FlagError("--set", "bad value"),
        errors.PartialLine("cut", b"half"),
        errors.PlanError("no inputs"),
    ]
    for exc in cases:
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == str(exc) and vars(back) == vars(exc)
