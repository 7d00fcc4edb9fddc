"""``calco-relations.ttl``: the direct-edge layer, one evidenced triple per curated fact.

The OWL exports state each ``relations.tsv`` row as an axiom (``S SubClassOf R some O``, or
``R some (A or B ...)`` for alternatives) that reasoners read but plain SPARQL does not. This module
derives, from those annotated axioms alone, the layer SPARQL users and knowledge graphs need:

* **Asserted edges.** Every member of every row is one triple ``S P O``. For a row with one object
  ``P`` is the row's relation ``R`` (the axiom entails the edge). For a member of an alternative
  ``P`` is the property that ``calco-header.ttl`` declares ``calco:alternative_member_of R``
  (``calco:possibly_caused_by`` ...): the axiom entails only that *one of* the members holds.
* **Evidence, one hop from the edge.** Each asserted edge has one ``owl:Axiom`` node per row it
  comes from, with ``owl:annotatedSource S``, ``owl:annotatedProperty P``, ``owl:annotatedTarget O``
  (the OWL 2 reification vocabulary that the OWL exports use for the row's own axiom) and *every*
  annotation of the row's axiom copied as it is: sources, note, qualifier, and whatever evidence
  annotations curators add later. Plain triples, so Oxigraph, rdflib and Jena all read them.
* **Inherited edges.** ``S P O`` for every asserted edge ``A P O`` of a CALCO superclass ``A`` of
  S (asserted, or inferred by HermiT): what OWL entails down CALCO's hierarchy. They have no
  evidence node; the evidence sits on the ancestor's asserted edge. An inherited *possible* edge is
  left out where the class has the definite edge to the same object (one fact, one edge). Edges
  asserted on a reused class (the therapy of a cause, ``MONDO:0005557 treated_by ...``) are facts
  about that class, reached from a form through ``caused_by``; with the import modules merged OWL
  also entails them for every CALCO form under that class upstream (MONDO places calcinosis under
  calcium metabolic disease), which the article does not say of those forms, so they are not
  inherited here.

The informative-edge rule: objects are only the objects that rows name, never their superclasses,
and a relation's super-properties are not repeated as extra edges (``calco:affects_organ`` is
declared a sub-property of ``RO:0004026`` in ``calco.ttl``). So an edge to the root of an imported
ontology (``MAXO:0000001`` medical action) exists only where a row asserts it, and the graph does
not grow when import modules bring in the whole upstream ancestry of the reused terms.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from calco.errors import CalcoError
from calco.export.oxigraph import convert_triples
from calco.prefixes import CALCO, CALCO_TERM, compress

Edge = tuple[URIRef, URIRef, URIRef]
ALTERNATIVE_MEMBER_OF = CALCO["alternative_member_of"]
EVIDENCE_NOTE = CALCO["evidence_note"]
#: Annotations of the row axiom that are its structure, not its evidence.
STRUCTURAL = frozenset({RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget})


@dataclass(frozen=True)
class Row:
    """One ``relations.tsv`` row as the OWL graph states it: an annotated existential axiom."""

    subject: URIRef
    relation: URIRef
    objects: tuple[URIRef, ...]
    #: Every (property, value) annotation of the row's ``owl:Axiom``, structure excluded.
    annotations: tuple[tuple[URIRef, Node], ...]
    #: The row's axiom node, for copying annotation values that are themselves blank nodes.
    axiom: Node

    @property
    def alternatives(self) -> bool:
        """True when the row's object is a union: each member holds only possibly."""
        return len(self.objects) > 1


@dataclass(frozen=True)
class Evidence:
    """The evidence node of one asserted edge: the edge it annotates and the row it comes from."""

    node: URIRef
    edge: Edge
    row: Row


@dataclass(frozen=True)
class DirectLayer:
    """The direct edges of a release: asserted ones with their evidence, and inherited ones."""

    asserted: frozenset[Edge]
    inherited: frozenset[Edge]
    evidence: tuple[Evidence, ...]

    @property
    def edges(self) -> set[Edge]:
        """Every direct edge, asserted or inherited."""
        return set(self.asserted | self.inherited)


def relation_rows(graph: Graph) -> list[Row]:
    """Every curated existential axiom, alternatives included, in a fixed order.

    A curated row is recognised by its evidence note (every ``relations.tsv`` row has one), not by
    a CALCO subject: a therapy for a cause hangs on the reused cause (``MONDO:0001566 treated_by
    ...``), and the axioms that import modules bring in carry no CALCO evidence.
    """
    rows = []
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        subject, target = graph.value(axiom, OWL.annotatedSource), graph.value(axiom, OWL.annotatedTarget)
        if not isinstance(subject, URIRef) or (axiom, EVIDENCE_NOTE, None) not in graph:
            continue
        if graph.value(axiom, OWL.annotatedProperty) != RDFS.subClassOf or target is None:
            continue
        relation, filler = graph.value(target, OWL.onProperty), graph.value(target, OWL.someValuesFrom)
        if not isinstance(relation, URIRef) or filler is None:
            continue
        if isinstance(filler, URIRef):
            objects: tuple[URIRef, ...] = (filler,)
        else:
            members = graph.value(filler, OWL.unionOf)
            if members is None:
                continue
            objects = tuple(sorted(o for o in Collection(graph, members) if isinstance(o, URIRef)))
        annotations = tuple(
            sorted(((p, o) for p, o in graph.predicate_objects(axiom) if isinstance(p, URIRef) and p not in STRUCTURAL), key=lambda a: (str(a[0]), a[1].n3()))
        )
        rows.append(Row(subject, relation, objects, annotations, axiom))
    return sorted(rows, key=lambda r: (r.subject, r.relation, r.objects))


def alternative_properties(graph: Graph) -> dict[URIRef, URIRef]:
    """Relation R -> the property written for each member of an alternative of R."""
    found: dict[URIRef, URIRef] = {}
    for prop, relation in graph.subject_objects(ALTERNATIVE_MEMBER_OF):
        if isinstance(prop, URIRef) and isinstance(relation, URIRef):
            if relation in found and found[relation] != prop:
                raise CalcoError(f"calco-header.ttl: both {compress(str(found[relation]))} and {compress(str(prop))} are declared calco:alternative_member_of {compress(str(relation))}; keep one")
            found[relation] = prop
    return found


def direct_layer(graph: Graph, inferred: Iterable[tuple[str, str]] = ()) -> DirectLayer:
    """The direct edges the rows of ``graph`` assert, their evidence, and what CALCO classes inherit."""
    possible = alternative_properties(graph)
    asserted: dict[URIRef, set[tuple[URIRef, URIRef]]] = defaultdict(set)
    evidence: list[Evidence] = []
    for row in relation_rows(graph):
        predicate = row.relation
        if row.alternatives:
            if row.relation not in possible:
                raise CalcoError(
                    f"ontology/relations.tsv: {compress(str(row.subject))} {compress(str(row.relation))} has alternatives, but no property in "
                    f"calco-header.ttl is declared calco:alternative_member_of {compress(str(row.relation))}; declare one (ontology/README.md, direct edges)"
                )
            predicate = possible[row.relation]
        for obj in row.objects:
            asserted[row.subject].add((predicate, obj))
            edge = (row.subject, predicate, obj)
            evidence.append(Evidence(evidence_node(edge, row), edge, row))

    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents[child].add(parent)
    for child_iri, parent_iri in inferred:
        parents[URIRef(child_iri)].add(URIRef(parent_iri))
    own = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(CALCO_TERM))}
    direct = {(s, p, o) for s, pairs in asserted.items() for p, o in pairs}
    inherited = set()
    for subject in own:
        for ancestor in (closure(subject, parents) - {subject}) & own:
            for p, o in asserted.get(ancestor, ()):
                if (subject, p, o) not in direct:
                    inherited.add((subject, p, o))
    # A possible edge says less than a definite one to the same object: a class that inherits
    # "possibly caused by O" but is itself "caused by O" keeps the definite edge only.
    definite_of = {p: r for r, p in possible.items()}
    known = direct | inherited
    inherited = {(s, p, o) for s, p, o in inherited if not (p in definite_of and (s, definite_of[p], o) in known)}
    return DirectLayer(frozenset(direct), frozenset(inherited), tuple(sorted(evidence, key=lambda e: str(e.node))))


def evidence_node(edge: Edge, row: Row) -> URIRef:
    """A stable IRI for the evidence of ``edge`` from ``row``: the same edge and row give the same IRI.

    A UUID (version 5) of the edge and of the row's relation and objects, so that one edge named by
    two rows has two evidence nodes, and the KGX edge ``id`` is the same IRI.
    """
    key = " ".join(str(t) for t in (*edge, row.relation, *row.objects))
    return URIRef(uuid.uuid5(uuid.NAMESPACE_URL, key).urn)



def closure(start: URIRef, up: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """``start`` and everything above it (iterative, safe on cycles)."""
    seen = {start}
    stack = [start]
    while stack:
        for nxt in up.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def layer_triples(graph: Graph, layer: DirectLayer) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of the relation graph: every edge, and every evidence node with its annotations."""
    yield from layer.edges
    for item in layer.evidence:
        s, p, o = item.edge
        yield item.node, RDF.type, OWL.Axiom
        yield item.node, OWL.annotatedSource, s
        yield item.node, OWL.annotatedProperty, p
        yield item.node, OWL.annotatedTarget, o
        for prop, value in item.row.annotations:
            yield item.node, prop, value
            if isinstance(value, BNode):
                yield from _reachable(graph, value)


def _reachable(graph: Graph, node: BNode) -> Iterator[tuple[Node, Node, Node]]:
    """The triples describing a blank-node annotation value (and the blank nodes it reaches)."""
    seen, stack = {node}, [node]
    while stack:
        current = stack.pop()
        for p, o in graph.predicate_objects(current):
            yield current, p, o
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                stack.append(o)


def to_relation_graph(graph: Graph, layer: DirectLayer) -> list[ox.Triple]:
    """The relation graph as sorted pyoxigraph triples (labels live in calco.ttl)."""
    return convert_triples(layer_triples(graph, layer))

