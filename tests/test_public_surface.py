"""The public surface: what ``import normkit`` shows, in the style of httpx."""

from __future__ import annotations

import dataclasses
import pickle
import pydoc
import re

import pytest

import normkit
import normkit.hookspecs


def issubclass_safe(value: object, bases: tuple[type, ...]) -> bool:
    return isinstance(value, type) and issubclass(value, bases)


CLASSES_AND_FUNCTIONS = [
    name
    for name in normkit.__all__
    if isinstance(getattr(normkit, name), type) or callable(getattr(getattr(normkit, name), "__code__", None))
]


@pytest.mark.parametrize("name", CLASSES_AND_FUNCTIONS)
def test_every_export_says_it_is_from_normkit(name: str) -> None:
    assert getattr(normkit, name).__module__ == "normkit"


@pytest.mark.parametrize("name", CLASSES_AND_FUNCTIONS)
def test_exports_pickle_by_their_public_name(name: str) -> None:
    value = getattr(normkit, name)
    assert pickle.loads(pickle.dumps(value)) is value


def test_a_chain_config_pickles_across_the_relabelling() -> None:
    # The pipeline ships only its config to workers (Ray, processes).
    config = normkit.Pipeline(steps=["layout.whitespace"]).config
    assert pickle.loads(pickle.dumps(config)) == config
    assert pickle.loads(pickle.dumps(normkit.Stage.INLINE)) is normkit.Stage.INLINE


def test_the_registry_class_is_exported() -> None:
    assert isinstance(normkit.get_registry(), normkit.Registry)


def test_help_reads_as_a_guide_with_public_names_only() -> None:
    text = pydoc.plain(pydoc.render_doc(normkit))
    # pydoc always lists the package's files under PACKAGE CONTENTS; everything else
    # (classes, functions, data, and where each class comes from) must be public.
    guide = re.sub(r"\nPACKAGE CONTENTS\n(    .*\n)+", "\n", text)
    assert "PACKAGE CONTENTS" not in guide
    private = {*re.findall(r"normkit\.(_\w+)", guide), *re.findall(r"^    (_\w+)", guide, re.M)}
    # Special names (``__all__``, ``__getattr__``, ``__version__``) pydoc always shows.
    assert sorted(name for name in private if not name.startswith("__")) == []
    assert {"Pipeline", "clean", "convert", "Registry"} <= set(re.findall(r"^    (\w+)", guide, re.M)) | set(
        re.findall(r"^    class (\w+)", guide, re.M)
    )
    assert normkit.__doc__ is not None and normkit.__doc__.strip().splitlines()[0] in text


@pytest.mark.parametrize("name", sorted(CLASSES_AND_FUNCTIONS))
def test_every_public_class_and_function_has_an_example(name: str) -> None:
    assert ">>>" in (getattr(normkit, name).__doc__ or "")


#: Exports that carry no docstring of their own (data, a type alias, pluggy's marker):
#: each is used in an example of the guide (``normkit.__doc__``) or of ``normkit.hookspecs``.
DATA = sorted(set(normkit.__all__) - set(CLASSES_AND_FUNCTIONS) - {"__version__"})


@pytest.mark.parametrize("name", DATA)
def test_every_other_export_is_used_in_an_example(name: str) -> None:
    examples = [
        line
        for doc in (normkit.__doc__, normkit.hookspecs.__doc__)
        for line in (doc or "").splitlines()
        if line.lstrip().startswith((">>>", "..."))
    ]
    assert any(re.search(rf"\bnormkit\.{name}\b", line) for line in examples), name


def test_options_classes_list_their_fields_and_defaults() -> None:
    registry = normkit.get_registry()
    for name in registry.names():
        options = registry[name].cls.Options
        for field in dataclasses.fields(options):
            assert f"- ``{field.name}``: " in (options.__doc__ or ""), (name, field.name)
    assert "- ``max_blank_lines``: int = 1" in (registry["layout.whitespace"].cls.Options.__doc__ or "")
