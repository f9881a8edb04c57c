"""Keras whole-model HDF5 files (model.save('x.h5')) against what Keras reports for them.

tests/fixtures/h5/ holds files written by tools/make_h5_files.py with tf.keras 2.15 and Keras 3
(model.save('x.h5'), and save_weights() for the weights-only case), and truth.json with the
frameworks' own counts. Reading them needs h5py (the 'h5' extra).
"""

from __future__ import annotations

import json
import math
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum import summarize
from paramsum.cli import main
from tests.test_keras_files import check_layers, check_totals

H5 = Path(__file__).parent / "fixtures" / "h5"
TRUTH = json.loads((H5 / "truth.json").read_text())


def run(*args, stdin=None):
    return CliRunner().invoke(main, list(args), input=stdin)


def one_error(result, *words):
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and all(word in lines[0] for word in words), lines[0]


def test_without_h5py_one_line_saying_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "h5py", None)  # import h5py raises ImportError
    one_error(run(str(H5 / "tf2_seq_mlp.h5")), "needs h5py", "pip install 'paramsum[h5]'", "tf2_seq_mlp.h5")


def test_keras_archive_without_h5py_is_summarised_unchecked(monkeypatch):
    monkeypatch.setitem(sys.modules, "h5py", None)
    summary = summarize(str(H5 / "k3_functional.keras"))
    assert summary.totals.params == TRUTH["k3_functional"]["total"] and summary.warnings == []


h5py = pytest.importorskip("h5py")


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_h5_model_matches_keras(name):
    summary = summarize(str(H5 / f"{name}.h5"))
    assert summary.format == "h5"
    check_totals(summary, TRUTH[name])
    check_layers(summary.layers, TRUTH[name]["layers"], name)
    assert summary.warnings == []  # every stored dataset matches a derived weight, and the other way round


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_dataset_is_checked(name):
    from paramsum import load_graph

    graph = load_graph(str(H5 / f"{name}.h5"))
    with h5py.File(H5 / f"{name}.h5") as handle:
        datasets = []
        handle["model_weights"].visititems(lambda path, item: datasets.append(path)
                                           if isinstance(item, h5py.Dataset) else None)
    assert len(graph.recorded_weights) == len(datasets) > 0
    assert all(weight.layer is not None for weight in graph.recorded_weights)


@pytest.mark.parametrize("name", ["tf2_seq_mlp.weights", "k3_mlp.weights"])
def test_weights_only_h5_says_so(name):
    one_error(run(str(H5 / f"{name}.h5")), "weights-only .h5", "no architecture")


def test_h5_on_standard_input():
    result = run("--total", "-", stdin=(H5 / "tf2_cnn_bn.h5").read_bytes())
    assert result.exit_code == 0 and result.stdout.strip() == str(TRUTH["tf2_cnn_bn"]["total"])


def copy(tmp_path, name):
    path = tmp_path / f"{name}.h5"
    shutil.copy(H5 / f"{name}.h5", path)
    return path


def test_a_stored_shape_that_differs_is_a_warning_naming_the_weight(tmp_path):
    path = copy(tmp_path, "tf2_seq_mlp")
    with h5py.File(path, "r+") as handle:
        group = handle["model_weights/dense_1"]
        name = [n.decode() if isinstance(n, bytes) else n for n in group.attrs["weight_names"]][0]
        del group[name]
        group.create_dataset(name, shape=(64, 4), dtype="float32")
    summary = summarize(str(path))
    assert summary.totals.params == TRUTH["tf2_seq_mlp"]["total"]
    assert len(summary.warnings) == 1
    assert name.removesuffix(":0") in summary.warnings[0] and "(64, 4)" in summary.warnings[0]
    assert "(64, 3)" in summary.warnings[0]


def test_a_config_that_disagrees_with_the_weights_is_a_warning(tmp_path):
    path = copy(tmp_path, "k3_mlp")
    with h5py.File(path, "r+") as handle:
        config = json.loads(handle.attrs["model_config"])
        config["config"]["layers"][1]["config"]["units"] = 33
        handle.attrs["model_config"] = json.dumps(config)
    warnings = summarize(str(path)).warnings
    assert warnings and all("layer 'dense" in w for w in warnings)


def test_keras1_weights_compare_by_count(tmp_path):
    path = copy(tmp_path, "tf2_seq_mlp")
    with h5py.File(path, "r+") as handle:  # Keras 1's layout: its own names and shapes
        handle.attrs["keras_version"] = "1.2.2"
        group = handle["model_weights/dense"]
        for name in list(group):
            del group[name]
        group.create_dataset("dense_W", shape=(64, 8), dtype="float32")
        group.create_dataset("dense_b", shape=(64,), dtype="float32")
        group.attrs["weight_names"] = [b"dense_W", b"dense_b"]
    assert summarize(str(path)).warnings == []
    with h5py.File(path, "r+") as handle:
        group = handle["model_weights/dense"]
        del group["dense_b"]
        group.create_dataset("dense_b", shape=(65,), dtype="float32")
    warnings = summarize(str(path)).warnings
    assert len(warnings) == 1 and "layer 'dense'" in warnings[0] and "577" in warnings[0] and "576" in warnings[0]


def test_a_large_h5_is_not_read_whole(tmp_path):
    path = copy(tmp_path, "tf2_seq_mlp")
    with h5py.File(path, "r+") as handle:  # 200 MB of declared, unwritten data: the file stays small
        handle.create_dataset("padding", shape=(50_000_000,), dtype="float32")
    with open(path, "ab") as handle:
        handle.truncate(100 * 2**20)  # and a file over the text-file bound
    assert summarize(str(path)).totals.params == TRUTH["tf2_seq_mlp"]["total"]


BAD = [
    ("truncated", lambda path: path.write_bytes(path.read_bytes()[:4096]), "not a readable HDF5 file"),
    ("magic_then_garbage", lambda path: path.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(range(256)) * 64),
     "not a readable HDF5 file"),
    ("magic_only", lambda path: path.write_bytes(b"\x89HDF\r\n\x1a\n"), "not a readable HDF5 file"),
    ("no_model_config", lambda path: _edit_attrs(path, lambda attrs: attrs.pop("model_config")),
     "without Keras' model_config"),
    ("config_not_json", lambda path: _edit_attrs(path, lambda attrs: attrs.__setitem__("model_config", "{oops")),
     "not valid JSON"),
    ("config_a_list", lambda path: _edit_attrs(path, lambda attrs: attrs.__setitem__("model_config", "[1]")),
     "holds list"),
    ("missing_dataset", lambda path: _edit(path, lambda handle: handle["model_weights/dense"].attrs.__setitem__(
        "weight_names", [b"dense/kernel:0", b"dense/nothing:0"])), "which it does not hold"),
]


def _edit(path, change):
    with h5py.File(path, "r+") as handle:
        change(handle)


def _edit_attrs(path, change):
    _edit(path, lambda handle: change(handle.attrs))


@pytest.mark.parametrize("label, edit, message", BAD, ids=[b[0] for b in BAD])
def test_bad_h5_is_one_clear_error(label, edit, message, tmp_path):
    path = copy(tmp_path, "tf2_seq_mlp")
    edit(path)
    one_error(run(str(path)), message, str(path))


def test_hdf5_that_is_no_keras_file(tmp_path):
    path = tmp_path / "data.h5"
    with h5py.File(path, "w") as handle:
        handle.create_dataset("x", shape=(3,), dtype="float32")
    one_error(run(str(path)), "not a Keras model file")


# -- .keras archives: model.weights.h5 checked like an .h5's datasets --------------------------------------


@pytest.mark.parametrize("name", ["k3_functional", "k3_nested"])
def test_keras_archive_weights_are_checked(name):
    from paramsum import load_graph

    path = H5 / f"{name}.keras"
    summary = summarize(str(path))
    check_totals(summary, TRUTH[name])
    check_layers(summary.layers, TRUTH[name]["layers"], name)
    assert summary.warnings == []
    recorded = load_graph(str(path)).recorded_weights
    assert recorded and all(weight.layer is not None for weight in recorded)
    assert sum(math.prod(weight.shape) for weight in recorded) == TRUTH[name]["total"]


def test_keras_archive_weight_that_differs_is_a_warning(tmp_path):
    import io
    import zipfile

    source = zipfile.ZipFile(H5 / "k3_functional.keras")
    weights = io.BytesIO(source.read("model.weights.h5"))
    with h5py.File(weights, "r+") as handle:
        del handle["layers/dense/vars/0"]
        handle.create_dataset("layers/dense/vars/0", shape=(21, 2), dtype="float32")
    path = tmp_path / "edited.keras"
    with zipfile.ZipFile(path, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, weights.getvalue() if name == "model.weights.h5" else source.read(name))
    warnings = summarize(str(path)).warnings
    assert len(warnings) == 1 and "layers/dense/vars/0" in warnings[0] and "(21, 2)" in warnings[0]


def test_a_keras_archive_over_the_text_bound_is_read_where_it_lies(tmp_path):
    import zipfile

    path = tmp_path / "large.keras"
    with zipfile.ZipFile(H5 / "k3_nested.keras") as source, zipfile.ZipFile(path, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, source.read(name))
        archive.writestr("assets/padding.bin", bytes(65 * 2**20))  # stored: the archive is over 64 MiB
    assert path.stat().st_size > 64 * 2**20
    summary = summarize(str(path))
    assert summary.totals.params == TRUTH["k3_nested"]["total"] and summary.warnings == []


def test_keras_archive_on_standard_input():
    result = run("--total", "-", stdin=(H5 / "k3_nested.keras").read_bytes())
    assert result.exit_code == 0 and result.stdout.strip() == str(TRUTH["k3_nested"]["total"])
