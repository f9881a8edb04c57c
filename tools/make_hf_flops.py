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

    python tools/make_hf_flops.py            # all configs
    python tools/make_hf_flops.py bert_tiny t5_tiny
    python tools/make_hf_flops.py --check    # compare with the file, write nothing
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

_ROUTED = "its experts are picked with torch.nonzero, which the meta device cannot run (and it is too large for a CPU)"
_CHOICE = "multiple choice takes (batch, choices, tokens) inputs"
_QA3 = "transformers' question answering splits its logits in two; with 3 labels its forward fails"
_ITEM = "transformers reads a size with Tensor.item(), which the meta device cannot run"
NOT_RUN = {
    "albert_tiny_choice": _CHOICE, "bert_tiny_choice": _CHOICE, "distilbert_tiny_choice": _CHOICE,
    "electra_tiny_choice": _CHOICE, "roberta_tiny_choice": _CHOICE, "deberta_v2_tiny_choice": _CHOICE,
    "modernbert_tiny_choice": _CHOICE, "xlm_roberta_tiny_choice": _CHOICE,
    "bert_tiny_qa_3": _QA3, "xlm_roberta_tiny_qa_3": _QA3,
    "siglip_tiny_no_head": "transformers' forward fails without the vision head (vision_use_head false)",
    "t5_tiny_cls": "the classifier finds its end-of-sequence tokens with unique_consecutive, which the meta device "
                   "cannot run",
    "deberta_v2_xlarge": _ITEM, "deberta_v3_base": _ITEM,
    "deepseek_v2_5": _ROUTED, "deepseek_v3_r1": _ROUTED, "gpt_oss_20b": _ROUTED, "mixtral_8x7b_v0_1": _ROUTED,
    "qwen2_moe_57b_a14b": _ROUTED, "qwen3_moe_30b_a3b": _ROUTED,
}


class _Sizes:
    """torch for the fixtures' input functions, with a batch of 1 and SEQ_LEN tokens (encoder and decoder)."""

    def __init__(self, torch):
        self.torch = torch

    def __getattr__(self, name):
        return getattr(self.torch, name)

    def randint(self, low, high, size, **kwargs):
        size = (1,) + tuple(SEQ_LEN if len(size) == 2 else s for s in size[1:])
        return self.torch.randint(low, high, size, **kwargs)

    def randn(self, *size, **kwargs):
        size = size[0] if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
        return self.torch.randn(1, *size[1:], **kwargs)


def inputs(model, config_dict, torch):
    """The keyword inputs of one forward run and the sequence length paramsum is to be given."""
    model_type = config_dict["model_type"]
    sized = _Sizes(torch)
    if model_type in hf.INPUTS:
        kwargs = hf.INPUTS[model_type](model, sized)
    elif model_type == "vit":
        size, channels = model.config.image_size, model.config.num_channels
        kwargs = {"pixel_values": sized.randn(2, channels, size, size)}
    else:
        kwargs = {"input_ids": sized.randint(3, model.config.vocab_size, (2, 7))}
        if model_type == "t5" or getattr(model.config, "is_encoder_decoder", False):
            kwargs["decoder_input_ids"] = sized.randint(3, model.config.vocab_size, (2, 5))
    return kwargs, AUDIO_LEN if "input_values" in kwargs else SEQ_LEN


def _eager(config):
    """Eager attention and experts in a config and every sub-config."""
    config._attn_implementation = "eager"
    config._experts_implementation = "eager"
    for key in getattr(config, "sub_configs", {}) or {}:
        sub = getattr(config, key, None)
        if sub is not None and hasattr(sub, "_attn_implementation"):
            _eager(sub)


def flops(config_dict):
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
    model = (cls.from_config(config) if cls.__name__.startswith("Auto") else cls(config)).eval()
    model.requires_grad_(False)  # (the module tracker hooks tensors that need gradients)
    kwargs, seq_len = inputs(model, config_dict, torch)
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
    cases = {**{n: (c, True) for n, c in hf.REAL.items() if n not in NOT_RUN}, **{n: (c, False) for n, c in
                                                                                  hf.SMALL.items()}}
    unknown = [n for n in names if n not in cases]
    if unknown:
        sys.exit(f"not a config that is run: {', '.join(unknown)}")
    result = dict(json.loads(OUT.read_text())["configs"]) if names and OUT.exists() else {}
    for name in names or sorted(cases):
        config_dict, meta = cases[name]
        with torch.device("meta" if meta else "cpu"):
            result[name] = flops(config_dict)
        print(f"{name}: {result[name]['total']:,}")
    document = {"configs": dict(sorted(result.items())), "not_run": dict(sorted(NOT_RUN.items()))}
    text = json.dumps(document, indent=1) + "\n"
    if check:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"out of date: {OUT.name}")
    else:
        OUT.write_text(text)


if __name__ == "__main__":
    main(sys.argv[1:])
