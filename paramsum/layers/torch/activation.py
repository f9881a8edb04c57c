"""torch.nn activations (torch/nn/modules/activation.py): no parameters but PReLU's weight."""

from __future__ import annotations

from ..args import Arg, boolean, choice, integer, number, optional, positive_int
from ..base import Weight, register
from .common import Elementwise, TorchLayer, normalize_dim


def _simple(name, doc, **args):
    """An elementwise activation whose arguments change no shape."""
    cls = type(name, (Elementwise,), {"__doc__": doc, "__module__": __name__, **args})
    return register(cls)


def inplace():
    return Arg(boolean, False)


ReLU = _simple("ReLU", "max(0, x).", inplace=inplace())
ReLU6 = _simple("ReLU6", "min(max(0, x), 6).", inplace=inplace())


@register
class RReLU(Elementwise):
    """Randomized leaky ReLU: slopes drawn from [lower, upper]."""

    lower = Arg(number, 1 / 8)
    upper = Arg(number, 1 / 3)
    inplace = inplace()

    def check(self):
        if self.lower > self.upper:
            raise self.error(f"lower must be at most upper; received: lower={self.lower}, upper={self.upper}",
                             key="lower")


@register
class Hardtanh(Elementwise):
    """clamp(x, min_val, max_val); min_value and max_value are torch's deprecated spellings."""

    min_val = Arg(number, -1.0)
    max_val = Arg(number, 1.0)
    inplace = inplace()
    min_value = Arg(optional(number), None)
    max_value = Arg(optional(number), None)

    def check(self):
        low = self.min_val if self.min_value is None else self.min_value
        high = self.max_val if self.max_value is None else self.max_value
        if high <= low:
            raise self.error(f"max_val must be greater than min_val; received: min_val={low}, max_val={high}",
                             key="max_val" if self.max_value is None else "max_value")


Threshold = _simple("Threshold", "x if x > threshold else value.", threshold=Arg(number), value=Arg(number),
                    inplace=inplace())
Sigmoid = _simple("Sigmoid", "1 / (1 + exp(-x)).")
Hardsigmoid = _simple("Hardsigmoid", "Piecewise-linear sigmoid.", inplace=inplace())
Tanh = _simple("Tanh", "tanh(x).")
SiLU = _simple("SiLU", "x · sigmoid(x).", inplace=inplace())
Mish = _simple("Mish", "x · tanh(softplus(x)).", inplace=inplace())
Hardswish = _simple("Hardswish", "x · hardsigmoid(x).", inplace=inplace())
ELU = _simple("ELU", "Exponential linear unit.", alpha=Arg(number, 1.0), inplace=inplace())


@register
class CELU(Elementwise):
    """Continuously differentiable ELU."""

    alpha = Arg(number, 1.0)
    inplace = inplace()

    def check(self):
        if self.alpha == 0:
            raise self.error("alpha cannot be 0 for CELU", key="alpha")



SELU = _simple("SELU", "Scaled ELU.", inplace=inplace())
GELU = _simple("GELU", "Gaussian error linear unit.", approximate=Arg(choice("none", "tanh", lower=False), "none"))
Hardshrink = _simple("Hardshrink", "x where |x| > lambd, else 0.", lambd=Arg(number, 0.5))


@register
class Softshrink(Elementwise):
    """Soft shrinkage."""

    lambd = Arg(number, 0.5)

    def check(self):
        if self.lambd < 0:
            raise self.error(f"lambda must be greater or equal to 0; received: lambd={self.lambd}", key="lambd")



LeakyReLU = _simple("LeakyReLU", "max(0, x) + negative_slope · min(0, x).", negative_slope=Arg(number, 0.01),
                    inplace=inplace())
LogSigmoid = _simple("LogSigmoid", "log(sigmoid(x)).")
Softplus = _simple("Softplus", "log(1 + exp(beta · x)) / beta.", beta=Arg(number, 1.0), threshold=Arg(number, 20.0))
Softsign = _simple("Softsign", "x / (1 + |x|).")
Tanhshrink = _simple("Tanhshrink", "x − tanh(x).")


class _SoftmaxBase(TorchLayer):
    """Normalizes along `dim` (None: torch's legacy choice, axis 0 for rank 0, 1, 3 inputs, else 1)."""

    dim = Arg(optional(integer), None)

    def compute_output_shape(self, shape):
        if self.dim is not None:
            normalize_dim(self, self.dim, len(shape))
        return shape


Softmax = register(type("Softmax", (_SoftmaxBase,), {"__module__": __name__, "__doc__": _SoftmaxBase.__doc__}))
Softmin = register(type("Softmin", (_SoftmaxBase,), {"__module__": __name__, "__doc__": _SoftmaxBase.__doc__}))
LogSoftmax = register(type("LogSoftmax", (_SoftmaxBase,), {"__module__": __name__,
                                                          "__doc__": _SoftmaxBase.__doc__}))


@register
class Softmax2d(TorchLayer):
    """Softmax over the channels of an (N, C, H, W) input."""

    input_ranks = (3, 4)

    def compute_output_shape(self, shape):
        return shape


@register
class GLU(TorchLayer):
    """a · sigmoid(b) where a, b are the two halves of axis `dim`: that axis is halved."""

    dim = Arg(integer, -1)

    def compute_output_shape(self, shape):
        axis = normalize_dim(self, self.dim, len(shape))
        size = shape[axis]
        if size is not None and size % 2:
            raise self.shape_error(shape, f"the halved axis {axis} must have an even size, not {size}")
        return shape[:axis] + (None if size is None else size // 2,) + shape[axis + 1:]


@register
class PReLU(TorchLayer):
    """Leaky ReLU with a learnt slope: one shared, or one per channel (axis 1)."""

    num_parameters = Arg(positive_int, 1)
    init = Arg(number, 0.25)

    def make_weights(self, shape):
        if self.num_parameters > 1:
            channels = shape[1] if len(shape) >= 2 else 1  # torch: no channel axis means one channel
            if channels is not None and channels != self.num_parameters:
                raise self.error(f"num_parameters={self.num_parameters} but the input has {channels} channels "
                                 f"(axis 1); use 1 or the channel count", key="num_parameters")
        return [Weight("weight", (self.num_parameters,))]
