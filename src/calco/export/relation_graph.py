"""``calco-relations.ttl``: the relation graph, one direct triple ``S R O`` per existential edge.

For SPARQL users: ``?d calco:caused_by ?c`` instead of walking OWL restrictions. It holds exactly
the pairs the OWL axioms state or entail for named classes: an edge ``S R some O`` asserted on S
or on any superclass of S (asserted or inferred by HermiT), for R and each of its named
super-properties, and for O and each of its named superclasses that CALCO's own axioms use (not
the whole upstream ancestry merged from the import modules); subjects are CALCO terms.
Alternatives (``R some (A or B)``) entail no single pair, so they appear only in the OWL exports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from calco.export.editions import is_own
from calco.export.oxigraph import convert_triples

Edge = tuple[URIRef, URIRef, URIRef]


def relation_edges(graph: Graph, inferred: Iterable[tuple[str, str]] = ()) -> set[Edge]:
    """Every (subject, property, object) pair of named classes the graph's existential axioms entail."""
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents[child].add(parent)
    for child_iri, parent_iri in inferred:
        parents[URIRef(child_iri)].add(URIRef(parent_iri))
    super_properties: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub_property, super_property in graph.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub_property, URIRef) and isinstance(super_property, URIRef):
            super_properties[sub_property].add(super_property)

    asserted: dict[URIRef, set[tuple[URIRef, URIRef]]] = defaultdict(set)
    for subject, restriction in graph.subject_objects(RDFS.subClassOf):
        prop = graph.value(restriction, OWL.onProperty)
        filler = graph.value(restriction, OWL.someValuesFrom)
        if isinstance(subject, URIRef) and isinstance(prop, URIRef) and isinstance(filler, URIRef):
            asserted[subject].add((prop, filler))

    # Subjects are CALCO's own terms, and an object's superclasses are kept only where CALCO's own
    # axioms use them (CALCO terms, their asserted superclasses, the fillers of CALCO's restrictions):
    # with the import modules merged, following every named superclass repeated each edge for every
    # upstream ancestor up to BFO's "entity", and upstream part_of axioms (no CALCO evidence) became
    # edges (issue 16; issue 15 owns this rule).
    used: set[URIRef] = set()
    for child, up in parents.items():
        if is_own(child):
            used |= {child, *up}
    for subject, pairs in asserted.items():
        if is_own(subject):
            used |= {filler for _, filler in pairs}
    used |= {o for o in graph.objects(None, RDF.first) if isinstance(o, URIRef)}
    edges: set[Edge] = set()
    subjects = {s for s in graph.subjects(RDFS.subClassOf) if isinstance(s, URIRef) and is_own(s)}
    for subject in subjects:
        for ancestor in closure(subject, parents):
            for prop, filler in asserted.get(ancestor, ()):
                for p in closure(prop, super_properties):
                    for o in closure(filler, parents) & (used | {filler}):
                        edges.add((subject, p, o))
    return edges


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


def to_relation_graph(edges: Iterable[Edge]) -> list[ox.Triple]:
    """The relation graph as sorted pyoxigraph triples (edges only; labels live in calco.ttl)."""
    return convert_triples(edges)
