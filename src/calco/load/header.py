"""Read ``calco-header.ttl``: ontology metadata and CALCO's own properties."""

from __future__ import annotations

import logging
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from calco.errors import Problem
from calco.load.text import decode_utf8, refused_character, split_lines
from calco.model import Relation
from calco.prefixes import CALCO, ONTOLOGY_IRI


def read_header(path: Path, problems: list[Problem]) -> tuple[Graph, dict[str, Relation]]:
    """Parse the header and return it with the CALCO object properties it declares, by local name."""
    graph = Graph()
    if not _check_characters(path, problems) or not _check_strictly(path, problems):
        return graph, {}
    # rdflib logs a traceback for each ill-typed literal; the check below reports it as a Problem instead.
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises many types; all mean "not valid Turtle"
        problems.append(Problem(path, _line_of(error), "", f"not valid Turtle: {error}"))
        return graph, {}
    finally:
        term_log.setLevel(level)
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    if ontologies != {URIRef(ONTOLOGY_IRI)}:
        found = ", ".join(sorted(str(o) for o in ontologies)) or "none"
        problems.append(Problem(path, 0, "", f"must declare exactly one owl:Ontology <{ONTOLOGY_IRI}> (found: {found})"))
    for literal in sorted({o for o in graph.objects() if isinstance(o, Literal)}):
        refused = refused_character(str(literal), tab_allowed=True)
        if refused:
            problems.append(Problem(path, 0, "", f"the literal starting {str(literal)[:40]!r} {refused} (written as a Turtle escape)"))
        elif literal.ill_typed:
            problems.append(Problem(path, 0, "", f"the literal {str(literal)[:40]!r} is not a valid {literal.datatype}"))
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
        bad_line, character, reason = bad_byte
        problems.append(Problem(path, bad_line, "", f"character {character}: {reason}; save the header as UTF-8"))
        return False
    ok = True
    for number, line in enumerate(split_lines(text), start=1):
        refused = refused_character(line, tab_allowed=True)
        if refused:
            problems.append(Problem(path, number, "", f"the line {refused}"))
            ok = False
    return ok


def _check_strictly(path: Path, problems: list[Problem]) -> bool:
    """Parse with pyoxigraph first: it refuses what rdflib accepts but no export could carry
    (an IRI with a space written ``\\u0020``, a malformed language tag), and says where."""
    try:
        for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            pass
    except SyntaxError as error:
        line = error.lineno if isinstance(error.lineno, int) else 0
        problems.append(Problem(path, line, "", f"not valid Turtle: {error.msg}"))
        return False
    return True


def _line_of(error: Exception) -> int:
    line = getattr(error, "lines", None) or getattr(error, "line", None)
    return line if isinstance(line, int) else 0
