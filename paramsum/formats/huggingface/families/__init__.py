"""One module per model type, each declaring FAMILY; a module is imported only when a config names its type.

A module's name is its model type with '-' written '_' (xlm-roberta → xlm_roberta).
"""

from __future__ import annotations

import importlib
import pkgutil

HYPHENATED = {"xlm_roberta": "xlm-roberta", "deberta_v2": "deberta-v2"}


def model_types():
    """The supported model types, sorted (from the module names: nothing is imported)."""
    names = (info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))
    return sorted(HYPHENATED.get(name, name) for name in names)


def load_family(model_type):
    """The Family of a supported model type."""
    return importlib.import_module(f"{__name__}.{model_type.replace('-', '_')}").FAMILY
