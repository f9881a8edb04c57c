"""layers/index.py names the module of every registered layer type, so a file's types import only their families."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from paramsum.layers import MODULES, REGISTRY, catalog, families, layer_class
from paramsum.layers.index import INDEX

ROOT = Path(__file__).resolve().parents[1]


def _run(code):
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_the_index_is_what_the_tool_writes():
    process = subprocess.run([sys.executable, "tools/make_layer_index.py", "--check"], cwd=ROOT,
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stderr


@pytest.mark.parametrize("framework", list(MODULES))
def test_every_registered_type_is_in_the_index_under_its_module(framework):
    """In a fresh interpreter (no type made on use yet: the "ops.<Name>" of Keras files), every family imported."""
    code = (f"from paramsum.layers import catalog\n"
            f"print({{name: cls.__module__ for name, cls in catalog({framework!r}).items()}})")
    declared = eval(_run(code))
    assert {name: f"{MODULES[framework]}.{module}" for name, module in INDEX[framework].items()} == declared
    assert len(declared) > 100


@pytest.mark.parametrize("framework", list(MODULES))
def test_the_families_are_the_modules_of_the_package(framework):
    package = Path(importlib.import_module(MODULES[framework]).__file__).parent
    modules = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    assert set(families(framework)) <= modules
    helpers = modules - set(families(framework))  # shared bases (torch's common.py): they declare no type
    assert not {cls.__module__.rpartition(".")[2] for cls in catalog(framework).values()} & helpers
    assert set(INDEX[framework].values()) == set(families(framework))


@pytest.mark.parametrize("framework,family", [(f, m) for f in MODULES for m in families(f)])
def test_importing_the_module_the_index_names_registers_its_types(framework, family):
    """In a fresh interpreter, the one module the index names is enough for each of its types."""
    names = sorted(name for name, module in INDEX[framework].items() if module == family)
    code = (f"import importlib; from paramsum.layers.base import REGISTRY\n"
            f"importlib.import_module('{MODULES[framework]}.{family}')\n"
            f"print([n for n in {names!r} if n not in REGISTRY.get({framework!r}, {{}})])")
    assert _run(code) == "[]\n"


def test_a_lookup_imports_only_the_family_of_the_type():
    code = ("import sys; from paramsum.layers import layer_class\n"
            "layer_class('keras', 'LSTM'); layer_class('pytorch', 'Conv2d')\n"
            "families = ('paramsum.layers.keras.', 'paramsum.layers.torch.')\n"
            "print(sorted(m for m in sys.modules if m.startswith(families)))")
    assert eval(_run(code)) == ["paramsum.layers.keras.convolutional", "paramsum.layers.keras.core",
                                "paramsum.layers.keras.rnn", "paramsum.layers.torch.common",
                                "paramsum.layers.torch.conv"]


def test_names_outside_the_index_still_resolve_and_unknown_ones_are_told():
    assert layer_class("keras", "ops.Add").__name__ == "ops.Add"  # made on first use, by the whole catalog
    assert "ops.Add" not in INDEX["keras"] and "ops.Add" in REGISTRY["keras"]
    with pytest.raises(Exception, match="unknown keras layer type 'Dens'.*Dense"):
        layer_class("keras", "Dens")
