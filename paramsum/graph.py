"""The layer graph a format reader makes of a file: layers, their calls, the model's outputs.

A Graph is immutable once built; infer runs it without changing it. Positions in the
file travel as a small `Location` per layer (and per key of it), never as the raw data.
"""

from __future__ import annotations

from collections import namedtuple

from .errors import ParamsumError, suggest

# Plain classes rather than dataclasses: this module is on every run's start-up path.

FRAMEWORKS = ("keras", "pytorch")
FRAMEWORK_ALIASES = {"torch": "pytorch", "tf.keras": "keras", "tensorflow": "keras"}


def framework_name(name):
    """The canonical framework name ('keras', 'pytorch') for a name a file gives."""
    name = FRAMEWORK_ALIASES.get(str(name).lower(), str(name).lower())
    if name not in FRAMEWORKS:
        raise ParamsumError(f"unknown framework '{name}'", hint=suggest(name, FRAMEWORKS) or "use keras or pytorch")
    return name


class Ref(namedtuple("Ref", "layer call tensor", defaults=(0, 0))):
    """One tensor: output `tensor` of call `call` of layer `layer`."""

    __slots__ = ()

    def keras(self):
        return f"{self.layer}[{self.call}][{self.tensor}]"


class Location:
    """Where a layer stands in its file: (line, column) of itself and of each of its keys, 1-based."""

    __slots__ = ("line", "column", "keys")

    def __init__(self, line=None, column=None, keys=None):
        self.line = line
        self.column = column
        self.keys = keys or {}

    def of(self, key=None):
        """(line, column) of `key` (or of the layer itself); (None, None) when unknown."""
        if key is not None and key in self.keys:
            return self.keys[key]
        return self.line, self.column


NOWHERE = Location()


class RecordedWeight(namedtuple("RecordedWeight", "name layer shape exact", defaults=(True,))):
    """A weight a checkpoint or manifest lists: its name there, the path of layer names that owns it
    (None when no layer of the model does) and its shape; `exact` False when the file lays a layer's
    weights out otherwise than the framework paramsum follows (Keras 1), so only their count compares."""

    __slots__ = ()


class LayerSpec:
    """A layer as the file declares it: type, constructor arguments, and its calls.

    A layer nested in another's arguments (Bidirectional's `layer`, an RNN's `cell`) is
    a LayerSpec too, with no calls; a model used as a layer carries its Graph in `nested`.
    """

    __slots__ = ("name", "type", "config", "calls", "trainable", "location", "nested", "dtype", "_frozen")
    is_layer_spec = True  # what the nested-layer argument kind looks for (layers do not import this module)
    FIELDS = __slots__[:-1]

    def __init__(self, name, type, config, calls=None, trainable=True, location=None, nested=None, dtype=None):
        init = object.__setattr__  # (not frozen yet: __setattr__'s check is for later)
        init(self, "_frozen", False)  # a reader fills a spec in; the Graph it goes into freezes it
        init(self, "name", name)  # None for a nested layer the file does not name: infer gives the default
        init(self, "type", type)
        init(self, "config", config)
        init(self, "calls", [[]] if calls is None else calls)  # one list of input Refs per call
        init(self, "trainable", trainable)
        init(self, "location", location or NOWHERE)
        init(self, "nested", nested)  # a Graph: a model used as a layer
        init(self, "dtype", dtype)  # the variable dtype, when the layer says

    def __setattr__(self, key, value):
        if key != "_frozen" and getattr(self, "_frozen", False):
            raise AttributeError(f"layer '{self.name}' belongs to a built Graph (tried to set '{key}')")
        object.__setattr__(self, key, value)

    def __repr__(self):  # as the file wrote it, for "received: …" in messages
        return repr({"type": self.type, **({"name": self.name} if self.name else {}), **self.config})

    def replaced(self, **changes):
        """A new spec with some fields changed (not frozen: for a new Graph)."""
        fields = {key: getattr(self, key) for key in self.FIELDS}
        fields.update(changes)
        return LayerSpec(**fields)


class Graph:
    """The layers of a model (inputs first, as InputLayer specs) and its outputs; immutable."""

    __slots__ = ("name", "framework", "layers", "outputs", "dtype", "chain", "budget", "warnings",
                 "recorded_shapes", "recorded_weights", "checkpoint", "seq_len", "decoder", "lenient")

    def __init__(self, name, framework, layers, outputs, dtype="float32", chain=False, budget=None,
                 warnings=(), recorded_shapes=None, recorded_weights=None, checkpoint=None, seq_len=None,
                 decoder=None, lenient=False):
        init = object.__setattr__
        init(self, "name", name)
        init(self, "framework", framework)
        init(self, "layers", tuple(layers))  # LayerSpec
        init(self, "outputs", tuple(outputs))  # Ref
        init(self, "dtype", dtype)
        init(self, "chain", chain)  # a plain stack of layers, as Keras' Sequential
        init(self, "budget", dict(budget or {}))
        init(self, "warnings", tuple(warnings))  # what the reader noticed in the file
        init(self, "recorded_shapes", dict(recorded_shapes or {}))  # Ref → shape the file recorded
        # RecordedWeight of a file that stores weights beside the architecture (None: it stores none)
        init(self, "recorded_weights", None if recorded_weights is None else tuple(recorded_weights))
        init(self, "checkpoint", checkpoint)  # the stored tensors a checkpoint (or a model directory) holds
        init(self, "seq_len", seq_len)  # the sequence length compute is counted for unless one is given
        init(self, "decoder", decoder)  # a DecoderShape: what a decoder caches per token (None: not a decoder)
        # True when a program wrote the file (Keras): an unknown layer argument is a warning, not an error
        init(self, "lenient", lenient)
        for spec in self.layers:
            init(spec, "_frozen", True)

    def __setattr__(self, key, value):
        raise AttributeError(f"a Graph is immutable once built (tried to set '{key}')")

    def replaced(self, **changes):
        """A new Graph with some fields changed."""
        fields = {key: getattr(self, key) for key in self.__slots__}
        fields.update(changes)
        return Graph(**fields)

    @property
    def inputs(self):
        """The model's own inputs: InputLayer specs that are not called on anything."""
        return [spec for spec in self.layers if spec.type == "InputLayer" and spec.calls == [[]]]


class CacheLayer(namedtuple("CacheLayer", "name per_token window length", defaults=(None, None))):
    """One attention module's KV cache: `per_token` elements (keys + values) per cached token of one sample;
    `window` a sliding window (transformers keeps the last window − 1 tokens); `length` a fixed number of
    tokens (cross-attention over an encoder of fixed length), else the cached sequence's."""

    __slots__ = ()


class DecoderShape:
    """What the memory rules need of a decoder: its cache layers, its width, heads and depth."""

    __slots__ = ("cache", "hidden_size", "heads", "layers", "family")

    def __init__(self, cache, hidden_size, heads, layers, family=None):
        self.cache = tuple(cache)  # CacheLayer, in the model's order
        self.hidden_size = hidden_size
        self.heads = heads
        self.layers = layers
        self.family = family  # the model_type, for messages


def is_chain(layers, outputs):
    """One input, each layer fed by the one before it, the last one the output: Keras' Sequential."""
    first, rest = layers[0], layers[1:]
    return (first.type == "InputLayer" and all(spec.type != "InputLayer" for spec in rest)
            and all(spec.calls == [[Ref(before.name)]] for before, spec in zip(layers, rest))
            and list(outputs) == [Ref(layers[-1].name)])
