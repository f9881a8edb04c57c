"""The README documents every option and every layer type; CHANGELOG keeps 'Unreleased' on top."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paramsum.cli import diff, main, summary_command
from paramsum.layers import catalog

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _options(command):
    return sorted({opt for param in command.params for opt in param.opts if opt.startswith("--")})


@pytest.mark.parametrize("option", sorted(set(_options(summary_command) + _options(diff))))
def test_every_option_is_in_the_readme(option):
    assert f"`{option}" in README


@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_every_layer_type_is_in_the_readme(framework):
    words = set(re.findall(r"[\w.]+", README))
    missing = []
    for cls in set(catalog(framework).values()):
        name = cls.__name__
        first_of_family = re.sub(r"[123]([Dd])", r"1\1", name, count=1)  # "Conv1D/2D/3D" lists Conv3D
        if name.startswith("ops.") or name in words or first_of_family in words:
            continue
        missing.append(name)
    assert sorted(missing) == []


def test_changelog_starts_with_unreleased():
    headings = re.findall(r"(?m)^## (.+)$", (ROOT / "CHANGELOG.md").read_text())
    assert headings and headings[0] == "Unreleased"


def test_the_readme_starts_with_two_setup_commands():
    block = re.search(r"```\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert block == ["pip install . && paramsum sample_configs/mnist.yaml",
                     "pip install '.[test]' && python -m pytest"]
    assert (ROOT / "sample_configs" / "mnist.yaml").exists()


def test_diff_is_documented():
    assert "paramsum diff" in README and main.get_command(None, "diff") is diff


def _supported_table():
    """The rows of the README's table of Hugging Face model types: (type, classes, fixture, count)."""
    section = README.split("### Supported model types", 1)[1].split("\n#", 1)[0]
    pattern = r"(?m)^\| `([\w-]+)` \| ([^|]+) \| [^|]*\(`(\w+)`\) \| ([\d,]+) \|$"
    return [(t, c.strip(), f, int(n.replace(",", ""))) for t, c, f, n in re.findall(pattern, section)]


def test_readme_lists_every_hugging_face_model_type_with_its_classes():
    from paramsum.formats.huggingface import model_types
    from paramsum.formats.huggingface.families import load_family

    rows = _supported_table()
    assert [row[0] for row in rows] == model_types()
    for model_type, classes, _, _ in rows:
        family = load_family(model_type)
        expected = [name[len(family.prefix):] if name.startswith(family.prefix) else name
                    for name in family.architectures]
        assert classes == ", ".join(f"`{name}`" for name in expected), model_type


def test_readme_example_counts_are_paramsum_and_transformers():
    import json

    import paramsum

    fixtures = ROOT / "tests" / "fixtures" / "huggingface"
    for model_type, _, fixture, count in _supported_table():
        truth = json.loads((fixtures / f"{fixture}.truth.json").read_text())
        config = json.loads((fixtures / f"{fixture}.config.json").read_text())
        assert config.get("model_type") == model_type, fixture
        assert truth["total"] == count == paramsum.summarize(fixtures / f"{fixture}.config.json").totals.params
