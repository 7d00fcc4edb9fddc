"""A per-term view of the release, shared by the term-oriented exports (OBO, OBO Graphs, the
spreadsheet and the framed JSON-LD), so the graph is read one way only.

The views are read from the release's :class:`~calco.triple_index.TripleIndex` (pyoxigraph terms,
one pass per term over what is said of it) and hold plain strings: IRIs as ``str``, texts as their
lexical form, which is what every consumer writes out (``compress(iri)``, a label, a JSON value).
The curator tools (site, diff) read small rdflib graphs; they pass ``index_of(graph)``.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from calco.prefixes import compress
from calco.triple_index import Subject, Term, TripleIndex
from calco.vocab import CALCO as CALCO_NS
from calco.vocab import CALCO_TERM, IAO, OMO, OWL, RDFS, XSD
from calco.vocab import OBOINOWL as OBOINOWL_NS

SCOPES = {
    OBOINOWL_NS.hasExactSynonym: "EXACT",
    OBOINOWL_NS.hasRelatedSynonym: "RELATED",
    OBOINOWL_NS.hasNarrowSynonym: "NARROW",
    OBOINOWL_NS.hasBroadSynonym: "BROAD",
}
LATIN = OMO["0003011"]
_FINGERPRINT = CALCO_NS["sentence_fingerprint"]
PROGNOSIS = CALCO_NS["prognosis"]
_TRUE = ("true", "1")  # the lexical forms of xsd:boolean true
# Looked up once per term and property: module constants, not a namespace look-up each time.
_SCOPE_ITEMS = tuple(SCOPES.items())
_CLASS, _LABEL, _COMMENT, _SUBCLASS_OF = OWL.Class, RDFS.label, RDFS.comment, RDFS.subClassOf
_DEFINITION, _REPLACED_BY, _OBSOLESCENCE_REASON = IAO["0000115"], IAO["0100001"], IAO["0000231"]
_XREF, _CONSIDER, _SYNONYM_TYPE = OBOINOWL_NS.hasDbXref, OBOINOWL_NS.consider, OBOINOWL_NS.hasSynonymType
_DEPRECATED, _ON_PROPERTY, _SOME_VALUES_FROM = OWL.deprecated, OWL.onProperty, OWL.someValuesFrom
_SOURCE, _PROPERTY, _TARGET = OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget


@dataclass(frozen=True)
class Synonym:
    """A synonym with its OBO scope and, for Latin names, its synonym type."""

    text: str
    scope: str
    latin: bool = False


@dataclass(frozen=True)
class TermView:
    """Everything the term-oriented exports need about one class (IRIs as strings).

    Immutable: the views of an index are made once and shared by every export that reads them.
    """

    iri: str
    label: str = ""
    definition: str = ""
    definition_sources: tuple[str, ...] = ()
    #: ``locator sha256:...`` for each article locator among the definition's sources.
    definition_fingerprints: tuple[str, ...] = ()
    synonyms: tuple[Synonym, ...] = ()
    xrefs: tuple[str, ...] = ()
    comment: str = ""
    parents: tuple[str, ...] = ()
    #: ``(property, filler)`` of each single-filler existential restriction the class is a subclass of.
    relations: tuple[tuple[str, str], ...] = ()
    deprecated: bool = False
    replaced_by: str | None = None
    consider: tuple[str, ...] = ()
    obsolescence_reason: str | None = None
    prognosis: str = ""
    prognosis_sources: tuple[str, ...] = ()

    @property
    def curie(self) -> str:
        """The term's CURIE."""
        return compress(self.iri)


#: The views of each index, made on first use (see :func:`term_views`).
_VIEWS: weakref.WeakKeyDictionary[TripleIndex, tuple[TermView, ...]] = weakref.WeakKeyDictionary()


def term_views(index: TripleIndex) -> tuple[TermView, ...]:
    """One view per CALCO class, in ID order. Relations are single-filler restrictions only.

    Made once per index (the index is read-only, so they cannot go stale) and shared by the
    exports that read them (OBO, OBO Graphs, the terms table, the framed JSON-LD). One look at
    what is said of each class (``predicate_objects``) and of its restrictions; the axioms that
    carry a definition's or a prognosis's sources are grouped by annotated source and target once
    (from the ``owl:annotatedProperty`` side of the index), so no answer scans the graph.
    """
    views = _VIEWS.get(index)
    if views is None:
        views = _VIEWS[index] = _term_views(index)
    return views


def _term_views(index: TripleIndex) -> tuple[TermView, ...]:
    definition_axioms = _axioms_on(index, _DEFINITION)
    prognosis_axioms = _axioms_on(index, PROGNOSIS)
    latin_targets = {(index.value(a, _SOURCE), _text(index.value(a, _TARGET))) for a in index.subjects(_SYNONYM_TYPE, LATIN)}
    classes = [c for c in index.instances(_CLASS) if c in CALCO_TERM]
    views: list[TermView] = []
    for iri in classes:
        said = index.predicate_objects(iri)
        definition = ""
        definition_sources: tuple[str, ...] = ()
        definition_fingerprints: tuple[str, ...] = ()
        definitions = said.get(_DEFINITION)
        if definitions:
            axioms = definition_axioms.get((iri, definitions[0]), ())
            definition = definitions[0].value
            definition_sources = _annotations(index, axioms, _XREF)
            definition_fingerprints = _annotations(index, axioms, _FINGERPRINT)
        prognosis = ""
        prognosis_sources: tuple[str, ...] = ()
        prognoses = said.get(PROGNOSIS)
        if prognoses:
            prognosis = prognoses[0].value
            prognosis_sources = _annotations(index, prognosis_axioms.get((iri, prognoses[0]), ()), _XREF)
        synonyms = []
        for synonym_property, scope in _SCOPE_ITEMS:
            values = said.get(synonym_property)
            if values:
                for text in sorted(o.value for o in values):
                    synonyms.append(Synonym(text, scope, (iri, text) in latin_targets))
        parents, relations = [], []
        for parent in said.get(_SUBCLASS_OF, ()):
            if isinstance(parent, ox.NamedNode):
                parents.append(parent.value)
            elif isinstance(parent, ox.BlankNode):
                prop, filler = index.value(parent, _ON_PROPERTY), index.value(parent, _SOME_VALUES_FROM)
                if isinstance(prop, ox.NamedNode) and isinstance(filler, ox.NamedNode):
                    relations.append((prop.value, filler.value))
        parents.sort()
        relations.sort()
        views.append(
            TermView(
                iri=iri.value,
                label=_first_text(said.get(_LABEL)),
                definition=definition,
                definition_sources=definition_sources,
                definition_fingerprints=definition_fingerprints,
                synonyms=tuple(synonyms),
                xrefs=tuple(sorted(x.value for x in said.get(_XREF, ()))),
                comment=_first_text(said.get(_COMMENT)),
                parents=tuple(parents),
                relations=tuple(relations),
                deprecated=_is_true(said.get(_DEPRECATED)),
                replaced_by=_first_iri(said.get(_REPLACED_BY)),
                consider=tuple(sorted(c.value for c in said.get(_CONSIDER, ()) if isinstance(c, ox.NamedNode))),
                obsolescence_reason=_first_iri(said.get(_OBSOLESCENCE_REASON)),
                prognosis=prognosis,
                prognosis_sources=prognosis_sources,
            )
        )
    return tuple(views)


def label_of(index: TripleIndex, iri: str | ox.NamedNode) -> str:
    """The label of any term or property in the graph ("" if none)."""
    node = iri if isinstance(iri, ox.NamedNode) else ox.NamedNode(iri)
    return _text(index.value(node, _LABEL))


def _axioms_on(index: TripleIndex, prop: ox.NamedNode) -> dict[tuple[Term | None, Term | None], list[Subject]]:
    """The ``owl:Axiom`` nodes annotating ``?source prop ?target``, keyed by source and target."""
    axioms: dict[tuple[Term | None, Term | None], list[Subject]] = defaultdict(list)
    for axiom in index.subjects(_PROPERTY, prop):
        axioms[(index.value(axiom, _SOURCE), index.value(axiom, _TARGET))].append(axiom)
    return axioms


def _annotations(index: TripleIndex, axioms: list[Subject] | tuple[()], prop: ox.NamedNode) -> tuple[str, ...]:
    """The values of one annotation property on the given axioms, sorted."""
    return tuple(sorted(value.value for axiom in axioms for value in index.objects(axiom, prop)))


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

    views = []
    for row in relation_rows(index):
        views.append(
            AssertionView(
                subject=compress(row.subject.value),
                relation=compress(row.relation.value),
                objects=tuple(sorted(compress(o.value) for o in row.objects)),
                sources=row.values(_XREF),
                note=next(iter(row.values(CALCO_NS["evidence_note"])), ""),
                qualifier=next(iter(row.values(CALCO_NS["qualifier"])), ""),
                fingerprints=row.values(_FINGERPRINT),
            )
        )
    return sorted(views, key=lambda v: (v.subject, v.relation, v.objects))
