"""What the Hugging Face modules share: the base class, weight helpers, tied and token-picking heads."""

from __future__ import annotations

from ..args import Arg, boolean, optional, string
from ..base import Weight, register
from ..torch.common import TorchLayer
from ..torch.linear import Linear
from ..torch.transformer import linear_weights, norm_weights

__all__ = ["HFModule", "HFLinear", "linear_weights", "norm_weights", "id_buffer", "untie"]


class HFModule(TorchLayer):
    """A transformers module; its arguments are the config.json fields it reads."""

    framework = "huggingface"  # a family of its own: PyTorch modules outside torch.nn's catalog

    def hidden(self, shape, arg="hidden_size"):
        """The input's last axis, which must be the model size `arg`."""
        return self.features(shape, arg)


def id_buffer(name, length):
    """A (1, length) int64 index buffer such as position_ids."""
    return Weight(name, (1, length), buffer=True, dtype="int64")


def untie(layer, weights, tied):
    """Drop the weights another module owns (tie_word_embeddings) and say so in the row's note."""
    if not tied:
        return weights
    layer.tied = dict(tied)
    return [w for w in weights if w.name not in tied]


@register
class HFLinear(Linear):
    """An nn.Linear of a transformers head: its weight may be the embedding's, it may read the first token."""

    framework = "huggingface"
    type = "Linear"
    tied_to = Arg(optional(string), None)
    first_token = Arg(boolean, False)  # the head reads hidden_state[:, 0] (classifiers)
    channels_first = Arg(boolean, False)  # on (N, channels, T), transposed first (after wav2vec2's adapter)

    def make_weights(self, shape):
        weights = super().make_weights(self.token(shape))
        return untie(self, weights, {"weight": self.tied_to} if self.tied_to else {})

    def compute_output_shape(self, shape):
        return super().compute_output_shape(self.token(shape))

    def make_macs(self, shape, output):
        return super().make_macs(self.token(shape), output)

    def token(self, shape):
        if self.channels_first:
            self.rank(shape, 3)
            return (shape[0], shape[2], shape[1])
        if not self.first_token:
            return shape
        self.rank(shape, 3)
        return shape[:1] + shape[2:]
