"""A model diff as JSON, CSV and Markdown: plain text, no rich."""

from __future__ import annotations

import csv
import io

from .. import diff
from ..diff import ADDED, CHANGED, NAME, REMOVED, TOTALS
from ..escape import json_printable, printable
from .text import _md, _number, readable_bytes, shape_json, shape_text, unknown_line

TOTAL_LABELS = {
    "params": "Total params",
    "trainable_params": "Trainable params",
    "non_trainable_params": "Non-trainable params",
}


# -- cells shared by the table, Markdown and CSV ---------------------------------------------


def before_after(old, new, show=str):
    """'a → b' when the two differ, else just the value (one side only for added/removed)."""
    if old is None:
        return show(new)
    if new is None:
        return show(old)
    return show(new) if old == new else f"{show(old)} → {show(new)}"


def shape_cell(change):
    old, new = change.before, change.after
    return before_after(old and shape_text(old.output_shape), new and shape_text(new.output_shape))


def type_cell(change):
    return before_after(change.before and change.before.type, change.after and change.after.type)


def params_cell(change):
    """'7,850 → 15,700 (+7,850)'; a change of the trainable split only is told too."""
    old, new = change.before, change.after
    if change.status != CHANGED:
        return f"{(old or new).params:,}"
    text = before_after(old.params, new.params, "{:,}".format)
    if old.params != new.params:
        text += f" ({new.params - old.params:+,})"
    if "non_trainable_params" in change.fields:
        text += f", non-trainable {old.non_trainable_params:,} → {new.non_trainable_params:,}"
    return text


def name_cell(change):
    """'dense_3 (Dense)'; a pair under two names as 'dense_1 → dense_3 (Dense)'."""
    name = f"{change.renamed} → {change.name}" if change.renamed else change.name
    return f"{name} ({type_cell(change)})"


def dtype_label(summary):
    """The dtype(s) a model's byte figures are counted at: 'float32', or 'float32 + float16' when mixed."""
    stored = list(summary.bytes_by_dtype())
    return " + ".join(stored) if stored else summary.dtype


MARKS = {ADDED: "+", REMOVED: "-", CHANGED: "~"}


def footer_lines(model_diff):
    """'Total params: 7,850 → 15,700 (+7,850, +100.0%)' and friends, then the size."""
    lines = []
    for total, label in TOTAL_LABELS.items():
        old, new = getattr(model_diff.before.totals, total), getattr(model_diff.after.totals, total)
        lines.append(f"{label}: {_change(old, new)}")
    old, new = model_diff.before.totals.flops, model_diff.after.totals.flops
    if old is not None and new is not None:
        lines.append(f"Forward FLOPs: {_change(old, new)}")
    lines.append(f"Size: {_sides(model_diff, lambda s: s.totals.bytes, readable_bytes)}")
    kv = kv_line(model_diff)
    if kv:
        lines.append(kv)
    for side, summary in (("before", model_diff.before), ("after", model_diff.after)):
        if summary.unknown_layers:
            lines.append(f"{unknown_line(summary.unknown_layers)} ({side})")
    counts = [f"{sum(c.status == s for c in model_diff.changes)} {s}" for s in (ADDED, REMOVED, CHANGED)]
    renamed = f" ({model_diff.renamed} under other names)" if model_diff.renamed else ""
    lines.append(f"Layers: {', '.join(counts)}, {model_diff.unchanged} unchanged{renamed}")
    if model_diff.matched_by == NAME:
        why = "--by-name" if model_diff.by_name else \
            f"too long to align by structure: more than {diff.MAX_ALIGN_CELLS:,} pairs of layers to weigh"
        lines.append(f"Layers matched: by name ({why})")
    return lines


def _sides(model_diff, value, show):
    """'30.66 KB (float32)', '99.41 KB → 30.66 KB (float32)', or each side's dtype when they differ:
    '30.66 KB (float32) → 15.33 KB (float16)'."""
    sides = model_diff.before, model_diff.after
    (old, new), (old_dtype, new_dtype) = (show(value(s)) for s in sides), (dtype_label(s) for s in sides)
    if old_dtype != new_dtype:
        return f"{old} ({old_dtype}) → {new} ({new_dtype})"
    return f"{new} ({new_dtype})" if old == new else f"{old} → {new} ({new_dtype})"


def kv_line(model_diff):
    """'KV cache: 64.00 MB (bfloat16) → 128.00 MB (bfloat16)' when either side is a decoder, else None."""
    from ..memory import kv_cache

    sides = [model_diff.before, model_diff.after]
    if all(s.decoder is None for s in sides):
        return None
    texts = []
    for summary in sides:
        kv_bytes, _ = kv_cache(summary)
        texts.append("none" if summary.decoder is None else "unknown" if kv_bytes is None else
                     f"{readable_bytes(kv_bytes)} ({kv_bytes:,} B at {summary.dtype})")
    compute = model_diff.after.compute
    sizes = f"{compute.seq_len} tokens × batch {compute.batch_size}"
    change = f"{texts[1]} (unchanged)" if texts[0] == texts[1] else f"{texts[0]} → {texts[1]}"
    return f"KV cache: {change}; {sizes}"


def _change(old, new):
    if old == new:
        return f"{new:,} (unchanged)"
    delta = new - old
    share = f", {delta / old:+.1%}" if old and abs(delta) < abs(old) * 10**300 else ""
    return f"{old:,} → {new:,} ({delta:+,}{share})"


def title(model_diff):
    return f'Diff: "{model_diff.before.name}" ({model_diff.before.source}) → "{model_diff.after.name}" ' \
           f"({model_diff.after.source})"


# -- JSON --------------------------------------------------------------------------------------


def _facts(layer):
    return {
        "type": layer.type,
        "output_shape": shape_json(layer.output_shape),
        "params": layer.params,
        "trainable_params": layer.trainable_params,
        "non_trainable_params": layer.non_trainable_params,
        "formula": layer.formula,
    }


def change_json(change):
    entry = {"name": change.name, "status": change.status}
    if change.renamed:
        entry["name_before"] = change.renamed
    if change.status == CHANGED:
        entry["changed"] = list(change.fields)
    if change.before is not None:
        entry["before"] = _facts(change.before)
    if change.after is not None:
        entry["after"] = _facts(change.after)
    if change.status == CHANGED:
        entry["params_delta"] = change.after.params - change.before.params
    return entry


def _model_json(summary):
    totals = {total: _number(getattr(summary.totals, total)) for total in TOTALS}
    entry = {"name": summary.name, "source": summary.source, "dtype": summary.dtype, "totals": totals}
    if summary.decoder is not None:
        from ..memory import kv_cache

        entry["kv_cache_bytes"] = kv_cache(summary)[0]
    return entry


def diff_json(model_diff):
    return {
        "before": _model_json(model_diff.before),
        "after": _model_json(model_diff.after),
        "layers": [change_json(c) for c in model_diff.changes],
        "unchanged_layers": model_diff.unchanged,
        "renamed_layers": model_diff.renamed,
        "matched_by": model_diff.matched_by,
        "delta": {total: _number(model_diff.delta(total)) for total in TOTALS},
    }


def to_json(model_diff, **_):
    from .json_text import dumps

    return json_printable(dumps(diff_json(model_diff))) + "\n"


# -- CSV ---------------------------------------------------------------------------------------

CSV_COLUMNS = ("status", "layer", "type_before", "type_after", "output_shape_before", "output_shape_after",
               "params_before", "params_after", "params_delta", "layer_before")


def csv_rows(model_diff):
    for change in model_diff.changes:
        old, new = change.before, change.after
        yield {
            "status": change.status,
            "layer": change.name,
            "type_before": old.type if old else "",
            "type_after": new.type if new else "",
            "output_shape_before": shape_text(old.output_shape) if old else "",
            "output_shape_after": shape_text(new.output_shape) if new else "",
            "params_before": old.params if old else 0,
            "params_after": new.params if new else 0,
            "params_delta": (new.params if new else 0) - (old.params if old else 0),
            "layer_before": change.renamed or "",
        }
    before, after = model_diff.before.totals.params, model_diff.after.totals.params
    yield {"status": "total", "layer": "", "params_before": before, "params_after": after,
           "params_delta": after - before}


def to_csv(model_diff, **_):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows({key: printable(value) if isinstance(value, str) else value for key, value in row.items()}
                     for row in csv_rows(model_diff))
    return out.getvalue()


# -- Markdown ----------------------------------------------------------------------------------


def to_markdown(model_diff, **_):
    lines = [f"### {_md(title(model_diff))}", ""]
    if model_diff.changes:
        lines += ["| | Layer (type) | Output Shape | Param # |", "|---|---|---|---:|"]
        for change in model_diff.changes:
            cells = [MARKS[change.status], name_cell(change), shape_cell(change), params_cell(change)]
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    else:
        lines.append("No layer changed.")
    lines.append("")
    lines += [f"- {_md(line)}" for line in footer_lines(model_diff)]
    return "\n".join(lines) + "\n"
