"""Hand rdflib graphs to pyoxigraph in a fixed order (for its fast, order-preserving writers)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node


def to_oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    """The triples of ``graph`` as pyoxigraph triples, sorted by their N-Triples form."""
    ordered = sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    return [ox.Triple(_term(s), _term(p), _term(o)) for s, p, o in ordered]  # type: ignore[arg-type]


def _term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
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
