"""Property-based tests: whatever a file holds, the CLI keeps its contract.

Generated inputs: native documents built from the layer catalog, mutations of every sample model, of
Keras JSON files and of Hugging Face configs, and random bytes (alone or after a real header). For each run:
exit 0, 1 or 2; for 2 one stderr line 'paramsum: …' and no traceback; nothing raw from a control character
on stdout or stderr; for 0 and 1 the JSON holds: rows sum to the totals (a nested model's rows to their row),
trainable + non-trainable = params, weights sum to their row, every formula evaluates to its row's params.

The example count is bounded by the 'ci' profile (the default, deterministic); PARAMSUM_HYPOTHESIS_PROFILE=dev
runs more examples (PARAMSUM_HYPOTHESIS_EXAMPLES, default 1,000 per test) from random seeds, to look for new
failures.
"""

from __future__ import annotations

import ast
import atexit
import copy
import inspect
import io
import json
import math
import os
import re
import shutil
import struct
import tempfile
import traceback
import zipfile
from fractions import Fraction
from importlib.util import find_spec
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from paramsum import summarize
from paramsum.cli import main
from paramsum.layers import catalog
from paramsum.layers.args import REQUIRED

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

# No deadline (a loaded CI machine), no example database (runs are reproducible from the seed alone).
_COMMON = {"deadline": None, "database": None,
           "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]}
settings.register_profile("ci", max_examples=60, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=int(os.environ.get("PARAMSUM_HYPOTHESIS_EXAMPLES", 1000)), **_COMMON)
PROFILE = settings.get_profile(os.environ.get("PARAMSUM_HYPOTHESIS_PROFILE", "ci"))

WORKDIR = Path(tempfile.mkdtemp(prefix="paramsum-props-"))
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)


# -- the contract, checked on one run ---------------------------------------------------------------------------

def run(data, suffix, *options):
    """Run the real CLI on `data` (text or bytes) written to a file ending in `suffix`; check the contract."""
    path = WORKDIR / f"model{suffix}"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    result = check_result(CliRunner().invoke(main, [str(path), *options]))
    lines = result.stderr.splitlines()
    if result.exit_code == 2:
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("paramsum: "), lines[0]
    else:
        assert all(line.startswith("paramsum: ") for line in lines), result.stderr
    return result


def check_result(result):
    """What every run keeps: exit 0, 1 or 2, no uncaught exception or traceback, printable output; for 2,
    nothing on stdout."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("uncaught exception:\n" + "".join(traceback.format_exception(*result.exc_info)))
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    for stream in (result.stdout, result.stderr):
        assert all(line.isprintable() for line in stream.split("\n")), ascii(stream[:2000])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    if result.exit_code == 2:
        assert result.stderr and result.stdout == "", result.stderr
    return result


def check_json(data, suffix):
    """Run with --format json; for a summarised file, check every count against the others."""
    result = run(data, suffix, "--format", "json")
    if result.exit_code == 2:
        assert result.stdout == ""
        return None
    doc = json.loads(result.stdout)
    check_rows(doc["layers"])
    totals = doc["totals"]
    assert sum(layer["params"] for layer in doc["layers"]) == totals["params"]
    assert totals["trainable_params"] + totals["non_trainable_params"] == totals["params"]
    for key in ("params", "trainable_params", "non_trainable_params", "embedding_params"):
        assert isinstance(totals[key], int) and not isinstance(totals[key], bool), (key, totals[key])
    return doc


def check_rows(rows):
    for row in rows:
        params = row["params"]
        assert isinstance(params, int) and params >= 0, row["name"]
        assert row["trainable_params"] + row["non_trainable_params"] == params, row["name"]
        assert sum(w["count"] for w in row["weights"]) == params, row["name"]
        for weight in row["weights"]:
            if all(isinstance(size, int) for size in weight["shape"]):
                assert math.prod(weight["shape"]) == weight["count"], (row["name"], weight)
        assert evaluate(row["formula"]) == params, (row["name"], row["formula"], params)
        if "layers" in row:  # a nested model's rows: counted in this row, each once
            check_rows(row["layers"])
            assert sum(child["params"] for child in row["layers"]) == params, row["name"]


_OPERATORS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
              ast.Div: lambda a, b: Fraction(a) / b}


def evaluate(formula):
    """The value of a formula of integers, + - × * / and parentheses; anything else fails the test."""
    assert re.fullmatch(r"[0-9 +\-×*/()]+", formula), formula

    def value(node):
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](value(node.left), value(node.right))
        raise AssertionError(f"not plain arithmetic: {formula!r}")

    return value(ast.parse(formula.replace("×", "*"), mode="eval").body)


def evaluate_labelled(formula):
    """A labelled formula ('weight 10 × 784 + bias 10', 'q/k 2 × …'): its names dropped, then evaluated."""
    return evaluate(re.sub(r"(?<![\w)])[A-Za-z_][\w./\-]*\s", "", formula))


def test_the_formula_evaluator_reads_the_grammar_and_refuses_the_rest():
    assert evaluate("784 × 10 + 10") == 7850
    assert evaluate("2 × (3 × 3 × 16 × 16 + 16) - 4") == 4636
    assert evaluate_labelled("weight 10 × 784 + bias 10") == 7850
    assert evaluate_labelled("q (32 × 128) × 4096 + gate/up 2 × 14 × 4 + norms 2 × 4096") == 16785520
    for bad in ("__import__('os')", "2 ** 8", "a + 1", "1e3"):
        with pytest.raises(AssertionError):
            evaluate(bad)


# -- random native documents from the catalog ----------------------------------------------------------------

NESTED = {
    "layer": [{"type": "LSTM", "units": 3}, {"type": "GRU", "units": 2, "return_sequences": True},
              {"type": "Dense", "units": 4}, {"type": "Conv2D", "filters": 2, "kernel_size": 1}],
    "layers": [[{"type": "LSTMCell", "units": 3}], [{"type": "GRUCell", "units": 2}, {"type": "SimpleRNNCell",
                                                                                       "units": 2}]],
}
HOSTILE = st.sampled_from([10**400, 2**64, -7, 0, 4.5, True, "\x1b]0;title\x07\n\r\x08\x00", [], {}, None, [2, -3],
                           [1.5], "same", {"type": "Dense"}])
SMALL = st.integers(1, 6)


def _closure(kind):
    try:
        return inspect.getclosurevars(kind).nonlocals
    except (TypeError, ValueError):
        return {}


def kind_values(kind):
    """Values an argument of this kind takes, mostly valid ones, small enough that every count stays small."""
    name = getattr(kind, "__qualname__", "").split(".<locals>")[0]
    cells = _closure(kind)
    if name == "optional":
        return st.one_of(st.none(), kind_values(cells["kind"]))
    if name == "choice":
        return st.sampled_from(cells["options"])
    if name == "coerce_float_int":
        return kind_values(cells["kind"])
    if name == "boolean":
        return st.booleans()
    if name in ("positive_int", "repeats"):
        return SMALL
    if name in ("nonneg_int", "integer", "int_axis", "one_axis"):
        return st.integers(-1 if name != "nonneg_int" else 0, 3)
    if name in ("number", "between", "probability"):
        return st.one_of(st.floats(0, 1), st.integers(0, 2))
    if name in ("window", "int_tuple", "broadcast_tuple", "int_or_list", "torch_conv_padding", "pads"):
        return st.one_of(st.integers(1, 3), st.integers(1, 3), st.lists(st.integers(1, 3), min_size=1, max_size=3))
    if name == "keras_activation":
        return st.sampled_from(["relu", "linear", None, "softmax"])
    if name in ("keras_data_format", "strict_data_format"):
        return st.sampled_from(["channels_last", "channels_first"])
    if name == "layer_or_layers":
        return st.sampled_from(NESTED["layer"][:2] + NESTED["layers"])
    if name in NESTED:
        return st.sampled_from(NESTED[name])
    return st.one_of(st.none(), SMALL, st.lists(SMALL, max_size=3), st.booleans(), st.sampled_from(["same", "x"]))


def layer_types(framework):
    types = catalog(framework)  # (not the keras.ops types, made when a file first names one: their number
    # would depend on the tests run before, and the examples with it)
    return sorted(name for name, cls in types.items() if not cls.__name__.startswith("_") and "." not in name)


@st.composite
def layer_spec(draw, framework, type_name, name, earlier):
    """One layer: its required arguments and some optional ones; sometimes a wrong value."""
    cls = catalog(framework)[type_name]
    spec = {"name": name, "type": type_name}
    for arg_name, arg in sorted(cls.arguments.items()):
        if arg.default is REQUIRED or draw(st.integers(0, 3)) == 0:
            spec[arg_name] = draw(kind_values(arg.kind))
    if getattr(cls, "multi_input", False):
        spec["inputs"] = draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=3))
    elif draw(st.integers(0, 7)) == 0:
        spec["inputs"] = [draw(st.sampled_from(earlier))]
    if draw(st.integers(0, 15)) == 0:  # an invalid document: a hostile value somewhere
        spec[draw(st.sampled_from(sorted(cls.arguments) or ["units"]))] = copy.deepcopy(draw(HOSTILE))
    return spec


@st.composite
def native_document(draw):
    """A native model of one to three catalog layers on an input of the rank the first one takes."""
    framework = draw(st.sampled_from(["keras", "pytorch"]))
    types = draw(st.lists(st.sampled_from(layer_types(framework)), min_size=1, max_size=3))
    declared = catalog(framework)[types[0]].input_ranks  # a property where the rank depends on the arguments
    ranks = [rank - 1 for rank in declared if rank > 1] if isinstance(declared, (tuple, list, set, frozenset)) else []
    ranks = ranks or [1, 2, 3]
    size = st.integers(1, 8) if framework == "pytorch" else st.one_of(st.integers(1, 8), st.none())
    shape = draw(st.lists(size, min_size=1, max_size=4).filter(lambda s: len(s) in ranks) if draw(st.booleans())
                 else st.sampled_from(ranks).flatmap(lambda rank: st.lists(size, min_size=rank, max_size=rank)))
    layers, earlier = [], ["x"]
    for index, type_name in enumerate(types):
        layers.append(draw(layer_spec(framework, type_name, f"l{index}", earlier)))
        earlier.append(f"l{index}")
    return {"name": "generated", "framework": framework, "inputs": {"x": shape}, "layers": layers}


def write_native(doc, as_json):
    return (json.dumps(doc), ".json") if as_json else (yaml.safe_dump(doc, allow_unicode=False), ".yaml")


REVERSE_EMBEDDING = {"inputs": {"x": [None]}, "layers": [
    {"name": "l0", "type": "ReversibleEmbedding", "input_dim": 1, "output_dim": 1, "reverse": True}]}
SCALAR_THEN_LINEAR = {"framework": "pytorch", "inputs": {"x": [1]}, "layers": [
    {"name": "l0", "type": "torch.sum", "dim": None, "inputs": ["x"]},
    {"name": "l1", "type": "Linear", "out_features": 3}]}


OTHER_FORMATS = st.sampled_from(["table", "csv", "markdown", "dot", "mermaid"])


@PROFILE
@example(SCALAR_THEN_LINEAR, False, "table")
@example(REVERSE_EMBEDDING, False, "table")
@given(native_document(), st.booleans(), OTHER_FORMATS)
def test_random_native_documents_keep_the_contract(doc, as_json, fmt):
    if check_json(*write_native(doc, as_json)) is None:
        return
    run(*write_native(doc, as_json), "--format", fmt)
    for layer in summarize(doc, source="generated").layers:  # the table's labelled formulas, names dropped
        assert evaluate_labelled(layer.labelled_formula) == layer.params, (layer.name, layer.labelled_formula)


def test_random_native_documents_are_mostly_valid():
    """The generator is worth its time: a fair share of its documents are summarised, not refused."""
    outcomes = []

    @settings(PROFILE, max_examples=60, derandomize=True)  # a check of the generator
    @given(native_document())
    def collect(doc):
        outcomes.append(run(*write_native(doc, True), "--total").exit_code)

    collect()
    # (which documents come out valid shifts a little with what earlier tests loaded: a tenth, not a sixth)
    assert outcomes.count(0) >= len(outcomes) // 10, outcomes


# -- mutated samples ---------------------------------------------------------------------------------------------

def _small(path):
    return path.stat().st_size < 60_000


NATIVE_SAMPLES = sorted(p for p in [*ROOT.glob("sample_configs/*.yaml"), *ROOT.glob("tests/models/*.yaml"),
                                    *(ROOT / "sample_configs" / name for name in ("mnist.json", "multi_input.json"))]
                        if "invalid_syntax" not in p.name)
KERAS_SAMPLES = sorted(p for p in [*FIXTURES.glob("keras_models/*.json"), *FIXTURES.glob("keras_legacy/*.json"),
                                   *FIXTURES.glob("keras_diff/*.json"), *ROOT.glob("sample_configs/keras_*.json"),
                                   *FIXTURES.glob("tfjs/*.json")]
                       if p.name != "truth.json" and _small(p))
HF_SAMPLES = sorted([*FIXTURES.glob("huggingface/*.config.json"), *ROOT.glob("sample_configs/hf_*.json")])
BINARY_PATTERNS = ("checkpoints/**/*.safetensors", "checkpoints/**/*.gguf", "h5/*.h5", "h5/*.keras")
BINARY_SAMPLES = sorted(p for pattern in BINARY_PATTERNS
                        for p in FIXTURES.glob(pattern) if p.stat().st_size < 120_000)


def paths_in(doc, prefix=()):
    """Every (container, key) in a parsed document, depth first."""
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for key, value in items:
        yield prefix + (key,)
        yield from paths_in(value, prefix + (key,))


def _at(doc, path):
    for key in path:
        doc = doc[key]
    return doc


@st.composite
def mutated(draw, samples, sizes=False):
    """A sample's parsed document with one to three mutations."""
    path = draw(st.sampled_from(samples))
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    return path, mutate(draw, doc, sizes)


def mutate(draw, doc, sizes=False):
    """`doc` with one to three of its values dropped, replaced by hostile ones, duplicated or renamed."""
    for _ in range(draw(st.integers(1, 3))):
        places = list(paths_in(doc))
        if not places:
            break
        if sizes:  # Hugging Face configs: mostly their sizes changed
            ints = [p for p in places if type(_at(doc, p)) is int]
            if ints and draw(st.booleans()):
                where = draw(st.sampled_from(ints))
                _at(doc, where[:-1])[where[-1]] = draw(st.one_of(st.integers(-2, 70), st.sampled_from(
                    [10**400, 2**62, 3.5, True, "12", None])))
                continue
        where = draw(st.sampled_from(places))
        parent, key = _at(doc, where[:-1]), where[-1]
        action = draw(st.sampled_from(["drop", "value", "duplicate", "rename"]))
        if action == "drop":
            del parent[key]
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, json.loads(json.dumps(parent[key])))
        elif action == "rename" and isinstance(parent[key], str):
            parent[key] = draw(st.sampled_from(["", "missing", parent[key] + "_1", "x\x1b[2Jy\nz", "\u202e"]))
        else:
            parent[key] = copy.deepcopy(draw(HOSTILE))  # (a fresh [] or {}: never the same object twice)
    return doc


def dump(doc, path, as_yaml):
    if as_yaml:
        return yaml.safe_dump(doc, allow_unicode=False), ".yaml"
    return json.dumps(doc), path.suffix if path.suffix == ".json" else ".json"


@PROFILE
@given(mutated(NATIVE_SAMPLES), st.booleans(), OTHER_FORMATS)
def test_mutated_samples_keep_the_contract(sample, as_yaml, fmt):
    path, doc = sample
    if check_json(*dump(doc, path, as_yaml)) is not None:
        run(*dump(doc, path, as_yaml), "--format", fmt)


# A side of a diff: a sample as it is (most are valid; half the time), mutated, or generated from the catalog.
SAMPLE_DOCS = [yaml.safe_load(path.read_text()) for path in NATIVE_SAMPLES if not path.name.startswith("invalid")]
DIFF_SIDES = st.one_of(st.sampled_from(SAMPLE_DOCS), st.sampled_from(SAMPLE_DOCS),
                       mutated(NATIVE_SAMPLES).map(lambda sample: sample[1]), native_document())


@PROFILE
@given(DIFF_SIDES, DIFF_SIDES, st.booleans())
def test_diff_of_two_documents_keeps_the_contract(before, after, as_yaml):
    """`diff`: every layer's change sums to the delta, which is after − before and what --total prints."""
    paths = []
    for name, doc in (("before", before), ("after", after)):
        text, suffix = dump(doc, Path("m.json"), as_yaml)
        paths.append(WORKDIR / f"{name}{suffix}")
        paths[-1].write_text(text)
    result = check_result(CliRunner().invoke(main, ["diff", *map(str, paths), "--format", "json"]))
    if result.exit_code == 2:
        assert all(line.startswith("paramsum: ") for line in result.stderr.splitlines())
        return
    doc = json.loads(result.stdout)
    delta = doc["delta"]["params"]
    assert delta == doc["after"]["totals"]["params"] - doc["before"]["totals"]["params"]
    changes = [row.get("after", {}).get("params", 0) - row.get("before", {}).get("params", 0) for row in doc["layers"]]
    assert sum(changes) == delta, doc["layers"]
    total = check_result(CliRunner().invoke(main, ["diff", *map(str, paths), "--total"]))
    assert total.stdout == f"{delta}\n"


@PROFILE
@given(DIFF_SIDES, st.booleans())
def test_standard_input_reads_as_the_file_does(doc, as_yaml):
    text, suffix = dump(doc, Path("m.json"), as_yaml)
    from_file = run(text, suffix, "--format", "json")
    from_stdin = check_result(CliRunner().invoke(main, ["-", "--format", "json"], input=text))
    assert from_stdin.exit_code == from_file.exit_code
    if from_file.exit_code == 2:  # the same message, about <stdin>
        expected = from_file.stderr.replace(str(WORKDIR / f"model{suffix}"), "<stdin>")
        if "…" in expected:  # elided at MAX_MESSAGE_CHARS: where depends on the name's length
            expected, got = expected.partition("…")[0][:1000], from_stdin.stderr[:min(1000, expected.index("…"))]
            assert got == expected
        else:
            assert from_stdin.stderr == expected
    else:
        assert from_stdin.stdout == from_file.stdout.replace(json.dumps(str(WORKDIR / f"model{suffix}")),
                                                             '"<stdin>"')


def keras_archive(config):
    """A .keras archive (a zip) holding `config` as its config.json."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
        archive.writestr("config.json", config)
    return buffer.getvalue()


@PROFILE
@given(mutated(KERAS_SAMPLES), st.booleans())
def test_mutated_keras_files_keep_the_contract(sample, archived):
    path, doc = sample
    text = json.dumps(doc)
    check_json(*((keras_archive(text), ".keras") if archived else (text, ".json")))


@PROFILE
@given(mutated(HF_SAMPLES, sizes=True))
def test_mutated_huggingface_configs_keep_the_contract(sample):
    path, doc = sample
    check_json(json.dumps(doc), ".json")


def test_the_sample_sets_are_not_empty():
    assert len(NATIVE_SAMPLES) >= 15 and len(KERAS_SAMPLES) >= 20 and len(HF_SAMPLES) >= 100
    assert len(BINARY_SAMPLES) >= 10


# -- random bytes --------------------------------------------------------------------------------------------------

HEADERS = [b"", b"\x89HDF\r\n\x1a\n", b"PK\x03\x04", b"GGUF", b"GGUF\x03\x00\x00\x00", b"{", b"name: x\n"]
SUFFIXES = ["", ".yaml", ".json", ".h5", ".keras", ".gguf", ".safetensors"]


@st.composite
def hostile_bytes(draw):
    head = draw(st.sampled_from(HEADERS + ["safetensors"]))
    body = draw(st.binary(max_size=300))
    if head == "safetensors":  # an 8-byte little-endian header length, then (mostly) JSON
        header = draw(st.one_of(st.binary(max_size=80), st.sampled_from([
            b'{"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}}',
            b'{"w": {"dtype": "F32", "shape": [-2, 3], "data_offsets": [0, 24]}}',
            b'{"w": {"dtype": "F32", "shape": [99999999999999999999], "data_offsets": [0, 4]}}',
            b'{"__metadata__": {"format": "pt"}, "w": {"dtype": "XX", "shape": [1], "data_offsets": [4, 0]}}'])))
        length = draw(st.one_of(st.just(len(header)), st.integers(0, 2**64 - 1)))
        head, body = struct.pack("<Q", length) + header, body
    return head + body, draw(st.sampled_from(SUFFIXES))


@PROFILE
@given(hostile_bytes())
def test_random_bytes_keep_the_contract(sample):
    data, suffix = sample
    check_json(data, suffix)


class Blob(bytes):
    """Bytes that hypothesis reports by where they come from, not by their 100 kB repr."""

    def __new__(cls, data, origin):
        blob = super().__new__(cls, data)
        blob.origin = origin
        return blob

    def __repr__(self):
        return f"<{len(self):,} bytes: {self.origin}>"


@st.composite
def corrupted(draw):
    """A real checkpoint or Keras file, truncated or with bytes overwritten (mostly in its header)."""
    path = draw(st.sampled_from(BINARY_SAMPLES))
    data = bytearray(path.read_bytes())
    changes = [path.name]
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, min(len(data), 4096)))]
        changes.append(f"cut to {len(data)}")
    for _ in range(draw(st.integers(0 if len(data) else 1, 4))):
        if not data:
            break
        at = draw(st.integers(0, min(len(data), 2048) - 1))
        data[at:at + 8] = new = draw(st.binary(min_size=1, max_size=8))
        changes.append(f"{new!r} at {at}")
    return Blob(data, ", ".join(changes)), path.suffix


@st.composite
def safetensors_mutated(draw):
    """A real safetensors file whose JSON header is mutated (shapes, dtypes, offsets), its length prefix kept right."""
    path = draw(st.sampled_from([p for p in BINARY_SAMPLES if p.suffix == ".safetensors"]))
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    for _ in range(draw(st.integers(1, 3))):
        places = list(paths_in(header))
        where = draw(st.sampled_from(places))
        parent = _at(header, where[:-1])
        if draw(st.booleans()):
            del parent[where[-1]]
        else:
            values = st.one_of(HOSTILE, st.integers(-3, 10**6), st.sampled_from(["F16", "I4", "x"]))
            parent[where[-1]] = copy.deepcopy(draw(values))
    text = json.dumps(header).encode()
    return Blob(struct.pack("<Q", len(text)) + text + data[8 + length:], f"{path.name}, header {text[:2000]!r}"), \
        ".safetensors"


# GGUF's metadata value types (id → struct format; 8 a string, 9 an array) and some of ggml's tensor types.
GGUF_SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
GGML_IDS = [0, 1, 2, 8, 12, 14, 30, 39]


@st.composite
def gguf_built(draw):
    """A GGUF file put together field by field: a version, metadata of every value type (arrays, strings, counts
    that may lie), tensor infos of random rank, dims, type and offset, then some data; each field mostly valid."""
    version = draw(st.sampled_from([3] * 6 + [2, 1, 0, 4]))
    count = "I" if version == 1 else "Q"  # version 1: 32-bit counts, lengths and dims
    huge = 2**40 if count == "Q" else 2**32 - 1

    def string(text):
        raw = text.encode("utf-8", "surrogatepass")
        return struct.pack("<" + count, draw(st.sampled_from([len(raw)] * 40 + [len(raw) + 7, huge]))) + raw

    def value(kind, depth=0):
        if kind in GGUF_SCALARS:
            fmt = GGUF_SCALARS[kind]
            number = draw(st.integers(0, 2 ** (8 * struct.calcsize(fmt) - 1) - 1)) if fmt not in "fd?" else 1
            return struct.pack("<" + fmt, number)
        if kind == 8:
            return string(draw(st.text(max_size=12)))
        item = draw(st.sampled_from([4, 8, 6] + ([9] if depth < 2 else [])))
        items = [value(item, depth + 1) for _ in range(draw(st.integers(0, 70)))]
        length = draw(st.sampled_from([len(items)] * 10 + [huge]))
        return struct.pack("<I" + count, item, length) + b"".join(items)

    metadata = []
    keys = st.sampled_from(["general.architecture", "general.alignment", "llama.block_count", "general.name", "x"])
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from([*GGUF_SCALARS, 8, 9, 9] * 3 + [77]))
        metadata.append(string(draw(keys)) + struct.pack("<I", kind) + (value(kind) if kind != 77 else b""))
    infos, offset = [], 0
    for index in range(draw(st.integers(1, 4))):
        dims = draw(st.lists(st.one_of(*[st.sampled_from([32, 64, 256])] * 6, st.integers(0, huge)), max_size=draw(
            st.sampled_from([4, 4, 9]))))
        kind = draw(st.sampled_from(GGML_IDS * 3 + [99]))
        infos.append(string(f"blk.{index}.weight") + struct.pack("<I", len(dims))
                     + b"".join(struct.pack("<" + count, d) for d in dims) + struct.pack("<IQ", kind, offset))
        offset += draw(st.sampled_from([4096] * 6 + [32, 7, 0]))
    n_tensors = draw(st.sampled_from([len(infos)] * 10 + [len(infos) + 1, huge]))
    n_kv = draw(st.sampled_from([len(metadata)] * 10 + [len(metadata) + 1]))
    head = b"GGUF" + struct.pack("<I" + count * 2, version, n_tensors, n_kv)
    data = head + b"".join(metadata) + b"".join(infos)
    data += b"\0" * (-len(data) % 32) + b"\0" * draw(st.sampled_from([offset, offset + 4096, 100]))
    return Blob(data, f"gguf v{version}, {len(metadata)} keys, {len(infos)} tensors, {len(data)} bytes"), ".gguf"


@st.composite
def h5_mutated(draw):
    """A real Keras .h5 file rewritten by h5py with its model_config mutated (and at times its keras_version)."""
    import h5py

    path = draw(st.sampled_from(sorted(p for p in FIXTURES.glob("h5/*.h5") if not p.name.endswith(".weights.h5"))))
    out = WORKDIR / "mutated.h5"
    shutil.copyfile(path, out)
    with h5py.File(out, "r+") as handle:
        config = mutate(draw, json.loads(handle.attrs["model_config"]))
        handle.attrs["model_config"] = json.dumps(config)
        if draw(st.integers(0, 5)) == 0:
            handle.attrs["keras_version"] = draw(st.sampled_from(["1.2.2", "2.15.0", "3.15.1", "", "x"]))
    return Blob(out.read_bytes(), f"{path.name}, model_config {json.dumps(config)[:2000]}"), ".h5"


CHECKPOINTS = [corrupted(), safetensors_mutated(), gguf_built()] + ([h5_mutated()] if find_spec("h5py") else [])


@PROFILE
@given(st.one_of(CHECKPOINTS))
def test_corrupted_checkpoints_and_archives_keep_the_contract(sample):
    check_json(*sample)


# -- failures found by the generators, kept as examples ----------------------------------------------------------

# Each row: a real file, one text replaced in it, and a piece of the one-line message it must give.
FOUND = [
    ("keras_legacy/keras1_generator.json", '"dim_ordering": "tf"', '"dim_ordering": []',
     "dim_ordering: expected 'tf' or 'th'; received: dim_ordering=[]"),
]


@pytest.mark.parametrize("sample, old, new, message", FOUND, ids=[row[2] for row in FOUND])
def test_failures_the_generators_found_are_one_line_errors(sample, old, new, message):
    path = FIXTURES / sample if (FIXTURES / sample).exists() else ROOT / sample
    text = path.read_text(encoding="utf-8")
    assert old in text
    result = run(text.replace(old, new, 1), path.suffix, "--format", "json")
    assert result.exit_code == 2 and message in result.stderr, result.stderr


# Generated native documents that failed, reduced: (document, a piece of the one-line message).
FOUND_NATIVE = [
    (SCALAR_THEN_LINEAR, "layer 'l1': Linear cannot take input shape (): a scalar (rank 0) has no axis for it"),
    ({**SCALAR_THEN_LINEAR, "layers": [SCALAR_THEN_LINEAR["layers"][0], {
        "name": "l1", "type": "TransformerEncoderLayer", "d_model": None, "nhead": 1}]},
     "TransformerEncoderLayer cannot take input shape ()"),
]


def test_a_reverse_embedding_on_an_unknown_length_has_unknown_macs():
    doc = json.loads(run(*write_native(REVERSE_EMBEDDING, False), "--format", "json").stdout)
    assert doc["layers"][1]["macs"] is None and doc["totals"]["flops"] is None
    doc = json.loads(run(*write_native(REVERSE_EMBEDDING, False), "--format", "json", "--seq-len", "5").stdout)
    assert doc["layers"][1]["macs"] == 5  # 5 tokens × input_dim 1 logits, each a dot product of output_dim 1
    assert "Forward FLOPs: unknown for batch 1" in run(*write_native(REVERSE_EMBEDDING, False)).stdout


@pytest.mark.parametrize("doc, message", FOUND_NATIVE, ids=[row[1].split(" cannot")[0] for row in FOUND_NATIVE])
def test_generated_documents_that_failed_are_one_line_errors(doc, message):
    result = run(*write_native(doc, False), "--format", "json")
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def safetensors(header, data=b""):
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


def spliced(sample, start, stop, new):
    """A fixture's bytes with bytes start:stop replaced by `new`."""
    data = (FIXTURES / sample).read_bytes()
    return data[:start] + new + data[stop:]


# Bytes that failed, reduced: (bytes, suffix, a piece of the one-line message).
FOUND_BYTES = [
    (spliced("checkpoints/split/llama_tiny-00001-of-00003.gguf", 504, 512, b"\x00"), ".gguf",
     "metadata 'tokenizer.ggml.tokens': 99 strings run past the end of the file"),
    (safetensors({"w": {"dtype": "BF16", "shape": [10**400, 32], "data_offsets": [0, 64]}}, bytes(64)), ".safetensors",
     "takes a number of bytes of about 402 digits but its data_offsets span 64"),
    (safetensors({"w": {"dtype": "F4", "shape": [3], "data_offsets": [0, 4]}}, bytes(4)), ".safetensors",
     "a F4 tensor of shape [3] takes 1.5 bytes but its data_offsets span 4"),
    (safetensors({"w": {"dtype": [], "shape": [1], "data_offsets": [0, 4]}}, bytes(4)), ".safetensors",
     "tensor 'w': unknown dtype []"),
]


@pytest.mark.parametrize("data, suffix, message", FOUND_BYTES, ids=[row[2][:40] for row in FOUND_BYTES])
def test_bytes_that_failed_are_one_line_errors(data, suffix, message):
    result = run(data, suffix, "--format", "json")
    assert result.exit_code == 2 and message in result.stderr, result.stderr
