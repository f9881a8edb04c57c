"""Bad input: every malformed file gives exit 2 and one line on stderr — never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum.cli import main

CHAIN = "input: [8]\nlayers:\n"

# (id, file text, substrings the one-line message must contain)
BAD_FILES = [
    ("yaml-syntax", "input: [8\nlayers: []\n", ["bad.yaml:", "invalid YAML"]),
    ("yaml-indent", "input: [8]\nlayers:\n  - type: Dense\n   units: 3\n", ["bad.yaml:4:", "invalid YAML"]),
    ("json-syntax", '{"input": [8], "layers": [}', ["bad.yaml:1:", "invalid JSON"]),
    ("empty", "", ["empty"]),
    ("only-comment", "# nothing\n", ["no data"]),
    ("not-mapping", "- 1\n- 2\n", ["expected a mapping"]),
    ("scalar", "hello\n", ["expected a mapping"]),
    ("no-layers", "input: [8]\n", ["'layers'"]),
    ("no-input", "layers: [{type: Dense, units: 2}]\n", ["input shape"]),
    ("unknown-top-key", "input: [8]\nlayer: []\n", ["unknown top-level key 'layer'", "did you mean 'layers'"]),
    ("unknown-type", CHAIN + "  - {type: Dens, units: 3}\n", ["3:5", "unknown keras layer type 'Dens'", "'Dense'"]),
    ("unknown-arg", CHAIN + "  - {type: Dense, unit: 3}\n", ["layer 'dense'", "no argument 'unit'", "'units'"]),
    ("missing-arg", CHAIN + "  - {type: Dense}\n", ["layer 'dense'", "needs 'units'"]),
    ("string-arg", CHAIN + "  - {type: Dense, units: '10'}\n", ["units", "positive integer", "received"]),
    ("bool-arg", CHAIN + "  - {type: Dense, units: true}\n", ["units", "positive integer"]),
    ("float-arg", CHAIN + "  - {type: Dense, units: 2.5}\n", ["units", "positive integer"]),
    ("negative-arg", CHAIN + "  - {type: Dense, units: -5}\n", ["units", "positive integer", "-5"]),
    ("negative-input", "input: [-3]\nlayers: [{type: Dense, units: 2}]\n", ["input", "positive"]),
    ("bad-trainable", CHAIN + "  - {type: Dense, units: 2, trainable: maybe}\n", ["trainable"]),
    ("no-type", CHAIN + "  - {units: 3}\n", ["has no 'type'"]),
    ("layer-not-mapping", CHAIN + "  - Dense\n", ["must be a mapping"]),
    ("unknown-framework", "framework: jax\n" + CHAIN + "  - {type: Dense, units: 2}\n", ["unknown framework 'jax'"]),
    ("dangling", CHAIN + "  - {name: a, type: Dense, units: 2}\n  - {type: Dense, units: 2, inputs: [b]}\n",
     ["'b' is not a layer or input"]),
    ("dangling-suggest",
     CHAIN + "  - {name: conv, type: Dense, units: 2}\n  - {type: Dense, units: 2, inputs: [cnv]}\n",
     ["did you mean 'conv'"]),
    ("duplicate-name", CHAIN + "  - {name: a, type: Dense, units: 2}\n  - {name: a, type: Dense, units: 2}\n",
     ["duplicate layer name 'a'"]),
    ("cycle",
     CHAIN + "  - {name: a, type: Dense, units: 2, inputs: [b]}\n  - {name: b, type: Dense, units: 2, inputs: [a]}\n",
     ["cycle"]),
    ("self-cycle", CHAIN + "  - {name: a, type: Dense, units: 2, inputs: [a]}\n", ["cycle"]),
    ("bad-output", CHAIN + "  - {name: a, type: Dense, units: 2}\noutputs: [z]\n", ["'z' is not a layer"]),
    ("dense-unknown-axis", "input: [null]\nlayers: [{type: Dense, units: 2}]\n", ["layer 'dense'", "must be known"]),
    ("python-tag", "input: !!python/object/apply:os.system ['echo hi']\nlayers: []\n", ["refused"]),
    ("python-name-tag", "name: !!python/name:os.system\ninput: [3]\nlayers: []\n", ["refused"]),
    ("duplicate-key", "input: [3]\ninput: [4]\nlayers: [{type: Dense, units: 2}]\n", ["duplicate key 'input'"]),
    ("deep-nesting", "input: " + "[" * 5000 + "]" * 5000 + "\nlayers: []\n", ["nesting deeper"]),
    ("deep-block-nesting", "input:\n" + "- " * 3000 + "1\n", ["nesting deeper"]),
    ("json-deep", "{\"input\": " + "[" * 100000 + "]" * 100000 + "}", ["nesting deeper"]),
    ("several-docs", "input: [3]\n---\ninput: [4]\n", ["several YAML documents"]),
    ("bad-budget", CHAIN + "  - {type: Dense, units: 2}\nbudget: {max_params: lots}\n", ["budget", "not a number"]),
]

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{i}: &l{i} [{', '.join(['*' + ('a' if i == 0 else f'l{i - 1}')] * 9)}]\n" for i in range(9)
) + "input: *l8\nlayers: [{type: Dense, units: 2}]\n"


def run(tmp_path, text, name="bad.yaml", mode="w"):
    path = tmp_path / name
    if mode == "wb":
        path.write_bytes(text)
    else:
        path.write_text(text)
    result = CliRunner().invoke(main, ["--format", "json", str(path)])
    return result


def assert_one_line_error(result, expected):
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in lines[0], lines[0]


@pytest.mark.parametrize("text,expected", [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_bad_file(tmp_path, text, expected):
    assert_one_line_error(run(tmp_path, text), expected)


def test_alias_bomb(tmp_path):
    assert_one_line_error(run(tmp_path, ALIAS_BOMB), ["alias"])


def test_binary_file(tmp_path):
    assert_one_line_error(run(tmp_path, bytes(range(256)) * 4, "model.bin", "wb"), ["binary file"])


def test_latin1_file(tmp_path):
    assert_one_line_error(run(tmp_path, "name: caf\xe9\n".encode("latin-1"), "m.yaml", "wb"), ["not UTF-8"])


def test_missing_file(tmp_path):
    result = CliRunner().invoke(main, [str(tmp_path / "nope.yaml")])
    assert_one_line_error(result, ["nope.yaml", "no such file"])


def test_directory_without_config_json(tmp_path):
    (tmp_path / "weights.bin").write_bytes(b"")
    assert_one_line_error(CliRunner().invoke(main, [str(tmp_path)]), ["directory without a config.json"])


def test_model_directory_reads_its_config_json(tmp_path):
    """`paramsum path/to/model/` is the config.json inside it, named as such in messages and output."""
    config = Path(__file__).parent / "fixtures" / "huggingface" / "llama_tiny.config.json"
    (tmp_path / "config.json").write_text(config.read_text())
    result = CliRunner().invoke(main, [str(tmp_path), "--format", "json"])
    doc = json.loads(result.stdout)
    assert result.exit_code == 0 and doc["totals"]["params"] == 19_744
    assert doc["source"] == str(tmp_path / "config.json") and doc["format"] == "huggingface"
    (tmp_path / "config.json").write_text('{"model_type": "llama", "hidden_size": 30, "num_attention_heads": 4}')
    assert_one_line_error(CliRunner().invoke(main, [str(tmp_path)]),
                          [f"{tmp_path / 'config.json'}:", "hidden_size must be divisible by num_attention_heads"])


def test_error_names_the_file_and_position(tmp_path):
    result = run(tmp_path, CHAIN + "  - {type: Dense, units: 4}\n  - {type: Dense, units: 0}\n")
    assert_one_line_error(result, ["bad.yaml:4:", "layer 'dense_1'", "units", "received: units=0"])


def test_stdin_error_is_named():
    result = CliRunner().invoke(main, ["-"], input="input: [8\n")
    assert_one_line_error(result, ["<stdin>", "invalid YAML"])


# Malformed documents found by fuzzing: each was a traceback once. Harmless oddities (a
# dtype policy or call kwargs that are not mappings) are ignored; the rest are errors.
def _keras_doc():
    import json
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "keras_models" / "functional_cnn.json"
    return json.loads(path.read_text())


def _set(path, value):
    def edit(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return doc

    return edit


FUZZED = [
    ("keras-policy-config-not-mapping", _keras_doc, _set(["config", "layers", 1, "config", "dtype", "config"], 2.5)),
    ("keras-node-kwargs-not-mapping", _keras_doc, _set(["config", "layers", 1, "inbound_nodes", 0, "kwargs"], [1])),
    ("keras-tensor-config-not-mapping", _keras_doc,
     _set(["config", "layers", 1, "inbound_nodes", 0, "args", 0, "config"], "x")),
    ("keras-input-config-not-mapping", _keras_doc, _set(["config", "layers", 0, "config"], [1])),
    ("keras-class-name-not-string", _keras_doc, _set(["config", "layers", 1, "class_name"], ["Dense"])),
    ("keras-model-class-name-not-string", _keras_doc, _set(["class_name"], None)),
    ("native-empty-input-name", lambda: {"input": [3], "layers": [{"type": "Dense", "units": 2, "inputs": [""]}]},
     lambda doc: doc),
    ("hf-architectures-mapping", lambda: {"architectures": {"a": 1}, "hidden_size": 8}, lambda doc: doc),
    ("hf-llama-heads-null", lambda: {"model_type": "llama", "num_attention_heads": None, "head_dim": 4},
     lambda doc: doc),
]


IGNORED = {"keras-policy-config-not-mapping", "keras-node-kwargs-not-mapping"}


@pytest.mark.parametrize("label,make,edit", FUZZED, ids=[f[0] for f in FUZZED])
def test_fuzzed_document_is_summarised_or_a_clear_error(label, make, edit):
    from paramsum import ParamsumError, summarize

    if label in IGNORED:
        assert summarize(edit(make()), source="fuzzed").totals.params == summarize(make(), source="x").totals.params
    else:
        with pytest.raises(ParamsumError):
            summarize(edit(make()), source="fuzzed")


@pytest.mark.parametrize("dtype, expected", [
    ("fp16", "bad.yaml:2:1: unknown dtype 'fp16' (did you mean 'float16'?)"),
    ('"float16\\x1b[2J"', "bad.yaml:2:1: unknown dtype 'float16\\x1b[2J' (did you mean 'float16'?)"),
    ("quux", "bad.yaml:2:1: unknown dtype 'quux' (valid: bfloat16, bool"),
])
def test_a_model_dtype_is_one_paramsum_knows(tmp_path, dtype, expected):
    """The footer's sizes are computed from the dtype: an unknown one is refused, not counted as float32."""
    text = f"input: [4]\ndtype: {dtype}\nlayers: [{{type: Dense, units: 2}}]\n"
    assert_one_line_error(run(tmp_path, text), [expected])
