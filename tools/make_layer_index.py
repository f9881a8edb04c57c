"""Write paramsum/layers/index.py: each registered layer type name → the catalog module that declares it.

    python tools/make_layer_index.py           # write the index
    python tools/make_layer_index.py --check   # compare with the file, write nothing

paramsum imports only the modules of the types a file uses (a 3-layer Keras model needs
one or two of the ten Keras families); the index says which. No framework needed: it is
read from paramsum's own catalog, every family imported.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from fixture_io import write_or_check

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "paramsum" / "layers" / "index.py"
HEADER = '''"""Each registered layer type name → its catalog module (paramsum.layers.<framework package>.<module>).

Written by tools/make_layer_index.py from the catalog itself; tests/test_layer_index.py holds it
complete. A lookup imports only the module it names: start-up pays for the families a file uses.
"""
'''


def computed_index():
    """{framework: {type name: module name}}, every family of every framework imported."""
    sys.path.insert(0, str(ROOT))
    from paramsum.layers import MODULES, REGISTRY, families

    index = {}
    for framework, package in MODULES.items():
        for family in families(framework):
            importlib.import_module(f"{package}.{family}")
        index[framework] = {name: cls.__module__.rpartition(".")[2] for name, cls in REGISTRY[framework].items()
                            if cls.__module__.rpartition(".")[0] == package}
    return index


def render(index):
    lines = [HEADER, "INDEX = {"]
    for framework, types in index.items():
        lines.append(f"    {json.dumps(framework)}: {{")
        for name in sorted(types):
            lines.append(f"        {json.dumps(name)}: {json.dumps(types[name])},")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv):
    write_or_check({OUT: render(computed_index())}, "--check" in argv, "make_layer_index.py")


if __name__ == "__main__":
    main(sys.argv[1:])
