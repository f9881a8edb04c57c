"""Unknown layer arguments: a warning in files a program wrote (Keras, TF.js, Hugging Face), an error where a
person typed them (the native format) or with --strict; unknown types under --allow-unknown."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum import ParamsumError, summarize
from paramsum.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
MNIST = Path(__file__).parents[1] / "sample_configs" / "mnist.yaml"
KERAS_MODELS = FIXTURES / "keras_models"
KERAS_TRUTH = json.loads((KERAS_MODELS / "truth.json").read_text())
TFJS_TRUTH = json.loads((FIXTURES / "tfjs" / "truth.json").read_text())


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def keras_layers(doc):
    layers = doc["config"]["layers"] if isinstance(doc["config"], dict) else doc["config"]
    return [layer for layer in layers if layer["class_name"] != "InputLayer"]


def with_new_key(path, tmp_path, key="foo", value=1, dense_only=True, topology=None):
    """A copy of a Keras file as a newer Keras would write it: one more config key in each Dense layer."""
    doc = json.loads(Path(path).read_text())
    model = doc[topology] if topology else doc
    for layer in keras_layers(model):
        if layer["class_name"] == "Dense" or not dense_only:
            layer["config"][key] = value
    out = tmp_path / Path(path).name
    out.write_text(json.dumps(doc))
    return out


# -- Keras files: a warning naming the layer and the argument, the count as if it were absent --------------


def test_keras_json_unknown_argument_is_a_warning_and_the_count_goes_on(tmp_path):
    path = with_new_key(KERAS_MODELS / "sequential_mlp.json", tmp_path)
    result = run("--total", path)
    assert result.exit_code == 0
    assert result.stdout == f"{KERAS_TRUTH['sequential_mlp']['total']}\n"  # 101,770, as Keras counts it
    assert result.stderr == (f"paramsum: {path}: warning: layers 'dense', 'dense_1' (Dense): "
                             "unknown argument 'foo' ignored\n")


def test_one_layer_is_named_as_one_layer_and_a_near_miss_gets_a_suggestion(tmp_path):
    doc = json.loads((KERAS_MODELS / "sequential_mlp.json").read_text())
    keras_layers(doc)[0]["config"]["unitz"] = 64
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc))
    result = run("--total", path)
    assert result.exit_code == 0 and result.stdout == "101770\n"
    assert result.stderr == (f"paramsum: {path}: warning: layer 'dense' (Dense): unknown argument 'unitz' "
                             "ignored; did you mean 'units'?\n")


def test_strict_makes_the_unknown_argument_an_error(tmp_path):
    path = with_new_key(KERAS_MODELS / "sequential_mlp.json", tmp_path)
    result = run("--strict", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"paramsum: {path}: layer 'dense': Dense has no argument 'foo' (valid: ")
    with pytest.raises(ParamsumError, match="Dense has no argument 'foo'"):
        summarize(str(path), strict=True)


def test_a_wrapped_layer_argument_is_lenient_too(tmp_path):
    doc = json.loads((KERAS_MODELS / "wrappers_and_cells.json").read_text())
    wrapper = next(layer for layer in keras_layers(doc) if layer["class_name"] == "Bidirectional")
    wrapper["config"]["layer"]["config"]["future_key"] = True
    path = tmp_path / "wrappers.json"
    path.write_text(json.dumps(doc))
    result = run("--total", path)
    assert result.exit_code == 0 and result.stdout == f"{KERAS_TRUTH['wrappers_and_cells']['total']}\n"
    assert "(GRU): unknown argument 'future_key' ignored" in result.stderr
    assert run("--strict", path).exit_code == 2


def test_nested_model_layers_are_lenient_and_say_their_model(tmp_path):
    path = with_new_key(KERAS_MODELS / "nested_models.json", tmp_path, dense_only=False)
    doc = json.loads(path.read_text())
    inner = next(layer for layer in keras_layers(doc) if layer["class_name"] in ("Sequential", "Functional"))
    for layer in keras_layers(inner):
        layer["config"]["foo"] = 1
    path.write_text(json.dumps(doc))
    result = run("--total", path)
    assert result.exit_code == 0 and result.stdout == f"{KERAS_TRUTH['nested_models']['total']}\n"
    assert f"warning: model '{inner['config']['name']}': layer" in result.stderr


def test_tfjs_unknown_argument_is_a_warning(tmp_path):
    path = with_new_key(FIXTURES / "tfjs" / "js_seq_dense.json", tmp_path, topology="modelTopology")
    result = run("--total", path)
    assert result.exit_code == 0 and result.stdout == f"{TFJS_TRUTH['js_seq_dense']['total']}\n"
    assert "(Dense): unknown argument 'foo' ignored" in result.stderr
    assert run("--strict", path).exit_code == 2


def test_keras_archive_unknown_argument_is_a_warning(tmp_path):
    source = zipfile.ZipFile(KERAS_MODELS / "tiny.keras")
    doc = json.loads(source.read("config.json"))
    for layer in keras_layers(doc):
        layer["config"]["future_key"] = 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, json.dumps(doc) if name == "config.json" else source.read(name))
    path = tmp_path / "tiny.keras"
    path.write_bytes(buffer.getvalue())
    result = run("--total", path)
    assert result.exit_code == 0 and result.stdout == f"{KERAS_TRUTH['tiny']['total']}\n"
    assert "unknown argument 'future_key' ignored" in result.stderr
    assert run("--strict", path).exit_code == 2


# -- the native format: a person typed it, so an unknown argument stays an error ---------------------------


def test_native_unknown_argument_is_an_error_listing_every_accepted_key(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("input: [784]\nlayers:\n  - {type: Dense, units: 10, foo: 1}\n")
    result = run(path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"paramsum: {path}:3:30: layer 'dense': Dense has no argument 'foo' (valid: activation, lora_rank, units, "
        "use_bias; accepted, no effect on the count: activity_regularizer, autocast, batch_input_shape, batch_size, "
        "bias_constraint, bias_initializer, bias_regularizer, dtype, input_dim, input_shape, kernel_constraint, "
        "kernel_initializer, kernel_regularizer, lora_alpha, name, quantization_config, trainable)\n")


def test_every_key_the_valid_hint_lists_is_really_accepted(tmp_path):
    """Each key of the hint, given to the layer, is taken (the hint lists no key the layer would refuse)."""
    from paramsum.layers import layer_class

    dense = layer_class("keras", "Dense")
    hint = dense.valid_hint()
    listed = [key.strip() for part in hint.split(";") for key in part.split(":")[1].split(",")]
    assert set(listed) == set(dense.accepted) and {"name", "trainable", "dtype", "kernel_initializer"} <= set(listed)
    values = {"units": 10, "name": "d", "trainable": True, "dtype": "float32", "use_bias": True,
              "activation": None, "lora_rank": None, "batch_size": None}
    for key in listed:
        dense("d", {"units": 10, key: values.get(key)})  # refused keys would raise here


def test_native_strict_changes_nothing(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("input: [784]\nlayers:\n  - {type: Dense, units: 10}\n")
    assert run("--strict", "--total", path).stdout == "7850\n"


# -- Hugging Face configs: unknown keys are silent (configs carry many; transformers keeps them as attributes)


def test_hugging_face_unknown_key_is_silent_and_changes_nothing(tmp_path):
    config = json.loads((FIXTURES / "huggingface" / "llama_tiny.config.json").read_text())
    truth = json.loads((FIXTURES / "huggingface" / "llama_tiny.truth.json").read_text())
    config["some_future_option"] = {"enabled": True}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    for flags in ((), ("--strict",)):
        result = run("--total", *flags, path)
        assert result.exit_code == 0 and result.stderr == ""
        assert int(result.stdout) == truth["total"]


# -- --allow-unknown: a typo still gets its suggestion, and the rows counted as 0 are named in the totals -------

TYPO = "input: [784]\nlayers:\n  - {name: foo, type: Desne, units: 10}\n  - {type: Dense, units: 10}\n"


def test_allow_unknown_typo_warns_with_the_suggestion_and_names_the_row_in_the_footer(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text(TYPO)
    refused = run(path)
    assert refused.exit_code == 2 and "unknown keras layer type 'Desne' (did you mean 'Dense'?" in refused.stderr
    result = run("--allow-unknown", "--no-color", path)
    assert result.exit_code == 0
    assert result.stderr == (f"paramsum: {path}: warning: layer 'foo': unknown layer type 'Desne': counted as 0 "
                             "params, output shape assumed equal to its input's; did you mean 'Dense'?\n")
    box = ("┏", "┃", "┡", "│", "├", "└")
    footer = [line.strip() for line in result.stdout.splitlines() if not line.startswith(box)]
    assert footer[1:5] == ["Total params: 7,850 (30.66 KiB as float32)", "Trainable params: 7,850 (30.66 KiB)",
                           "Non-trainable params: 0 (0.00 B)", "Counted as 0 (unknown types): foo (Desne)"]
    markdown = run("--allow-unknown", "--format", "markdown", path).stdout
    assert "- Counted as 0 (unknown types): foo (Desne)\n" in markdown


def test_unknown_layers_are_listed_from_nested_models_too():
    summary = summarize(str(KERAS_MODELS / "custom_layer.json"), unknown="count-as-zero")
    assert [(layer.name, layer.type) for layer in summary.unknown_layers] == [("scale", "Scale")]
    assert summarize(str(KERAS_MODELS / "sequential_mlp.json")).unknown_layers == []


def test_a_budget_over_a_typo_still_says_what_it_counted_as_zero(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text(TYPO)
    result = run("--allow-unknown", "--max-params", "8000", "--no-color", path)
    assert result.exit_code == 0  # the budget holds only because the typo counts 0, and the output says so
    assert "Counted as 0 (unknown types): foo (Desne)" in result.stdout and "did you mean 'Dense'?" in result.stderr


def test_diff_footer_names_what_each_side_counted_as_zero(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text(TYPO)
    result = CliRunner().invoke(main, ["diff", "--allow-unknown", "--no-color", str(MNIST),
                                       str(path)])
    assert result.exit_code == 0
    assert " Counted as 0 (unknown types): foo (Desne) (after)\n" in result.stdout
    assert "did you mean 'Dense'?" in result.stderr


def test_h5_unknown_argument_is_a_warning(tmp_path):
    h5py = pytest.importorskip("h5py")
    truth = json.loads((FIXTURES / "h5" / "truth.json").read_text())
    path = tmp_path / "k3_mlp.h5"
    path.write_bytes((FIXTURES / "h5" / "k3_mlp.h5").read_bytes())
    with h5py.File(path, "r+") as handle:
        config = json.loads(handle.attrs["model_config"])
        for layer in keras_layers(config):
            layer["config"]["future_key"] = 1
        handle.attrs["model_config"] = json.dumps(config)
    result = run("--total", path)
    assert result.exit_code == 0 and result.stdout == f"{truth['k3_mlp']['total']}\n"
    assert "unknown argument 'future_key' ignored" in result.stderr
    assert run("--strict", path).exit_code == 2


def test_an_unknown_input_layer_argument_is_a_warning_too(tmp_path):
    doc = json.loads((KERAS_MODELS / "functional_cnn.json").read_text())
    entry = next(layer for layer in doc["config"]["layers"] if layer["class_name"] == "InputLayer")
    entry["config"]["future_key"] = 1
    path = tmp_path / "cnn.json"
    path.write_text(json.dumps(doc))
    result = run("--total", path)
    assert result.exit_code == 0 and result.stdout == f"{KERAS_TRUTH['functional_cnn']['total']}\n"
    assert result.stderr == (f"paramsum: {path}: warning: layer '{entry['config']['name']}' (InputLayer): "
                             "unknown argument 'future_key' ignored\n")
    strict = run("--strict", path)
    assert strict.exit_code == 2 and "InputLayer has no argument 'future_key'" in strict.stderr
