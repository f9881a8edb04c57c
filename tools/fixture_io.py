"""How every tool writes its fixtures, or with --check compares them with what is on disk."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_or_check(files, check, tool):
    """`files`: {path: text or bytes}. With `check`, exit 1 naming the files that are out of date (nothing is
    written); else write them all. `tool`: the script's name, for the message."""
    stale = [path for path, content in files.items() if not path.exists() or _read(path, content) != content]
    if check:
        if stale:
            sys.exit(f"out of date: {', '.join(_shown(path) for path in stale)} (run python tools/{tool})")
        print(f"{len(files)} file(s) up to date")
        return
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    print(f"wrote {len(files)} file(s): {', '.join(_shown(path) for path in files)}"[:400])


def _read(path, content):
    return path.read_bytes() if isinstance(content, bytes) else path.read_text()


def _shown(path):
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
