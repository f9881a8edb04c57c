"""JSON, CSV and Markdown output: plain text, no rich, for scripts and docs."""

from __future__ import annotations

import json

from ..summary import shape_text


def shape_json(shape):
    if isinstance(shape, list):
        return [shape_json(s) for s in shape]
    return list(shape)


def readable_bytes(size):
    """Keras' readable_memory_size: 31400 → '30.66 KB' (powers of 1024)."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _number(value):
    return int(value) if float(value).is_integer() else value


def weight_json(weight):
    entry = {"name": weight.name, "shape": [int(d) for d in weight.shape], "count": weight.count}
    if weight.buffer:
        if weight.dtype:
            entry["dtype"] = weight.dtype
    else:
        entry["trainable"] = weight.trainable
    return entry


def layer_json(layer, with_buffers, sparse=False):
    entry = {
        "name": layer.name,
        "type": layer.type,
        "inputs": layer.inbound_layers,
        "output_shape": shape_json(layer.output_shape),
        "params": layer.params,
        "trainable_params": layer.trainable_params,
        "non_trainable_params": layer.non_trainable_params,
    }
    if sparse:
        entry["active_params"] = layer.active_params
    entry["weights"] = [weight_json(w) for w in layer.weights]
    if with_buffers:
        entry["buffers"] = [weight_json(b) for b in layer.buffers]
    entry["formula"] = layer.formula
    if layer.calls > 1:
        entry["calls"] = layer.calls
    if layer.children:
        entry["layers"] = [layer_json(child, with_buffers) for child in layer.children]
    if layer.note:
        entry["note"] = layer.note
    return entry


def summary_json(summary):
    with_buffers = summary.framework == "pytorch" or any(layer.buffers for layer in summary.layers)
    totals = summary.totals
    doc = {
        "name": summary.name,
        "source": summary.source,
        "format": summary.format,
        "framework": summary.framework,
        "dtype": summary.dtype,
        "layers": [layer_json(layer, with_buffers, summary.sparse) for layer in summary.layers],
        "totals": {
            "params": totals.params,
            "trainable_params": totals.trainable_params,
            "non_trainable_params": totals.non_trainable_params,
            "bytes": _number(totals.bytes),
        },
    }
    if summary.sparse:
        doc["totals"]["active_params"] = totals.active_params
    if with_buffers:
        doc["totals"]["buffers"] = totals.buffers
        doc["totals"]["buffer_bytes"] = _number(totals.buffer_bytes)
    if summary.warnings:
        doc["warnings"] = list(summary.warnings)
    return doc


def to_json(summaries, **_):
    docs = [summary_json(s) for s in summaries]
    return json.dumps(docs[0] if len(docs) == 1 else docs, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("model", "layer", "type", "inputs", "output_shape", "params", "trainable_params",
               "non_trainable_params", "formula")


def rows(summary, sparse=False):
    for layer in summary.layers:
        row = {
            "model": summary.name,
            "layer": layer.name,
            "type": layer.type,
            "inputs": " ".join(ref.keras() for ref in layer.inputs),
            "output_shape": shape_text(layer.output_shape),
            "params": layer.params,
            "trainable_params": layer.trainable_params,
            "non_trainable_params": layer.non_trainable_params,
            "formula": layer.formula,
        }
        if sparse:
            row["active_params"] = layer.active_params
        yield row


def to_csv(summaries, **_):
    import csv  # only for this format
    import io

    out = io.StringIO()
    sparse = any(s.sparse for s in summaries)  # a mixture of experts: one more column, active_params
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS + (("active_params",) if sparse else ()),
                            lineterminator="\n")
    writer.writeheader()
    for summary in summaries:
        writer.writerows(rows(summary, sparse))
    return out.getvalue()


def footer_lines(summary):
    """The totals as Keras prints them: 'Total params: 7,850 (30.66 KB)'."""
    t = summary.totals
    lines = [
        f"Total params: {t.params:,} ({readable_bytes(t.bytes)})",
        f"Trainable params: {t.trainable_params:,} ({readable_bytes(t.trainable_bytes)})",
        f"Non-trainable params: {t.non_trainable_params:,} ({readable_bytes(t.non_trainable_bytes)})",
    ]
    if summary.framework == "pytorch" or t.buffers:
        lines.append(f"Buffers (not params): {t.buffers:,} ({readable_bytes(t.buffer_bytes)})")
    if summary.sparse:
        lines.append(f"Active params per token: {t.active_params:,} (routed top-k experts, shared experts, "
                     f"routers and everything outside the experts)")
    return lines


def _md(text):
    return str(text).replace("|", "\\|")


def to_markdown(summaries, **_):
    parts = []
    for summary in summaries:
        connected = not summary.chain
        head = ["Layer (type)", "Output Shape", "Param #", "Formula"] + (["Connected to"] if connected else [])
        lines = [f"### {_md(summary.name)}", "", "| " + " | ".join(head) + " |",
                 "|" + "|".join(["---", "---", "---:", "---"] + (["---"] if connected else [])) + "|"]
        for layer in summary.layers:
            params = f"{layer.params:,}" + (f" ({layer.active_params:,} active)" if layer.inactive_params else "")
            cells = [f"{layer.name} ({layer.type})", shape_text(layer.output_shape), params,
                     layer.formula if layer.params else ""]
            if connected:
                cells.append(", ".join(ref.keras() for ref in layer.inputs) or "-")
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
        lines.append("")
        lines += [f"- {line}" for line in footer_lines(summary)]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
