"""Write tests/fixtures/summary_lines_keras.json: how many lines Keras' own model.summary() takes.

keras.applications.ResNet50(weights=None) is built with KERAS_BACKEND=torch and its
summary printed at each line_length of WIDTHS (rich's console captured, as Keras does for
print_fn); the fixture records the line counts, so a test can hold paramsum's table of the
same model (tests/fixtures/keras_models/apps/ResNet50.json.gz) to no more lines without keras.

    python tools/measure_keras_summary.py           # write the fixture
    python tools/measure_keras_summary.py --check   # exit 1 when the fixture is out of date
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from fixture_io import write_or_check

if os.environ.setdefault("KERAS_BACKEND", "torch") != "torch":
    sys.exit("run with KERAS_BACKEND=torch")

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "summary_lines_keras.json"
MODELS = ("ResNet50",)
WIDTHS = (80, 120)


def summary_lines(model, line_length):
    printed = []
    model.summary(line_length=line_length, print_fn=printed.append)
    return "".join(printed).rstrip("\n").split("\n")


def measure():
    import keras

    doc = {"keras": keras.__version__, "backend": keras.backend.backend(), "models": {}}
    for name in MODELS:
        model = getattr(keras.applications, name)(weights=None)
        counts = {}
        for width in WIDTHS:
            lines = summary_lines(model, width)
            assert max(len(line) for line in lines) <= width, f"{name}: a line wider than {width}"
            counts[str(width)] = len(lines)
        doc["models"][name] = {"line_length": counts}
    return doc


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the fixture is out of date")
    args = parser.parse_args()
    write_or_check({OUT: json.dumps(measure(), indent=2) + "\n"}, args.check, "measure_keras_summary.py")


if __name__ == "__main__":
    main()
