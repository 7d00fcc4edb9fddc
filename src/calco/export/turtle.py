"""``calco.ttl``: the OWL ontology in Turtle, one subject block per term, sorted for readable diffs.

Written by pyoxigraph from triples in N-Triples order, with the project's prefixes. rdflib's
Turtle writers print a blank node that is both a superclass and an annotated axiom target
(as the OWL 2 mapping to RDF shares them) twice when it holds an RDF list, which changes the
graph; pyoxigraph writes exactly the triples it is given.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from calco.export.oxigraph import Triples, as_triples
from calco.prefixes import PREFIX_MAP


def to_turtle(graph: Graph | Triples) -> bytes:
    """Serialise ``graph`` as Turtle with every project prefix declared."""
    data = ox.serialize(as_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIX_MAP))
    assert data is not None
    return _sorted_prefixes(data)


def _sorted_prefixes(data: bytes) -> bytes:
    """Put the ``@prefix`` block in name order, whatever order the writer chose."""
    lines = data.split(b"\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix")), len(lines))
    return b"\n".join(sorted(lines[:count], key=bytes.lower) + lines[count:])
