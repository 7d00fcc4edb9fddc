"""A per-term view of the release, shared by the term-oriented exports (OBO, OBO Graphs, the
spreadsheet and the framed JSON-LD), so the graph is read one way only.

The views are read from the release's :class:`~calco.triple_index.TripleIndex` (pyoxigraph terms,
one pass per term over what is said of it) and hold plain strings: IRIs as ``str``, texts as their
lexical form, which is what every consumer writes out (``compress(iri)``, a label, a JSON value).
The curator tools (site, diff) read small rdflib graphs; they pass ``index_of(graph)``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from calco.prefixes import CALCO, OBOINOWL, compress
from calco.triple_index import Subject, Term, TripleIndex
from calco.vocab import CALCO as CALCO_NS
from calco.vocab import CALCO_TERM, IAO, OMO, OWL, RDF, RDFS, XSD
from calco.vocab import OBOINOWL as OBOINOWL_NS

SCOPES = {
    OBOINOWL_NS.hasExactSynonym: "EXACT",
    OBOINOWL_NS.hasRelatedSynonym: "RELATED",
    OBOINOWL_NS.hasNarrowSynonym: "NARROW",
    OBOINOWL_NS.hasBroadSynonym: "BROAD",
}
LATIN = OMO["0003011"]
#: rdflib's name of the property, for :func:`assertion_views` (which reads rdflib rows).
SENTENCE_FINGERPRINT = CALCO["sentence_fingerprint"]
_FINGERPRINT = CALCO_NS["sentence_fingerprint"]
PROGNOSIS = CALCO_NS["prognosis"]
_TRUE = ("true", "1")  # the lexical forms of xsd:boolean true


@dataclass(frozen=True)
class Synonym:
    """A synonym with its OBO scope and, for Latin names, its synonym type."""

    text: str
    scope: str
    latin: bool = False


@dataclass
class TermView:
    """Everything the term-oriented exports need about one class (IRIs as strings)."""

    iri: str
    label: str = ""
    definition: str = ""
    definition_sources: list[str] = field(default_factory=list)
    #: ``locator sha256:...`` for each article locator among the definition's sources.
    definition_fingerprints: list[str] = field(default_factory=list)
    synonyms: list[Synonym] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    comment: str = ""
    parents: list[str] = field(default_factory=list)
    #: ``(property, filler)`` of each single-filler existential restriction the class is a subclass of.
    relations: list[tuple[str, str]] = field(default_factory=list)
    deprecated: bool = False
    replaced_by: str | None = None
    consider: list[str] = field(default_factory=list)
    obsolescence_reason: str | None = None
    prognosis: str = ""
    prognosis_sources: list[str] = field(default_factory=list)

    @property
    def curie(self) -> str:
        """The term's CURIE."""
        return compress(self.iri)


def term_views(index: TripleIndex) -> list[TermView]:
    """One view per CALCO class, in ID order. Relations are single-filler restrictions only.

    One look at what is said of each class (``predicate_objects``) and of its restrictions and
    axiom annotations; the axioms are grouped by annotated source and target once, so no answer
    scans the graph.
    """
    axioms = _axioms_by_source_and_target(index)
    latin_targets = {
        (index.value(a, OWL.annotatedSource), _text(index.value(a, OWL.annotatedTarget)))
        for a in index.subjects(OBOINOWL_NS.hasSynonymType, LATIN)
    }
    classes = sorted((c for c in index.subjects(RDF.type, OWL.Class) if c in CALCO_TERM), key=_iri)
    views = []
    for iri in classes:
        said = index.predicate_objects(iri)
        view = TermView(iri.value)
        view.label = _first_text(said.get(RDFS.label))
        definitions = said.get(IAO["0000115"])
        if definitions:
            definition = definitions[0]
            view.definition = definition.value
            view.definition_sources = _annotations(index, axioms.get((iri, definition), ()), OBOINOWL_NS.hasDbXref)
            view.definition_fingerprints = _annotations(index, axioms.get((iri, definition), ()), _FINGERPRINT)
        for synonym_property, scope in SCOPES.items():
            for text in sorted(o.value for o in said.get(synonym_property, ())):
                view.synonyms.append(Synonym(text, scope, (iri, text) in latin_targets))
        view.xrefs = sorted(x.value for x in said.get(OBOINOWL_NS.hasDbXref, ()))
        view.comment = _first_text(said.get(RDFS.comment))
        for parent in said.get(RDFS.subClassOf, ()):
            if isinstance(parent, ox.NamedNode):
                view.parents.append(parent.value)
            elif isinstance(parent, ox.BlankNode):
                prop, filler = index.value(parent, OWL.onProperty), index.value(parent, OWL.someValuesFrom)
                if isinstance(prop, ox.NamedNode) and isinstance(filler, ox.NamedNode):
                    view.relations.append((prop.value, filler.value))
        view.parents.sort()
        view.relations.sort()
        view.deprecated = _is_true(said.get(OWL.deprecated))
        view.replaced_by = _first_iri(said.get(IAO["0100001"]))
        view.consider = sorted(c.value for c in said.get(OBOINOWL_NS.consider, ()) if isinstance(c, ox.NamedNode))
        view.obsolescence_reason = _first_iri(said.get(IAO["0000231"]))
        prognoses = said.get(PROGNOSIS)
        if prognoses:
            view.prognosis = prognoses[0].value
            view.prognosis_sources = _annotations(index, axioms.get((iri, prognoses[0]), ()), OBOINOWL_NS.hasDbXref)
        views.append(view)
    return views


def label_of(index: TripleIndex, iri: str | ox.NamedNode) -> str:
    """The label of any term or property in the graph ("" if none)."""
    node = iri if isinstance(iri, ox.NamedNode) else ox.NamedNode(iri)
    return _text(index.value(node, RDFS.label))


def _axioms_by_source_and_target(index: TripleIndex) -> dict[tuple[Term | None, Term | None], list[Subject]]:
    """Every ``owl:Axiom`` node, keyed by its annotated source and target (one pass)."""
    axioms: dict[tuple[Term | None, Term | None], list[Subject]] = defaultdict(list)
    for axiom, source in index.subject_objects(OWL.annotatedSource):
        axioms[(source, index.value(axiom, OWL.annotatedTarget))].append(axiom)
    return axioms


def _annotations(index: TripleIndex, axioms: list[Subject] | tuple[()], prop: ox.NamedNode) -> list[str]:
    """The values of one annotation property on the given axioms, sorted."""
    return sorted(value.value for axiom in axioms for value in index.objects(axiom, prop))


def _text(term: Term | None) -> str:
    return "" if term is None else term.value


def _first_text(values: list[Term] | None) -> str:
    return values[0].value if values else ""


def _first_iri(values: list[Term] | None) -> str | None:
    return values[0].value if values and isinstance(values[0], ox.NamedNode) else None


def _is_true(values: list[Term] | None) -> bool:
    """rdflib's ``graph.value(s, p) == Literal(True)``: the first value is xsd:boolean true."""
    if not values:
        return False
    first = values[0]
    return isinstance(first, ox.Literal) and first.datatype == XSD.boolean and first.value in _TRUE


def _iri(node: Subject) -> str:
    return node.value


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


def assertion_views(graph: Graph) -> list[AssertionView]:
    """Every curated existential restriction, alternatives included, in curators' CURIEs.

    The rows are :func:`calco.export.relation_graph.relation_rows`, the one reading of what a
    curated axiom is (it carries a CALCO evidence note; restrictions that imported modules bring
    along do not), so the site, the diff and the direct-edge layer see the same rows.
    """
    from calco.export.relation_graph import relation_rows

    views = []
    for row in relation_rows(graph):
        views.append(
            AssertionView(
                subject=compress(str(row.subject)),
                relation=compress(str(row.relation)),
                objects=tuple(sorted(compress(str(o)) for o in row.objects)),
                sources=_values(row.annotations, OBOINOWL.hasDbXref),
                note=next(iter(_values(row.annotations, CALCO["evidence_note"])), ""),
                qualifier=next(iter(_values(row.annotations, CALCO["qualifier"])), ""),
                fingerprints=_values(row.annotations, SENTENCE_FINGERPRINT),
            )
        )
    return sorted(views, key=lambda v: (v.subject, v.relation, v.objects))


def _values(annotations: tuple[tuple[URIRef, Node], ...], prop: URIRef) -> tuple[str, ...]:
    """The values of one annotation property among a row's axiom annotations, sorted."""
    return tuple(sorted(str(value) for p, value in annotations if p == prop))
