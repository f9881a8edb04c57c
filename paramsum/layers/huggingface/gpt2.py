"""GPT-2 modules (transformers' modeling_gpt2): Conv1D weights are (in, out), the transpose of nn.Linear's."""

from __future__ import annotations

from ..args import Arg, boolean, optional, positive_int
from ..base import Weight, dim, register
from .common import HFModule, heads_check, norm_weights


def conv1d(name, in_features, out_features):
    return [Weight(f"{name}.weight", (in_features, out_features)), Weight(f"{name}.bias", (out_features,))]


@register
class GPT2Block(HFModule):
    """ln_1, attention (c_attn packs q, k, v), ln_2, MLP of n_inner (default 4 × n_embd)."""

    n_embd = Arg(positive_int)
    n_head = Arg(positive_int)
    n_inner = Arg(optional(positive_int), None)
    add_cross_attention = Arg(boolean, False)

    def check(self):
        heads_check(self, "n_embd", "n_head")

    def make_weights(self, shape):
        """add_cross_attention adds crossattention (q_attn: queries; c_attn: keys and values) and its LayerNorm."""
        size = self.hidden(shape, "n_embd")
        inner = self.n_inner or dim(4, size)
        cross = []
        if self.add_cross_attention:
            cross = (conv1d("crossattention.c_attn", size, dim(2, size)) + conv1d("crossattention.q_attn", size, size)
                     + conv1d("crossattention.c_proj", size, size) + norm_weights("ln_cross_attn", size))
        return (norm_weights("ln_1", size) + conv1d("attn.c_attn", size, dim(3, size))
                + conv1d("attn.c_proj", size, size) + norm_weights("ln_2", size) + cross
                + conv1d("mlp.c_fc", size, inner) + conv1d("mlp.c_proj", inner, size))
