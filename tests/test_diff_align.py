"""`paramsum diff` aligned by structure: real Keras exports under other names, an inserted layer, --by-name,
each side's dtype and the KV cache line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum import summarize
from paramsum.cli import main
from paramsum.diff import ADDED, CHANGED, NAME, REMOVED, STRUCTURE, diff_summaries
from paramsum.memory import kv_cache
from paramsum.summary import LayerSummary, ModelSummary, Weight

FIXTURES = Path(__file__).parent / "fixtures"
MNIST = Path(__file__).parents[1] / "sample_configs" / "mnist.yaml"
KERAS_DIFF = FIXTURES / "keras_diff"  # written by Keras: tools/make_keras_diff_files.py
TRUTH = json.loads((KERAS_DIFF / "truth.json").read_text())
HF = FIXTURES / "huggingface"


def run(*args):
    return CliRunner().invoke(main, ["diff", *map(str, args)], catch_exceptions=False)


def diff_json(*args):
    result = run("--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def footer(result):
    return [line.strip() for line in result.stdout.splitlines() if not line.startswith(("┏", "┃", "┡", "│", "├", "└"))]


# -- the same architecture exported twice in one Keras session: auto names dense → dense_1 ------------------


def test_two_exports_of_one_architecture_show_no_change():
    first, again = KERAS_DIFF / "cnn_first.json", KERAS_DIFF / "cnn_again.json"
    names = [[layer[0] for layer in TRUTH[m]["layers"]] for m in ("cnn_first", "cnn_again")]
    assert not set(names[0]) & set(names[1])  # Keras gave every layer of the second export a new name
    result = run("--no-color", first, again)
    assert result.exit_code == 0 and result.stderr == ""
    assert footer(result)[1:] == [
        "No layer changed.",
        f"Total params: {TRUTH['cnn_first']['total']:,} (unchanged)",
        f"Trainable params: {TRUTH['cnn_first']['total']:,} (unchanged)",
        "Non-trainable params: 0 (unchanged)",
        "Forward FLOPs: 414,848 (unchanged)",
        "Size: 80.54 KiB (float32)",
        "Layers: 0 added, 0 removed, 0 changed, 6 unchanged (6 under other names)",
    ]
    data = diff_json(first, again)
    assert data["layers"] == [] and data["renamed_layers"] == 6 and data["matched_by"] == STRUCTURE


def test_by_name_keeps_the_old_behaviour_on_the_two_exports():
    result = run("--by-name", "--no-color", KERAS_DIFF / "cnn_first.json", KERAS_DIFF / "cnn_again.json")
    assert result.exit_code == 0
    assert footer(result)[-2:] == ["Layers: 6 added, 6 removed, 0 changed, 0 unchanged",
                                   "Layers matched: by name (--by-name)"]
    data = diff_json("--by-name", KERAS_DIFF / "cnn_first.json", KERAS_DIFF / "cnn_again.json")
    assert [(c["name"], c["status"]) for c in data["layers"]] == (
        [(name, REMOVED) for name, _, _ in TRUTH["cnn_first"]["layers"]]
        + [(name, ADDED) for name, _, _ in TRUTH["cnn_again"]["layers"]])
    assert data["matched_by"] == NAME


def test_a_renamed_layer_that_changed_shows_both_names(tmp_path):
    doc = json.loads((KERAS_DIFF / "cnn_again.json").read_text())
    dense = next(layer for layer in doc["config"]["layers"] if layer["class_name"] == "Dense")
    dense["config"]["units"] = 12
    edited = tmp_path / "cnn_edited.json"
    edited.write_text(json.dumps(doc))
    data = diff_json(KERAS_DIFF / "cnn_first.json", edited)
    assert [(c["name"], c.get("name_before"), c["status"], c["changed"], c["params_delta"]) for c in data["layers"]] \
        == [("dense_1", "dense", CHANGED, ["output_shape", "params"], 1936 * 2 + 2)]
    markdown = run("--format", "markdown", KERAS_DIFF / "cnn_first.json", edited).stdout
    assert "| ~ | dense → dense_1 (Dense) | (None, 10) → (None, 12) | 19,370 → 23,244 (+3,874) |" in markdown
    csv = run("--format", "csv", KERAS_DIFF / "cnn_first.json", edited).stdout.splitlines()
    assert csv[1].endswith(",dense") and csv[0].endswith(",layer_before")


# -- one inserted layer: one added row, not every later layer changed ---------------------------------------


def test_one_inserted_layer_is_one_added_row():
    """mlp_inserted was built in a fresh session: the inserted Dense took the name dense_1, shifting the rest."""
    before, after = KERAS_DIFF / "mlp.json", KERAS_DIFF / "mlp_inserted.json"
    data = diff_json(before, after)
    inserted = TRUTH["mlp_inserted"]["layers"][1]
    assert [(c["name"], c["status"], c["after"]["params"]) for c in data["layers"]] == [
        (inserted[0], ADDED, inserted[2])]
    assert data["delta"]["params"] == TRUTH["mlp_inserted"]["total"] - TRUTH["mlp"]["total"] == inserted[2]
    assert data["unchanged_layers"] == 4 and data["renamed_layers"] == 3
    result = run("--no-color", before, after)
    assert "│ + │ dense_1 (Dense) │ (None, 128)  │  16,512 │" in result.stdout
    assert footer(result)[-1] == "Layers: 1 added, 0 removed, 0 changed, 4 unchanged (3 under other names)"


def test_by_name_shows_every_later_layer_changed_as_before():
    data = diff_json("--by-name", KERAS_DIFF / "mlp.json", KERAS_DIFF / "mlp_inserted.json")
    assert [(c["name"], c["status"]) for c in data["layers"]] == [
        ("dense_1", CHANGED), ("dense_2", CHANGED), ("dense_3", CHANGED), ("dense_4", ADDED)]


def test_names_win_where_they_are_equal(tmp_path):
    """A Hugging Face config against a wider one: every module keeps its name, the changed ones pair by name."""
    config = json.loads((HF / "llama_tiny.config.json").read_text())
    wider = tmp_path / "wider.json"
    wider.write_text(json.dumps({**config, "intermediate_size": config["intermediate_size"] * 2}))
    deeper = tmp_path / "deeper.json"
    deeper.write_text(json.dumps({**config, "num_hidden_layers": config["num_hidden_layers"] + 1}))
    data = diff_json(HF / "llama_tiny.config.json", wider)
    mlp = 3 * config["hidden_size"] * config["intermediate_size"]  # gate, up and down projections
    assert [(c["name"], c["status"], c["params_delta"]) for c in data["layers"]] == [
        ("model.layers.0", CHANGED, mlp), ("model.layers.1", CHANGED, mlp)]
    data = diff_json(HF / "llama_tiny.config.json", deeper)
    assert [(c["name"], c["status"]) for c in data["layers"]] == [("model.layers.2", ADDED)]


# -- footer: each side's dtype, the KV cache ------------------------------------------------------------------


def test_each_side_names_its_dtype(tmp_path):
    half = tmp_path / "half.yaml"
    half.write_text(MNIST.read_text() + "dtype: float16\n")
    result = run("--no-color", MNIST, half)
    assert "Size: 30.66 KiB (float32) → 15.33 KiB (float16)" in footer(result)
    data = diff_json(MNIST, half)
    assert (data["before"]["dtype"], data["after"]["dtype"], data["delta"]["bytes"]) == ("float32", "float16", -15700)
    mixed = run("--no-color", MNIST, FIXTURES / "keras_models" / "mixed_precision.json")
    assert "Size: 30.66 KiB (float32) → 8.83 KiB (float32 + float16 + bfloat16)" in footer(mixed)


def test_kv_cache_line_when_either_side_is_a_decoder(tmp_path):
    config = json.loads((HF / "llama_tiny.config.json").read_text())
    deeper = tmp_path / "deeper.json"
    deeper.write_text(json.dumps({**config, "num_hidden_layers": 3}))
    before, after = summarize(str(HF / "llama_tiny.config.json")), summarize(str(deeper))
    old, new = kv_cache(before)[0], kv_cache(after)[0]
    assert (old, new) == (32768, 32768 * 3 // 2)  # 2 (k, v) × 2 kv heads × 8 × 128 tokens × 4 B per layer
    result = run("--no-color", HF / "llama_tiny.config.json", deeper)
    assert "KV cache: 32.00 KiB (32,768 B at float32) → 48.00 KiB (49,152 B at float32); 128 tokens × batch 1" \
        in footer(result)
    data = diff_json("--seq-len", "64", "--dtype", "bfloat16", HF / "llama_tiny.config.json", deeper)
    assert (data["before"]["kv_cache_bytes"], data["after"]["kv_cache_bytes"]) == (32768 // 4, 49152 // 4)
    same = run("--no-color", HF / "llama_tiny.config.json", HF / "llama_tiny.config.json")
    assert "KV cache: 32.00 KiB (32,768 B at float32) (unchanged); 128 tokens × batch 1" in footer(same)
    versus = run("--no-color", MNIST, HF / "llama_tiny.config.json")
    assert "KV cache: none → 32.00 KiB (32,768 B at float32); 128 tokens × batch 1" in footer(versus)
    assert not any(line.startswith("KV cache") for line in footer(run(MNIST, MNIST)))


# -- long models: the alignment's work is bounded ----------------------------------------------------------


def _chain(prefix, count, units=(8, 16, 4, 12)):
    layers = [LayerSummary(f"{prefix}{i}", "Dense", [], (None, units[i % len(units)]),
                           [Weight("kernel", (4, units[i % len(units)]))]) for i in range(count)]
    return ModelSummary(prefix, f"{prefix}.json", "keras", "keras", layers)


def test_ten_thousand_layers_fall_back_to_names():
    before, after = _chain("a", 10_000), _chain("b", 10_000, units=(16, 4, 12, 8))
    result = diff_summaries(before, after)
    assert result.matched_by == NAME and len(result.changes) == 20_000  # no name in common: all added / removed
    small = diff_summaries(_chain("a", 300), _chain("b", 300, units=(16, 4, 12, 8)))
    assert small.matched_by == STRUCTURE and small.unchanged == 299  # one shifted: 1 removed, 1 added
    renamed = diff_summaries(_chain("a", 10_000), _chain("b", 10_000))
    assert renamed.matched_by == STRUCTURE and renamed.changes == [] and renamed.renamed == 10_000  # equal ends


def test_fallback_is_said_in_the_footer(monkeypatch, tmp_path):
    config = json.loads((HF / "llama_tiny.config.json").read_text())
    wider = tmp_path / "wider.json"
    wider.write_text(json.dumps({**config, "intermediate_size": config["intermediate_size"] * 2}))
    monkeypatch.setattr("paramsum.diff.MAX_ALIGN_CELLS", 3)  # the two changed layers make 2 × 2 pairs to weigh
    result = run("--no-color", HF / "llama_tiny.config.json", wider)
    assert footer(result)[-2:] == ["Layers: 0 added, 0 removed, 2 changed, 5 unchanged",
                                   "Layers matched: by name (too long to align by structure: more than 3 pairs of "
                                   "layers to weigh)"]


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_equal_ends_pair_without_weighing(order):
    """A layer inserted in a long renamed run: the equal head and tail pair linearly, the middle is weighed."""
    before = _chain("a", 2000)
    after = _chain("b", 2000)
    after.layers.insert(1000, LayerSummary("extra", "Dropout", [], (None, 8), []))
    old, new = (before, after) if order == "ab" else (after, before)
    result = diff_summaries(old, new)
    assert result.matched_by == STRUCTURE
    assert [(c.name, c.status) for c in result.changes] == [("extra", ADDED if order == "ab" else REMOVED)]


def test_one_removed_layer_whose_name_was_reused_marks_no_other_layer_in_the_graph():
    before, after = KERAS_DIFF / "mlp_inserted.json", KERAS_DIFF / "mlp.json"
    data = diff_json(before, after)
    assert [(c["name"], c["status"], c["before"]["params"]) for c in data["layers"]] == [("dense_1", REMOVED, 16512)]
    mermaid = run("--format", "mermaid", before, after).stdout
    assert ":::removed" not in mermaid and ":::changed" not in mermaid  # after's dense_1 is the old dense_2
    assert '"dense_1 (Dense)<br/>(None, 64)<br/>8,256 params"]\n' in mermaid
