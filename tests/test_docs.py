"""The README and docs/ document every option, layer type and model type; CHANGELOG keeps 'Unreleased' on top."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paramsum.cli import diff, main, summary_command
from paramsum.layers import catalog

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
DOCS = ROOT / "docs"
CLI_DOC = (DOCS / "cli.md").read_text()
LAYERS_DOC = (DOCS / "layers.md").read_text()
FORMATS_DOC = (DOCS / "formats.md").read_text()


def _options(command):
    return sorted({opt for param in command.params for opt in param.opts if opt.startswith("--")})


@pytest.mark.parametrize("option", sorted(set(_options(summary_command) + _options(diff))))
def test_every_option_is_in_the_cli_reference(option):
    assert f"`{option}" in CLI_DOC


@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_every_layer_type_is_in_the_layer_list(framework):
    words = set(re.findall(r"[\w.]+", LAYERS_DOC))
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
    """The rows of docs/formats.md's table of Hugging Face model types: (type, classes, fixture, count)."""
    section = FORMATS_DOC.split("### Supported model types", 1)[1].split("\n#", 1)[0]
    pattern = r"(?m)^\| `([\w-]+)` \| ([^|]+) \| [^|]*\(`(\w+)`\) \| ([\d,]+) \|$"
    return [(t, c.strip(), f, int(n.replace(",", ""))) for t, c, f, n in re.findall(pattern, section)]


def test_the_docs_list_every_hugging_face_model_type_with_its_classes():
    from paramsum.formats.huggingface import model_types
    from paramsum.formats.huggingface.families import load_family

    rows = _supported_table()
    assert [row[0] for row in rows] == model_types()
    for model_type, classes, _, _ in rows:
        family = load_family(model_type)
        expected = [name[len(family.prefix):] if name.startswith(family.prefix) else name
                    for name in family.architectures]
        assert classes == ", ".join(f"`{name}`" for name in expected), model_type


def test_the_docs_example_counts_are_paramsum_and_transformers():
    import json

    import paramsum

    fixtures = ROOT / "tests" / "fixtures" / "huggingface"
    for model_type, _, fixture, count in _supported_table():
        truth = json.loads((fixtures / f"{fixture}.truth.json").read_text())
        config = json.loads((fixtures / f"{fixture}.config.json").read_text())
        assert config.get("model_type") == model_type, fixture
        assert truth["total"] == count == paramsum.summarize(fixtures / f"{fixture}.config.json").totals.params


# The README a newcomer reads: short, narrow, and a map of docs/.

PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
TABLE_LINE = re.compile(r"^\s*[|│┃┏┡├└┗┣]")


def test_the_readme_is_short():
    assert len(README.encode()) < 20_000


def test_no_readme_table_is_wider_than_100_columns():
    """Markdown tables and drawn tables in example outputs alike: nothing scrolls sideways."""
    wide = [line for line in README.splitlines() if TABLE_LINE.match(line) and len(line) > 100]
    assert wide == []


def test_the_readme_links_every_docs_page():
    linked = set(re.findall(r"\(docs/([\w-]+\.md)[)#]", README)) | set(re.findall(r"\]: docs/([\w-]+\.md)", README))
    assert linked == {page.name for page in DOCS.glob("*.md")}


def _slug(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _headings(page):
    text = re.sub(r"(?ms)^(`{3,}).*?^\1$", "", page.read_text())  # not the '# …' lines inside code
    return {_slug(h) for h in re.findall(r"(?m)^#{1,6} (.+)$", text)}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_resolves(page):
    broken = []
    text = page.read_text()
    for target in re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r"(?m)^\[[\w-]+\]: (\S+)$", text):
        if re.match(r"\w+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists() or (anchor and file.suffix == ".md" and anchor not in _headings(file)):
            broken.append(target)
    assert broken == []


# --help says what the code accepts.

def _help(*args):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, [*args, "--help"], terminal_width=2000)
    assert result.exit_code == 0
    return " ".join(result.output.split())


@pytest.mark.parametrize("command", [[], ["diff"]], ids=["paramsum", "diff"])
def test_help_lists_exactly_the_dtypes_the_code_accepts(command):
    import paramsum
    from paramsum.summary import DTYPE_BYTES

    listed = re.search(r"--dtype DTYPE Element type for the byte figures, one of ([\w, ]+?) \(", _help(*command))
    names = listed.group(1).split(", ")
    assert sorted(names) == sorted(DTYPE_BYTES)
    documented = re.search(r"(?m)^\| `--dtype DTYPE` \| [^|]*?: (`[\w`, ]+`) \|$", CLI_DOC).group(1)
    assert documented == ", ".join(f"`{name}`" for name in names)
    for name in names:
        assert paramsum.summarize(ROOT / "sample_configs" / "mnist.yaml", dtype=name).totals.params == 7850


@pytest.mark.parametrize("command", [[], ["diff"]], ids=["paramsum", "diff"])
def test_help_tells_the_number_syntax_the_code_accepts(command):
    from paramsum.numbers import parse_count

    text = _help(*command)
    syntax = re.search(r"N is a whole number written (.+?) \((.+?)\)\.", text)
    examples = re.split(r", | or ", syntax.group(1))
    assert examples == ["7850", "7_850", "7.85K", "10M", "1.5B", "1e6"]
    assert [parse_count(e) for e in examples] == [7850, 7850, 7850, 10**7, 1_500_000_000, 10**6]
    scales = {}
    for part in syntax.group(2).split(", "):
        letters, power = re.fullmatch(r"(.+) = 10\^(\d+)", part).groups()
        scales.update({letter: 10 ** int(power) for letter in letters.split(" or ")})
    accepted = {}
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        try:
            accepted[letter] = parse_count(f"1{letter}")
        except ValueError:
            pass
    assert accepted == scales
    for page in (README, CLI_DOC):  # the docs tell the same syntax
        assert "`7850`, `7_850`, `7.85K`, `10M`, `1.5B`, `1e6`" in page
        assert "(K = 10³, M = 10⁶, B or G = 10⁹, T = 10¹²)" in page


def test_diff_help_says_total_is_the_change():
    assert "--total Print only the change of the total parameter count, AFTER minus BEFORE" in _help("diff")
    assert "--total Print only the total parameter count" in _help()


def test_docs_list_every_limit_with_its_value():
    from paramsum import limits

    rows = {line.split("|")[1].strip(" `"): line.split("|")[2].strip()
            for line in (ROOT / "docs" / "limits.md").read_text().splitlines() if line.startswith("| `MAX_")}
    assert rows == {limit.name: limit.shown for limit in limits.ALL}
