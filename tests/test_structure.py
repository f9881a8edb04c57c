"""The package's data flows one way: formats → graph → infer → summary → render.

Every import in paramsum/ (at the top of a module or inside a function) is read with
ast and checked against the table below; the module import graph must have no circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "paramsum"

# What each part of the package may import (besides itself and the standard library).
ALLOWED = {
    "errors": {"escape"},  # a message's str() is printable
    "escape": set(),  # printable(): strings from a file made safe to print, by the renderers and the CLI
    "limits": {"errors"},  # every bound on the work a file can ask for
    "numbers": {"errors"},
    "formula": set(),
    "summary": {"formula"},
    "graph": {"errors"},
    "layers": {"errors", "limits", "summary"},  # the layer catalog: never graph, formats, infer, render
    # readers may consult the catalog's declarations
    "formats": {"errors", "limits", "numbers", "graph", "summary", "layers"},
    "infer": {"errors", "limits", "graph", "layers", "summary"},
    "diff": {"summary"},  # compares two summaries
    "budget": {"numbers", "summary"},
    "memory": {"summary"},  # the memory rules read a summary
    "render": {"summary", "formula", "diff", "memory", "numbers", "escape"},  # the summary types (a diff is
    # one), formulas, memory rules, the byte units, printable()
    "api": {"errors", "formats", "infer", "summary"},  # summary: the dtype names, to check one given
    "command": {"api", "errors", "summary", "budget", "diff", "render", "escape"},  # the commands' work, no click
    "cli": {"api", "command", "errors", "numbers", "summary", "budget", "diff", "render", "memory", "escape"},
    "main": {"command"},
}
# Imports allowed only inside a function, run on call, never at import time: ModelSummary's presentation
# methods (to_dict, table, _repr_markdown_) hand the summary to the renderers. They are not import-time edges,
# so they are left out of the circle check.
ON_CALL = {"summary": {"render"}, "command": {"cli"}}  # command: a command line of its own is click's
# Third-party imports, each allowed in one module only.
THIRD_PARTY = {"click": {"paramsum.cli"}, "rich": {"paramsum.render.table"}, "yaml": {"paramsum.formats.source"}}


def _module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _part(module):
    """The part of the package a module belongs to: 'layers' for paramsum.layers.keras.core."""
    if module == "paramsum":
        return "api"
    name = module.split(".")[1]
    return {"__main__": "main"}.get(name, name)


def _imports(path):
    """(imported module, line) for every import in a file, relative ones resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            if node.module is None or not node.level and target == "__future__":
                # `from . import text`: each name is a module of the package
                for alias in node.names:
                    yield f"{target}.{alias.name}", node.lineno
            else:
                yield target, node.lineno


def _in_functions(path):
    """The lines of the imports that sit inside a function (run on call)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    lines = set()
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines.update(node.lineno for node in ast.walk(function) if isinstance(node, (ast.Import, ast.ImportFrom)))
    return lines


def _on_call(module, target, line, modules):
    """True for an import ON_CALL allows: from a function body, to a part it names."""
    return (_part(target) in ON_CALL.get(_part(module), ()) and line in _in_functions(modules[module]))


def _graph():
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    edges = {}
    for module, path in modules.items():
        targets = set()
        for target, line in _imports(path):
            while target not in modules and "." in target and target.startswith("paramsum"):
                target = target.rpartition(".")[0]  # `from .base import Layer` names a module's member
            targets.add((target, line))
        edges[module] = targets
    return modules, edges


def test_every_import_follows_the_flow():
    modules, edges = _graph()
    wrong = []
    for module, targets in edges.items():
        for target, line in targets:
            if target in modules:
                source_part, target_part = _part(module), _part(target)
                if target_part != source_part and target_part not in ALLOWED[source_part] and not _on_call(
                        module, target, line, modules):
                    wrong.append(f"{modules[module].relative_to(PACKAGE.parent)}:{line}: {module} imports {target} "
                                 f"({source_part} may import only {sorted(ALLOWED[source_part]) or 'nothing'})")
            else:
                top = target.split(".")[0]
                if top in THIRD_PARTY and module not in THIRD_PARTY[top]:
                    wrong.append(f"{module}:{line}: imports {top} (only {sorted(THIRD_PARTY[top])} may)")
    assert not wrong, "\n".join(wrong)


def test_no_import_circle():
    modules, edges = _graph()
    graph = {m: {t for t, line in targets if t in modules and t != m and not _on_call(m, t, line, modules)}
             for m, targets in edges.items()}
    state, path = {}, []

    def visit(module):
        state[module] = "open"
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                circle = path[path.index(target):] + [target]
                raise AssertionError("import circle: " + " → ".join(circle))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_the_table_names_every_part():
    modules, _ = _graph()
    assert {_part(m) for m in modules} <= set(ALLOWED)


def test_the_graph_and_the_catalog_know_the_same_frameworks():
    from paramsum.graph import FRAMEWORKS
    from paramsum.layers import MODULES

    assert tuple(MODULES) == FRAMEWORKS


def test_a_built_graph_and_its_weights_cannot_change():
    import pytest

    from paramsum import load_graph, summarize

    graph = load_graph(str(PACKAGE.parent / "sample_configs" / "mnist.yaml"))
    with pytest.raises(AttributeError):
        graph.name = "other"
    with pytest.raises(AttributeError):
        graph.layers[1].trainable = False
    weight = summarize(str(PACKAGE.parent / "sample_configs" / "mnist.yaml")).layers[1].weights[0]
    with pytest.raises(AttributeError):
        weight.trainable = False
    assert weight.frozen().trainable is False and weight.trainable is True
    assert weight.renamed("dense").name == f"dense/{weight.name}"


def test_the_summary_types_load_without_the_renderers():
    import subprocess
    import sys

    code = "import sys, paramsum.summary; print(sorted(m for m in sys.modules if m.startswith('paramsum.render')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
