"""The is-a hierarchy of every named class in a release graph, CALCO's own and reused ones alike.

The docs site's tree and pages and the hierarchy picture read the graph through this one index,
so a reused term that an import module brings in (with its upstream parents, label and
obsoletion) gets its place in the tree, its page and its box without any change here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from calco.prefixes import CALCO_TERM, compress


@dataclass
class ClassNode:
    """One named class: its CURIE, label, named parents and children, and whether it is obsolete."""

    iri: URIRef
    curie: str
    label: str
    deprecated: bool
    reused: bool
    parents: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


@dataclass
class Hierarchy:
    """Every named class by CURIE, and the roots (live classes with no named parent in the graph)."""

    nodes: dict[str, ClassNode]
    roots: list[str]

    def sort_key(self, curie: str) -> tuple[str, str]:
        """Order siblings by label, then CURIE, so every rendering is stable."""
        node = self.nodes[curie]
        return (node.label.lower(), curie)

    def ancestry(self, curie: str, limit: int = 8) -> list[list[str]]:
        """Up to ``limit`` paths from a root down to ``curie``'s parent (shortest first)."""
        paths: list[list[str]] = []
        stack: list[tuple[str, list[str]]] = [(curie, [])]
        while stack and len(paths) < limit:
            current, below = stack.pop()
            parents = [p for p in self.nodes[current].parents if p in self.nodes and p not in below and p != curie]
            if not parents:
                if below:
                    paths.append(list(reversed(below)))
                continue
            for parent in sorted(parents, key=self.sort_key, reverse=True):
                stack.append((parent, [*below, parent]))
        return sorted(paths, key=lambda p: (len(p), [self.sort_key(c) for c in p]))

    def ancestors_of(self, curies: set[str]) -> set[str]:
        """``curies`` and everything above them."""
        seen: set[str] = set()
        stack = list(curies)
        while stack:
            current = stack.pop()
            if current in seen or current not in self.nodes:
                continue
            seen.add(current)
            stack.extend(self.nodes[current].parents)
        return seen


def hierarchy(graph: Graph) -> Hierarchy:
    """Index every named ``owl:Class`` of ``graph`` by its asserted named superclasses."""
    nodes: dict[str, ClassNode] = {}
    for iri in sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)):
        curie = compress(str(iri))
        nodes[curie] = ClassNode(
            iri=iri,
            curie=curie,
            label=str(graph.value(iri, RDFS.label) or curie),
            deprecated=graph.value(iri, OWL.deprecated) == Literal(True),
            reused=not str(iri).startswith(str(CALCO_TERM)),
        )
    children: dict[str, set[str]] = defaultdict(set)
    for curie, node in nodes.items():
        node.parents = sorted({compress(str(p)) for p in graph.objects(node.iri, RDFS.subClassOf) if isinstance(p, URIRef)} - {curie})
        for parent in node.parents:
            children[parent].add(curie)
    result = Hierarchy(nodes, [])
    for curie, node in nodes.items():
        node.children = sorted(children.get(curie, set()) & nodes.keys(), key=result.sort_key)
    result.roots = sorted((c for c, n in nodes.items() if not n.deprecated and not any(p in nodes for p in n.parents)), key=result.sort_key)
    return result
