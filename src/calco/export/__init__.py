"""Stage 5, export: one module per format; all files rendered, checked, then written atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from calco.export.atomic import write_atomically
from calco.export.jsonld import context_document, to_jsonld
from calco.export.rdfxml import to_rdfxml
from calco.export.sssom import to_sssom
from calco.export.strict import require_parses
from calco.export.turtle import to_turtle


@dataclass(frozen=True)
class Export:
    """One release file: its name, how to render it, and the RDF format it must parse as."""

    name: str
    render: Callable[[Graph], bytes]
    rdf_format: ox.RdfFormat | None


EXPORTS: tuple[Export, ...] = (
    Export("calco.ttl", to_turtle, ox.RdfFormat.TURTLE),
    Export("calco.owl", to_rdfxml, ox.RdfFormat.RDF_XML),
    Export("calco.jsonld", to_jsonld, ox.RdfFormat.JSON_LD),
    Export("calco.context.jsonld", lambda _graph: context_document(), None),
    Export("calco.sssom.tsv", to_sssom, None),
)


def render_exports(graph: Graph) -> dict[str, bytes]:
    """Render every export in memory and check that each RDF one parses; nothing touches disk."""
    rendered = {}
    for export in EXPORTS:
        data = export.render(graph)
        if export.rdf_format is not None:
            require_parses(export.name, data, export.rdf_format)
        rendered[export.name] = data
    return rendered


def write_exports(directory: Path, rendered: dict[str, bytes]) -> list[Path]:
    """Write rendered exports into ``directory`` all-or-nothing; return the files that changed."""
    return write_atomically({directory / name: data for name, data in rendered.items()})
