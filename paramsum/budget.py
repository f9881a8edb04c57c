"""Parameter budgets: which limits a summary exceeds, and by how much."""

from __future__ import annotations

from .numbers import parse_limit, readable_bytes

# budget key → (the Totals field it limits, how the message names the value)
LIMITS = {
    "max_params": ("params", "params"),
    "max_trainable": ("trainable_params", "trainable params"),
    "max_bytes": ("bytes", "bytes"),
    "max_flops": ("flops", "forward FLOPs"),
}


def violations(summary, limits, origin="option"):
    """One message per limit the summary exceeds.

    `limits` maps max_params/max_trainable/max_bytes to a number (a Count remembers how
    the user wrote it); `origin` is "option" for --max-params …, "file" for the model
    file's own `budget:` mapping.
    """
    messages = []
    for key, limit in limits.items():
        if limit is None:
            continue
        field, label = LIMITS[key]
        value = getattr(summary.totals, field)
        if value is None:  # FLOPs that depend on an unknown size: the limit cannot be checked
            messages.append(f"{label} unknown (a size is unknown: give --seq-len N); "
                            f"{_limit_name(key, origin)} {_written(key, limit)} cannot be checked")
        elif value > limit:
            if key == "max_bytes":  # in the table's unit too, as it prints the size
                messages.append(f"{_integer(value):,} bytes ({readable_bytes(value)}) as {summary.size_dtype} "
                                f"exceed {_limit_name(key, origin)} {_written(key, limit)} "
                                f"({readable_bytes(limit)}) by {_excess(value, limit)}")
                continue
            messages.append(f"{_integer(value):,} {label} exceed {_limit_name(key, origin)} "
                            f"{_written(key, limit)} by {_excess(value, limit)}")
    return messages


def file_violations(summary):
    """Messages for the limits in the model file's own `budget:` mapping."""
    return violations(summary, summary.budget, origin="file")


def _limit_name(key, origin):
    return f"--{key.replace('_', '-')}" if origin == "option" else f"budget {key}"


def _written(key, limit):
    return getattr(limit, "written", None) or str(parse_limit(key, limit).written)


def _integer(value):
    """Byte totals are fractional only for 4-bit types; round up, a half byte is still stored."""
    if isinstance(value, int):  # exact, whatever its size
        return value
    return int(value) if float(value).is_integer() else int(value) + 1


def _excess(value, limit):
    if not limit:
        return f"{_integer(value):,}"
    if value - limit > limit * 10**6:  # a ratio past a float's range is no use as a percentage: as an integer
        return f"{(value - limit) * 100 // limit:,}%"
    share = (value - limit) / limit
    return f"{share:.1%}" if share >= 0.001 else "<0.1%"
