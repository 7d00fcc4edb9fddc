"""``calco-base.owl`` and ``calco-full.owl``: the two ODK release editions.

* base: CALCO's own axioms only. No triple has a foreign term (MONDO, UBERON, RO, IAO ...) as
  its subject, so importing the base never changes another ontology (ODK base specification),
  except the declarations of the foreign entities the base uses (``MONDO_x a owl:Class``,
  ``IAO_0000115 a owl:AnnotationProperty``): OWL 2 DL requires every used entity declared, and
  without them OWL API reports profile violations and py-horned-owl reads annotations as data.
  The import modules (``ontology/imports/``) are not in it.
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
#: The OWL entity types whose declaration triples the base keeps for the foreign entities it uses.
_ENTITY_TYPES = frozenset(
    ox.NamedNode(str(t)) for t in (OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty, OWL.DatatypeProperty, OWL.NamedIndividual, RDFS.Datatype)
)


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
    return _as_edition([*kept, *_declarations_used(triples, kept)], "calco-base")


def _declarations_used(triples: Triples, kept: list[ox.Triple]) -> list[ox.Triple]:
    """The declaration triples (``X rdf:type owl:Class`` ...) of the foreign entities ``kept`` mentions."""
    used = {node for t in kept for node in (t.predicate, t.object) if isinstance(node, ox.NamedNode) and not is_own(node)}
    return [t for t in triples if t.predicate == _TYPE and t.object in _ENTITY_TYPES and t.subject in used]


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
