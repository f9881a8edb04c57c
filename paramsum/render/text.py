"""JSON, CSV and Markdown output: plain text, no rich, for scripts and docs."""

from __future__ import annotations

from ..escape import json_printable, printable
from ..numbers import readable_bytes
from ..summary import shape_text


def shape_json(shape):
    if isinstance(shape, list):
        return [shape_json(s) for s in shape]
    return list(shape)


def _number(value):
    if isinstance(value, int):  # exact, whatever its size (a float would overflow past 1.8e308)
        return value
    return int(value) if float(value).is_integer() else value


def weight_json(weight):
    entry = {"name": weight.name, "shape": [int(d) for d in weight.shape], "count": weight.count}
    if weight.buffer:
        if weight.dtype:
            entry["dtype"] = weight.dtype
    else:
        entry["trainable"] = weight.trainable
    if weight.nbytes is not None:  # a checkpoint's tensor: as stored
        entry["dtype"] = weight.dtype
        entry["bytes"] = _number(weight.nbytes)
    return entry


def is_stored(summary):
    """True for a checkpoint's own rows (stored tensors, no architecture): shown by dtype, not shape."""
    return summary.checkpoint is not None and summary.checkpoint.comparison is None and summary.format in (
        "safetensors", "gguf")


def stored_cell(layer):
    """A checkpoint row's storage: 'BF16 1.50 KB', several dtypes joined by ' + '."""
    sizes = {}
    for weight in layer.weights + layer.buffers:
        sizes[weight.dtype] = sizes.get(weight.dtype, 0) + (weight.nbytes or 0)
    return " + ".join(f"{dtype} {readable_bytes(size)}" for dtype, size in sizes.items())


def checkpoint_json(summary):
    checkpoint = summary.checkpoint
    doc = {"kind": checkpoint.kind, "files": checkpoint.files}
    if checkpoint.missing:
        doc["missing"] = checkpoint.missing
    doc["by_dtype"] = {dtype: {"elements": count, "bytes": _number(size), "bits_per_element": _bits(size, count)}
                       for dtype, (count, size) in stored_by_dtype(summary).items()}
    doc.update(checkpoint.facts)
    comparison = checkpoint.comparison
    if comparison is not None:
        doc["comparison"] = {
            "architecture_params": comparison.architecture_params, "checkpoint_params": comparison.stored_params,
            "equal": comparison.equal, "renamed_modules": comparison.renamed, "summary": comparison_line(comparison),
            "differences": [{"kind": d.kind, "module": d.module, "params": d.params, "detail": d.detail}
                            for d in comparison.differences],
        }
    return doc


def stored_by_dtype(summary):
    """{dtype: [elements, bytes]} as the checkpoint stores them (a model directory: its checkpoint's, not its
    architecture's)."""
    checkpoint = summary.checkpoint
    if checkpoint.comparison is None or not hasattr(checkpoint, "tensors"):
        return summary.bytes_by_dtype()
    sizes = {}
    for tensor in checkpoint.tensors:
        entry = sizes.setdefault(tensor.dtype, [0, 0])
        count = 1
        for size in tensor.shape:
            count *= int(size)
        entry[0] += count
        entry[1] += tensor.nbytes
    return dict(sorted(sizes.items(), key=lambda item: -item[1][1]))


def _bits(size, count):
    return round(8 * size / count, 4) if count else None


DIFFERENCE_WORDS = {
    "only_in_checkpoint": "in the checkpoint, not in the architecture",
    "only_in_architecture": "in the architecture, not in the checkpoint",
    "shape": "stored with another shape",
    "tied_but_stored": "stored though the architecture ties it",
}


def comparison_line(comparison):
    """One line: the architecture's count against the checkpoint's, and where they differ, by module."""
    renamed = (f" ({comparison.renamed} module(s) stored under other names, as transformers saves this model)"
               if comparison.renamed else "")
    if comparison.unread:
        renamed += f" (the {comparison.unread} tensor(s) of the missing shards left out of both counts)"
    if comparison.equal:
        what = "for the tensors read" if comparison.unread else ""
        return f"equal to the architecture{what and ' ' + what}: {comparison.stored_params:,} params{renamed}"
    head = (f"{comparison.stored_params:,} params stored, {comparison.architecture_params:,} in the architecture "
            f"({comparison.stored_params - comparison.architecture_params:+,})")
    parts = []
    for d in comparison.differences[:4]:
        detail = f", {d.detail}" if d.detail else ""
        parts.append(f"{d.module} {d.params:,} {DIFFERENCE_WORDS[d.kind]}{detail}")
    more = f"; and {len(comparison.differences) - 4} more" if len(comparison.differences) > 4 else ""
    return (f"{head}: " + "; ".join(parts) + more if parts else head) + renamed


def checkpoint_lines(summary):
    """Footer lines of a checkpoint: storage by dtype, the files, recorded facts, the comparison."""
    checkpoint = summary.checkpoint
    stored = ", ".join(f"{dtype} {count:,} ({readable_bytes(size)}, {_bits(size, count):g} bits each)"
                       for dtype, (count, size) in stored_by_dtype(summary).items() if count)
    files = len(checkpoint.files)
    lines = [f"Stored ({checkpoint.kind}, {files} file{'s' if files != 1 else ''}"
             f"{f', {len(checkpoint.missing)} missing' if checkpoint.missing else ''}): {stored}"]
    for key, value in checkpoint.facts.items():
        if key == "metadata":
            continue
        if key == "recorded total_size":
            held = sum(tensor.nbytes for tensor in getattr(checkpoint, "tensors", ()))
            agree = "equal to the tensors' bytes" if held == value else f"the files read hold {held:,}"
            value = f"{value:,} bytes, as the index records it ({agree}; bytes, not a parameter count)"
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in value.items())
        label = key[:1].upper() + key[1:]
        lines.append(f"{label}: {value}")
    if checkpoint.comparison is not None:
        lines.append(f"Checkpoint: {comparison_line(checkpoint.comparison)}")
    return lines


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
    entry["macs"] = layer.macs
    entry["flops"] = layer.flops
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
            "embedding_params": totals.embedding_params,
        },
    }
    if summary.sparse:
        doc["totals"]["active_params"] = totals.active_params
    doc["totals"]["macs"] = totals.macs
    doc["totals"]["flops"] = totals.flops
    doc["compute"] = {"batch_size": summary.compute.batch_size, "seq_len": summary.compute.seq_len,
                      "convention": FLOP_CONVENTION}
    if with_buffers:
        doc["totals"]["buffers"] = totals.buffers
        doc["totals"]["buffer_bytes"] = _number(totals.buffer_bytes)
    doc["memory"] = memory_json(summary)
    if summary.checkpoint is not None:
        doc["checkpoint"] = checkpoint_json(summary)
    if summary.warnings:
        doc["warnings"] = list(summary.warnings)
    return doc


def to_json(summaries, array=None, **_):
    """One summary: its object; several (or array=True: several files were asked for): an array of them."""
    docs = [summary_json(s) for s in summaries]
    if array is None:
        array = len(docs) != 1
    from .json_text import dumps  # (only JSON output pays for the encoder)

    return json_printable(dumps(docs if array else docs[0])) + "\n"


CSV_COLUMNS = ("model", "layer", "type", "inputs", "output_shape", "params", "trainable_params",
               "non_trainable_params", "formula", "macs", "flops")


def rows(summary, sparse=False):
    model = printable(summary.name)
    for layer in summary.layers:
        row = {
            "model": model,
            "layer": printable(layer.name),
            "type": printable(layer.type),
            "inputs": printable(" ".join(ref.keras() for ref in layer.inputs)),
            "output_shape": printable(shape_text(layer.output_shape)),
            "params": layer.params,
            "trainable_params": layer.trainable_params,
            "non_trainable_params": layer.non_trainable_params,
            "formula": printable(layer.formula),
            "macs": "" if layer.macs is None else layer.macs,
            "flops": "" if layer.flops is None else layer.flops,
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


FLOP_CONVENTION = "torch.utils.flop_counter.FlopCounterMode: FLOPs = 2 × MACs of matrix products and convolutions"


def readable_count(value):
    """1.93 T, 151.0 G, 7.85 K: FLOPs as people read them (powers of 1000)."""
    if isinstance(value, int) and abs(value) >= 10**300:  # past a float's range: as a power of ten, from the digits
        digits = str(abs(value))
        return f"{'-' if value < 0 else ''}{digits[0]}.{digits[1:3]}e+{len(digits) - 1}"
    for unit in ("", " K", " M", " G", " T", " P"):
        if abs(value) < 1000:
            return f"{value:.3g}{unit}" if unit else f"{value:,}"
        value /= 1000
    return f"{value:.3g} E"


def compute_line(summary):
    """'Forward FLOPs: 1.93 T (batch 1, 128 tokens)', or why they are not counted."""
    compute, flops = summary.compute, summary.totals.flops
    sizes = f"batch {compute.batch_size}" + (f", sequence {compute.seq_len}" if compute.seq_len else "")
    if flops is None:
        return f"Forward FLOPs: unknown for {sizes} (a sequence length is unknown: give --seq-len N)"
    return f"Forward FLOPs: {readable_count(flops)} ({flops:,}; {sizes})"


def memory_json(summary):
    from ..memory import memory

    doc = memory(summary, summary.train)
    doc["weights_bytes"] = _number(doc["weights_bytes"])
    return doc


def memory_lines(summary):
    """The memory footer: a decoder's KV cache and activations, training under the recipe asked for."""
    from ..memory import activations, kv_cache, training

    lines, dtype = [], summary.dtype
    if summary.decoder is not None:
        kv_bytes, rule = kv_cache(summary)
        if kv_bytes is None:
            lines.append(f"KV cache: unknown ({rule})")
        else:
            lines.append(f"KV cache: {readable_bytes(kv_bytes)} ({kv_bytes:,} B at {dtype}; {rule})")
        estimate = activations(summary)
        if estimate is not None:
            decoder, compute = summary.decoder, summary.compute
            lines.append(f"Activations (training, an estimate): {readable_bytes(estimate['estimate'])}; "
                         f"{readable_bytes(estimate['selective_recompute'])} with selective, "
                         f"{readable_bytes(estimate['full_recompute'])} with full recomputation "
                         f"(Korthikanti et al. 2022: {decoder.layers} layers × s·b·h·(34 + 5·a·s/h) B at 16 bits, "
                         f"s={compute.seq_len}, b={compute.batch_size}, h={decoder.hidden_size}, a={decoder.heads})")
    if summary.train is not None:
        train = training(summary, summary.train)
        lines.append(f"Training memory ({train['recipe']}): {readable_bytes(train['bytes'])} "
                     f"({train['bytes']:,} B; {train['rule']})")
    return lines


def footer_lines(summary):
    """The totals as Keras prints them, the size's unit and dtype named: 'Total params: 7,850 (30.66 KiB as
    float32)'."""
    t = summary.totals
    lines = [
        f"Total params: {t.params:,} ({readable_bytes(t.bytes)} as {summary.size_dtype})",
        f"Trainable params: {t.trainable_params:,} ({readable_bytes(t.trainable_bytes)})",
        f"Non-trainable params: {t.non_trainable_params:,} ({readable_bytes(t.non_trainable_bytes)})",
    ]
    if t.embedding_params:
        lines.append(f"Embedding params: {t.embedding_params:,} · non-embedding: {t.non_embedding_params:,} "
                     f"(Kaplan et al. 2020: total − token and position embedding tables)")
    if summary.framework == "pytorch" or t.buffers:
        lines.append(f"Buffers (not params): {t.buffers:,} ({readable_bytes(t.buffer_bytes)})")
    if summary.unknown_layers:
        lines.append(unknown_line(summary.unknown_layers))
    lines.append(compute_line(summary))
    if summary.sparse:
        lines.append(f"Active params per token: {t.active_params:,} (routed top-k experts, shared experts, "
                     f"routers and everything outside the experts)")
    if summary.checkpoint is not None:
        lines += checkpoint_lines(summary)
    return lines + memory_lines(summary)


def unknown_line(layers, shown=5):
    """'Counted as 0 (unknown types): foo (Desne), bar (Scale)': what --allow-unknown let through."""
    names = ", ".join(f"{layer.name} ({layer.type})" for layer in layers[:shown])
    more = f" and {len(layers) - shown} more" if len(layers) > shown else ""
    return f"Counted as 0 (unknown types): {names}{more}"


def _md(text):
    """Text for one line of Markdown: controls escaped (a newline never ends a row), and its own syntax: a
    backslash, '|' (never a cell's end), '<' (never an HTML tag or comment)."""
    return printable(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def to_markdown(summaries, **_):
    parts = []
    for summary in summaries:
        connected = not summary.chain
        stored = is_stored(summary)
        head = ["Layer (type)", "Stored" if stored else "Output Shape", "Param #", "FLOPs", "Formula"] + (
            ["Connected to"] if connected else [])
        lines = [f"### {_md(summary.name)}", "", "| " + " | ".join(head) + " |",
                 "|" + "|".join(["---", "---", "---:", "---:", "---"] + (["---"] if connected else [])) + "|"]
        for layer in summary.layers:
            params = f"{layer.params:,}" + (f" ({layer.active_params:,} active)" if layer.inactive_params else "")
            cells = [f"{layer.name} ({layer.type})", stored_cell(layer) if stored else shape_text(layer.output_shape),
                     params, "?" if layer.flops is None else f"{layer.flops:,}",
                     layer.formula if layer.params else ""]
            if connected:
                cells.append(", ".join(ref.keras() for ref in layer.inputs) or "-")
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
        lines.append("")
        lines += [f"- {_md(line)}" for line in footer_lines(summary)]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
