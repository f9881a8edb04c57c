"""What a decoder's KV cache holds per token, as transformers' cache classes store it, read off the built rows.

- Attention: keys and values of `num_key_value_heads` (default: all heads) × `head_dim` (default:
  hidden_size / heads) per token: grouped-query and multi-query heads cache only their k/v heads.
- LatentAttention (DeepSeek-V2/V3): transformers caches the decompressed keys (heads × (qk_nope + qk_rope))
  and values (heads × v_head_dim), not the compressed latent.
- A sliding-window layer (`layer_types[i] == "sliding_attention"`, or every layer when the config has
  `sliding_window` and no `layer_types`) keeps the last sliding_window − 1 tokens (DynamicSlidingWindowLayer);
  `sliding_window` and `layer_types` as each config class fills them in (WINDOWS below).
- Falcon's new decoder architecture broadcasts its k/v heads to all heads before caching them.
- Cross-attention (encoder_attn, EncDecAttention) caches the encoder's keys and values: as many tokens as
  the encoder reads (Whisper: max_source_positions frames); a decoder run without an encoder (BartForCausalLM,
  GPT-2 with add_cross_attention) caches none.
- The encoder stack of an encoder-decoder caches nothing; a BERT-like model made a decoder (is_decoder)
  caches its self-attention.
"""

from __future__ import annotations

from ...errors import ParamsumError
from ...graph import CacheLayer, DecoderShape
from ...layers.args import nonneg_int, optional, positive_int
from ...limits import shown
from .config import checked

CROSS = ("encoder_attn", "layer.1.EncDecAttention", "crossattention", "crossattention.self")


def decoder_shape(rows, c, model_type, encoder_length=None, stacks=False):
    """The DecoderShape of the rows built (None when no block caches anything); `stacks`: the rows are an
    encoder-decoder's (or one of its stacks), whose encoder blocks cache nothing."""
    blocks = [spec for spec in rows.specs
              if spec.type in ("Block", "StackBlock") and not (stacks and "encoder" in spec.name.split("."))]
    encoded = stacks and any(spec.type == "StackBlock" and "encoder" in spec.name.split(".") for spec in rows.specs)
    if not blocks:
        return None
    window, types = WINDOWS.get(model_type, _generic)(c, len(blocks))
    window = checked({"sliding_window": window}, "sliding_window", optional(nonneg_int))
    if types is not None and (not isinstance(types, list) or len(types) < len(blocks)):
        raise ParamsumError(f"layer_types: expected a list of {len(blocks)} layer types (one a layer); received: "
                            f"{shown(types)}")
    all_heads = model_type == "falcon" and c.get("new_decoder_architecture")
    cache, heads = [], None
    for index, block in enumerate(blocks):
        sliding = types[index] == "sliding_attention" if isinstance(types, list) else window is not None
        for part in _attention_parts(block.config["parts"]):
            per_token = _per_token(part, all_heads)
            if per_token is None:
                continue
            heads = heads or part.config.get("num_attention_heads") or c.get("num_attention_heads")
            cross = part.name in CROSS
            if cross and not encoded:  # no encoder output to attend to: nothing cached
                continue
            cache.append(CacheLayer(f"{block.name}.{part.name}", per_token,
                                    window if sliding and not cross else None,
                                    encoder_length if cross else None))
    if not cache:
        return None
    return DecoderShape(cache, blocks[0].config["hidden_size"], heads, len(blocks), model_type)


class _Projections:
    """ELECTRA's attention as its separate key and value Linears (attention.self.key …): one cache entry."""

    type = "Projections"

    def __init__(self, name):
        self.name = name
        self.config = {"per_token": 0}


def _attention_parts(parts):
    """The block's parts, with the key and value Dense rows of each `<name>.self` counted as one attention."""
    out, groups = [], {}
    for part in parts:
        head, _, leaf = part.name.rpartition(".self.")
        if part.type == "Dense" and leaf in ("key", "value") and head:
            if head not in groups:
                groups[head] = _Projections(f"{head}.self")
                out.append(groups[head])
            groups[head].config["per_token"] += part.config["out_features"]
        else:
            out.append(part)
    return out


def _per_token(part, all_heads=False):
    """Elements of keys + values one token leaves in this part's cache (None: the part caches nothing)."""
    args = part.config
    if part.type == "Attention":
        heads = args["num_attention_heads"]
        kv_heads = heads if all_heads else args.get("num_key_value_heads") or heads
        head_dim = args.get("head_dim") or args["hidden_size"] // heads
        return 2 * kv_heads * head_dim
    if part.type == "Projections":
        return args["per_token"]
    if part.type == "LatentAttention":  # the compressed kv (after kv_a_layernorm) and the rotated key, one head
        return args["kv_lora_rank"] + args["qk_rope_head_dim"]
    return None


# -- sliding windows: (sliding_window, layer_types) as each config class's __post_init__ leaves them ---------


def _number(c, name, default, kind=nonneg_int):
    """A config's number (None when it says none), its default when it does not give it; checked before a rule
    computes with it."""
    if name not in c.values:
        return default
    return checked(c.values, name, optional(kind))


def _generic(c, depth, default=None):
    return _number(c, "sliding_window", default), c.get("layer_types")


def _alternating(default):
    """Gemma2Config, GptOssConfig: every other layer sliding (the first one), unless layer_types says."""
    def rule(c, depth):
        types = c.get("layer_types") or ["sliding_attention" if (i + 1) % 2 else "full_attention"
                                         for i in range(depth)]
        return _number(c, "sliding_window", default), types
    return rule


def _qwen(c, depth):
    """Qwen2Config, Qwen3Config: no window unless use_sliding_window; the layers from max_window_layers on."""
    window = _number(c, "sliding_window", 4096) if c.flag("use_sliding_window", False) else None
    first = _number(c, "max_window_layers", 28)
    types = c.get("layer_types") or ["sliding_attention" if window is not None and first is not None and i >= first
                                     else "full_attention" for i in range(depth)]
    return window, types


def _qwen2_moe(c, depth):
    """Qwen2MoeConfig: every other layer below max_window_layers, when use_sliding_window."""
    use = c.flag("use_sliding_window", False)
    window = _number(c, "sliding_window", 4096) if use else 0
    last = _number(c, "max_window_layers", 28)
    types = c.get("layer_types") or ["sliding_attention" if (i + 1) % 2 and last is not None and i < last
                                     and use else "full_attention" for i in range(depth)]
    return window, types


def _qwen3_moe(c, depth):
    """Qwen3MoeConfig: every layer slides when use_sliding_window (no layer_types)."""
    return (_number(c, "sliding_window", 4096) if c.flag("use_sliding_window", False) else None), c.get("layer_types")


def _gemma3(c, depth):
    """Gemma3TextConfig: window // 2 + 1 with bidirectional attention; every sliding_window_pattern-th layer full."""
    window = _number(c, "sliding_window", 4096)
    if c.flag("use_bidirectional_attention", False) and window is not None:
        window = window // 2 + 1
    pattern = _number(c, "sliding_window_pattern", 6, positive_int) or 6
    types = c.get("layer_types") or ["sliding_attention" if (i + 1) % pattern else "full_attention"
                                     for i in range(depth)]
    return window, types


WINDOWS = {
    "mistral": lambda c, depth: _generic(c, depth, 4096),
    "gemma2": _alternating(4096),
    "gpt_oss": _alternating(128),
    "gemma3_text": _gemma3,
    "qwen2": _qwen,
    "qwen3": _qwen,
    "qwen2_moe": _qwen2_moe,
    "qwen3_moe": _qwen3_moe,
}


__all__ = ["decoder_shape"]
