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

import bisect
import functools
from collections import defaultdict
from collections.abc import Iterable

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

    Works on the release's sorted triples (see ``Release.triples``) and keeps their order: one
    pass finds what the base holds, a second filters, so nothing is sorted again (at 100k terms
    re-sorting 4 M triples cost more than writing the file).
    """
    own = functools.lru_cache(maxsize=None)(is_own)  # 4 M triples, far fewer distinct nodes
    by_blank: dict[ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    pending: list[ox.BlankNode] = []
    used: set[ox.NamedNode] = set()

    def note_used(triple: ox.Triple) -> None:
        predicate, obj = triple.predicate, triple.object
        if not own(predicate):
            used.add(predicate)
        if isinstance(obj, ox.NamedNode) and not own(obj):
            used.add(obj)

    axioms: set[ox.BlankNode] = set()  # owl:Axiom nodes
    about_own: list[ox.BlankNode] = []  # blank nodes whose owl:annotatedSource is an own entity
    for triple in triples:
        subject, obj = triple.subject, triple.object
        if isinstance(subject, ox.BlankNode):
            by_blank[subject].append(triple)
            predicate = triple.predicate
            if predicate == _TYPE and obj == _AXIOM:
                axioms.add(subject)
            elif predicate == _SOURCE and isinstance(obj, ox.NamedNode) and own(obj):
                about_own.append(subject)
        elif own(subject):
            note_used(triple)
            if isinstance(obj, ox.BlankNode):
                pending.append(obj)
    pending += (node for node in about_own if node in axioms)
    reached: set[ox.BlankNode] = set()
    while pending:
        node = pending.pop()
        if node in reached:
            continue
        reached.add(node)
        for triple in by_blank.get(node, ()):
            note_used(triple)
            if isinstance(triple.object, ox.BlankNode):
                pending.append(triple.object)

    def kept(triple: ox.Triple) -> bool:
        subject = triple.subject
        if isinstance(subject, ox.BlankNode):
            return subject in reached
        if own(subject):
            return True
        # The declarations (``X rdf:type owl:Class`` ...) of the foreign entities the base mentions.
        return triple.predicate == _TYPE and triple.object in _ENTITY_TYPES and subject in used

    return _as_edition([t for t in triples if kept(t)], "calco-base")


def to_full(triples: Triples, inferred: Iterable[tuple[str, str]]) -> list[ox.Triple]:
    """All triples plus every inferred named superclass as an asserted ``rdfs:subClassOf``."""
    added = [ox.Triple(ox.NamedNode(child), _SUBCLASS, ox.NamedNode(parent)) for child, parent in inferred]
    return _as_edition(triples, "calco-full", added)


def _as_edition(triples: Triples, name: str, added: Iterable[ox.Triple] = ()) -> list[ox.Triple]:
    """Rename the ontology node to the edition's IRI and point its version IRI at the edition file.

    ``triples`` are sorted and distinct; the result is too. The few triples that change (the
    ontology's own, and those pointing at it) and ``added`` are sorted alone and put into place
    by binary search, so the millions of others keep their order without a sort.
    """
    edition = ox.NamedNode(f"{OBO}calco/{name}.owl")
    unchanged: list[ox.Triple] = []
    changed: list[ox.Triple] = list(added)
    for triple in triples:
        subject, predicate, obj = triple.subject, triple.predicate, triple.object
        if subject == _MAIN:
            if predicate == _VERSION_IRI and isinstance(obj, ox.NamedNode):
                obj = ox.NamedNode(obj.value.replace("/calco.owl", f"/{name}.owl"))
            changed.append(ox.Triple(edition, predicate, obj))
        elif obj == _MAIN and predicate != _DEFINED_BY:
            changed.append(ox.Triple(subject, predicate, edition))
        else:
            unchanged.append(triple)
    if not changed:
        return unchanged
    out: list[ox.Triple] = []
    start = 0
    for triple in sort_triples(changed):
        at = bisect.bisect_left(unchanged, str(triple), lo=start, key=str)
        out += unchanged[start:at]
        start = at
        if at < len(unchanged) and unchanged[at] == triple:
            continue  # already there (an inferred edge also asserted)
        out.append(triple)
    out += unchanged[start:]
    return out
