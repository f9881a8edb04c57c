"""Regenerate tests/fixtures/hf_flops.json: the forward FLOPs of every small Hugging Face config.

Every config of tests/fixtures/huggingface/ is built from its config.json and run once under
torch.utils.flop_counter.FlopCounterMode (the small ones on the CPU, the published ones on the
meta device: the counter reads shapes, not values), on a batch of 1:

- token inputs of SEQ_LEN positions, the decoder's of an encoder-decoder too (the same
  length: paramsum fills every open sequence axis with one --seq-len);
- images at the config's image_size, Whisper's log-mel features at its encoder's length,
  wav2vec2's raw audio of AUDIO_LEN samples (then that is the sequence length).

The counter's blind spots are switched off: eager attention (no fused scaled-dot-product
kernel, which it would not see on the CPU) and eager experts (no grouped matmul). The
fixture holds per config the sequence length, the total FLOPs and the FLOPs of every
module (its path in the model, those with none left out) that counts any; and the configs
transformers cannot run so (NOT_RUN), with the reason.

"long" holds whole decoders at LONG_SEQ_LEN tokens (LONG): published configs, verbatim but for
num_hidden_layers where a mixture of experts is cut to a few layers (the first dense ones and
one or two with experts). Their experts are routed with torch.nonzero, which the meta device
cannot run, so those run on the CPU with real (uninitialised, bfloat16) weights: the count
does not depend on the values, as every token goes to top-k experts whichever they are.

    python tools/make_hf_flops.py            # all configs
    python tools/make_hf_flops.py bert_tiny t5_tiny
    python tools/make_hf_flops.py --check    # compare with the file, write nothing
    python tools/make_hf_flops.py --long     # the LONG decoders only (minutes, up to ~8 GB)
"""

from __future__ import annotations

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import make_hf_fixtures as hf  # noqa: E402

OUT = hf.OUT.parent / "hf_flops.json"
SEQ_LEN = 7
AUDIO_LEN = 400


_QA3 = "transformers' question answering splits its logits in two; with 3 labels its forward fails"
_WHOLE = ("too large for this machine's CPU whole, and its experts are picked with torch.nonzero, which the meta "
          "device cannot run: see \"long\", the same config cut to a few layers")
NOT_RUN = {
    "bert_tiny_qa_3": _QA3, "xlm_roberta_tiny_qa_3": _QA3,
    "siglip_tiny_no_head": "transformers' forward fails without the vision head (vision_use_head false)",
    "deepseek_v2_5": _WHOLE, "gpt_oss_20b": _WHOLE, "mixtral_8x7b_v0_1": _WHOLE, "qwen2_moe_57b_a14b": _WHOLE,
    "qwen3_moe_30b_a3b": _WHOLE,
    "deepseek_v3_r1": "too large for this machine's CPU even cut: its first layer with experts is the fourth, "
                      "and 4 layers are ~25 GB in bfloat16 (256 experts of 7,168 × 2,048 each)",
}
# Configs of REAL run on the CPU (built as the small ones are), as the meta device cannot run them:
# DeBERTa and ModernBERT read a size with Tensor.item(), T5's classifier finds its end-of-sequence
# tokens with unique_consecutive.
ON_CPU = {"deberta_v2_xlarge", "deberta_v3_base", "deberta_v2_tiny_choice", "modernbert_tiny_choice",
          "t5_tiny_cls"}


LONG_SEQ_LEN = 128
# Two published configs not among the fixtures, written out here as the hub's config.json gives them (V2-Lite's
# sizes cross-checked with public references, Moonlight's not). The check is exact whatever they hold: transformers
# and paramsum read the same dict.
DEEPSEEK_V2_LITE = {  # deepseek-ai/DeepSeek-V2-Lite
    "architectures": ["DeepseekV2ForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
    "aux_loss_alpha": 0.001, "bos_token_id": 100000, "eos_token_id": 100001, "first_k_dense_replace": 1,
    "hidden_act": "silu", "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 10944,
    "kv_lora_rank": 512, "max_position_embeddings": 163840, "model_type": "deepseek_v2",
    "moe_intermediate_size": 1408, "moe_layer_freq": 1, "n_group": 1, "n_routed_experts": 64,
    "n_shared_experts": 2, "norm_topk_prob": False, "num_attention_heads": 16, "num_experts_per_tok": 6,
    "num_hidden_layers": 27, "num_key_value_heads": 16, "pretraining_tp": 1, "q_lora_rank": None,
    "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "rms_norm_eps": 1e-06,
    "rope_scaling": {"beta_fast": 32, "beta_slow": 1, "factor": 40, "mscale": 0.707, "mscale_all_dim": 0.707,
                     "original_max_position_embeddings": 4096, "type": "yarn"},
    "rope_theta": 10000, "routed_scaling_factor": 1.0, "scoring_func": "softmax", "seq_aux": True,
    "tie_word_embeddings": False, "topk_group": 1, "topk_method": "greedy", "torch_dtype": "bfloat16",
    "transformers_version": "4.33.1", "use_cache": True, "v_head_dim": 128, "vocab_size": 102400,
}
MOONLIGHT_16B_A3B = {  # moonshotai/Moonlight-16B-A3B (the deepseek_v3 type)
    "architectures": ["DeepseekV3ForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
    "bos_token_id": 163584, "eos_token_id": 163585, "first_k_dense_replace": 1, "hidden_act": "silu",
    "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 11264, "kv_lora_rank": 512,
    "max_position_embeddings": 8192, "model_type": "deepseek_v3", "moe_intermediate_size": 1408,
    "moe_layer_freq": 1, "n_group": 1, "n_routed_experts": 64, "n_shared_experts": 2, "norm_topk_prob": True,
    "num_attention_heads": 16, "num_experts_per_tok": 6, "num_hidden_layers": 27, "num_key_value_heads": 16,
    "num_nextn_predict_layers": 0, "q_lora_rank": None, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64,
    "rms_norm_eps": 1e-05, "rope_theta": 50000.0, "routed_scaling_factor": 2.446, "scoring_func": "sigmoid",
    "tie_word_embeddings": False, "topk_group": 1, "topk_method": "noaux_tc", "torch_dtype": "bfloat16",
    "use_cache": True, "v_head_dim": 128, "vocab_size": 163840,
}
# name: (a fixture config's name or a published config, layers kept (None: all), device)
LONG = {
    "llama3_8b": ("llama3_8b", None, "meta"),
    "mixtral_8x7b_v0_1": ("mixtral_8x7b_v0_1", 2, "cpu"),
    "qwen3_moe_30b_a3b": ("qwen3_moe_30b_a3b", 2, "cpu"),
    "deepseek_v2_lite": (DEEPSEEK_V2_LITE, 2, "cpu"),  # a dense layer (first_k_dense_replace 1), one with experts
    "moonlight_16b_a3b": (MOONLIGHT_16B_A3B, 2, "cpu"),
    "gpt_oss_20b": ("gpt_oss_20b", 2, "cpu"),  # a sliding-window layer and a full one
    "qwen2_moe_57b_a14b": ("qwen2_moe_57b_a14b", 1, "cpu"),
    "deepseek_v2_5": ("deepseek_v2_5", 2, "cpu"),
}
# Not run whole even cut: DeepSeek-V3 (deepseek_v3_r1) keeps 3 dense layers first and 256 experts of
# 7,168 × 2,048 in each layer after: 4 layers are ~25 GB in bfloat16, more than this machine holds.


def long_config(name):
    """The config of a LONG case as paramsum is to read it: the published one, its layer count cut."""
    source, layers, _ = LONG[name]
    config = dict(hf.REAL[source]) if isinstance(source, str) else dict(source)
    if layers is not None:
        config["num_hidden_layers"] = layers
        if isinstance(config.get("layer_types"), list):
            config["layer_types"] = config["layer_types"][:layers]
    return config


class _Sizes:
    """torch for the fixtures' input functions, with a batch of 1 and SEQ_LEN tokens (encoder and decoder)."""

    def __getattr__(self, name):
        return getattr(self.torch, name)

    def __init__(self, torch, seq_len=SEQ_LEN):
        self.torch, self.seq_len = torch, seq_len

    def randint(self, low, high, size, **kwargs):
        size = (1,) + tuple(self.seq_len if len(size) == 2 else s for s in size[1:])
        return self.torch.randint(low, high, size, **kwargs)

    def randn(self, *size, **kwargs):
        size = size[0] if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
        return self.torch.randn(1, *size[1:], **kwargs)


def inputs(model, config_dict, torch, seq_len=SEQ_LEN):
    """The keyword inputs of one forward run and the sequence length paramsum is to be given."""
    model_type = config_dict["model_type"]
    sized = _Sizes(torch, seq_len)
    if model_type in hf.INPUTS:
        kwargs = hf.INPUTS[model_type](model, sized)
    elif model_type == "vit":
        size, channels = model.config.image_size, model.config.num_channels
        kwargs = {"pixel_values": sized.randn(2, channels, size, size)}
    else:
        kwargs = {"input_ids": sized.randint(3, model.config.vocab_size, (2, 7))}
        if model_type == "t5" or getattr(model.config, "is_encoder_decoder", False):
            kwargs["decoder_input_ids"] = sized.randint(3, model.config.vocab_size, (2, 5))
    architecture = (config_dict.get("architectures") or [""])[0]
    if architecture.endswith("ForMultipleChoice"):  # (batch, choices, tokens): one choice, as paramsum counts one
        kwargs = {key: value[:, None] for key, value in kwargs.items()}
    if architecture == "T5ForSequenceClassification":  # it pools the hidden state of the last end of sequence
        kwargs["input_ids"][:, -1] = model.config.eos_token_id
    return kwargs, AUDIO_LEN if "input_values" in kwargs else seq_len


def _eager(config):
    """Eager attention and experts in a config and every sub-config."""
    config._attn_implementation = "eager"
    config._experts_implementation = "eager"
    for key in getattr(config, "sub_configs", {}) or {}:
        sub = getattr(config, key, None)
        if sub is not None and hasattr(sub, "_attn_implementation"):
            _eager(sub)


def flops(config_dict, seq_len=SEQ_LEN, device=None):
    import torch
    import transformers
    from torch.utils.flop_counter import FlopCounterMode

    torch.manual_seed(0)
    with hf.tempfile.TemporaryDirectory() as folder:
        (pathlib.Path(folder) / "config.json").write_text(json.dumps(config_dict))
        config = transformers.AutoConfig.from_pretrained(folder)
    _eager(config)
    architectures = config_dict.get("architectures")
    cls = getattr(transformers, architectures[0], None) if architectures else transformers.AutoModel
    if cls is None:
        cls = transformers.AutoModelForCausalLM if architectures[0].endswith("ForCausalLM") else transformers.AutoModel
    if device == "cpu":  # built on meta, then real memory without the cost of initialising it (LONG)
        with torch.device("meta"):
            model = cls.from_config(config) if cls.__name__.startswith("Auto") else cls(config)
        model = model.to(torch.bfloat16).to_empty(device="cpu")
    else:
        model = cls.from_config(config) if cls.__name__.startswith("Auto") else cls(config)
    model.eval().requires_grad_(False)  # (the module tracker hooks tensors that need gradients)
    kwargs, seq_len = inputs(model, config_dict, torch, seq_len)
    counter = FlopCounterMode(display=False, depth=None)
    with counter, torch.no_grad():
        model(**kwargs)
    counts = {name: sum(ops.values()) for name, ops in counter.get_flop_counts().items()}
    top = type(model).__name__
    modules = {name[len(top) + 1:]: value for name, value in sorted(counts.items())
               if name.startswith(top + ".") and value}  # (sorted: the counter's order varies)
    return {"class": top, "seq_len": seq_len, "total": counter.get_total_flops(), "modules": modules}


def main(argv):
    import transformers

    if transformers.__version__ != hf.TRANSFORMERS:
        sys.exit(f"the fixtures are transformers {hf.TRANSFORMERS}'s; this is {transformers.__version__}")
    import torch

    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")]
    cases = {**{n: (c, True) for n, c in hf.REAL.items()}, **{n: (c, False) for n, c in hf.SMALL.items()}}
    cases = {n: case for n, case in cases.items() if n not in NOT_RUN}
    unknown = [n for n in names if n not in cases]
    if unknown:
        sys.exit(f"not a config that is run: {', '.join(unknown)}")
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    result = dict(old.get("configs", {})) if names or "--long" in argv else {}
    for name in [] if "--long" in argv else names or sorted(cases):
        config_dict, meta = cases[name]
        with torch.device("meta" if meta and name not in ON_CPU else "cpu"):
            result[name] = flops(config_dict)
        print(f"{name}: {result[name]['total']:,}")
    long = dict(old.get("long", {})) if names and "--long" not in argv else {}
    for name in LONG if "--long" in argv or not names else []:
        source, layers, device = LONG[name]
        config_dict = long_config(name)
        with torch.device(device):
            long[name] = {"config": source, "num_hidden_layers": layers,
                          "device": device, **flops(config_dict, LONG_SEQ_LEN, device)}
        print(f"{name} ({layers or 'all'} layers, {LONG_SEQ_LEN} tokens): {long[name]['total']:,}")
    document = {"configs": dict(sorted(result.items())), "not_run": dict(sorted(NOT_RUN.items())),
                "long": dict(sorted(long.items()))}
    text = json.dumps(document, indent=1) + "\n"
    if check:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"out of date: {OUT.name}")
    else:
        OUT.write_text(text)


if __name__ == "__main__":
    main(sys.argv[1:])
