"""PyTorch models against torch: the sample configs built in torch, inferred sizes, torchinfo shapes.

Expected values come from tests/fixtures/torch_models/*.json (tools/make_model_fixtures.py)
and the layer fixtures tests/fixtures/torch_*.json (tools/make_fixtures.py); no torch needed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum import ParamsumError, summarize
from paramsum.cli import main
from tests.helpers import fixture_cases, summarize_case

ROOT = Path(__file__).resolve().parents[1]
MODELS = sorted((ROOT / "tests" / "fixtures" / "torch_models").glob("*.json"))
LAYER_CASES = [c for c in fixture_cases("torch_") if "error" not in c[2]]


def _model(path):
    truth = json.loads(path.read_text())
    return truth, summarize(ROOT / truth["sample"])


def _full_names(summary, kind):
    return [(f"{layer.name}.{w.name}", [int(d) for d in w.shape], w.trainable if kind == "weights" else w.dtype)
            for layer in summary.layers for w in getattr(layer, kind)]


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_sample_totals_match_torch(path):
    truth, summary = _model(path)
    totals = summary.totals
    assert (totals.params, totals.trainable_params, totals.non_trainable_params, totals.buffers) == (
        truth["params"], truth["trainable_params"], truth["non_trainable_params"], truth["buffers"])
    assert totals.params == truth["torchinfo"]["total_params"]
    assert totals.trainable_params == truth["torchinfo"]["trainable_params"]


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_sample_macs_match_flop_counter(path):
    """One forward pass at batch 1: the total and every row (a module's MACs, its sublayers included)."""
    truth, summary = _model(path)
    assert summary.totals.macs == truth["macs"]
    assert summary.totals.flops == 2 * truth["macs"]
    rows = {layer.name: layer.macs for layer in summary.layers}
    assert {name: macs for name, macs in rows.items() if macs} == {
        name: macs for name, macs in truth["module_macs"].items() if name in rows}
    for name, macs in truth["module_macs"].items():
        if name in rows or any(name.startswith(row + ".") for row in rows):
            continue  # a row, or a sublayer within a row's count
        # a container the sample flattens (torchvision's layer2.0): the sum of the rows it holds
        assert sum(m for row, m in rows.items() if row.startswith(name + ".")) == macs, name


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_sample_named_parameters_and_buffers_match_torch(path):
    truth, summary = _model(path)
    assert _full_names(summary, "weights") == [tuple(p) for p in truth["parameters"]]
    assert [(n, s) for n, s, _ in _full_names(summary, "buffers")] == [(n, s) for n, s, _ in truth["buffer_list"]]
    assert [d or "float32" for *_, d in _full_names(summary, "buffers")] == [d for *_, d in truth["buffer_list"]]


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_sample_output_shapes_match_torch(path):
    truth, summary = _model(path)
    layers = [layer for layer in summary.layers if layer.type != "InputLayer"]
    assert layers
    for layer in layers:
        assert list(layer.output_shape) == truth["output_shapes"][layer.name], layer.name


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_sample_has_every_module_call_and_tensor_op_of_the_torch_model(path):
    truth, summary = _model(path)
    names = {layer.name for layer in summary.layers}
    recorded = truth["output_shapes"]
    # Containers (layer2, layer2.0) are not rows; their leaves and ops are, or sit inside a row (TransformerEncoder).
    leaves = [n for n in recorded if not any(other.startswith(n + ".") for other in recorded)]
    assert [n for n in leaves if n not in names and not any(n.startswith(row + ".") for row in names)] == []


def test_lenet5_names_are_sequential_indices():
    summary = summarize(ROOT / "sample_configs" / "torch_lenet5.yaml")
    assert [layer.name for layer in summary.layers][:3] == ["0", "1", "2"]
    assert summary.layers[0].formula == "6 × 1 × 5 × 5 + 6"
    assert summary.totals.params == 61_706


def test_lstm_formula_counts_both_bias_vectors():
    summary = summarize(ROOT / "sample_configs" / "torch_lstm_classifier.yaml")
    lstm = next(layer for layer in summary.layers if layer.type == "LSTM")
    assert "4 × 256" in lstm.formula
    assert eval(lstm.formula.replace("×", "*"), {"__builtins__": {}}) == lstm.params == 2_367_488
    per_layer_and_direction = 4 * 256 * (128 + 256) + 2 * 4 * 256
    assert sum(w.count for w in lstm.weights if w.name.endswith("_l0")) == per_layer_and_direction
    assert [w.name for w in lstm.weights][:4] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]


def test_frozen_layer_params_are_non_trainable():
    summary = summarize(ROOT / "sample_configs" / "torch_lstm_classifier.yaml")
    assert summary.layers[0].non_trainable_params == 20_000 * 128
    assert summary.totals.non_trainable_params == 20_000 * 128


def test_json_lists_buffers_apart():
    result = CliRunner().invoke(main, ["--format", "json", str(ROOT / "sample_configs" / "torch_resnet_stage.yaml")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    bn = next(layer for layer in data["layers"] if layer["name"] == "layer2.0.bn1")
    assert [w["name"] for w in bn["weights"]] == ["weight", "bias"]
    assert [b["name"] for b in bn["buffers"]] == ["running_mean", "running_var", "num_batches_tracked"]
    assert bn["params"] == 256
    assert data["totals"]["buffers"] == 1285 and data["totals"]["params"] == 525_568


# -- sizes taken from the input: leaving the argument out gives what torch gave with it ---------------

INFERABLE = ("in_features", "in1_features", "in2_features", "in_channels", "num_features", "num_channels",
             "input_size", "embed_dim", "d_model", "normalized_shape")


def _inferable(case):
    args = case.get("args") or {}
    keys = [k for k in INFERABLE if k in args]
    if case["type"] == "Transformer":  # d_model has a default (512): nothing to infer
        return []
    if "normalized_shape" in keys and not isinstance(args["normalized_shape"], int):
        keys.remove("normalized_shape")
    return keys


INFERRED = [(label, case, key) for label, _, case in LAYER_CASES for key in _inferable(case)]


@pytest.mark.parametrize("case,key", [c[1:] for c in INFERRED], ids=[f"{c[0]}-{c[2]}" for c in INFERRED])
def test_left_out_size_is_taken_from_input(case, key):
    given = summarize_case("pytorch", case)
    args = {k: v for k, v in case["args"].items() if k != key}
    inferred = summarize_case("pytorch", {**case, "args": args})
    assert [(w.name, w.shape) for w in inferred.weights] == [(w.name, w.shape) for w in given.weights]
    assert [(b.name, b.shape) for b in inferred.buffers] == [(b.name, b.shape) for b in given.buffers]
    assert inferred.output_shape == given.output_shape


@pytest.mark.parametrize("type_name,args,shape,message", [
    ("Linear", {"in_features": 100, "out_features": 10}, [784],
     "in_features=100 but the input has 784 features (last axis)"),
    ("Conv2d", {"in_channels": 4, "out_channels": 8, "kernel_size": 3}, [3, 32, 32],
     "in_channels=4 but the input has 3 channels (axis 1)"),
    ("BatchNorm2d", {"num_features": 4}, [8, 4, 4], "num_features=4 but the input has 8 channels (axis 1)"),
    ("LSTM", {"input_size": 6, "hidden_size": 8}, [4, 7], "input_size=6 but the input has 7 features (last axis)"),
])
def test_disagreeing_size_names_layer_argument_and_both_values(type_name, args, shape, message):
    with pytest.raises(ParamsumError) as caught:
        summarize_case("pytorch", {"type": type_name, "args": args, "input": shape})
    assert caught.value.layer == "layer_under_test"
    assert message in str(caught.value)


def test_disagreeing_size_exits_2_with_one_line(tmp_path):
    model = tmp_path / "m.yaml"
    layer = "{type: Linear, in_features: 100, out_features: 10}"
    model.write_text(f"framework: pytorch\ninput: [784]\nlayers:\n  - {layer}\n")
    result = CliRunner().invoke(main, [str(model)])
    assert result.exit_code == 2
    assert "layer '0'" in result.output and "in_features=100 but the input has 784" in result.output


def test_unknown_size_needs_the_argument():
    with pytest.raises(ParamsumError, match="in_features is not given"):
        summarize_case("pytorch", {"type": "Linear", "args": {"out_features": 3}, "input": [None]})


# -- torchinfo's output sizes -------------------------------------------------------------------------

TORCHINFO = [(label, case) for label, _, case in LAYER_CASES
             if "torchinfo_output_shape" in case and "unknown_dim_size" not in case
             and all(isinstance(d, int) for d in case["torchinfo_output_shape"])]


@pytest.mark.parametrize("case", [c[1] for c in TORCHINFO], ids=[c[0] for c in TORCHINFO])
def test_output_shape_matches_torchinfo(case):
    layer = summarize_case("pytorch", case)
    assert list(layer.output_shape[1:]) == case["torchinfo_output_shape"][1:]


# torch refuses these too, but its message lists a set in hash order, so they are not fixture rows.
@pytest.mark.parametrize("args,message", [
    ({"padding": "full"}, "expected 'valid', 'same', an integer or a list of integers; received: padding='full'"),
    ({"padding_mode": "mirror"}, "padding_mode: expected one of 'zeros', 'reflect', 'replicate', 'circular'"),
])
def test_conv_refuses_unknown_padding_words(args, message):
    args = {"in_channels": 3, "out_channels": 8, "kernel_size": 3, **args}
    case = {"type": "Conv2d", "args": args, "input": [3, 8, 8]}
    with pytest.raises(ParamsumError, match=message.replace("(", r"\(").replace(")", r"\)")):
        summarize_case("pytorch", case)
