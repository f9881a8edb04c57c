"""The table people read: what it shows at 80 and 120 columns, collapsed blocks, --expand, --depth, frozen layers.

Whole tables are golden files (tests/golden/table/, `PARAMSUM_REGEN_GOLDEN=1` rewrites them), printed by the
real CLI on a pseudo-terminal of the width named. Keras' own line count for ResNet50 comes from
tools/measure_keras_summary.py (tests/fixtures/summary_lines_keras.json).
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum import summarize
from paramsum.cli import main
from paramsum.render.table import shorten, wrap_terms, wrap_words
from paramsum.render.view import range_name, table_rows
from tests.helpers import run_on_tty

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "table"
FIXTURES = Path(__file__).parent / "fixtures"
RESNET50_GZ = FIXTURES / "keras_models" / "apps" / "ResNet50.json.gz"
LLAMA3 = "tests/fixtures/huggingface/llama3_8b.config.json"
NESTED = "sample_configs/keras_nested_shared.json"
TORCH_STAGE = "sample_configs/torch_resnet_stage.yaml"
FROZEN = "tests/fixtures/keras_models/frozen_layers.json"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
pty_only = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


@pytest.fixture(scope="session")
def resnet50(tmp_path_factory):
    """keras.applications.ResNet50's to_json(), as tools/make_keras_files.py wrote it."""
    path = tmp_path_factory.mktemp("keras") / "resnet50.json"
    path.write_bytes(gzip.decompress(RESNET50_GZ.read_bytes()))
    return str(path)


@functools.cache
def tty(*args, columns=80, lines=50):
    """What paramsum prints with its stdout on a pseudo-terminal of `columns` × `lines` (ANSI codes removed)."""
    status, stdout, stderr = run_on_tty(*args, columns=columns, lines=lines, cwd=ROOT)
    assert status == 0, stderr
    return ANSI.sub("", stdout)


def check_golden(name, text):
    path = GOLDEN / name
    if os.environ.get("PARAMSUM_REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with PARAMSUM_REGEN_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def model_path(model, resnet50):
    return resnet50 if model == "resnet50" else model


MODELS = {"resnet50": "resnet50", "keras_nested_shared": NESTED, "torch_resnet_stage": TORCH_STAGE,
          "llama3_8b": LLAMA3}


# -- goldens at 80 and 120 columns -------------------------------------------------------------------


@pty_only
@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("model", list(MODELS))
def test_table_golden_at_terminal_width(model, columns, resnet50):
    text = tty(model_path(MODELS[model], resnet50), "--no-color", columns=columns)
    check_golden(f"{model}.{columns}.txt", text)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert not any(line.endswith(" ") for line in lines)


@pty_only
@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("model", list(MODELS))
def test_no_shape_is_split_and_no_word_is_cut_without_an_ellipsis(model, columns, resnet50):
    path = model_path(MODELS[model], resnet50)
    text = tty(path, "--no-color", columns=columns)
    cells = [cell.strip() for line in text.splitlines() if line.startswith("│") for cell in line.split("│")[1:-1]]
    summary = summarize(path)
    for row in table_rows(summary):
        assert row.shape in cells, f"{row.shape} split"
    words = {word for cell in cells for word in cell.split()}
    refs = [ref.removesuffix("[0][0]") for row in table_rows(summary) for ref in row.inputs]
    known = {part for row in table_rows(summary) for part in [row.name, f"({row.type})", *row.formula.split()]}
    known |= {part for ref in refs for part in (ref, f"{ref},")}
    for word in words:
        bare = re.sub(r"^[└←]+", "", word)
        if bare and bare[0].isalpha() and "_" in bare and not bare.endswith("…"):
            assert any(bare in part for part in known), f"{word!r} is cut without an ellipsis"


@pty_only
def test_formulas_break_only_between_terms_at_120_columns(resnet50):
    text = tty(LLAMA3, "--no-color", columns=120)
    formula = [line.split("│")[4].strip() for line in text.splitlines() if line.startswith("│")]
    continued = [cell for cell in formula if cell and not cell[0].isalnum()]
    assert continued and all(cell.startswith("+ ") for cell in continued)
    assert not any(cell.startswith("×") or cell.endswith("×") for cell in formula)


@pty_only
def test_colour_in_a_terminal_keeps_the_same_layout():
    plain = tty(NESTED, "--no-color", columns=80)
    coloured = tty(NESTED, columns=80)
    assert coloured == plain


# -- line counts ---------------------------------------------------------------------------------------


@pty_only
def test_resnet50_at_80_columns_takes_no_more_lines_than_keras_summary(resnet50):
    keras_lines = json.loads((FIXTURES / "summary_lines_keras.json").read_text())["models"]["ResNet50"]
    ours = len(tty(resnet50, "--no-color", columns=80).splitlines())
    assert ours <= keras_lines["line_length"]["80"], ours
    assert len(tty(resnet50, "--no-color", columns=120).splitlines()) <= keras_lines["line_length"]["120"]


@pty_only
def test_llama3_8b_fits_one_50_line_screen_at_120_columns():
    lines = tty(LLAMA3, columns=120, lines=50).splitlines()
    assert len(lines) <= 50, len(lines)
    assert any("│ model.layers.0–31" in line for line in lines)
    assert any(line.startswith(" Total params: 8,030,261,248") for line in lines)


# -- collapsed blocks ------------------------------------------------------------------------------------


def test_identical_decoder_layers_collapse_into_one_row_that_sums_them():
    summary = summarize(LLAMA3)
    rows = table_rows(summary)
    assert [row.name for row in rows] == ["input_ids", "model.embed_tokens", "model.rotary_emb", "model.layers.0–31",
                                          "model.norm", "lm_head"]
    block = rows[3]
    one = summary.layers[3]
    assert block.count == 32 and block.params == 32 * one.params == 6_979_584_000
    assert block.flops == sum(layer.flops for layer in summary.layers[3:35])
    assert block.formula == f"32 × ({one.labelled_formula})"
    assert block.inputs == ["model.embed_tokens[0][0]"]  # the first block's; each later one reads the one before
    assert sum(row.params for row in rows) == summary.totals.params


def test_the_table_shows_the_collapsed_row_and_json_csv_keep_every_row():
    table = CliRunner().invoke(main, [LLAMA3]).stdout
    assert "model.layers.0–31 (LlamaDecoderLayer) × 32" in table
    assert "6,979,584,000" in table and "32 × (q (32 × 128) × 4096 + k/v" in table
    assert "model.layers.7 " not in table
    doc = json.loads(CliRunner().invoke(main, [LLAMA3, "--format", "json"]).stdout)
    assert [layer["name"] for layer in doc["layers"]][3:35] == [f"model.layers.{i}" for i in range(32)]
    csv_rows = CliRunner().invoke(main, [LLAMA3, "--format", "csv"]).stdout.splitlines()
    assert len(csv_rows) == 1 + len(doc["layers"])


def test_expand_lists_every_block():
    collapsed = CliRunner().invoke(main, [LLAMA3]).stdout
    note = " × N: N identical blocks in one row, their counts summed (--expand lists each)"
    assert collapsed.splitlines()[-1] == note
    table = CliRunner().invoke(main, [LLAMA3, "--expand"]).stdout
    assert "–31" not in table and "× 32" not in table and "--expand" not in table
    assert all(f"│ model.layers.{i} (LlamaDecoderLayer)" in table for i in range(32))


def test_a_repeated_pattern_of_rows_collapses_block_by_block(resnet50):
    summary = summarize(resnet50)
    rows = table_rows(summary)
    assert len(summary.layers) == 177 and len(rows) == 97
    names = [row.name for row in rows]
    assert names[names.index("conv3_block2–4_1_conv"):names.index("conv3_block2–4_out") + 1] == [
        "conv3_block2–4_1_conv", "conv3_block2–4_1_bn", "conv3_block2–4_1_relu", "conv3_block2–4_2_conv",
        "conv3_block2–4_2_bn", "conv3_block2–4_2_relu", "conv3_block2–4_3_conv", "conv3_block2–4_3_bn",
        "conv3_block2–4_add", "conv3_block2–4_out"]
    add = rows[names.index("conv3_block2–4_add")]
    assert add.inputs == ["conv3_block1–3_out[0][0]", "conv3_block2–4_3_bn[0][0]"]
    conv = rows[names.index("conv3_block2–4_2_conv")]
    assert (conv.count, conv.params, conv.formula) == (3, 3 * 147_584, "3 × (3 × 3 × 128 × 128 + 128)")
    assert sum(row.params for row in rows) == summary.totals.params == 25_636_712
    assert len(table_rows(summary, collapse=False)) == 177


def test_two_identical_rows_stay_two_rows():
    doc = {"name": "pair", "input": [8], "layers": [{"type": "Dense", "units": 8, "name": f"d{i}"} for i in range(2)]}
    assert [row.name for row in table_rows(summarize(doc))] == ["d0", "d1"]
    doc["layers"].append({"type": "Dense", "units": 8, "name": "d2"})
    rows = table_rows(summarize(doc))
    assert [(row.name, row.count, row.params) for row in rows] == [("d0–2", 3, 216)]


def test_rows_that_differ_are_not_collapsed():
    doc = {"name": "mixed", "input": [8], "layers": [
        {"type": "Dense", "units": 8, "name": "d0"}, {"type": "Dense", "units": 8, "name": "d1"},
        {"type": "Dense", "units": 8, "use_bias": False, "name": "d2"}, {"type": "Dense", "units": 8, "name": "x3"}]}
    assert [row.count for row in table_rows(summarize(doc))] == [1, 1, 1, 1]


@pytest.mark.parametrize("names, expected", [
    (["model.layers.0", "model.layers.1", "model.layers.2"], "model.layers.0–2"),
    (["conv3_block2_add", "conv3_block3_add"], "conv3_block2–3_add"),
    (["h.0", "h.2", "h.4"], "h.0, h.2, …, h.4"),
    (["same", "same"], "same"),
])
def test_range_names(names, expected):
    assert range_name(names) == expected


# -- depth, inputs, frozen layers --------------------------------------------------------------------------


def test_depth_folds_nested_rows_into_their_parent():
    full = CliRunner().invoke(main, [NESTED]).stdout
    top = CliRunner().invoke(main, [NESTED, "--depth", "1"]).stdout
    assert "└ conv2d_1 (Conv2D)" in full and "└ " not in top
    assert "│ block (Functional)" in top and "2,320" in top
    assert full.splitlines()[-4:] == top.splitlines()[-4:]  # the totals do not change
    assert CliRunner().invoke(main, [NESTED, "--depth", "2"]).stdout == full


def test_depth_0_is_a_usage_error():
    result = CliRunner().invoke(main, [NESTED, "--depth", "0"])
    assert result.exit_code == 2
    assert result.stderr.startswith("paramsum: ") and len(result.stderr.splitlines()) == 1


def test_a_row_shows_its_inputs_only_when_they_are_not_the_row_above():
    rows = {row.name: row.inputs for row in table_rows(summarize(TORCH_STAGE))}
    assert rows["input"] == ["-"]
    assert rows["layer2.0.bn1"] == []
    assert rows["layer2.0.downsample.0"] == ["input[0][0]"]
    assert rows["layer2.0.add"] == ["layer2.0.bn2[0][0]", "layer2.0.downsample.1[0][0]"]
    table = CliRunner().invoke(main, [TORCH_STAGE]).stdout
    assert "layer2.0.conv1[0][0]" not in table  # bn1 reads the row above
    assert "input[0][0]" in table


def test_a_join_of_many_branches_shows_its_inputs_as_ranges_and_expanded_lists_each():
    branches = [{"name": f"b{i}", "type": "Dense", "units": 2, "inputs": ["x"]} for i in range(6)]
    doc = {"name": "join", "inputs": {"x": [4], "y": [2]}, "layers": [
        *branches, {"name": "c", "type": "Dense", "units": 2, "inputs": ["x"]},
        {"name": "join", "type": "Add", "inputs": ["b0", "b1", "b2", "b3", "c", "y", "b4", "b5"]}]}
    summary = summarize(doc)
    rows = {row.name: row.inputs for row in table_rows(summary)}
    # a run of 3 or more counting up by one is one range; a pair stays two references, as a pair of rows does
    assert rows["join"] == ["b0–3[0][0]", "c[0][0]", "y[0][0]", "b4[0][0]", "b5[0][0]"]
    expanded = {row.name: row.inputs for row in table_rows(summary, collapse=False)}
    assert expanded["join"] == [f"{name}[0][0]" for name in ["b0", "b1", "b2", "b3", "c", "y", "b4", "b5"]]
    table = CliRunner().invoke(main, ["-", "--format", "table"], input=json.dumps(doc)).stdout
    assert "b0–3" in table and "b1" not in table


def test_a_chain_has_no_connected_to_column():
    assert "Connected to" not in CliRunner().invoke(main, ["sample_configs/mnist.yaml"]).stdout


def test_frozen_layers_get_a_trainable_column():
    table = CliRunner().invoke(main, [FROZEN]).stdout
    header = next(line for line in table.splitlines() if "Layer (type)" in line)
    assert "Trainable" in header
    marks = {line.split("│")[1].strip().split(" ")[0]: line.split("│")[5].strip()
             for line in table.splitlines() if line.startswith("│")}
    assert marks["dense"] == "N" and marks["frozen_block"] == "N" and marks["dense_3"] == "Y"
    assert marks["batch_normalization"] == "partly"  # its moving mean and variance are not trained
    assert "┃ Trainable" not in CliRunner().invoke(main, [NESTED]).stdout  # nothing frozen: no column


# -- piped output and the footer ---------------------------------------------------------------------------


def test_piped_table_is_unwrapped_and_not_padded():
    text = CliRunner().invoke(main, [LLAMA3, "--expand"]).stdout
    lines = text.splitlines()
    formula = summarize(LLAMA3).layers[3].labelled_formula
    assert any(formula in line for line in lines)
    body = [line for line in lines if line.startswith("│")]
    assert len(body) == 37  # one line per row
    assert max(len(line) for line in lines) < len(formula) + 120


@pty_only
def test_footer_wraps_at_the_width_under_a_hanging_indent():
    lines = tty(LLAMA3, "--no-color", columns=80).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(" KV cache:"))
    assert lines[start + 1].startswith("   ") and not lines[start + 1].startswith("    ")
    assert max(len(line) for line in lines) <= 80


# -- the wrapping helpers ----------------------------------------------------------------------------------


def test_wrap_terms_breaks_only_at_plus():
    formula = "q (32 × 128) × 4096 + k/v 2 × (8 × 128) × 4096 + norms 2 × 4096"
    assert wrap_terms(formula, 30) == ["q (32 × 128) × 4096", "+ k/v 2 × (8 × 128) × 4096", "+ norms 2 × 4096"]
    assert wrap_terms(formula, 200) == [formula]
    assert wrap_terms("32 × (7 × 7 × 3 × 64 + 64)", 16) == ["32 × (", "7 × 7 × 3 × 64", "+ 64)"]


def test_wrap_terms_breaks_a_product_after_its_operator_only_when_a_term_cannot_fit():
    assert wrap_terms("weight 128256 × 4096", 16) == ["weight 128256 ×", "    4096"]
    assert wrap_terms("2 × 64 + k/v 2 × (8 × 128) × 4096", 20) == ["2 × 64", "+ k/v 2 ×", "    (8 × 128) × 4096"]
    assert wrap_terms("a 1 + ffn_gate/ffn_up 2 × 128 × 64", 20) == ["a 1", "+ ffn_gate/ffn_up", "    2 × 128 × 64"]


def test_a_checkpoint_rows_storage_breaks_between_dtypes():
    text = tty("tests/fixtures/checkpoints/llama_tiny.gguf", "--no-color", columns=80)
    assert "│ Q8_0 38.25 KiB │" in text and "│ + F32 512.00 B │" in text


def test_names_are_shortened_with_an_ellipsis_never_cut():
    assert shorten("conv2_block1_1_conv", 10) == "conv2_blo…"
    assert shorten("layer2.0.downsample.1", 12) == "…ownsample.1"  # a module path keeps its tail
    assert shorten("model.layers.0–31", 12) == "…layers.0–31"
    assert wrap_words(["conv2_block1_1_bn", "(BatchNormalization)"], 19) == ["conv2_block1_1_bn", "(BatchNormalizati…)"]
    assert wrap_words(["dense", "(Dense)"], 40) == ["dense (Dense)"]
    assert wrap_words(["   └ conv2d_1", "(Conv2D)"], 14, indent=5) == ["   └ conv2d_1", "     (Conv2D)"]


@pty_only
@pytest.mark.parametrize("model, columns", [
    ("sample_configs/mnist.yaml", 60), (FROZEN, 60), ("sample_configs/text_lstm.yaml", 60),
    ("sample_configs/mnist.yaml", 80), (FROZEN, 80), ("sample_configs/text_lstm.yaml", 80),
    ("sample_configs/torch_lstm_classifier.yaml", 80), ("sample_configs/unet_mini.yaml", 80),
    ("sample_configs/torch_transformer_encoder.yaml", 80),
    ("tests/fixtures/huggingface/mixtral_8x7b_v0_1.config.json", 80),
])
def test_any_model_fits_the_terminal_with_every_shape_and_count_whole(model, columns):
    text = tty(model, "--no-color", columns=columns)
    assert max(len(line) for line in text.splitlines()) <= columns
    cells = [cell.strip() for line in text.splitlines() if line.startswith("│") for cell in line.split("│")[1:-1]]
    for row in table_rows(summarize(model)):
        assert row.shape in cells and f"{row.params:,}" in cells


@pytest.mark.parametrize("args, message", [
    (["--expand", "--format", "json"], "paramsum: --expand applies to the table only (--format json lists every row)"),
    (["--depth", "1", "--format", "csv"], "paramsum: --depth applies to the table only (--format csv lists every row)"),
    (["--expand", "--depth", "2", "--total"],
     "paramsum: --expand and --depth apply to the table only (not to --total)"),
])
def test_table_options_with_another_output_are_a_usage_error(args, message):
    result = CliRunner().invoke(main, [NESTED, *args], prog_name="paramsum")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"{message} (see 'paramsum --help')"]


def test_a_collapsed_decoder_block_shows_where_the_chain_starts_and_the_encoder_it_reads():
    rows = {row.name: row for row in table_rows(summarize("tests/fixtures/huggingface/bart_base.config.json"))}
    decoder = rows["decoder.layers.0–5"]
    assert decoder.count == 6
    assert decoder.inputs == ["decoder.layernorm_embedding[0][0]", "encoder.layers.5[0][0]"]
    rows = {row.name: row for row in table_rows(summarize("tests/fixtures/huggingface/t5_small.config.json"))}
    assert rows["encoder.block.0"].count == 1  # block 0 holds the relative attention bias: not a copy
    assert rows["decoder.block.1–5"].inputs == ["decoder.block.0[0][0]", "encoder.final_layer_norm[0][0]"]


def test_alternating_layers_collapse_as_a_pattern_of_two():
    layers = []
    for index in range(8):
        layers.append({"type": "Dense", "units": 8, "name": f"d{index}"} if index % 2 == 0 else
                      {"type": "Dropout", "rate": 0.1, "name": f"d{index}"})
    rows = table_rows(summarize({"name": "alternating", "input": [8], "layers": layers}))
    assert [(row.name, row.type, row.count, row.params) for row in rows] == [
        ("d0, d2, …, d6", "Dense", 4, 4 * 72), ("d1, d3, …, d7", "Dropout", 4, 0)]


def test_zero_padded_indices_are_indices():
    doc = {"name": "padded", "input": [8], "layers": [{"type": "Dense", "units": 8, "name": f"blk.{i:02d}"}
                                                      for i in range(1, 13)]}
    assert [(row.name, row.count) for row in table_rows(summarize(doc))] == [("blk.01–12", 12)]


@pytest.mark.parametrize("columns", [80, 120])
def test_a_forced_console_width_draws_the_terminal_table(columns):
    import io

    from paramsum.render.table import print_tables

    out = io.StringIO()
    print_tables([summarize(LLAMA3)], out, color=False, terminal=True, width=columns)
    assert out.getvalue() == (GOLDEN / f"llama3_8b.{columns}.txt").read_text(encoding="utf-8")
