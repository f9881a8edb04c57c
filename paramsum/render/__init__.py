"""Render summaries. `table` needs rich (imported only there); the others are plain text."""

from __future__ import annotations

FORMATS = ("table", "json", "csv", "markdown")


def render(summaries, fmt, **options):
    """Text for one or several summaries in a machine format (everything but `table`)."""
    from . import text

    return {"json": text.to_json, "csv": text.to_csv, "markdown": text.to_markdown}[fmt](summaries, **options)
