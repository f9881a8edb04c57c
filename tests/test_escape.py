"""Nothing from a file controls the terminal: names, types, file names and received values are printed with
their control, C1 and bidi characters escaped, in every format, on stdout and stderr.

Each test reads a file whose strings hold clear-screen, window-title and hyperlink sequences, CR, BS, NUL,
a newline, a C1 control and a bidi override, and checks that none reaches the output raw.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum.cli import main
from paramsum.escape import printable

ROOT = Path(__file__).resolve().parents[1]

PAYLOADS = {
    "clear screen": "\x1b[2J",
    "window title": "\x1b]0;pwned\x07",
    "hyperlink": "\x1b]8;;http://x\x1b\\",
    "carriage return": "\r",
    "backspace": "\x08",
    "nul": "\x00",
    "newline": "\n",
    "c1 csi": "\x9b",
    "bidi override": "\u202e",
}
EVIL = "".join(PAYLOADS.values())
# What the formats' own syntax must survive: a Markdown cell's end and an HTML comment, a Mermaid node's end
# and an arrow, a dot string's end, a code fence.
SYNTAX = '|"]--> <!-- ``` }\\'
# A name another layer refers to holds no newline: the native reader's reference syntax does not read one yet.
REF_EVIL = EVIL.replace("\n", "")
# A file name cannot hold '/' or NUL.
FILE_EVIL = "\x1b[2J\x1b]0;pwned\x07\r\x08\n\x9b\u202e"

# Anything but a newline that a terminal would act on (a tab is left to the table's own checks: never raw either).
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
SGR = re.compile("\x1b\\[[0-9;]*m")  # rich's own colours on a terminal


def assert_clean(text):
    assert RAW.findall(text) == []


def assert_one_line_each(stderr, messages):
    assert_clean(stderr)
    lines = stderr.splitlines()
    assert len(lines) == messages and all(line.startswith("paramsum: ") for line in lines), stderr


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, prog_name="paramsum")


@pytest.mark.parametrize(("text", "shown"), [
    ("\x1b[2J", "\\x1b[2J"),
    ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
    ("\x1b]8;;http://x\x1b\\", "\\x1b]8;;http://x\\x1b\\"),
    ("a\nb\rc\td", "a\\nb\\rc\\td"),
    ("\x08\x00\x7f", "\\x08\\x00\\x7f"),
    ("\x9b\x85", "\\x9b\\x85"),  # C1: a one-byte CSI, a next-line
    ("\u202a\u202b\u202c\u202d\u202e", "\\u202a\\u202b\\u202c\\u202d\\u202e"),
    ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
    ("\u2028\u2029", "\\u2028\\u2029"),  # line and paragraph separators
    ("\ud800", "\\ud800"),  # a lone surrogate: unencodable, shown
    ("a\u200bb\u00adc", "a\\u200bb\\xadc"),  # invisible: zero-width space, soft hyphen
    ("\U000f0000", "\\U000f0000"),  # private use
    ("\U0001f600 e\u0301", "\U0001f600 e\u0301"),  # an emoji, a combining accent: printable
    ("dense_1 (Dense) 4 × 2 + 2 → é 模型 ☃", "dense_1 (Dense) 4 × 2 + 2 → é 模型 ☃"),  # normal text as it is
    (7850, "7850"),
])
def test_printable(text, shown):
    assert printable(text) == shown


@pytest.fixture
def evil_model(tmp_path):
    """A native model whose model and layer names hold every payload and the formats' syntax."""
    doc = {"name": "M" + EVIL + SYNTAX, "inputs": {"in" + REF_EVIL: [4]}, "layers": [
        {"name": "L" + REF_EVIL + SYNTAX, "type": "Dense", "units": 2, "inputs": ["in" + REF_EVIL]},
        {"name": "K" + EVIL, "type": "Dense", "units": 3, "inputs": ["L" + REF_EVIL + SYNTAX]},
    ]}
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "dot", "mermaid", "json"])
def test_no_control_character_reaches_stdout(evil_model, fmt):
    result = run("--format", fmt, evil_model)
    assert result.exit_code == 0, result.stderr
    assert_clean(result.stdout)
    assert result.stderr == ""
    if fmt != "json":  # the names are there, shown as text (dot and Markdown double the backslash)
        assert re.search(r"L\\{1,2}x1b\[2J\\{1,2}x1b\]0;pwned", result.stdout)


def test_table_piped_shows_the_names_escaped(evil_model):
    lines = run(evil_model).stdout.splitlines()
    assert lines[0] == f'Model: "{printable("M" + EVIL + SYNTAX)}"'
    assert any(line.startswith(f"│ {printable('L' + REF_EVIL + SYNTAX)} (Dense) │") for line in lines)
    assert any(line.startswith(f"│ {printable('K' + EVIL)} (Dense) ") for line in lines)
    assert sum(line.startswith("│ ") for line in lines) == 3  # one line per row: input, L, K


def _on_a_terminal(*args):
    """The real CLI with its standard output on a pseudo-terminal: (status, what the terminal got, stderr)."""
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env.update(COLUMNS="200", TERM="xterm-256color")
    process = subprocess.Popen([sys.executable, "-m", "paramsum", *map(str, args)], stdout=terminal,
                               stderr=subprocess.PIPE, cwd=ROOT, env=env)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    status = process.wait(timeout=60)
    stderr = process.stderr.read().decode("utf-8")
    process.stderr.close()
    return status, b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), stderr  # the terminal's line ends


def test_table_on_a_terminal_has_only_its_own_colours(evil_model):
    """Colours and box drawing, and no other escape."""
    status, text, stderr = _on_a_terminal(evil_model)
    assert status == 0 and stderr == ""
    assert SGR.search(text)  # it did colour: this is the terminal path
    assert_clean(SGR.sub("", text))
    assert printable("K" + EVIL) in SGR.sub("", text)


def test_diff_table_on_a_terminal(evil_model, tmp_path):
    after = tmp_path / "after.json"
    doc = json.loads(evil_model.read_text())
    doc["layers"].append({"name": "N" + EVIL, "type": "Dense", "units": 1, "inputs": ["L" + REF_EVIL + SYNTAX]})
    after.write_text(json.dumps(doc))
    status, text, stderr = _on_a_terminal("diff", evil_model, after)
    assert status == 0 and stderr == ""
    assert SGR.search(text)
    assert_clean(SGR.sub("", text))
    assert printable("N" + EVIL) in SGR.sub("", text)


def test_csv_keeps_one_record_per_layer(evil_model):
    records = list(csv.DictReader(io.StringIO(run("--format", "csv", evil_model).stdout)))
    assert [r["layer"] for r in records] == [printable("in" + REF_EVIL), printable("L" + REF_EVIL + SYNTAX),
                                             printable("K" + EVIL)]
    assert {r["model"] for r in records} == {printable("M" + EVIL + SYNTAX)}
    assert records[2]["inputs"] == printable("L" + REF_EVIL + SYNTAX) + "[0][0]"


def _cells(row):
    """A Markdown table row's cells, its escapes (\\|, \\\\) kept inside them."""
    return re.findall(r"(?:\\.|[^|\\])+", row.strip().strip("|"))


def test_markdown_rows_hold_and_nothing_becomes_html(evil_model):
    text = run("--format", "markdown", evil_model).stdout
    lines = text.splitlines()
    assert lines[0].startswith("### M\\\\x1b[2J")
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + 3  # header, rule, three layers
    assert {len(_cells(row)) for row in table} == {6}
    assert "<" not in text and "&lt;!--" in text
    assert _cells(table[3])[0].strip() == "L" + printable(REF_EVIL).replace("\\", "\\\\") + (
        '\\|"]--> &lt;!-- ``` }\\\\ (Dense)')


def test_mermaid_fence_and_nodes_hold(evil_model):
    lines = run("--format", "mermaid", evil_model).stdout.splitlines()
    assert lines[0] == "```mermaid" and lines[-1] == "```"
    assert not any(line.lstrip().startswith("```") for line in lines[1:-1])
    assert json.loads(lines[2].removeprefix("title: ")) == printable("M" + EVIL + SYNTAX) + ": 19 params"
    nodes = [line for line in lines if re.match(r"\s+n\d+\[", line)]
    assert len(nodes) == 3
    assert all(re.fullmatch(r'\s+n\d+\["[^"]*"\]', line) for line in nodes)  # one quoted label, nothing after
    assert [line.strip() for line in lines if "-->" in line and "[" not in line] == ["n0 --> n1", "n1 --> n2"]


DOT_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def test_dot_strings_hold_and_ids_are_generated(evil_model):
    text = run("--format", "dot", evil_model).stdout
    outside = DOT_STRING.sub("", text)
    assert '"' not in outside and outside.count("{") == outside.count("}") == 1
    assert re.findall(r"^\s+(\S+) \[label=", text, re.M) == ["n0", "n1", "n2"]
    assert re.findall(r"^\s+(n\d+ -> n\d+);$", text, re.M) == ["n0 -> n1", "n1 -> n2"]
    labels = [json.loads(s) for s in re.findall(r"label=(\"(?:[^\"\\]|\\.)*\")", text)]  # a dot string as JSON
    assert labels[2].split("\n")[0] == printable("L" + REF_EVIL + SYNTAX) + " (Dense)"


def test_json_keeps_the_exact_strings_and_escapes_every_control(evil_model):
    text = run("--format", "json", evil_model).stdout
    assert_clean(text)
    assert "\\u009b" in text and "\\u202e" in text
    doc = json.loads(text)
    assert doc["name"] == "M" + EVIL + SYNTAX
    assert [layer["name"] for layer in doc["layers"]] == ["in" + REF_EVIL, "L" + REF_EVIL + SYNTAX, "K" + EVIL]


def test_total_of_files_with_controls_in_their_names(tmp_path):
    paths = []
    for index in range(2):
        path = tmp_path / f"m{index}{FILE_EVIL}.yaml"
        path.write_text("input: [4]\nlayers: [{type: Dense, units: 2}]\n")
        paths.append(path)
    result = run("--total", *paths)
    assert result.exit_code == 0
    assert_clean(result.stdout.replace("\t", " "))  # the tab between count and name is the only one
    assert [line.split("\t") for line in result.stdout.splitlines()] == [
        ["10", printable(str(path))] for path in paths]


def test_a_file_name_in_errors_and_tables(tmp_path):
    bad = tmp_path / f"bad{FILE_EVIL}.yaml"
    bad.write_text("input: [4]\nlayers: [{type: Dense, units: -1}]\n")
    missing = tmp_path / f"missing{FILE_EVIL}.yaml"
    result = run(bad, missing)
    assert result.exit_code == 2 and result.stdout == ""
    assert_one_line_each(result.stderr, 2)
    assert printable(str(bad)) in result.stderr and printable(str(missing)) in result.stderr
    good = tmp_path / f"good{FILE_EVIL}.yaml"
    good.write_text("input: [4]\nlayers: [{type: Dense, units: 2}]\n")
    for fmt in ("table", "csv", "markdown", "dot", "mermaid", "json"):
        result = run("--format", fmt, good)
        assert result.exit_code == 0
        assert_clean(result.stdout)


def test_an_unknown_type_named_with_controls(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"name": "m", "input": [4], "layers": [{"type": "Dense" + EVIL, "name": "d" + EVIL}]}))
    result = run(path)
    assert result.exit_code == 2 and result.stdout == ""
    assert_one_line_each(result.stderr, 1)
    assert printable("Dense" + EVIL) in result.stderr


@pytest.fixture
def evil_keras(tmp_path):
    """A Keras to_json file: an unknown layer type and an unknown argument, both named with the payloads."""
    doc = {"class_name": "Sequential", "config": {"name": "s" + EVIL, "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "in" + EVIL}},
        {"class_name": "Custom" + EVIL, "config": {"name": "custom" + EVIL}},
        {"class_name": "Dense", "config": {"name": "dense" + EVIL, "units": 2, "odd" + EVIL: 1}},
    ]}}
    path = tmp_path / "keras.json"
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "dot", "mermaid", "json"])
def test_keras_unknown_type_and_argument_warnings(evil_keras, fmt):
    result = run("--allow-unknown", "--format", fmt, evil_keras)
    assert result.exit_code == 0
    assert_clean(result.stdout)
    assert_one_line_each(result.stderr, 2)  # the unknown type, the unknown argument
    assert printable("odd" + EVIL) in result.stderr and printable("Custom" + EVIL) in result.stderr
    if fmt == "table":
        assert f"custom{printable(EVIL)} (Custom{printable(EVIL)})" in result.stdout
        assert f"Counted as 0 (unknown types): custom{printable(EVIL)} (Custom{printable(EVIL)})" in result.stdout


def test_keras_unknown_type_refused_is_one_line(evil_keras):
    result = run(evil_keras)
    assert result.exit_code == 2
    assert_one_line_each(result.stderr, 1)  # the unknown type's error (a failed file's warnings are not told)
    assert printable("Custom" + EVIL) in result.stderr


def _hf_config(tmp_path, **changes):
    config = json.loads((ROOT / "sample_configs/hf_llama_config.json").read_text())
    config.update(num_hidden_layers=1, **changes)
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    return path


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "dot", "mermaid", "json"])
def test_hugging_face_model_name(tmp_path, fmt):
    result = run("--format", fmt, _hf_config(tmp_path, _name_or_path="org/" + EVIL))
    assert result.exit_code == 0
    assert_clean(result.stdout)
    if fmt == "json":
        assert json.loads(result.stdout)["name"] == "org/" + EVIL
    else:
        assert "org/" in result.stdout and "x1b]0;pwned" in result.stdout


def test_hugging_face_received_value_in_an_error(tmp_path):
    result = run(_hf_config(tmp_path, model_type="llama" + EVIL))
    assert result.exit_code == 2
    assert_one_line_each(result.stderr, 1)


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "dot", "mermaid", "json"])
def test_diff_of_models_named_with_controls(evil_model, tmp_path, fmt):
    after = tmp_path / "after.json"
    doc = json.loads(evil_model.read_text())
    doc["layers"][1]["units"] = 5
    doc["layers"].append({"name": "N" + EVIL, "type": "Dense", "units": 1, "inputs": ["L" + REF_EVIL + SYNTAX]})
    after.write_text(json.dumps(doc))
    result = run("diff", "--format", fmt, evil_model, after)
    assert result.exit_code == 0, result.stderr
    assert_clean(result.stdout)
    if fmt == "json":
        assert "N" + EVIL in set(_strings(json.loads(result.stdout)))  # the exact name, decoded
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(result.stdout)))) == 1 + 2 + 1  # header, changed, added, total


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _gguf_string(text):
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


@pytest.fixture
def evil_checkpoints(tmp_path):
    """A safetensors file and a GGUF file whose tensor names and recorded strings hold the payloads."""
    from tests.test_checkpoints import _gguf, _safetensors

    tensor = {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}
    safetensors = tmp_path / "model.safetensors"
    safetensors.write_bytes(_safetensors({"__metadata__": {"format": "pt" + EVIL}, "blk" + EVIL + ".weight": tensor},
                                         b"\0" * 16))
    gguf = tmp_path / "model.gguf"
    kv = [("general.architecture", 8, _gguf_string("llama" + EVIL)), ("general.name", 8, _gguf_string("n" + EVIL))]
    gguf.write_bytes(_gguf(tensors=[("blk" + EVIL + ".weight", [8, 2], 0, 0)], kv=kv, data=b"\0" * 64))
    return [safetensors, gguf]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "dot", "mermaid", "json"])
def test_checkpoint_tensor_names_and_recorded_strings(evil_checkpoints, fmt):
    for path in evil_checkpoints:
        result = run("--format", fmt, path)
        assert result.exit_code == 0, result.stderr
        assert_clean(result.stdout)
        assert_clean(result.stderr)
        if fmt == "json":
            assert "blk" + EVIL in set(_strings(json.loads(result.stdout)))  # the row, named as stored
        else:
            assert "x1b]0;pwned" in result.stdout


def test_checkpoint_weights_and_footer_in_the_table(evil_checkpoints):
    for path in evil_checkpoints:
        result = run("--weights", path)
        assert result.exit_code == 0
        assert_clean(result.stdout)
        assert printable("blk" + EVIL) in result.stdout
    assert printable("llama" + EVIL) in result.stdout  # the GGUF's architecture, in the footer


@pytest.mark.parametrize("args", [
    ["--format", "json" + EVIL, "sample_configs/mnist.yaml"],
    ["--no-such-option" + EVIL, "sample_configs/mnist.yaml"],  # an option click does not know
    ["--dtype", "fp16" + EVIL, "sample_configs/mnist.yaml"],
    ["--max-params", "1" + EVIL, "sample_configs/mnist.yaml"],
    ["diff", "sample_configs/mnist.yaml", "missing" + FILE_EVIL],
])
def test_usage_errors_quoting_an_argument_are_one_line(args, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert_one_line_each(result.stderr, 1)


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "dot", "mermaid", "json"])
def test_a_lone_surrogate_is_refused_in_one_printable_line(tmp_path, fmt):
    """A lone surrogate is no Unicode character: the reader refuses it, and the message shows it escaped."""
    path = tmp_path / "m.json"
    path.write_text('{"name": "m\\ud800", "input": [4], "layers": [{"type": "Dense", "units": 2, "name": "d\\udfff"},'
                    ' {"type": "Custom\\ud800"}]}')
    process = subprocess.run([sys.executable, "-m", "paramsum", "--allow-unknown", "--format", fmt, str(path)],
                             capture_output=True, cwd=ROOT)
    assert process.returncode == 2 and process.stdout == b""
    stderr = process.stderr.decode("utf-8")  # strict: valid UTF-8
    assert_one_line_each(stderr, 1)
    assert "lone surrogate (\\ud" in stderr


def test_a_library_error_prints_as_one_safe_line(tmp_path):
    from paramsum import summarize
    from paramsum.errors import ParamsumError

    path = tmp_path / "m.json"
    path.write_text(json.dumps({"name": "m", "input": [4], "layers": [{"type": "Dense" + EVIL, "name": "d" + EVIL}]}))
    with pytest.raises(ParamsumError) as caught:
        summarize(str(path))
    assert_clean(str(caught.value))
    assert printable("Dense" + EVIL) in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_a_dtype_string_from_the_file(tmp_path, fmt):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"name": "m", "dtype": "float16" + EVIL, "input": [4],
                                "layers": [{"type": "Dense", "units": 2}]}))
    result = run("--format", fmt, path)
    assert_clean(result.stdout)
    assert_clean(result.stderr)
    if result.exit_code == 0 and fmt == "table":  # the footer names the dtype
        assert f"as float16{printable(EVIL)})" in result.stdout
