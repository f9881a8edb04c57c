"""GPT-2 modules (transformers' modeling_gpt2): Conv1D weights are (in, out), the transpose of nn.Linear's."""

from __future__ import annotations

from ..args import Arg, boolean, nonneg_int, optional, positive_int, string
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


@register
class GPT2SequenceSummary(HFModule):
    """GPT2DoubleHeadsModel's multiple-choice head: one token's hidden state, projected (summary_use_proj)
    to num_labels scores (summary_proj_to_labels) or to n_embd: (N, seq, n_embd) → (N, classes)."""

    input_ranks = (3,)

    n_embd = Arg(positive_int)
    num_labels = Arg(nonneg_int)
    summary_type = Arg(string, "cls_index")
    summary_use_proj = Arg(boolean, True)
    summary_proj_to_labels = Arg(boolean, True)
    ignored = ("summary_activation", "summary_first_dropout", "summary_last_dropout")

    def check(self):
        if self.summary_type == "attn":  # transformers raises NotImplementedError for it
            raise self.error("summary_type='attn' is not implemented in transformers", key="summary_type")

    def classes(self, shape):
        size = self.hidden(shape, "n_embd")
        return self.num_labels if self.summary_proj_to_labels and self.num_labels > 0 else size

    def make_weights(self, shape):
        if not self.summary_use_proj:
            return []
        size = self.hidden(shape, "n_embd")
        return [Weight("summary.weight", (self.classes(shape), size)), Weight("summary.bias", (self.classes(shape),))]

    def compute_output_shape(self, shape):
        return shape[:1] + ((self.classes(shape) if self.summary_use_proj else shape[-1]),)
