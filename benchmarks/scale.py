"""Scale benchmark: wall time and peak memory of paramsum on chains and wide joins of many layers.

    python benchmarks/scale.py [--sizes 1000,5000,20000,80000] [--runs 3] [--timeout 120]
                               [--cases yaml-chain,...] [--modes table,total,json] [--source TREE]

Writes each model to a temporary directory (a native YAML and JSON chain of Dense layers, a
native wide join: N Dense branches into one Add, a Keras Sequential chain and a Keras
functional join), runs `paramsum` on it as a piped table, `--total` and `--format json`
(and a control of plain Python, see CONTROL, for the machine's own growth), and prints
the best wall and CPU (user + system) time of `--runs` runs (the machine may be shared:
the minimum is the least disturbed run; CPU time is what a loaded machine disturbs
least), the peak RSS of the child process, and the growth per 4× layers (a linear step
grows 4×; the targets: ≤ 4.4× at every step, 80k layers under 10 s and 1 GiB for
`--total`). A run past `--timeout` is shown as '>' and the larger sizes skipped.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

MODES = {"table": [], "total": ["--total"], "json": ["--format", "json"]}


def native_chain(n):
    return {"name": "chain", "input": [8], "layers": [{"type": "Dense", "units": 8} for _ in range(n)]}


def native_join(n):
    """N - 1 Dense branches off the input, joined by one Add: N layers, an Add of fan-in N - 1."""
    branches = [{"name": f"b{i}", "type": "Dense", "units": 8, "inputs": ["x"]} for i in range(n - 1)]
    add = {"name": "join", "type": "Add", "inputs": [layer["name"] for layer in branches]}
    return {"name": "join", "inputs": {"x": [8]}, "layers": branches + [add]}


def _keras_tensor(layer, shape):
    return {"class_name": "__keras_tensor__", "config": {"shape": shape, "dtype": "float32",
                                                         "keras_history": [layer, 0, 0]}}


def _keras_dense(name, inbound=None):
    layer = {"module": "keras.layers", "class_name": "Dense", "name": name,
             "config": {"name": name, "trainable": True, "dtype": "float32", "units": 8, "activation": "linear",
                        "use_bias": True}}
    if inbound is not None:
        layer["inbound_nodes"] = [{"args": [_keras_tensor(inbound, [None, 8])], "kwargs": {}}]
    return layer


def keras_sequential(n):
    input_layer = {"module": "keras.layers", "class_name": "InputLayer", "name": "input",
                   "config": {"name": "input", "batch_shape": [None, 8], "dtype": "float32"}}
    layers = [input_layer] + [_keras_dense(f"dense_{i}") for i in range(n)]
    return {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}


def keras_join(n):
    input_layer = {"module": "keras.layers", "class_name": "InputLayer", "name": "input", "inbound_nodes": [],
                   "config": {"name": "input", "batch_shape": [None, 8], "dtype": "float32"}}
    branches = [_keras_dense(f"dense_{i}", "input") for i in range(n - 2)]
    add = {"module": "keras.layers", "class_name": "Add", "name": "add", "config": {"name": "add", "dtype": "float32"},
           "inbound_nodes": [{"args": [[_keras_tensor(b["name"], [None, 8]) for b in branches]], "kwargs": {}}]}
    config = {"name": "functional", "layers": [input_layer] + branches + [add],
              "input_layers": [["input", 0, 0]], "output_layers": [["add", 0, 0]]}
    return {"module": "keras.src.models.functional", "class_name": "Functional", "config": config}


def _yaml(document):
    import yaml

    return yaml.safe_dump(document, sort_keys=False, default_flow_style=None, width=1 << 20)


CASES = {  # name → (file suffix, builder, writer)
    "yaml-chain": (".yaml", native_chain, _yaml),
    "json-chain": (".json", native_chain, json.dumps),
    "yaml-join": (".yaml", native_join, _yaml),
    "json-join": (".json", native_join, json.dumps),
    "keras-sequential": (".json", keras_sequential, json.dumps),
    "keras-join": (".json", keras_join, json.dumps),
}


def run_case(command, runs, timeout):
    """Best wall time, best CPU time and the largest peak RSS over `runs` runs of `command`, each in its own
    child."""
    best, cpu, peak = None, None, 0
    probe = [sys.executable, "-c", PROBE, str(timeout), *command]
    for _ in range(runs):
        result = subprocess.run(probe, capture_output=True, text=True, check=False)
        if result.returncode == 3:
            return None, None, None
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command[-3:])}: {result.stderr.strip()[-500:]}")
        seconds, used, rss = (float(v) for v in result.stdout.split())
        best = seconds if best is None else min(best, seconds)
        cpu = used if cpu is None else min(cpu, used)
        peak = max(peak, rss)
    return best, cpu, peak


# Runs the command in a grandchild, so that RUSAGE_CHILDREN holds its peak RSS alone.
PROBE = """
import resource, subprocess, sys, time
timeout, command = float(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
try:
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
except subprocess.TimeoutExpired:
    sys.exit(3)
seconds = time.perf_counter() - start
if result.returncode not in (0, 1):
    sys.exit(result.stderr.decode()[-500:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024))
"""


# The control: plain Python making about as many small objects per layer as paramsum (some 6 KB a layer) and
# reading them in a shuffled order, as a walk over objects made at different times does; nothing of paramsum's.
# Its growth per 4× is the machine's own for a larger heap (more cache and TLB misses, more pages to fault in;
# in a virtual machine, two-level page walks): part of what paramsum's growth measures.
CONTROL = """
import gc, random, sys
gc.disable()
rows = [{"name": f"b{i}", "type": "Dense", "units": [8, i], "key": (i, i + 1)} for i in range(int(sys.argv[1]) * 20)]
order = list(range(len(rows)))
random.Random(0).shuffle(order)
for _ in range(3):  # (the walk, not the making, is what the control measures)
    sum(len(rows[i]["name"]) + rows[i]["units"][1] for i in order)
"""


def growth(previous, current, n_previous, n_current):
    """The growth per 4× layers between two sizes (sizes need not be 4× apart: 1k → 5k)."""
    if previous is None or current is None or previous <= 0:
        return None
    return (current / previous) ** (math.log(4) / math.log(n_current / n_previous))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000,80000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--cases", default=",".join([*CASES, "control"]))
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--source", help="a paramsum source tree to measure instead of the installed one")
    args = parser.parse_args()
    if args.source:  # e.g. another branch's tree, for a before/after comparison
        os.environ["PYTHONPATH"] = str(Path(args.source).resolve())
    sizes = [int(s) for s in args.sizes.split(",")]
    script = Path(sys.executable).with_name("paramsum")  # the console script, as users run it
    paramsum = [str(script)] if script.exists() and not args.source else [sys.executable, "-m", "paramsum"]
    print(f"runs: {args.runs} (best wall and CPU time, largest peak RSS)   python: {sys.version.split()[0]}")
    print(f"{'case':17} {'mode':6} " + " ".join(f"{f'{n:,} wall, CPU, RSS':>24}" for n in sizes)
          + "   growth per 4× layers (wall/CPU)")
    with tempfile.TemporaryDirectory() as directory:
        for case in args.cases.split(","):
            if case == "control":
                results = [run_case([sys.executable, "-c", CONTROL, str(n)], args.runs, args.timeout)
                           for n in sizes]
                print_row(case, "-", results, sizes, args.timeout)
                continue
            suffix, build, write = CASES[case]
            paths = {}
            for n in sizes:
                paths[n] = Path(directory, f"{case}_{n}{suffix}")
                paths[n].write_text(write(build(n)))
            for mode in args.modes.split(","):
                results = []
                for n in sizes:
                    if results and results[-1][0] is None:
                        results.append((None, None, None))
                        continue
                    results.append(run_case([*paramsum, *MODES[mode], str(paths[n])], args.runs, args.timeout))
                print_row(case, mode, results, sizes, args.timeout)


def print_row(case, mode, results, sizes, timeout):
    cells = [f"{'>' + format(timeout, 'g') + ' s':>24}" if s is None
             else f"{s:6.2f} {cpu:6.2f} s {rss / 2**20:5.0f} MiB" for s, cpu, rss in results]
    steps = [(growth(results[i - 1][0], results[i][0], sizes[i - 1], sizes[i]),
              growth(results[i - 1][1], results[i][1], sizes[i - 1], sizes[i]))
             for i in range(1, len(sizes))]
    print(f"{case:17} {mode:6} " + " ".join(cells) + "   "
          + " ".join("  -  " if w is None else f"{w:4.1f}×/{c:.1f}×" for w, c in steps), flush=True)


if __name__ == "__main__":
    main()
