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
