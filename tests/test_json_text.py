"""The JSON output is written by paramsum's own indenting writer: the bytes json.dumps(indent=2) writes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum.cli import main
from paramsum.render.json_text import dumps

ROOT = Path(__file__).resolve().parents[1]


class Count(int):
    """An int subclass, as a count with its spelling would be."""


class Name(str):
    pass


class Ordered(dict):
    pass


DOCUMENTS = [
    {}, [], "", 0, -1, 10**40, 1.5, -0.0, 1e300, 2.5e-7, True, False, None,
    math.nan, math.inf, -math.inf,
    {"a": {}, "b": [], "c": [{}], "d": [[]], "e": {"f": {"g": []}}},
    {"name": "dense_1", "shape": [None, 784], "count": 7850, "trainable": True, "ratio": 0.25},
    [1, [2, [3, [4, {}]]], "x"],
    (1, (2, 3)),
    {"é": "ü — 中文 🙂", "esc": "\x1b[31m\n\t\r\x00\x7f\u2028", "quote": '"\\/'},
    {"surrogate": "\ud800"},
    {"sub": Count(7), "name": Name("n"), Name("key"): Ordered(z=1, a=2)},
    Ordered([("b", 1), ("a", [Ordered()])]),
]


@pytest.mark.parametrize("doc", DOCUMENTS, ids=range(len(DOCUMENTS)))
def test_the_text_is_json_dumps_with_an_indent_of_two(doc):
    assert dumps(doc) == json.dumps(doc, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("doc", [{1: "int key"}, {None: 1, True: 2, 1.5: 3}, {"set": {1}}, [object()]],
                         ids=["int key", "other keys", "set", "object"])
def test_what_json_converts_its_own_way_is_left_to_json(doc):
    try:
        expected = json.dumps(doc, indent=2, ensure_ascii=False)
    except TypeError as error:
        with pytest.raises(TypeError, match=str(error)[:20]):
            dumps(doc)
    else:
        assert dumps(doc) == expected


@pytest.mark.parametrize("model", ["sample_configs/mnist.yaml", "sample_configs/unet_mini.yaml",
                                   "tests/fixtures/huggingface/llama2_7b.config.json"])
def test_the_cli_json_is_the_bytes_json_writes(model):
    result = CliRunner().invoke(main, ["--format", "json", str(ROOT / model)])
    assert result.exit_code == 0, result.output
    assert result.output == json.dumps(json.loads(result.output), indent=2, ensure_ascii=False) + "\n"
    assert len(result.output) > 2000
