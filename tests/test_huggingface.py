"""Hugging Face config.json files against what transformers builds from them.

Each tests/fixtures/huggingface/<name>.config.json comes with <name>.truth.json,
written by tools/make_hf_fixtures.py from the real model: its named parameters
and buffers, module classes, total and (small configs) module output shapes.
A row's name + "." + a weight's name must be a parameter name of the model.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import paramsum
from paramsum import ParamsumError
from paramsum.layers import catalog

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "huggingface"
NAMES = sorted(p.name[: -len(".config.json")] for p in FIXTURES.glob("*.config.json"))


def load(name):
    config = json.loads((FIXTURES / f"{name}.config.json").read_text())
    truth = json.loads((FIXTURES / f"{name}.truth.json").read_text())
    return config, truth, paramsum.summarize(FIXTURES / f"{name}.config.json")


def rows(summary):
    return [layer for layer in summary.layers if layer.type != "InputLayer"]


def named(summary, kind):
    """Counter of (row.weight name, shape[, trainable]) over all rows (a Parameter row's one weight: the row's name)."""
    out = Counter()
    for layer in rows(summary):
        for w in getattr(layer, kind):
            shape = tuple(int(d) for d in w.shape)
            key = (f"{layer.name}.{w.name}" if w.name else layer.name, shape)  # '': the row's own (a Parameter)
            out[key + (w.trainable,) if kind == "weights" else key] += 1
    return out


@pytest.mark.parametrize("name", NAMES)
def test_total_is_transformers(name):
    _, truth, summary = load(name)
    assert summary.format == "huggingface" and summary.framework == "pytorch"
    assert summary.totals.params == truth["total"]


@pytest.mark.parametrize("name", NAMES)
def test_weights_are_named_parameters(name):
    _, truth, summary = load(name)
    assert named(summary, "weights") == Counter((n, tuple(s), g) for n, s, g in truth["parameters"])
    assert named(summary, "buffers") == Counter((n, tuple(s)) for n, s, _ in truth["buffers"])


@pytest.mark.parametrize("name", NAMES)
def test_rows_are_modules_of_their_class(name):
    _, truth, summary = load(name)
    parameters = {n for n, _, _ in truth["parameters"]}
    for layer in rows(summary):
        if layer.type == "Parameter":  # a tensor of a model itself (CLIP's logit_scale): no module of its own
            assert layer.name in parameters | {n for n, _, _ in truth["buffers"]}, layer.name
            continue
        assert truth["modules"].get(layer.name) == layer.type, layer.name


@pytest.mark.parametrize("name", [n for n in NAMES if json.loads((FIXTURES / f"{n}.truth.json").read_text())["shapes"]])
def test_output_shapes_are_the_modules(name):
    """Unknown sizes (None) stand for the batch of 2 and the sequences of 7 (decoder: 5) the model was run on."""
    _, truth, summary = load(name)
    checked = 0
    for layer in rows(summary):
        real = truth["shapes"].get(layer.name)
        if real is None:  # not called in forward (T5's `shared` is called as embed_tokens)
            continue
        shape = layer.output_shape
        assert len(shape) == len(real), layer.name
        assert all(mine is None or mine == theirs for mine, theirs in zip(shape, real)), (layer.name, shape, real)
        assert shape[0] is None or shape[0] == real[0] == 1, layer.name  # the batch axis, but rotary's 1
        checked += 1
    assert checked >= len([r for r in rows(summary) if r.type != "Parameter"]) - 1


PUBLISHED = {  # totals announced for these checkpoints
    "bert_base_model": 109_482_240, "gpt2": 124_439_808, "llama2_7b": 6_738_415_616,
    "vit_base_patch16_224": 86_567_656, "t5_small": 60_506_624,
}


@pytest.mark.parametrize("name,total", PUBLISHED.items())
def test_published_totals(name, total):
    assert load(name)[2].totals.params == total


def test_tied_head_shows_as_linear_with_zero_params_and_a_note():
    summary = load("qwen2_tiny")[2]
    head = summary.layers[-1]
    assert (head.name, head.type, head.params, head.output_shape) == ("lm_head", "Linear", 0, (None, None, 99))
    assert "model.embed_tokens.weight" in head.note


def test_row_formula_evaluates_to_params():
    summary = load("llama_tiny_bias")[2]
    for layer in rows(summary):
        assert eval(layer.formula.replace("×", "*")) == layer.params  # noqa: S307 (digits and operators only)


def test_checkpoint_dtype_sizes_the_bytes():
    summary = load("llama2_7b")[2]
    assert summary.dtype == "float16"
    assert summary.totals.bytes == 2 * 6_738_415_616


def test_sample_configs_read():
    bert = paramsum.summarize(ROOT / "sample_configs" / "hf_bert_base_config.json")
    assert bert.totals.params == 109_514_298
    llama = paramsum.summarize(ROOT / "sample_configs" / "hf_llama_config.json")
    assert llama.totals.params == 6_738_415_616


ODD_SIZES = [  # transformers builds these (head_dim rounds down, num_labels wins over id2label)
    ({"model_type": "mistral", "hidden_size": 100, "num_attention_heads": 8, "num_hidden_layers": 1}, 7_539_500),
    ({"model_type": "qwen2", "hidden_size": 100, "num_attention_heads": 8, "num_hidden_layers": 1}, 21_895_564),
    ({"model_type": "vit", "hidden_size": 100, "num_attention_heads": 8, "num_hidden_layers": 1}, 763_760),
    ({"model_type": "t5", "d_model": 100, "num_heads": 8, "num_layers": 1}, 4_647_612),
    ({"model_type": "llama", "num_key_value_heads": 5}, 5_701_373_952),
    ({"model_type": "bert", "architectures": ["BertForSequenceClassification"], "id2label": {"0": "a"},
      "num_labels": 3}, 109_484_547),
]


@pytest.mark.parametrize("config,total", ODD_SIZES)
def test_odd_sizes_as_transformers_builds_them(config, total):
    """Totals printed by transformers (meta device) for these configs."""
    assert paramsum.summarize(config).totals.params == total


DEFAULT_MODELS = {  # AutoModel.from_config(AutoConfig.for_model(model_type)), on the meta device
    "bert": 109_482_240, "roberta": 124_644_864, "distilbert": 66_362_880, "gpt2": 124_439_808,
    "llama": 6_607_343_616, "mistral": 7_110_660_096, "qwen2": 11_427_516_416, "t5": 60_506_624, "vit": 86_389_248,
}


@pytest.mark.parametrize("model_type,total", DEFAULT_MODELS.items())
def test_missing_fields_take_the_config_class_defaults(model_type, total):
    assert paramsum.summarize({"model_type": model_type}).totals.params == total


def test_model_type_from_the_architecture_of_an_old_config():
    assert paramsum.summarize({"architectures": ["GPT2LMHeadModel"]}).totals.params == 124_439_808


# -- refusals -------------------------------------------------------------------------------------

REFUSALS = [
    ({"model_type": "nonesuch"}, "model_type 'nonesuch' is not supported; supported: "),
    ({"model_type": "Bert"}, "did you mean 'bert'?"),
    ({"model_type": "lama"}, "did you mean 'llama'?"),
    # A real architecture of a similar spelling is another model: never suggested for it.
    ({"model_type": "bark"}, "model_type 'bark' is a transformers architecture paramsum does not read yet"),
    ({"model_type": "mistrall"}, "(did you mean 'mistral'?)"),
    ({"model_type": "xlnett"}, "('xlnet' is a transformers model type paramsum does not read yet)"),
    ({"model_type": "llama", "architectures": ["LlamaForCasualLM"]}, "did you mean 'LlamaForCausalLM'?"),
    ({"model_type": "bert", "architectures": ["GPT2LMHeadModel"]},
     "architecture 'GPT2LMHeadModel' is not supported for model_type 'bert'"),
    ({"model_type": "bert", "architectures": "BertModel"}, "architectures: expected a list of class names"),
    ({"architectures": ["FooModel"]}, "config has no model_type and architecture 'FooModel'"),
    ({"model_type": "bert", "hidden_size": -768},
     "hidden_size: expected a positive integer; received: hidden_size=-768"),
    ({"model_type": "bert", "num_hidden_layers": "12"}, "num_hidden_layers: expected a non-negative integer"),
    ({"model_type": "gpt2", "n_embd": 100}, "n_embd must be divisible by n_head; received: n_embd=100, n_head=12"),
    ({"model_type": "gpt2", "hidden_size": 100}, "n_embd must be divisible by n_head"),
    ({"model_type": "gpt2", "n_embd": "768"}, "n_embd: expected a positive integer; received: n_embd='768'"),
    ({"model_type": "t5", "d_model": 0}, "d_model: expected a positive integer; received: d_model=0"),
    ({"model_type": "bert", "hidden_size": 100}, "hidden_size must be divisible by num_attention_heads"),
    ({"model_type": "distilbert", "dim": 100}, "dim must be divisible by n_heads"),
    ({"model_type": "llama", "hidden_size": 100, "num_attention_heads": 8},
     "hidden_size must be divisible by num_attention_heads"),
    ({"model_type": "roberta", "hidden_size": 100, "num_attention_heads": 8},
     "hidden_size must be divisible by num_attention_heads"),
    ({"model_type": "bert", "architectures": ["BertForSequenceClassification"], "num_labels": -1},
     "num_labels: expected a non-negative integer; received: num_labels=-1"),
    ({"model_type": "bert", "tie_word_embeddings": "yes"}, "tie_word_embeddings: expected true or false"),
    ({"model_type": "t5", "feed_forward_proj": "gelu-new-x"}, "feed_forward_proj: expected an activation name"),
    ({"model_type": "vit", "image_size": 0}, "image_size: expected a positive integer; received: image_size=0"),
    ({"model_type": ["bert"]}, "model_type: expected a name such as 'bert'; received: model_type=['bert']"),
    ({"model_type": "llama", "num_hidden_layers": 10**9},
     "num_hidden_layers=1,000,000,000: past paramsum's limit MAX_REPEATS"),
    ({"model_type": "bert", "add_cross_attention": True}, "add_cross_attention=true needs is_decoder=true"),
    ({"model_type": "distilbert", "architectures": ["DistilBertForQuestionAnswering"], "num_labels": 3},
     "DistilBertForQuestionAnswering needs num_labels=2"),
]


@pytest.mark.parametrize("config,message", REFUSALS, ids=[m[:40] for _, m in REFUSALS])
def test_refusals_name_the_field(config, message):
    with pytest.raises(ParamsumError) as error:
        paramsum.summarize(config, source="config.json")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_cli_exit_2_one_line(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"model_type": "nonesuch"}))
    process = subprocess.run([sys.executable, "-m", "paramsum", str(path)], capture_output=True, text=True)
    assert process.returncode == 2 and not process.stdout
    assert len(process.stderr.strip().splitlines()) == 1 and "nonesuch" in process.stderr


# -- the JSON path stays lean and fast --------------------------------------------------------------


def test_json_output_never_imports_rich_and_says_huggingface():
    code = (
        "import sys\n"
        "from paramsum.cli import main\n"
        "try:\n"
        "    main(['--format', 'json', 'sample_configs/hf_bert_base_config.json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('RICH:' + ','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    process = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert process.stderr.splitlines()[-1] == "RICH:"
    doc = json.loads(process.stdout)
    assert (doc["format"], doc["framework"], doc["totals"]["params"]) == ("huggingface", "pytorch", 109_514_298)


def test_torch_catalog_stays_torch_nn():
    load("bert_tiny")
    assert not {"Block", "Attention", "Experts", "HFLinear"} & set(catalog("pytorch"))


def test_no_look_alike_is_suggested_for_a_real_architecture():
    """mixtral is not a misspelt mistral, nor albert or bart a misspelt bert: no 'did you mean'."""
    from paramsum.formats.huggingface import model_types
    from paramsum.formats.huggingface.known_types import TRANSFORMERS_MODEL_TYPES

    supported = set(model_types())
    others = sorted(TRANSFORMERS_MODEL_TYPES - supported)
    assert len(others) > 500
    for model_type in others:
        with pytest.raises(ParamsumError) as error:
            paramsum.summarize({"model_type": model_type}, source="config.json")
        assert "did you mean" not in str(error.value), model_type
        assert "paramsum does not read yet" in str(error.value), model_type


def test_block_row_names_each_part_in_its_formula():
    """Where 202,383,360 comes from: each submodule of the decoder layer named once."""
    layer = next(row for row in load("llama2_7b")[2].layers if row.name == "model.layers.0")
    assert layer.params == 202_383_360
    assert layer.labelled_formula == ("q/k/v 3 × (32 × 128) × 4096 + o 4096 × (32 × 128) + gate/up 2 × 11008 × 4096"
                                      " + down 4096 × 11008 + norms 2 × 4096")
    gqa = next(row for row in load("llama3_8b")[2].layers if row.name == "model.layers.0")
    assert gqa.labelled_formula.startswith("q (32 × 128) × 4096 + k/v 2 × (8 × 128) × 4096 + o ")
    biased = next(row for row in load("llama_tiny_bias")[2].layers if row.name == "model.layers.0")
    assert biased.labelled_formula.startswith("q ((4 × 16) × 32 + 4 × 16) + k/v 2 × ((2 × 16) × 32 + 2 × 16)")
    for row in (layer, gqa, biased):
        plain = row.labelled_formula
        for label in ("q/k/v ", "q ", "k/v ", "o ", "gate/up ", "down ", "norms "):
            plain = plain.replace(label, "")
        assert eval(plain.replace("×", "*")) == row.params  # noqa: S307 (digits and operators only)


def test_parts_in_a_pytorch_model_file_are_the_transformers_modules():
    """The shared parts are layer types of their own: a Block of Llama's parts in a native file is LlamaDecoderLayer."""
    doc = {"framework": "pytorch", "input": [7, 32], "layers": [{
        "name": "model.layers.0", "type": "Block", "module": "LlamaDecoderLayer", "hidden_size": 32, "parts": [
            {"name": "self_attn", "type": "Attention", "hidden_size": 32, "num_attention_heads": 4,
             "num_key_value_heads": 2},
            {"name": "mlp", "type": "MLP", "hidden_size": 32, "intermediate_size": 37, "gated": True},
            {"name": "input_layernorm", "type": "Norm", "hidden_size": 32},
            {"name": "post_attention_layernorm", "type": "Norm", "hidden_size": 32}]}]}
    summary = paramsum.summarize(doc)
    truth = json.loads((FIXTURES / "llama_tiny.truth.json").read_text())
    expected = [(n, s) for n, s, _ in truth["parameters"] if n.startswith("model.layers.0.")]
    layer = summary.layers[-1]
    assert (layer.type, layer.output_shape) == ("LlamaDecoderLayer", (None, 7, 32))
    assert [(f"{layer.name}.{w.name}", list(w.shape)) for w in layer.weights] == expected


def test_every_hugging_face_layer_module_is_reachable_and_one_name_is_one_type():
    """Each module is listed for lookup (EXTENSIONS); importing them all declares no type twice."""
    import importlib

    from paramsum.layers import EXTENSIONS

    package = ROOT / "paramsum" / "layers" / "huggingface"
    listed = EXTENSIONS["pytorch"]["huggingface"]
    assert sorted(listed) == sorted(f"paramsum.layers.huggingface.{p.stem}" for p in package.glob("*.py")
                                    if p.stem != "__init__")
    for module in listed:
        importlib.import_module(module)  # a second declaration of a name raises TypeError


def test_a_llama_config_imports_only_the_shared_parts():
    code = ("import sys, paramsum\n"
            "paramsum.summarize('tests/fixtures/huggingface/llama2_7b.config.json')\n"
            "print(sorted(m for m in sys.modules if m.startswith('paramsum.layers.huggingface.')))\n")
    process = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert process.stdout.split() == ["['paramsum.layers.huggingface.common',", "'paramsum.layers.huggingface.parts']"]


@pytest.mark.parametrize("fixture,changes,message", [
    ("siglip_vision_tiny_no_head", {"architectures": "x"}, "architectures: expected a list of class names"),
    ("cohere_tiny_model", {"hidden_size": 10**400},
     "hidden_size: past paramsum's limit MAX_SIZE = 2**48, the most any one size may be (see docs/limits.md); "
     "received: hidden_size=an integer of about 401 digits"),
    ("llama_tiny", {"vocab_size": 2**60}, "vocab_size: past paramsum's limit MAX_SIZE"),
    ("modernbert_tiny_choice", {"num_hidden_layers": None}, "num_hidden_layers: expected a non-negative integer"),
    ("modernbert_base", {"num_hidden_layers": 10**12}, ": past paramsum's limit MAX_REPEATS = 10,000"),
    ("deberta_v2_tiny_c2p_token", {"pos_att_type": 5}, "pos_att_type: expected a list such as"),
    ("qwen3_moe_tiny", {"mlp_only_layers": 3}, "mlp_only_layers: expected a list of layer indices"),
    ("convnext_tiny_backbone", {"num_stages": 1}, "out_features names 'stage2', but the model builds 1 stage(s)"),
    ("qwen2_moe_57b_a14b", {"max_window_layers": "x"}, "max_window_layers: expected a non-negative integer"),
    ("qwen2_moe_57b_a14b", {"use_sliding_window": "yes"}, "use_sliding_window: expected true or false"),
    ("gemma3_text_tiny", {"sliding_window_pattern": 0}, "sliding_window_pattern: expected a positive integer"),
    ("gemma3_text_tiny", {"sliding_window": "4k"}, "sliding_window: expected a non-negative integer"),
    ("mistral_tiny", {"layer_types": ["sliding_attention"]}, "layer_types: expected a list of 2 layer types"),
    ("wav2vec2_tiny_xvector", {"tdnn_kernel": [3, 1]}, "received lengths 3, 2, 3 (tdnn_dim, tdnn_kernel, "
                                                       "tdnn_dilation)"),
])
def test_mutated_configs_are_one_line_errors(fixture, changes, message):
    """Found by mutating the fixtures: each was a traceback or minutes of work before."""
    data = {**json.loads((FIXTURES / f"{fixture}.config.json").read_text()), **changes}
    with pytest.raises(ParamsumError) as error:
        paramsum.summarize(data, source="config.json")
    assert message in str(error.value) and "\n" not in str(error.value)


def test_an_empty_architectures_list_is_the_base_model():
    data = {**json.loads((FIXTURES / "llama_tiny_model.config.json").read_text()), "architectures": []}
    assert paramsum.summarize(data).name == "LlamaModel"
