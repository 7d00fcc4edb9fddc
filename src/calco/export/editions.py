"""``calco-base.owl`` and ``calco-full.owl``: the two ODK release editions.

* base: CALCO's own axioms only, plus a declaration (``rdf:type owl:Class`` or property) of each
  external entity they refer to. No other triple has a foreign term (MONDO, UBERON, RO, IAO ...)
  as its subject, so importing the base never changes another ontology (ODK base specification);
  the import modules (``ontology/imports/``) are not in it.
* full: everything, import modules merged (upstream labels, definitions, ancestry), with the
  superclasses HermiT infers added as asserted ones, so tools that do no reasoning still see the
  classified hierarchy.

Each edition is its own ontology (``.../calco/calco-base.owl``) with a dated version IRI.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from calco.export.oxigraph import Triples, sort_triples
from calco.prefixes import CALCO, CALCO_TERM, ONTOLOGY_IRI

OBO = "http://purl.obolibrary.org/obo/"
_OWN = (str(CALCO_TERM), str(CALCO))
_TYPE, _AXIOM, _SOURCE = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(OWL.Axiom)), ox.NamedNode(str(OWL.annotatedSource))
_SUBCLASS, _VERSION_IRI, _DEFINED_BY = ox.NamedNode(str(RDFS.subClassOf)), ox.NamedNode(str(OWL.versionIRI)), ox.NamedNode(str(RDFS.isDefinedBy))
_MAIN = ox.NamedNode(ONTOLOGY_IRI)
_DECLARED = {ox.NamedNode(str(OWL.Class)), ox.NamedNode(str(OWL.ObjectProperty)), ox.NamedNode(str(OWL.AnnotationProperty))}


def is_own(node: object) -> bool:
    """True for CALCO's own entities: its classes, its properties and the ontology itself."""
    value = node.value if isinstance(node, ox.NamedNode) else str(node) if isinstance(node, URIRef) else None
    return value is not None and (value.startswith(_OWN) or value == ONTOLOGY_IRI)


def to_base(triples: Triples) -> list[ox.Triple]:
    """Own subjects' triples, the blank nodes they reach, and the annotations of their axioms.

    Works on the release's converted triples (see ``Release.triples``): at 100k terms a copy
    through rdflib's store cost more than writing the file.
    """
    by_blank: dict[ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    kept: list[ox.Triple] = []
    pending: list[ox.BlankNode] = []
    for triple in triples:
        subject, obj = triple.subject, triple.object
        if isinstance(subject, ox.BlankNode):
            by_blank[subject].append(triple)
        elif is_own(subject):
            kept.append(triple)
            if isinstance(obj, ox.BlankNode):
                pending.append(obj)
    for node, node_triples in by_blank.items():
        if ox.Triple(node, _TYPE, _AXIOM) in node_triples and any(t.predicate == _SOURCE and is_own(t.object) for t in node_triples):
            pending.append(node)
    seen: set[ox.BlankNode] = set()
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in by_blank.get(node, ()):
            kept.append(triple)
            if isinstance(triple.object, ox.BlankNode):
                pending.append(triple.object)
    return _as_edition([*kept, *_declarations(triples, kept)], "calco-base")


def _declarations(triples: Triples, kept: list[ox.Triple]) -> list[ox.Triple]:
    """``X rdf:type owl:Class`` (or property) for each external entity the base refers to.

    The ODK base holds no axiom about an external entity, but declares the ones it uses, so an
    OWL tool reading the base alone knows each is a class or a property (not an individual).
    """
    referenced = {t.object for t in kept if isinstance(t.object, ox.NamedNode) and not is_own(t.object)}
    referenced |= {t.predicate for t in kept if not is_own(t.predicate)}
    return [t for t in triples if t.subject in referenced and t.predicate == _TYPE and t.object in _DECLARED]


def to_full(triples: Triples, inferred: Iterable[tuple[str, str]]) -> list[ox.Triple]:
    """All triples plus every inferred named superclass as an asserted ``rdfs:subClassOf``."""
    added = (ox.Triple(ox.NamedNode(child), _SUBCLASS, ox.NamedNode(parent)) for child, parent in inferred)
    return _as_edition([*triples, *added], "calco-full")


def _as_edition(triples: Iterable[ox.Triple], name: str) -> list[ox.Triple]:
    """Rename the ontology node to the edition's IRI and point its version IRI at the edition file."""
    edition = ox.NamedNode(f"{OBO}calco/{name}.owl")

    def renamed() -> Iterator[ox.Triple]:
        for triple in triples:
            subject, predicate, obj = triple.subject, triple.predicate, triple.object
            if subject == _MAIN:
                if predicate == _VERSION_IRI and isinstance(obj, ox.NamedNode):
                    obj = ox.NamedNode(obj.value.replace("/calco.owl", f"/{name}.owl"))
                yield ox.Triple(edition, predicate, obj)
            elif obj == _MAIN and predicate != _DEFINED_BY:
                yield ox.Triple(subject, predicate, edition)
            else:
                yield triple

    return sort_triples(renamed())
