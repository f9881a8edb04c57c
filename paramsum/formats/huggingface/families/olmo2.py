"""olmo2 (configuration_olmo2.py, modeling_olmo2.py): post-norms only, q/k RMSNorms over all heads."""

from ..family import Decoder, Family, attention, gated_mlp, norm
from .olmo import CONFIG, HEADS  # OLMo's config class: the same fields and defaults


def block(c, index):
    return [attention(c, bias=c.flag("attention_bias"), qk_norm="full"), gated_mlp(c),
            norm(c, "post_attention_layernorm"), norm(c, "post_feedforward_layernorm")]


BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"))

FAMILY = Family("olmo2", "Olmo2", CONFIG, BODY, HEADS)
