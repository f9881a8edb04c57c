"""opt (configuration_opt.py, modeling_opt.py): OPTDecoder under `decoder`: embed_tokens of word_embed_proj_dim,
learned positions with an offset of 2, project_in/out when word_embed_proj_dim is not hidden_size, blocks, a
final LayerNorm unless do_layer_norm_before is false (or _remove_final_layer_norm); heads on word_embed_proj_dim."""

from ..config import ConfigClass, divisible, steps
from ..family import Family, attention, causal_lm, classifier, norm, part

OFFSET = 2  # OPTLearnedPositionalEmbedding keeps two more positions


def projected(values):
    if values.get("word_embed_proj_dim") is None:
        values["word_embed_proj_dim"] = values.get("hidden_size")


CONFIG = ConfigClass(
    {"vocab_size": 50272, "hidden_size": 768, "num_hidden_layers": 12, "ffn_dim": 3072,
     "max_position_embeddings": 2048, "do_layer_norm_before": True, "_remove_final_layer_norm": False,
     "word_embed_proj_dim": None, "num_attention_heads": 12, "enable_bias": True,
     "layer_norm_elementwise_affine": True, "tie_word_embeddings": True},
    derive=steps(divisible("hidden_size", "num_attention_heads"), projected))


def affine(c):
    """LayerNorm's weight and bias, or neither (layer_norm_elementwise_affine false)."""
    return {"weight": c.flag("layer_norm_elementwise_affine"), "bias": c.flag("layer_norm_elementwise_affine")}


def block(c):
    bias = c.flag("enable_bias")
    return [attention(c, names=["q_proj", "k_proj", "v_proj", "out_proj"], bias=bias),
            norm(c, "self_attn_layer_norm", **affine(c)),
            part("MLP", "", hidden_size=c.size("hidden_size"), intermediate_size=c.size("ffn_dim"), bias=bias),
            norm(c, "final_layer_norm", **affine(c))]


def body(family, rows, c, arch):
    head = family.heads.get(arch[len(family.prefix):])
    prefix = "decoder." if head is None else "model.decoder."
    size, width = c.size("hidden_size"), c.size("word_embed_proj_dim")
    ids = rows.input("input_ids", [None])
    x = rows.add(f"{prefix}embed_tokens", "Embedding", ids, num_embeddings=c.count("vocab_size"), embedding_dim=width)
    rows.part(f"{prefix}embed_positions", "EmbeddingSum", ids, module="OPTLearnedPositionalEmbedding",
              hidden_size=size, tables=[["", c.count("max_position_embeddings") + OFFSET]])
    if width != size:
        x = rows.linear(f"{prefix}project_in", x, width, size, bias=False)
    for index in range(c.depth("num_hidden_layers")):
        x = rows.part(f"{prefix}layers.{index}", "Block", x, module="OPTDecoderLayer", hidden_size=size,
                      parts=block(c))
    if c.flag("do_layer_norm_before") and not c.flag("_remove_final_layer_norm"):
        x = rows.part(f"{prefix}final_layer_norm", "Norm", x, module="LayerNorm", hidden_size=size, **affine(c))
    if width != size:
        x = rows.linear(f"{prefix}project_out", x, size, width, bias=False)
    if head is not None:  # on word_embed_proj_dim
        head(rows, c, x, width, "model.decoder.embed_tokens")


HEADS = {"ForCausalLM": causal_lm(), "ForSequenceClassification": classifier("score", bias=False),
         "ForQuestionAnswering": classifier("qa_outputs", bias=True, labels=2)}

FAMILY = Family("opt", "OPT", CONFIG, body, HEADS, decoder=True)
