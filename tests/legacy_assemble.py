"""The rdflib assembly the release graph was built with until issue 20, kept as the reference the new one is tested against.

A verbatim copy of ``calco.assemble`` at commit ffbc350 (only this docstring differs): the new
assembly must give the same triples, blank-node names included.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS

from calco.article import ArticleRecord
from calco.evidence import evidence_annotations
from calco.model import Assertion, ImportedTerm, Mapping, Source, Term
from calco.prefixes import (
    CALCO,
    IAO,
    OBO,
    OBOINOWL,
    OMO,
    ONTOLOGY_IRI,
    PREFIX_MAP,
    expand,
)

DEFINITION = IAO["0000115"]
LATIN = OMO["0003011"]
EVIDENCE_NOTE = CALCO["evidence_note"]
QUALIFIER = CALCO["qualifier"]
PROGNOSIS = CALCO["prognosis"]
SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = "https://w3id.org/semapv/vocab/"
SYNONYM_PROPERTIES = (
    ("exact_synonyms", OBOINOWL.hasExactSynonym),
    ("related_synonyms", OBOINOWL.hasRelatedSynonym),
    ("narrow_synonyms", OBOINOWL.hasNarrowSynonym),
    ("broad_synonyms", OBOINOWL.hasBroadSynonym),
)


def assemble(source: Source) -> Graph:
    """Build the OWL graph of CALCO from a checked :class:`Source`."""
    # SimpleMemory: CALCO has one graph, so the default store's per-triple context bookkeeping is
    # pure cost (adds about 20% faster, iteration about 3x faster at 10k terms; same output).
    graph = Graph(store="SimpleMemory")
    for prefix, namespace in PREFIX_MAP.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    # Blank nodes parsed from the header get random names; canonical ones keep exports byte-stable.
    for triple in to_canonical_graph(source.header):
        graph.add(triple)
    # The import modules first (ODK's merge of imports): upstream terms with their ancestry.
    # A reused term a module holds takes its label from there; imports.tsv only declares it.
    # Module headers are not merged (as ROBOT's merge --collapse-import-closure): the release has
    # one ontology node. A term two modules share (BFO's top classes) comes from the first module.
    from calco.imports.rdf import term_triples

    from_modules: set[URIRef] = set()
    merged: set[str] = set()
    for module in source.modules:
        notes = dict(module.notes)
        for upstream in module.terms:
            if upstream.id in merged:
                continue
            merged.add(upstream.id)
            for triple in term_triples(upstream, notes.get(upstream.id, "")):
                graph.add(triple)  # type: ignore[arg-type]
            if upstream.label:
                from_modules.add(iri(upstream.id))
    for imported in source.imports:
        _add_import(graph, imported, labelled=iri(imported.id) in from_modules)
    for term in source.terms:
        _add_term(graph, term, source.article)
    for assertion in source.assertions:
        _add_assertion(graph, source, assertion)
    for mapping in source.mappings:
        _add_mapping(graph, mapping)
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


def annotate(
    graph: Graph,
    source: URIRef,
    prop: URIRef,
    target: URIRef | Literal | BNode,
    annotations: Iterable[tuple[URIRef, URIRef | Literal]],
    *,
    key: str = "",
) -> None:
    """Add an OWL axiom annotation (``owl:Axiom`` reification) to an asserted triple.

    For a blank-node target (a class expression) pass ``key``, a text that identifies the
    expression. The annotated target is the expression's own node, as in the OWL 2 mapping to
    RDF (the main triple and ``owl:annotatedTarget`` share it), so a validator can walk from a
    restriction straight to its evidence.
    """
    pairs = sorted(annotations)
    if not pairs:
        return
    axiom = _bnode("axiom", source.n3(), prop.n3(), key or target.n3())
    graph.add((axiom, RDF.type, OWL.Axiom))
    graph.add((axiom, OWL.annotatedSource, source))
    graph.add((axiom, OWL.annotatedProperty, prop))
    graph.add((axiom, OWL.annotatedTarget, target))
    for annotation_property, value in pairs:
        graph.add((axiom, annotation_property, value))


def _add_import(graph: Graph, imported: ImportedTerm, labelled: bool = False) -> None:
    subject = iri(imported.id)
    kind = {"relation": OWL.ObjectProperty, "obsolescence_reason": OWL.NamedIndividual}.get(imported.kind, OWL.Class)
    graph.add((subject, RDF.type, kind))
    if not labelled:
        graph.add((subject, RDFS.label, en(imported.label)))
    ontology = _defining_ontology(subject)
    if ontology is not None:
        graph.add((subject, RDFS.isDefinedBy, ontology))


def _add_term(graph: Graph, term: Term, record: ArticleRecord | None) -> None:
    subject = iri(term.id)
    graph.add((subject, RDF.type, OWL.Class))
    graph.add((subject, RDFS.label, en(term.label)))
    graph.add((subject, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)))
    definition = en(term.definition)
    graph.add((subject, DEFINITION, definition))
    annotate(graph, subject, DEFINITION, definition, evidence_annotations(term.definition_sources, record))
    for parent in term.parents:
        graph.add((subject, RDFS.subClassOf, iri(parent)))
    for column, prop in SYNONYM_PROPERTIES:
        for synonym in getattr(term, column):
            graph.add((subject, prop, en(synonym)))
    for synonym in term.latin_synonyms:
        literal = Literal(synonym, lang="la")
        graph.add((subject, OBOINOWL.hasExactSynonym, literal))
        annotate(graph, subject, OBOINOWL.hasExactSynonym, literal, [(OBOINOWL.hasSynonymType, LATIN)])
    if term.comment:
        graph.add((subject, RDFS.comment, en(term.comment)))
    if term.obsolete:
        graph.add((subject, OWL.deprecated, Literal(True)))
        if term.replaced_by:
            graph.add((subject, IAO["0100001"], iri(term.replaced_by)))
        for candidate in term.consider:
            graph.add((subject, OBOINOWL.consider, iri(candidate)))
        if term.obsolescence_reason:
            graph.add((subject, IAO["0000231"], iri(term.obsolescence_reason)))
    if term.prognosis:
        prognosis = en(term.prognosis)
        graph.add((subject, PROGNOSIS, prognosis))
        annotate(graph, subject, PROGNOSIS, prognosis, evidence_annotations(term.prognosis_sources, record))


def _add_mapping(graph: Graph, mapping: Mapping) -> None:
    """A SKOS mapping becomes a triple to the target IRI; an OBO xref stays a CURIE string."""
    subject = iri(mapping.subject)
    predicate = iri(mapping.predicate)
    target: URIRef | Literal = Literal(mapping.object) if mapping.predicate == "oboInOwl:hasDbXref" else iri(mapping.object)
    graph.add((subject, predicate, target))
    annotate(
        graph,
        subject,
        predicate,
        target,
        [
            (SSSOM.mapping_justification, URIRef(SEMAPV + mapping.justification.split(":", 1)[1])),
            (SSSOM.object_label, Literal(mapping.object_label)),
            (RDFS.comment, en(mapping.comment)),
        ],
    )


def _add_assertion(graph: Graph, source: Source, assertion: Assertion) -> None:
    subject = iri(assertion.subject)
    prop = URIRef(source.relations[assertion.relation].iri)
    fillers = tuple(iri(o) for o in assertion.objects)
    restriction, key = _restriction(graph, prop, fillers, "restriction", subject)
    graph.add((subject, RDFS.subClassOf, restriction))
    evidence = evidence_annotations(assertion.sources, source.article)
    evidence.append((EVIDENCE_NOTE, en(assertion.note)))
    if assertion.qualifier:
        evidence.append((QUALIFIER, Literal(assertion.qualifier)))
    annotate(graph, subject, RDFS.subClassOf, restriction, evidence, key=key)


def _restriction(graph: Graph, prop: URIRef, fillers: tuple[URIRef, ...], role: str, owner: URIRef) -> tuple[BNode, str]:
    """``prop some filler`` (one filler) or ``prop some (A or B ...)`` (alternatives), owned by one axiom.

    Returns the restriction node and a text key naming the expression. Blank nodes are never
    shared between axioms (only with the axiom's own annotation): each gets a name from its
    role, its owner and its content.
    """
    key = f"{owner.n3()} {prop.n3()} some {' or '.join(f.n3() for f in fillers)}"
    node = _bnode(role, key)
    graph.add((node, RDF.type, OWL.Restriction))
    graph.add((node, OWL.onProperty, prop))
    if len(fillers) == 1:
        graph.add((node, OWL.someValuesFrom, fillers[0]))
        return node, key
    union = _bnode(role, key, "union")
    graph.add((union, RDF.type, OWL.Class))
    graph.add((union, OWL.unionOf, _rdf_list(graph, fillers, role, key)))
    graph.add((node, OWL.someValuesFrom, union))
    return node, key


def _rdf_list(graph: Graph, items: tuple[URIRef, ...], role: str, key: str) -> BNode:
    cells = [_bnode(role, key, "list", str(i)) for i in range(len(items))]
    for i, (cell, item) in enumerate(zip(cells, items, strict=True)):
        graph.add((cell, RDF.first, item))
        graph.add((cell, RDF.rest, cells[i + 1] if i + 1 < len(cells) else RDF.nil))
    return cells[0]


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
