"""Keras model files (to_json() of Keras 3, 2 and 1; .keras archives) against what Keras reports.

tests/fixtures/keras_models/ holds files written by tools/make_keras_files.py from models
built with Keras, and truth.json with Keras' own numbers for them. The real-world corpus
beside the repository (shared/corpus/keras_real) is checked the same way when present.
"""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum import ParamsumError, summarize
from paramsum.cli import main

KERAS_MODELS = Path(__file__).parent / "fixtures" / "keras_models"
TRUTH = json.loads((KERAS_MODELS / "truth.json").read_text())
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "keras_real"
CORPUS_TRUTH = json.loads((CORPUS / "truth.json").read_text()) if (CORPUS / "truth.json").exists() else {}
KERAS1 = CORPUS / "keras1"
KERAS1_TRUTH = (
    {k: v for k, v in json.loads((KERAS1 / "hand_counts.json").read_text()).items() if not k.startswith("_")}
    if (KERAS1 / "hand_counts.json").exists() else {}
)
UNKNOWN = {"custom_layer"}  # holds a custom layer paramsum cannot know


def model_path(name):
    for candidate in (f"{name}.json", f"apps/{name}.json.gz", f"{name}.keras"):
        if (KERAS_MODELS / candidate).exists():
            return KERAS_MODELS / candidate
    raise FileNotFoundError(name)


def load(path):
    """A fixture: gzip'd JSON is unpacked here, anything else goes through paramsum's own reading."""
    if path.suffix == ".gz":
        return json.loads(gzip.decompress(path.read_bytes()))
    return str(path)


def shape(value):
    return json.loads(json.dumps(value))


def check_layers(summaries, expected, where):
    by_name = {layer.name: layer for layer in summaries}
    for entry in expected:
        layer = by_name.get(entry["name"])
        assert layer is not None, f"{where}: no layer '{entry['name']}'"
        assert layer.params == entry["params"], f"{where}: {layer.name} params"
        if "trainable" in entry:
            assert layer.trainable_params == entry["trainable"], f"{where}: {layer.name} trainable"
        if entry.get("output_shape") is not None:
            assert shape(layer.output_shape) == entry["output_shape"], f"{where}: {layer.name} output shape"
        if "layers" in entry:
            check_layers(layer.children, entry["layers"], f"{where}/{layer.name}")


def check_totals(summary, truth):
    totals = summary.totals
    assert (totals.params, totals.trainable_params, totals.non_trainable_params) == (
        truth["total"], truth["trainable"], truth["non_trainable"])
    if "bytes" in truth:
        assert totals.bytes == truth["bytes"]


@pytest.mark.parametrize("name", sorted(set(TRUTH) - UNKNOWN))
def test_keras_model_matches_keras(name):
    summary = summarize(load(model_path(name)), source=name)
    check_totals(summary, TRUTH[name])
    check_layers(summary.layers, TRUTH[name]["layers"], name)
    assert summary.warnings == []


@pytest.mark.parametrize("name", sorted(CORPUS_TRUTH))
def test_real_keras_file_matches_keras(name):
    summary = summarize(str(CORPUS / f"{name}.json"))
    check_totals(summary, CORPUS_TRUTH[name])
    check_layers(summary.layers, CORPUS_TRUTH[name]["layers"], name)


@pytest.mark.parametrize("name", sorted(KERAS1_TRUTH))
def test_keras1_file_matches_hand_counts(name):
    summary = summarize(str(KERAS1 / f"{name}.json"))
    check_totals(summary, KERAS1_TRUTH[name])
    check_layers(summary.layers, KERAS1_TRUTH[name]["layers"], name)


def test_keras_format_and_sequential_table():
    summary = summarize(str(model_path("sequential_mlp")))
    assert summary.format == "keras" and summary.chain
    assert [layer.type for layer in summary.layers] == ["Dense", "Dropout", "Dense"]


def test_keras_archive_is_read_without_its_weights():
    summary = summarize(str(KERAS_MODELS / "tiny.keras"))
    assert summary.totals.params == TRUTH["tiny"]["total"]


def test_shared_layer_counts_once_and_lists_every_call():
    summary = summarize(str(model_path("shared_multi_io")))
    lstm = next(layer for layer in summary.layers if layer.name == "shared_lstm")
    assert lstm.calls == 2
    assert [ref.keras() for ref in lstm.inputs] == ["shared_embedding[0][0]", "shared_embedding[1][0]"]


def test_nested_model_called_twice():
    summary = summarize(str(model_path("nested_models")))
    block = next(layer for layer in summary.layers if layer.name == "block")
    assert [ref.keras() for ref in block.inputs] == ["stem[0][0]", "block[0][0]"]
    block_truth = next(layer for layer in TRUTH["nested_models"]["layers"] if layer["name"] == "block")
    assert [child.name for child in block.children] == [child["name"] for child in block_truth["layers"]]
    assert [child.type for child in block.children] == ["InputLayer", "Conv2D", "Add"]


def test_mixed_precision_bytes_follow_variable_dtype():
    summary = summarize(str(model_path("mixed_precision")))
    dtypes = [{w.dtype for w in layer.weights} for layer in summary.layers if layer.weights]
    assert dtypes == [{"float32"}, {"float16"}, {"bfloat16"}]  # mixed_float16 keeps float32 variables


def test_a_dtype_given_sizes_every_weight_whatever_the_layers_policies():
    """--dtype answers "how big at bfloat16?": the layers' own policies (Keras writes one on every layer) give way."""
    params = summarize(str(model_path("mixed_precision"))).totals.params
    for name in ("mixed_precision", "sequential_mlp"):
        summary = summarize(str(model_path(name)), dtype="bfloat16")
        assert {w.dtype for layer in summary.layers for w in layer.weights} == {None}
        assert summary.size_dtype == "bfloat16"
    assert summarize(str(model_path("mixed_precision")), dtype="int8").totals.bytes == params


# -- unknown layers ------------------------------------------------------------------------------


def test_unknown_custom_layer_is_an_error_naming_class_and_layer():
    with pytest.raises(ParamsumError) as caught:
        summarize(str(model_path("custom_layer")))
    message = str(caught.value)
    assert "'Scale'" in message and "layer 'scale'" in message and "--allow-unknown" in message


def test_unknown_custom_layer_counted_as_zero_on_request():
    truth = TRUTH["custom_layer"]
    summary = summarize(str(model_path("custom_layer")), unknown="count-as-zero")
    scale = next(layer for layer in summary.layers if layer.name == "scale")
    scale_truth = next(layer for layer in truth["layers"] if layer["name"] == "scale")
    assert scale.params == 0 and "unknown layer type 'Scale'" in scale.note
    assert shape(scale.output_shape) == scale_truth["output_shape"]  # taken from the file's record
    assert summary.totals.params == truth["total"] - scale_truth["params"]
    assert any("unknown layer type 'Scale'" in w for w in summary.warnings)


def test_cli_allow_unknown():
    path = str(model_path("custom_layer"))
    refused = CliRunner().invoke(main, [path])
    assert refused.exit_code == 2 and refused.stdout == ""
    allowed = CliRunner().invoke(main, ["--allow-unknown", "--total", path])
    assert allowed.exit_code == 0
    scale = next(layer for layer in TRUTH["custom_layer"]["layers"] if layer["name"] == "scale")
    assert allowed.stdout.strip() == str(TRUTH["custom_layer"]["total"] - scale["params"])
    assert "unknown layer type 'Scale'" in allowed.stderr


# -- shapes the file records ------------------------------------------------------------------


def keras_doc(name):
    return json.loads(model_path(name).read_text())


def test_recorded_shape_that_differs_is_a_warning_naming_the_layer():
    doc = keras_doc("functional_cnn")
    for layer in doc["config"]["layers"]:
        for node in layer.get("inbound_nodes", []):
            for arg in node["args"]:
                if arg["config"]["keras_history"][0] == "max_pooling2d":
                    arg["config"]["shape"] = [None, 14, 14, 33]
    summary = summarize(doc, source="edited")
    assert any("'max_pooling2d'" in w and "(None, 14, 14, 33)" in w for w in summary.warnings)


def test_sequential_build_config_shapes_are_checked():
    doc = keras_doc("sequential_mlp")
    doc["config"]["layers"][2]["build_config"] = {"input_shape": [None, 99]}
    summary = summarize(doc, source="edited")
    assert any("(None, 99)" in w for w in summary.warnings)


# -- Keras 2 / Keras 1 layouts -----------------------------------------------------------------


def test_keras2_sequential_as_a_bare_list():
    doc = keras_doc("keras2_sequential_mlp")
    doc["config"] = doc["config"]["layers"]
    assert summarize(doc, source="list").totals.params == TRUTH["sequential_mlp"]["total"]


def test_tf_keras_op_layers():
    doc = keras_doc("keras2_functional_cnn")
    doc["config"]["layers"] += [
        {"class_name": "TFOpLambda", "name": "tf.math.multiply", "inbound_nodes": [
            [["dense", 0, 0, {"y": 0.5, "name": None}]]],
         "config": {"name": "tf.math.multiply", "trainable": True, "dtype": "float32", "function": "math.multiply"}},
        {"class_name": "TFOpLambda", "name": "tf.__operators__.add", "inbound_nodes": [
            [["tf.math.multiply", 0, 0, {"y": ["dense", 0, 0], "name": None}]]],
         "config": {"name": "tf.__operators__.add", "dtype": "float32", "function": "__operators__.add"}},
    ]
    doc["config"]["output_layers"] = [["tf.__operators__.add", 0, 0]]
    summary = summarize(doc, source="ops")
    add = summary.layers[-1]
    assert add.type == "ops.Add" and [r.keras() for r in add.inputs] == ["tf.math.multiply[0][0]", "dense[0][0]"]
    assert shape(add.output_shape) == [None, 10]
    assert summary.totals.params == TRUTH["functional_cnn"]["total"]


def test_keras1_argument_names():
    doc = {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
        {"class_name": "Convolution2D", "config": {
            "name": "conv", "nb_filter": 8, "nb_row": 5, "nb_col": 3, "border_mode": "valid",
            "subsample": [1, 1], "dim_ordering": "tf", "init": "glorot_uniform", "W_regularizer": None,
            "bias": True, "batch_input_shape": [None, 20, 20, 3], "input_dtype": "float32"}},
        {"class_name": "Flatten", "config": {"name": "flat"}},
        {"class_name": "Dropout", "config": {"name": "drop", "p": 0.5}},
        {"class_name": "Dense", "config": {"name": "dense", "output_dim": 4, "init": "glorot_uniform"}},
    ]}
    summary = summarize(doc, source="keras1")
    conv, _, _, dense = summary.layers
    assert conv.formula == "5 × 3 × 3 × 8 + 8" and shape(conv.output_shape) == [None, 16, 18, 8]
    assert dense.formula == f"{16 * 18 * 8} × 4 + 4"


# -- bad files ------------------------------------------------------------------------------------


def broken(name, edit):
    doc = keras_doc(name)
    edit(doc)
    return doc


BAD_FILES = [
    ("dangling_inbound_node", "functional_cnn",
     lambda d: d["config"]["layers"][2]["inbound_nodes"][0]["args"][0]["config"].update(keras_history=["nope", 0, 0]),
     "'nope' is not a layer"),
    ("missing_config", "functional_cnn", lambda d: d["config"]["layers"][1].pop("config"), "has no 'config'"),
    ("unknown_class", "sequential_mlp", lambda d: d["config"]["layers"][1].update(class_name="Dense2"),
     "unknown keras layer type 'Dense2'"),
    ("no_outputs", "functional_cnn", lambda d: d["config"].pop("output_layers"), "no output_layers"),
    ("legacy_node_not_a_ref", "keras2_functional_cnn",
     lambda d: d["config"]["layers"][1].update(inbound_nodes=[[["image"]]]), "inbound node entry"),
    ("node_index_out_of_range", "keras2_functional_cnn",
     lambda d: d["config"]["layers"][1]["inbound_nodes"][0][0].__setitem__(1, 3), "called only"),
    ("sequential_without_input", "keras2_sequential_mlp",
     lambda d: d["config"]["layers"][0]["config"].pop("batch_input_shape"), "declares no input shape"),
    ("duplicate_layer_name", "functional_cnn",
     lambda d: d["config"]["layers"][2].update(name="conv2d"), "two layers named 'conv2d'"),
    ("bad_keras_history", "functional_cnn",
     lambda d: d["config"]["layers"][1]["inbound_nodes"][0]["args"][0]["config"].update(keras_history=["image", "0"]),
     "keras_history"),
    ("a_layer_not_a_model", "sequential_mlp", lambda d: d.update(d["config"]["layers"][1]), "is a layer, not a model"),
    ("quantized_layer", "sequential_mlp", lambda d: d["config"]["layers"][1]["config"].update(dtype={
        "module": "keras.dtype_policies", "class_name": "QuantizedDTypePolicy",
        "config": {"mode": "int8", "source_name": "float32"}}), "quantized layers (int8) are not supported"),
]


@pytest.mark.parametrize("label, name, edit, message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_keras_file_is_one_clear_error(label, name, edit, message, tmp_path):
    path = tmp_path / f"{label}.json"
    path.write_text(json.dumps(broken(name, edit)))
    result = CliRunner().invoke(main, [str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr


def test_zip_that_is_not_a_keras_archive(tmp_path):
    import zipfile

    path = tmp_path / "other.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("model.weights.h5", b"")
    result = CliRunner().invoke(main, [str(path)])
    assert result.exit_code == 2 and "config.json" in result.stderr


def test_fixture_files_are_not_edited_in_place():
    doc = keras_doc("functional_cnn")
    before = copy.deepcopy(doc)
    summarize(doc, source="x")
    assert doc == before


@pytest.mark.parametrize("sample, model", [("keras_nested_shared.json", "nested_models"),
                                           ("keras_tf2_sequential.json", "sequential_mlp")])
def test_sample_keras_files(sample, model):
    summary = summarize(str(Path(__file__).parents[1] / "sample_configs" / sample))
    check_totals(summary, TRUTH[model])
    check_layers(summary.layers, TRUTH[model]["layers"], sample)


def test_keras1_functional_merge():
    doc = keras_doc("keras2_shared_multi_io")
    concat = next(layer for layer in doc["config"]["layers"] if layer["class_name"] == "Concatenate")
    concat["class_name"] = "Merge"
    concat["config"] = {"name": concat["config"]["name"], "mode": "concat", "concat_axis": -1, "dot_axes": -1,
                        "output_shape": None, "mode_type": "raw", "arguments": {}}
    summary = summarize(doc, source="keras1-merge")
    check_totals(summary, {k: v for k, v in TRUTH["shared_multi_io"].items() if k != "bytes"})
    check_layers(summary.layers, TRUTH["shared_multi_io"]["layers"], "keras1-merge")
    concat["config"]["mode"] = "cos"
    with pytest.raises(ParamsumError, match="Merge with mode 'cos'"):
        summarize(doc, source="keras1-merge")
