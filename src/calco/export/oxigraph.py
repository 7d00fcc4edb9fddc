"""Hand rdflib graphs to pyoxigraph in a fixed order (for its fast, order-preserving writers)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
Triples = Sequence[ox.Triple]


def to_oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    """The triples of ``graph`` as pyoxigraph triples, sorted by their N-Triples form.

    The conversion is shared by the Turtle, RDF/XML and edition exports (see
    :func:`convert_triples` for why it is built the way it is).
    """
    return convert_triples(graph)


def convert_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """rdflib-term triples as sorted pyoxigraph triples, for exports built without an rdflib Graph.

    Each distinct rdflib term is converted once (a class IRI recurs in dozens of triples), and
    the sort key is pyoxigraph's own N-Triples text: both matter at 100k terms. Derived exports
    (the relation graph, SKOS) hand their triples here directly: filling an rdflib Graph only to
    convert it again cost as much as the conversion itself.
    """
    term = functools.lru_cache(maxsize=None)(from_rdflib)

    return sort_triples(ox.Triple(term(s), term(p), term(o)) for s, p, o in triples)  # type: ignore[arg-type]


def sort_triples(triples: object) -> list[ox.Triple]:
    """``triples`` without duplicates, in N-Triples text order (the order every writer is given)."""
    return sorted(set(triples), key=str)  # type: ignore[call-overload]


def as_triples(data: Graph | Triples) -> Triples:
    """Accept either an rdflib graph or already converted, sorted triples."""
    return to_oxigraph_triples(data) if isinstance(data, Graph) else data


def from_rdflib(node: Node) -> OxTerm:
    """One rdflib term as pyoxigraph (a plain literal becomes an ``xsd:string`` one, as RDF 1.1 says)."""
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
