"""One fact, one edge: every member of every relations.tsv row is one evidenced direct edge.

Checked on the committed release files with plain ``?s ?p ?o`` queries (pyoxigraph and rdflib),
on the KGX files with the ``kgx`` library (offline), and against the named and competency queries,
so that the layers give one answer to one question.
"""

from __future__ import annotations

import csv
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from calco.assemble import assemble, assemble_graph
from calco.competency import answer, load_competency
from calco.export.relation_graph import direct_layer, relation_rows, to_relation_graph
from calco.load import load_source
from calco.model import Assertion
from calco.named import named_queries
from calco.prefixes import PREFIX_MAP, expand
from calco.query import execute, open_store
from calco.results import rows
from calco.triple_index import TripleIndex, index_of
from tests.conftest import ROOT, run_calco

EXPORTS = ROOT / "exports"
SOURCE = load_source(ROOT / "ontology")
CALCO_NS = PREFIX_MAP["calco"]
POSSIBLY = {
    "calco:caused_by": "calco:possibly_caused_by",
    "calco:affects_organ": "calco:possibly_affects_organ",
    "RO:0004003": "calco:possibly_has_material_basis_in_germline_mutation_in",
}
ROOT_OF_MAXO = "http://purl.obolibrary.org/obo/MAXO_0000001"


def relation_curie(assertion: Assertion) -> str:
    return assertion.relation if ":" in assertion.relation else f"calco:{assertion.relation}"


def expected_predicate(assertion: Assertion) -> str:
    relation = relation_curie(assertion)
    return POSSIBLY[relation] if len(assertion.objects) > 1 else relation


def members() -> list[tuple[Assertion, str]]:
    return [(a, o) for a in SOURCE.assertions for o in a.objects]


@pytest.fixture(scope="module")
def relations_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(EXPORTS / "calco-relations.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def test_every_member_of_every_row_is_one_edge_with_its_evidence_one_hop_away(relations_store: ox.Store) -> None:
    rdflib_graph = Graph().parse(EXPORTS / "calco-relations.ttl", format="turtle")
    assert len(members()) >= 66  # the issue counted 66 row members; rows may only be added
    evidence_nodes = {str(r["e"].value) for r in relations_store.query("SELECT ?e WHERE { ?e a owl:Axiom }", prefixes=PREFIX_MAP)}  # type: ignore[arg-type, index, union-attr]
    assert len(evidence_nodes) == len(members()), "one evidence node per row member"
    for assertion, obj in members():
        s, o = expand(assertion.subject), expand(obj)
        where = f"ontology/relations.tsv:{assertion.line}: {assertion.subject} {assertion.relation} {obj}"
        found = {str(r["p"].value) for r in relations_store.query(f"SELECT ?p WHERE {{ <{s}> ?p <{o}> }}")}  # type: ignore[union-attr, index]
        assert found == {expand(expected_predicate(assertion))}, where
        assert set(rdflib_graph.predicates(URIRef(s), URIRef(o))) == {URIRef(expand(expected_predicate(assertion)) or "")}, where
        evidence = f"""SELECT ?source ?note ?qualifier WHERE {{
            ?e owl:annotatedSource <{s}> ; owl:annotatedProperty <{expand(expected_predicate(assertion))}> ; owl:annotatedTarget <{o}> ;
               oboInOwl:hasDbXref ?source ; calco:evidence_note ?note . OPTIONAL {{ ?e calco:qualifier ?qualifier }} }}"""
        solutions = list(relations_store.query(evidence, prefixes=PREFIX_MAP))  # type: ignore[arg-type]
        assert {str(r["source"].value) for r in solutions} == set(assertion.sources), where  # type: ignore[index]
        assert {str(r["note"].value) for r in solutions} == {assertion.note}, where  # type: ignore[index]
        assert {r["qualifier"].value if r["qualifier"] else "" for r in solutions} == {assertion.qualifier}, where  # type: ignore[index]


def test_evidence_copies_every_annotation_of_the_row_axiom() -> None:
    """An annotation the direct layer has never heard of (as the evidence issue adds) reaches the edge."""
    triples = assemble(SOURCE)
    [row] = [
        r for r in relation_rows(TripleIndex(triples))
        if r.subject.value.endswith("CALCO_0000004") and r.relation.value == f"{CALCO_NS}caused_by" and ox.NamedNode("http://purl.obolibrary.org/obo/MONDO_0005070") in r.objects
    ]
    # Properties no CALCO code knows (the evidence issue's fingerprints and ECO types are already
    # copied the same way), so the value found can only have come from the generic copy.
    fingerprint, eco = ox.NamedNode("http://example.org/new_fingerprint"), ox.NamedNode("http://purl.obolibrary.org/obo/ECO_0000218")
    triples.append(ox.Triple(row.axiom, fingerprint, ox.Literal("sha256:abc")))
    triples.append(ox.Triple(row.axiom, ox.NamedNode("http://example.org/new_evidence_kind"), eco))
    index = TripleIndex(sorted(triples, key=str))
    layer = direct_layer(index)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in to_relation_graph(index, layer))
    query = f"""SELECT ?f ?t WHERE {{ ?e owl:annotatedSource CALCO:0000004 ; owl:annotatedProperty calco:possibly_caused_by ;
        owl:annotatedTarget MONDO:0005070 ; <{fingerprint.value}> ?f ; <http://example.org/new_evidence_kind> ?t }}"""
    [solution] = list(store.query(query, prefixes=PREFIX_MAP))  # type: ignore[arg-type]
    assert solution["f"].value == "sha256:abc" and solution["t"].value == eco.value  # type: ignore[index]


def test_no_edge_points_at_an_object_no_row_names(relations_store: ox.Store) -> None:
    """The objects of direct edges are exactly what rows name for the subject or one of its superclasses."""
    graph = Graph().parse(EXPORTS / "calco.ttl", format="turtle")
    named: dict[str, set[str]] = {}
    for row in relation_rows(index_of(graph)):
        named.setdefault(row.subject.value, set()).update(o.value for o in row.objects)
    query = "SELECT ?s ?o WHERE { ?s ?p ?o . FILTER(STRSTARTS(STR(?s), STR(CALCO:))) }"
    for solution in relations_store.query(query, prefixes=PREFIX_MAP):  # type: ignore[union-attr]
        s, o = solution["s"].value, solution["o"].value  # type: ignore[index]
        ancestors = {s} | {str(a) for a in graph.transitive_objects(URIRef(s), RDFS.subClassOf)}
        assert any(o in named.get(a, set()) for a in ancestors), (s, o)
    roots = {solution["s"].value for solution in relations_store.query(f"SELECT ?s WHERE {{ ?s ?p <{ROOT_OF_MAXO}> FILTER(?p != owl:annotatedTarget) }}", prefixes=PREFIX_MAP)}  # type: ignore[union-attr, index]
    assert roots == {expand("CALCO:0000006")}, "only the iatrogenic form, whose row names medical action, points at MAxO's root"


def test_upstream_ancestry_of_objects_adds_no_edge() -> None:
    """Import modules that bring in the whole upstream hierarchy of reused terms leave the edges unchanged."""
    graph = assemble_graph(SOURCE)
    before = direct_layer(index_of(graph)).edges
    objects = {URIRef(o.value) for row in relation_rows(index_of(graph)) for o in row.objects}
    for i, obj in enumerate(sorted(objects)):
        upstream = URIRef(f"http://purl.obolibrary.org/obo/UPSTREAM_{i:07d}")
        graph.add((upstream, RDF.type, OWL.Class))
        graph.add((obj, RDFS.subClassOf, upstream))
        graph.add((upstream, RDFS.subClassOf, URIRef(ROOT_OF_MAXO)))
    graph.add((URIRef(expand("MONDO:0002123") or ""), RDFS.subClassOf, URIRef("http://purl.obolibrary.org/obo/MONDO_0000001")))
    assert direct_layer(index_of(graph)).edges == before


def test_kgx_reads_and_validates_the_knowledge_graph_offline(tmp_path: Path) -> None:
    from tests.kgx_offline import no_network, use_local_biolink_model

    with no_network():
        use_local_biolink_model(PREFIX_MAP)
        from kgx.transformer import Transformer
        from kgx.validator import Validator

        transformer = Transformer(stream=False)
        source = {"filename": [str(EXPORTS / "calco-kg_nodes.tsv"), str(EXPORTS / "calco-kg_edges.tsv")], "format": "tsv"}
        transformer.transform(source, {"filename": str(tmp_path / "roundtrip"), "format": "tsv"})
        kg = transformer.store.graph
        validator = Validator()
        validator.validate(kg)
    assert validator.get_errors() == {}
    edges = {(s, o, data["predicate"], data["original_predicate"]) for s, o, data in kg.edges(data=True)}
    assert len(edges) == len(members())
    for assertion, obj in members():
        predicate = expected_predicate(assertion)
        assert any(e[0] == assertion.subject and e[1] == obj and e[3] == predicate for e in edges), (assertion.line, obj)
    assert ("CALCO:0000004", "MONDO:0005070", "biolink:related_to", "calco:possibly_caused_by") in edges
    assert ("CALCO:0000002", "MONDO:0005557", "biolink:caused_by", "calco:caused_by") in edges
    assert ("CALCO:0000001", "UBERON:0002097", "biolink:disease_has_location", "calco:affects_organ") in edges
    assert kg.nodes()["CALCO:0000001"]["category"] == ["biolink:Disease"]
    assert kg.nodes()["MAXO:0000447"]["category"] == ["biolink:Procedure"]
    assert (tmp_path / "roundtrip_edges.tsv").is_file(), "kgx writes the graph back out"


def test_kgx_edge_ids_are_the_evidence_nodes_of_the_relation_graph(relations_store: ox.Store) -> None:
    with (EXPORTS / "calco-kg_edges.tsv").open(encoding="utf-8") as handle:
        kgx_edges = list(csv.DictReader(handle, delimiter="\t"))
    for edge in kgx_edges:
        query = f"ASK {{ <{edge['id']}> owl:annotatedSource {edge['subject']} ; owl:annotatedProperty {edge['original_predicate']} ; owl:annotatedTarget {edge['object']} }}"
        assert bool(relations_store.query(query, prefixes=PREFIX_MAP)), edge["id"]


def named(name: str, value: str) -> set[tuple[str, ...]]:
    query = named_queries()[name]
    return set(rows(execute(EXPORTS, query.text, query.bind([value]))))


def test_one_question_one_answer() -> None:
    """Named queries, competency queries and the OWL layer agree; asserted and inherited differ by name only."""
    store = open_store(EXPORTS)
    competency = {c.name[:4]: c for c in load_competency(ROOT / "competency")}
    _, cq07 = answer(store, competency["cq07"])
    asserted = named("causes-of", "dystrophic calcinosis cutis")
    assert {(r[1], r[2]) for r in asserted} == set(cq07) and len(cq07) == 5
    _, cq10 = answer(store, competency["cq10"])  # the OWL-pattern query: walking the union
    everything = named("all-causes-of", "dystrophic calcinosis cutis")
    assert {(r[1], r[2]) for r in everything} == set(cq07) | set(cq10) and len(everything) == 14
    assert {(r[1], r[2]) for r in named("causes-of", "calcinosis cutis")} == set(cq10)
    _, cq06 = answer(store, competency["cq06"])
    assert {(r[1], r[2]) for r in named("sites-of", "metastatic calcinosis cutis")} == set(cq06)
    treatments = named("all-treatments-of", "metastatic calcinosis cutis")
    assert "MAXO:0000001" not in {r[1] for r in treatments}, "medical action is no treatment"
    assert named("causes-of", "DYSTROPHIC CALCINOSIS") == {("DYSTROPHIC CALCINOSIS", *r[1:]) for r in asserted}


def test_calco_serve_accepts_the_predeclared_prefixes_and_explains_an_unknown_one() -> None:
    from calco.serve import free_port, serving

    with serving(EXPORTS, free_port(), 5.0) as url:
        body = urllib.parse.urlencode({"query": "SELECT ?c WHERE { CALCO:0000002 calco:caused_by ?c }"}).encode()
        request = urllib.request.Request(url, data=body, headers={"Accept": "text/tab-separated-values"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.read().decode().splitlines() == ["?c", "<http://purl.obolibrary.org/obo/MONDO_0005557>"]
        own = "PREFIX CALCO: <http://purl.obolibrary.org/obo/CALCO_>\nSELECT ?f WHERE { ?f rdfs:subClassOf CALCO:0000001 }"
        request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": own}).encode(), headers={"Accept": "text/tab-separated-values"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert len(response.read().decode().splitlines()) == 6, "a query declaring a prefix itself still works"
        bad = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s FOO:bar ?o }"}).encode()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(url, data=bad), timeout=30)
        message = refused.value.read().decode()
        assert refused.value.code == 400 and message.count("\n") == 1
        assert "unknown prefix 'FOO:' (error at line 1, column 28)" in message and "\\u{" not in message
    embedded = run_calco("query", "SELECT * WHERE { ?s FOO:bar ?o }")
    assert embedded.returncode == 2 and "unknown prefix 'FOO:' (error at line 1, column 28)" in embedded.stderr
    assert embedded.stderr.count("\n") == 1, "calco query says the same in one line"
