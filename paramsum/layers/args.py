"""Argument kinds: each checks one constructor argument and returns its normal form.

A kind is a callable `kind(value) -> value` that raises ValueError with a short
reason ("expected a positive integer") on bad input; the layer adds the argument's
name and what was received.
"""

from __future__ import annotations

import numbers

from .. import limits
from ..errors import suggest

REQUIRED = object()


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_float_int(value):
    return isinstance(value, float) and value.is_integer()


def _sized(value):
    """An int within MAX_SIZE either way (a size, a padding, an offset): sizes past it only overflow."""
    limits.size(abs(int(value)))
    return int(value)


def integer(value):
    if _is_int(value):
        return _sized(value)
    raise ValueError("expected an integer")


def positive_int(value):
    if _is_int(value) and value > 0:
        return _sized(value)
    raise ValueError("expected a positive integer")


def nonneg_int(value):
    if _is_int(value) and value >= 0:
        return _sized(value)
    raise ValueError("expected a non-negative integer")


def repeats(value):
    """A number of copies of a block (torch's num_layers): a positive int within MAX_REPEATS."""
    count = positive_int(value)
    if count > limits.REPEATS.value:
        raise ValueError(f"past paramsum's limit {limits.REPEATS.describe()}, the most {limits.REPEATS.what} "
                         f"({limits.DOCS})")
    return count


def boolean(value):
    if isinstance(value, bool):
        return value
    raise ValueError("expected true or false")


def number(value):
    """A real number (an int within a float's range: the frameworks hold these as floats)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if _is_int(value) and abs(value) > 2**1023:
            raise ValueError("expected a number within a float's range")
        return value
    raise ValueError("expected a number")


def string(value):
    if isinstance(value, str):
        return value
    raise ValueError("expected a string")


def anything(value):
    return value


def null(value):
    """Only null: for tensors, which a model file cannot hold (torch's _weight, Keras' input_tensor)."""
    if value is None:
        return None
    raise ValueError("expected null: a model file cannot hold a tensor")


def optional(kind):
    def check(value):
        return None if value is None else kind(value)

    check.__name__ = f"optional_{getattr(kind, '__name__', 'value')}"
    check.holds_layers = getattr(kind, "holds_layers", False)
    return check


def choice(*options, lower=True):
    def check(value):
        key = value.lower() if lower and isinstance(value, str) else value
        if key in options:
            return key
        raise ValueError("expected one of " + ", ".join(repr(o) for o in options))

    return check


def int_tuple(rank, item=positive_int):
    """An int or a list of `rank` ints (Keras' standardize_tuple), returned as a tuple."""

    def check(value):
        if _is_int(value):
            return (item(value),) * rank
        if isinstance(value, (list, tuple)) and len(value) == rank:
            return tuple(item(v) for v in value)
        raise ValueError(f"expected an integer or a list of {rank} integers")

    return check


def shape(value):
    """A tensor shape without the batch axis: a list of positive ints or null (unknown)."""
    if _is_int(value):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ValueError("expected a list of sizes, e.g. [28, 28, 1]")
    out = []
    for size in value:
        if size is None:
            out.append(None)
        elif _is_int(size) and size > 0:
            out.append(_sized(size))
        else:
            raise ValueError("expected a list of positive sizes or null, e.g. [28, 28, 1]")
    return tuple(out)


def axes(value):
    """An axis or a list of axes."""
    if _is_int(value):
        return _sized(value)
    if isinstance(value, (list, tuple)) and value and all(_is_int(v) for v in value):
        return tuple(_sized(v) for v in value)
    raise ValueError("expected an axis (integer) or a list of axes")


def int_or_list(value):
    if _is_int(value):
        return _sized(value)
    if isinstance(value, (list, tuple)) and all(_is_int(v) for v in value):
        return tuple(_sized(v) for v in value)
    raise ValueError("expected an integer or a list of integers")


def layer(value):
    """A layer nested in another's arguments (Bidirectional's `layer`, an RNN's `cell`).

    The format reader turns the file's nested mapping into a layer spec; infer builds it
    when the layer asks its context (layers do not import the graph: a spec says what it is).
    """
    if getattr(value, "is_layer_spec", False):
        return value
    raise ValueError("expected a layer: a mapping with a 'type', e.g. {type: LSTM, units: 64}")


def layers(value):
    """A non-empty list of nested layers (StackedRNNCells' `cells`)."""
    if isinstance(value, (list, tuple)) and value:
        return [layer(item) for item in value]
    raise ValueError("expected a list of layers, e.g. [{type: LSTMCell, units: 64}]")


def layer_or_layers(value):
    """One nested layer, or a non-empty list of them (RNN's `cell`: a list is stacked)."""
    return layers(value) if isinstance(value, (list, tuple)) else layer(value)


for _kind in (layer, layers, layer_or_layers):
    _kind.holds_layers = True  # a format reader reads such an argument's mappings as layer specs


def between(low=None, high=None, what="a number"):
    """A number in [low, high] (None: unbounded on that side), inclusive as the frameworks compare."""
    bounds = " and ".join(f"{op} {b}" for op, b in ((">=", low), ("<=", high)) if b is not None)

    def check(value):
        value = number(value)
        if (low is None or value >= low) and (high is None or value <= high):
            return value
        raise ValueError(f"expected {what} between {low} and {high}" if None not in (low, high)
                         else f"expected {what} {bounds}")

    return check


# A rate or probability: Keras' Dropout family and nn.Dropout both refuse values outside [0, 1].
probability = between(0, 1, "a probability")
probability.__name__ = "probability"


# The names keras.activations.get() knows (Keras 3.15.1: ALL_OBJECTS_DICT in
# keras/src/activations/__init__.py, with the aliases swish and hard_swish).
KERAS_ACTIVATIONS = (
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
    "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
    "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink",
    "threshold",
)


def keras_activation(value):
    """A Keras activation name, a serialized activation (mapping) or null (linear)."""
    if isinstance(value, str):
        if value in KERAS_ACTIVATIONS:
            return value
        hint = suggest(value, KERAS_ACTIVATIONS)
        raise ValueError("unknown activation" + (f"; {hint}" if hint else ""))
    if value is None or isinstance(value, dict):
        return value
    raise ValueError("expected an activation name such as 'relu'")


def keras_seed(value):
    """A random seed: null or an int (keras.random.SeedGenerator refuses anything else)."""
    if value is None or _is_int(value):
        return value
    raise ValueError("expected an integer or null")


# Keras convolutions lowercase padding (argument_validation.standardize_padding); only
# Conv1D takes 'causal'. Pooling passes padding on unchanged, so 'SAME' is refused there.
keras_padding = choice("valid", "same")
keras_causal_padding = choice("valid", "same", "causal")
keras_pool_padding = choice("valid", "same", lower=False)

# torch.nn.Conv*d padding_mode (ConvTranspose*d takes only 'zeros').
torch_padding_mode = choice("zeros", "reflect", "replicate", "circular", lower=False)


def window(value):
    """A window size (pool_size, kernel_size, strides …): a positive int or a list of them.

    The layer expands it to its rank (int_tuple) once it knows the rank.
    """
    if _is_int(value) and value > 0:
        return _sized(value)
    if isinstance(value, (list, tuple)) and value and all(_is_int(v) and v > 0 for v in value):
        return tuple(_sized(v) for v in value)
    raise ValueError("expected a positive integer or a list of positive integers")


def broadcast_tuple(rank, item=positive_int):
    """An int, `rank` ints, or one int in a list: torch's native ops repeat a single value."""
    full = int_tuple(rank, item)

    def check(value):
        if isinstance(value, (list, tuple)) and len(value) == 1:
            return full(value[0])
        return full(value)

    return check


def torch_conv_padding(rank):
    """torch Conv padding: 'valid', 'same', an int or `rank` ints (one int in a list is repeated).

    Negative sizes pass here: they crop with the non-zero padding modes; the layer checks the rest.
    """
    ints = broadcast_tuple(rank, integer)

    def check(value):
        if isinstance(value, str):
            if value in ("valid", "same"):
                return value
            raise ValueError("expected 'valid', 'same', an integer or a list of integers")
        return ints(value)

    return check


def coerce_float_int(kind):
    """Accept 3.0 where an int is due (JSON writers sometimes emit floats)."""

    def check(value):
        if _is_float_int(value):
            value = int(value)
        return kind(value)

    return check


class Arg:
    """One constructor argument: its kind and default (REQUIRED when it has none)."""

    __slots__ = ("kind", "default", "holds_layers")

    def __init__(self, kind=anything, default=REQUIRED):
        self.kind = kind
        self.default = default
        self.holds_layers = getattr(kind, "holds_layers", False)  # read as layer specs by the formats

    @property
    def required(self):
        return self.default is REQUIRED
