"""``calco-base.owl`` and ``calco-full.owl``: the two ODK release editions.

* base: CALCO's own axioms only. No triple has a foreign term (MONDO, UBERON, RO, IAO ...) as
  its subject, so importing the base never changes another ontology (ODK base specification).
* full: everything, with the superclasses HermiT infers added as asserted ones, so tools that do
  no reasoning still see the classified hierarchy.

Each edition is its own ontology (``.../calco/calco-base.owl``) with a dated version IRI.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from calco.prefixes import CALCO, CALCO_TERM, ONTOLOGY_IRI

OBO = "http://purl.obolibrary.org/obo/"


def is_own(node: object) -> bool:
    """True for CALCO's own entities: its classes, its properties and the ontology itself."""
    return isinstance(node, URIRef) and (str(node).startswith((str(CALCO_TERM), str(CALCO))) or str(node) == ONTOLOGY_IRI)


def to_base(graph: Graph) -> Graph:
    """Own subjects' triples, the blank nodes they reach, and the annotations of their axioms."""
    base = _empty_like(graph)
    pending: list[BNode] = []
    for s, p, o in graph:
        if is_own(s):
            base.add((s, p, o))
            if isinstance(o, BNode):
                pending.append(o)
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        if is_own(graph.value(axiom, OWL.annotatedSource)):
            pending.append(axiom)  # type: ignore[arg-type]
    seen: set[BNode] = set()
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            base.add((node, p, o))
            if isinstance(o, BNode):
                pending.append(o)
    return _as_edition(base, "calco-base")


def to_full(graph: Graph, inferred: Iterable[tuple[str, str]]) -> Graph:
    """The whole graph plus every inferred named superclass as an asserted ``rdfs:subClassOf``."""
    full = _empty_like(graph)
    for triple in graph:
        full.add(triple)
    for child, parent in inferred:
        full.add((URIRef(child), RDFS.subClassOf, URIRef(parent)))
    return _as_edition(full, "calco-full")


def _empty_like(graph: Graph) -> Graph:
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    return out


def _as_edition(graph: Graph, name: str) -> Graph:
    """Rename the ontology node to the edition's IRI and point its version IRI at the edition file."""
    main = URIRef(ONTOLOGY_IRI)
    edition = URIRef(f"{OBO}calco/{name}.owl")
    for p, o in list(graph.predicate_objects(main)):
        graph.remove((main, p, o))
        if p == OWL.versionIRI:
            o = URIRef(str(o).replace("/calco.owl", f"/{name}.owl"))
        graph.add((edition, p, o))
    for s, p in list(graph.subject_predicates(main)):
        graph.remove((s, p, main))
        graph.add((s, p, edition if p != RDFS.isDefinedBy else main))
    return graph
