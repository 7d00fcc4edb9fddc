"""The direct-edge layer and KGX export as main computed them from an rdflib Graph (before issue 20).

Kept verbatim, as the oracle that ``tests/test_relations_oracle.py`` compares the index-based
``calco.export.relation_graph`` and ``calco.export.kgx`` with, byte for byte, on synthetic sources.
Not used by the build.
"""


from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from calco.errors import CalcoError
from calco.prefixes import CALCO, CALCO_TERM, IAO, OBOINOWL, compress

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
    return _convert(layer_triples(graph, layer))


def _convert(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """rdflib triples as pyoxigraph triples in N-Triples text order (main's ``convert_triples``)."""

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            if node.datatype:
                return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
            return ox.Literal(str(node))
        raise TypeError(f"cannot convert {node!r}")

    return sorted({ox.Triple(term(s), term(p), term(o)) for s, p, o in triples}, key=str)  # type: ignore[arg-type]


# --- calco.export.kgx, as on main ---






RELATED_TO = "biolink:related_to"
#: CALCO/RO predicate -> Biolink predicate (biolink_model.yaml slot; its RO exact mapping).
BIOLINK_PREDICATES = {
    str(CALCO["caused_by"]): "biolink:caused_by",  # slot "caused by"; exact mappings include RO:0004019
    str(CALCO["treated_by"]): "biolink:treated_by",  # slot "treated by"; exact mapping RO:0002302
    str(CALCO["affects_organ"]): "biolink:disease_has_location",  # slot "disease has location"; exact mapping RO:0004026
    str(CALCO["diagnosed_by"]): "biolink:is_diagnosed_by",  # slot "is diagnosed by" (inverse of diagnoses)
    str(CALCO["has_course"]): "biolink:has_phenotype",  # slot "has phenotype" (RO:0002200); HP clinical course terms are phenotypic features
    "http://purl.obolibrary.org/obo/RO_0002452": "biolink:has_phenotype",  # RO has symptom is a sub-property of RO:0002200 has phenotype
    "http://purl.obolibrary.org/obo/RO_0004003": "biolink:condition_associated_with_gene",  # slot "condition associated with gene" (domain disease, range gene)
}
#: ID space -> Biolink category (biolink_model.yaml classes "disease", "phenotypic feature", ...).
CATEGORIES = {
    "MONDO": "biolink:Disease",
    "DOID": "biolink:Disease",
    "HP": "biolink:PhenotypicFeature",
    "UBERON": "biolink:AnatomicalEntity",
    "CHEBI": "biolink:ChemicalEntity",
    "MAXO": "biolink:Procedure",
    "HGNC": "biolink:Gene",
}
NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "iri", "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "original_predicate", "knowledge_level", "agent_type", "publications")
SYNONYMS = (OBOINOWL.hasExactSynonym, OBOINOWL.hasRelatedSynonym, OBOINOWL.hasNarrowSynonym, OBOINOWL.hasBroadSynonym)
SOURCES = OBOINOWL.hasDbXref


def biolink_predicate(predicate: URIRef) -> str:
    """The Biolink predicate of a direct edge (``biolink:related_to`` where Biolink has none that fits)."""
    return BIOLINK_PREDICATES.get(str(predicate), RELATED_TO)


def _prefix(node: URIRef) -> str:
    return compress(str(node)).split(":", 1)[0]


def category(node: URIRef, parents: dict[URIRef, set[URIRef]]) -> str:
    """A node's Biolink category: by ID space; a CALCO term by its nearest non-CALCO ancestors."""
    prefix = _prefix(node)
    if prefix in CATEGORIES:
        return CATEGORIES[prefix]
    found = sorted({CATEGORIES[p] for p in map(_prefix, closure(node, parents)) if p in CATEGORIES})
    return found[0] if len(found) == 1 else "biolink:NamedThing"


def to_kgx(graph: Graph, layer: DirectLayer) -> dict[str, bytes]:
    """The nodes and edges TSV files, keyed by file name, rows sorted for byte stability."""
    parents: dict[URIRef, set[URIRef]] = {}
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents.setdefault(child, set()).add(parent)
    evidence_columns = sorted({_column(p) for e in layer.evidence for p, _ in e.row.annotations if p != SOURCES})
    edge_rows = []
    for item in layer.evidence:
        s, p, o = item.edge
        values: dict[str, list[str]] = {}
        for prop, value in item.row.annotations:
            values.setdefault("publications" if prop == SOURCES else _column(prop), []).append(_text(value))
        predicate = biolink_predicate(p)
        row = {
            "id": str(item.node),
            "subject": compress(str(s)),
            "predicate": predicate,
            "object": compress(str(o)),
            "original_predicate": compress(str(p)),
            "knowledge_level": "knowledge_assertion",
            "agent_type": "manual_agent",
        }
        row.update({k: "|".join(sorted(v)) for k, v in values.items()})
        edge_rows.append(row)
    nodes = sorted({n for e in layer.evidence for n in (e.edge[0], e.edge[2])})
    node_rows = []
    for node in nodes:
        own = str(node).startswith(str(CALCO_TERM))
        node_rows.append(
            {
                "id": compress(str(node)),
                "category": category(node, parents),
                "name": str(graph.value(node, RDFS.label) or ""),
                "description": str(graph.value(node, IAO["0000115"]) or "") if own else "",
                "synonym": "|".join(sorted({str(s) for prop in SYNONYMS for s in graph.objects(node, prop) if isinstance(s, Literal) and s.language == "en"})),
                "iri": str(node),
                "provided_by": "CALCO" if own else compress(str(node)).split(":", 1)[0],
            }
        )
    return {
        "calco-kg_nodes.tsv": _tsv(NODE_COLUMNS, node_rows),
        "calco-kg_edges.tsv": _tsv((*EDGE_COLUMNS, *evidence_columns), edge_rows),
    }


def _column(prop: URIRef) -> str:
    """A KGX column for an evidence annotation: its CURIE with ``_`` for ``:`` (``calco_qualifier``)."""
    return compress(str(prop)).replace(":", "_").replace("#", "_").replace("/", "_")


def _text(value: object) -> str:
    return compress(str(value)) if isinstance(value, URIRef) else str(value)


def _tsv(columns: Iterable[str], rows: list[dict[str, str]]) -> bytes:
    header = list(columns)
    lines = ["\t".join(header)]
    for row in sorted(rows, key=lambda r: tuple(r.get(c, "") for c in header)):
        lines.append("\t".join(row.get(c, "").replace("\t", " ").replace("\n", " ") for c in header))
    return ("\n".join(lines) + "\n").encode("utf-8")

