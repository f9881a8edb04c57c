"""The data that flows between the steps: a layer graph (build) and its summary (infer)."""

from __future__ import annotations

from dataclasses import dataclass, field

# -- build: the layer graph ----------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """One tensor: output `tensor` of call `call` of layer `layer`."""

    layer: str
    call: int = 0
    tensor: int = 0

    def keras(self):
        return f"{self.layer}[{self.call}][{self.tensor}]"


@dataclass(repr=False, eq=False)
class LayerSpec:
    """A layer as the file declares it: type, constructor arguments, and its calls."""

    name: str
    type: str
    config: dict
    calls: list = field(default_factory=lambda: [[]])  # one list of input Refs per call
    trainable: bool = True
    source: object = None  # the mapping it was read from, for positions
    nested: Graph | None = None  # a model used as a layer
    dtype: str | None = None  # the variable dtype, when the layer says


@dataclass(repr=False, eq=False)
class Graph:
    name: str
    framework: str
    layers: list  # LayerSpec, model inputs first (type InputLayer)
    outputs: list  # Ref
    format: str = "paramsum"
    source: str = ""
    dtype: str = "float32"
    chain: bool = False  # a plain stack of layers, as Keras' Sequential
    budget: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    recorded_shapes: dict = field(default_factory=dict)  # Ref → shape the file recorded, checked after inference
    unknown: str = "error"  # or "count-as-zero": unknown layer types pass their input through with 0 params


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


@dataclass(repr=False, eq=False)
class LayerSummary:
    name: str
    type: str
    inputs: list  # Refs of the first call (all calls for shared layers)
    output_shape: object  # a shape tuple, or a list of them
    weights: list  # Weight
    buffers: list = field(default_factory=list)
    children: list = field(default_factory=list)  # LayerSummary of a nested model
    calls: int = 1
    note: str = ""

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


@dataclass(repr=False, eq=False)
class Totals:
    params: int
    trainable_params: int
    non_trainable_params: int
    bytes: float
    trainable_bytes: float
    non_trainable_bytes: float
    buffers: int
    buffer_bytes: float


@dataclass(repr=False, eq=False)
class ModelSummary:
    name: str
    source: str
    format: str
    framework: str
    layers: list  # LayerSummary, in execution order
    dtype: str = "float32"
    chain: bool = False
    budget: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    totals: Totals = None
    inputs: list = field(default_factory=list)  # the model inputs' LayerSummary, even when not rows

    def __post_init__(self):
        if self.totals is None:
            self.totals = self.compute_totals()

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
