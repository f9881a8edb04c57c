"""Every `$ paramsum …` example in the README and in docs/*.md prints what the page shows.

The pages' outputs are real: this test runs each example command (as a pipe would,
so tables are plain) and compares stdout and stderr with the lines under it. Blocks
with an elision (…) and commands with a shell pipe are skipped. After a change of
output, PARAMSUM_REGEN_README=1 rewrites the example outputs of every page.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def code_blocks(text):
    """The fenced blocks of a Markdown text, as lists of lines (``` and ```` fences)."""
    block, fence = None, None
    for line in text.splitlines():
        match = re.fullmatch(r"(`{3,})\w*", line)
        if block is None and match:
            block, fence = [], match.group(1)
        elif block is not None and line == fence:
            yield block
            block = None
        elif block is not None:
            block.append(line)


def examples(page):
    for lines in code_blocks(page.read_text()):
        if any("…" in line for line in lines):
            continue
        for index, line in enumerate(lines):
            if not line.startswith("$ paramsum"):
                continue
            output = []
            for follow in lines[index + 1:]:
                if follow.startswith("$ "):
                    break
                output.append(follow)
            yield line[2:], output


EXAMPLES = [(page, *e) for page in PAGES for e in examples(page) if "|" not in e[0]]


def run(command):
    args = shlex.split(command)
    quiet_stdout = args[-2:] == [">", "/dev/null"]
    args = args[:-2] if quiet_stdout else args
    result = subprocess.run([sys.executable, "-m", "paramsum", *args[1:]], cwd=ROOT, capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin", "COLUMNS": "80"})
    printed = ("" if quiet_stdout else result.stdout) + result.stderr
    return printed.rstrip("\n").splitlines()


@pytest.mark.parametrize("page,command,expected", EXAMPLES,
                         ids=[f"{e[0].relative_to(ROOT)}: {e[1]}" for e in EXAMPLES])
def test_readme_example(page, command, expected):
    if os.environ.get("PARAMSUM_REGEN_README") and run(command) != expected:
        old = "\n".join([f"$ {command}", *expected]) + "\n"
        new = "\n".join([f"$ {command}", *run(command)]) + "\n"
        page.write_text(page.read_text().replace(old, new, 1))
    assert run(command) == expected


def test_there_are_examples():
    assert len(EXAMPLES) >= 15
    assert len([e for e in EXAMPLES if e[0].name == "README.md"]) >= 5
