"""The data that flows between the steps: a layer graph (build) and its summary (infer)."""

from __future__ import annotations

from collections import namedtuple

# Plain classes rather than dataclasses: this module is on every run's start-up path.

# -- build: the layer graph ----------------------------------------------------------------


class Ref(namedtuple("Ref", "layer call tensor", defaults=(0, 0))):
    """One tensor: output `tensor` of call `call` of layer `layer`."""

    __slots__ = ()

    def keras(self):
        return f"{self.layer}[{self.call}][{self.tensor}]"


class LayerSpec:
    """A layer as the file declares it: type, constructor arguments, and its calls."""

    def __init__(self, name, type, config, calls=None, trainable=True, source=None, nested=None, dtype=None):
        self.name = name
        self.type = type
        self.config = config
        self.calls = [[]] if calls is None else calls  # one list of input Refs per call
        self.trainable = trainable
        self.source = source  # the mapping it was read from, for positions
        self.nested = nested  # a Graph: a model used as a layer
        self.dtype = dtype  # the variable dtype, when the layer says


class Graph:
    """The layers of a model (inputs first, as InputLayer specs) and its outputs."""

    def __init__(self, name, framework, layers, outputs, format="paramsum", source="", dtype="float32",
                 chain=False, budget=None, warnings=None, recorded_shapes=None, unknown="error"):
        self.name = name
        self.framework = framework
        self.layers = layers  # LayerSpec
        self.outputs = outputs  # Ref
        self.format = format
        self.source = source
        self.dtype = dtype
        self.chain = chain  # a plain stack of layers, as Keras' Sequential
        self.budget = budget or {}
        self.warnings = [] if warnings is None else warnings
        self.recorded_shapes = recorded_shapes or {}  # Ref → shape the file recorded, checked after inference
        self.unknown = unknown  # or "count-as-zero": unknown layer types pass their input through with 0 params

    def with_changes(self, **changes):
        """A shallow copy with some attributes replaced."""
        copy = Graph.__new__(Graph)
        copy.__dict__.update(self.__dict__, **changes)
        return copy


def is_chain(layers, outputs):
    """One input, each layer fed by the one before it, the last one the output: Keras' Sequential."""
    first, rest = layers[0], layers[1:]
    return (first.type == "InputLayer" and all(spec.type != "InputLayer" for spec in rest)
            and all(spec.calls == [[Ref(before.name)]] for before, spec in zip(layers, rest))
            and outputs == [Ref(layers[-1].name)])


# -- infer: the summary ----------------------------------------------------------------------

DTYPE_BYTES = {
    "float64": 8, "double": 8, "float32": 4, "float": 4, "tf32": 4, "float16": 2, "half": 2,
    "bfloat16": 2, "float8": 1, "float8_e4m3fn": 1, "float8_e5m2": 1, "int64": 8, "uint64": 8,
    "int32": 4, "uint32": 4, "int16": 2, "uint16": 2, "int8": 1, "uint8": 1, "bool": 1,
    "int4": 0.5, "uint4": 0.5, "complex64": 8, "complex128": 16,
}
# Keras' mixed policies compute in the low precision but keep float32 variables.
VARIABLE_DTYPE = {"mixed_float16": "float32", "mixed_bfloat16": "float32"}


def variable_dtype(dtype):
    return VARIABLE_DTYPE.get(dtype, dtype)


def formula(weights):
    """Plain arithmetic whose value is the weights' total count: '784 × 10 + 10'.

    Consecutive repeats are grouped: BatchNormalization's trainable pair and moving
    statistics read '2 × 32 + 2 × 32', a bidirectional layer's halves '2 × (…)'.
    A group never starts or ends inside a sublayer ('key/kernel', 'key/bias').
    """
    terms = [(w.expr, w.trainable) for w in weights]
    return _join(terms, _sublayer_starts(weights)) if terms else "0"


def _sublayer_starts(weights):
    """Positions where a group may start or end: not between two weights of one sublayer."""
    owners = [getattr(w, "name", "").rpartition("/")[0] for w in weights]
    inside = {i for i in range(1, len(owners)) if owners[i] and owners[i] == owners[i - 1]}
    return set(range(len(owners) + 1)) - inside


def _join(terms, starts):
    parts = []
    start = 0
    while start < len(terms):
        unit, repeats = _longest_repeat(terms, start, starts)
        block = terms[start:start + unit]
        inner = block[0][0] if unit == 1 else _join(block, {i - start for i in starts if start <= i <= start + unit})
        parts.append(inner if repeats == 1 else f"{repeats} × {_group(inner)}")
        start += unit * repeats
    return " + ".join(parts)


def _longest_repeat(terms, start, starts):
    """(unit, repeats) of the block at `start` repeated back to back over the most terms."""
    best = (1, 1)
    if start not in starts:
        return best
    for unit in range(1, (len(terms) - start) // 2 + 1):
        block = terms[start:start + unit]
        repeats = 1
        while terms[start + repeats * unit:start + (repeats + 1) * unit] == block:
            repeats += 1
        while repeats > 1 and any(start + k * unit not in starts for k in range(1, repeats + 1)):
            repeats -= 1
        if repeats > 1 and unit * repeats > best[0] * best[1]:
            best = (unit, repeats)
    return best


def labelled_formula(weights, most=4):
    """The formula with each weight's name, 'weight 10 × 784 + bias 10', for layers of a few weights."""
    if not weights or len(weights) > most:
        return formula(weights)
    return " + ".join(f"{w.name.rsplit('/', 1)[-1]} {w.expr}" for w in weights)


def _group(expr):
    return f"({expr})" if "+" in expr or "-" in expr else expr


class LayerSummary:
    """One row: a layer's inputs, output shape, weights and buffers."""

    def __init__(self, name, type, inputs, output_shape, weights, buffers=None, children=None, calls=1, note=""):
        self.name = name
        self.type = type
        self.inputs = inputs  # Refs of the first call (all calls for shared layers)
        self.output_shape = output_shape  # a shape tuple, or a list of them
        self.weights = weights  # Weight
        self.buffers = [] if buffers is None else buffers
        self.children = [] if children is None else children  # LayerSummary of a nested model
        self.calls = calls
        self.note = note

    @property
    def params(self):
        return sum(w.count for w in self.weights)

    @property
    def trainable_params(self):
        return sum(w.count for w in self.weights if w.trainable)

    @property
    def non_trainable_params(self):
        return self.params - self.trainable_params

    @property
    def formula(self):
        return formula(self.weights)

    @property
    def inbound_layers(self):
        seen = []
        for ref in self.inputs:
            if ref.layer not in seen:
                seen.append(ref.layer)
        return seen


class Totals:
    """The model's counts and sizes, computed once from its rows."""

    def __init__(self, params, trainable_params, non_trainable_params, bytes, trainable_bytes,
                 non_trainable_bytes, buffers, buffer_bytes):
        self.params = params
        self.trainable_params = trainable_params
        self.non_trainable_params = non_trainable_params
        self.bytes = bytes
        self.trainable_bytes = trainable_bytes
        self.non_trainable_bytes = non_trainable_bytes
        self.buffers = buffers
        self.buffer_bytes = buffer_bytes


class ModelSummary:
    """A model's rows in execution order, and its totals."""

    def __init__(self, name, source, format, framework, layers, dtype="float32", chain=False, budget=None,
                 warnings=None, totals=None, inputs=None):
        self.name = name
        self.source = source
        self.format = format
        self.framework = framework
        self.layers = layers  # LayerSummary
        self.dtype = dtype
        self.chain = chain
        self.budget = budget or {}
        self.warnings = [] if warnings is None else warnings
        self.inputs = [] if inputs is None else inputs  # the model inputs' LayerSummary, even when not rows
        self.totals = self.compute_totals() if totals is None else totals

    def weight_bytes(self, weight):
        return weight.count * DTYPE_BYTES.get(weight.dtype or variable_dtype(self.dtype), 4)

    def compute_totals(self, dtype=None):
        if dtype:
            self.dtype = dtype
        weights = [w for layer in self.layers for w in layer.weights]
        buffers = [b for layer in self.layers for b in layer.buffers]
        trainable = [w for w in weights if w.trainable]
        frozen = [w for w in weights if not w.trainable]

        def size(ws):
            return sum(self.weight_bytes(w) for w in ws)

        self.totals = Totals(
            params=sum(w.count for w in weights),
            trainable_params=sum(w.count for w in trainable),
            non_trainable_params=sum(w.count for w in frozen),
            bytes=size(weights),
            trainable_bytes=size(trainable),
            non_trainable_bytes=size(frozen),
            buffers=sum(b.count for b in buffers),
            buffer_bytes=size(buffers),
        )
        return self.totals
