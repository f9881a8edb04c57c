"""gpt2 (configuration_gpt2.py, modeling_gpt2.py): wte + wpe, blocks of Conv1D (in, out) weights, ln_f.

The config names its sizes n_embd, n_head, n_layer, n_positions (attribute_map: hidden_size …).
"""

from ....errors import ParamsumError
from ..config import ConfigClass, divisible, mirror, steps
from ..family import DECODER_HEADS, Decoder, Family, Head, attention, causal_lm, classifier, norm, part

ALIASES = {"hidden_size": "n_embd", "max_position_embeddings": "n_positions", "num_attention_heads": "n_head",
           "num_hidden_layers": "n_layer"}


CONFIG = ConfigClass(
    {"vocab_size": 50257, "n_positions": 1024, "n_embd": 768, "n_layer": 12, "n_head": 12, "n_inner": None,
     "add_cross_attention": False, "summary_type": "cls_index", "summary_use_proj": True,
     "summary_proj_to_labels": True, "tie_word_embeddings": True},
    ALIASES, derive=steps(divisible("n_embd", "n_head"), mirror(ALIASES)))
QKV = ["q_attn", "k", "v", "c_proj"]  # fused: c_attn holds q, k, v (cross-attention: k, v; q_attn the queries)


def block(c, index, conv1d=True):
    """ln_1, attn, ln_2, crossattention + ln_cross_attn (add_cross_attention), mlp (n_inner, else 4 × n_embd)."""
    fused = {"names": QKV, "bias": True, "conv1d": conv1d}
    cross = [attention(c, "crossattention", fused_kv="c_attn", **fused), norm(c, "ln_cross_attn", bias=True)]
    size = c.size("hidden_size")
    return [norm(c, "ln_1", bias=True), attention(c, "attn", fused="c_attn", **fused), norm(c, "ln_2", bias=True),
            *(cross if c.flag("add_cross_attention") else []),
            part("MLP", "mlp", hidden_size=size, intermediate_size=c.optional("n_inner") or 4 * size,
                 names=["c_fc", "c_proj"], bias=True, conv1d=conv1d)]


def positions(rows, c, prefix, ids, x):
    rows.add(f"{prefix}wpe", "Embedding", ids, num_embeddings=c.count("n_positions"), embedding_dim=c.size("n_embd"))
    return x


def double_heads(rows, c, x, size, embed):
    """lm_head, and the multiple-choice summary of one token (GPT2DoubleHeadsModel sets num_labels to 1)."""
    causal_lm()(rows, c, x, size, embed)
    if c.get("summary_type") == "attn":
        raise ParamsumError("summary_type='attn' is not implemented in transformers")
    classes = 1 if c.flag("summary_proj_to_labels") else size
    rows.part("multiple_choice_head", "PooledHead", x, module="GPT2SequenceSummary", hidden_size=size,
              linears=[["summary", classes]] if c.flag("summary_use_proj") else [])


HEADS = {"LMHeadModel": causal_lm(), "DoubleHeadsModel": Head(double_heads),
         **{k: v for k, v in DECODER_HEADS.items() if k != "ForCausalLM"},
         "ForTokenClassification": classifier("classifier", bias=True)}
BODY = Decoder(block, norm=lambda c: {"bias": True}, base="transformer", embed="wte", layers="h", final_norm="ln_f",
               classes={"block": "GPT2Block", "norm": "LayerNorm"}, embeddings=positions)

FAMILY = Family("gpt2", "GPT2", CONFIG, BODY, HEADS)
