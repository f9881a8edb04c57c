"""TensorFlow.js layers-model files (model.json) against what their writers' frameworks report.

tests/fixtures/tfjs/ holds model.json files written by tools/make_tfjs_files.py with the real
writers — the tensorflowjs converter (from tf.keras 2.15 and from Keras 3 .keras archives)
and tfjs-layers' own model.save() — and truth.json with the frameworks' own counts.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum import ParamsumError, summarize
from paramsum.cli import main
from tests.test_keras_files import check_layers, check_totals

TFJS = Path(__file__).parent / "fixtures" / "tfjs"
TRUTH = json.loads((TFJS / "truth.json").read_text())


def doc(name):
    return json.loads((TFJS / f"{name}.json").read_text())


def manifest(document):
    return [weight for group in document["weightsManifest"] for weight in group["weights"]]


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_tfjs_model_matches_its_writer(name):
    summary = summarize(str(TFJS / f"{name}.json"))
    assert summary.format == "tfjs"
    check_totals(summary, TRUTH[name])
    check_layers(summary.layers, TRUTH[name]["layers"], name)
    assert summary.warnings == []  # every manifest weight matches a derived one, and the other way round


def test_every_writer_and_era_is_covered():
    writers = {json.loads((TFJS / f"{name}.json").read_text()).get("convertedBy") or
               json.loads((TFJS / f"{name}.json").read_text())["generatedBy"] for name in TRUTH}
    assert any("Converter" in w for w in writers) and any("tfjs-layers" in w for w in writers)
    versions = {doc(name)["generatedBy"].split(" v")[-1][0] for name in TRUTH if "keras" in doc(name)["generatedBy"]}
    assert versions == {"2", "3"}  # Keras 2 and Keras 3 through the converter
    tfjs = {doc(name)["modelTopology"]["keras_version"].split()[-1][0] for name in TRUTH if name.startswith("js")}
    assert tfjs == {"1", "4"}  # tfjs-layers 1.x and 4.x saving their own models


def test_older_converter_without_format_keys():
    document = doc("tf2_text_rnn")
    for key in ("format", "generatedBy", "convertedBy"):
        document.pop(key)
    assert summarize(document, source="old").totals.params == TRUTH["tf2_text_rnn"]["total"]


def test_wrapped_input_and_output_layers():
    document = doc("k3_functional")
    config = document["modelTopology"]["model_config"]["config"]
    config["input_layers"] = [[ref] for ref in config["input_layers"]]  # as users edit Keras 3 files for tfjs
    config["output_layers"] = [config["output_layers"]]
    assert summarize(document, source="wrapped").totals.params == TRUTH["k3_functional"]["total"]


def test_without_manifest_no_check():
    document = doc("tf2_cnn_bn")
    document.pop("weightsManifest")
    summary = summarize(document, source="topology-only")
    assert summary.totals.params == TRUTH["tf2_cnn_bn"]["total"] and summary.warnings == []


def test_model_artifacts_with_weight_specs():
    document = doc("js_conv")
    document["weightSpecs"] = document.pop("weightsManifest")[0]["weights"]
    document["weightSpecs"][0]["shape"] = [5, 5, 1, 8]
    warnings = summarize(document, source="artifacts").warnings
    assert len(warnings) == 1 and "(5, 5, 1, 8)" in warnings[0]


def test_quantized_manifest_shapes_are_the_logical_ones():
    weights = manifest(doc("tf2_seq_mlp_uint8"))
    assert all(w["quantization"]["dtype"] == "uint8" for w in weights)
    assert summarize(str(TFJS / "tf2_seq_mlp_uint8.json")).warnings == []


def test_teachable_machine_layout_input_two_levels_down():
    document = doc("js_teachable")
    first = document["modelTopology"]["config"]["layers"][0]
    assert first["class_name"] == "Sequential" and first["config"]["layers"][0]["class_name"] == "Model"
    summary = summarize(document, source="tm")
    assert summary.totals.params == TRUTH["js_teachable"]["total"]


def test_keras3_op_nodes_without_module_keys():
    document = doc("k3_functional")
    text = json.dumps(document)
    assert '"module"' not in text and "NotEqual" in text
    summary = summarize(document, source="k3")
    assert any(layer.type == "ops.NotEqual" for layer in summary.layers)


# -- the manifest cross-check ---------------------------------------------------------------------


def test_a_manifest_shape_that_differs_is_a_warning_naming_the_weight():
    document = doc("tf2_seq_mlp")
    manifest(document)[0]["shape"] = [8, 65]
    summary = summarize(document, source="edited")
    assert summary.totals.params == TRUTH["tf2_seq_mlp"]["total"]  # the count is paramsum's own
    assert len(summary.warnings) == 1
    assert "'dense/kernel'" in summary.warnings[0] and "(8, 65)" in summary.warnings[0]
    assert "(8, 64)" in summary.warnings[0]


def test_keras3_manifest_names_resolve_by_class():
    document = doc("k3_functional")
    weights = manifest(document)
    embedding = next(w for w in weights if w["name"] == "layers/embedding/vars/0")
    embedding["shape"] = [301, 16]
    summary = summarize(document, source="edited")
    assert len(summary.warnings) == 1 and "layers/embedding/vars/0" in summary.warnings[0]
    assert "layer 'embedding'" in summary.warnings[0]


def test_a_missing_and_an_extra_weight_are_named():
    document = doc("js_conv")
    weights = document["weightsManifest"][0]["weights"]
    removed = weights.pop(0)
    weights.append({"name": "nowhere/kernel", "shape": [3], "dtype": "float32"})
    warnings = summarize(document, source="edited").warnings
    assert any("not in the file's weights" in w and removed["name"].split("/")[0] in w for w in warnings)
    assert any("'nowhere/kernel'" in w and "belongs to no layer" in w for w in warnings)


def test_the_weight_files_are_not_read(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(doc("tf2_seq_mlp")))  # no group1-shard1of1.bin beside it
    result = CliRunner().invoke(main, ["--total", str(path)])
    assert result.exit_code == 0 and result.stdout.strip() == str(TRUTH["tf2_seq_mlp"]["total"])


def test_fixture_is_not_edited_in_place():
    document = doc("js_functional_rnn")
    before = copy.deepcopy(document)
    summarize(document, source="x")
    assert document == before


# -- bad files ---------------------------------------------------------------------------------------

BAD = [
    ("graph_model", lambda d: d.update(format="graph-model"), "'graph-model'"),
    ("graphdef", lambda d: d.update(modelTopology={"node": [], "versions": {}}), "GraphDef"),
    ("no_topology", lambda d: d.update(modelTopology=None), "weights only"),
    ("manifest_not_list", lambda d: d.update(weightsManifest={"weights": []}), "weightsManifest must be a list"),
    ("negative_dim", lambda d: manifest(d)[0].update(shape=[-1, 64]), "expected a list of sizes"),
    ("absurd_dim", lambda d: manifest(d)[0].update(shape=[2**60]), "expected a list of sizes"),
    ("no_keras_model", lambda d: d["modelTopology"].update(model_config={"x": 1}), "holds no Keras model"),
]


@pytest.mark.parametrize("label, edit, message", BAD, ids=[b[0] for b in BAD])
def test_bad_tfjs_file_is_one_clear_error(label, edit, message, tmp_path):
    document = doc("tf2_seq_mlp")
    edit(document)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document))
    result = CliRunner().invoke(main, [str(path)])
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(path) in lines[0]


def test_library_error_type():
    document = doc("tf2_seq_mlp")
    document["modelTopology"] = []
    with pytest.raises(ParamsumError, match="modelTopology must be a mapping"):
        summarize(document, source="x")
