"""The triple index answers as rdflib's Graph does, on the real release graph."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL

import calco
from calco.export.oxigraph import to_oxigraph_triples
from calco.triple_index import TripleIndex, index_of
from calco.vocab import OWL as OX_OWL
from calco.vocab import RDF as OX_RDF
from calco.vocab import RDFS as OX_RDFS


def _release() -> tuple[Graph, TripleIndex]:
    graph = calco.graph()
    return graph, index_of(graph)


def test_lookups_agree_with_rdflib() -> None:
    graph, index = _release()
    assert len(index) == len(graph)
    classes = {str(c) for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    assert {n.value for n in index.instances(OX_OWL.Class)} == classes
    for iri in sorted(classes)[:200]:
        node = ox.NamedNode(iri)
        assert {str(o) for o in graph.objects(URIRef(iri), RDFS.label)} == {o.value for o in index.objects(node, OX_RDFS.label)}
        assert {str(s) for s in graph.subjects(RDFS.subClassOf, URIRef(iri)) if isinstance(s, URIRef)} == {
            s.value for s in index.subjects(OX_RDFS.subClassOf, node) if isinstance(s, ox.NamedNode)
        }
    assert index.value(ox.NamedNode("http://example.org/none"), OX_RDFS.label) is None
    first = index.triples[0]
    assert first in index
    assert ox.Triple(first.subject, first.predicate, ox.Literal("not there")) not in index
    assert sum(1 for _ in index.subject_objects(OX_RDF.type)) == len(list(graph.subject_objects(RDF.type)))


def test_answers_follow_triple_order() -> None:
    """Objects come in the order of the sorted triples, so what an export writes is the same every run."""
    triples = to_oxigraph_triples(calco.graph())
    index = TripleIndex(triples)
    for subject, by_predicate in list(index.predicate_objects(triples[0].subject).items())[:5]:
        assert list(index.objects(triples[0].subject, subject)) == [t.object for t in triples if t.subject == triples[0].subject and t.predicate == subject]
        assert by_predicate
