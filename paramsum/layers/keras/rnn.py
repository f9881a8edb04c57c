"""Keras recurrent layers and the wrappers around layers (keras/src/layers/rnn, core/wrapper.py).

An RNN layer runs a cell over axis 1 of a (batch, time, features) input. The cell
owns the weights; Keras names them after the cell ("lstm/lstm_cell/kernel"), so
weight names here are the path below the layer: "lstm_cell/kernel".
"""

from __future__ import annotations

import functools

from ...errors import ParamsumError
from ..args import (
    Arg,
    anything,
    boolean,
    choice,
    keras_activation,
    keras_seed,
    layer,
    layer_or_layers,
    layers,
    number,
    optional,
    positive_int,
)
from ..base import Weight, dim, product, register, to_snake_case
from .convolutional import Window
from .core import KerasLayer

CELL_EXTRAS = (
    "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
    "kernel_constraint", "recurrent_constraint", "bias_constraint",
)


def reported(method):
    """Errors of a nested layer name the layer that holds it, e.g. the Bidirectional."""

    @functools.wraps(method)
    def run(self, *args):
        try:
            return method(self, *args)
        except ParamsumError as error:
            if error.layer and error.layer != self.name:
                error.message = f"wrapped layer '{error.layer}': {error.message}"
                error.layer = self.name
            raise

    return run


# -- cells: the weights of one step ------------------------------------------------------


class _Cell(KerasLayer):
    """One recurrent step: kernel (features → gates), recurrent_kernel (units → gates), bias."""

    gates = 1
    units = Arg(positive_int)
    activation = Arg(keras_activation, "tanh")
    use_bias = Arg(boolean, True)
    dropout = Arg(number, 0.0)  # Keras clips the dropouts to [0, 1] rather than refuse them
    recurrent_dropout = Arg(number, 0.0)
    seed = Arg(keras_seed, None)
    ignored = CELL_EXTRAS

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    def gate_width(self):
        return dim(self.gates, self.units)

    def cell_weights(self, input_dim):
        weights = [
            Weight("kernel", (input_dim, self.gate_width())),
            Weight("recurrent_kernel", (self.units, self.gate_width())),
        ]
        if self.use_bias:
            weights.append(Weight("bias", self.bias_shape()))
        return weights

    def bias_shape(self):
        return (self.gate_width(),)

    def step_macs(self, input_dim):
        """MACs of one step of one sample: x · kernel and h · recurrent_kernel (GRU's reset_after=false
        splits the second in two, the same count)."""
        return product(input_dim + self.units, self.gates, self.units) if input_dim is not None else None

    def compute_output_shape(self, shape):
        raise self.error(f"{type(self).__name__} is one step of a recurrent layer: "
                         f"use it as the cell of an RNN layer, e.g. {{type: RNN, cell: {{type: "
                         f"{type(self).__name__}, units: {self.units}}}}}")

    def make_weights(self, shape):
        self.compute_output_shape(shape)


@register
class SimpleRNNCell(_Cell):
    """One gate: units × (features + units + 1) with a bias."""


@register
class LSTMCell(_Cell):
    """Four gates (input, forget, cell, output) side by side: 4 × units columns."""

    gates = 4
    recurrent_activation = Arg(keras_activation, "sigmoid")
    unit_forget_bias = Arg(boolean, True)
    # Keras 2 files carry it; Keras stores it unchecked (anything but 1 runs as 2); no effect on weights
    implementation = Arg(anything, 2)

    @property
    def state_size(self):
        return [self.units, self.units]


@register
class GRUCell(_Cell):
    """Three gates (update, reset, candidate); reset_after keeps two biases: (2, 3 × units)."""

    gates = 3
    recurrent_activation = Arg(keras_activation, "sigmoid")
    reset_after = Arg(boolean, True)
    implementation = Arg(anything, 2)  # stored unchecked, as in LSTMCell

    def bias_shape(self):
        return (2, self.gate_width()) if self.reset_after else (self.gate_width(),)


@register
class StackedRNNCells(KerasLayer):
    """Cells run one after the other at each step; each takes the previous one's output."""

    cells = Arg(layers)

    @reported
    def check(self):
        self.stack = [_nested_cell(self, cell, "cells", i) for i, cell in enumerate(self.cells)]

    @property
    def state_size(self):
        return [cell.state_size for cell in self.stack]

    @property
    def output_size(self):
        return self.stack[-1].output_size

    def cell_weights(self, input_dim):
        weights = []
        for cell in self.stack:
            weights += [_below(cell, w) for w in cell.cell_weights(input_dim)]
            input_dim = cell.output_size
        return weights

    def step_macs(self, input_dim):
        macs = 0
        for cell in self.stack:
            cost = cell.step_macs(input_dim)
            if cost is None:
                return None
            macs, input_dim = macs + cost, cell.output_size
        return macs

    compute_output_shape = _Cell.compute_output_shape
    make_weights = _Cell.make_weights
    units = property(lambda self: self.output_size)


def _nested_cell(layer, spec, key, index=0):
    default = to_snake_case(spec.type)
    cell = layer.context.nested(spec, f"{default}_{index}" if index else default)
    if not isinstance(cell, (_Cell, StackedRNNCells)):
        raise layer.error(f"{key} must be a recurrent cell (SimpleRNNCell, LSTMCell, GRUCell); "
                          f"received: {type(cell).__name__}", key=key)
    return cell


# -- recurrent layers ------------------------------------------------------------------------


class _Recurrent(KerasLayer):
    """A cell run over the time axis; outputs the last step or every step, and the states."""

    return_sequences = Arg(boolean, False)
    return_state = Arg(boolean, False)
    go_backwards = Arg(boolean, False)
    stateful = Arg(boolean, False)
    unroll = Arg(boolean, False)
    zero_output_for_mask = Arg(boolean, False)
    # Keras 2 files always write time_major (false); Keras 3 has no time-major RNNs.
    time_major = Arg(boolean, False)

    def check(self):
        super().check()
        if self.time_major:
            raise self.error("time_major=true is not supported by Keras 3: "
                             "recurrent inputs are (batch, time, features)", key="time_major")

    def step(self):
        """(the cell, its name): the object that knows the weights of one step."""
        raise NotImplementedError

    def check_input(self, shape):
        if len(shape) != 3:
            raise self.shape_error(shape, "a recurrent layer takes a rank-3 input (batch, time, features); "
                                          "add a Reshape or an Embedding before it")
        if self.stateful and shape[0] is None:
            raise self.shape_error(shape, "stateful=true needs a fixed batch size and the batch size here is unknown")

    def make_weights(self, shape):
        self.check_input(shape)
        cell, name = self.step()
        features = self.known(shape, -1, "the features axis")
        return [w.renamed(name).frozen(not cell.trainable) for w in cell.cell_weights(features)]

    def compute_output_shape(self, shape):
        self.check_input(shape)
        cell, _ = self.step()
        batch, length = shape[0], shape[1]
        output = (batch, length, cell.output_size) if self.return_sequences else (batch, cell.output_size)
        if not self.return_state:
            return output
        return [output] + [_state_shapes(batch, size) for size in _as_list(cell.state_size)]

    def make_macs(self, shape, output):
        cell, _ = self.step()
        return product(shape[0], shape[1], cell.step_macs(shape[-1]))


def _as_list(size):
    return list(size) if isinstance(size, (list, tuple)) else [size]


def _state_shapes(batch, size):
    if isinstance(size, (list, tuple)):
        return [(batch, s) for s in size]
    return (batch, size)


def _below(layer, weight):
    """A wrapped layer's weight, named by its path below the wrapper and frozen with it."""
    return weight.renamed(layer.name).frozen(not layer.trainable)


# The recurrent layers take their cell's arguments themselves; the weights are the cell's.


@register
class SimpleRNN(_Recurrent, SimpleRNNCell):
    """A SimpleRNNCell run over time: features × units + units × units + units."""

    def step(self):
        return self, "simple_rnn_cell"


@register
class LSTM(_Recurrent, LSTMCell):
    """4 gates: features × (4 × units) + units × (4 × units) + 4 × units."""

    use_cudnn = Arg(choice("auto", True, False), "auto")

    def step(self):
        return self, "lstm_cell"


@register
class GRU(_Recurrent, GRUCell):
    """3 gates; with reset_after (the Keras 3 default) the bias is (2, 3 × units)."""

    use_cudnn = Arg(choice("auto", True, False), "auto")

    def step(self):
        return self, "gru_cell"


@register
class RNN(_Recurrent):
    """The generic recurrent layer around a cell (or a list of cells, stacked)."""

    cell = Arg(layer_or_layers)

    @reported
    def check(self):
        super().check()
        if isinstance(self.cell, (list, tuple)):
            self.stack = StackedRNNCells("stacked_rnn_cells", {"cells": self.cell}, self.context)
        else:
            self.stack = _nested_cell(self, self.cell, "cell")

    def step(self):
        return self.stack, self.stack.name


class _CuDNNRecurrent(_Recurrent):
    """Keras 2's cuDNN recurrent layers (tf.compat.v1.keras.layers): the cell's weights on the layer itself,
    and two bias vectors, cuDNN's input and recurrent biases, side by side: (2 × gates × units,)."""

    gates = 1
    units = Arg(positive_int)
    ignored = CELL_EXTRAS

    def step(self):
        return self, ""

    def step_macs(self, input_dim):
        return _Cell.step_macs(self, input_dim)

    @property
    def output_size(self):
        return self.units

    def make_weights(self, shape):
        self.check_input(shape)
        features = self.known(shape, -1, "the features axis")
        gates = dim(self.gates, self.units)
        return [Weight("kernel", (features, gates)), Weight("recurrent_kernel", (self.units, gates)),
                Weight("bias", (dim(2, self.gates, self.units),))]


@register
class CuDNNLSTM(_CuDNNRecurrent):
    """4 gates, two biases: features × (4 × units) + units × (4 × units) + 8 × units."""

    gates = 4
    unit_forget_bias = Arg(boolean, True)

    @property
    def state_size(self):
        return [self.units, self.units]


@register
class CuDNNGRU(_CuDNNRecurrent):
    """3 gates, two biases: features × (3 × units) + units × (3 × units) + 6 × units."""

    gates = 3

    @property
    def state_size(self):
        return self.units


class _ConvLSTM(_Recurrent, Window):
    """An LSTM whose gates are convolutions: kernel kernel_size + (in, 4 × filters).

    The recurrent convolution always uses padding 'same' and stride 1, so the state
    has the shape of one convolution of a step: (batch, *lengths, filters).
    """

    filters = Arg(positive_int)
    activation = Arg(keras_activation, "tanh")
    recurrent_activation = Arg(keras_activation, "sigmoid")
    unit_forget_bias = Arg(boolean, True)
    dropout = Arg(number, 0.0)  # clipped to [0, 1] by Keras, not refused
    recurrent_dropout = Arg(number, 0.0)
    seed = Arg(keras_seed, None)
    ignored = CELL_EXTRAS

    def check(self):
        super().check()
        self.refuse_strided_dilation()

    def check_input(self, shape):
        if len(shape) != self.spatial_rank + 3:
            raise self.shape_error(shape, f"{type(self).__name__} takes a rank-{self.spatial_rank + 3} input "
                                          f"(batch, time, {self.spatial_rank} spatial axes, channels)")
        super().check_input(shape[:3])

    def step_lengths(self, shape):
        """The step's shape (the time axis left out) and its output lengths, which must be known."""
        self.check_input(shape)
        step = (shape[0], *shape[2:])
        lengths = self.spatial_lengths(step)
        if None in lengths:
            raise self.shape_error(shape, "ConvLSTM layers need known sizes on the spatial axes")
        return step, lengths

    def make_weights(self, shape):
        step, _ = self.step_lengths(shape)
        channels = self.input_channels(step)
        gates = dim(4, self.filters)
        weights = [
            Weight("conv_lstm_cell/kernel", (*self.kernel_size, channels, gates)),
            Weight("conv_lstm_cell/recurrent_kernel", (*self.kernel_size, self.filters, gates)),
        ]
        if self.use_bias:
            weights.append(Weight("conv_lstm_cell/bias", (gates,)))
        return weights

    def make_macs(self, shape, output):
        # Every step: the input convolution and the recurrent one ('same', stride 1) into 4 × filters.
        step, lengths = self.step_lengths(shape)
        channels = self.input_channels(step)
        return product(shape[0], shape[1], *lengths, *self.kernel_size, channels + self.filters, 4, self.filters)

    def compute_output_shape(self, shape):
        step, lengths = self.step_lengths(shape)
        state = self.output_shape(step, lengths, self.filters)
        output = (shape[0], shape[1], *state[1:]) if self.return_sequences else state
        return [output, state, state] if self.return_state else output


@register
class ConvLSTM1D(_ConvLSTM):
    spatial_rank = 1


@register
class ConvLSTM2D(_ConvLSTM):
    spatial_rank = 2


@register
class ConvLSTM3D(_ConvLSTM):
    spatial_rank = 3


# -- wrappers ----------------------------------------------------------------------------------


class Wrapper(KerasLayer):
    """A layer around another layer, given as a nested mapping under `layer`."""

    layer = Arg(layer)

    @reported
    def check(self):
        super().check()
        self.inner = self.context.nested(self.layer)
        self.check_wrapped()

    def check_wrapped(self):
        """Checks of the wrapped layer(s), once built."""

    def inner_weights(self, layer, shape):
        return [_below(layer, w) for w in layer.make_weights(shape)]

    @reported
    def make_weights(self, shape):
        return self.wrapped_weights(shape)

    @reported
    def compute_output_shape(self, shape):
        return self.wrapped_output_shape(shape)

    def make_macs(self, shape, output):
        """The wrapped layer's, on the same input (SpectralNormalization at inference)."""
        return self.inner.make_macs(shape, self.inner.compute_output_shape(shape))


@register
class TimeDistributed(Wrapper):
    """The inner layer applied to every step of axis 1, with one set of weights."""

    def step_shape(self, shape):
        if len(shape) < 3:
            raise self.shape_error(shape, "it takes an input of rank 3 or more: (batch, time, ...)")
        return (shape[0], *shape[2:])

    def wrapped_weights(self, shape):
        return self.inner_weights(self.inner, self.step_shape(shape))

    def make_macs(self, shape, output):
        # Keras folds the time axis into the batch and calls the layer once.
        step = self.step_shape(shape)
        batch = product(shape[0], shape[1])
        step = (batch, *step[1:])
        return self.inner.make_macs(step, self.inner.compute_output_shape(step))

    def wrapped_output_shape(self, shape):
        step = self.inner.compute_output_shape(self.step_shape(shape))
        if isinstance(step, list):
            raise self.error(f"TimeDistributed needs a layer with one output; "
                             f"{type(self.inner).__name__} '{self.inner.name}' has {len(step)}")
        return (step[0], shape[1], *step[1:])


@register
class Bidirectional(Wrapper):
    """A forward and a backward copy of a recurrent layer, their outputs merged."""

    merge_mode = Arg(choice("concat", "sum", "ave", "mul", None, lower=False), "concat")
    backward_layer = Arg(optional(layer), None)
    # Initial values, which Keras splits in halves and sets at build time; paramsum reads no values.
    weights = Arg(anything, None)

    def check_wrapped(self):
        self.forward = self.recurrent(self.inner, "layer")
        self.forward.name = "forward_" + _removeprefix(self.forward.name, "forward_")
        if self.backward_layer is None:
            # Keras clones the layer with go_backwards=True.
            self.backward = self.recurrent(self.context.nested(self.layer), "layer")
            self.backward.go_backwards = True
            self.backward.name = "backward_" + _removeprefix(self.backward.name, "backward_")
        else:
            self.backward = self.recurrent(self.context.nested(self.backward_layer),
                                           "backward_layer")
        self.check_pair()

    def recurrent(self, layer, key):
        if not isinstance(layer, _Recurrent):
            raise self.error(f"Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN, RNN); "
                             f"received: {type(layer).__name__}", key=key)
        return layer

    def check_pair(self):
        if self.forward.go_backwards == self.backward.go_backwards:
            raise self.error("the forward and backward layers must differ in go_backwards; received "
                             f"go_backwards={self.forward.go_backwards} for both", key="backward_layer")
        for attribute in ("stateful", "return_sequences", "return_state"):
            forward, backward = getattr(self.forward, attribute), getattr(self.backward, attribute)
            if forward != backward:
                raise self.error(f"the forward and backward layers must have the same {attribute}; "
                                 f"received {forward} and {backward}", key="backward_layer")

    def wrapped_weights(self, shape):
        return self.inner_weights(self.forward, shape) + self.inner_weights(self.backward, shape)

    def make_macs(self, shape, output):
        forward = self.forward.make_macs(shape, self.forward.compute_output_shape(shape))
        backward = self.backward.make_macs(shape, self.backward.compute_output_shape(shape))
        return None if forward is None or backward is None else forward + backward

    def wrapped_output_shape(self, shape):
        output = self.forward.compute_output_shape(shape)
        states = []
        if self.forward.return_state:
            output, states = output[0], output[1:]
        if self.merge_mode == "concat":
            output = (*output[:-1], None if output[-1] is None else output[-1] * 2)
        outputs = [output, output] if self.merge_mode is None else [output]
        if not states and len(outputs) == 1:
            return output
        return outputs + states + states


def _removeprefix(text, prefix):
    return text[len(prefix):] if text.startswith(prefix) else text
