"""Render summaries and diffs. `table` needs rich (imported only there); the others are plain text."""

from __future__ import annotations

FORMATS = ("table", "json", "csv", "markdown", "dot", "mermaid")


def render(summaries, fmt, **options):
    """Text for one or several summaries in a machine format (everything but `table`)."""
    if fmt in ("dot", "mermaid"):
        from . import graph

        return {"dot": graph.to_dot, "mermaid": graph.to_mermaid}[fmt](summaries, **options)
    from . import text

    return {"json": text.to_json, "csv": text.to_csv, "markdown": text.to_markdown}[fmt](summaries, **options)


def render_diff(model_diff, fmt, **options):
    """Text for a ModelDiff in a machine format (everything but `table`)."""
    if fmt in ("dot", "mermaid"):
        from . import graph

        return {"dot": graph.diff_to_dot, "mermaid": graph.diff_to_mermaid}[fmt](model_diff, **options)
    from . import diff_text

    return {"json": diff_text.to_json, "csv": diff_text.to_csv, "markdown": diff_text.to_markdown}[fmt](
        model_diff, **options
    )
