"""Stage 2, assemble: tables + header -> one rdflib Graph of OWL axioms, OBO style.

Relations become existential restrictions (``S SubClassOf R some O``) with their evidence as
axiom annotations, so reasoners and OBO tools read them. Blank nodes get names derived from
their content, which makes every serialisation of the graph byte-stable across runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS

from calco.model import Assertion, ImportedTerm, Source, Term
from calco.prefixes import CALCO, IAO, OBO, OBOINOWL, OMO, ONTOLOGY_IRI, PREFIX_MAP, expand

DEFINITION = IAO["0000115"]
LATIN = OMO["0003011"]
EVIDENCE_NOTE = CALCO["evidence_note"]
SYNONYM_PROPERTIES = (
    ("exact_synonyms", OBOINOWL.hasExactSynonym),
    ("related_synonyms", OBOINOWL.hasRelatedSynonym),
    ("narrow_synonyms", OBOINOWL.hasNarrowSynonym),
    ("broad_synonyms", OBOINOWL.hasBroadSynonym),
)


def assemble(source: Source) -> Graph:
    """Build the OWL graph of CALCO from a checked :class:`Source`."""
    graph = Graph()
    for prefix, namespace in PREFIX_MAP.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    # Blank nodes parsed from the header get random names; canonical ones keep exports byte-stable.
    for triple in to_canonical_graph(source.header):
        graph.add(triple)
    for imported in source.imports:
        _add_import(graph, imported)
    for term in source.terms:
        _add_term(graph, term)
    for assertion in source.assertions:
        _add_assertion(graph, source, assertion)
    return graph


def iri(curie: str) -> URIRef:
    """Expand a CURIE that the load stage has already checked."""
    expanded = expand(curie)
    if expanded is None:
        raise ValueError(f"unknown prefix in {curie!r}")
    return URIRef(expanded)


def en(text: str) -> Literal:
    """English text literal: labels, definitions, synonyms and notes are all ``@en``."""
    return Literal(text, lang="en")


def annotate(graph: Graph, source: URIRef, prop: URIRef, target: URIRef | Literal | BNode, annotations: Iterable[tuple[URIRef, URIRef | Literal]]) -> None:
    """Add an OWL axiom annotation (``owl:Axiom`` reification) to an asserted triple."""
    pairs = sorted(annotations)
    if not pairs:
        return
    target_key = _restriction_key(graph, target) if isinstance(target, BNode) else target.n3()
    axiom = _bnode("axiom", source.n3(), prop.n3(), target_key)
    graph.add((axiom, RDF.type, OWL.Axiom))
    graph.add((axiom, OWL.annotatedSource, source))
    graph.add((axiom, OWL.annotatedProperty, prop))
    if isinstance(target, BNode):
        # OWL 2 RDF mapping: the annotated target is a structural copy of the class expression.
        target = _copy_restriction(graph, target, "target", source)
    graph.add((axiom, OWL.annotatedTarget, target))
    for annotation_property, value in pairs:
        graph.add((axiom, annotation_property, value))


def _add_import(graph: Graph, imported: ImportedTerm) -> None:
    subject = iri(imported.id)
    kind = OWL.ObjectProperty if imported.kind == "relation" else OWL.Class
    graph.add((subject, RDF.type, kind))
    graph.add((subject, RDFS.label, en(imported.label)))
    ontology = _defining_ontology(subject)
    if ontology is not None:
        graph.add((subject, RDFS.isDefinedBy, ontology))


def _add_term(graph: Graph, term: Term) -> None:
    subject = iri(term.id)
    graph.add((subject, RDF.type, OWL.Class))
    graph.add((subject, RDFS.label, en(term.label)))
    graph.add((subject, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)))
    definition = en(term.definition)
    graph.add((subject, DEFINITION, definition))
    annotate(graph, subject, DEFINITION, definition, [(OBOINOWL.hasDbXref, Literal(s)) for s in term.definition_sources])
    for parent in term.parents:
        graph.add((subject, RDFS.subClassOf, iri(parent)))
    for column, prop in SYNONYM_PROPERTIES:
        for synonym in getattr(term, column):
            graph.add((subject, prop, en(synonym)))
    for synonym in term.latin_synonyms:
        literal = Literal(synonym, lang="la")
        graph.add((subject, OBOINOWL.hasExactSynonym, literal))
        annotate(graph, subject, OBOINOWL.hasExactSynonym, literal, [(OBOINOWL.hasSynonymType, LATIN)])
    for xref in term.xrefs:
        graph.add((subject, OBOINOWL.hasDbXref, Literal(xref)))
    if term.comment:
        graph.add((subject, RDFS.comment, en(term.comment)))


def _add_assertion(graph: Graph, source: Source, assertion: Assertion) -> None:
    subject = iri(assertion.subject)
    prop = URIRef(source.relations[assertion.relation].iri)
    restriction = _restriction(graph, prop, iri(assertion.object), "restriction", subject)
    graph.add((subject, RDFS.subClassOf, restriction))
    evidence: list[tuple[URIRef, URIRef | Literal]] = [(OBOINOWL.hasDbXref, Literal(s)) for s in assertion.sources]
    evidence.append((EVIDENCE_NOTE, en(assertion.note)))
    annotate(graph, subject, RDFS.subClassOf, restriction, evidence)


def _restriction(graph: Graph, prop: URIRef, filler: URIRef, role: str, owner: URIRef) -> BNode:
    """An existential restriction owned by one axiom of ``owner`` (blank nodes are never shared)."""
    node = _bnode(role, owner.n3(), prop.n3(), filler.n3())
    graph.add((node, RDF.type, OWL.Restriction))
    graph.add((node, OWL.onProperty, prop))
    graph.add((node, OWL.someValuesFrom, filler))
    return node


def _restriction_key(graph: Graph, node: BNode) -> str:
    prop = graph.value(node, OWL.onProperty)
    filler = graph.value(node, OWL.someValuesFrom)
    return f"{prop.n3() if prop else ''} some {filler.n3() if filler else ''}"


def _copy_restriction(graph: Graph, node: BNode, role: str, owner: URIRef) -> BNode:
    prop = graph.value(node, OWL.onProperty)
    filler = graph.value(node, OWL.someValuesFrom)
    assert isinstance(prop, URIRef) and isinstance(filler, URIRef)
    return _restriction(graph, prop, filler, role, owner)


def _bnode(*parts: str) -> BNode:
    """A blank node named by a hash of what it stands for: same content, same name, every run."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return BNode(f"{parts[0][:1]}{digest}")


def _defining_ontology(subject: URIRef) -> URIRef | None:
    """The OBO ontology an imported term comes from (``rdfs:isDefinedBy``), by its ID space."""
    text = str(subject)
    if not text.startswith(OBO) or "_" not in text[len(OBO) :]:
        return None
    idspace = text[len(OBO) :].split("_", 1)[0].lower()
    return URIRef(f"{OBO}{idspace}.owl")
