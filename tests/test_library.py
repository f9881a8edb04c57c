"""The library as a notebook uses it: reprs, to_dict() (the JSON contract), table(), dtype checks, open files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import paramsum
from paramsum.cli import main

ROOT = Path(__file__).resolve().parents[1]
MNIST = ROOT / "sample_configs" / "mnist.yaml"
LLAMA = ROOT / "sample_configs" / "hf_llama_config.json"
KERAS_ARCHIVE = next((ROOT / "tests" / "fixtures").rglob("*.keras"), None)


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, prog_name="paramsum")


def test_reprs_are_short_and_say_what_the_object_is():
    summary = paramsum.summarize(str(MNIST))
    assert repr(summary) == "<ModelSummary 'mnist_softmax' (paramsum, keras): 7,850 params, 3 rows, float32>"
    assert repr(summary.layers[1]) == "<LayerSummary 'dense' (Dense): 7,850 params, output (None, 10)>"
    assert repr(summary.totals) == "<Totals 7,850 params, 31,400 bytes>"
    frozen = paramsum.summarize("tests/models/branches.yaml").totals
    assert repr(frozen) == "<Totals 222 params, 18 non-trainable, 888 bytes>"


@pytest.mark.parametrize("model", ["sample_configs/mnist.yaml", "tests/models/branches.yaml",
                                   "sample_configs/hf_llama_config.json", "sample_configs/torch_lenet5.yaml"])
def test_to_dict_is_the_json_document(model):
    assert paramsum.summarize(model).to_dict() == json.loads(run(model, "--format", "json").stdout)


def test_table_is_the_printed_table():
    summary = paramsum.summarize("sample_configs/mnist.yaml")
    assert summary.table() == run("sample_configs/mnist.yaml").stdout  # complete and unwrapped, as piped
    narrow = summary.table(width=60)
    assert "\x1b" not in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert "Total params: 7,850 (30.66 KiB as float32)" in narrow
    assert "kernel (784, 10)" in summary.table(weights=True)


def test_notebooks_get_markdown():
    summary = paramsum.summarize("sample_configs/mnist.yaml")
    assert summary._repr_markdown_() == run("sample_configs/mnist.yaml", "--format", "markdown").stdout


def test_table_loads_rich_only_when_called():
    code = ("import sys, paramsum; s = paramsum.summarize('sample_configs/mnist.yaml'); s.to_dict(); repr(s); "
            "print('rich' in sys.modules); s.table(); print('rich' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout == "False\nTrue\n"


@pytest.mark.parametrize("dtype, hint", [("fp16", "did you mean 'float16'?"), ("bf16", "did you mean 'bfloat16'?"),
                                         ("fp32", "did you mean 'float32'?"), ("torch.float16", "did you mean "
                                                                                "'float16'?"),
                                         ("flaot16", "did you mean 'float16'?"), ("xyzzy", "valid: bfloat16, bool")])
def test_a_dtype_is_checked_with_a_suggestion(dtype, hint):
    with pytest.raises(paramsum.ParamsumError) as caught:
        paramsum.summarize(str(MNIST), dtype=dtype)
    assert str(caught.value).startswith(f"unknown dtype {dtype!r} ({hint}")


def test_the_cli_says_the_same_for_its_dtype():
    result = run("sample_configs/mnist.yaml", "--dtype", "bf16")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("paramsum: Invalid value for '--dtype': unknown dtype 'bf16': did you mean "
                             "'bfloat16'? (see 'paramsum --help')\n")
    assert paramsum.summarize(str(MNIST), dtype="float16").totals.bytes == 7850 * 2


def test_an_open_file_text_or_binary():
    expected = paramsum.summarize(str(MNIST)).to_dict()
    with open(MNIST) as text, open(MNIST, "rb") as binary:
        assert paramsum.summarize(text).to_dict() == expected
        assert paramsum.summarize(binary).to_dict() == expected
    stream = paramsum.summarize(io.StringIO(LLAMA.read_text()))
    assert (stream.source, stream.totals.params) == ("<stream>", 6_738_415_616)
    assert paramsum.summarize(io.BytesIO(LLAMA.read_bytes()), source="llama.json").source == "llama.json"


@pytest.mark.skipif(KERAS_ARCHIVE is None, reason="no .keras fixture")
def test_an_open_keras_archive():
    with open(KERAS_ARCHIVE, "rb") as handle:
        assert paramsum.summarize(handle).totals.params == paramsum.summarize(str(KERAS_ARCHIVE)).totals.params


def test_a_bad_stream_is_a_paramsum_error():
    with pytest.raises(paramsum.ParamsumError, match="not UTF-8 text"):
        paramsum.summarize(io.BytesIO(b"\xff\xfe layers"))


def test_no_stray_names():
    public = [name for name in dir(paramsum) if not name.startswith("_")]
    assert public == ["ExitStatus", "ParamsumError", "load_graph", "summarize"]
    assert "__version__" in dir(paramsum) and "annotations" not in dir(paramsum)


def test_py_typed_is_packaged():
    assert (ROOT / "paramsum" / "py.typed").exists()
    assert 'paramsum = ["py.typed"]' in (ROOT / "pyproject.toml").read_text()
