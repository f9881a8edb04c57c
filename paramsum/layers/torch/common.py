"""The base of torch.nn modules and the argument kinds they share."""

from __future__ import annotations

from ..args import REQUIRED, Arg, _is_int, int_tuple, positive_int
from ..base import Layer


class TorchLayer(Layer):
    """A torch.nn module: channels-first shapes, parameters and buffers as torch names them."""

    framework = "pytorch"
    common = ("device", "dtype")

    def agree(self, arg, given, actual, what):
        """A size the input implies: `given` when set, else `actual`; when both are known they must agree."""
        if given is None:
            if actual is None:
                raise self.error(f"{arg} is not given and the input's {what} is unknown",
                                 hint=f"give {arg} or a known input size")
            return actual
        if actual is not None and given != actual:
            raise self.error(f"{arg}={given} but the input has {actual} {what}", key=arg)
        return given

    def channels(self, shape, arg="in_channels"):
        """The channel count on axis 1 (N, C, …), checked against argument `arg`."""
        return self.agree(arg, getattr(self, arg), shape[1], "channels (axis 1)")

    def features(self, shape, arg="in_features"):
        """The feature count on the last axis, checked against argument `arg`."""
        return self.agree(arg, getattr(self, arg), shape[-1], "features (last axis)")


class NdLayer(TorchLayer):
    """A module over `spatial` axes after (N, C); tuple arguments are expanded to that many ints."""

    spatial = 1

    def spatial_sizes(self, shape):
        self.rank(shape, self.spatial + 2)
        return shape[2:]


def nd_args(cls):
    """Give each rank-free tuple argument of an N-d family its rank (torch's _single/_pair/_triple)."""
    for key, make in cls.tuple_args.items():
        kind, default = make(cls.spatial), cls.arguments[key].default
        cls.arguments[key] = Arg(kind, default if default is REQUIRED or default is None else kind(default))
    return cls


def without(*names):
    """Class decorator: drop inherited arguments this member of a family does not take."""

    def drop(cls):
        for name in names:
            del cls.arguments[name]
        cls.accepted = cls.accepted - set(names)
        return cls

    return drop


class Elementwise(TorchLayer):
    """A module with no parameters whose output has its input's shape."""


def size_tuple(rank, item=positive_int):
    """torch's _ntuple: an int or a sequence of `rank` ints."""
    return int_tuple(rank, item)


def sizes(value):
    """An int or a non-empty list of positive ints, as a tuple (normalized_shape)."""
    if _is_int(value):
        return (positive_int(value),)
    if isinstance(value, (list, tuple)) and value:
        return tuple(positive_int(v) for v in value)
    raise ValueError("expected an integer or a list of integers")


def normalize_dim(layer, dim, rank, arg="dim"):
    """torch's dim wrapping: -rank ≤ dim < rank, negative counts from the end."""
    if not -rank <= dim < rank:
        raise layer.error(f"{arg}={dim} is out of range for a rank-{rank} input "
                          f"(expected between {-rank} and {rank - 1})", key=arg)
    return dim % rank
