"""Read ``calco-header.ttl``: ontology metadata and CALCO's own properties."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from calco.errors import Problem
from calco.model import Relation
from calco.prefixes import CALCO, ONTOLOGY_IRI


def read_header(path: Path, problems: list[Problem]) -> tuple[Graph, dict[str, Relation]]:
    """Parse the header and return it with the CALCO object properties it declares, by local name."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises many types; all mean "not valid Turtle"
        problems.append(Problem(path, _line_of(error), "", f"not valid Turtle: {error}"))
        return graph, {}
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    if ontologies != {URIRef(ONTOLOGY_IRI)}:
        found = ", ".join(sorted(str(o) for o in ontologies)) or "none"
        problems.append(Problem(path, 0, "", f"must declare exactly one owl:Ontology <{ONTOLOGY_IRI}> (found: {found})"))
    relations = {}
    for prop in sorted(p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)):
        if str(prop).startswith(str(CALCO)):
            name = str(prop)[len(str(CALCO)) :]
            relations[name] = Relation(name, str(prop))
    return graph, relations


def _line_of(error: Exception) -> int:
    line = getattr(error, "lines", None) or getattr(error, "line", None)
    return line if isinstance(line, int) else 0
