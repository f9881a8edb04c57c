"""The base of every layer type: declared arguments, weights as named shapes, output shape.

A layer type is a subclass of `Layer` that declares its constructor arguments as
class attributes (`units = Arg(positive_int)`), and implements

- `make_weights(shape)` → the weight tensors the framework would create, as `Weight`s;
- `compute_output_shape(shape)` → the shape of its output (a list of shapes for several).

`shape` is the input shape with the batch axis first (`None`), or a list of such
shapes for layers that take several inputs (`multi_input = True`). Params, the
trainable split and the formula are derived from the weights, never written twice.
"""

from __future__ import annotations

import math
import re

from ..errors import ParamsumError, suggest
from .args import REQUIRED, Arg


class Dim(int):
    """A size that remembers how it was made, e.g. Dim(1024, '4 × 256') for LSTM gates."""

    expr: str

    def __new__(cls, value, expr=None):
        dim = super().__new__(cls, value)
        dim.expr = expr or str(int(value))
        return dim


def dim(*factors):
    """A Dim that is the product of `factors`, spelled as such: dim(4, 256) → 1024 '4 × 256'."""
    factors = [f for f in factors if f != 1] or [1]
    return Dim(math.prod(int(f) for f in factors), " × ".join(_factor(f) for f in factors))


def _factor(value):
    expr = getattr(value, "expr", str(int(value)))
    return f"({expr})" if "+" in expr or "-" in expr else expr


def _grouped(value):
    """A factor of a shape product; a made-up size keeps its parentheses: 128 × (4 × 256)."""
    expr = getattr(value, "expr", str(int(value)))
    return f"({expr})" if " " in expr and not (expr.startswith("(") and expr.endswith(")")) else expr


class Weight:
    """One weight tensor (or buffer): name, shape, trainable flag."""

    __slots__ = ("name", "shape", "trainable", "buffer", "dtype")

    def __init__(self, name, shape, trainable=True, buffer=False, dtype=None):
        self.name = name
        self.shape = tuple(shape)
        self.trainable = trainable and not buffer
        self.buffer = buffer
        self.dtype = dtype

    @property
    def count(self):
        return math.prod(int(d) for d in self.shape)

    @property
    def expr(self):
        """The weight's count as plain arithmetic, e.g. '3 × 3 × 3 × 32'."""
        if not self.shape:
            return "1"
        if len(self.shape) == 1:
            return getattr(self.shape[0], "expr", str(int(self.shape[0])))
        return " × ".join(_grouped(d) for d in self.shape)

    def __repr__(self):
        kind = "buffer" if self.buffer else ("trainable" if self.trainable else "non-trainable")
        return f"Weight({self.name!r}, {tuple(int(d) for d in self.shape)}, {kind})"


def to_snake_case(name):
    """Keras' rule for default layer names: Conv2D → conv2d, MaxPooling2D → max_pooling2d."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def fmt_shape(shape):
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


class Layer:
    """Base of all layer types. Subclasses declare `Arg`s and implement the two rules."""

    framework = "keras"
    multi_input = False
    # Arguments the framework accepts that change no weight and no shape
    # (initializers, regularizers, activations …); checked for spelling only.
    ignored = ()
    # Arguments every layer of the framework accepts.
    common = ()
    arguments: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Built from the bases' tables (not a walk of the whole MRO): start-up time counts.
        declared, accepted = {}, set()
        for base in reversed(cls.__bases__):
            declared.update(getattr(base, "arguments", {}))
            accepted.update(getattr(base, "accepted", ()))
        own = vars(cls)
        declared.update({k: v for k, v in own.items() if isinstance(v, Arg)})
        accepted.update(declared, own.get("ignored", ()), own.get("common", ()))
        cls.arguments = declared
        cls.accepted = frozenset(accepted)

    def __init__(self, name, config, context=None):
        self.name = name
        self.context = context
        self.config = dict(config)
        unknown = [key for key in config if key not in self.accepted]
        if unknown:
            key = unknown[0]
            raise self.error(
                f"{type(self).__name__} has no argument '{key}'",
                hint=suggest(key, self.accepted) or f"valid: {', '.join(sorted(self.arguments))}",
                key=key,
            )
        for key, arg in self.arguments.items():
            if key in config:
                try:
                    value = arg.kind(config[key])
                except ValueError as reason:
                    raise self.error(f"{key}: {reason}; received: {key}={config[key]!r}", key=key) from None
            elif arg.required:
                raise self.error(f"{type(self).__name__} needs '{key}'", hint=self.example(key), key=key)
            else:
                value = arg.default
            setattr(self, key, value)
        self.check()

    # -- the rules a layer type implements -------------------------------------------

    def check(self):
        """Cross-argument checks, run once the arguments are set."""

    def make_weights(self, shape):
        return []

    def compute_output_shape(self, shape):
        return shape

    # -- helpers for layer rules -------------------------------------------------------

    def example(self, key):
        return None

    def error(self, message, hint=None, key=None):
        pos = None
        if self.context is not None and key is not None:
            pos = self.context.position(key)
        elif self.context is not None:
            pos = self.context.position()
        line, column = pos if pos else (None, None)
        return ParamsumError(message, layer=self.name, hint=hint, line=line, column=column, argument=key)

    def shape_error(self, shape, why):
        return self.error(f"{type(self).__name__} cannot take input shape {describe(shape)}: {why}")

    def known(self, shape, axis, what="this axis"):
        """The size of `shape[axis]`, which must be known for the weights."""
        if not -len(shape) <= axis < len(shape):
            raise self.shape_error(shape, f"it has no axis {axis}")
        size = shape[axis]
        if size is None:
            raise self.shape_error(shape, f"the size of {what} (axis {axis}) must be known to create weights")
        return size

    def rank(self, shape, *ranks):
        if len(shape) not in ranks:
            expected = " or ".join(str(r) for r in ranks)
            raise self.shape_error(shape, f"expected a rank-{expected} input (batch axis included)")


def describe(shape):
    if isinstance(shape, list):
        return "[" + ", ".join(fmt_shape(s) for s in shape) + "]"
    return fmt_shape(shape)


class LayerContext:
    """What a layer may ask of the model it sits in: positions, nested layers, dtype."""

    def __init__(self, spec=None, make_layer=None, dtype="float32"):
        self.spec = spec
        self.make_layer = make_layer
        self.dtype = dtype

    def position(self, key=None):
        if self.spec is None:
            return None
        from ..read import position

        if key is not None:
            return position(self.spec, key)
        return position(self.spec)

    def nested(self, config, key, default_name=None):
        """Build a wrapped layer from its nested `layer:` mapping."""
        return self.make_layer(config, key, default_name)


REGISTRY: dict = {}
# Per framework, functions type name → layer class (or None) for types made on first use.
LAZY: dict = {}


def register_lazy(framework, resolve):
    LAZY.setdefault(framework, []).append(resolve)


def register(cls):
    """Class decorator: make a layer type known under its class name and its `aliases`."""
    table = REGISTRY.setdefault(cls.framework, {})
    for type_name in (cls.__name__, *vars(cls).get("aliases", ())):
        table[type_name] = cls
    return cls


__all__ = ["Arg", "REQUIRED", "Dim", "Layer", "LayerContext", "Weight", "dim", "register", "register_lazy",
           "REGISTRY", "LAZY"]
