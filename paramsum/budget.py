"""Parameter budgets: which limits a summary exceeds, and by how much."""

from __future__ import annotations

LIMITS = {
    "max_params": ("params", "params"),
    "max_trainable": ("trainable_params", "trainable params"),
    "max_bytes": ("bytes", "bytes"),
}


def violations(summary, limits, origin="--"):
    """One message per exceeded limit; `limits` maps max_params/… to (value, as written)."""
    messages = []
    for key, (limit, written) in limits.items():
        field, label = LIMITS[key]
        value = getattr(summary.totals, field)
        if value > limit:
            over = f"{(value - limit) / limit:.1%}" if limit else "∞"
            option = f"--{key.replace('_', '-')}" if origin == "--" else f"the file's budget {key}"
            messages.append(f"{int(value):,} {label} exceed {option} {written} by {over}")
    return messages


def file_limits(summary):
    return {key: (value, f"{value:,}") for key, value in summary.budget.items()}
