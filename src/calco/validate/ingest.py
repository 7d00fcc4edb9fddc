"""Read an RDF or OBO file from anyone into an rdflib Graph without trusting it.

All parsing goes through pyoxigraph (fast, no recursion limit, no quadratic XML handling),
after byte-level pre-checks for the hazards in ``notes/security-hazards.md``: JSON-LD remote
contexts (R1), XML entity bombs and XXE (R6-R9), oversized input (R7), over-deep nesting (S6).
Nothing is fetched: no remote context, no ``owl:imports``, no external entity.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from calco.errors import UnusableInputError
from calco.wellformed import load_json_strictly, xml_problem

MAX_BYTES = 64 * 1024 * 1024
MAX_JSON_DEPTH = 200

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".owl": ox.RdfFormat.RDF_XML,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}


def read_untrusted(path: Path, max_bytes: int = MAX_BYTES) -> Graph:
    """Parse ``path`` (Turtle, N-Triples, RDF/XML, JSON-LD or OBO, by extension) into a Graph, or raise :class:`UnusableInputError`."""
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None and path.suffix.lower() != ".obo":
        raise UnusableInputError(f"{path}: unknown extension {path.suffix!r}; use one of {', '.join(sorted(FORMATS))}, .obo")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnusableInputError(f"{path}: cannot read ({error.strerror})") from None
    if size > max_bytes:
        raise UnusableInputError(f"{path}: {size} bytes is over the {max_bytes}-byte limit for untrusted input")
    data = path.read_bytes()
    if rdf_format is None:
        return parse_obo(data, str(path))
    return parse_untrusted(data, rdf_format, str(path))


def parse_obo(data: bytes, name: str = "<input>") -> Graph:
    """Parse OBO 1.4 with fastobo and map it to OWL by the OBO-to-OWL mapping (fastobo-owl).

    OBO has no language tags; its names, definitions and synonyms are read as English text,
    CALCO's own convention, so an OBO export validates like the OWL one.
    """
    import io

    import fastobo

    try:
        document = fastobo.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UnusableInputError(f"{name}: OBO files must be UTF-8") from None
    except (SyntaxError, ValueError) as error:
        raise UnusableInputError(f"{name}: not valid OBO 1.4: {error}") from None
    if not any(isinstance(clause, fastobo.header.DefaultNamespaceClause) for clause in document.header):
        document.header.append(fastobo.header.DefaultNamespaceClause(fastobo.id.UnprefixedIdent("calco")))
    owl = io.BytesIO()
    try:
        fastobo.dump_owl(document, owl, format="rdf")
    except (ValueError, fastobo.exceptions.MissingClauseError) as error:  # type: ignore[attr-defined]
        raise UnusableInputError(f"{name}: cannot map OBO to OWL: {error}") from None
    graph = parse_untrusted(owl.getvalue(), ox.RdfFormat.RDF_XML, name)
    return _english_text(graph)


_TEXT_PROPERTIES = (
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
    URIRef("http://purl.obolibrary.org/obo/IAO_0000115"),
    URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
    *(URIRef(f"http://www.geneontology.org/formats/oboInOwl#has{s}Synonym") for s in ("Exact", "Related", "Narrow", "Broad")),
)


def _english_text(graph: Graph) -> Graph:
    """Tag plain literals of label, definition, comment and synonym properties (and their axiom targets) as @en."""
    annotated_target = URIRef("http://www.w3.org/2002/07/owl#annotatedTarget")
    for prop in (*_TEXT_PROPERTIES, annotated_target):
        for s, o in list(graph.subject_objects(prop)):
            if isinstance(o, Literal) and o.language is None and o.datatype in (None, XSD.string):
                graph.remove((s, prop, o))
                graph.add((s, prop, Literal(str(o), lang="en")))
    return graph


def parse_untrusted(data: bytes, rdf_format: ox.RdfFormat, name: str = "<input>") -> Graph:
    """Pre-check and parse bytes of a known format into a Graph."""
    if rdf_format == ox.RdfFormat.RDF_XML:
        _refuse_xml_dtd(data, name)
    if rdf_format == ox.RdfFormat.JSON_LD:
        _refuse_remote_context(data, name)
    try:
        triples = list(ox.parse(data, format=rdf_format, base_iri=None))
    except (SyntaxError, ValueError) as error:
        raise UnusableInputError(f"{name}: not valid {rdf_format.name}: {error}") from None
    graph = Graph()
    for quad in triples:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> URIRef | BNode | Literal:
    """Convert one pyoxigraph term to its rdflib equivalent (simple literals stay untyped)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        if datatype == str(RDF.langString):  # pragma: no cover - always carries a language
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise UnusableInputError("RDF-star quoted triples are not supported")


def _refuse_xml_dtd(data: bytes, name: str) -> None:
    head = data.lstrip()
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        raise UnusableInputError(f"{name}: RDF/XML must be UTF-8 (UTF-16 input is refused)")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UnusableInputError(f"{name}: RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion hazard); expand entities before validating")
    # pyoxigraph reads RDF/XML that XML 1.0 forbids (control characters); every other tool refuses it.
    problem = xml_problem(data)
    if problem:
        raise UnusableInputError(f"{name}: {problem}")


def _refuse_remote_context(data: bytes, name: str) -> None:
    try:
        # Strict: with a duplicate key (two "@context"s, remote first) json.loads keeps the last one
        # and the check below would pass a document another reader resolves by the first.
        document = load_json_strictly(data)
    except RecursionError:
        raise UnusableInputError(f"{name}: JSON nested too deeply") from None
    except json.JSONDecodeError as error:
        raise UnusableInputError(f"{name}: line {error.lineno}: column {error.colno}: not valid JSON: {error.msg}") from None
    except ValueError as error:
        raise UnusableInputError(f"{name}: not valid JSON: {error}") from None
    stack: list[tuple[object, int]] = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise UnusableInputError(f"{name}: JSON nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import") and _names_a_document(value):
                    raise UnusableInputError(
                        f"{name}: JSON-LD {key} refers to an external document ({_first_string(value)!r}); "
                        "inline the context: remote contexts are never fetched"
                    )
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)


def _names_a_document(value: object) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(isinstance(v, str) for v in value)
    return False


def _first_string(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return next((v for v in value if isinstance(v, str)), "")
    return ""
