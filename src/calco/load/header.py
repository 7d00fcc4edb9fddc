"""Read ``calco-header.ttl``: ontology metadata and CALCO's own properties."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from calco.errors import Problem
from calco.load.text import decode_utf8, refused_character, split_lines
from calco.model import Relation
from calco.prefixes import CALCO, ONTOLOGY_IRI


def read_header(path: Path, problems: list[Problem]) -> tuple[Graph, dict[str, Relation]]:
    """Parse the header and return it with the CALCO object properties it declares, by local name."""
    graph = Graph()
    if not _check_characters(path, problems):
        return graph, {}
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises many types; all mean "not valid Turtle"
        problems.append(Problem(path, _line_of(error), "", f"not valid Turtle: {error}"))
        return graph, {}
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    if ontologies != {URIRef(ONTOLOGY_IRI)}:
        found = ", ".join(sorted(str(o) for o in ontologies)) or "none"
        problems.append(Problem(path, 0, "", f"must declare exactly one owl:Ontology <{ONTOLOGY_IRI}> (found: {found})"))
    for literal in sorted({o for o in graph.objects() if isinstance(o, Literal)}):
        refused = refused_character(str(literal), tab_allowed=True)
        if refused:
            problems.append(Problem(path, 0, "", f"the literal starting {str(literal)[:40]!r} {refused} (written as a Turtle escape)"))
    relations = {}
    for prop in sorted(p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)):
        if str(prop).startswith(str(CALCO)):
            name = str(prop)[len(str(CALCO)) :]
            relations[name] = Relation(name, str(prop))
    return graph, relations


def _check_characters(path: Path, problems: list[Problem]) -> bool:
    """The header's text, line by line, under the same character rules as the tables' cells."""
    text, bad_byte = decode_utf8(path.read_bytes())
    if bad_byte is not None:
        line, character, reason = bad_byte
        problems.append(Problem(path, line, "", f"character {character}: {reason}; save the header as UTF-8"))
        return False
    ok = True
    for number, line in enumerate(split_lines(text), start=1):
        refused = refused_character(line, tab_allowed=True)
        if refused:
            problems.append(Problem(path, number, "", f"the line {refused}"))
            ok = False
    return ok


def _line_of(error: Exception) -> int:
    line = getattr(error, "lines", None) or getattr(error, "line", None)
    return line if isinstance(line, int) else 0
