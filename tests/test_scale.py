"""Cost linear in the layers, weights and edges: counted in executed lines, never timed.

Each test runs a step on a model of n and of 4n layers (or weights) and counts the lines
of paramsum that run: a linear step grows 4×, a quadratic one 16×. The counts are the
same on every machine, so the tests hold on a loaded one.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from click.testing import CliRunner

import paramsum
from paramsum import formula as formula_module
from paramsum.cli import main
from paramsum.render import render
from paramsum.summary import Weight

PACKAGE = str(Path(paramsum.__file__).resolve().parent)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import scale  # noqa: E402  (the benchmark's own model builders)

GROWTH = 4.4  # per 4× layers: linear is 4×, n log n a little more


def lines_run(step, *args):
    """How many lines of paramsum `step(*args)` executes."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        step(*args)
    finally:
        sys.settrace(previous)
    return count


def growth(step, build, n):
    """The lines run for a model of 4n over those for one of n."""
    return lines_run(step, build(4 * n)) / lines_run(step, build(n))


def test_keras_sequential_reads_in_linear_lines():
    assert growth(paramsum.load_graph, scale.keras_sequential, 400) <= GROWTH


def test_keras_functional_join_reads_in_linear_lines():
    assert growth(paramsum.load_graph, scale.keras_join, 400) <= GROWTH


def test_native_join_summary_and_json_in_linear_lines():
    def summary_json(document):
        render([paramsum.summarize(document)], "json")

    assert growth(summary_json, scale.native_join, 300) <= GROWTH


def gru_weights(layers):
    """A torch GRU's weights as one row holds them: the first layer's input size differs."""
    weights = []
    for index in range(layers):
        weights += [Weight(f"weight_ih_l{index}", (96, 16 if index == 0 else 32)),
                    Weight(f"weight_hh_l{index}", (96, 32)),
                    Weight(f"bias_ih_l{index}", (96,)), Weight(f"bias_hh_l{index}", (96,))]
    return weights


def test_formula_of_a_long_row_groups_in_n_log_n_lines(monkeypatch):
    assert growth(formula_module.formula, gru_weights, 500) <= 5.5  # w log² w: 4 × (log 8000 / log 2000)²
    assert formula_module.formula(gru_weights(5000)) == (
        "96 × 16 + 4999 × (96 × 32 + 2 × 96 + 96 × 32) + 96 × 32 + 2 × 96")
    short = formula_module.formula(gru_weights(200))
    monkeypatch.setattr(formula_module, "DIRECT_LIMIT", 10 ** 9)  # every unit tried, as for a short row
    assert formula_module.formula(gru_weights(200)) == short


def test_formula_of_twenty_thousand_weights_is_bounded():
    lines = lines_run(formula_module.formula, gru_weights(5000))  # 20,000 weights
    assert lines < 400 * 20_000


def _random_weights(rng):
    """A row of weights drawn from a few shapes, some in sublayers ('block_3/kernel'), often periodic."""
    shapes = [(rng.randint(1, 3) * 8,) if rng.random() < 0.5 else (8, rng.randint(1, 3) * 8)
              for _ in range(rng.randint(1, 4))]
    count = rng.randint(1, 90)
    if rng.random() < 0.5:
        period = [rng.choice(shapes) for _ in range(rng.randint(1, 6))]
        picks = [period[i % len(period)] for i in range(count)]
        for _ in range(rng.randint(0, 3)):
            picks[rng.randrange(count)] = rng.choice(shapes)
    else:
        picks = [rng.choice(shapes) for _ in range(count)]
    weights, owner = [], 0
    for index, shape in enumerate(picks):
        if rng.random() < 0.3:
            owner += 1
        name = f"block_{owner}/w{index}" if owner % 2 else f"w{index}"
        weights.append(Weight(name, shape, trainable=rng.random() < 0.9))
    return weights


def test_long_row_grouping_reads_as_the_direct_search(monkeypatch):
    """On random rows (sublayers, frozen weights, near-periodic runs) both searches write the same text."""
    rng = random.Random(13)
    rows = [_random_weights(rng) for _ in range(400)]
    monkeypatch.setattr(formula_module, "DIRECT_LIMIT", 10 ** 9)
    direct = [formula_module.formula(row) for row in rows]
    monkeypatch.setattr(formula_module, "DIRECT_LIMIT", 0)
    assert [formula_module.formula(row) for row in rows] == direct
    assert sum(" × (" in text for text in direct) > 50  # the rows do exercise nested groups


def test_piped_table_of_a_wide_join_stays_narrow(tmp_path):
    """Every row is padded to its column's width: a cell of 3,000 inputs folds instead of widening all rows."""
    path = tmp_path / "join.json"
    path.write_text(json.dumps(scale.native_join(3000)))
    result = CliRunner().invoke(main, [str(path), "--expand"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 1000
    # the join's inputs, complete, one a line under its name (no row is as wide as all of them)
    arrows = [line.split("│")[1].strip() for line in lines if line.startswith("│ ← b")]
    assert arrows == [f"← b{index}" for index in range(2999)]
    assert len(result.output) < 20_000_000
    collapsed = CliRunner().invoke(main, [str(path)]).output  # the branches one row, the join's inputs one range
    assert "b0–2998 (Dense) × 2999" in collapsed and "b0–2998[0][0]" in collapsed and len(collapsed) < 3000
