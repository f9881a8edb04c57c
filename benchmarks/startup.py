"""Start-up benchmark: paramsum against the import floor of its own dependencies.

    python benchmarks/startup.py [--runs 15] [MODEL]

Runs, in the current venv, `python -c "import click, yaml, rich.console, rich.table"`
(the floor: what any click + rich tool pays) and `paramsum` on MODEL as a table and as
JSON, each several times, and prints the medians and the ratios to the floor. Targets:
table ≤ 1.25 × floor, JSON ≤ 0.8 × floor.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = [sys.executable, "-c", "import click, yaml, rich.console, rich.table"]


def medians(commands, runs):
    """Median wall time of each command; runs interleaved so that drift hits all alike."""
    times = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times[label].append(time.perf_counter() - start)
    return {label: statistics.median(values) for label, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default=str(ROOT / "sample_configs" / "mnist.json"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    script = Path(sys.executable).with_name("paramsum")  # the console script, as users run it
    paramsum = [str(script)] if script.exists() else [sys.executable, "-m", "paramsum"]
    subprocess.run(FLOOR, check=True)  # warm the file cache
    results = medians({
        "floor (import click, yaml, rich)": FLOOR,
        "paramsum (table)": paramsum + [args.model],
        "paramsum --format json": paramsum + ["--format", "json", args.model],
        "paramsum --total": paramsum + ["--total", args.model],
    }, args.runs)
    floor = results["floor (import click, yaml, rich)"]
    targets = {"paramsum (table)": 1.25, "paramsum --format json": 0.8}
    print(f"model: {args.model}   runs: {args.runs}   python: {sys.version.split()[0]}")
    for label, seconds in results.items():
        ratio = seconds / floor
        target = ""
        if label in targets:
            target = f"  (target ≤ {targets[label]}×: {'ok' if ratio <= targets[label] else 'MISSED'})"
        print(f"{label:34} {seconds * 1000:7.1f} ms  {ratio:5.2f}× floor{target}")


if __name__ == "__main__":
    main()
