"""The YAML reader builds what `yaml.safe_load` builds, and remembers where each value stands.

paramsum builds mappings, lists, strings and integers from PyYAML's node tree itself (the
loader's constructors build the rest): these tests hold it to `yaml.safe_load` on the files in
the repository, on YAML's odd corners and on generated documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paramsum.errors import ParamsumError
from paramsum.formats.source import parse_text

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in [*ROOT.glob("sample_configs/**/*.y*ml"), *ROOT.glob("docs/**/*.y*ml")]
               if not p.name.startswith("invalid"))  # (the README's error examples)

CORNERS = [
    "a: &x {b: 1, c: [1, 2]}\nd: *x\ne: [*x, *x]\n",
    "base: &b {type: Dense, units: 4}\nlayers: [{<<: *b, units: 10, name: second}]\n",
    "a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc: {<<: [*a, *b]}\n",
    "a: &a {x: [1, {y: 2}]}\nb: {<<: *a, z: *a}\n",
    "a: {<<: {x: 1}, x: 2}\n",
    "x: !!set {a, b}\n", "x: !!omap [a: 1, b: 2]\n", "x: !!pairs [a: 1, a: 2]\n", "x: !!binary aGVsbG8=\n",
    "x: 2001-12-14\n", "x: 2001-12-14t21:59:43.10-05:00\n", "x: 1.5e3\n", "x: .inf\n", "x: .nan\n",
    "x: [yes, no, on, off, true, False]\n", "x: [~, null, '']\n", "x: [0x1F, 0o17, 0b101, 1_000, -0, +12, 1:20]\n",
    "x: ['123', !!str 123, !!int '42', !!float 1, \"\\u00e9\"]\n", "[1, 2, [3, [4]]]\n", "- a\n- b: c\n  d: e\n",
    "x: &s hello\ny: *s\nz: [*s, *s]\n", "x: !!seq [1]\ny: !!map {a: 1}\n", "a: {=: 1}\n",
    "x: !!omap [{a: [[[1]]]}]\n", "key with spaces: |\n  two\n  lines\n", "? a\n: 1\n",
    "x: " + "[" * 99 + "]" * 99 + "\n",
]


def _plain(data):
    """`data` without paramsum's position-keeping types, for comparison."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(item) for item in data]
    return data


def _same(a, b):
    """Equal, NaN included (a float that is not equal to itself)."""
    return repr(a) == repr(b) if a != a or b != b else a == b


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_repositorys_yaml_files_read_as_safe_load_reads_them(path):
    text = path.read_text()
    assert _plain(parse_text(text, path.name)) == yaml.safe_load(text)


@pytest.mark.parametrize("text", CORNERS)
def test_yamls_corners_read_as_safe_load_reads_them(text):
    ours, theirs = _plain(parse_text(text, "m.yaml")), yaml.safe_load(text)
    assert repr(ours) == repr(theirs) if "nan" in text else ours == theirs


def test_every_mapping_key_and_list_item_keeps_its_line_and_column():
    data = parse_text("name: m\nlayers:\n  - {type: Dense, units: 3}\n  - type: Dropout\n    rate: 0.5\n", "m.yaml")
    assert data.pos == (1, 1) and data.key_pos == {"name": (1, 1), "layers": (2, 1)}
    layers = data["layers"]
    assert layers.pos == (3, 3) and layers.item_pos == [(3, 5), (4, 5)]
    assert layers[0].key_pos == {"type": (3, 6), "units": (3, 19)}
    assert layers[1].pos == (4, 5) and layers[1].key_pos == {"type": (4, 5), "rate": (5, 5)}


def test_a_merged_mapping_is_shared_and_its_keys_keep_their_own_positions():
    data = parse_text("a: &a {type: Dense, units: 4}\nb: {<<: *a, units: 9}\n", "m.yaml")
    assert data["b"] == {"type": "Dense", "units": 9}
    assert data["b"].key_pos == {"type": (1, 8), "units": (2, 13)}  # merged from a; its own


@pytest.mark.parametrize("text, message", [
    ("a: 1\na: 2\n", "duplicate key 'a'"),
    ("a: {<<: {x: 1}, x: 2, x: 3}\n", "duplicate key 'x'"),
    ("? [a, b]\n: 1\n", "a mapping key must be a plain value"),
    ("x: !!python/object:os.system {}\n", "tags that build objects are refused"),
    ("x: !foo bar\n", "tags that build objects are refused"),
    ("x: !!map [1]\n", "expected a mapping, but found a sequence"),
    ("x: " + "[" * 101 + "]" * 101 + "\n", "nesting deeper than 100 levels"),
])
def test_what_safe_load_would_accept_or_build_is_refused_in_one_message(text, message):
    with pytest.raises(ParamsumError, match="^m.yaml:") as error:
        parse_text(text, "m.yaml")
    assert message in str(error.value)


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.text(max_size=12),
                     st.floats(allow_nan=False))
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=20)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=_DATA, flow=st.sampled_from([None, False, True]))
def test_generated_documents_read_back_as_they_were_written(data, flow):
    text = yaml.safe_dump({"doc": data}, default_flow_style=flow, allow_unicode=True)
    assert _same(_plain(parse_text(text, "m.yaml")), {"doc": data})
