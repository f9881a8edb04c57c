"""torch.nn normalization: BatchNorm, SyncBatchNorm, InstanceNorm, LayerNorm, GroupNorm, RMSNorm, LocalResponseNorm."""

from __future__ import annotations

import math

from ..args import Arg, boolean, number, optional, positive_int
from ..base import Weight, register
from .common import TorchLayer, sizes


def running_stats(channels):
    """The buffers of a BatchNorm/InstanceNorm that tracks running statistics."""
    return [
        Weight("running_mean", (channels,), buffer=True),
        Weight("running_var", (channels,), buffer=True),
        Weight("num_batches_tracked", (), buffer=True, dtype="int64"),
    ]


class _NormBase(TorchLayer):
    """Per-channel (axis 1) weight and bias when affine; running statistics as buffers."""

    num_features = Arg(optional(positive_int), None)
    eps = Arg(number, 1e-5)
    momentum = Arg(optional(number), 0.1)
    affine = Arg(boolean, True)
    track_running_stats = Arg(boolean, True)
    input_ranks = (3,)

    def make_weights(self, shape):
        if not self.affine and not self.track_running_stats and self.num_features is not None:
            return []  # nothing per channel: torch never compares num_features with the input
        channels = self.channels(shape, "num_features")
        out = [Weight("weight", (channels,)), Weight("bias", (channels,))] if self.affine else []
        return out + (running_stats(channels) if self.track_running_stats else [])


class _BatchNorm(_NormBase):
    def check(self):
        if self.eps <= 0:  # batch statistics in training divide by sqrt(var + eps)
            raise self.error(f"batch_norm eps must be positive during training; received: eps={self.eps}", key="eps")


@register
class BatchNorm1d(_BatchNorm):
    input_ranks = (2, 3)


@register
class BatchNorm2d(_BatchNorm):
    input_ranks = (4,)


@register
class BatchNorm3d(_BatchNorm):
    input_ranks = (5,)


@register
class SyncBatchNorm(_BatchNorm):
    """BatchNorm over (N, C, +) inputs of any rank ≥ 2; it syncs statistics only across processes."""

    input_ranks = ()  # any rank from 2 on, checked below as torch's _check_input_dim
    ignored = ("process_group",)

    def make_weights(self, shape):
        if len(shape) < 2:
            raise self.shape_error(shape, "expected at least rank 2 (N, C, …)")
        return super().make_weights(shape)


class _InstanceNorm(_NormBase):
    """Like BatchNorm; in training torch also wants more than one spatial element per channel."""

    affine = Arg(boolean, False)
    track_running_stats = Arg(boolean, False)

    def make_weights(self, shape):
        spatial = shape[2:]
        if None not in spatial and math.prod(spatial) == 1:
            raise self.shape_error(shape, "instance norm needs more than one spatial element per channel")
        return super().make_weights(shape)


@register
class InstanceNorm1d(_InstanceNorm):
    input_ranks = (3,)


@register
class InstanceNorm2d(_InstanceNorm):
    input_ranks = (4,)


@register
class InstanceNorm3d(_InstanceNorm):
    input_ranks = (5,)


class _ShapeNorm(TorchLayer):
    """Normalizes over the trailing `normalized_shape` axes; its weights have that shape."""

    normalized_shape = Arg(optional(sizes), None)
    elementwise_affine = Arg(boolean, True)

    def trailing(self, shape):
        """normalized_shape, checked against (or taken from) the input's last axes."""
        if self.normalized_shape is None:
            return (self.agree("normalized_shape", None, shape[-1], "features (last axis)"),)
        wanted = self.normalized_shape
        actual = shape[-len(wanted):] if len(wanted) < len(shape) else None
        if actual is None or any(a is not None and a != w for a, w in zip(actual, wanted)):
            raise self.error(f"normalized_shape={list(wanted)} but the input's last axes are "
                             f"{list(shape[1:][-len(wanted):])}", key="normalized_shape")
        return wanted


@register
class LayerNorm(_ShapeNorm):
    eps = Arg(number, 1e-5)
    bias = Arg(boolean, True)

    def make_weights(self, shape):
        normalized = self.trailing(shape)
        if not self.elementwise_affine:
            return []
        return [Weight("weight", normalized)] + ([Weight("bias", normalized)] if self.bias else [])


@register
class RMSNorm(_ShapeNorm):
    eps = Arg(optional(number), None)

    def make_weights(self, shape):
        normalized = self.trailing(shape)
        return [Weight("weight", normalized)] if self.elementwise_affine else []


@register
class GroupNorm(TorchLayer):
    num_groups = Arg(positive_int)
    num_channels = Arg(optional(positive_int), None)
    eps = Arg(number, 1e-5)
    affine = Arg(boolean, True)

    def check(self):
        if self.num_channels is not None and self.num_channels % self.num_groups:
            raise self.error(f"num_channels must be divisible by num_groups; received: "
                             f"num_channels={self.num_channels}, num_groups={self.num_groups}", key="num_channels")

    def make_weights(self, shape):
        if len(shape) < 2:
            raise self.shape_error(shape, "expected at least rank 2 (N, C, …)")
        # Without affine weights torch never compares num_channels with the input.
        channels = self.channels(shape, "num_channels") if self.affine else shape[1]
        if channels is not None and channels % self.num_groups:
            raise self.error(f"the input has {channels} channels, not divisible by num_groups={self.num_groups}")
        return [Weight("weight", (channels,)), Weight("bias", (channels,))] if self.affine else []


@register
class LocalResponseNorm(TorchLayer):
    size = Arg(positive_int)
    alpha = Arg(number, 1e-4)
    beta = Arg(number, 0.75)
    k = Arg(number, 1.0)

    def compute_output_shape(self, shape):
        if len(shape) < 3:
            raise self.shape_error(shape, "expected rank 3 or more (N, C, …)")
        return shape
