"""Keras normalization layers (keras/src/layers/normalization, preprocessing/normalization.py)."""

from __future__ import annotations

import numbers

from ..args import Arg, anything, axes, boolean, integer, number, positive_int
from ..base import Weight, register
from .core import KerasLayer
from .rnn import Wrapper

GAMMA_BETA = (
    "beta_initializer", "gamma_initializer", "beta_regularizer", "gamma_regularizer",
    "beta_constraint", "gamma_constraint",
)


def one_axis(value):
    """An axis; Keras 2 files write it as a one-element list, e.g. [3]."""
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    raise ValueError("expected one axis (an integer)")


def int_axis(value):
    """BatchNormalization's axis: Keras takes int(axis), so 3.0 is axis 3."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return one_axis(value)


def axis_or_none(value):
    """Normalization's axis: an axis, a list of axes, or null / [] for a scalar statistic."""
    if value is None or value == []:
        return ()
    value = axes(value)
    return (value,) if isinstance(value, int) else value


def axes_or_empty(value):
    """An axis or a list of axes; [] is no axis at all (Keras then builds scalar weights)."""
    if isinstance(value, (list, tuple)) and not value:
        return ()
    return axes(value)


class _AxisLayer(KerasLayer):
    """A normalization layer whose weights have the sizes of the axes it normalizes."""

    def axis_list(self):
        return [self.axis] if isinstance(self.axis, int) else list(self.axis)

    def check_axes(self, shape):
        for axis in self.axis_list():
            if not -len(shape) <= axis < len(shape):
                raise self.error(f"axis {axis} is out of range for input shape {_shape(shape)}; "
                                 f"received: axis={_arg(self.axis)}", key="axis")

    def axes_shape(self, shape):
        """The weight shape: the sizes of `axis`, in sorted order as Keras builds it."""
        self.check_axes(shape)
        return tuple(self.known(shape, axis, "a normalized axis") for axis in sorted(self.axis_list()))

    def compute_output_shape(self, shape):
        self.check_axes(shape)
        return shape


@register
class BatchNormalization(_AxisLayer):
    """gamma, beta (trainable) and the moving mean and variance (non-trainable) over `axis`."""

    axis = Arg(int_axis, -1)
    momentum = Arg(number, 0.99)
    epsilon = Arg(number, 1e-3)
    center = Arg(boolean, True)
    scale = Arg(boolean, True)
    renorm = Arg(boolean, False)
    renorm_clipping = Arg(anything, None)  # Keras checks its keys only with renorm: see check()
    renorm_momentum = Arg(number, 0.99)
    # Keras refuses synchronized=True on backends other than TensorFlow; the weights are the same.
    synchronized = Arg(boolean, False)
    ignored = GAMMA_BETA + ("moving_mean_initializer", "moving_variance_initializer")

    def check(self):
        clipping = self.renorm_clipping or {}
        if self.renorm and (not isinstance(clipping, dict) or set(clipping) - {"rmax", "rmin", "dmax"}):
            raise self.error("renorm_clipping takes the keys rmax, rmin, dmax; "
                             f"received: renorm_clipping={clipping!r}", key="renorm_clipping")

    def make_weights(self, shape):
        size = self.axes_shape(shape)
        weights = []
        if self.scale:
            weights.append(Weight("gamma", size))
        if self.center:
            weights.append(Weight("beta", size))
        statistics = ["moving_mean", "moving_variance"]
        if self.renorm:
            statistics += ["moving_stddev", "renorm_mean", "renorm_stddev"]
        return weights + [Weight(name, size, trainable=False) for name in statistics]


@register
class LayerNormalization(_AxisLayer):
    axis = Arg(axes_or_empty, -1)
    epsilon = Arg(number, 1e-3)
    center = Arg(boolean, True)
    scale = Arg(boolean, True)
    rms_scaling = Arg(boolean, False)  # deprecated in Keras 3: gamma only
    ignored = GAMMA_BETA

    def make_weights(self, shape):
        if not (self.scale or self.center or self.rms_scaling):
            self.check_axes(shape)  # no weights: the normalized sizes may stay unknown
            return []
        size = self.axes_shape(shape)
        weights = []
        if self.scale or self.rms_scaling:
            weights.append(Weight("gamma", size))
        if self.center and not self.rms_scaling:
            weights.append(Weight("beta", size))
        return weights


@register
class RMSNormalization(_AxisLayer):
    axis = Arg(axes_or_empty, -1)
    epsilon = Arg(number, 1e-6)

    def make_weights(self, shape):
        return [Weight("scale", self.axes_shape(shape))]


@register
class GroupNormalization(_AxisLayer):
    """gamma and beta over the channels; `groups` must divide them (-1: one group per channel)."""

    groups = Arg(integer, 32)
    axis = Arg(one_axis, -1)
    epsilon = Arg(number, 1e-3)
    center = Arg(boolean, True)
    scale = Arg(boolean, True)
    ignored = GAMMA_BETA

    def check(self):
        if self.groups <= 0 and self.groups != -1:
            raise self.error("groups must be a positive integer, or -1 for instance normalization; "
                             f"received: groups={self.groups}", key="groups")

    def make_weights(self, shape):
        (channels,) = self.axes_shape(shape)
        groups = channels if self.groups == -1 else self.groups
        if channels < groups or channels % groups:
            raise self.shape_error(shape, f"groups={groups} must divide the {channels} channels of axis {self.axis}")
        weights = []
        if self.scale:
            weights.append(Weight("gamma", (channels,)))
        if self.center:
            weights.append(Weight("beta", (channels,)))
        return weights


@register
class UnitNormalization(_AxisLayer):
    axis = Arg(axes_or_empty, -1)


@register
class Normalization(_AxisLayer):
    """Preprocessing: mean and variance over the kept axes, and a count (non-trainable).

    With `mean` and `variance` given the statistics are constants, not weights.
    """

    axis = Arg(axis_or_none, (-1,))
    # Numbers or nested lists, checked together (both or neither, same shape, fitting axis) in check().
    mean = Arg(anything, None)
    variance = Arg(anything, None)
    invert = Arg(boolean, False)

    def check(self):
        if (self.mean is None) != (self.variance is None):
            raise self.error("give both mean and variance, or neither (then they are learnt by adapt()); "
                             f"received: mean={self.mean!r}, variance={self.variance!r}")
        if self.mean is None:
            return
        mean_shape, variance_shape = array_shape(self.mean), array_shape(self.variance)
        if mean_shape is None or variance_shape is None:
            raise self.error("mean and variance must be numbers or nested lists of numbers")
        if mean_shape != variance_shape:
            raise self.error(f"mean and variance must have the same shape; received shapes "
                             f"{_shape(mean_shape)} and {_shape(variance_shape)}")
        if len(mean_shape) > len(self.axis):
            raise self.error(f"mean has rank {len(mean_shape)}, more than the {len(self.axis)} axes kept; "
                             f"received: axis={_arg(self.axis)}", key="mean")

    def make_weights(self, shape):
        kept = self.axes_shape(shape)
        if self.mean is not None:
            self.check_broadcast(shape, kept)
            return []
        return [
            Weight("mean", kept, trainable=False),
            Weight("variance", kept, trainable=False),
            Weight("count", (), trainable=False, dtype="int32"),
        ]

    def axes_shape(self, shape):
        self.check_axes(shape)
        kept = sorted(axis % len(shape) for axis in self.axis)
        twice = {axis for axis in kept if kept.count(axis) > 1 and shape[axis] != 1}
        if self.mean is None and twice:
            # Keras keeps the axis twice: the statistics get its size twice and no longer
            # reshape to the input's rank, unless that size is 1.
            raise self.error(f"axis names axis {min(twice)} (size {shape[min(twice)]}) twice for input shape "
                             f"{_shape(shape)}; received: axis={_arg(self.axis)}", key="axis")
        return tuple(self.known(shape, axis, "a kept axis") for axis in kept)

    def check_broadcast(self, shape, kept):
        mean_shape = array_shape(self.mean)
        for given, size in zip(reversed(mean_shape), reversed(kept)):
            if given not in (1, size):
                raise self.error(f"mean of shape {_shape(mean_shape)} does not fit the kept axes "
                                 f"{_shape(kept)} of input shape {_shape(shape)}")

    def axis_list(self):
        return list(self.axis)


def array_shape(value):
    """The shape numpy gives a number or a regular nested list of numbers; None if ragged."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return ()
    if not isinstance(value, (list, tuple)):
        return None
    inner = [array_shape(item) for item in value]
    if any(s is None or s != inner[0] for s in inner):
        return None
    return (len(value),) + (inner[0] if inner else ())


def _shape(shape):
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _arg(axis):
    return list(axis) if isinstance(axis, tuple) else axis


@register
class SpectralNormalization(Wrapper):
    """The wrapped layer's weights and vector_u (1, its kernel's last axis), non-trainable."""

    power_iterations = Arg(positive_int, 1)

    def wrapped_weights(self, shape):
        weights = self.inner_weights(self.inner, shape)
        # Keras looks for the layer's own `kernel` (then `embeddings`) attribute: a cell's
        # kernel inside an LSTM, or a SeparableConv's depthwise_kernel, does not count.
        own = {w.name: w for w in weights}
        kernel = own.get(f"{self.inner.name}/kernel") or own.get(f"{self.inner.name}/embeddings")
        if kernel is None:
            raise self.error(f"SpectralNormalization needs a layer with a kernel or embeddings; "
                             f"received: {type(self.inner).__name__}", key="layer")
        vector_u = Weight("vector_u", (1, kernel.shape[-1]), trainable=False)
        if getattr(self.inner, "lora_rank", None):
            # With LoRA the kernel is computed (kernel + a·b), not a variable the wrapper tracks.
            return [vector_u] + weights
        # Keras tracks the kernel as the wrapper's own variable, so it comes first.
        rest = [w for w in weights if w is not kernel]
        return [kernel, vector_u] + rest

    def wrapped_output_shape(self, shape):
        return self.inner.compute_output_shape(shape)
