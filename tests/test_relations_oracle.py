"""The direct-edge layer and KGX, read from the triple index, write exactly what main's rdflib code wrote.

On 1,000 synthetic terms (``bench/synthetic.py``) with what the synthetic tables lack added on
purpose: alternatives (possible edges), a definite edge where an ancestor's is only possible, rows
on a reused class, reasoner findings that add a second parent, close a subclass cycle and lead
through a reused class to a CALCO superclass, a subtree under two Biolink categories, and
evidence whose value is a structure of blank nodes. The oracle is main's implementation, kept
verbatim in ``tests/rdflib_relations.py``; the files must be equal byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDFS

from bench.synthetic import generate
from calco.assemble import assemble_graph
from calco.export import EXPORTS, Release
from calco.export.oxigraph import to_oxigraph_triples
from calco.export.relation_graph import relation_rows
from calco.export.turtle import to_turtle
from calco.load import load_source
from calco.prefixes import CALCO as CALCO_NS
from calco.prefixes import expand
from tests import rdflib_relations as oracle

TERMS = 1_000


def _iri(curie: str) -> str:
    return expand(curie) or curie


def _synthetic_source(directory: Path) -> Path:
    source = generate(directory, TERMS)
    with (source / "relations.tsv").open("a", encoding="utf-8") as out:
        for i in range(10, TERMS + 1, 50):
            out.write(f"CALCO:{i:07d}\tcaused_by\tMONDO:0000328|MONDO:0005557\tarticle:causes/1\tA generated alternative.\tpossible\n")
            out.write(f"CALCO:{i + 1:07d}\tcaused_by\tMONDO:0005557\tarticle:causes/2\tA generated definite cause.\t\n")
            out.write(f"CALCO:{i + 2:07d}\taffects_organ\tUBERON:0000945|UBERON:0002048\tarticle:what-is/5|article:causes/3\tGenerated sites.\tpossible\n")
        out.write("MONDO:0005557\ttreated_by\tMAXO:0000058\tarticle:causes/4\tA generated therapy of a reused cause.\t\n")
    return source


#: Reasoner findings (child, parent): the definite-cause terms under the alternative ones, a
#: second parent, a cycle between the first two terms, and a path through a reused class.
INFERRED = tuple(
    [(_iri(f"CALCO:{i + 1:07d}"), _iri(f"CALCO:{i:07d}")) for i in range(10, TERMS + 1, 50)]
    + [(_iri(f"CALCO:{i + 3:07d}"), _iri(f"CALCO:{i + 1:07d}")) for i in range(10, TERMS + 1, 50)]
    + [(_iri(f"CALCO:{i:07d}"), _iri(f"CALCO:{i // 3:07d}")) for i in range(30, TERMS + 1, 97)]
    + [(_iri("CALCO:0000001"), _iri("CALCO:0000002")), (_iri("CALCO:0000300"), _iri("MONDO:0005557")), (_iri("MONDO:0005557"), _iri("CALCO:0000007"))]
)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    graph = assemble_graph(load_source(_synthetic_source(tmp_path_factory.mktemp("synthetic") / "src")))
    # A term (and its subtree) below both a disease and a phenotype: KGX can name no one category.
    graph.add((URIRef(_iri("CALCO:0000500")), RDFS.subClassOf, URIRef(_iri("HP:0200036"))))
    # Evidence whose value is a structure of blank nodes, copied with everything it reaches.
    axiom = next(a for a in graph.subjects(OWL.annotatedSource, URIRef(_iri("CALCO:0000040"))) if (a, CALCO_NS["evidence_note"], None) in graph)
    detail, deeper = BNode("evidence_detail"), BNode("evidence_detail0")  # one label a prefix of the other
    graph.add((axiom, URIRef("http://example.org/evidence_detail"), detail))
    graph.add((detail, RDFS.comment, Literal("a generated detail")))
    graph.add((detail, URIRef("http://example.org/deeper"), deeper))
    graph.add((deeper, RDFS.comment, Literal("a generated deeper detail", lang="en")))
    return Release(to_oxigraph_triples(graph), INFERRED)


def _render(release: Release, name: str) -> bytes:
    [export] = [e for e in EXPORTS if e.name == name]
    return export.render(release)


def test_relation_graph_is_byte_identical_to_the_rdflib_implementation(release: Release) -> None:
    layer = oracle.direct_layer(release.graph, release.inferred)
    assert layer.inherited, "the synthetic hierarchy passes edges down"
    assert any(p.endswith("possibly_caused_by") for _, p, _ in layer.asserted), "alternatives are exercised"
    expected = to_turtle(oracle.to_relation_graph(release.graph, layer))
    assert b"a generated deeper detail" in expected, "blank-node evidence is exercised"
    assert _render(release, "calco-relations.ttl") == expected
    assert {tuple(URIRef(n.value) for n in edge) for edge in release.edges} == layer.edges


def test_kgx_files_are_byte_identical_to_the_rdflib_implementation(release: Release) -> None:
    expected = oracle.to_kgx(release.graph, oracle.direct_layer(release.graph, release.inferred))
    assert b"biolink:NamedThing" in expected["calco-kg_nodes.tsv"], "a term with two categories above it is exercised"
    for name in ("calco-kg_nodes.tsv", "calco-kg_edges.tsv"):
        assert _render(release, name) == expected[name], name


def test_rows_are_the_rows_the_rdflib_implementation_read(release: Release) -> None:
    """The rows the site, the diff and the direct layer share: same subject, relation, members and evidence."""

    def key(subject: object, relation: object, objects: object, annotations: object) -> tuple[str, ...]:
        return (str(subject), str(relation), str(objects), str(annotations))

    expected = [
        key(r.subject, r.relation, tuple(str(o) for o in r.objects), sorted((str(p), str(v)) for p, v in r.annotations)) for r in oracle.relation_rows(release.graph)
    ]
    found = [
        key(r.subject.value, r.relation.value, tuple(o.value for o in r.objects), sorted((p.value, v.value) for p, v in r.annotations))
        for r in relation_rows(release.index)
    ]
    assert found == expected and len(found) > 2 * TERMS
