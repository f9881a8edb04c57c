"""A layer type without a test row is not supported: every registered type has one."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from paramsum.layers import catalog

FIXTURES = Path(__file__).parent / "fixtures"


def _collect(node, key, found):
    if isinstance(node, dict):
        if isinstance(node.get(key), str):
            found.add(node[key])
        for value in node.values():
            _collect(value, key, found)
    elif isinstance(node, list):
        for value in node:
            _collect(value, key, found)
    return found


def _tested_types():
    """Types in the layer fixtures, and class names in the Keras and PyTorch model fixtures."""
    found = set()
    for path in FIXTURES.glob("*.json"):
        _collect(json.loads(path.read_text()), "type", found)
    for path in FIXTURES.rglob("*"):
        if path.parent == FIXTURES or not path.is_file() or path.suffix not in (".json", ".gz"):
            continue
        data = path.read_bytes()
        doc = json.loads(gzip.decompress(data) if path.suffix == ".gz" else data)
        classes = _collect(doc, "class_name", set())
        found |= classes | {f"ops.{name}" for name in classes}
        _collect(doc, "type", found)
    return found


TESTED = _tested_types()


def test_every_keras_operation_has_a_test_row():
    from paramsum.layers.keras.applications import OPERATIONS

    assert sorted(f"ops.{name}" for name in OPERATIONS if f"ops.{name}" not in TESTED) == []


@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_every_layer_type_has_a_test_row(framework):
    by_class = {}
    for name, cls in catalog(framework).items():
        by_class.setdefault(cls, []).append(name)
    untested = sorted(names[0] for names in by_class.values() if not TESTED & set(names))
    assert untested == []
