"""Run a layer graph: shapes flow from the inputs, each layer creates its weights."""

from __future__ import annotations

import heapq

from .errors import ParamsumError, suggest
from .layers import layer_class
from .layers.base import LayerContext, Weight, describe
from .model import LayerSummary, ModelSummary
from .read import position


def infer(graph):
    """Graph → ModelSummary (raises ParamsumError naming the layer at fault)."""
    layers, _ = run_graph(graph)
    inputs = [layer for layer in layers if layer.type == "InputLayer" and not layer.inputs]
    if graph.chain:  # as Keras' Sequential: the input is implied, not a row
        layers = [layer for layer in layers if layer.type != "InputLayer"]
    return ModelSummary(
        name=graph.name, source=graph.source, format=graph.format, framework=graph.framework,
        layers=layers, dtype=graph.dtype, chain=graph.chain, budget=graph.budget, warnings=graph.warnings,
        inputs=inputs,
    )


def run_graph(graph, input_shapes=None):
    """Infer every layer; returns (LayerSummary list in execution order, output shapes)."""
    specs = {}
    for spec in graph.layers:
        specs[spec.name] = spec
    order = _execution_order(graph, specs)
    tensors = {}  # (layer, call) -> list of output shapes
    built = {}  # layer name -> (layer object, its weights, the input shape it was built on)
    summaries = {}
    inputs_seen = 0
    for name, call in order:
        spec = specs[name]
        try:
            if spec.type == "InputLayer" and not spec.calls[call]:
                shape = _input_shape(spec, input_shapes, inputs_seen)
                inputs_seen += 1
                tensors[(name, call)] = [shape]
                summaries[name] = LayerSummary(name, "InputLayer", [], shape, [])
                continue
            in_shapes = [_tensor(tensors, ref, specs) for ref in spec.calls[call]]
            first_call = name not in built
            layer = make_layer(spec, graph) if first_call else built[name][0]
            shape = in_shapes if layer.multi_input else _single(layer, in_shapes)
            if first_call:
                weights = _freeze(layer.make_weights(shape), spec.trainable, spec.dtype)
                built[name] = (layer, weights, shape)
            else:
                _check_shared(layer, built[name], shape)
            out = layer.compute_output_shape(shape)
            if first_call:
                summaries[name] = LayerSummary(
                    name, getattr(layer, "type", spec.type), list(spec.calls[call]), out,
                    [w for w in weights if not w.buffer], [w for w in weights if w.buffer],
                    children=list(getattr(layer, "children", [])), note=getattr(layer, "note", ""),
                )
                if getattr(layer, "warning", ""):  # a note in the table; some also deserve stderr
                    _warn(graph, f"layer '{name}': {layer.warning}")
            else:
                summary = summaries[name]
                summary.calls += 1
                summary.inputs.extend(spec.calls[call])
                if graph.framework == "keras":  # Keras' summary shows a shared layer's last call
                    summary.output_shape = out
            tensors[(name, call)] = out if isinstance(out, list) else [out]
        except ParamsumError as error:
            line, column = position(spec.source) or (None, None)
            error.located(layer=name, line=line, column=column)
            raise
    _check_recorded(graph, tensors)
    outputs = [_tensor(tensors, ref, specs, where="output") for ref in graph.outputs]
    ordered = list(dict.fromkeys(name for name, _ in order))
    return [summaries[name] for name in ordered if name in summaries], outputs


def make_layer(spec, graph, config=None):
    """A layer object for a spec (or for a nested `layer:` mapping of a wrapper)."""
    if spec.nested is not None:
        from .layers.nested import NestedModel

        return NestedModel(spec, graph)
    try:
        cls = layer_class(graph.framework, spec.type)
    except ParamsumError as error:
        if graph.unknown != "count-as-zero":
            advice = "a custom layer? --allow-unknown counts unknown types as 0 params and passes the shape through"
            error.hint = f"{error.hint}; or {advice}" if error.hint else advice
            raise
        from .layers.nested import UnknownLayer

        return UnknownLayer(spec, graph)

    def nested(mapping, key, default_name=None):
        return _nested_layer(mapping, key, spec, graph, default_name)

    context = LayerContext(spec.source, nested, graph.dtype)
    return cls(spec.name, spec.config if config is None else config, context)


def _nested_layer(mapping, key, parent, graph, default_name):
    from .build import LAYER_KEYS
    from .layers.base import to_snake_case
    from .model import Graph, LayerSpec

    if not isinstance(mapping, dict) or not isinstance(mapping.get("type"), str):
        raise ParamsumError(f"'{key}' must be a layer: a mapping with a 'type', e.g. {{type: LSTM, units: 64}}",
                            layer=parent.name)
    name = str(mapping.get("name") or default_name or to_snake_case(mapping["type"]))
    model = mapping.get("model")  # a whole model wrapped (TimeDistributed over a Functional, in Keras files)
    model = model if isinstance(model, Graph) else None
    config = {k: v for k, v in mapping.items() if k not in LAYER_KEYS and not (k == "model" and model)}
    inner = LayerSpec(name=name, type=mapping["type"], config=config, source=mapping,
                      trainable=mapping.get("trainable", True) is not False, nested=model)
    layer = make_layer(inner, graph)
    layer.trainable = inner.trainable
    return layer


def _freeze(weights, trainable, dtype):
    for w in weights:
        if not trainable:
            w.trainable = False
        if dtype and w.dtype is None:
            w.dtype = dtype
    return weights


def _single(layer, shapes):
    if len(shapes) != 1:
        raise layer.error(f"{type(layer).__name__} takes one input, got {len(shapes)}")
    return shapes[0]


def _check_shared(layer, first, shape):
    if shape != first[2]:
        again = [(w.name, w.shape) for w in layer.make_weights(shape)]
        if again != [(w.name, w.shape) for w in first[1]]:
            raise layer.error(
                f"shared layer is called on {describe(shape)} but was built for {describe(first[2])}"
            )


def _input_shape(spec, input_shapes, index):
    if input_shapes is not None:
        return tuple(input_shapes[index])
    if spec.config.get("batch_shape") is not None:  # a fixed batch size shows in every shape
        return tuple(spec.config["batch_shape"])
    shape = spec.config.get("shape")
    return (None,) + tuple(shape)


def _warn(graph, message):
    if message not in graph.warnings:
        graph.warnings.append(message)


def _check_recorded(graph, tensors):
    """Warn where the file records a tensor shape other than the one inferred."""
    for ref, recorded in graph.recorded_shapes.items():
        produced = tensors.get((ref.layer, ref.call))
        if produced is None or ref.tensor >= len(produced) or not isinstance(produced[ref.tensor], tuple):
            continue
        shape = produced[ref.tensor]
        if len(shape) != len(recorded) or any(a != b for a, b in zip(shape, recorded)):
            _warn(graph, f"layer '{ref.layer}': output shape {describe(shape)} differs from "
                         f"{describe(tuple(recorded))} recorded in the file")


def _tensor(tensors, ref, specs, where=None):
    if ref.layer not in specs:
        raise ParamsumError(
            f"{where or 'input'} '{ref.layer}' is not a layer or input of this model",
            hint=suggest(ref.layer, specs),
        )
    produced = tensors.get((ref.layer, ref.call))
    if produced is None:
        raise ParamsumError(f"'{ref.layer}' has no call {ref.call}")
    if ref.tensor >= len(produced):
        raise ParamsumError(f"'{ref.layer}' has {len(produced)} output(s); there is no output {ref.tensor}")
    return produced[ref.tensor]


def _execution_order(graph, specs):
    """Calls in dependency order, file order among equals; dangling refs and cycles are errors."""
    index = {name: i for i, name in enumerate(specs)}
    nodes = [(spec.name, c) for spec in graph.layers for c in range(len(spec.calls))]
    waiting = {}
    users = {}
    for name, call in nodes:
        deps = set()
        for ref in specs[name].calls[call]:
            if ref.layer not in specs:
                spec = specs[name]
                line, column = position(spec.source, "inputs") or (None, None)
                raise ParamsumError(
                    f"input '{ref.layer}' is not a layer or input of this model",
                    layer=name, line=line, column=column, hint=suggest(ref.layer, [s for s in specs if s != name]),
                )
            if ref.call >= len(specs[ref.layer].calls):
                raise ParamsumError(f"input '{ref.keras()}': '{ref.layer}' is called only "
                                    f"{len(specs[ref.layer].calls)} time(s)", layer=name)
            deps.add((ref.layer, ref.call))
        waiting[(name, call)] = len(deps)
        for dep in deps:
            users.setdefault(dep, []).append((name, call))
    ready = [(index[n], c, n) for n, c in nodes if waiting[(n, c)] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, call, name = heapq.heappop(ready)
        order.append((name, call))
        for user in users.get((name, call), ()):
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, (index[user[0]], user[1], user[0]))
    if len(order) < len(nodes):
        stuck = [n for n, c in nodes if waiting[(n, c)] > 0]
        spec = specs[stuck[0]]
        line, column = position(spec.source, "inputs") or (None, None)
        raise ParamsumError(
            "the layers " + " → ".join(f"'{n}'" for n in stuck[:6]) + " depend on each other in a cycle",
            layer=stuck[0], line=line, column=column, hint="check their 'inputs'",
        )
    return order


__all__ = ["infer", "run_graph", "make_layer", "Weight"]
