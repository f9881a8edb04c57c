"""Embedding and non-embedding params (Kaplan et al. 2020: non-embedding = total − embedding tables).

The truth for Hugging Face configs is transformers' num_parameters(exclude_embeddings=True), recorded by
tools/make_embedding_truth.py in tests/fixtures/embedding_params.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paramsum import summarize
from paramsum.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TRUTH = json.loads((FIXTURES / "embedding_params.json").read_text())["models"]


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, prog_name="paramsum")


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_embedding_params_are_transformers(name):
    totals = summarize(str(FIXTURES / "huggingface" / f"{name}.config.json")).totals
    assert (totals.params, totals.embedding_params) == (TRUTH[name]["total"], TRUTH[name]["embedding"])
    assert totals.non_embedding_params == totals.params - totals.embedding_params


def test_the_truth_has_tied_and_untied_heads_and_models_without_tables():
    assert TRUTH["bert_base_uncased"]["embedding"] == (30522 + 512 + 2) * 768
    assert any(t["embedding"] == 0 for t in TRUTH.values())  # vision models: a patch convolution, no table


@pytest.mark.parametrize("model, line", [
    ("sample_configs/hf_llama_config.json",  # untied head: lm_head is a matrix product, non-embedding
     " Embedding params: 131,072,000 · non-embedding: 6,607,343,616 (Kaplan et al. 2020: total − token and "
     "position embedding tables)"),
    ("sample_configs/text_lstm.yaml",  # Keras Embedding(20000, 128)
     " Embedding params: 2,560,000 · non-embedding: 114,533 (Kaplan et al. 2020: total − token and position "
     "embedding tables)"),
    ("sample_configs/torch_transformer_encoder.yaml",  # torch nn.Embedding(8000, 128)
     " Embedding params: 1,024,000 · non-embedding: 793,860 (Kaplan et al. 2020: total − token and position "
     "embedding tables)"),
])
def test_the_footer_splits_the_params_of_language_models(model, line):
    assert line in run(model).stdout.splitlines()


def test_no_line_without_an_embedding_table_and_json_always_has_the_figure():
    assert "Embedding params" not in run("sample_configs/mnist.yaml").stdout
    doc = json.loads(run("sample_configs/mnist.yaml", "--format", "json").stdout)
    assert doc["totals"]["embedding_params"] == 0
    doc = json.loads(run("sample_configs/text_lstm.yaml", "--format", "json").stdout)
    assert doc["totals"]["embedding_params"] == 2_560_000
