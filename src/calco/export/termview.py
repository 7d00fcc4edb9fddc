"""A per-term view of the assembled graph, shared by the term-oriented exports (OBO, OBO Graphs,
the spreadsheet and the framed JSON-LD), so the graph is read one way only."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from calco.prefixes import CALCO, CALCO_TERM, IAO, OBOINOWL, OMO, compress
from calco.triple_index import TripleIndex

SCOPES = {
    OBOINOWL.hasExactSynonym: "EXACT",
    OBOINOWL.hasRelatedSynonym: "RELATED",
    OBOINOWL.hasNarrowSynonym: "NARROW",
    OBOINOWL.hasBroadSynonym: "BROAD",
}
LATIN = OMO["0003011"]
SENTENCE_FINGERPRINT = CALCO["sentence_fingerprint"]


@dataclass(frozen=True)
class Synonym:
    """A synonym with its OBO scope and, for Latin names, its synonym type."""

    text: str
    scope: str
    latin: bool = False


@dataclass
class TermView:
    """Everything the term-oriented exports need about one class."""

    iri: URIRef
    label: str = ""
    definition: str = ""
    definition_sources: list[str] = field(default_factory=list)
    #: ``locator sha256:...`` for each article locator among the definition's sources.
    definition_fingerprints: list[str] = field(default_factory=list)
    synonyms: list[Synonym] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    comment: str = ""
    parents: list[URIRef] = field(default_factory=list)
    relations: list[tuple[URIRef, URIRef]] = field(default_factory=list)
    deprecated: bool = False
    replaced_by: URIRef | None = None
    consider: list[URIRef] = field(default_factory=list)
    obsolescence_reason: URIRef | None = None

    @property
    def curie(self) -> str:
        """The term's CURIE."""
        return compress(str(self.iri))


def term_views(graph: Graph) -> list[TermView]:
    """One view per CALCO class, in ID order. Relations are single-filler restrictions only."""
    latin_targets = {
        (graph.value(a, OWL.annotatedSource), str(graph.value(a, OWL.annotatedTarget)))
        for a in graph.subjects(OBOINOWL.hasSynonymType, LATIN)
    }
    views = []
    for iri in sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(CALCO_TERM))):
        view = TermView(iri)
        view.label = str(graph.value(iri, RDFS.label) or "")
        definition = graph.value(iri, IAO["0000115"])
        if definition is not None:
            view.definition = str(definition)
            axioms = [a for a in graph.subjects(OWL.annotatedTarget, definition) if graph.value(a, OWL.annotatedSource) == iri]
            view.definition_sources = sorted(str(x) for a in axioms for x in graph.objects(a, OBOINOWL.hasDbXref))
            view.definition_fingerprints = sorted(str(x) for a in axioms for x in graph.objects(a, SENTENCE_FINGERPRINT))
        for synonym_property, scope in SCOPES.items():
            for value in sorted(graph.objects(iri, synonym_property), key=str):
                view.synonyms.append(Synonym(str(value), scope, (iri, str(value)) in latin_targets))
        view.xrefs = sorted(str(x) for x in graph.objects(iri, OBOINOWL.hasDbXref))
        view.comment = str(graph.value(iri, RDFS.comment) or "")
        for parent in graph.objects(iri, RDFS.subClassOf):
            if isinstance(parent, URIRef):
                view.parents.append(parent)
            else:
                prop, filler = graph.value(parent, OWL.onProperty), graph.value(parent, OWL.someValuesFrom)
                if isinstance(prop, URIRef) and isinstance(filler, URIRef):
                    view.relations.append((prop, filler))
        view.parents.sort()
        view.relations.sort()
        view.deprecated = graph.value(iri, OWL.deprecated) == Literal(True)
        replacement = graph.value(iri, IAO["0100001"])
        view.replaced_by = replacement if isinstance(replacement, URIRef) else None
        view.consider = sorted(c for c in graph.objects(iri, OBOINOWL.consider) if isinstance(c, URIRef))
        reason = graph.value(iri, IAO["0000231"])
        view.obsolescence_reason = reason if isinstance(reason, URIRef) else None
        views.append(view)
    return views


def label_of(graph: Graph, iri: URIRef) -> str:
    """The label of any term or property in the graph ("" if none)."""
    return str(graph.value(iri, RDFS.label) or "")


@dataclass(frozen=True)
class AssertionView:
    """A relation axiom read back from the graph: subject, property, filler(s) and its evidence."""

    subject: str
    relation: str
    objects: tuple[str, ...]
    sources: tuple[str, ...]
    note: str
    qualifier: str
    #: ``locator sha256:...`` for each article locator among the sources.
    fingerprints: tuple[str, ...] = ()


def assertion_views(index: TripleIndex) -> list[AssertionView]:
    """Every curated existential restriction, alternatives included, in curators' CURIEs.

    The rows are :func:`calco.export.relation_graph.relation_rows`, the one reading of what a
    curated axiom is (it carries a CALCO evidence note; restrictions that imported modules bring
    along do not), so the site, the diff and the direct-edge layer see the same rows. The curator
    tools read small rdflib graphs and pass ``calco.triple_index.index_of(graph)``.
    """
    from calco.export.relation_graph import relation_rows
    from calco.vocab import CALCO as CALCO_PROPERTY
    from calco.vocab import OBOINOWL as OBOINOWL_PROPERTY

    views = []
    for row in relation_rows(index):
        views.append(
            AssertionView(
                subject=compress(row.subject.value),
                relation=compress(row.relation.value),
                objects=tuple(sorted(compress(o.value) for o in row.objects)),
                sources=row.values(OBOINOWL_PROPERTY.hasDbXref),
                note=next(iter(row.values(CALCO_PROPERTY["evidence_note"])), ""),
                qualifier=next(iter(row.values(CALCO_PROPERTY["qualifier"])), ""),
                fingerprints=row.values(CALCO_PROPERTY["sentence_fingerprint"]),
            )
        )
    return sorted(views, key=lambda v: (v.subject, v.relation, v.objects))
