"""Layer types by framework. Each framework's modules are imported on first use."""

from __future__ import annotations

import importlib

from ..errors import ParamsumError, suggest
from .base import LAZY, REGISTRY

FRAMEWORKS = {
    "keras": "paramsum.layers.keras",
    "pytorch": "paramsum.layers.torch",
}
ALIASES = {"torch": "pytorch", "tf.keras": "keras", "tensorflow": "keras"}
# Families that add types to a framework without being part of its catalog: the
# transformers modules of Hugging Face configs are PyTorch modules, looked up by name.
EXTENSIONS = {"pytorch": {"huggingface": "paramsum.layers.huggingface"}}


def framework_name(name):
    name = ALIASES.get(str(name).lower(), str(name).lower())
    if name not in FRAMEWORKS:
        raise ParamsumError(
            f"unknown framework '{name}'", hint=suggest(name, FRAMEWORKS) or "use keras or pytorch"
        )
    return name


def catalog(framework):
    """{type name: layer class} for one framework (aliases included)."""
    framework = framework_name(framework)
    if framework not in REGISTRY:
        importlib.import_module(FRAMEWORKS[framework])
    return REGISTRY[framework]


def layer_class(framework, type_name):
    types = catalog(framework)
    if not isinstance(type_name, str):
        raise ParamsumError(f"layer type must be a string, got {type_name!r}")
    if type_name in types:
        return types[type_name]
    for resolve in LAZY.get(framework, ()):
        cls = resolve(type_name)
        if cls is not None:
            return cls
    for family, module in EXTENSIONS.get(framework, {}).items():
        if family not in REGISTRY:
            importlib.import_module(module)
        if type_name in REGISTRY[family]:
            return REGISTRY[family][type_name]
    raise ParamsumError(
        f"unknown {framework} layer type '{type_name}'",
        hint=suggest(type_name, [t for t in types if not types[t].__name__.startswith("_")]),
    )
