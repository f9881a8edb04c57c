"""Start-up pays only for what a run uses: the modules a real `paramsum` process has imported, per output.

Timing belongs to benchmarks/startup.py; these tests hold the structure that keeps it fast.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MNIST_YAML = "sample_configs/mnist.yaml"  # Flatten, Dense, Activation: Keras' reshaping and core families
MNIST_JSON = "sample_configs/mnist.json"
# Runs the CLI as the console script does, then reports the modules imported and every gettext lookup.
WRAPPER = """
import gettext, sys
lookups = []
real = gettext.dgettext
gettext.dgettext = lambda domain, message: lookups.append(message) or real(domain, message)
from paramsum.command import run_command
status = int(run_command() or 0)  # (what main() runs before it ends the process with this status)
sys.stderr.write("\\nREPORT " + repr({"status": status, "modules": sorted(sys.modules), "lookups": lookups}))
"""
KERAS = "paramsum.layers.keras."
TORCH = "paramsum.layers.torch."


def run(*args):
    process = subprocess.run([sys.executable, "-c", WRAPPER, *args], cwd=ROOT, capture_output=True, text=True)
    report = ast.literal_eval(process.stderr.rpartition("\nREPORT ")[2])
    assert report["status"] == 0, process.stderr
    return process.stdout, set(report["modules"]), report["lookups"]


def families(modules):
    return sorted(m for m in modules if m.startswith((KERAS, TORCH)))


@pytest.mark.parametrize("args", [("--total", MNIST_YAML), ("--format", "json", MNIST_YAML), (MNIST_YAML,),
                                  ("--total", MNIST_JSON), ("--format", "csv", MNIST_JSON)])
def test_a_run_imports_only_the_keras_families_its_file_uses(args):
    stdout, modules, _ = run(*args)
    assert stdout
    assert families(modules) == [f"{KERAS}core", f"{KERAS}reshaping"]


@pytest.mark.parametrize("args", [("--total", MNIST_YAML), ("--format", "json", MNIST_YAML), (MNIST_YAML,),
                                  ("--total", MNIST_JSON), ("diff", "--total", MNIST_YAML, MNIST_JSON)])
def test_no_run_looks_texts_up_in_gettext(args):
    """click's own option texts are looked up in the translation catalogs (importing locale): 2 ms."""
    _, modules, lookups = run(*args)
    assert lookups == []
    assert "locale" not in modules


def test_total_of_a_yaml_file_imports_neither_rich_nor_json():
    stdout, modules, _ = run("--total", MNIST_YAML)
    assert stdout == "7850\n"
    assert not {m for m in modules if m.split(".")[0] in ("rich", "json", "_json")}
    assert "yaml" in modules
    assert "paramsum.infer.recorded" not in modules  # (files that list their weights: TF.js, .h5)


def test_json_output_uses_the_c_string_encoder_without_the_json_package():
    stdout, modules, _ = run("--format", "json", MNIST_YAML)
    assert json.loads(stdout)["totals"]["params"] == 7850
    assert "_json" in modules and not {m for m in modules if m.split(".")[0] == "json"}
    assert not {m for m in modules if m.split(".")[0] == "rich"}


def test_the_table_of_a_yaml_file_imports_no_json():
    stdout, modules, _ = run(MNIST_YAML)
    assert "7,850" in stdout
    assert "rich.table" in modules
    assert not {m for m in modules if m.split(".")[0] in ("json", "_json")}


def test_a_json_file_is_read_without_yaml():
    stdout, modules, _ = run("--total", MNIST_JSON)
    assert stdout == "7850\n"
    assert "json" in modules and "yaml" not in modules


def test_a_torch_file_imports_only_its_torch_families():
    stdout, modules, _ = run("--total", "sample_configs/torch_lenet5.yaml")
    used = {m.rpartition(".")[2] for m in families(modules)}
    assert stdout.strip().isdigit()
    assert used < {"activation", "common", "conv", "functional", "linear", "misc", "normalization", "pooling",
                   "recurrent", "sparse", "transformer"}
    assert "conv" in used and "recurrent" not in used and "transformer" not in used
    assert not {m for m in modules if m.startswith(KERAS)}


def test_default_names_of_every_type_follow_keras_rule():
    """to_snake_case skips its patterns for names no rule changes (Dense, Flatten): the same names either way."""
    import re

    from paramsum.layers import catalog
    from paramsum.layers.base import to_snake_case

    def keras_rule(name):
        name = re.sub(r"\W+", "", name)
        name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
        return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()

    names = [*catalog("keras"), *catalog("pytorch"), "", "A", "X1", "ABC", "Ab_C", "É", "dense-1", "ops.Add"]
    assert {name: to_snake_case(name) for name in names} == {name: keras_rule(name) for name in names}
    assert to_snake_case("MaxPooling2D") == "max_pooling2d" and to_snake_case("Dense") == "dense"


@pytest.mark.parametrize("args", [("--total", MNIST_YAML), ("--format", "json", MNIST_YAML), (MNIST_YAML,),
                                  ("--format=csv", "--no-color", MNIST_JSON, MNIST_YAML)])
def test_the_common_command_lines_do_not_import_click(args):
    """FILEs with --format, --total or --no-color run without click (a third of a script's start-up)."""
    stdout, modules, _ = run(*args)
    assert stdout and "click" not in modules


@pytest.mark.parametrize("args", [("--max-params", "10M", MNIST_YAML), ("diff", MNIST_YAML, MNIST_JSON),
                                  ("--format", "json", "--total", MNIST_YAML), ("--", MNIST_YAML)])
def test_every_other_command_line_is_clicks(args):
    process = subprocess.run([sys.executable, "-c", WRAPPER, *args], cwd=ROOT, capture_output=True, text=True)
    modules = ast.literal_eval(process.stderr.rpartition("\nREPORT ")[2])["modules"]
    assert "click" in modules
