"""Whether two rdflib graphs are the same RDF graph, blank nodes included, at release size.

rdflib still does the reading, as a user's program would; Oxigraph's RDFC-1.0 canonicaliser (W3C
RDF Dataset Canonicalization) decides. Equal canonical forms can only come from isomorphic graphs.
rdflib's own ``isomorphic`` gives the same answers on small graphs but took 26-74 s on the real
release and did not finish 1,000 synthetic terms in 10 minutes.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from calco.export.oxigraph import to_oxigraph_triples


def canonical(graph: Graph) -> ox.Dataset:
    """The graph with its blank nodes renamed by RDFC-1.0, in Oxigraph."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in to_oxigraph_triples(graph))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def assert_same_graph(expected: Graph, actual: Graph) -> None:
    """Fail, listing some of the differing triples, unless the two graphs are isomorphic."""
    canonical_expected, canonical_actual = canonical(expected), canonical(actual)
    if canonical_expected != canonical_actual:
        left, right = {str(q) for q in canonical_expected}, {str(q) for q in canonical_actual}
        raise AssertionError(f"{len(expected)} vs {len(actual)} triples\nmissing: {sorted(left - right)[:20]}\nextra: {sorted(right - left)[:20]}")
