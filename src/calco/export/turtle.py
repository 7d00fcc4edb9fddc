"""``calco.ttl``: the OWL ontology in Turtle, sorted one statement per line for readable diffs."""

from __future__ import annotations

from rdflib import Graph


def to_turtle(graph: Graph) -> bytes:
    """Serialise with rdflib's ``longturtle`` (sorted subjects and predicates, nested blank nodes)."""
    return graph.serialize(format="longturtle", encoding="utf-8")
