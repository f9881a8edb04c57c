"""Regenerate tests/fixtures/checkpoints/ with the real writers: save_pretrained, safetensors, GGUFWriter.

Each case is a small model directory or file, written by the library that writes such files
in the wild, and a line of truth.json read back by the same libraries: the parameters
transformers' model has (model.parameters(), tied weights once), every stored tensor with
its shape, dtype and bytes (safetensors.safe_open, gguf.GGUFReader), and the type sizes of
the gguf package. The tests compare paramsum's reading of the files with that truth.

Run it with a venv that has torch, transformers, safetensors, gguf and numpy (CPU, no
download: models are built from configs)::

    python tools/make_checkpoint_fixtures.py           # write the files
    python tools/make_checkpoint_fixtures.py --check   # regenerate in a scratch dir and compare the truth
"""

from __future__ import annotations

import json
import pathlib
import shutil
import sys
import tempfile

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "checkpoints"

LLAMA = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 32, "num_hidden_layers": 2,
         "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 37, "vocab_size": 99,
         "max_position_embeddings": 64, "bos_token_id": 1, "eos_token_id": 2, "tie_word_embeddings": False}
GPT2 = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_embd": 32, "n_layer": 2, "n_head": 4,
        "n_positions": 64, "vocab_size": 99, "bos_token_id": 0, "eos_token_id": 0}
# Families whose checkpoints hold what their architecture does in other ways: BERT's tied decoder and
# its bias, T5's shared embeddings, ViT saved under its legacy names (vit.encoder.layer.0 …).
FAMILIES = {
    "bert_tiny": {"model_type": "bert", "architectures": ["BertForMaskedLM"], "hidden_size": 32,
                  "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 37, "vocab_size": 99,
                  "max_position_embeddings": 64},
    "t5_tiny": {"model_type": "t5", "architectures": ["T5ForConditionalGeneration"], "d_model": 32, "num_layers": 2,
                "num_heads": 4, "d_ff": 37, "d_kv": 8, "vocab_size": 99},
    "vit_tiny": {"model_type": "vit", "architectures": ["ViTForImageClassification"], "hidden_size": 32,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 37, "image_size": 32,
                 "patch_size": 8},
}
# GPTQ packs along in_features in groups of 32 values: sizes that divide.
GPTQ_LLAMA = {**LLAMA, "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 1,
              "quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 32, "desc_act": False,
                                      "sym": True}}


def model(config):
    import torch
    import transformers

    torch.manual_seed(0)
    cfg = transformers.AutoConfig.for_model(**{k: v for k, v in config.items() if k not in (
        "model_type", "quantization_config")}, model_type=config["model_type"])
    cls = getattr(transformers, config["architectures"][0])
    return cls(cfg).to(torch.bfloat16).eval()


def write_config(directory, config):
    (directory / "config.json").write_text(json.dumps(config, indent=1) + "\n")


def save_pretrained(directory, config, **options):
    m = model(config)
    m.save_pretrained(directory, safe_serialization=True, **options)
    for extra in ("generation_config.json",):
        (directory / extra).unlink(missing_ok=True)
    write_config(directory, config)  # the config as a user's file has it (save_pretrained adds defaults)
    return m


def state(config):
    m = model(config)
    return m, {k: v.contiguous() for k, v in m.state_dict().items()}


def params(m):
    return sum(p.numel() for p in m.parameters())


def stored(directory):
    """Every tensor of the safetensors files in a directory: {name: [shape, dtype, bytes]}."""
    from safetensors import safe_open

    tensors = {}
    for path in sorted(directory.glob("*.safetensors")):
        with safe_open(path, "pt") as handle:
            for name in handle.keys():
                t = handle.get_slice(name)
                shape = t.get_shape()
                tensors[name] = [shape, t.get_dtype(), handle.get_tensor(name).nbytes]
    return tensors


def gptq_pack(state_dict, config):
    """The tensors GPTQ's QuantLinear stores for each linear of the blocks: qweight [in·bits/32, out] int32,
    qzeros [in/group, out·bits/32] int32, scales [in/group, out] fp16, g_idx [in] int32."""
    import torch

    quant = config["quantization_config"]
    bits, group = quant["bits"], quant["group_size"]
    packed = {}
    for name, tensor in state_dict.items():
        if ".layers." in name and name.endswith("proj.weight"):
            out_f, in_f = tensor.shape
            base = name[: -len(".weight")]
            packed[f"{base}.qweight"] = torch.zeros((in_f * bits // 32, out_f), dtype=torch.int32)
            packed[f"{base}.qzeros"] = torch.zeros((in_f // group, out_f * bits // 32), dtype=torch.int32)
            packed[f"{base}.scales"] = torch.zeros((in_f // group, out_f), dtype=torch.float16)
            packed[f"{base}.g_idx"] = torch.arange(in_f, dtype=torch.int32) // group
        else:
            packed[name] = tensor
    return packed


def safetensors_cases(out):
    from safetensors.torch import save_file

    truth = {}
    d = out / "llama_tiny"
    m = save_pretrained(d, LLAMA)
    truth["llama_tiny"] = {"params": params(m), "tensors": stored(d)}
    d = out / "llama_tiny_sharded"
    m = save_pretrained(d, LLAMA, max_shard_size="20KB")
    truth["llama_tiny_sharded"] = {"params": params(m), "tensors": stored(d),
                                   "total_size": json.loads((d / "model.safetensors.index.json").read_text())[
                                       "metadata"]["total_size"]}
    d = out / "gpt2_tiny"
    m = save_pretrained(d, GPT2)
    truth["gpt2_tiny"] = {"params": params(m), "tensors": stored(d)}
    for name, config in FAMILIES.items():
        m = save_pretrained(out / name, config)
        truth[name] = {"params": params(m), "tensors": stored(out / name)}
    # The tied head stored anyway (as some exporters do): one more copy of wte in the file.
    d = out / "gpt2_tiny_head_stored"
    d.mkdir(parents=True)
    m, sd = state(GPT2)
    sd = {k: v for k, v in sd.items() if k in dict(m.named_parameters())}  # no buffers
    sd["lm_head.weight"] = sd["transformer.wte.weight"].clone()
    save_file(sd, d / "model.safetensors", metadata={"format": "pt"})
    write_config(d, GPT2)
    truth["gpt2_tiny_head_stored"] = {"params": params(m), "tensors": stored(d),
                                      "extra": {"lm_head": sd["lm_head.weight"].numel()}}
    # A checkpoint with one more block than its architecture (as a multi-token-prediction layer is).
    d = out / "llama_tiny_mtp"
    d.mkdir(parents=True)
    m, sd = state(LLAMA)
    deeper, sd3 = state({**LLAMA, "num_hidden_layers": 3})
    extra = {k: v for k, v in sd3.items() if k.startswith("model.layers.2.")}
    save_file({**sd, **extra}, d / "model.safetensors", metadata={"format": "pt"})
    write_config(d, LLAMA)
    truth["llama_tiny_mtp"] = {"params": params(m), "tensors": stored(d),
                               "extra": {"model.layers.2": sum(v.numel() for v in extra.values())}}
    d = out / "llama_gptq"
    d.mkdir(parents=True)
    m, sd = state(GPTQ_LLAMA)
    save_file(gptq_pack(sd, GPTQ_LLAMA), d / "model.safetensors", metadata={"format": "pt"})
    write_config(d, GPTQ_LLAMA)
    truth["llama_gptq"] = {"params": params(m), "tensors": stored(d)}
    return truth


def gguf_cases(out):
    import gguf

    truth = {"type_sizes": {t.name: list(gguf.GGML_QUANT_SIZES[t]) for t in gguf.GGML_QUANT_SIZES}}
    # A tiny llama converted as llama.cpp names its tensors (gguf's own name map), quantized by gguf.
    m, sd = state({**LLAMA, "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2})
    write_llama_gguf(out / "llama_tiny.gguf", sd)
    truth["llama_tiny.gguf"] = {"params": params(m), "tensors": read_gguf(out / "llama_tiny.gguf")}
    # The same model split in files of at most 8 tensors, as gguf-split and the converters write big ones.
    (out / "split").mkdir()
    write_llama_gguf(out / "split" / "llama_tiny.gguf", sd, split_max_tensors=8)
    parts = sorted((out / "split").glob("*.gguf"))
    truth["split"] = {"params": params(m), "files": [p.name for p in parts],
                      "tensors": {k: v for p in parts for k, v in read_gguf(p).items()}}
    write_types_gguf(out / "types.gguf")
    truth["types.gguf"] = {"tensors": read_gguf(out / "types.gguf")}
    write_types_gguf(out / "types_big_endian.gguf", endianess=gguf.GGUFEndian.BIG)
    truth["types_big_endian.gguf"] = {"tensors": read_gguf(out / "types_big_endian.gguf")}
    return truth


def write_llama_gguf(path, sd, **options):
    """A tiny llama as llama.cpp names its tensors (gguf's own name map), quantized by gguf."""
    import gguf
    import numpy as np

    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, 2)
    writer = gguf.GGUFWriter(path, "llama", **options)
    writer.add_name("llama tiny")
    writer.add_block_count(2)
    writer.add_context_length(64)
    writer.add_embedding_length(64)
    writer.add_feed_forward_length(128)
    writer.add_head_count(4)
    writer.add_head_count_kv(2)
    writer.add_token_list([f"tok{i}" for i in range(99)])
    for name, tensor in sd.items():
        target = names.get_name(name, try_suffixes=(".weight", ".bias"))
        data = tensor.float().numpy()
        if data.ndim == 1:
            writer.add_tensor(target, data)
        elif "embd" in target:
            writer.add_tensor(target, data.astype(np.float16))
        else:
            q = gguf.GGMLQuantizationType.Q8_0
            writer.add_tensor(target, gguf.quants.quantize(data, q), raw_dtype=q)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def write_types_gguf(path, **options):
    """One small tensor of each ggml type (bytes of zeros: the header is what is read)."""
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(path, "llama", **options)
    writer.add_block_count(1)
    for qtype, (block, _) in gguf.GGML_QUANT_SIZES.items():
        shape = (2, max(block, 256) if block > 1 else 8)
        byte_shape = gguf.quant_shape_to_byte_shape(shape, qtype) if block > 1 else None
        if byte_shape is None:
            dtype = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I8": np.int8, "I16": np.int16,
                     "I32": np.int32, "I64": np.int64, "BF16": np.uint16}[qtype.name]
            array = np.zeros(shape, dtype)
            writer.add_tensor(f"t.{qtype.name}", array, raw_dtype=qtype if qtype.name == "BF16" else None)
        else:
            writer.add_tensor(f"t.{qtype.name}", np.zeros(byte_shape, np.uint8), raw_dtype=qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def read_gguf(path):
    """{name: [framework-order shape, type, bytes, elements]} as gguf.GGUFReader reads the file."""
    import gguf

    reader = gguf.GGUFReader(path)
    return {t.name: [[int(d) for d in reversed(t.shape.tolist())], t.tensor_type.name, int(t.n_bytes),
                     int(t.n_elements)] for t in reader.tensors}


def generate(out):
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    truth = {**safetensors_cases(out), **gguf_cases(out)}
    (out / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n")
    return truth


def main(argv):
    if "--check" in argv:
        with tempfile.TemporaryDirectory() as scratch:
            fresh = generate(pathlib.Path(scratch) / "checkpoints")
        recorded = json.loads((OUT / "truth.json").read_text())
        if json.loads(json.dumps(fresh, sort_keys=True)) != recorded:
            sys.exit("tests/fixtures/checkpoints/truth.json is stale: run tools/make_checkpoint_fixtures.py")
        print("checkpoint fixtures are up to date")
        return
    generate(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
