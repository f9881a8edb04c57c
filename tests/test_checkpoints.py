"""Checkpoints by their headers: safetensors (single, sharded), GGUF, and model directories.

The files under tests/fixtures/checkpoints/ were written by the real writers (save_pretrained,
safetensors.torch.save_file, gguf.GGUFWriter) and truth.json was read back from them by
safetensors.safe_open, gguf.GGUFReader and transformers (tools/make_checkpoint_fixtures.py).
"""

from __future__ import annotations

import json
import shutil
import struct

import pytest
from click.testing import CliRunner

from paramsum import summarize
from paramsum.cli import main
from paramsum.formats.gguf import GGML_TYPES

from .helpers import FIXTURES

CHECKPOINTS = FIXTURES / "checkpoints"
TRUTH = json.loads((CHECKPOINTS / "truth.json").read_text())
SAFETENSORS_DTYPE = {d: d for d in ("BF16", "F16", "F32", "I32")}  # safe_open names them as the header does


def stored(summary):
    """{full tensor name: (shape, dtype, bytes, count)} of every weight and buffer of a checkpoint's rows."""
    return {f"{row.name}.{w.name}": ([int(d) for d in w.shape], w.dtype, w.nbytes, w.count)
            for row in summary.layers for w in row.weights + row.buffers}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# -- safetensors -----------------------------------------------------------------------------------

# (fixture, file) → every stored tensor as safe_open reads it.
PLAIN_FILES = [("llama_tiny", "model.safetensors"), ("gpt2_tiny", "model.safetensors"),
               ("bert_tiny", "model.safetensors"), ("t5_tiny", "model.safetensors"), ("vit_tiny", "model.safetensors"),
               ("gpt2_tiny_head_stored", "model.safetensors"), ("llama_tiny_mtp", "model.safetensors"),
               ("llama_tiny_sharded", "model-00001-of-00002.safetensors")]


@pytest.mark.parametrize("case, file", PLAIN_FILES)
def test_safetensors_file_tensors(case, file):
    summary = summarize(str(CHECKPOINTS / case / file))
    ours = stored(summary)
    truth = {name: t for name, t in TRUTH[case]["tensors"].items() if name in ours or file == "model.safetensors"}
    assert set(ours) == set(truth)
    for name, (shape, dtype, nbytes) in truth.items():
        assert ours[name][:3] == (shape, SAFETENSORS_DTYPE[dtype], nbytes), name
    assert summary.totals.params + summary.totals.buffers == sum(t[3] for t in ours.values())
    assert summary.totals.bytes + summary.totals.buffer_bytes == sum(t[2] for t in truth.values())


def test_safetensors_rows_are_module_paths_body_first():
    summary = summarize(str(CHECKPOINTS / "llama_tiny" / "model.safetensors"))
    assert [row.name for row in summary.layers] == ["model.embed_tokens", "model.layers.0", "model.layers.1",
                                                    "model.norm", "lm_head"]
    block = summary.layers[1]
    assert block.labelled_formula.startswith("input_layernorm 32 + ")
    assert block.params == sum(t[3] for n, t in stored(summary).items() if n.startswith("model.layers.0."))
    assert summary.name == "llama_tiny"


def test_sharded_index_reads_every_shard():
    case = TRUTH["llama_tiny_sharded"]
    summary = summarize(str(CHECKPOINTS / "llama_tiny_sharded" / "model.safetensors.index.json"))
    ours = stored(summary)
    assert {n: tuple(t[:3]) for n, t in ours.items()} == {
        n: (s, SAFETENSORS_DTYPE[d], b) for n, (s, d, b) in case["tensors"].items()}
    assert len(summary.checkpoint.files) == 2 and not summary.checkpoint.missing
    assert summary.checkpoint.facts["recorded total_size"] == case["total_size"]


def test_a_missing_shard_is_named_and_not_counted(tmp_path):
    directory = tmp_path / "sharded"
    shutil.copytree(CHECKPOINTS / "llama_tiny_sharded", directory)
    (directory / "model-00002-of-00002.safetensors").unlink()
    result = run(directory / "model.safetensors.index.json", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["checkpoint"]["missing"] == ["model-00002-of-00002.safetensors"]
    assert "1 shard(s) missing: model-00002-of-00002.safetensors" in result.stderr
    index = json.loads((directory / "model.safetensors.index.json").read_text())["weight_map"]
    kept = {n for n, shard in index.items() if shard == "model-00001-of-00002.safetensors"}
    assert doc["totals"]["params"] + doc["totals"]["buffers"] == sum(
        _count(TRUTH["llama_tiny_sharded"]["tensors"][n][0]) for n in kept)
    comparison = summarize(str(directory)).checkpoint.comparison  # the directory: config.json against shard 1
    assert comparison.equal and comparison.unread == len(index) - len(kept)
    assert comparison.stored_params == doc["totals"]["params"]


def test_gptq_packed_weights_count_as_the_values_they_pack():
    summary = summarize(str(CHECKPOINTS / "llama_gptq" / "model.safetensors"))  # its config.json is beside it
    assert summary.totals.params == TRUTH["llama_gptq"]["params"]  # the unquantized model's count
    truth = TRUTH["llama_gptq"]["tensors"]
    assert summary.totals.bytes + summary.totals.buffer_bytes == sum(t[2] for t in truth.values())
    qweight = {w.name: w for w in summary.layers[1].weights}["self_attn.q_proj.qweight"]
    assert qweight.shape[0].expr == "8 × 8" and qweight.count == 64 * 64  # 8 int32 rows × 8 values each
    assert not summary.warnings


def test_packed_weights_without_their_config_are_flagged(tmp_path):
    shutil.copy(CHECKPOINTS / "llama_gptq" / "model.safetensors", tmp_path / "alone.safetensors")
    result = run(tmp_path / "alone.safetensors", "--total")
    assert result.exit_code == 0
    assert "may pack several values per stored element" in result.stderr and "qweight" in result.stderr
    truth = TRUTH["llama_gptq"]["tensors"]
    floats = sum(_count(s) for s, d, _ in truth.values() if d != "I32")  # scales too: nothing says
    qweights = sum(_count(s) for n, (s, _, _) in truth.items() if n.endswith("qweight"))  # as stored, flagged
    assert int(result.stdout) == floats + qweights


def _count(shape):
    total = 1
    for size in shape:
        total *= size
    return total


# -- model directories ------------------------------------------------------------------------------

# (directory, equal?, {module: (kind, params)} where they differ)
DIRECTORIES = [
    ("llama_tiny", True, {}),
    ("llama_tiny_sharded", True, {}),
    ("gpt2_tiny", True, {}),
    ("llama_gptq", True, {}),
    ("bert_tiny", True, {}),
    ("t5_tiny", True, {}),
    ("vit_tiny", True, {}),  # saved under its legacy names: matched by count, said in the line
    ("gpt2_tiny_head_stored", False, {"lm_head": "tied_but_stored"}),
    ("llama_tiny_mtp", False, {"model.layers.2": "only_in_checkpoint"}),
]


@pytest.mark.parametrize("case, equal, differences", DIRECTORIES)
def test_directory_compares_config_and_checkpoint(case, equal, differences):
    summary = summarize(str(CHECKPOINTS / case))
    assert summary.format == "huggingface"
    assert summary.totals.params == TRUTH[case]["params"]  # config.json, as transformers builds it
    comparison = summary.checkpoint.comparison
    assert comparison.equal is equal
    assert comparison.architecture_params == TRUTH[case]["params"]
    assert {d.module: d.kind for d in comparison.differences} == differences
    for d in comparison.differences:
        assert d.params == TRUTH[case]["extra"][d.module]
    assert comparison.stored_params - comparison.architecture_params == sum(TRUTH[case].get("extra", {}).values())


def test_directory_line_in_the_table_and_json():
    result = run(CHECKPOINTS / "llama_tiny_mtp")
    assert result.exit_code == 0
    assert (" Checkpoint: 26,432 params stored, 19,744 in the architecture (+6,688): model.layers.2 6,688 in the "
            "checkpoint, not in the architecture\n") in result.stdout
    doc = json.loads(run(CHECKPOINTS / "llama_tiny", "--format", "json").stdout)
    assert doc["checkpoint"]["comparison"]["equal"] is True
    assert doc["checkpoint"]["by_dtype"]["BF16"]["bytes"] == sum(t[2] for t in TRUTH["llama_tiny"]["tensors"].values())


def test_a_checkpoint_under_legacy_names_is_equal_and_says_so():
    comparison = summarize(str(CHECKPOINTS / "vit_tiny")).checkpoint.comparison
    assert comparison.renamed == 2 and comparison.equal  # vit.encoder.layer.0/1 for vit.layers.0/1


def test_directory_without_config_reads_its_checkpoint(tmp_path):
    shutil.copy(CHECKPOINTS / "llama_tiny" / "model.safetensors", tmp_path / "model.safetensors")
    summary = summarize(str(tmp_path))
    assert summary.format == "safetensors"
    assert summary.totals.params + summary.totals.buffers == sum(
        _count(s) for s, _, _ in TRUTH["llama_tiny"]["tensors"].values())


# -- GGUF --------------------------------------------------------------------------------------------


def test_gguf_type_sizes_are_the_gguf_packages():
    ours = {name: [block, size] for name, block, size in GGML_TYPES.values()}
    assert ours == TRUTH["type_sizes"]


@pytest.mark.parametrize("case", ["llama_tiny.gguf", "types.gguf", "types_big_endian.gguf"])
def test_gguf_tensors_as_gguf_reader_reads_them(case):
    summary = summarize(str(CHECKPOINTS / case))
    ours = stored(summary)
    truth = TRUTH[case]["tensors"]
    assert {n: [t[0], t[1], t[2], t[3]] for n, t in ours.items()} == truth
    assert summary.totals.params == sum(t[3] for t in truth.values())
    assert summary.totals.bytes == sum(t[2] for t in truth.values())


def test_gguf_of_a_converted_model_counts_as_transformers_does():
    summary = summarize(str(CHECKPOINTS / "llama_tiny.gguf"))
    assert summary.totals.params == TRUTH["llama_tiny.gguf"]["params"]
    assert [row.name for row in summary.layers] == ["token_embd", "blk.0", "blk.1", "output_norm", "output"]
    facts = summary.checkpoint.facts["architecture"]
    assert facts["arch"] == "llama" and facts["block_count"] == 2 and facts["attention.head_count_kv"] == 2
    result = run(CHECKPOINTS / "llama_tiny.gguf")
    assert "Q8_0 80,064 (83.07 KiB, 8.5 bits each)" in result.stdout


# -- hostile headers: exit 2, one line, nothing read past the header --------------------------------


def _safetensors(header, data=b"", length=None):
    raw = json.dumps(header).encode() if isinstance(header, dict) else header
    return struct.pack("<Q", len(raw) if length is None else length) + raw + data


F32 = {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}
BAD_SAFETENSORS = [
    ("length-past-file", _safetensors({"a": F32}, b"\0" * 16, length=5000), ["runs past the end of the file"]),
    ("huge-length", _safetensors(b"{}", length=2**50), ["MAX_HEADER_BYTES = 100 MB"]),
    ("not-json", _safetensors(b"{not json at all}"), ["not valid JSON"]),
    ("not-utf8", _safetensors(b"{\xff\xfe}"), ["not UTF-8"]),
    ("not-object", _safetensors(b'{"a": 1}'), ["tensor 'a'"]),
    ("negative-dim", _safetensors({"a": {**F32, "shape": [-2, 2]}}, b"\0" * 16), ["shape", "non-negative"]),
    ("absurd-dim", _safetensors({"a": {**F32, "shape": [2**40, 2**40]}}, b"\0" * 16), ["takes", "span 16"]),
    ("overlap", _safetensors({"a": F32, "b": {**F32, "data_offsets": [8, 24]}}, b"\0" * 24), ["overlaps"]),
    ("past-end", _safetensors({"a": {**F32, "data_offsets": [0, 16]}}, b"\0" * 8), ["past the end of the data"]),
    ("gap", _safetensors({"a": {**F32, "data_offsets": [4, 20]}}, b"\0" * 20), ["gap"]),
    ("unknown-dtype", _safetensors({"a": {**F32, "dtype": "F17"}}, b"\0" * 16), ["unknown dtype 'F17'"]),
    ("bad-offsets", _safetensors({"a": {**F32, "data_offsets": [16, 0]}}, b"\0" * 16), ["data_offsets"]),
    ("trailing", _safetensors({"a": F32}, b"\0" * 32), ["does not describe the whole file"]),
    ("metadata-list", _safetensors({"__metadata__": [1], "a": F32}, b"\0" * 16), ["__metadata__"]),
]


def _gguf(tensors=(), kv=(), version=3, n_tensors=None, n_kv=None, data=b"", pad=True, order="<"):
    count = "I" if version == 1 else "Q"  # version 1: 32-bit counts, lengths and dimensions

    def string(text):
        raw = text.encode() if isinstance(text, str) else text
        return struct.pack(order + count, len(raw)) + raw

    body = b"GGUF" + struct.pack(order + "I" + count * 2, version, len(tensors) if n_tensors is None else n_tensors,
                                 len(kv) if n_kv is None else n_kv)
    for key, kind, value in kv:
        body += string(key) + struct.pack(order + "I", kind) + value
    for name, dims, kind, offset in tensors:
        body += string(name) + struct.pack(order + "I", len(dims))
        body += b"".join(struct.pack(order + count, d) for d in dims) + struct.pack(order + "IQ", kind, offset)
    if pad:
        body += b"\0" * (-len(body) % 32)
    return body + data


BAD_GGUF = [
    ("truncated", b"GGUF\x03\x00\x00\x00", ["tensor count", "runs past the end"]),
    ("version", _gguf(version=9), ["GGUF version 9"]),
    ("huge-counts", _gguf(n_tensors=2**40), ["more than a file"]),
    ("huge-string", _gguf(kv=[("general.name", 8, struct.pack("<Q", 2**60))], n_kv=1), ["runs past the end"]),
    ("huge-array", _gguf(kv=[("a", 9, struct.pack("<IQ", 4, 2**40))]), ["array", "runs past the end"]),
    ("huge-string-in-vocabulary", _gguf(kv=[("a", 9, struct.pack("<IQ", 8, 100) + struct.pack("<Q", 2**40))],
                                        data=b"\0" * 1000), ["strings run past the end"]),
    ("unknown-value-type", _gguf(kv=[("a", 77, b"")]), ["unknown metadata value type 77"]),
    ("unknown-ggml-type", _gguf(tensors=[("w", [4], 99, 0)], data=b"\0" * 16), ["unknown ggml type 99"]),
    ("many-dims", _gguf(tensors=[("w", [1] * 40, 0, 0)]), ["tensor 'w' of 40 axes", "MAX_DIMS = 8"]),
    ("many-tensors", _gguf(n_tensors=10**6 + 1, data=b"\0" * (24 * 10**6 + 24)), ["1,000,001 tensors",
                                                                                 "MAX_STORED_WEIGHTS"]),
    ("data-past-end", _gguf(tensors=[("w", [1024, 1024], 0, 0)], data=b"\0" * 16), ["run past the end"]),
    ("overlap", _gguf(tensors=[("a", [8], 0, 0), ("b", [8], 0, 0)], data=b"\0" * 64), ["overlaps"]),
    ("misaligned", _gguf(tensors=[("a", [8], 0, 4)], data=b"\0" * 64), ["not aligned"]),
    ("partial-block", _gguf(tensors=[("a", [40], 8, 0)], data=b"\0" * 64), ["whole number of 32-value blocks"]),
    ("bad-alignment", _gguf(kv=[("general.alignment", 4, struct.pack("<I", 3))]), ["power of two"]),
]


@pytest.mark.parametrize("case, content, words", BAD_SAFETENSORS + BAD_GGUF,
                         ids=[c[0] for c in BAD_SAFETENSORS] + [f"gguf-{c[0]}" for c in BAD_GGUF])
def test_hostile_headers_are_one_line_errors(tmp_path, case, content, words):
    path = tmp_path / ("bad.gguf" if content.startswith(b"GGUF") else "bad.safetensors")
    path.write_bytes(content)
    result = run(path)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(path) in lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    assert result.stdout == ""


def test_a_safetensors_header_of_more_tensors_than_the_limit_is_refused(tmp_path, monkeypatch):
    from paramsum import limits

    monkeypatch.setattr(limits.STORED_WEIGHTS, "value", 3)
    header = {f"t{i}": {"dtype": "F32", "shape": [1], "data_offsets": [4 * i, 4 * i + 4]} for i in range(4)}
    path = tmp_path / "many.safetensors"
    path.write_bytes(_safetensors({**header, "__metadata__": {}}, b"\0" * 16))
    result = run(path)
    assert result.exit_code == 2 and "a safetensors header of 4 tensors" in result.stderr, result.stderr
    path.write_bytes(_safetensors({k: header[k] for k in ("t0", "t1", "t2")}, b"\0" * 12))
    assert run(path).exit_code == 0


def test_a_valid_hand_made_gguf_reads():
    """The test builder writes what the reader accepts (so the hostile cases above differ by one thing)."""
    content = _gguf(tensors=[("a", [8], 0, 0), ("b.weight", [32, 2], 8, 32)], data=b"\0" * (32 + 68))
    assert content.startswith(b"GGUF")


def test_a_valid_hand_made_gguf_summarises(tmp_path):
    path = tmp_path / "ok.gguf"
    path.write_bytes(_gguf(tensors=[("a", [8], 0, 0), ("b.weight", [32, 2], 8, 32)], data=b"\0" * (32 + 68)))
    summary = summarize(str(path))
    assert summary.totals.params == 8 + 64
    assert summary.totals.bytes == 32 + 2 * 34


def test_a_split_gguf_model_reads_every_file():
    truth = TRUTH["split"]
    summary = summarize(str(CHECKPOINTS / "split" / truth["files"][1]))  # any of its files
    assert {n: list(t) for n, t in stored(summary).items()} == truth["tensors"]
    assert summary.totals.params == truth["params"]
    assert [p.rsplit("/", 1)[-1] for p in summary.checkpoint.files] == truth["files"]
    assert summary.checkpoint.facts["architecture"]["arch"] == "llama"


def test_a_missing_file_of_a_split_gguf_is_named(tmp_path):
    truth = TRUTH["split"]
    for name in truth["files"][:2]:
        shutil.copy(CHECKPOINTS / "split" / name, tmp_path / name)
    result = run(tmp_path / truth["files"][0], "--total")
    assert result.exit_code == 0
    assert f"1 of the 3 files of this split model are missing: {truth['files'][2]}" in result.stderr


# (quantization_config, stored name, dtype, stored shape) → (role, shape it stands for)
PACKING = [
    ({"quant_method": "gptq", "bits": 4}, "q_proj.qweight", "I32", (8, 64), ("param", (64, 64))),
    ({"quant_method": "gptq", "bits": 3}, "q_proj.qweight", "I32", (6, 64), ("param", (64, 64))),
    ({"quant_method": "gptq", "bits": 4}, "q_proj.qzeros", "I32", (2, 8), ("buffer", (2, 8))),
    ({"quant_method": "gptq", "bits": 4}, "q_proj.scales", "F16", (2, 64), ("buffer", (2, 64))),
    ({"quant_method": "awq", "w_bit": 4}, "q_proj.qweight", "I32", (64, 8), ("param", (64, 64))),
    ({"quant_method": "bitsandbytes", "load_in_4bit": True}, "q_proj.weight", "U8", (2048, 1), ("param", (4096, 1))),
    ({"quant_method": "bitsandbytes", "load_in_8bit": True}, "q_proj.weight", "I8", (64, 64), ("param", (64, 64))),
    ({"quant_method": "fp8"}, "q_proj.weight", "F8_E4M3", (64, 64), ("param", (64, 64))),
    ({"quant_method": "fp8"}, "q_proj.weight_scale_inv", "F32", (1, 1), ("buffer", (1, 1))),
    ({"quant_method": "mxfp4"}, "experts.down_proj_blocks", "U8", (4, 64, 2, 16), ("param", (4, 64, 2, 32))),
    ({"quant_method": "compressed-tensors", "config_groups": {"g": {"weights": {"num_bits": 4}}}},
     "q_proj.weight_packed", "I32", (64, 8), ("param", (64, 64))),
    ({"bits": 4, "group_size": 64}, "q_proj.weight", "U32", (64, 8), ("param", (64, 64))),  # MLX
    ({"bits": 4, "group_size": 64}, "q_proj.biases", "F16", (64, 1), ("buffer", (64, 1))),
    ({"bits": 4, "group_size": 64}, "q_proj.bias", "F16", (64,), ("param", (64,))),
    ({"quant_method": "compressed-tensors", "config_groups": {"g": {"weights": {"num_bits": 8}}}},
     "q_proj.weight", "I8", (64, 64), ("param", (64, 64))),
]


NOT_QUANTIZED = [  # (no quantization_config) the old GPT-2 checkpoints' masks and other state that is not trained
    (None, "h.0.attn.bias", "F32", (1, 1, 1024, 1024), ("buffer", (1, 1, 1024, 1024))),
    (None, "h.0.attn.masked_bias", "F32", (), ("buffer", ())),
    (None, "h.0.attn.c_attn.bias", "F32", (2304,), ("param", (2304,))),
    (None, "embeddings.position_ids", "I64", (1, 512), ("buffer", (1, 512))),
]


@pytest.mark.parametrize("quant, name, dtype, shape, expected", NOT_QUANTIZED)
def test_stored_state_that_is_not_a_parameter(quant, name, dtype, shape, expected):
    from paramsum.formats.checkpoint import stored_tensor

    tensor = stored_tensor(name, shape, dtype, 0, quant, [])
    assert (tensor.role, tuple(int(d) for d in tensor.shape)) == expected


@pytest.mark.parametrize("quant, name, dtype, shape, expected", PACKING)
def test_packed_quantized_tensors(quant, name, dtype, shape, expected):
    from paramsum.formats.checkpoint import quantization, stored_tensor

    flagged = []
    tensor = stored_tensor(name, shape, dtype, 0, quantization({"quantization_config": quant}), flagged)
    assert (tensor.role, tuple(int(d) for d in tensor.shape)) == expected
    assert not flagged


def test_an_unknown_packing_is_flagged_never_silent():
    from paramsum.formats.checkpoint import quantization, stored_tensor

    flagged = []
    quant = quantization({"quantization_config": {"quant_method": "somethingnew"}})
    stored_tensor("q_proj.weight", (8, 64), "I32", 0, quant, flagged)
    assert flagged == ["q_proj.weight"]


def test_a_directory_whose_config_paramsum_cannot_read_still_counts_its_checkpoint(tmp_path):
    shutil.copy(CHECKPOINTS / "llama_tiny" / "model.safetensors", tmp_path / "model.safetensors")
    (tmp_path / "config.json").write_text('{"model_type": "xlnet"}')
    result = run(tmp_path, "--total")
    assert result.exit_code == 0
    assert "summarised from the checkpoint's tensors only" in result.stderr
    assert int(result.stdout) == sum(_count(s) for s, _, _ in TRUTH["llama_tiny"]["tensors"].values())


def test_an_unreadable_config_without_a_checkpoint_is_still_an_error(tmp_path):
    (tmp_path / "config.json").write_text('{"model_type": "xlnet"}')
    result = run(tmp_path)
    assert result.exit_code == 2 and "xlnet" in result.stderr


def test_a_checkpoint_on_standard_input_asks_for_its_path():
    content = (CHECKPOINTS / "llama_tiny" / "model.safetensors").read_bytes()
    result = CliRunner().invoke(main, ["-"], input=content)
    assert result.exit_code == 2
    assert "a safetensors checkpoint on standard input; give its path" in result.stderr


def test_text_files_still_read_through_a_pipe(tmp_path):
    import os

    read, write = os.pipe()
    os.write(write, (FIXTURES.parent.parent / "sample_configs" / "mnist.yaml").read_bytes())
    os.close(write)
    result = run(f"/dev/fd/{read}", "--total")
    os.close(read)
    assert result.stdout == "7850\n"


def test_experts_alike_are_one_weight_per_kind(tmp_path):
    header, offset = {}, 0
    for expert in range(8):
        for proj in ("gate_proj", "up_proj", "down_proj"):
            header[f"model.layers.0.mlp.experts.{expert}.{proj}.weight"] = {
                "dtype": "BF16", "shape": [4, 2], "data_offsets": [offset, offset + 16]}
            offset += 16
    path = tmp_path / "moe.safetensors"
    path.write_bytes(_safetensors(header, b"\0" * offset))
    (row,) = summarize(str(path)).layers
    assert [(w.name, tuple(w.shape), w.nbytes) for w in row.weights] == [
        ("mlp.experts.*.down_proj.weight", (8, 4, 2), 128), ("mlp.experts.*.gate_proj.weight", (8, 4, 2), 128),
        ("mlp.experts.*.up_proj.weight", (8, 4, 2), 128)]
    assert row.formula == "3 × 8 × 4 × 2"
    assert row.params == 8 * 3 * 8


@pytest.mark.parametrize("version, order", [(1, "<"), (2, "<"), (3, ">")])
def test_gguf_versions_and_big_endian(tmp_path, version, order):
    path = tmp_path / "old.gguf"
    kv = [("general.architecture", 8, struct.pack(order + ("I" if version == 1 else "Q"), 5) + b"llama")]
    path.write_bytes(_gguf(tensors=[("a.weight", [8, 2], 0, 0)], kv=kv, version=version, order=order,
                           data=b"\0" * 64))
    summary = summarize(str(path))
    assert stored(summary) == {"a.weight": ([2, 8], "F32", 64, 16)}
    assert summary.checkpoint.facts["architecture"]["arch"] == "llama"
