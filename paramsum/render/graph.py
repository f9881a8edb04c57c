"""The layer graph as Graphviz dot or as a Mermaid flowchart: plain text, no rich.

Nodes are layers, labelled with name (type), output shape and params; edges follow
each layer's inputs. A layer holding a nested model (or a wrapped layer) becomes a
cluster / subgraph around its own node and its children's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..diff import ADDED, CHANGED, REMOVED, merged_order
from ..escape import printable
from .text import shape_text

# How a diff marks its nodes: (dot attributes, mermaid class definition)
STYLES = {
    ADDED: ('color="#1a7f37", fontcolor="#1a7f37", penwidth=2', "stroke:#1a7f37,stroke-width:2px,color:#1a7f37"),
    REMOVED: ('color="#cf222e", fontcolor="#cf222e", style="rounded,dashed"',
              "stroke:#cf222e,stroke-dasharray:5 5,color:#cf222e"),
    CHANGED: ('color="#9a6700", fontcolor="#9a6700", penwidth=2', "stroke:#9a6700,stroke-width:2px,color:#9a6700"),
}


@dataclass
class Node:
    key: str  # unique within the drawing: layer names joined by '/'
    lines: list  # label lines
    style: str = ""
    children: list = field(default_factory=list)  # Node


@dataclass
class Drawing:
    """A renderer-neutral graph: title, top-level nodes (with nested ones), edges by key."""

    name: str
    title: str
    nodes: list
    edges: list  # (from key, to key, label)


def layer_lines(layer):
    return [f"{layer.name} ({layer.type})", shape_text(layer.output_shape), f"{layer.params:,} params"]


def summary_drawing(summary, styles=None, layers=None, labels=None):
    """A Drawing of one summary; `styles` maps layer names to a STYLES key (for diffs).

    `layers` replaces the summary's own list, e.g. to draw a diff's removed layers too;
    `labels` maps layer names to label lines that replace the usual ones.
    """
    styles = styles or {}
    labels = labels or {}
    layers = list(summary.layers if layers is None else layers)
    names = {layer.name for layer in layers}
    nodes, edges = [], []
    for ref in _missing_inputs(layers, names):
        nodes.append(Node(ref, [f"{ref} (InputLayer)", *_input_shape(summary, ref), "0 params"]))
        names.add(ref)
    for layer in layers:
        node = _node(layer, "", styles.get(layer.name, ""), edges)
        node.lines = labels.get(layer.name, node.lines)
        nodes.append(node)
    for layer in layers:
        _connect(layer, "", names, edges)
    title = f"{summary.name}: {summary.totals.params:,} params"
    return Drawing(summary.name, title, nodes, _unique(edges))


def _node(layer, prefix, style, edges):
    key = f"{prefix}{layer.name}"
    node = Node(key, layer_lines(layer), style)
    inner = {child.name for child in layer.children}
    for child in layer.children:
        node.children.append(_node(child, f"{key}/", style, edges))
        _connect(child, f"{key}/", inner, edges)
    return node


def _connect(layer, prefix, names, edges):
    for ref in layer.inputs:
        if ref.layer in names:
            label = f"[{ref.tensor}]" if ref.tensor else ""
            edges.append((f"{prefix}{ref.layer}", f"{prefix}{layer.name}", label))


def _missing_inputs(layers, names):
    """Model inputs a summary leaves out (a Sequential-like model lists no InputLayer row)."""
    missing = []
    for layer in layers:
        for ref in layer.inputs:
            if ref.layer not in names and ref.layer not in missing:
                missing.append(ref.layer)
    return missing


def _input_shape(summary, name):
    """The input's shape as a one-item list when the summary knows it (`inputs`), else []."""
    for layer in getattr(summary, "inputs", None) or ():
        if layer.name == name:
            return [shape_text(layer.output_shape)]
    return []


def _unique(edges):
    return list(dict.fromkeys(edges))


# -- Graphviz dot ----------------------------------------------------------------------------


def _dot_string(text):
    """A dot quoted string: controls escaped, then backslashes and quotes (Graphviz reads '\\n', '\\N' in labels)."""
    return '"' + printable(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(lines):
    return '"' + "\\n".join(_dot_string(line)[1:-1] for line in lines) + '"'


def to_dot_drawing(drawing, legend=False):
    out = [
        f"digraph {_dot_string(drawing.name)} {{",
        f"  label={_dot_string(drawing.title)};",
        "  labelloc=t;",
        '  fontname="Helvetica";',
        "  rankdir=TB;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica"];',
    ]
    clusters, ids = [0], {}
    for node in drawing.nodes:
        out += _dot_node(node, "  ", clusters, ids)
    gone = _removed_keys(drawing.nodes)
    for source, target, label in drawing.edges:
        attributes = [f"label={_dot_string(label)}"] if label else []
        if source in gone or target in gone:
            attributes.append('style=dashed, color="#cf222e"')
        listed = f" [{', '.join(attributes)}]" if attributes else ""
        out.append(f"  {ids[source]} -> {ids[target]}{listed};")
    if legend:
        out += _dot_legend()
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_node(node, indent, clusters, ids):
    ids[node.key] = f"n{len(ids)}"  # generated: a layer's name is only ever a label
    attributes = f"label={_dot_label(node.lines)}"
    if node.style:
        attributes += ", " + STYLES[node.style][0]
    line = f"{indent}{ids[node.key]} [{attributes}];"
    if not node.children:
        return [line]
    clusters[0] += 1
    out = [f"{indent}subgraph cluster_{clusters[0]} {{", f"{indent}  label={_dot_string(node.lines[0])};",
           f"{indent}  style=dashed;", "  " + line]
    for child in node.children:
        out += _dot_node(child, indent + "  ", clusters, ids)
    out.append(f"{indent}}}")
    return out


def _dot_legend():
    out = ["  subgraph cluster_legend {", '    label="legend";', "    style=dotted;"]
    for status, (attributes, _) in STYLES.items():
        out.append(f"    {_dot_string('legend/' + status)} [label={_dot_string(status)}, {attributes}];")
    out.append("  }")
    return out


# -- Mermaid ---------------------------------------------------------------------------------


def _mermaid_text(text):
    """Mermaid label text on one line: controls escaped; quotes, markup characters and '|' (an edge label's
    end) as entity codes."""
    replacements = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "|": "#124;"}
    return "".join(replacements.get(c, c) for c in printable(text))


def to_mermaid_drawing(drawing):
    """A fenced ```mermaid block, ready to paste into a GitHub comment or Markdown file."""
    ids = {}
    # The title goes in the front matter, which is YAML: a JSON string is a valid YAML scalar.
    title = json.dumps(printable(drawing.title), ensure_ascii=False)
    out = ["```mermaid", "---", f"title: {title}", "---", "flowchart TD"]
    for node in drawing.nodes:
        out += _mermaid_node(node, "  ", ids)
    gone = _removed_keys(drawing.nodes)
    for source, target, label in drawing.edges:
        arrow = "-.->" if source in gone or target in gone else "-->"
        arrow = f" {arrow}|{_mermaid_text(label)}| " if label else f" {arrow} "
        out.append(f"  {ids[source]}{arrow}{ids[target]}")
    used = list(dict.fromkeys(style for style in _styles(drawing.nodes) if style))
    for style in used:
        out.append(f"  classDef {style} {STYLES[style][1]}")
    out.append("```")
    return "\n".join(out) + "\n"


def _mermaid_node(node, indent, ids):
    ids[node.key] = f"n{len(ids)}"
    label = "<br/>".join(_mermaid_text(line) for line in node.lines)
    line = f'{indent}{ids[node.key]}["{label}"]' + (f":::{node.style}" if node.style else "")
    if not node.children:
        return [line]
    out = [f'{indent}subgraph {ids[node.key]}_group ["{_mermaid_text(node.lines[0])}"]', "  " + line]
    for child in node.children:
        out += _mermaid_node(child, indent + "  ", ids)
    out.append(f"{indent}end")
    return out


def _removed_keys(nodes):
    """Keys of the nodes a diff marks as removed: their edges are drawn dashed."""
    return {node.key for node in _walk(nodes) if node.style == REMOVED}


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _styles(nodes):
    for node in nodes:
        yield node.style
        yield from _styles(node.children)


# -- entry points ----------------------------------------------------------------------------


def to_dot(summaries, **_):
    return "\n".join(to_dot_drawing(summary_drawing(s)) for s in summaries)


def to_mermaid(summaries, **_):
    return "\n".join(to_mermaid_drawing(summary_drawing(s)) for s in summaries)


def diff_drawing(model_diff):
    """The after model's graph, with added, changed and removed layers marked."""
    old = {layer.name: layer for layer in model_diff.before.layers}
    new = {layer.name: layer for layer in model_diff.after.layers}
    # Layers are drawn by name: a removed layer whose name an after layer took (aligned by structure,
    # dense_1 → dense_2) is not drawn, rather than mark the after layer removed.
    styles = {change.name: change.status for change in model_diff.changes
              if change.status != REMOVED or change.name not in new}
    layers = [new.get(name) or old[name] for name in merged_order(list(old), list(new))]
    labels = {change.name: _change_lines(change) for change in model_diff.changes if change.status == CHANGED}
    drawing = summary_drawing(model_diff.after, styles, layers, labels)
    before, after = model_diff.before.totals.params, model_diff.after.totals.params
    drawing.title = (f"{model_diff.before.name} → {model_diff.after.name}: {before:,} → {after:,} params "
                     f"({after - before:+,})")
    return drawing


def _change_lines(change):
    """Label lines of a changed layer: 'before → after' for what differs."""
    old, new = change.before, change.after
    kind = new.type if old.type == new.type else f"{old.type} → {new.type}"
    shape = shape_text(new.output_shape)
    if "output_shape" in change.fields:
        shape = f"{shape_text(old.output_shape)} → {shape}"
    params = f"{new.params:,} params" if old.params == new.params else f"{old.params:,} → {new.params:,} params"
    return [f"{new.name} ({kind})", shape, params]


def diff_to_dot(model_diff, **_):
    return to_dot_drawing(diff_drawing(model_diff), legend=True)


def diff_to_mermaid(model_diff, **_):
    return to_mermaid_drawing(diff_drawing(model_diff))
