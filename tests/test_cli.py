"""The command line as scripts and CI jobs use it: every exit status, every format, golden outputs.

Golden files live in tests/golden/; `PARAMSUM_REGEN_GOLDEN=1 pytest tests/test_cli.py`
rewrites them from the current output (review the git diff before committing).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import paramsum
from paramsum.cli import main
from tests.helpers import run_on_tty

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
MNIST = "sample_configs/mnist.yaml"  # Flatten → Dense(10) → softmax: 7,850 params
WIDE = "tests/models/mnist_wide.yaml"  # mnist with a hidden Dense(32) and Dropout: 25,450
BRANCHES = "tests/models/branches.yaml"  # functional, two branches, a frozen head: 222 (18 frozen)
OVER = "tests/models/over_budget.yaml"  # 7,850 params, budget max_params 5K, max_trainable 7_000
WITHIN = "tests/models/within_budget.yaml"  # 7,850 params, budget max_params 10K, max_bytes 40K
WIDE_OVER_10K = "paramsum: tests/models/mnist_wide.yaml: 25,450 params exceed --max-params 10K by 154.5%"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    """Paths in outputs (`source`, budget messages) are relative to the repository root."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)


def run(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False, prog_name="paramsum")
    return result


def stderr_lines(result):
    return result.stderr.splitlines()


def check_golden(name, text):
    path = GOLDEN / name
    if os.environ.get("PARAMSUM_REGEN_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with PARAMSUM_REGEN_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


# -- exit status 0 ---------------------------------------------------------------------------


def test_summary_exits_0_with_the_table_on_stdout_and_nothing_on_stderr():
    result = run(MNIST)
    assert result.exit_code == 0
    assert "│ dense (Dense)" in result.stdout and "7,850" in result.stdout
    assert result.stderr == ""


def test_budget_held_on_the_command_line_and_in_the_file():
    result = run(WITHIN, "--max-params", "7850", "--max-trainable", "7_850", "--max-bytes", "31.4K")
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize("written", ["7850", "7_850", "7.85K", "7.85k", "0.00785M", "7.85e3", "1e6", "10M", "1.5B"])
def test_every_number_form_is_accepted(written):
    result = run(MNIST, "--max-params", written, "--total")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "7850\n"


# -- exit status 1: over budget ------------------------------------------------------------------


def test_over_budget_on_the_command_line_prints_the_summary_and_says_why():
    result = run(MNIST, "--max-params", "5K")
    assert result.exit_code == 1
    assert "Total params: 7,850" in result.stdout  # the summary still prints
    assert stderr_lines(result) == ["paramsum: sample_configs/mnist.yaml: 7,850 params exceed --max-params 5K by 57.0%"]


def test_over_budget_message_quotes_the_limit_as_written():
    result = run(WIDE, "--max-params", "2e4", "--max-trainable", "20_000")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        "paramsum: tests/models/mnist_wide.yaml: 25,450 params exceed --max-params 2e4 by 27.3%",
        "paramsum: tests/models/mnist_wide.yaml: 25,450 trainable params exceed --max-trainable 20_000 by 27.3%",
    ]


def test_trainable_budget_counts_only_trainable_params():
    assert run(BRANCHES, "--max-trainable", "204").exit_code == 0
    result = run(BRANCHES, "--max-trainable", "200", "--max-params", "222")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        "paramsum: tests/models/branches.yaml: 204 trainable params exceed --max-trainable 200 by 2.0%"]


def test_byte_budget_follows_dtype():
    result = run(MNIST, "--max-bytes", "20K")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        "paramsum: sample_configs/mnist.yaml: 31,400 bytes (30.66 KiB) as float32 exceed --max-bytes 20K "
        "(19.53 KiB) by 57.0%"]
    assert run(MNIST, "--max-bytes", "20K", "--dtype", "float16").exit_code == 0
    result = run(MNIST, "--max-bytes", "5K", "--dtype", "int8")
    assert stderr_lines(result) == [
        "paramsum: sample_configs/mnist.yaml: 7,850 bytes (7.67 KiB) as int8 exceed --max-bytes 5K (4.88 KiB) "
        "by 57.0%"]


def test_budget_in_the_model_file_is_checked_on_every_run():
    result = run(OVER)
    assert result.exit_code == 1
    assert "Total params: 7,850" in result.stdout
    assert stderr_lines(result) == [
        "paramsum: tests/models/over_budget.yaml: 7,850 params exceed budget max_params 5K by 57.0%",
        "paramsum: tests/models/over_budget.yaml: 7,850 trainable params exceed budget max_trainable 7000 by 12.1%",
    ]


def test_a_tiny_excess_still_fails():
    result = run(MNIST, "--max-params", "7849")
    assert result.exit_code == 1
    assert result.stderr.endswith("exceed --max-params 7849 by <0.1%\n")


def test_zero_budget():
    result = run(MNIST, "--max-params", "0")
    assert result.exit_code == 1
    assert "7,850 params exceed --max-params 0 by 7,850" in result.stderr


def test_several_files_each_checked_exit_status_is_the_worst():
    result = run(MNIST, OVER, WITHIN, "--total")
    assert result.exit_code == 1
    assert result.stdout == f"7850\t{MNIST}\n7850\t{OVER}\n7850\t{WITHIN}\n"
    assert [line.split(":")[1] for line in stderr_lines(result)] == [" tests/models/over_budget.yaml"] * 2

    result = run(MNIST, WIDE, "--max-params", "10K", "--total")
    assert result.exit_code == 1
    assert stderr_lines(result) == [WIDE_OVER_10K]


def test_quiet_prints_only_violations():
    result = run(MNIST, WIDE, "--max-params", "10K", "--quiet")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(stderr_lines(result)) == 1
    result = run(MNIST, "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


# -- exit status 2: usage errors and invalid files -------------------------------------------------


@pytest.mark.parametrize("written", ["lots", "10X", "10MB", "1.5", "7.8515K", "-5", "", "1e-3", "1e999"])
def test_malformed_number_is_a_usage_error(written):
    result = run(MNIST, "--max-params", written)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = stderr_lines(result)
    assert line.startswith("paramsum: Invalid value for '--max-params': ")
    assert "--help" in line


def test_malformed_number_in_the_file_budget(tmp_path):
    model = tmp_path / "m.yaml"
    model.write_text("input: [4]\nlayers: [{type: Dense, units: 2}]\nbudget: {max_params: 10X}\n")
    result = run(str(model))
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = stderr_lines(result)
    assert line.startswith(f"paramsum: {model}:3:") and "max_params" in line and "not a number" in line


def test_missing_file():
    result = run("no/such/model.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert stderr_lines(result) == ["paramsum: no/such/model.yaml: no such file"]


def test_invalid_yaml_names_file_and_place(tmp_path):
    model = tmp_path / "broken.yaml"
    model.write_text("input: [8\nlayers: []\n")
    result = run(str(model))
    assert (result.exit_code, result.stdout) == (2, "")
    [line] = stderr_lines(result)
    assert line.startswith(f"paramsum: {model}:") and "invalid YAML" in line


def test_an_invalid_file_among_several_is_told_and_the_others_summarised(tmp_path):
    model = tmp_path / "broken.yaml"
    model.write_text("input: [8]\nlayers: [{type: Dens, units: 3}]\n")
    result = run(MNIST, str(model), WIDE, "--max-params", "10K", "--total")
    assert result.exit_code == 2  # the worst: an invalid file (2) over a budget exceeded (1)
    assert result.stdout == f"7850\t{MNIST}\n25450\t{WIDE}\n"
    lines = stderr_lines(result)
    assert "unknown keras layer type 'Dens'" in lines[0] and lines[0].startswith(f"paramsum: {model}:2:")
    assert lines[1:] == [WIDE_OVER_10K]
    table = run(MNIST, str(model), WIDE)
    assert table.exit_code == 2
    assert table.stdout == run(MNIST, WIDE).stdout  # every good file's table, as without the bad one
    as_json = json.loads(run(str(model), MNIST, "--format", "json").stdout)
    assert [doc["name"] for doc in as_json] == ["mnist_softmax"]  # several FILEs: an array, of the good ones


@pytest.mark.parametrize("args, message", [
    ([], "Missing argument 'FILE...'"),
    ([MNIST, "--format", "xml"], "Invalid value for '--format'"),
    ([MNIST, "--dtype", "float13"], "Invalid value for '--dtype'"),
    ([MNIST, "--max-parms", "5"], "No such option '--max-parms'"),
    (["-", "-"], "standard input ('-') can be read only once"),
    (["diff", MNIST], "Missing argument 'AFTER'"),
    (["diff", MNIST, WIDE, BRANCHES], "Got unexpected extra argument"),
])
def test_usage_errors_are_one_line(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = stderr_lines(result)
    assert line.startswith("paramsum: ") and message in line


# -- output formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [MNIST, BRANCHES])
@pytest.mark.parametrize("fmt, suffix", [("table", "table.txt"), ("csv", "csv"), ("markdown", "md"),
                                         ("dot", "dot"), ("mermaid", "mermaid.md"), ("json", "json")])
def test_format_golden(model, fmt, suffix):
    result = run(model, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    check_golden(f"{Path(model).stem}.{suffix}", result.stdout)


@pytest.mark.parametrize("fmt, suffix", [("table", "table.txt"), ("csv", "csv"), ("markdown", "md"),
                                         ("dot", "dot"), ("mermaid", "mermaid.md"), ("json", "json")])
def test_several_files_golden(fmt, suffix):
    result = run(MNIST, BRANCHES, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    check_golden(f"several.{suffix}", result.stdout)


def test_json_matches_the_contract():
    doc = json.loads(run(MNIST, "--format", "json").stdout)
    dense = next(layer for layer in doc["layers"] if layer["name"] == "dense")
    assert dense["params"] == 7850 and dense["formula"] == "784 × 10 + 10"
    assert dense["output_shape"] == [None, 10]
    assert doc["totals"] == {"params": 7850, "trainable_params": 7850, "non_trainable_params": 0, "bytes": 31400,
                             "embedding_params": 0, "macs": 7840, "flops": 15680}
    assert doc["compute"]["batch_size"] == 1 and dense["macs"] == 784 * 10
    several = json.loads(run(MNIST, BRANCHES, "--format", "json").stdout)
    assert [d["name"] for d in several] == ["mnist_softmax", "branches"]


def test_weights_option_lists_every_weight():
    result = run(BRANCHES, "--weights")
    assert "kernel (8, 2) [non-trainable]" in result.stdout
    assert "bias (8,)" in result.stdout


def test_total_prints_only_the_integer():
    assert run(MNIST, "--total").stdout == "7850\n"
    assert run(MNIST, BRANCHES, "--total").stdout == f"7850\t{MNIST}\n222\t{BRANCHES}\n"


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("paramsum, version ")


def test_help_documents_every_option_and_the_diff_command():
    text = run("--help").stdout
    for option in ("--format", "--max-params", "--max-trainable", "--max-bytes", "--dtype", "--total",
                   "--no-color", "--quiet", "--weights", "--version", "paramsum diff", "Exit status"):
        assert option in text
    assert text.startswith("Usage: paramsum [OPTIONS] FILE...")
    diff_help = run("diff", "--help").stdout
    assert diff_help.startswith("Usage: paramsum diff [OPTIONS] BEFORE AFTER")


def test_stdin_with_dash():
    text = (ROOT / MNIST).read_text()
    result = run("-", "--total", input=text)
    assert (result.exit_code, result.stdout) == (0, "7850\n")
    result = run("-", "--max-params", "1K", "--total", input=text)
    assert result.exit_code == 1
    assert stderr_lines(result) == ["paramsum: <stdin>: 7,850 params exceed --max-params 1K by 685.0%"]


def test_stdin_error_names_stdin():
    result = run("-", input="input: [8\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("paramsum: <stdin>:")


# -- diff ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, suffix", [("table", "table.txt"), ("csv", "csv"), ("markdown", "md"),
                                         ("dot", "dot"), ("mermaid", "mermaid.md"), ("json", "json")])
def test_diff_golden(fmt, suffix):
    result = run("diff", MNIST, WIDE, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    check_golden(f"diff.{suffix}", result.stdout)


@pytest.mark.parametrize("fmt, suffix", [("table", "table.txt"), ("dot", "dot"), ("mermaid", "mermaid.md")])
def test_diff_with_removed_layers_golden(fmt, suffix):
    result = run("diff", WIDE, MNIST, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    check_golden(f"diff_removed.{suffix}", result.stdout)


def test_diff_total_is_the_change():
    assert run("diff", MNIST, WIDE, "--total").stdout == "17600\n"
    assert run("diff", WIDE, MNIST, "--total").stdout == "-17600\n"


def test_diff_of_a_model_with_itself():
    result = run("diff", MNIST, MNIST)
    assert result.exit_code == 0
    assert "No layer changed." in result.stdout
    assert json.loads(run("diff", MNIST, MNIST, "--format", "json").stdout)["layers"] == []


def test_diff_budget_applies_to_the_after_model():
    result = run("diff", WIDE, MNIST, "--max-params", "10K")
    assert result.exit_code == 0
    result = run("diff", MNIST, WIDE, "--max-params", "10K")
    assert result.exit_code == 1
    assert "Total params: 7,850 → 25,450" in result.stdout
    assert stderr_lines(result) == [WIDE_OVER_10K]
    assert run("diff", MNIST, OVER).exit_code == 1  # the file's own budget too


def test_diff_with_an_invalid_file_exits_2():
    result = run("diff", MNIST, "missing.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert stderr_lines(result) == ["paramsum: missing.yaml: no such file"]


def test_diff_quiet():
    result = run("diff", MNIST, WIDE, "-q", "--max-params", "10K")
    assert (result.exit_code, result.stdout) == (1, "")


def test_a_file_named_diff_is_given_as_dot_slash(tmp_path, monkeypatch):
    (tmp_path / "diff").write_text((ROOT / MNIST).read_text())
    monkeypatch.chdir(tmp_path)
    assert run("./diff", "--total").stdout == "7850\n"
    assert "Total params: 7,850" in run("--", "diff").stdout
    assert run("--total", "diff").stdout == "7850\n"  # an option first: not the subcommand


# -- terminal manners: real processes ----------------------------------------------------------------


def paramsum_process(*args, env=None, **kwargs):
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "paramsum", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, **kwargs)


def test_piped_table_has_no_colour_and_no_truncation_whatever_columns_says():
    narrow = paramsum_process(BRANCHES, env={"COLUMNS": "40", "TERM": "xterm-256color"})
    assert narrow.returncode == 0
    assert "\x1b" not in narrow.stdout
    assert narrow.stdout == run(BRANCHES).stdout  # the same as the golden table
    assert max(len(line) for line in narrow.stdout.splitlines()) > 40
    assert not any(line.endswith(" ") for line in narrow.stdout.splitlines())


def tty_output(*args, env=None, columns=80):
    """Run paramsum with its stdout on a pseudo-terminal; returns what it printed."""
    pytest.importorskip("pty")
    return run_on_tty(*args, env=env, columns=columns, cwd=ROOT)[1]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_gets_colour_and_fits_80_columns():
    text = tty_output("sample_configs/text_lstm.yaml", BRANCHES)
    assert "\x1b[" in text
    plain = _strip_ansi(text)
    assert max(len(line) for line in plain.splitlines()) <= 80
    assert not any(line.endswith(" ") for line in plain.splitlines())


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args, env", [(["--no-color"], {}), ([], {"NO_COLOR": "1"})])
def test_no_color_in_a_terminal(args, env):
    text = tty_output(BRANCHES, *args, env=env)
    assert "│ left (Dense)" in text
    assert "\x1b[" not in text


def _strip_ansi(text):
    import re

    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


@pytest.mark.parametrize("args", [
    ["--format", "json", MNIST], ["--format", "csv", MNIST], ["--format", "markdown", MNIST],
    ["--format", "dot", MNIST], ["--format", "mermaid", MNIST], ["--total", MNIST],
    ["diff", "--format", "json", MNIST, WIDE], ["--format", "json", "--max-params", "1K", MNIST],
])
def test_machine_formats_never_import_rich(args):
    code = (
        "import sys\n"
        "from paramsum.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('RICH:' + ','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    process = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert process.stdout
    assert process.stderr.splitlines()[-1] == "RICH:"


def test_json_run_on_a_real_process_is_valid_json():
    process = paramsum_process("--format", "json", MNIST, BRANCHES)
    assert process.returncode == 0
    assert len(json.loads(process.stdout)) == 2


def completion(env):
    """Run the installed `paramsum` script (completion keys off the program's name)."""
    script = Path(sys.executable).with_name("paramsum")
    if not script.exists():
        pytest.skip("the paramsum console script is not installed next to this Python")
    return subprocess.run([str(script)], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True)


def test_shell_completion_script_and_completion():
    script = completion({"_PARAMSUM_COMPLETE": "bash_source"})
    assert script.returncode == 0 and "_paramsum_completion" in script.stdout
    options = completion({"_PARAMSUM_COMPLETE": "bash_complete", "COMP_WORDS": "paramsum --form", "COMP_CWORD": "1"})
    assert "--format" in options.stdout
    formats = completion({"_PARAMSUM_COMPLETE": "bash_complete", "COMP_WORDS": "paramsum --format ", "COMP_CWORD": "2"})
    assert "mermaid" in formats.stdout


def test_diff_allow_unknown(tmp_path):
    custom = tmp_path / "custom.yaml"
    custom.write_text("name: custom\ninput: [784]\nlayers:\n"
                      "  - {type: MyScaler}\n  - {name: dense, type: Dense, units: 10}\n")
    assert run("diff", MNIST, str(custom)).exit_code == 2
    result = run("diff", MNIST, str(custom), "--allow-unknown", "--format", "csv")
    assert result.exit_code == 0
    assert "added,my_scaler,,MyScaler" in result.stdout
    assert "warning" in result.stderr


def test_total_skips_the_compute_unless_a_flops_budget_needs_it(tmp_path):
    """--total prints the params only: the second run of the graph (the compute) is skipped, so a compute that
    cannot run at these sizes says nothing; a FLOPs budget still gets it."""
    path = tmp_path / "k5.yaml"
    path.write_text("input: [null, 3]\nlayers: [{type: Conv1D, filters: 2, kernel_size: 5}]\n")
    quiet = CliRunner().invoke(main, ["--total", "--seq-len", "2", str(path)])
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "32\n", "")
    counted = CliRunner().invoke(main, ["--total", "--seq-len", "2", "--max-flops", "5", str(path)])
    assert counted.exit_code == 1 and "compute not counted for batch 1, sequence 2" in counted.stderr
    library = paramsum.summarize(str(path), flops=False)
    assert library.totals.params == 32 and library.totals.flops is None


FAST_PATH_LINES = [
    ["sample_configs/mnist.yaml"], ["--total", "sample_configs/mnist.yaml", "sample_configs/dense_514.yaml"],
    ["--format", "json", "sample_configs/mnist.yaml"], ["--format=csv", "--no-color", "sample_configs/mnist.json"],
    ["--format", "markdown", "sample_configs/mnist.yaml", "missing.yaml"], ["tests/models/over_budget.yaml"],
    ["sample_configs/invalid_typo.yaml"], ["--total", "-"],
]


@pytest.mark.parametrize("args", FAST_PATH_LINES, ids=" ".join)
def test_the_fast_path_prints_what_click_prints(args):
    """The command lines paramsum runs without click give the same stdout, stderr and status as through click."""
    from paramsum.command import fast_path

    assert fast_path(args) is not None
    stdin = (ROOT / "sample_configs/mnist.yaml").read_text()
    runs = [subprocess.run([sys.executable, "-c", f"import sys; sys.argv[0] = 'paramsum'; {call}", *args],
                           cwd=ROOT, capture_output=True, text=True, input=stdin)
            for call in ("from paramsum.command import main; main()", "from paramsum.cli import main; main()")]
    fast, slow = ((r.returncode, r.stdout, r.stderr) for r in runs)
    assert fast == slow


@pytest.mark.parametrize("args", [[], ["diff", "a", "b"], ["--total", "--format", "json", "a"], ["--", "a"],
                                  ["--format", "xml", "a"], ["--format"], ["--total", "--total", "a"], ["-", "-"],
                                  ["--max-params", "5", "a"], ["-q", "a"], ["--help"], ["--version"], ["a", "-x"]])
def test_every_other_command_line_goes_to_click(args):
    from paramsum.command import fast_path

    assert fast_path(args) is None
