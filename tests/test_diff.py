"""paramsum.diff: layers aligned (or matched by name), told as added / removed / changed, and the totals' delta."""

from __future__ import annotations

import pytest

from paramsum import summarize
from paramsum.diff import ADDED, CHANGED, REMOVED, diff_summaries, merged_order


def model(*layers, name="m", input_shape=(16,)):
    """A native chain model of Dense-like layers given as (name, type, args) triples."""
    return summarize({"name": name, "input": list(input_shape),
                      "layers": [{"name": n, "type": t, **args} for n, t, args in layers]}, source=f"{name}.yaml")


BASE = [("a", "Dense", {"units": 8}), ("b", "Dense", {"units": 4}), ("c", "Dense", {"units": 2})]


def table(model_diff):
    return [(c.name, c.status, c.fields) for c in model_diff.changes]


def test_identical_models_have_no_changes():
    result = diff_summaries(model(*BASE), model(*BASE))
    assert result.changes == [] and result.unchanged == 3 and result.identical
    assert result.delta("params") == 0


def test_added_layer_in_place_and_the_layer_after_it_changed():
    after = [BASE[0], ("extra", "Dense", {"units": 6}), *BASE[1:]]
    result = diff_summaries(model(*BASE), model(*after))
    assert table(result) == [("extra", ADDED, []), ("b", CHANGED, ["params"])]
    assert result.unchanged == 2
    # a: 16×8+8 = 136, b: 8×4+4 = 36 → 6×4+4 = 28, extra: 8×6+6 = 54, c: 4×2+2 = 10
    assert result.before.totals.params == 182
    assert result.delta("params") == 54 - 8


def test_removed_layer_stays_where_it_stood():
    after = [BASE[0], BASE[2]]
    result = diff_summaries(model(*BASE), model(*after))
    assert table(result) == [("b", REMOVED, []), ("c", CHANGED, ["params"])]
    assert result.changes[0].before.params == 36 and result.changes[0].after is None


def test_changed_output_shape_type_and_trainable_split():
    after = [("a", "Dense", {"units": 9}), ("b", "Dense", {"units": 4, "trainable": False}),
             ("c", "Activation", {"activation": "relu"})]
    result = diff_summaries(model(*BASE), model(*after))
    assert table(result) == [
        ("a", CHANGED, ["output_shape", "params"]),
        ("b", CHANGED, ["params", "non_trainable_params"]),
        ("c", CHANGED, ["type", "output_shape", "params"]),
    ]
    assert result.delta("non_trainable_params") == 40


def test_renamed_layer_pairs_up_by_structure():
    after = [BASE[0], ("b2", "Dense", {"units": 4}), BASE[2]]
    result = diff_summaries(model(*BASE), model(*after))
    assert table(result) == [] and result.unchanged == 3 and result.renamed == 1
    assert result.delta("params") == 0 and result.identical


def test_renamed_layer_is_removed_and_added_by_name():
    after = [BASE[0], ("b2", "Dense", {"units": 4}), BASE[2]]
    result = diff_summaries(model(*BASE), model(*after), by_name=True)
    assert table(result) == [("b", REMOVED, []), ("b2", ADDED, [])]
    assert result.delta("params") == 0 and not result.identical


def test_totals_delta_counts_bytes_with_the_dtype():
    result = diff_summaries(model(*BASE), summarize({"input": [16], "dtype": "float16", "layers": [
        {"name": n, "type": t, **args} for n, t, args in BASE]}))
    assert result.delta("params") == 0
    assert result.delta("bytes") == -182 * 2


@pytest.mark.parametrize("old, new, order", [
    ("abc", "abc", "abc"),
    ("abc", "axbc", "axbc"),
    ("abc", "ac", "abc"),
    ("abc", "cab", "cab"),  # moved layers appear once, in the new order
    ("abcd", "axd", "abcxd"),  # removed before added where a block was replaced
    ("", "ab", "ab"),
])
def test_merged_order(old, new, order):
    assert "".join(merged_order(list(old), list(new))) == order
