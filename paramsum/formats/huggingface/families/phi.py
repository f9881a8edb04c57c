"""phi (configuration_phi.py, modeling_phi.py): a parallel block (one LayerNorm feeds attention and MLP), q/k/v and
dense with biases, optional q/k LayerNorms, partial rotary (0.5 of a head by default), lm_head with a bias."""

from .... import limits
from ....errors import ParamsumError
from ..config import ConfigClass, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, causal_lm, mlp, norm


def rotary_factor(c, default, key="partial_rotary_factor"):
    """partial_rotary_factor: in rope_scaling (or rope_parameters) first, then the top-level `key`, then `default`."""
    params = c.get("rope_scaling") or c.get("rope_parameters") or {}
    value = params.get("partial_rotary_factor") if isinstance(params, dict) else None
    value = c.get(key) if value is None else value
    value = default if value is None else value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= limits.SIZE.value:
        raise ParamsumError(f"partial_rotary_factor: expected a positive number (at most {limits.SIZE.describe()}); "
                            f"received: {limits.shown(value)}")
    return value


def partial_rotary(default, key="partial_rotary_factor"):
    """The rotated width of a head: int(head_dim × partial_rotary_factor), as the rotary table computes it."""
    return lambda c: max(1, int(c.size("head_dim") * rotary_factor(c, default, key)))  # (a width under 1: none)


def pad_within_vocab(values):
    """nn.Embedding refuses a padding index outside the table."""
    pad, vocab = values.get("pad_token_id"), values.get("vocab_size")
    if isinstance(pad, int) and isinstance(vocab, int) and not -vocab <= pad < vocab:
        raise ParamsumError(f"pad_token_id must be within vocab_size (Padding_idx must be within num_embeddings); "
                            f"received: pad_token_id={pad}, vocab_size={vocab}")


CONFIG = ConfigClass(
    {"vocab_size": 51200, "hidden_size": 2048, "intermediate_size": 8192, "num_hidden_layers": 24,
     "num_attention_heads": 32, "num_key_value_heads": None, "head_dim": None, "qk_layernorm": False,
     "tie_word_embeddings": False, "pad_token_id": None},
    derive=steps(head_dim, pad_within_vocab))


def block(c, index):
    qk = {"qk_norm": "head", "qk_norm_names": ["q_layernorm", "k_layernorm"], "qk_norm_bias": True}
    return [attention(c, names=["q_proj", "k_proj", "v_proj", "dense"], bias=True,
                      **(qk if c.flag("qk_layernorm") else {})),
            mlp(c, bias=True), norm(c, "input_layernorm", bias=True)]


BODY = Decoder(block, norm=lambda c: {"bias": True}, rotary_dim=partial_rotary(0.5), final_norm="final_layernorm",
               classes={"norm": "LayerNorm"})
HEADS = {"ForCausalLM": causal_lm(bias=True), "ForSequenceClassification": DECODER_HEADS["ForSequenceClassification"],
         "ForTokenClassification": DECODER_HEADS["ForTokenClassification"]}

FAMILY = Family("phi", "Phi", CONFIG, BODY, HEADS)
