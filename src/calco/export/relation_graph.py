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

Everything is read from the release's :class:`calco.triple_index.TripleIndex` in one pass over the
axioms, and what each class inherits is computed once per class (:mod:`calco.export.upward`), so
the layer costs about as much as the edges it writes.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from calco.errors import CalcoError
from calco.export.upward import Upward
from calco.prefixes import compress
from calco.triple_index import Subject, Term, TripleIndex
from calco.vocab import CALCO, CALCO_TERM, OWL, RDF, RDFS

#: A direct edge ``S P O`` between named classes.
Edge = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]
#: The ``(P, O)`` of a class's edge.
Pair = tuple[ox.NamedNode, ox.NamedNode]
NOTHING: frozenset[Pair] = frozenset()
ALTERNATIVE_MEMBER_OF = CALCO["alternative_member_of"]
EVIDENCE_NOTE = CALCO["evidence_note"]
TYPE, AXIOM, CLASS, SUBCLASS_OF = RDF.type, OWL.Axiom, OWL.Class, RDFS.subClassOf
SOURCE, PROPERTY, TARGET = OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget
ON_PROPERTY, SOME_VALUES_FROM, UNION_OF = OWL.onProperty, OWL.someValuesFrom, OWL.unionOf
#: Annotations of the row axiom that are its structure, not its evidence.
STRUCTURAL = frozenset({TYPE, SOURCE, PROPERTY, TARGET})


@dataclass(frozen=True)
class Row:
    """One ``relations.tsv`` row as the OWL graph states it: an annotated existential axiom."""

    subject: ox.NamedNode
    relation: ox.NamedNode
    #: The named members, in IRI order (one for a plain row, several for alternatives).
    objects: tuple[ox.NamedNode, ...]
    #: Every (property, value) annotation of the row's ``owl:Axiom``, structure excluded, in triple order.
    annotations: tuple[tuple[ox.NamedNode, Term], ...]
    #: The row's axiom node, for copying annotation values that are themselves blank nodes.
    axiom: Subject

    @property
    def alternatives(self) -> bool:
        """True when the row's object is a union: each member holds only possibly."""
        return len(self.objects) > 1

    def values(self, prop: ox.NamedNode) -> tuple[str, ...]:
        """The values of one annotation of the row's axiom (an IRI, a literal's lexical form), sorted."""
        return tuple(sorted(value.value for p, value in self.annotations if p == prop))


@dataclass(frozen=True)
class Evidence:
    """The evidence node of one asserted edge: the edge it annotates and the row it comes from."""

    node: ox.NamedNode
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


def relation_rows(index: TripleIndex) -> list[Row]:
    """Every curated existential axiom, alternatives included, in a fixed order.

    A curated row is recognised by its evidence note (every ``relations.tsv`` row has one), not by
    a CALCO subject: a therapy for a cause hangs on the reused cause (``MONDO:0001566 treated_by
    ...``), and the axioms that import modules bring in carry no CALCO evidence.
    """
    rows = []
    for axiom in index.subjects(TYPE, AXIOM):
        said = index.predicate_objects(axiom)
        if EVIDENCE_NOTE not in said or _first(said, PROPERTY) != SUBCLASS_OF:
            continue
        subject, target = _first(said, SOURCE), _first(said, TARGET)
        if not isinstance(subject, ox.NamedNode) or isinstance(target, ox.Literal) or target is None:
            continue
        relation, filler = index.value(target, ON_PROPERTY), index.value(target, SOME_VALUES_FROM)
        if not isinstance(relation, ox.NamedNode) or filler is None or isinstance(filler, ox.Literal):
            continue
        if isinstance(filler, ox.NamedNode):
            objects: tuple[ox.NamedNode, ...] = (filler,)
        else:
            members = index.value(filler, UNION_OF)
            if members is None or isinstance(members, ox.Literal):
                continue
            objects = tuple(sorted((o for o in rdf_list(index, members) if isinstance(o, ox.NamedNode)), key=_iri))
        annotations = tuple((p, o) for p, values in said.items() if p not in STRUCTURAL for o in values)
        rows.append(Row(subject, relation, objects, annotations, axiom))
    return sorted(rows, key=lambda r: (r.subject.value, r.relation.value, tuple(o.value for o in r.objects)))


def rdf_list(index: TripleIndex, head: Subject) -> Iterator[Term]:
    """The members of the RDF collection starting at ``head`` (as rdflib's ``Collection``; stops on a cycle)."""
    seen: set[Subject] = set()
    node: Term | None = head
    while isinstance(node, (ox.NamedNode, ox.BlankNode)) and node != RDF.nil and node not in seen:
        seen.add(node)
        first = index.value(node, RDF.first)
        if first is not None:
            yield first
        node = index.value(node, RDF.rest)


def alternative_properties(index: TripleIndex) -> dict[ox.NamedNode, ox.NamedNode]:
    """Relation R -> the property written for each member of an alternative of R."""
    found: dict[ox.NamedNode, ox.NamedNode] = {}
    for prop, relation in index.subject_objects(ALTERNATIVE_MEMBER_OF):
        if isinstance(prop, ox.NamedNode) and isinstance(relation, ox.NamedNode):
            if relation in found and found[relation] != prop:
                raise CalcoError(f"calco-header.ttl: both {compress(found[relation].value)} and {compress(prop.value)} are declared calco:alternative_member_of {compress(relation.value)}; keep one")
            found[relation] = prop
    return found


def named_parents(index: TripleIndex, inferred: Iterable[tuple[str, str]] = ()) -> dict[ox.NamedNode, list[ox.NamedNode]]:
    """Class -> its named superclasses: asserted ``rdfs:subClassOf`` and, if given, the reasoner's."""
    parents: dict[ox.NamedNode, list[ox.NamedNode]] = {}
    for child, parent in index.subject_objects(SUBCLASS_OF):
        if isinstance(child, ox.NamedNode) and isinstance(parent, ox.NamedNode):
            parents.setdefault(child, []).append(parent)
    for child_iri, parent_iri in inferred:
        parents.setdefault(ox.NamedNode(child_iri), []).append(ox.NamedNode(parent_iri))
    return parents


def direct_layer(index: TripleIndex, inferred: Iterable[tuple[str, str]] = ()) -> DirectLayer:
    """The direct edges the rows of ``index`` assert, their evidence, and what CALCO classes inherit."""
    possible = alternative_properties(index)
    asserted: dict[ox.NamedNode, set[Pair]] = {}
    direct: set[Edge] = set()
    evidence: list[Evidence] = []
    for row in relation_rows(index):
        predicate = row.relation
        if row.alternatives:
            if row.relation not in possible:
                raise CalcoError(
                    f"ontology/relations.tsv: {compress(row.subject.value)} {compress(row.relation.value)} has alternatives, but no property in "
                    f"calco-header.ttl is declared calco:alternative_member_of {compress(row.relation.value)}; declare one (ontology/README.md, direct edges)"
                )
            predicate = possible[row.relation]
        pairs = asserted.setdefault(row.subject, set())
        for obj in row.objects:
            edge = (row.subject, predicate, obj)
            direct.add(edge)
            pairs.add((predicate, obj))
            evidence.append(Evidence(evidence_node(edge, row), edge, row))

    own = [c for c in index.subjects(TYPE, CLASS) if isinstance(c, ox.NamedNode) and c.value.startswith(CALCO_TERM.base)]
    # Only CALCO classes pass their edges on (the module docstring says why). What each class
    # receives from above is its parents' own edges and what they received, computed once per
    # class (``Upward``), not by walking every class's whole ancestry.
    gives = {c: frozenset(asserted[c]) for c in own if c in asserted}
    received_from_above: Upward[ox.NamedNode, Pair] = Upward(named_parents(index, inferred), lambda c: gives.get(c, NOTHING))
    # A possible edge says less than a definite one to the same object: a class that inherits
    # "possibly caused by O" but is itself (or also inherits) "caused by O" keeps the definite edge only.
    definite_of = {p: r for r, p in possible.items()}
    inherited: set[Edge] = set()
    for subject in own:
        received = received_from_above(subject)
        if not received:
            continue
        mine = asserted.get(subject, NOTHING)
        for p, o in received:
            if (p, o) in mine:
                continue
            definite = definite_of.get(p)
            if definite is not None and ((definite, o) in mine or (definite, o) in received):
                continue
            inherited.add((subject, p, o))
    return DirectLayer(frozenset(direct), frozenset(inherited), tuple(sorted(evidence, key=lambda e: e.node.value)))


def evidence_node(edge: Edge, row: Row) -> ox.NamedNode:
    """A stable IRI for the evidence of ``edge`` from ``row``: the same edge and row give the same IRI.

    A UUID (version 5) of the edge and of the row's relation and objects, so that one edge named by
    two rows has two evidence nodes, and the KGX edge ``id`` is the same IRI.
    """
    key = " ".join(t.value for t in (*edge, row.relation, *row.objects))
    return ox.NamedNode(uuid.uuid5(uuid.NAMESPACE_URL, key).urn)


def to_relation_graph(index: TripleIndex, layer: DirectLayer) -> list[ox.Triple]:
    """The relation graph as pyoxigraph triples in N-Triples text order (labels live in calco.ttl).

    Every edge, and every evidence node with its annotations. The triples are gathered by subject
    and each subject's few sorted apart: the same order as sorting all the lines (a subject's
    N-Triples text ends where its line's space begins, and a space sorts before any character that
    could continue it), with a fraction of the comparisons.
    """
    triple = ox.Triple
    by_subject: dict[Subject, set[ox.Triple]] = {}
    for s, p, o in itertools.chain(layer.asserted, layer.inherited):
        group = by_subject.get(s)
        if group is None:
            group = by_subject[s] = set()
        group.add(triple(s, p, o))
    for item in layer.evidence:
        s, p, o = item.edge
        node = item.node
        group = by_subject.get(node)
        if group is None:
            group = by_subject[node] = set()
        group.update((triple(node, TYPE, AXIOM), triple(node, SOURCE, s), triple(node, PROPERTY, p), triple(node, TARGET, o)))
        for prop, value in item.row.annotations:
            group.add(triple(node, prop, value))
            if isinstance(value, ox.BlankNode):
                for described, said in _reachable(index, value):
                    by_subject.setdefault(described, set()).add(said)
    return [t for subject in sorted(by_subject, key=str) for t in sorted(by_subject[subject], key=str)]


def _reachable(index: TripleIndex, node: ox.BlankNode) -> Iterator[tuple[Subject, ox.Triple]]:
    """The triples describing a blank-node annotation value (and the blank nodes it reaches), with their subjects."""
    seen: set[Subject] = {node}
    stack: list[Subject] = [node]
    while stack:
        current = stack.pop()
        for p, values in index.predicate_objects(current).items():
            for o in values:
                yield current, ox.Triple(current, p, o)
                if isinstance(o, ox.BlankNode) and o not in seen:
                    seen.add(o)
                    stack.append(o)


def _first(said: dict[ox.NamedNode, list[Term]], prop: ox.NamedNode) -> Term | None:
    values = said.get(prop)
    return values[0] if values else None


def _iri(node: ox.NamedNode) -> str:
    return node.value
