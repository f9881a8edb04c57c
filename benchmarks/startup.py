"""Start-up benchmark: paramsum against the import floor of its own dependencies.

    python benchmarks/startup.py [--runs 41] [--clock wall|cpu] [--markdown] [--before DIR] [MODEL ...]

Runs, in the current venv, two floors — `python -c "import click, yaml, rich.console,
rich.table"` (what any click + rich tool pays before drawing a table) and `python -c
"import click, yaml"` (what it pays before printing text) — and `paramsum` on each MODEL
(by default the same model as YAML and as JSON: sample_configs/mnist.yaml and .json) as
a table, as `--format json` and as `--total`. All commands run in turn, `--runs` rounds
of them interleaved, so that the load of a shared machine hits all alike; each command's
time is its minimum over the rounds (the run least disturbed), shown with the median;
the ratios are of the minimums, and also the median over the rounds of each round's
own ratio to the floor run beside it (steadier when other work loads the machine).
`--clock cpu` measures the child's CPU time (user + system) instead of the wall time:
steadier on a loaded machine, since waiting for a CPU is not counted.

Ratios are to the rich floor (the targets) and to the click + yaml floor (what the
non-table outputs pay on their own). Targets: the table ≤ 1.15 × the rich floor and
`--format json` ≤ 0.7 × it, on YAML input.

`--before DIR` adds the same paramsum commands run from another copy of the source
(DIR holds its `paramsum/` package, e.g. `git archive v0.1.0 paramsum | tar -x -C DIR`),
interleaved with the rest: a before/after table from one session, under one load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODELS = [ROOT / "sample_configs" / "mnist.yaml", ROOT / "sample_configs" / "mnist.json"]
RICH_FLOOR = "import click, yaml, rich.console, rich.table"
TEXT_FLOOR = "import click, yaml"
OUTPUTS = {"table": [], "--format json": ["--format", "json"], "--total": ["--total"]}
TARGETS = {"table": 1.15, "--format json": 0.7}  # × the rich floor, on YAML input


# Children run as an installed package does, from bytecode: the warm-up run writes it.
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timings(commands, runs, clock="wall", envs=None):
    """{label: [seconds, …]} of each command, the rounds interleaved: wall time, or the CPU time
    (user + system) of the child, which waiting for a busy CPU does not inflate."""
    times = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            start, cpu = time.perf_counter(), _children_cpu()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                           env=(envs or {}).get(label, ENVIRONMENT))
            times[label].append(time.perf_counter() - start if clock == "wall" else _children_cpu() - cpu)
    return times


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def paramsum_command():
    script = Path(sys.executable).with_name("paramsum")  # the console script, as users run it
    return [str(script)] if script.exists() else [sys.executable, "-m", "paramsum"]


def commands_for(models, before=None):
    """({label: command}, {label: environment} for the commands of `before`)."""
    paramsum = paramsum_command()
    commands = {"floor: " + RICH_FLOOR: [sys.executable, "-c", RICH_FLOOR],
                "floor: " + TEXT_FLOOR: [sys.executable, "-c", TEXT_FLOOR]}
    envs = {}
    for model in models:
        for output, options in OUTPUTS.items():
            commands[(Path(model).name, output)] = paramsum + options + [str(model)]
            if before:
                label = (Path(model).name, output, "before")
                commands[label] = paramsum + options + [str(model)]
                envs[label] = {**ENVIRONMENT, "PYTHONPATH": str(Path(before).resolve())}
    return commands, envs


def report(times, runs, clock, markdown=False):
    """The result table as lines: min and median ms, the ratios of the minimums to each floor, the target."""
    best = {label: min(values) for label, values in times.items()}
    rich_floor, text_floor = best["floor: " + RICH_FLOOR], best["floor: " + TEXT_FLOOR]
    rows = []
    for label, values in times.items():
        in_round = statistics.median(v / f for v, f in zip(values, times["floor: " + RICH_FLOOR]))
        if isinstance(label, str):  # a floor; the click + yaml one as a share of the rich one (what text output pays)
            shares = ("", "", "") if label.endswith(RICH_FLOOR) else (f"{best[label] / rich_floor:.2f}×", "",
                                                                     f"{in_round:.2f}×")
            rows.append((label, "", best[label], statistics.median(values), *shares, ""))
            continue
        model, output = label[:2]
        if len(label) == 3:
            output += " (before)"
        target = TARGETS.get(label[1]) if model.endswith((".yaml", ".yml")) else None
        ratio = best[label] / rich_floor
        verdict = f"≤ {target}×: {'ok' if ratio <= target else 'MISSED'}" if target else ""
        # (in_round: each round's own ratio to the floor run beside it, steadier on a loaded machine)
        rows.append((model, output, best[label], statistics.median(values),
                     f"{ratio:.2f}×", f"{best[label] / text_floor:.2f}×", f"{in_round:.2f}×", verdict))
    header = ("input", "output", f"min {clock} ms", "median ms", "÷ rich floor", "÷ click+yaml floor",
              "median of rounds ÷ rich floor", "target")
    lines = [f"runs: {runs} interleaved   python: {sys.version.split()[0]}   paramsum: {' '.join(paramsum_command())}"]
    cells = [header] + [(model, output, f"{low * 1000:.1f}", f"{middle * 1000:.1f}", *rest)
                        for model, output, low, middle, *rest in rows]
    if markdown:
        lines = [f"| {' | '.join(row)} |" for row in cells]
        lines.insert(1, "|" + "|".join("---" for _ in header) + "|")
        return lines
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=[str(m) for m in MODELS], metavar="MODEL")
    parser.add_argument("--runs", type=int, default=41, help="rounds of all commands, interleaved (default 41)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="time measured: wall (default), or the child's CPU time (user + system)")
    parser.add_argument("--before", metavar="DIR", help="also time the paramsum package in DIR (an older copy)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    commands, envs = commands_for(args.models, args.before)
    for label, command in commands.items():  # warm the file cache; a failing command is no benchmark
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=envs.get(label, ENVIRONMENT))
    times = timings(commands, args.runs, args.clock, envs)
    print("\n".join(report(times, args.runs, args.clock, args.markdown)))


if __name__ == "__main__":
    main()
