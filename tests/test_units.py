"""One unit system: the table prints IEC units (1024-based, named KiB, MiB, GiB, as Keras computes them) and the
dtype they are counted at; --max-bytes and a file's budget read those units, SI ones, and plain integers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum.cli import main
from paramsum.numbers import parse_bytes, readable_bytes

ROOT = Path(__file__).resolve().parents[1]
MNIST = "sample_configs/mnist.yaml"  # 7,850 params: 31,400 bytes as float32
LLAMA = "sample_configs/hf_llama_config.json"  # Llama-2-7B: 6,738,415,616 params, float16


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, prog_name="paramsum")


@pytest.mark.parametrize("size, text", [
    (0, "0.00 B"), (1023, "1023.00 B"), (1024, "1.00 KiB"), (31400, "30.66 KiB"),  # Keras prints (30.66 KB)
    (13_476_831_232, "12.55 GiB"), (16_060_522_496, "14.96 GiB"), (1536.5, "1.50 KiB"), (2**60, "1024.00 PiB"),
    (10**40, "8881784197001252323389053.34 PiB"),  # exact, no float overflow
])
def test_sizes_name_their_binary_unit(size, text):
    assert readable_bytes(size) == text


@pytest.mark.parametrize("written, value", [
    ("31400", 31400), ("31_400", 31400), ("31.4kB", 31400), ("31.4KB", 31400), ("13GB", 13 * 10**9),
    ("13G", 13 * 10**9), ("20KiB", 20480), ("20KB", 20000), ("20 KiB", 20480), ("30.66KiB", 31395),
    ("12.55GiB", 13_475_459_891), ("12.55 GiB", 13_475_459_891), ("512B", 512), ("1e3", 1000), ("2MiB", 2**21),
    ("1TB", 10**12), (40000, 40000),
])
def test_byte_sizes_are_read_in_the_units_the_table_prints_and_si(written, value):
    assert parse_bytes(written) == value


@pytest.mark.parametrize("written", ["13X", "13 G B", "1.5GiBs", "lots", "", "-5", "1e999", True, "13Gib5",
                                     "1.5B", "0.5"])  # a count's 1.5B (billions) is no byte size
def test_anything_else_is_refused(written):
    with pytest.raises(ValueError):
        parse_bytes(written)


def test_the_footer_names_unit_and_dtype():
    lines = run(MNIST).stdout.splitlines()
    assert " Total params: 7,850 (30.66 KiB as float32)" in lines
    assert " Trainable params: 7,850 (30.66 KiB)" in lines
    assert " Total params: 7,850 (15.33 KiB as bfloat16)" in run(MNIST, "--dtype", "bfloat16").stdout.splitlines()
    assert " Total params: 6,738,415,616 (12.55 GiB as float16)" in run(LLAMA).stdout.splitlines()


@pytest.mark.parametrize("limit, status", [
    ("31400", 0), ("31.4kB", 0), ("30.66KiB", 1), ("30.67KiB", 0), ("31KB", 1), ("31K", 1), ("31KiB", 0),
    ("0.00001GB", 1), ("1MiB", 0),
])
def test_max_bytes_holds_or_fails_on_its_units(limit, status):
    assert run(MNIST, "--max-bytes", limit).exit_code == status


def test_the_limit_is_told_in_the_table_unit():
    result = run(LLAMA, "--max-bytes", "12GB", "--total")
    assert result.exit_code == 1
    assert result.stderr == (f"paramsum: {LLAMA}: 13,476,831,232 bytes (12.55 GiB) as float16 exceed --max-bytes "
                             "12GB (11.18 GiB) by 12.3%\n")
    assert run(LLAMA, "--max-bytes", "12.55GiB", "--total").exit_code == 1  # the table's figure is rounded down
    assert run(LLAMA, "--max-bytes", "12.56GiB", "--total").exit_code == 0


def test_a_bad_size_is_one_line():
    result = run(MNIST, "--max-bytes", "20Kb/s")
    assert (result.exit_code, result.stdout) == (2, "")
    [line] = result.stderr.splitlines()
    assert line.startswith("paramsum: Invalid value for '--max-bytes': not a size: '20Kb/s' (try 31400, 31.4kB")


@pytest.mark.parametrize("budget, status, message", [
    ("{max_bytes: 31.4kB}", 0, ""),
    ("{max_bytes: 20KiB}", 1, "31,400 bytes (30.66 KiB) as float32 exceed budget max_bytes 20KiB (20.00 KiB) by 53.3%"),
    ("{max_bytes: 13GB, max_params: 7.85K}", 0, ""),
    ("{max_bytes: 20 parsecs}", 2, "budget max_bytes: not a size: '20 parsecs'"),
])
def test_the_file_budget_reads_the_same_units(tmp_path, budget, status, message):
    model = tmp_path / "m.yaml"
    model.write_text((ROOT / MNIST).read_text() + f"budget: {budget}\n")
    result = run(str(model), "--total")
    assert result.exit_code == status
    assert message in result.stderr and len(result.stderr.splitlines()) == (status > 0)


def test_json_keeps_exact_bytes():
    doc = json.loads(run(LLAMA, "--format", "json").stdout)
    assert doc["totals"]["bytes"] == 13_476_831_232 and isinstance(doc["totals"]["bytes"], int)
    assert doc["memory"]["weights_bytes"] == 13_476_831_232
