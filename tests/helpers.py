"""Shared test helpers: one layer (or a small model) through the real pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from paramsum import summarize

FIXTURES = Path(__file__).parent / "fixtures"
FRAMEWORK = {"keras": "keras", "torch": "pytorch"}


def fixture_cases(prefix=""):
    """(id, framework, case) for every row of every tests/fixtures/<framework>_*.json."""
    for path in sorted(FIXTURES.glob(f"{prefix}*.json")):
        framework = FRAMEWORK.get(path.stem.split("_")[0])
        if framework is None:
            continue
        for index, case in enumerate(json.loads(path.read_text())):
            label = case.get("id") or f"{case['type']}-{index}"
            yield f"{path.stem}:{label}", framework, case


def one_layer_model(framework, case):
    """A native model document holding just the case's layer on the case's input(s)."""
    doc = {"framework": framework, "name": "case"}
    # Call arguments that shape the output (return_attention_scores) are layer keys in the native format.
    layer = {"type": case["type"], "name": "layer_under_test", **case.get("args", {}), **case.get("call", {})}
    if "inputs" in case:
        doc["inputs"] = {f"in{i}": shape for i, shape in enumerate(case["inputs"])}
        layer["inputs"] = list(doc["inputs"])
    else:
        doc["input"] = case["input"]
    doc["layers"] = [layer]
    return doc


def summarize_case(framework, case, **compute):
    """The case's row; `compute` (batch_size, seq_len) sets the sizes its MACs are counted for."""
    summary = summarize(one_layer_model(framework, case), source="case", **compute)
    return next(layer for layer in summary.layers if layer.name == "layer_under_test")


def run_on_tty(*args, env=None, columns=80, lines=50, cwd=None):
    """(exit status, stdout as text, stderr as text) of `python -m paramsum ARGS` with its stdout on a
    pseudo-terminal of `columns` × `lines` (COLUMNS, LINES, NO_COLOR and FORCE_COLOR unset; `env` added)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    environment.update({"TERM": "xterm-256color", **(env or {})})
    process = subprocess.Popen([sys.executable, "-m", "paramsum", *args], cwd=cwd, env=environment,
                               stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(master)
    stdout = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return process.returncode, stdout, process.stderr.read().decode()
