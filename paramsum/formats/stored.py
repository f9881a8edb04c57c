"""Which layer owns a weight a file stores by name (a TF.js manifest entry, an .h5 dataset).

Names are paths: tf.keras writes 'dense/kernel', 'bidirectional/forward_lstm/lstm_cell/kernel',
tfjs-layers 'dense_Dense1/kernel', an .h5 'model_weights/<layer>/<weight name>', Keras 3
'layers/dense/vars/0' (by class, not by layer name).
"""

from __future__ import annotations

from ..layers.base import to_snake_case


def owner_resolver(graph):
    """A function: a stored weight's name ('encoder/conv2d/kernel') → the path of layer names that owns it.

    The owner is the first name component that is a layer of the model (at its top level,
    else at any depth), followed down through nested models by the components after it.
    """
    everywhere = {}
    for path, _ in _layers(graph):
        everywhere.setdefault(path[-1], path)
    top = {spec.name: spec for spec in graph.layers if spec.type != "InputLayer"}

    def resolve(name):
        parts = str(name).split("/")[:-1]
        if parts[:1] == ["layers"]:
            return keras3_owner(graph, parts)
        for i, part in enumerate(parts):
            if part in top:
                return _descend(top[part], parts[i + 1:], (part,))
        for part in parts:
            if part in everywhere:
                return everywhere[part]
        return None

    return resolve


def keras3_owner(graph, parts):
    """The owner of a weight Keras 3 stores as 'layers/<attribute>/…/vars/0' (model.weights.h5's paths).

    Keras 3 names a model's layers there by class, not by layer name: 'dense', 'dense_1' … in the
    order of the model's layers, and a nested model's own under 'layers/' again.
    """
    path = ()
    while len(parts) >= 2 and parts[0] == "layers" and graph is not None:
        spec = keras3_attributes(graph).get(parts[1])
        if spec is None:
            return None
        path, parts, graph = (*path, spec.name), parts[2:], spec.nested
    return path or None


def keras3_attributes(graph):
    """Keras 3's saving names of a model's layers: snake_case class name, numbered from the second of a class."""
    names, used = {}, {}
    for spec in graph.layers:
        if spec.type.startswith("ops.") or spec.type == "InputLayer":  # no weights; an op is no attribute
            continue
        base = to_snake_case(spec.type)
        used[base] = used.get(base, -1) + 1
        names[f"{base}_{used[base]}" if used[base] else base] = spec
    return names


def _descend(spec, rest, path):
    """Down through nested models by the name's components; a component may skip levels (an .h5 names
    a nested model's weights by the inner layers' names, whatever the depth)."""
    while spec.nested is not None and rest:
        below = {}
        for inner_path, inner in _layers(spec.nested, path):
            below.setdefault(inner_path[-1], (inner_path, inner))
        index = next((i for i, part in enumerate(rest) if part in below), None)
        if index is None:
            break
        (path, spec), rest = below[rest[index]], rest[index + 1:]
    return path


def _layers(graph, prefix=()):
    """(path of names, spec) of every layer of a graph, nested models' layers included."""
    for spec in graph.layers:
        if spec.type == "InputLayer":
            continue
        path = (*prefix, spec.name)
        yield path, spec
        if spec.nested is not None:
            yield from _layers(spec.nested, path)
