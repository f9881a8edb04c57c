"""gptj (configuration_gptj.py, modeling_gptj.py): one LayerNorm feeding attention (q, k, v, out_proj without
biases) and a biased MLP in parallel; rotary on rotary_dim from a sine/cosine table; lm_head with a bias."""

from ..config import ConfigClass, divisible, steps
from ..family import DECODER_HEADS, Decoder, Family, causal_lm, norm, part


def n_embd(values):
    values["hidden_size"] = values.get("n_embd")  # the size the shared rows read
    if values.get("n_inner") is None and isinstance(values.get("n_embd"), int):
        values["n_inner"] = 4 * values["n_embd"]


CONFIG = ConfigClass(
    {"vocab_size": 50400, "n_positions": 2048, "n_embd": 4096, "n_layer": 28, "n_head": 16, "rotary_dim": 64,
     "n_inner": None, "tie_word_embeddings": False},
    aliases={"max_position_embeddings": "n_positions", "hidden_size": "n_embd", "num_attention_heads": "n_head",
             "num_hidden_layers": "n_layer"},
    derive=steps(n_embd, divisible("n_embd", "n_head")))


def block(c, index):
    size = c.size("n_embd")
    return [norm(c, "ln_1", bias=True),
            part("Attention", "attn", hidden_size=size, num_attention_heads=c.size("n_head"),
                 names=["q_proj", "k_proj", "v_proj", "out_proj"]),
            part("MLP", "mlp", hidden_size=size, intermediate_size=c.size("n_inner"), bias=True,
                 names=["fc_in", "fc_out"])]


BODY = Decoder(block, norm=lambda c: {"bias": True}, rotary_dim=lambda c: c.size("rotary_dim"),
               base="transformer", embed="wte", layers="h", final_norm="ln_f", depth="n_layer",
               classes={"block": "GPTJBlock", "norm": "LayerNorm"},
               rotary=lambda c: {"positions": c.count("n_positions")})
HEADS = {"ForCausalLM": causal_lm(bias=True), "ForSequenceClassification": DECODER_HEADS["ForSequenceClassification"],
         "ForQuestionAnswering": DECODER_HEADS["ForQuestionAnswering"]}

FAMILY = Family("gptj", "GPTJ", CONFIG, BODY, HEADS)
