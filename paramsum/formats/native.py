"""Build a layer graph from paramsum's native model format (see the README, "The model file")."""

from __future__ import annotations

import re

from .. import limits
from ..errors import ParamsumError, suggest
from ..graph import Graph, LayerSpec, Ref, framework_name, is_chain
from ..layers import layer_arguments
from ..layers.args import shape as shape_kind
from ..layers.base import to_snake_case
from ..limits import shown
from ..numbers import parse_limit
from .source import location, position

TOP_LEVEL = ("name", "framework", "input", "inputs", "layers", "outputs", "budget", "dtype", "description")
LAYER_KEYS = ("name", "type", "inputs", "trainable")
BUDGET_KEYS = ("max_params", "max_trainable", "max_bytes", "max_flops")
_REF = r"(?P<layer>.+?)(?::(?P<tensor>\d{1,6}))?"  # compiled on first use (re keeps it): not every file has references


def fail(message, where=None, key=None, layer=None, hint=None):
    line, column = position(where, key) or (None, None) if where is not None else (None, None)
    return ParamsumError(message, line=line, column=column, layer=layer, hint=hint)


def build_native(doc, default_name="model"):
    """Native mapping → Graph. Raises ParamsumError with positions."""
    if not isinstance(doc, dict):
        raise ParamsumError(
            f"expected a mapping with 'layers' at the top, found {type(doc).__name__}",
            hint="see the README for the model file format",
        )
    for key in doc:
        if key not in TOP_LEVEL:
            raise fail(f"unknown top-level key '{key}'", doc, key, hint=suggest(key, TOP_LEVEL))
    framework = framework_name(_get(doc, "framework", str, "keras"))
    dtype = _dtype(doc)
    layers, explicit_inputs = _inputs(doc, framework)
    layer_list = doc.get("layers")
    if not isinstance(layer_list, list) or not layer_list:
        raise fail("'layers' must be a non-empty list of layers", doc, "layers" if "layers" in doc else None,
                   hint="e.g. layers: [{type: Dense, units: 10}]")
    if len(layer_list) > limits.LAYERS.value:
        line, column = position(doc, "layers") or (None, None)
        raise limits.exceeded(limits.LAYERS, f"{len(layer_list):,} layers", line=line, column=column)
    names = NameMaker(framework, [s.name for s in layers])
    previous = Ref(layers[-1].name)
    for index, item in enumerate(layer_list):
        spec = _layer(item, layer_list, index, names, previous, dtype)
        layers.append(spec)
        previous = Ref(spec.name)
    outputs = _refs(doc.get("outputs"), doc, "outputs") if "outputs" in doc else [previous]
    return Graph(
        name=str(_get(doc, "name", (str, int), default_name)),
        framework=framework,
        layers=layers,
        outputs=outputs,
        dtype=dtype,
        chain=not explicit_inputs and is_chain(layers, outputs),
        budget=_budget(doc),
    )


def _dtype(doc):
    """The model's dtype: one of paramsum's names (the byte figures are computed from it)."""
    from ..summary import DTYPE_BYTES, dtype_suggestion

    dtype = _get(doc, "dtype", str, "float32")
    if dtype not in DTYPE_BYTES:
        guess = dtype_suggestion(dtype)
        raise fail(f"unknown dtype {shown(dtype)}", doc, "dtype",
                   hint=f"did you mean '{guess}'?" if guess else "valid: " + ", ".join(sorted(DTYPE_BYTES)))
    return dtype


def _get(doc, key, kinds, default):
    value = doc.get(key, default)
    if not isinstance(value, kinds) or isinstance(value, bool):
        raise fail(f"'{key}' must be a {_kind_name(kinds)}, got {shown(value)}", doc, key)
    return value


def _kind_name(kinds):
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    names = {"str": "string", "int": "integer", "dict": "mapping", "list": "list"}
    return " or ".join(names[k.__name__] for k in kinds)


def _inputs(doc, framework):
    """The model inputs as InputLayer specs; True when they are named explicitly."""
    if "input" in doc and "inputs" in doc:
        raise fail("give either 'input' (one shape) or 'inputs' (named shapes), not both", doc, "inputs")
    if "inputs" in doc:
        named = doc["inputs"]
        if not isinstance(named, dict) or not named:
            raise fail("'inputs' must map input names to shapes, e.g. {image: [64, 64, 1]}", doc, "inputs")
        return [_input_spec(str(name), shape, named, name) for name, shape in named.items()], True
    if "input" not in doc:
        raise fail("the model needs an input shape", doc, hint="add e.g. 'input: [28, 28, 1]' (batch axis left out)")
    default = "input_layer" if framework == "keras" else "input"
    return [_input_spec(default, doc["input"], doc, "input")], False


def _input_spec(name, value, where, key):
    config = {}
    if isinstance(value, dict):
        config = {k: v for k, v in value.items() if k not in ("shape", "batch_shape", "batch_size")}
        shape, batch_shape = _input_shapes(name, value)
        if batch_shape is not None:
            config["batch_shape"] = batch_shape
    else:
        shape = _checked_shape(name, value, where, key)
    return LayerSpec(name=name, type="InputLayer", config={"shape": shape, **config}, calls=[[]],
                     location=location(where if not isinstance(where.get(key), dict) else where[key]))


def _checked_shape(name, value, where, key, what="input"):
    try:
        return shape_kind(value)
    except ValueError as reason:
        raise fail(f"{what} '{name}': {reason}; received: {shown(value)}", where, key) from None


def _input_shapes(name, value):
    """(shape, batch shape or None) of an input given as a mapping: {shape, batch_size} or {batch_shape}, as Keras'
    Input takes them; every size checked as the shape's are."""
    shape = _checked_shape(name, value["shape"], value, "shape") if value.get("shape") is not None else None
    batch_size = value.get("batch_size")
    if batch_size is not None:
        batch_size = _checked_shape(name, [batch_size], value, "batch_size", "batch size of input")[0]
    if value.get("batch_shape") is None:
        if shape is None:
            raise fail(f"input '{name}' needs a 'shape' (or a 'batch_shape')", value,
                       hint="e.g. {shape: [28, 28, 1]} (batch axis left out)")
        return shape, None if batch_size is None else (batch_size, *shape)
    batch_shape = value["batch_shape"]
    if not isinstance(batch_shape, list) or not batch_shape:
        raise fail(f"input '{name}': batch_shape must be a list of sizes with the batch axis first, e.g. "
                   f"[32, 28, 28, 1]; received: {shown(batch_shape)}", value, "batch_shape")
    batch_shape = _checked_shape(name, batch_shape, value, "batch_shape", "batch_shape of input")
    if shape is not None and shape != batch_shape[1:]:
        raise fail(f"input '{name}': shape {list(shape)} and batch_shape {list(batch_shape)} disagree; give one "
                   "of them, as Keras' Input takes", value, "batch_shape")
    if batch_size is not None and batch_size != batch_shape[0]:
        raise fail(f"input '{name}': batch_size {batch_size} and batch_shape {list(batch_shape)} disagree",
                   value, "batch_size")
    return batch_shape[1:], (batch_shape if batch_shape[0] is not None else None)


class NameMaker:
    """Default layer names as the framework makes them.

    Keras: dense, dense_1, dense_2 … PyTorch: the layer's index in the list, as
    nn.Sequential names its children ("0", "1", …, hence "0.weight").
    """

    def __init__(self, framework, taken=()):
        self.framework = framework
        self.taken = set(taken)
        self.counters = {}
        self.index = 0  # position in the layer list, for PyTorch

    def reserve(self, name):
        self.taken.add(name)
        self.index += 1

    def make(self, type_name):
        if self.framework == "pytorch":
            name = str(self.index)
            if name in self.taken:
                name = f"{name}_{to_snake_case(type_name)}"
            self.reserve(name)
            return name
        base = to_snake_case(type_name)
        count = self.counters.get(base, 0)
        name = base if count == 0 else f"{base}_{count}"
        while name in self.taken:
            count += 1
            name = f"{base}_{count}"
        self.counters[base] = count + 1
        self.taken.add(name)
        return name


def _layer(item, layer_list, index, names, previous, dtype):
    if not isinstance(item, dict):
        raise fail(f"layer {index + 1} must be a mapping with a 'type', got {shown(item)}", layer_list, index)
    if "type" not in item:
        raise fail(f"layer {index + 1} has no 'type'", item, hint="e.g. type: Dense")
    if not isinstance(item["type"], str):
        raise fail(f"layer {index + 1}: 'type' must be a string, got {shown(item['type'])}", item, "type")
    name = item.get("name")
    if name is None:
        name = names.make(item["type"])
    else:
        if not isinstance(name, (str, int)) or isinstance(name, bool) or str(name) == "":
            raise fail(f"layer {index + 1}: 'name' must be a string, got {shown(name)}", item, "name")
        name = str(name)
        if name in names.taken:
            raise fail(f"duplicate layer name '{name}'", item, "name", hint="every layer needs its own name")
        names.reserve(name)
    trainable = item.get("trainable", True)
    if not isinstance(trainable, bool):
        raise fail(f"trainable must be true or false; received: trainable={shown(trainable)}", item, "trainable",
                   layer=name)
    inputs = _refs(item["inputs"], item, "inputs", layer=name) if "inputs" in item else [previous]
    return LayerSpec(name=name, type=item["type"], config=_config(item, names.framework), calls=[inputs],
                     trainable=trainable, location=location(item))


def _config(item, framework):
    """A layer's arguments: its mapping less the layer keys; the arguments that hold layers read as specs."""
    nested = layer_arguments(framework, item["type"])
    return {key: _nested(value, framework) if key in nested else value
            for key, value in item.items() if key not in LAYER_KEYS}


def _is_layer(value):
    return isinstance(value, dict) and isinstance(value.get("type"), str)


def _nested(value, framework):
    """A layer (a mapping with a 'type') or a list of layers → LayerSpec(s); anything else as it is."""
    if _is_layer(value):
        name = value.get("name")
        return LayerSpec(name=str(name) if name else None, type=value["type"], config=_config(value, framework),
                         trainable=value.get("trainable", True) is not False, location=location(value))
    if isinstance(value, list) and value and all(_is_layer(v) for v in value):
        return [_nested(v, framework) for v in value]
    return value


def _refs(value, where, key, layer=None):
    items = value if isinstance(value, list) else [value]
    if not items:
        raise fail(f"'{key}' must name at least one layer or input", where, key, layer=layer)
    refs = []
    for item in items:
        if not isinstance(item, (str, int)) or isinstance(item, bool) or str(item) == "":
            raise fail(f"'{key}' must list layer names, got {shown(item)}", where, key, layer=layer)
        text = str(item)
        if ":" not in text:  # a layer's name (most references): its first output
            refs.append(Ref(text, 0, 0))
            continue
        match = re.fullmatch(_REF, text, re.DOTALL)
        refs.append(Ref(match["layer"], 0, int(match["tensor"] or 0)))
    return refs


def _budget(doc):
    budget = doc.get("budget") or {}
    if not isinstance(budget, dict):
        raise fail("'budget' must be a mapping, e.g. {max_params: 10M}", doc, "budget")
    out = {}
    for key, value in budget.items():
        if key not in BUDGET_KEYS:
            raise fail(f"unknown budget '{key}'", budget, key, hint=suggest(key, BUDGET_KEYS))
        try:
            out[key] = parse_limit(key, value)
        except ValueError as reason:
            raise fail(f"budget {key}: {reason}", budget, key) from None
    return out
