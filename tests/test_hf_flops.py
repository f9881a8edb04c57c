"""Forward FLOPs of the Hugging Face configs against torch's FlopCounterMode.

tests/fixtures/hf_flops.json is written by tools/make_hf_flops.py: every config of
tests/fixtures/huggingface/ run by transformers (eager attention and experts; the small ones
on the CPU, the published ones on the meta device) on a batch of 1 and the sequence length it
names (token inputs, an encoder-decoder's decoder inputs too), its total FLOPs and those of
every module that counts any; and the configs it cannot run, with the reason. Every row of paramsum's summary
that is a module of the model must count the same, and so must the total.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import paramsum

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCUMENT = json.loads((FIXTURES / "hf_flops.json").read_text())
FLOPS, NOT_RUN = DOCUMENT["configs"], DOCUMENT["not_run"]


def _summary(name):
    return paramsum.summarize(FIXTURES / "huggingface" / f"{name}.config.json", seq_len=FLOPS[name]["seq_len"])


def test_every_config_is_run_or_says_why_not():
    configs = {p.name[: -len(".config.json")] for p in (FIXTURES / "huggingface").glob("*.config.json")}
    assert set(FLOPS) | set(NOT_RUN) == configs and not set(FLOPS) & set(NOT_RUN)
    assert all(NOT_RUN.values())


@pytest.mark.parametrize("name", sorted(FLOPS))
def test_total_flops_are_flop_counter_modes(name):
    summary = _summary(name)
    assert summary.compute.batch_size == 1 and summary.compute.seq_len == FLOPS[name]["seq_len"]
    assert summary.totals.flops == FLOPS[name]["total"]


@pytest.mark.parametrize("name", sorted(FLOPS))
def test_row_flops_are_their_modules(name):
    truth = json.loads((FIXTURES / "huggingface" / f"{name}.truth.json").read_text())
    rows = {layer.name: layer.flops for layer in _summary(name).layers if layer.name in truth["modules"]}
    assert rows == {row: own_flops(FLOPS[name]["modules"], row, rows) for row in rows}


def own_flops(modules, row, rows):
    """A module's FLOPs but those of the modules inside it that are rows of their own (a model's encoder
    holds its layers)."""
    inner = [r for r in rows if r.startswith(row + ".")]
    outermost = [r for r in inner if not any(r.startswith(o + ".") for o in inner)]
    return modules.get(row, 0) - sum(modules.get(r, 0) for r in outermost)


# Whole decoders at 128 tokens: published configs (mixtures of experts cut to a few layers, as the
# fixture says), run whole by transformers.
LONG = DOCUMENT["long"]


def long_config(name):
    entry = LONG[name]
    config = entry["config"]
    config = json.loads((FIXTURES / "huggingface" / f"{config}.config.json").read_text()) if isinstance(
        config, str) else dict(config)
    if entry["num_hidden_layers"] is not None:
        config["num_hidden_layers"] = entry["num_hidden_layers"]
        if isinstance(config.get("layer_types"), list):
            config["layer_types"] = config["layer_types"][: entry["num_hidden_layers"]]
    return config


@pytest.mark.parametrize("name", sorted(LONG))
def test_whole_decoders_at_128_tokens_per_row_and_in_total(name):
    entry = LONG[name]
    assert entry["seq_len"] == 128
    summary = paramsum.summarize(long_config(name), source=name, seq_len=entry["seq_len"])
    assert summary.totals.flops == entry["total"]
    rows = {layer.name: layer.flops for layer in summary.layers if layer.type != "InputLayer"}
    assert rows == {row: own_flops(entry["modules"], row, rows) for row in rows}
    assert {row for row in rows if row in entry["modules"]} >= {"lm_head", "model.layers.0"}


def test_llama3_8b_at_128_tokens_through_the_cli():
    from click.testing import CliRunner

    from paramsum.cli import main

    result = CliRunner().invoke(main, [str(FIXTURES / "huggingface" / "llama3_8b.config.json"), "--seq-len", "128",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["totals"]["flops"] == LONG["llama3_8b"]["total"] == 1_929_782_493_184
