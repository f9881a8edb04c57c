"""torch.nn recurrent layers: RNN, LSTM, GRU and their cells.

Per layer and direction torch keeps weight_ih (gates × hidden, input), weight_hh
(gates × hidden, hidden) and two bias vectors, bias_ih and bias_hh — Keras has one.
"""

from __future__ import annotations

from ..args import Arg, boolean, choice, nonneg_int, optional, positive_int, probability, repeats
from ..base import Weight, dim, product, register
from .common import TorchLayer


class _RNNBase(TorchLayer):
    """Stacked, optionally bidirectional; the row's output is the sequence output (…, D × hidden)."""

    input_ranks = (2, 3)

    gates = 1
    input_size = Arg(optional(positive_int), None)
    hidden_size = Arg(positive_int)
    num_layers = Arg(repeats, 1)
    bias = Arg(boolean, True)
    batch_first = Arg(boolean, False)
    dropout = Arg(probability, 0.0)  # RNNBase: a number in [0, 1], not a bool
    bidirectional = Arg(boolean, False)
    proj_size = 0

    @property
    def output_size(self):
        return self.proj_size or self.hidden_size

    @property
    def directions(self):
        return 2 if self.bidirectional else 1

    def make_weights(self, shape):
        size = self.agree("input_size", self.input_size, shape[-1], "features (last axis)")
        gate = dim(self.gates, self.hidden_size)
        out = []
        for layer in range(self.num_layers):
            layer_input = size if layer == 0 else dim(self.directions, self.output_size)
            for suffix in ("", "_reverse")[:self.directions]:
                out += [Weight(f"weight_ih_l{layer}{suffix}", (gate, layer_input)),
                        Weight(f"weight_hh_l{layer}{suffix}", (gate, self.output_size))]
                if self.bias:
                    out += [Weight(f"bias_ih_l{layer}{suffix}", (gate,)),
                            Weight(f"bias_hh_l{layer}{suffix}", (gate,))]
                if self.proj_size:
                    out.append(Weight(f"weight_hr_l{layer}{suffix}", (self.proj_size, self.hidden_size)))
        return out

    def compute_output_shape(self, shape):
        return shape[:-1] + (self.directions * self.output_size,)

    def make_macs(self, shape, output):
        """Every time step of every sample, per layer and direction: the gates from the layer's input
        and the previous state (gates × hidden × (input + state)), then the projection (proj × hidden)."""
        size = self.agree("input_size", self.input_size, shape[-1], "features (last axis)")
        per_step = 0
        for layer in range(self.num_layers):
            layer_input = size if layer == 0 else self.directions * self.output_size
            per_step += self.directions * (self.gates * self.hidden_size * (layer_input + self.output_size)
                                           + self.proj_size * self.hidden_size)
        return product(*shape[:-1], per_step)


@register
class RNN(_RNNBase):
    nonlinearity = Arg(choice("tanh", "relu", lower=False), "tanh")


@register
class LSTM(_RNNBase):
    gates = 4
    proj_size = Arg(nonneg_int, 0)

    def check(self):
        super().check()
        if self.proj_size >= self.hidden_size:
            raise self.error(f"proj_size has to be smaller than hidden_size; received: "
                             f"proj_size={self.proj_size}, hidden_size={self.hidden_size}", key="proj_size")


@register
class GRU(_RNNBase):
    gates = 3


class _CellBase(TorchLayer):
    """One time step on (N, input_size); the output is the new hidden state (N, hidden_size)."""

    input_ranks = (2,)

    gates = 1
    input_size = Arg(optional(positive_int), None)
    hidden_size = Arg(nonneg_int)  # unlike the RNN modules, a cell takes 0
    bias = Arg(boolean, True)

    def make_weights(self, shape):
        size = self.agree("input_size", self.input_size, shape[-1], "features (last axis)")
        gate = dim(self.gates, self.hidden_size)
        out = [Weight("weight_ih", (gate, size)), Weight("weight_hh", (gate, self.hidden_size))]
        if self.bias:
            out += [Weight("bias_ih", (gate,)), Weight("bias_hh", (gate,))]
        return out

    def compute_output_shape(self, shape):
        return shape[:-1] + (self.hidden_size,)

    def make_macs(self, shape, output):
        """One time step: gates × hidden × (input + hidden) per sample."""
        size = self.agree("input_size", self.input_size, shape[-1], "features (last axis)")
        return product(*shape[:-1], self.gates * self.hidden_size * (size + self.hidden_size))


@register
class RNNCell(_CellBase):
    nonlinearity = Arg(choice("tanh", "relu", lower=False), "tanh")


@register
class LSTMCell(_CellBase):
    gates = 4


@register
class GRUCell(_CellBase):
    gates = 3
