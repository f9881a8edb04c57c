"""Renderers on hand-made summaries: escaping, nested models, several outputs, plain text when piped."""

from __future__ import annotations

import io

from paramsum.graph import Ref
from paramsum.render import render
from paramsum.render.graph import summary_drawing, to_dot_drawing, to_mermaid_drawing
from paramsum.summary import LayerSummary, ModelSummary, Weight


def nested_summary():
    """input → block (a nested model: inner_in → inner_dense) → split (two outputs) → 'odd "name"|x'."""
    inner = [
        LayerSummary("inner_in", "InputLayer", [], (None, 4), []),
        LayerSummary("inner_dense", "Dense", [Ref("inner_in")], (None, 3),
                     [Weight("kernel", (4, 3)), Weight("bias", (3,))]),
    ]
    layers = [
        LayerSummary("input", "InputLayer", [], (None, 4), []),
        LayerSummary("block", "Functional", [Ref("input")], (None, 3),
                     [Weight("kernel", (4, 3)), Weight("bias", (3,))], children=inner),
        LayerSummary("split", "Split", [Ref("block")], [(None, 1), (None, 2)], []),
        LayerSummary('odd "name"|x', "Dense", [Ref("split", 0, 1)], (None, 5),
                     [Weight("kernel", (2, 5)), Weight("bias", (5,), trainable=False)]),
    ]
    return ModelSummary(name="nested <demo>", source="demo.yaml", format="paramsum", framework="keras", layers=layers)


def test_drawing_nodes_edges_and_clusters():
    drawing = summary_drawing(nested_summary())
    assert [node.key for node in drawing.nodes] == ["input", "block", "split", 'odd "name"|x']
    block = drawing.nodes[1]
    assert [child.key for child in block.children] == ["block/inner_in", "block/inner_dense"]
    assert block.lines == ["block (Functional)", "(None, 3)", "15 params"]
    assert drawing.nodes[2].lines[1] == "[(None, 1), (None, 2)]"
    assert drawing.edges == [
        ("block/inner_in", "block/inner_dense", ""),
        ("input", "block", ""),
        ("block", "split", ""),
        ("split", 'odd "name"|x', "[1]"),  # the second output of split
    ]


def test_dot_escapes_quotes_and_draws_clusters():
    text = to_dot_drawing(summary_drawing(nested_summary()))
    assert text.startswith('digraph "nested <demo>" {\n')
    assert '  n5 [label="odd \\"name\\"|x (Dense)\\n(None, 5)\\n15 params"];' in text  # ids are generated
    assert "subgraph cluster_1 {" in text
    assert '  n4 -> n5 [label="[1]"];' in text
    assert text.count("{") == text.count("}")


def test_mermaid_escapes_and_subgraphs():
    text = to_mermaid_drawing(summary_drawing(nested_summary()))
    lines = text.splitlines()
    assert lines[0] == "```mermaid" and lines[-1] == "```"
    assert lines[2] == 'title: "nested <demo>: 30 params"'
    assert '  subgraph n1_group ["block (Functional)"]' in lines
    assert any('odd #quot;name#quot;#124;x (Dense)<br/>(None, 5)<br/>15 params' in line for line in lines)
    assert "  n4 -->|[1]| n5" in lines
    assert lines.count("  end") == 1


def test_sequential_like_model_gets_its_input_node():
    summary = nested_summary()
    summary.layers = summary.layers[1:]  # as for a chain: the InputLayer row is left out
    drawing = summary_drawing(summary)
    assert drawing.nodes[0].key == "input" and drawing.nodes[0].lines[0] == "input (InputLayer)"


def test_csv_and_markdown_escape_what_they_must():
    summary = nested_summary()
    csv_text = render([summary], "csv")
    assert '"odd ""name""|x"' in csv_text
    markdown = render([summary], "markdown")
    assert 'odd "name"\\|x (Dense)' in markdown


def test_table_nested_rows_and_plain_when_piped():
    from paramsum.render.table import print_tables

    out = io.StringIO()
    print_tables([nested_summary()], out, color=True, terminal=False)
    text = out.getvalue()
    assert "\x1b" not in text
    assert "   └ inner_dense (Dense)" in text
    assert text.splitlines()[0] == 'Model: "nested <demo>"'
    assert not any(line.endswith(" ") for line in text.splitlines())
    assert " Non-trainable params: 5 (20.00 B)" in text


def test_input_node_of_a_sequential_like_model_shows_its_shape():
    from paramsum import summarize

    summary = summarize({"name": "seq", "input": [1, 28, 28], "layers": [{"type": "Flatten"}]})
    assert summary.inputs[0].name == "input_layer"
    assert summary_drawing(summary).nodes[0].lines == ["input_layer (InputLayer)", "(None, 1, 28, 28)", "0 params"]
