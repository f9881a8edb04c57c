"""Every exit means one thing: 0 done, 1 only a budget exceeded, 2 bad usage, input or output.

Streams are tried on real processes: a reader that closes the pipe, a full disk, closed
standard input and output, Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum.cli import main
from paramsum.command import SIGINT_STATUS

ROOT = Path(__file__).resolve().parents[1]
MNIST = "sample_configs/mnist.yaml"
WIDE = "tests/models/mnist_wide.yaml"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False, prog_name="paramsum")


def process(*args, **kwargs):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    return subprocess.Popen([sys.executable, "-m", "paramsum", *args], cwd=ROOT, env=env, **kwargs)


@pytest.fixture(scope="module")
def big_model(tmp_path_factory):
    """2,000 Dense layers: a table of about 1 MB, far more than a pipe holds."""
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    layers = "".join(f"  - {{type: Dense, units: {8 + i % 5}}}\n" for i in range(2000))
    path.write_text(f"name: big\ninput: [16]\nlayers:\n{layers}")
    return str(path)


# -- a closed pipe ---------------------------------------------------------------------------------


@pytest.mark.parametrize("extra, status", [
    ((), 0),
    (("--format", "json"), 0),
    (("--format", "csv"), 0),
    (("--max-params", "1K"), 1),  # the budget is still told: the reader's closing changes nothing
])
def test_a_reader_that_closes_the_pipe_changes_nothing(big_model, extra, status):
    child = process(big_model, *extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = child.stdout.readline()
    child.stdout.close()  # as `| head -1` does
    stderr = child.stderr.read().decode()
    assert child.wait(timeout=120) == status
    assert first
    assert "Traceback" not in stderr and "Exception ignored" not in stderr and "Broken pipe" not in stderr
    assert len(stderr.splitlines()) == status  # the budget's one line, or nothing


def test_pipefail_head_exits_0(big_model):
    shell = f"set -o pipefail; {sys.executable} -m paramsum {big_model} | head -1"
    done = subprocess.run(["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, 'Model: "big"\n', "")


# -- write errors, closed streams ------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [(MNIST,), (MNIST, "--format", "json"), (MNIST, "--total"),
                                  (MNIST, WIDE, "--format", "markdown"), ("diff", MNIST, WIDE)])
def test_a_full_disk_is_one_line_and_exit_2(args):
    with open("/dev/full", "w") as full:
        child = process(*args, stdout=full, stderr=subprocess.PIPE, text=True)
        _, stderr = child.communicate(timeout=60)
    assert child.returncode == 2
    assert stderr == "paramsum: <stdout>: cannot write the output: No space left on device\n"


def test_closed_stdout_is_one_line_and_exit_2():
    child = process(MNIST, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                    preexec_fn=lambda: os.close(1))
    _, stderr = child.communicate(timeout=60)
    assert (child.returncode, stderr) == (2, "paramsum: <stdout>: standard output is closed\n")


def test_closed_stdin_is_one_line_and_exit_2():
    child = process("-", MNIST, "--total", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                    preexec_fn=lambda: os.close(0))
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 2
    assert stdout == f"7850\t{MNIST}\n"  # the other file is still summarised
    assert stderr == "paramsum: <stdin>: standard input is closed; give a file, or pipe the model into " \
                     "'paramsum -'\n"


def _waiting_for_input(pid):
    """True once the process sleeps in a read of its standard input (a pipe), or waits for it to have data."""
    try:
        with open(f"/proc/{pid}/wchan") as wchan:
            where = wchan.read()
    except OSError:
        return False
    return any(word in where for word in ("pipe", "select", "poll"))


@pytest.mark.skipif(not os.path.exists("/proc/self/wchan"), reason="needs /proc")
def test_ctrl_c_exits_130_without_a_traceback():
    child = process("-", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _waiting_for_input(child.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert (child.returncode, stdout, stderr) == (SIGINT_STATUS, "", "")


# -- several files ---------------------------------------------------------------------------------


def test_total_of_one_file_is_the_bare_integer_and_of_several_count_tab_file():
    assert run(MNIST, "--total").stdout == "7850\n"
    assert run(MNIST, WIDE, "--total").stdout == f"7850\t{MNIST}\n25450\t{WIDE}\n"
    text = (ROOT / MNIST).read_text()
    assert run("-", WIDE, "--total", input=text).stdout == f"7850\t-\n25450\t{WIDE}\n"


def test_diff_total_stays_the_delta():
    assert run("diff", MNIST, WIDE, "--total").stdout == "17600\n"


def test_only_bad_files_is_exit_2_and_nothing_on_stdout(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("layers: [\n")
    result = run(str(bad), "no/such.yaml", "--total")
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 2


# -- flags that contradict or do nothing -----------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["--total", "--format", "json"], "--total prints only the count: it cannot be combined with --format json"),
    (["--total", "--format", "table"], "--total prints only the count: it cannot be combined with --format table"),
    (["--quiet", "--total"], "--quiet prints nothing on stdout and --total prints the count: give one of them"),
    (["--quiet", "--format", "csv"], "--quiet prints nothing on stdout: --format csv would have no effect"),
    (["--weights", "--format", "csv"], "--weights lists weights in the table; --format csv has no weights"),
    (["--weights", "--format", "json"], "--weights lists weights in the table; --format json lists every "
                                        "weight already"),
    (["--weights", "--total"], "--weights lists weights in the table: it has no effect with --total"),
    (["--flops", "--format", "json"], "--flops adds a column to the table; --format json has the FLOPs already"),
    (["--flops", "--format", "dot"], "--flops adds a column to the table; --format dot has no FLOPs"),
    (["--flops", "-q"], "--flops adds a column to the table: it has no effect with --quiet"),
])
def test_conflicting_or_ignored_flags_are_a_usage_error(args, message):
    result = run(MNIST, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"paramsum: {message} (see 'paramsum --help')\n"


@pytest.mark.parametrize("args", [["--total", "--format", "json"], ["--quiet", "--total"]])
def test_diff_rejects_the_same_conflicts(args):
    result = run("diff", MNIST, WIDE, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("args", [["--no-color", "--format", "json"], ["--weights", "--flops"],
                                  ["--total", "--dtype", "int8", "--max-bytes", "10K"], ["-q", "--max-params", "1M"]])
def test_flags_that_go_together_still_work(args):
    assert run(MNIST, *args).exit_code == 0
