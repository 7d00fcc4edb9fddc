"""``calco picture``: the hierarchy of CALCO's terms as an SVG, for the README and the docs site.

An indented tree (one row per class, elbow lines from each parent to its children) of CALCO's
live classes and the reused classes above them, drawn with drawsvg (a maintained, pure-Python SVG
writer: no Graphviz binary, no network). The layout is computed here from the hierarchy index, so
the same release graph always gives the same bytes; a test keeps ``docs/hierarchy.svg`` fresh.
"""

from __future__ import annotations

from pathlib import Path

import drawsvg as dw
from rdflib import Graph

from calco.export.atomic import write_atomically
from calco.hierarchy import Hierarchy, hierarchy

ROW = 22
INDENT = 22
MARGIN = 12
CHAR_WIDTH = 7.2  # an estimate for 12 px sans-serif text, used only to size the canvas
LABEL_CHAR_WIDTH = 6.3  # the average advance of 12 px sans-serif lowercase text, to place the CURIE after the label
OWN_COLOUR = "#0b5cad"
REUSED_COLOUR = "#666666"


def rows(tree: Hierarchy) -> list[tuple[int, str, int | None]]:
    """(depth, CURIE, row of its parent) for each row of the picture, depth-first in label order."""
    own = {c for c, n in tree.nodes.items() if not n.reused and not n.deprecated}
    shown = tree.ancestors_of(own)
    roots = sorted((c for c in shown if not any(p in shown for p in tree.nodes[c].parents)), key=tree.sort_key)
    result: list[tuple[int, str, int | None]] = []
    stack: list[tuple[str, int, int | None, frozenset[str]]] = [(r, 0, None, frozenset({r})) for r in reversed(roots)]
    while stack:
        curie, depth, parent_row, path = stack.pop()
        result.append((depth, curie, parent_row))
        here = len(result) - 1
        kids = [k for k in tree.nodes[curie].children if k in shown and k not in path]
        for kid in reversed(kids):
            stack.append((kid, depth + 1, here, path | {kid}))
    return result


def render_svg(graph: Graph) -> bytes:
    """The picture of ``graph``'s hierarchy as SVG bytes."""
    tree = hierarchy(graph)
    laid = rows(tree)
    width = MARGIN * 2 + max((d * INDENT + 14 + CHAR_WIDTH * len(f"{tree.nodes[c].label}  {c}") for d, c, _ in laid), default=100)
    height = MARGIN * 2 + ROW * max(len(laid), 1) + 24
    drawing = dw.Drawing(round(width), height, font_family="system-ui, sans-serif", font_size=12)
    drawing.append(dw.Rectangle(0, 0, round(width), height, fill="white"))
    drawing.append(dw.Text("Hierarchy of CALCO (blue: CALCO terms; grey: reused terms)", 12, MARGIN, MARGIN + 8, fill="#222222", font_weight="bold"))
    top = MARGIN + 24
    for index, (depth, curie, parent_row) in enumerate(laid):
        y = top + index * ROW + ROW / 2
        x = MARGIN + depth * INDENT
        if parent_row is not None:
            px = MARGIN + (depth - 1) * INDENT + 5
            py = top + parent_row * ROW + ROW / 2 + 6
            drawing.append(dw.Lines(px, py, px, y, x, y, close=False, fill="none", stroke="#bbbbbb", stroke_width=1))
        node = tree.nodes[curie]
        colour = REUSED_COLOUR if node.reused else OWN_COLOUR
        drawing.append(dw.Circle(x + 5, y, 3, fill=colour))
        label = dw.Text(node.label, 12, x + 12, y + 4, fill=colour, font_style="italic" if node.reused else "normal")
        label.append_title(f"{curie} {node.label}")
        drawing.append(label)
        drawing.append(dw.Text(curie, 10, x + 18 + LABEL_CHAR_WIDTH * len(node.label), y + 4, fill="#999999", font_family="monospace"))
    return drawing.as_svg().encode("utf-8")


def write_picture(graph: Graph, path: Path) -> list[Path]:
    """Write the picture atomically; return it if it changed."""
    return write_atomically({path: render_svg(graph)})
