"""Keras reshaping layers (keras/src/layers/reshaping)."""

from __future__ import annotations

import math

from ..args import Arg, choice
from .core import KerasLayer, register


@register
class Flatten(KerasLayer):
    data_format = Arg(choice("channels_last", "channels_first"), "channels_last")

    def compute_output_shape(self, shape):
        rest = shape[1:]
        size = None if None in rest else math.prod(rest)
        return (shape[0], size)
