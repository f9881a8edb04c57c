"""Hostile input: whatever a file holds, paramsum answers with exact integers (exit 0/1) or one line and exit 2.

One test (or one table) per class of input that broke the contract: sizes past a float's range and
past Python's int-to-text limit, sizes that are no sizes, YAML oddities, fuzz-found crashes; and the
limits that bound the work a file can ask for (paramsum/limits.py), each checked before the work.
Every hostile file is built here, in tmp_path.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import time
import zipfile

import pytest
from click.testing import CliRunner

import paramsum
from paramsum import limits
from paramsum.cli import main

SIZE = 2**48  # MAX_SIZE: the largest size a file may give
CHAIN = "input: [4]\nlayers:\n"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write(tmp_path, text, name="m.yaml"):
    path = tmp_path / name
    (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    return path


def one_line_error(result, *expected):
    """Exit 2, nothing on stdout, one stderr line without a traceback, holding each expected text."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, lines[0]
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


# -- numbers: exact integers end to end ------------------------------------------------------------------------

HUGE_INPUT = "input: [" + ", ".join([str(SIZE)] * 22) + "]\nlayers: [{type: Flatten}, {type: Dense, units: 10}]\n"
HUGE_PARAMS = SIZE**22 * 10 + 10  # about 10**320: past a float's range (1.8e308)


def test_a_count_past_a_floats_range_prints_exactly(tmp_path):
    path = write(tmp_path, HUGE_INPUT)
    assert cli(path, "--total").stdout == f"{HUGE_PARAMS}\n"
    doc = json.loads(cli(path, "--format", "json", "--dtype", "int4").stdout)
    assert doc["totals"]["params"] == HUGE_PARAMS
    assert doc["totals"]["bytes"] == SIZE**22 * 10 // 2 + 5  # 4 bits each: kernel and bias, each in whole bytes
    assert doc["memory"]["weights_bytes"] == doc["totals"]["bytes"]
    for fmt in ("table", "markdown", "csv", "dot", "mermaid"):
        result = cli(path, "--format", fmt, "--dtype", "int4")
        assert result.exit_code == 0 and "Traceback" not in result.output, (fmt, result.output[-300:])
    assert f"{HUGE_PARAMS:,}" in cli(path, "--format", "markdown").stdout
    assert f"{HUGE_PARAMS:,}" in cli(path, "--format", "table").stdout.replace("\n", "")


def test_budgets_on_a_count_past_a_floats_range_are_exact(tmp_path):
    path = write(tmp_path, HUGE_INPUT + "budget: {max_params: 10, max_bytes: 1K}\n")
    result = cli(path, "--total", "--dtype", "int4", "--max-flops", "5")
    assert result.exit_code == 1 and result.stdout == f"{HUGE_PARAMS}\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and "Traceback" not in result.stderr
    assert f"{HUGE_PARAMS:,} params exceed budget max_params 10 by" in result.stderr
    assert f"{SIZE**22 * 10 // 2 + 5:,} bytes (" in result.stderr
    assert " PiB) as int4 exceed budget max_bytes 1K (1000.00 B) by " in result.stderr


def test_a_file_budget_past_a_floats_range(tmp_path):
    model = "input: [784]\nlayers: [{type: Dense, units: 10}]\n"
    exact = write(tmp_path, model + f"budget: {{max_params: {10**310}, max_bytes: {10**310}}}\n")
    result = cli(exact, "--total", "--dtype", "int4")
    assert result.exit_code == 0 and result.stdout == "7850\n" and result.stderr == ""
    one_line_error(cli(write(tmp_path, model + "budget: {max_bytes: 1.0e+400}\n", "inf.yaml")), "budget max_bytes")
    one_line_error(cli(write(tmp_path, model + "budget: {max_params: 1.0e+308}\n", "big.yaml")), "too large")


def test_diff_of_a_count_past_a_floats_range(tmp_path):
    small = write(tmp_path, "input: [784]\nlayers: [{type: Dense, units: 10}]\n", "small.yaml")
    result = cli("diff", small, write(tmp_path, HUGE_INPUT), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["delta"]["params"] == HUGE_PARAMS - 7850


SIZES_PAST_THE_LIMIT = [
    ("native input", f"input: [{10**310}]\nlayers: [{{type: Dense, units: 2}}]\n", "m.yaml", "MAX_SIZE = 2**48"),
    ("Dense units", f"input: [4]\nlayers: [{{type: Dense, units: {10**310}}}]\n", "m.yaml", "units: past"),
    ("2**48 + 1", f"input: [4]\nlayers: [{{type: Dense, units: {SIZE + 1}}}]\n", "m.yaml", "MAX_SIZE"),
    ("Keras Embedding vocabulary",
     f"input: [4]\nlayers: [{{type: Embedding, input_dim: {10**310}, output_dim: 2}}]\n", "m.yaml", "input_dim"),
    ("torch LSTM", f"framework: pytorch\ninput: [5, 4]\nlayers: [{{type: LSTM, hidden_size: {10**310}}}]\n",
     "m.yaml", "hidden_size"),
    ("torch Upsample scale, float",
     "framework: pytorch\ninput: [1, 4, 4]\nlayers: [{type: Upsample, scale_factor: 1.0e+300}]\n", "m.yaml",
     "scale_factor: past paramsum's limit MAX_SIZE"),
    ("torch Upsample scale, integer",
     f"framework: pytorch\ninput: [1, 4, 4]\nlayers: [{{type: Upsample, scale_factor: {10**310}}}]\n", "m.yaml",
     "scale_factor"),
    ("Keras UpSampling2D size", f"input: [4, 4, 1]\nlayers: [{{type: UpSampling2D, size: {10**310}}}]\n", "m.yaml",
     "size"),
    ("Hugging Face vocab_size", json.dumps({"model_type": "llama", "vocab_size": 10**310}), "config.json",
     "vocab_size: past paramsum's limit MAX_SIZE"),
    ("Keras InputLayer", json.dumps({"class_name": "Functional", "config": {
        "name": "m", "layers": [{"class_name": "InputLayer", "name": "x",
                                 "config": {"name": "x", "batch_shape": [None, 10**310]}, "inbound_nodes": []}],
        "input_layers": [["x", 0, 0]], "output_layers": [["x", 0, 0]]}}), "k.json", "MAX_SIZE"),
    ("YAML integer of 5,000 digits", f"input: [{'9' * 5000}]\nlayers: [{{type: Dense, units: 2}}]\n", "m.yaml",
     "an integer of more than 4,300 digits"),
    ("JSON integer of 5,000 digits", '{"input": [%s], "layers": [{"type": "Dense", "units": 2}]}' % ("9" * 5000),
     "m.json", "an integer of more than 4,300 digits"),
    ("YAML name of 5,000 digits", f"name: {'9' * 5000}\ninput: [4]\nlayers: [{{type: Dense, units: 2}}]\n",
     "m.yaml", "4,300 digits"),
]


@pytest.mark.parametrize("text,name,expected", [c[1:] for c in SIZES_PAST_THE_LIMIT],
                         ids=[c[0] for c in SIZES_PAST_THE_LIMIT])
def test_a_size_past_max_size_is_one_line(tmp_path, text, name, expected):
    line = one_line_error(cli(write(tmp_path, text, name), "--total"), expected)
    assert len(line) < 400, line  # the 311 digits are not repeated back


def test_the_largest_size_is_read_exactly(tmp_path):
    path = write(tmp_path, f"input: [{SIZE}]\nlayers: [{{type: Dense, units: {SIZE}}}]\n")
    assert cli(path, "--total").stdout == f"{SIZE * SIZE + SIZE}\n"


COMPUTED_PAST_THE_LIMIT = [
    ("a chain of Concatenate doubling a tensor", CHAIN + "  - {name: c0, type: Dense, units: 4}\n" + "".join(
        f"  - {{name: c{i}, type: Concatenate, inputs: [c{i - 1}, c{i - 1}]}}\n" for i in range(1, 3400))),
    ("a chain of Upsample by 2**48", "framework: pytorch\ninput: [1, 4, 4]\nlayers:\n"
     + f"  - {{type: Upsample, scale_factor: {SIZE}}}\n" * 40),
    ("an input of 100 axes of 2**48", "input: [" + ", ".join([str(SIZE)] * 100) + "]\nlayers: [{type: Flatten}]\n"),
]


@pytest.mark.parametrize("text", [c[1] for c in COMPUTED_PAST_THE_LIMIT], ids=[c[0] for c in COMPUTED_PAST_THE_LIMIT])
def test_a_tensor_past_max_elements_is_one_line(tmp_path, text):
    one_line_error(cli(write(tmp_path, text), "--total"), "MAX_ELEMENTS = 10**1000")


NOT_SIZES = [
    ("negative batch size", "{shape: [4], batch_shape: [2, -7]}", "batch_shape"),
    ("float", "{shape: [4], batch_shape: [2, 4.5]}", "received: [2, 4.5]"),
    ("bool", "{shape: [4], batch_shape: [2, true]}", "received: [2, True]"),
    ("an int", "{shape: [4], batch_shape: 3}", "batch_shape must be a list"),
    ("a string", "{shape: [4], batch_shape: abc}", "batch_shape must be a list"),
    ("empty", "{shape: [4], batch_shape: []}", "batch_shape must be a list"),
    ("disagreeing", "{shape: [4], batch_shape: [2, 5]}", "disagree"),
    ("batch_size a float", "{shape: [4], batch_size: 2.5}", "batch size"),
    ("no shape", "{batch_size: 2}", "needs a 'shape'"),
    ("a float size", "[4.5]", "positive sizes"),
    ("a bool size", "[true]", "positive sizes"),
    ("a negative size", "[-3]", "positive sizes"),
]


@pytest.mark.parametrize("value,expected", [c[1:] for c in NOT_SIZES], ids=[c[0] for c in NOT_SIZES])
def test_sizes_are_integers_checked_where_they_enter(tmp_path, value, expected):
    path = write(tmp_path, f"input: {value}\nlayers: [{{type: Dense, units: 2}}]\n")
    one_line_error(cli(path, "--total"), expected)


@pytest.mark.parametrize("value", ["{shape: [4], batch_shape: [2, 4]}", "{batch_shape: [2, 4]}",
                                   "{shape: [4], batch_size: 2}"])
def test_a_fixed_batch_size_shows_in_every_shape(tmp_path, value):
    doc = json.loads(cli(write(tmp_path, f"input: {value}\nlayers: [{{type: Dense, units: 2}}]\n"),
                         "--format", "json").stdout)
    assert doc["totals"]["params"] == 10 and doc["layers"][-1]["output_shape"] == [2, 2]


# -- other inputs that were tracebacks ----------------------------------------------------------------------------

def test_a_lone_surrogate_is_one_line(tmp_path):
    for text in ['{"input": [4], "layers": [{"type": "Dense", "units": 2, "name": "a\\ud800"}]}',
                 '{"input": [4], "layers": [{"type": "Dense", "units": 2, "\\udfff": 1}]}']:
        one_line_error(cli(write(tmp_path, text, "m.json")), "lone surrogate (\\ud", "no Unicode character")
    yaml = 'input: [4]\nlayers: [{type: Dense, units: 2, name: "a\\ud800"}]\n'  # refused by the YAML reader
    one_line_error(cli(write(tmp_path, yaml)), "invalid Unicode character escape")
    pair = '{"input": [4], "layers": [{"type": "Dense", "units": 2, "name": "\\ud83d\\ude00"}]}'  # a valid pair
    assert cli(write(tmp_path, pair, "ok.json"), "--total").stdout == "10\n"


MERGE = """input: [784]
layers:
  - &first {type: Dense, units: 5, name: first}
  - {<<: *first, units: 10, name: second}
"""


def test_a_yaml_merge_key_with_an_override_is_read(tmp_path):
    doc = json.loads(cli(write(tmp_path, MERGE), "--format", "json").stdout)
    assert [(row["name"], row["params"]) for row in doc["layers"] if row["type"] == "Dense"] == [
        ("first", 3925), ("second", 60)]


def test_the_first_merged_mapping_wins_and_own_duplicates_are_refused(tmp_path):
    text = ("input: [4]\ndescription: [&a {type: Dense, units: 3}, &b {type: Dense, units: 7, use_bias: false}]\n"
            "layers: [{<<: [*a, *b]}]\n")
    assert cli(write(tmp_path, text), "--total").stdout == str(4 * 3) + "\n"  # units 3 (a), use_bias false (b)
    one_line_error(cli(write(tmp_path, "input: [4]\nlayers: [{type: Dense, units: 2, units: 3}]\n")),
                   "duplicate key 'units'")


def test_a_deep_alias_chain_is_a_paramsum_error_in_the_library(tmp_path):
    lines = ["input: [4]", "description: &a0 [1]"]
    lines += [f"x{i}: &a{i} [*a{i - 1}]" for i in range(1, 3000)]
    path = write(tmp_path, "\n".join(lines).replace("x1:", "budget:") + "\nlayers: [{type: Dense, units: 2}]\n")
    with pytest.raises(paramsum.ParamsumError, match="MAX_DEPTH = 100"):
        paramsum.summarize(str(path))
    one_line_error(cli(path), "MAX_DEPTH")


def test_a_recursive_alias_is_one_line(tmp_path):
    one_line_error(cli(write(tmp_path, "input: [4]\nlayers: &a [*a]\n")), "m.yaml:2:9:", "recursive")


@pytest.mark.parametrize("value, found", [("!!map [1]", "sequence"), ("!!map 1", "scalar"),
                                          ("!!seq {a: 1}", "mapping"), ("!!seq 1", "scalar")])
def test_a_collection_tag_on_another_kind_of_value_is_one_line(tmp_path, value, found):
    expected = "mapping" if "map" in value else "sequence"
    one_line_error(cli(write(tmp_path, f"input: [4]\ndescription: {value}\nlayers: [{{type: Dense, units: 2}}]\n")),
                   "m.yaml:2:14:", f"expected a {expected}, but found a {found}")


def keras2(layers, inputs, outputs):
    return json.dumps({"class_name": "Functional", "keras_version": "2.13.1", "backend": "tensorflow", "config": {
        "name": "m", "layers": layers, "input_layers": inputs, "output_layers": outputs}})


KERAS2_INPUT = {"class_name": "InputLayer", "name": "x", "config": {"name": "x", "batch_input_shape": [None, 4]},
                "inbound_nodes": []}
FUZZ_FOUND = [
    ("an output reference with a newline",
     "input: [4]\nlayers: [{type: Dense, units: 2, name: a}]\noutputs: ['a\n\n  b']\n", "m.yaml",
     "output 'a\\nb' is not a layer"),
    ("RandomCrop on rank 2", "input: [5]\nlayers: [{type: RandomCrop, height: 2, width: 2}]\n", "m.yaml",
     "RandomCrop cannot take input shape (None, 5)"),
    ("Dot on rank 1", "inputs: {a: [], b: []}\nlayers: [{type: Dot, axes: 0, inputs: [a, b]}]\n", "m.yaml",
     "Dot takes inputs of rank 2 or more"),
    ("a Keras 2 kwarg tensor of None", keras2([KERAS2_INPUT, {
        "class_name": "MultiHeadAttention", "name": "d", "config": {"name": "d", "num_heads": 2, "key_dim": 2},
        "inbound_nodes": [[["x", 0, 0, {"value": ["x", 0, None]}]]]}], [["x", 0, 0]], [["d", 0, 0]]), "k.json",
     "MultiHeadAttention takes [query, value]"),
    ("an empty batch_input_shape", keras2([{**KERAS2_INPUT, "config": {"name": "x", "batch_input_shape": []}}],
                                          [["x", 0, 0]], [["x", 0, 0]]), "k.json", "input shape [] has no batch axis"),
]


HF = paramsum.__file__.rsplit("/", 2)[0] + "/tests/fixtures/huggingface/"


def hf(fixture, **changes):
    return json.dumps({**json.load(open(f"{HF}{fixture}.config.json")), **changes})


FUZZ_FOUND += [
    ("attention over the feature axis",
     "inputs: {q: [5, 8]}\nlayers: [{type: MultiHeadAttention, num_heads: 2, key_dim: 4, attention_axes: -1, "
     "inputs: [q, q]}]\n", "m.yaml", "attention_axes: axis -1 is the projected query's feature axis"),
    ("a sliding window that is no size", hf("gemma2_2b_it", sliding_window="x"), "config.json",
     "sliding_window: expected a non-negative integer"),
    ("a rotary factor of 1e308", hf("stablelm_3b_4e1t", partial_rotary_factor=1e308), "config.json",
     "partial_rotary_factor: expected a positive number"),
    ("stage depths of 2**47 blocks", hf("convnext_tiny", depths=[3, 3, 2**47, 3]), "config.json",
     "past paramsum's limit MAX_REPEATS"),
    ("an MLP ratio of 1e308", hf("swin_tiny_cls", mlp_ratio=1e308), "config.json", "mlp_ratio: expected a ratio"),
    ("layer types for 2**47 layers", hf("gemma3_text_tiny_pattern", num_hidden_layers=2**47), "config.json",
     "num_hidden_layers=140,737,488,355,328: past paramsum's limit MAX_REPEATS"),
]


@pytest.mark.parametrize("text,name,expected", [c[1:] for c in FUZZ_FOUND], ids=[c[0] for c in FUZZ_FOUND])
def test_fuzz_found_crashes_are_one_line(tmp_path, text, name, expected):
    one_line_error(cli(write(tmp_path, text, name)), expected)


def test_a_control_character_in_a_message_stays_on_one_line(tmp_path):
    path = write(tmp_path, 'input: [4]\nlayers: [{type: Dense, units: 2, inputs: ["\\e[2J\\r\\nx"]}]\n')
    one_line_error(cli(path), "\\x1b[2J\\r\\nx")


# -- bounded work: each limit checked before the work ------------------------------------------------------------

def test_a_huge_num_layers_is_refused_at_once(tmp_path):
    for layer in ["{type: LSTM, hidden_size: 4, num_layers: 1000000000}",
                  "{type: GRU, hidden_size: 4, num_layers: 20000}",
                  "{type: TransformerEncoder, num_layers: 1000000000, encoder_layer: "
                  "{type: TransformerEncoderLayer, d_model: 4, nhead: 1}}",
                  "{type: Transformer, d_model: 4, nhead: 1, num_encoder_layers: 1000000000}"]:
        start = time.perf_counter()
        path = write(tmp_path, f"framework: pytorch\ninput: [3, 4]\nlayers: [{layer}]\n")
        one_line_error(cli(path, "--total"), "past paramsum's limit MAX_REPEATS = 10,000")
        assert time.perf_counter() - start < 5
    path = write(tmp_path, "framework: pytorch\ninput: [3, 4]\n"
                           "layers: [{type: LSTM, hidden_size: 4, num_layers: 10000}]\n")
    assert cli(path, "--total").stdout == f"{10_000 * (16 * 4 + 16 * 4 + 2 * 16)}\n"  # 4 gates × 4 per layer


def test_an_alias_bomb_is_refused_before_the_layers_are_read(tmp_path):
    path = write(tmp_path, CHAIN + "  - &l {type: Dense, units: 4}\n" + "  - *l\n" * 150_000)
    start = time.perf_counter()
    one_line_error(cli(path, "--total"), "m.yaml:3:3: aliases that add more than 100,000 values",
                   "MAX_ALIAS_NODES = 100,000")  # (told at the list that holds them, before it is built)
    assert time.perf_counter() - start < 20
    scalars = write(tmp_path, "input: [4]\nbudget: {max_params: &s 100}\ndescription: [" + "*s, " * 200_000
                    + "*s]\nlayers: [{type: Dense, units: 2}]\n", "scalars.yaml")  # 1.2 MB: no value is a mapping
    one_line_error(cli(scalars, "--total"), "scalars.yaml:3:14: aliases that add more than 100,000 values")
    laughs = ["input: [4]", "description:", "  - &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    laughs += [f"  - &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]  # 10**7 values from 60 aliases
    one_line_error(cli(write(tmp_path, "\n".join(laughs) + "\nlayers: [{type: Dense, units: 2}]\n", "laughs.yaml")),
                   "aliases that expand to 12,345,660 more values", "MAX_ALIAS_NODES")  # 11,111,111 in a6 alone
    few = write(tmp_path, CHAIN + "  - &l {type: Dense, units: 4}\n" + "  - *l\n" * 3, "few.yaml")
    assert cli(few, "--total").stdout == "80\n"  # a few aliases are read as the layers they repeat


def test_a_fifo_without_a_writer_does_not_block(tmp_path):
    fifo = tmp_path / "model.yaml"
    os.mkfifo(fifo)
    process = subprocess.run([sys.executable, "-m", "paramsum", str(fifo)], capture_output=True, text=True,
                             timeout=30)
    assert process.returncode == 2 and process.stderr.count("\n") == 1 and "file is empty" in process.stderr


def _silent_fifo(tmp_path, written=b""):
    """A FIFO with a writer that writes `written` and then nothing, never closing: (path, descriptors to close)."""
    fifo = tmp_path / "model.yaml"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # (a reader, so that the writer's open returns)
    writer = os.open(fifo, os.O_WRONLY)
    os.write(writer, written)
    return fifo, (reader, writer)


def test_a_fifo_whose_writer_stays_silent_is_one_line_after_the_wait(monkeypatch, tmp_path):
    monkeypatch.setattr(limits.PIPE_WAIT, "value", 0.3)
    fifo, descriptors = _silent_fifo(tmp_path)
    start = time.perf_counter()
    try:
        one_line_error(cli(fifo), "model.yaml: no data for 0.3 s after 0 bytes", "MAX_PIPE_WAIT")
    finally:
        for descriptor in descriptors:
            os.close(descriptor)
    assert time.perf_counter() - start < 10


def test_standard_input_from_a_silent_pipe_is_one_line_after_the_wait(monkeypatch):
    from paramsum.formats.source import read_stream

    monkeypatch.setattr(limits.PIPE_WAIT, "value", 0.3)
    reader, writer = os.pipe()
    os.write(writer, b"input: [4]\n")
    with os.fdopen(reader, "rb") as stream, pytest.raises(paramsum.ParamsumError, match="after 11 bytes"):
        read_stream(stream, 1000, "<stdin>")
    os.close(writer)


def test_a_pipe_that_writes_slowly_is_read_whole():
    """The wait is for silence, not for the whole: a writer that pauses under MAX_PIPE_WAIT is read to its end."""
    writer = ("import sys, time\nfor line in ['input: [4]', 'layers:', '  - {type: Dense, units: 3}']:\n"
              "    print(line, flush=True); time.sleep(0.3)\n")
    producer = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE)
    process = subprocess.run([sys.executable, "-m", "paramsum", "--total", "-"], stdin=producer.stdout,
                             capture_output=True, text=True, timeout=30)
    producer.wait()
    assert (process.returncode, process.stdout, process.stderr) == (0, "15\n", "")


def test_a_yaml_file_of_more_values_than_the_limit_is_refused_where_they_are(monkeypatch, tmp_path):
    """PyYAML holds every value's node until the document ends (some 400 bytes each: a 64 MiB list of small
    integers would take 13 GB), so their number is bounded; within the bound the file reads, and JSON has none."""
    monkeypatch.setattr(limits.YAML_VALUES, "value", 12)
    text = "input: [4]\nlayers: [{type: Dense, units: 2}]\n"  # 9 values: the keys, their values, the items
    assert cli(write(tmp_path, text), "--total").stdout == "10\n"
    one_line_error(cli(write(tmp_path, "input: [4]\ndescription: [1, 2, 3, 4, 5, 6, 7, 8]\n" + text)),
                   "m.yaml:2:14: more than 12 values", "MAX_YAML_VALUES")
    as_json = json.dumps({"input": [4], "description": list(range(100)), "layers": [{"type": "Dense", "units": 2}]})
    assert cli(write(tmp_path, as_json, "m.json"), "--total").stdout == "10\n"  # (JSON's bound is on containers)


def test_a_json_file_of_more_mappings_and_lists_than_the_limit_is_refused_before_it_is_parsed(monkeypatch, tmp_path):
    monkeypatch.setattr(limits.JSON_CONTAINERS, "value", 40)
    few = json.dumps({"input": [4], "description": [[]] * 30, "layers": [{"type": "Dense", "units": 2}]})
    assert cli(write(tmp_path, few, "m.json"), "--total").stdout == "10\n"  # 34 containers
    many = json.dumps({"input": [4], "description": [[]] * 40, "layers": [{"type": "Dense", "units": 2}]})
    one_line_error(cli(write(tmp_path, many, "m.json")), "m.json: more than 40 mappings and lists",
                   "MAX_JSON_CONTAINERS")


def test_a_device_is_refused():
    one_line_error(cli("/dev/zero"), "is a device")


def keras_archive(tmp_path, data, name="m.keras", method=zipfile.ZIP_DEFLATED):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", method) as archive:
        archive.writestr("config.json", data)
    return path


def patched(path, changes):
    """The archive with header fields overwritten: {(header magic, offset): (struct format, value)}."""
    data = bytearray(path.read_bytes())
    for (magic, offset), (fmt, value) in changes.items():
        at = data.rfind(magic) + offset
        data[at:at + struct.calcsize(fmt)] = struct.pack(fmt, value)
    path.write_bytes(bytes(data))
    return path


LOCAL, CENTRAL = b"PK\x03\x04", b"PK\x01\x02"
KERAS_CONFIG = (paramsum.__file__.rsplit("/", 2)[0] + "/sample_configs/keras_tf2_sequential.json")


ARCHIVES = [
    ("UTF-16 config.json", lambda p: keras_archive(p, open(KERAS_CONFIG).read().encode("utf-16")), "UTF-16 text"),
    ("latin-1 config.json", lambda p: keras_archive(p, b'{"name": "caf\xe9"}'), "not UTF-8 text"),
    ("a zip inside the zip", lambda p: keras_archive(p, keras_archive(p, b"{}", "inner.zip").read_bytes()),
     "itself a zip archive"),
    ("a JSON list", lambda p: keras_archive(p, b"[1, 2]"), "not a JSON object"),
    ("deep nesting", lambda p: keras_archive(p, b'{"a": ' + b"[" * 100000 + b"]" * 100000 + b"}"), "nesting deeper"),
    ("encrypted", lambda p: patched(keras_archive(p, b"{}"), {(LOCAL, 6): ("<H", 1), (CENTRAL, 8): ("<H", 1)}),
     "encrypted"),
    ("an unknown compression method",
     lambda p: patched(keras_archive(p, b"{}"), {(LOCAL, 8): ("<H", 99), (CENTRAL, 10): ("<H", 99)}),
     "compression method is not supported"),
    ("a central directory that lies about the offset",
     lambda p: patched(keras_archive(p, b"{}"), {(CENTRAL, 42): ("<I", 3)}), "cannot be read"),
    ("a central directory that lies about the size",
     lambda p: patched(keras_archive(p, b'{"a": "' + b" " * 100_000 + b'"}'),
                       {(LOCAL, 22): ("<I", 10), (CENTRAL, 24): ("<I", 10)}), "cannot be read"),
    ("damaged data", lambda p: patched(keras_archive(p, b'{"a": "' + b"x" * 1000 + b'"}'), {(LOCAL, 40): ("<I", 0)}),
     "cannot be read"),
    ("truncated", lambda p: (lambda path: path.write_bytes(path.read_bytes()[:-30]) and path)(
        keras_archive(p, b"{}")), "not a readable .keras archive"),
]


@pytest.mark.parametrize("make,expected", [c[1:] for c in ARCHIVES], ids=[c[0] for c in ARCHIVES])
def test_a_hostile_keras_archive_is_one_line(tmp_path, make, expected):
    one_line_error(cli(make(tmp_path)), expected)


def test_a_keras_archive_member_is_read_with_a_bounded_read(tmp_path, monkeypatch):
    from paramsum.formats import archive

    monkeypatch.setattr(archive, "MAX_CONFIG_BYTES", 2**20)
    big = b'{"a": "' + b" " * (3 * 2**20) + b'"}'
    one_line_error(cli(keras_archive(tmp_path, big)), "MAX_MEMBER_BYTES")
    # the header says 10 bytes: the read stops at the limit all the same
    lying = patched(keras_archive(tmp_path, big, "lie.keras"), {(LOCAL, 22): ("<I", 10), (CENTRAL, 24): ("<I", 10)})
    one_line_error(cli(lying), "config.json in the archive")
    assert cli(keras_archive(tmp_path, open(KERAS_CONFIG).read(), "ok.keras"), "--total").stdout == "101770\n"


def test_a_received_value_is_elided_in_messages(tmp_path):
    path = write(tmp_path, "input: '" + "[" * 2_000_000 + "'\nlayers: [{type: Dense, units: 2}]\n")
    line = one_line_error(cli(path), "received: '[[[[", "(2,000,002 characters)")
    assert len(line) < 300, line
    units = write(tmp_path, "input: [4]\nlayers: [{type: Dense, units: [" + "1, " * 50_000 + "1]}]\n", "u.yaml")
    line = one_line_error(cli(units), "received: units=[1, 1, 1", "(a list of 50,001 items)")
    assert len(line) < 300, line


# -- the limits table: every limit says its name and where it is documented -----------------------------------------

def _past(monkeypatch, tmp_path, limit):
    """A file past `limit` (the limit lowered where building one past the real value would take long)."""
    from paramsum.formats import archive, source

    if limit is limits.SIZE:
        return cli(write(tmp_path, f"input: [{SIZE + 1}]\nlayers: [{{type: Dense, units: 2}}]\n"))
    if limit is limits.ELEMENTS:
        return cli(write(tmp_path, COMPUTED_PAST_THE_LIMIT[2][1]))
    if limit is limits.REPEATS:
        return cli(write(tmp_path, "framework: pytorch\ninput: [3, 4]\nlayers: [{type: RNN, hidden_size: 2, "
                                   "num_layers: 10001}]\n"))
    if limit is limits.LAYERS:
        monkeypatch.setattr(limits.LAYERS, "value", 3)
        return cli(write(tmp_path, CHAIN + "  - {type: Dense, units: 2}\n" * 4))
    if limit is limits.FILE_BYTES:
        monkeypatch.setattr(source, "MAX_FILE_BYTES", 100)
        return cli(write(tmp_path, CHAIN + "  - {type: Dense, units: 2}\n" * 10))
    if limit is limits.MEMBER_BYTES:
        monkeypatch.setattr(archive, "MAX_CONFIG_BYTES", 100)
        return cli(keras_archive(tmp_path, b" " * 200))
    if limit is limits.DEPTH:
        return cli(write(tmp_path, "input: [4]\ndescription: &a [[[[1]]]]\nbudget: " + "[" * 99 + "*a" + "]" * 99))
    if limit is limits.INT_DIGITS:
        return cli(write(tmp_path, f"input: [{'9' * 4301}]\nlayers: [{{type: Dense, units: 2}}]\n"))
    if limit is limits.STORED_WEIGHTS:
        pytest.importorskip("h5py")
        from paramsum.formats import h5

        monkeypatch.setattr(h5, "MAX_WEIGHTS", 1)
        return cli(paramsum.__file__.rsplit("/", 2)[0] + "/tests/fixtures/h5/k3_mlp.h5")
    if limit is limits.ALIAS_NODES:
        return cli(write(tmp_path, CHAIN + "  - &l {type: Dense, units: 4}\n" + "  - *l\n" * 40_000))
    if limit is limits.YAML_VALUES:
        monkeypatch.setattr(limits.YAML_VALUES, "value", 10)
        return cli(write(tmp_path, "description: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" + CHAIN
                         + "  - {type: Dense, units: 2}\n"))
    if limit is limits.JSON_CONTAINERS:
        monkeypatch.setattr(limits.JSON_CONTAINERS, "value", 10)
        return cli(write(tmp_path, json.dumps({"input": [4], "description": [{}] * 20, "layers": [
            {"type": "Dense", "units": 2}]}), "m.json"))
    if limit is limits.HEADER_BYTES:
        return cli(write(tmp_path, struct.pack("<Q", 2**40) + b"{}", "m.safetensors"))
    if limit is limits.DIMS:
        gguf = b"GGUF" + struct.pack("<IQQ", 3, 1, 0) + struct.pack("<Q", 1) + b"w" + struct.pack("<I", 9)
        return cli(write(tmp_path, gguf + struct.pack("<9Q", *[1] * 9) + struct.pack("<IQ", 0, 0) + b"\0" * 64,
                         "m.gguf"))
    if limit is limits.PIPE_WAIT:
        monkeypatch.setattr(limits.PIPE_WAIT, "value", 0.2)  # (its name and shown value stay)
        fifo, descriptors = _silent_fifo(tmp_path)
        try:
            return cli(fifo)
        finally:
            for descriptor in descriptors:
                os.close(descriptor)
    return None


@pytest.mark.parametrize("limit", limits.ALL, ids=[limit.name for limit in limits.ALL])
def test_each_limit_names_itself_and_its_docs(monkeypatch, tmp_path, limit):
    result = _past(monkeypatch, tmp_path, limit)
    if result is None:  # an elision, not a refusal: the message tests above show it
        assert limit in (limits.SHOWN_CHARS, limits.MESSAGE_CHARS)
        return
    one_line_error(result, f"limit {limit.name} = {limit.shown}", limits.DOCS)


@pytest.mark.parametrize("fixture, layers", [("nested_models.json", 11), ("tf2_time_distributed_model.json", 6)])
def test_the_layer_limit_counts_the_layers_of_nested_and_wrapped_models(monkeypatch, fixture, layers):
    path = paramsum.__file__.rsplit("/", 2)[0] + f"/tests/fixtures/keras_models/{fixture}"
    monkeypatch.setattr(limits.LAYERS, "value", layers)
    assert cli(path, "--total").exit_code == 0
    monkeypatch.setattr(limits.LAYERS, "value", layers - 1)
    one_line_error(cli(path, "--total"), f"{layers:,} layers, nested models' included", "MAX_LAYERS")
