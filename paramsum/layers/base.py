"""The layer protocol: what every layer type declares, and what infer and the summary read of it.

A layer type is a subclass of `Layer`, registered with `@register`, that declares

- its constructor arguments as class attributes, `units = Arg(positive_int)`: a kind
  (paramsum/layers/args.py) that checks the value and a default (none: required). The
  arguments are set on the instance; a bad value is refused naming the argument and what
  was received. `ignored` names arguments that change no weight and no shape; `check()`
  holds the checks across arguments;
- `input_ranks`: the ranks (batch axis included) its input may have, checked before
  either rule runs; empty for any rank. Layers of several inputs set `multi_input = True`
  and get a list of shapes;
- `make_weights(shape)` → the weights the framework creates, as immutable `Weight`s in
  the framework's order and names (`Weight.renamed(prefix)` puts a sublayer's weights
  under its name, `Weight.frozen()` makes one non-trainable);
- `compute_output_shape(shape)` → its output shape (a list of shapes for several outputs);
- `make_macs(shape, output)` → the multiply-accumulates of one call (FLOPs = 2 × MACs, as
  torch.utils.flop_counter.FlopCounterMode counts matrix products and convolutions;
  elementwise ops, norms, pooling and lookups count 0, the default), None when a size
  they depend on is unknown. Infer calls it on the shapes of the compute sizes
  (`--batch-size`, `--seq-len`).

Besides weights and shape, a layer tells the summary through declared fields only:
`type` (the type name shown; None: as the file names it), `trainable` (set by infer
from the file), `assumption` (an `Assumption` when a shape is assumed, not read: a note
in the table and a warning), `tied` (weights another module owns, left out of this
row), `children` (the rows of a model used as a layer), `inactive_params` (weights a
token does not use: a mixture of experts' unrouted experts, set by make_weights). Params, the trainable split, the
formulas and the words of a note derive from these in the summary; layers make no
display strings. A layer nested in another's arguments (`Arg(layer)`, listed in
`layer_arguments`, which the format readers read as layer specs) is built through
`self.context.nested(spec)`, which infer provides.
"""

from __future__ import annotations

import functools
import math
import re

from ..errors import ParamsumError, suggest
from ..limits import shown
from ..summary import Assumption, Dim, Weight, shape_text
from .args import REQUIRED, Arg


def product(*sizes):
    """The product of sizes, None when one of them is unknown (None)."""
    out = 1
    for size in sizes:
        if size is None:
            return None
        out *= int(size)
    return out


def dim(*factors):
    """A Dim that is the product of `factors`, spelled as such: dim(4, 256) → 1024 '4 × 256'."""
    factors = [f for f in factors if f != 1] or [1]
    return Dim(math.prod(int(f) for f in factors), " × ".join(_factor(f) for f in factors))


def _factor(value):
    expr = getattr(value, "expr", str(int(value)))
    return f"({expr})" if "+" in expr or "-" in expr else expr


@functools.lru_cache(maxsize=1024)  # a model names thousands of layers after a few types
def to_snake_case(name):
    """Keras' rule for default layer names: Conv2D → conv2d, MaxPooling2D → max_pooling2d."""
    if name.isascii() and name.isalnum() and name[1:].lower() == name[1:]:  # Dense, Flatten: no rule applies
        return name.lower()  # (and no pattern is compiled on a run that needs none)
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


class Layer:
    """Base of all layer types. Subclasses declare `Arg`s and implement the two rules."""

    framework = "keras"
    multi_input = False
    input_ranks = ()  # ranks the input may have (batch axis included); () for any
    # What the summary reads of a layer besides its weights and output shape.
    type = None  # the type name shown; None: as the file names it
    trainable = True  # False: every weight is frozen (set by infer from the file)
    assumption = None  # an Assumption, when the output shape is assumed rather than known
    children = ()  # rows of a model used as a layer (infer's nested models only)
    tied = {}  # weight name → the module that owns it (tied weights: counted there, not here)
    inactive_params = 0  # parameters a token does not use (mixture of experts: the experts it is not routed to)
    # Arguments the framework accepts that change no weight and no shape
    # (initializers, regularizers, activations …); checked for spelling only.
    ignored = ()
    # Arguments every layer of the framework accepts.
    common = ()
    arguments: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Built from the bases' tables (not a walk of the whole MRO): start-up time counts.
        declared, accepted, nested = {}, set(), set()
        for base in reversed(cls.__bases__):
            declared.update(getattr(base, "arguments", {}))
            accepted.update(getattr(base, "accepted", ()))
            nested.update(getattr(base, "layer_arguments", ()))
        own = vars(cls)
        for key, value in own.items():
            if isinstance(value, Arg):
                declared[key] = value
                (nested.add if value.holds_layers else nested.discard)(key)
        accepted.update(declared, own.get("ignored", ()), own.get("common", ()))
        cls.arguments = declared
        cls.accepted = frozenset(accepted)
        cls.layer_arguments = frozenset(nested)
        if cls.input_ranks:  # only types that declare ranks pay for the check
            for rule in ("make_weights", "compute_output_shape"):
                method = getattr(cls, rule)
                if not getattr(method, "rank_checked", False):
                    setattr(cls, rule, _rank_checked(method))

    def __init__(self, name, config, context=None):
        self.name = name
        self.context = context
        self.config = dict(config)
        unknown = [key for key in config if key not in self.accepted]
        if unknown:
            key = unknown[0]
            raise self.error(
                f"{type(self).__name__} has no argument '{key}'",
                hint=suggest(key, self.accepted) or self.valid_hint(),
                key=key,
            )
        defaults, required = self._argument_table()
        values = dict(defaults)  # every argument read in one pass over the file's (a model has thousands)
        arguments = self.arguments
        try:
            for key in config:
                arg = arguments.get(key)
                if arg is not None:
                    values[key] = arg.kind(config[key])
            complete = all(key in config for key in required)
        except ValueError:
            complete = False
        if complete:
            vars(self).update(values)
        else:
            self._refuse_arguments(config)
        self.check()

    @classmethod
    def _argument_table(cls):
        """(the optional arguments' defaults, the required arguments' names), made on a type's first layer
        (after the class decorators that change its arguments)."""
        table = cls.__dict__.get("_table")
        if table is None:
            table = ({key: arg.default for key, arg in cls.arguments.items() if not arg.required},
                     tuple(key for key, arg in cls.arguments.items() if arg.required))
            cls._table = table
        return table

    def _refuse_arguments(self, config):
        """Raise for the first argument, in the order the type declares them, that is missing or wrong."""
        for key, arg in self.arguments.items():
            if key in config:
                try:
                    arg.kind(config[key])
                except ValueError as reason:
                    raise self.error(f"{key}: {reason}; received: {key}={shown(config[key])}", key=key) from None
            elif arg.required:
                raise self.error(f"{type(self).__name__} needs '{key}'", hint=self.example(key), key=key)

    # -- the rules a layer type implements -------------------------------------------

    def check(self):
        """Cross-argument checks, run once the arguments are set."""

    def make_weights(self, shape):
        return []

    def compute_output_shape(self, shape):
        return shape

    def make_macs(self, shape, output):
        """Multiply-accumulates of one call on input `shape` giving `output`: the matrix products
        and convolutions FlopCounterMode counts (elementwise ops, norms, pooling, lookups: 0).
        None when a size they depend on is unknown."""
        return 0

    # -- helpers for layer rules -------------------------------------------------------

    def example(self, key):
        return None

    @classmethod
    def valid_hint(cls):
        """'valid: units, use_bias; also accepted (no effect on the count): name, trainable, …': every key taken."""
        hint = f"valid: {', '.join(sorted(cls.arguments)) or 'no arguments'}"
        others = sorted(cls.accepted - set(cls.arguments))
        return f"{hint}; accepted, no effect on the count: {', '.join(others)}" if others else hint

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

    def assume(self, subject, shape_from="input"):
        """Record that the output shape is assumed (a note in the table and a warning)."""
        self.assumption = Assumption(subject, shape_from)


def _rank_checked(rule):
    """A rule that first checks the declared input rank(s)."""

    def checked(self, shape):
        if self.input_ranks and isinstance(shape, tuple):
            self.rank(shape, *self.input_ranks)
        return rule(self, shape)

    checked.rank_checked = True  # (functools.wraps would cost start-up time for every layer type)
    checked.__doc__ = rule.__doc__
    return checked


describe = shape_text  # shapes in messages read as in the table


class LayerContext:
    """What a layer may ask of the model it sits in: positions and nested layers.

    `location` is the layer's Location in the file; `make_layer(spec, default_name)` is
    infer's, for layers nested in arguments.
    """

    def __init__(self, location=None, make_layer=None):
        self.location = location
        self.make_layer = make_layer

    def position(self, key=None):
        """(line, column) of the layer or of one of its keys, or None."""
        if self.location is None:
            return None
        line, column = self.location.of(key)
        return None if line is None else (line, column)

    def nested(self, spec, default_name=None):
        """A new layer object for a nested layer's spec (a fresh one on every call), named
        `default_name` (else as Keras names it) when the file gives it no name."""
        return self.make_layer(spec, default_name)


REGISTRY: dict = {}
# Per framework, functions type name → layer class (or None) for types made on first use.
LAZY: dict = {}


def register_lazy(framework, resolve):
    LAZY.setdefault(framework, []).append(resolve)


def register(cls):
    """Class decorator: make a layer type known under its class name and its `aliases`."""
    table = REGISTRY.setdefault(cls.framework, {})
    for type_name in (cls.__name__, *vars(cls).get("aliases", ())):
        if table.get(type_name, cls) is not cls:  # one type, one declaration
            raise TypeError(f"layer type {type_name!r} of {cls.framework} is declared twice: "
                            f"{table[type_name].__module__} and {cls.__module__}")
        table[type_name] = cls
    return cls


__all__ = ["Arg", "REQUIRED", "Dim", "Layer", "LayerContext", "Weight", "dim", "product", "register", "register_lazy",
           "REGISTRY", "LAZY"]
