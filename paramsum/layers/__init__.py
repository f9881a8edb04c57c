"""Layer types by framework. A type's module is imported on first use of the type (layers/index.py
names it), the whole catalog of a framework only when a name is not in the index."""

from __future__ import annotations

import importlib

from ..errors import ParamsumError, suggest
from .base import LAZY, REGISTRY
from .index import INDEX

# The modules of each framework's catalog, by the framework's canonical name (graph.FRAMEWORKS).
MODULES = {
    "keras": "paramsum.layers.keras",
    "pytorch": "paramsum.layers.torch",
}
# Families that add types to a framework without being part of its catalog: the
# transformers modules of Hugging Face configs are PyTorch modules, looked up by name.
# A family's modules are imported in this order, each only when a type is not found in
# the ones before it: a Llama config needs only the shared parts. A checkpoint's rows
# (its stored tensors, by module) are a type of their own too.
EXTENSIONS = {"pytorch": {
    "huggingface": tuple(f"paramsum.layers.huggingface.{name}" for name in (
        "common", "parts", "dense", "gpt", "encoders", "seq2seq", "vision", "multimodal")),
    "checkpoint": ("paramsum.layers.checkpoint",),
}}


_COMPLETE = set()  # the frameworks whose every family is imported


def families(framework):
    """The module names of a framework's families ('core', 'rnn', …), from its package."""
    return importlib.import_module(MODULES[framework]).FAMILIES


def catalog(framework):
    """{type name: layer class} for one framework ('keras' or 'pytorch'; aliases of types included)."""
    if framework not in MODULES:
        raise ParamsumError(f"unknown framework '{framework}'", hint=suggest(framework, MODULES))
    if framework not in _COMPLETE:
        for family in families(framework):
            importlib.import_module(f"{MODULES[framework]}.{family}")
        _COMPLETE.add(framework)
    return REGISTRY[framework]


def layer_class(framework, type_name):
    """The layer class of a type name; an unknown name is refused with the nearest known one."""
    if not isinstance(type_name, str):
        raise ParamsumError(f"layer type must be a string, got {type_name!r}")
    cls = _find(framework, type_name)
    if cls is None:
        types = catalog(framework)
        raise ParamsumError(
            f"unknown {framework} layer type '{type_name}'",
            hint=suggest(type_name, [t for t in types if not types[t].__name__.startswith("_")]),
        )
    return cls


def layer_arguments(framework, type_name):
    """The arguments of a layer type that hold layers (a wrapper's `layer`, an RNN's `cell`).

    Empty for a type the catalog does not know: infer reports it, or lets it through.
    """
    cls = _find(framework, type_name) if isinstance(type_name, str) else None
    return cls.layer_arguments if cls is not None else frozenset()


def _find(framework, type_name):
    family = INDEX.get(framework, {}).get(type_name)
    if family is not None:  # only the family that declares it (a string key: hashable, any other value is not)
        found = REGISTRY.get(framework, {}).get(type_name)
        if found is None:
            importlib.import_module(f"{MODULES[framework]}.{family}")
            found = REGISTRY.get(framework, {}).get(type_name)
        if found is not None:
            return found
    types = catalog(framework)
    if type_name in types:
        return types[type_name]
    for resolve in LAZY.get(framework, ()):
        cls = resolve(type_name)
        if cls is not None:
            return cls
    for family, modules in EXTENSIONS.get(framework, {}).items():
        for module in modules:
            found = REGISTRY.get(family, {}).get(type_name)
            if found is not None:
                return found
            importlib.import_module(module)  # (once: Python keeps it)
        found = REGISTRY.get(family, {}).get(type_name)
        if found is not None:
            return found
    return None
