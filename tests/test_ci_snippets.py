"""The CI integration works as the README writes it: install line, GitHub Actions workflow, pre-commit hook."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
# pyproject's [project.urls] (read by hand: tomllib is Python 3.11+, paramsum supports 3.10).
REPOSITORY = re.search(r'(?ms)^\[project\.urls\]\n(?:.*\n)*?Repository = "([^"]+)"',
                       (ROOT / "pyproject.toml").read_text()).group(1)
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def _block(first_line):
    """The README's fenced block whose first line is `first_line`, as text."""
    match = re.search(rf"(?ms)^```\w*\n({re.escape(first_line)}\n.*?)^```$", README)
    assert match, first_line
    return match.group(1)


def test_one_repository_url_everywhere():
    assert REPOSITORY == "https://github.com/paramsum/paramsum"
    urls = set(re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", README))
    assert urls == {REPOSITORY}
    assert f'pip install "paramsum @ git+{REPOSITORY}"' in README
    assert "not on PyPI yet" in README
    assert not re.search(r"pip install '?paramsum(\[\w+\])?'?\s*$", README, re.M)  # no unpublished name


# pre-commit

def _matches(path, pattern):
    """As pre-commit selects files: the pattern searched in the path relative to the repository."""
    return re.search(pattern, path) is not None


MODEL_NAMES = ["net.paramsum.yaml", "models/net.paramsum.yml", "a/b/resnet.paramsum.json", "model.json",
               "web/tfjs/model.json", "export/resnet.keras"]
OTHER_NAMES = ["configs/train.yaml", "config/model.yaml", "models/net.yaml", "models/vocab.json", "package.json",
               "tsconfig.json", "mymodel.json", ".keras/keras.json", "models/model.json.bak", "paramsum.yaml"]


@pytest.mark.parametrize("path", MODEL_NAMES)
def test_the_hook_runs_on_files_named_as_models(path):
    assert _matches(path, HOOKS[0]["files"])


@pytest.mark.parametrize("path", OTHER_NAMES)
def test_the_hook_leaves_other_yaml_and_json_alone(path):
    assert not _matches(path, HOOKS[0]["files"])


def test_the_hook_pattern_is_the_one_the_readme_tells():
    for name in ("`*.paramsum.yaml`", "`*.paramsum.yml`", "`*.paramsum.json`", "`model.json`", "`*.keras`"):
        assert name in README


def test_the_readme_pre_commit_config_names_this_repository_and_hook():
    config = yaml.safe_load(_block("# .pre-commit-config.yaml"))
    (repo,) = config["repos"]
    assert repo["repo"] == REPOSITORY and repo["rev"] == "main"
    (hook,) = repo["hooks"]
    assert hook["id"] in {h["id"] for h in HOOKS}
    assert _matches("models/net.yaml", hook["files"]) and not _matches("configs/train.yaml", hook["files"])


# GitHub Actions

def _workflow():
    workflow = yaml.safe_load(_block("# .github/workflows/model-budget.yml"))
    return workflow, workflow["jobs"]["paramsum"]["steps"]


def test_the_workflow_is_a_valid_pull_request_workflow():
    workflow, steps = _workflow()
    assert workflow.get("on", workflow.get(True)) == "pull_request"  # YAML 1.1 reads a bare `on` as true
    assert workflow["jobs"]["paramsum"]["runs-on"] == "ubuntu-latest"
    for step in steps:
        assert ("uses" in step) != ("run" in step), step
        if "uses" in step:
            assert re.fullmatch(r"actions/(checkout|setup-python)@v\d+", step["uses"])
    assert [s["run"] for s in steps if "run" in s][0] == f'pip install "paramsum @ git+{REPOSITORY}"'


def _git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=ci", "-c", "user.email=ci@example.com", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.fixture
def pull_request(tmp_path):
    """A clone with origin/main and a branch that changes one model and adds one over its budget."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    origin, work = tmp_path / "origin", tmp_path / "work"
    (origin / "models").mkdir(parents=True)
    shutil.copy(ROOT / "sample_configs" / "mnist.yaml", origin / "models" / "net.yaml")
    shutil.copy(ROOT / "sample_configs" / "dense_514.yaml", origin / "models" / "wide.yaml")
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "models")
    _git(tmp_path, "clone", "-q", str(origin), str(work))
    _git(work, "checkout", "-qb", "feature")
    shutil.copy(ROOT / "tests" / "models" / "mnist_wide.yaml", work / "models" / "net.yaml")
    shutil.copy(ROOT / "tests" / "models" / "over_budget.yaml", work / "models" / "new.yaml")
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "change")
    # `paramsum` on PATH, as the workflow's pip install leaves it.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "paramsum").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m paramsum "$@"\n')
    (bin_dir / "paramsum").chmod(0o755)
    return work, bin_dir


def _run_step(step, work, bin_dir, summary):
    """One `run:` step as GitHub runs it: `bash -e`, the step's env, ${{ github.base_ref }} = main."""
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(work.parent), "GITHUB_STEP_SUMMARY": str(summary)}
    env.update({key: value.replace("${{ github.base_ref }}", "main") for key, value in step.get("env", {}).items()})
    script = step["run"].replace("${{ github.base_ref }}", "main")
    assert "${{" not in script
    return subprocess.run(["bash", "-e", "-c", script], cwd=work, env=env, capture_output=True, text=True)


def test_the_workflow_runs_as_written(pull_request, tmp_path):
    work, bin_dir = pull_request
    _, steps = _workflow()
    check, report = [s for s in steps if "run" in s][1:]
    summary = tmp_path / "summary.md"

    checked = _run_step(check, work, bin_dir, summary)
    assert checked.returncode == 1  # models/new.yaml is over its own budget: the pull request fails
    assert checked.stdout == ""
    assert checked.stderr.splitlines() == [
        "paramsum: models/new.yaml: 7,850 params exceed budget max_params 5K by 57.0%",
        "paramsum: models/new.yaml: 7,850 trainable params exceed budget max_trainable 7000 by 12.1%",
    ]

    assert report["if"] == "always()"
    reported = _run_step(report, work, bin_dir, summary)
    assert reported.returncode == 0, reported.stderr
    text = summary.read_text()
    headings = re.findall(r"(?m)^### (.+)$", text)
    assert headings == ["mnist_wide", "over_budget", "dense_514",
                        # '<' as an entity: GitHub would drop <stdin> as an unknown HTML tag
                        'Diff: "mnist_softmax" (&lt;stdin>) → "mnist_wide" (models/net.yaml)']
    assert "- Total params: 7,850 → 25,450 (+17,600, +224.2%)" in text


def test_the_workflow_fails_on_an_invalid_model(pull_request, tmp_path):
    work, bin_dir = pull_request
    (work / "models" / "new.yaml").write_text("layers: [{type: Desne}]\n")
    _, steps = _workflow()
    report = [s for s in steps if "run" in s][-1]
    reported = _run_step(report, work, bin_dir, tmp_path / "summary.md")
    assert reported.returncode != 0  # the step fails: only "over budget" (1) is let through
    assert reported.stderr.startswith("paramsum: models/new.yaml:1:1: the model needs an input shape")


def test_pre_commit_try_repo_is_documented():
    assert "pre-commit try-repo path/to/paramsum paramsum --all-files" in README
    assert os.path.exists(ROOT / ".pre-commit-hooks.yaml")
