"""``calco.jsonld`` and ``calco-terms.jsonld``, written straight from the release's pyoxigraph triples.

The writer is CALCO's own (no rdflib Graph, no JSON-LD library's compaction), so these tests hold it
to what a JSON-LD library would guarantee: the document reads back, in rdflib, pyld, pyoxigraph and
jsonld.js, as exactly the release graph (isomorphic, blank nodes included) on the real release, on
1,000 synthetic terms and on a graph of every awkward shape; keys and CURIEs come from the context
only where its coercions fit; the bytes are the same for any hash seed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS

from calco.assemble import assemble
from calco.errors import StageError
from calco.export import EXPORTS, Release
from calco.export.framed import RELATION_KEYS, frame_context
from calco.export.jsonld import MAX_DEPTH, context, to_jsonld
from calco.export.oxigraph import to_oxigraph_triples
from calco.load import load_source
from calco.prefixes import CALCO_TERM, IAO, OBOINOWL, OMO, compress
from calco.triple_index import TripleIndex
from tests.same_graph import assert_same_graph

ROOT = Path(__file__).resolve().parents[1]
EXPORTS_BY_NAME = {e.name: e for e in EXPORTS}
CLIENTS = ROOT / "tests" / "clients"
sys.path.insert(0, str(ROOT / "bench"))


@pytest.fixture(scope="module")
def real_release() -> Release:
    return Release(assemble(load_source(ROOT / "ontology")))


@pytest.fixture(scope="module")
def synthetic_release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    from synthetic import generate

    return Release(assemble(load_source(generate(tmp_path_factory.mktemp("synthetic") / "src", 1_000))))


def _read_back(data: bytes) -> Graph:
    """The document as rdflib reads it (offline: the context is inline, nothing is fetched)."""
    return Graph().parse(data=data.decode("utf-8"), format="json-ld")


def _jsonld_of(graph: Graph) -> bytes:
    return to_jsonld(TripleIndex(to_oxigraph_triples(graph)))


def _pretty_printed(data: bytes) -> None:
    """The bytes are exactly ``json.dumps(document, indent=2)``: the layout people and diffs expect."""
    assert (json.dumps(json.loads(data), indent=2, ensure_ascii=False) + "\n").encode("utf-8") == data


# --- calco.jsonld is the release graph --------------------------------------------------------------


def test_calco_jsonld_reads_back_as_the_real_release_graph(real_release: Release) -> None:
    data = EXPORTS_BY_NAME["calco.jsonld"].render(real_release)
    assert_same_graph(real_release.graph, _read_back(data))
    _pretty_printed(data)
    assert data == (ROOT / "exports" / "calco.jsonld").read_bytes(), "exports/ is stale: run calco build"


def test_calco_jsonld_reads_back_as_the_graph_of_1k_synthetic_terms(synthetic_release: Release) -> None:
    data = EXPORTS_BY_NAME["calco.jsonld"].render(synthetic_release)
    assert_same_graph(synthetic_release.graph, _read_back(data))
    _pretty_printed(data)


# --- every shape a graph can take ---------------------------------------------------------------------

AWKWARD = """
@prefix CALCO: <http://purl.obolibrary.org/obo/CALCO_> .
@prefix calco: <http://purl.obolibrary.org/obo/calco#> .
@prefix IAO: <http://purl.obolibrary.org/obo/IAO_> .
@prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/ns#> .

CALCO:0000001 a owl:Class ;
    rdfs:label "calcinosis"@en, "Kalzinose"@de, "plain label", "typed"^^ex:datatype ;
    IAO:0000115 "A definition."@en-GB ;
    rdfs:isDefinedBy <http://purl.obolibrary.org/obo/calco.owl>, "a literal where IRIs are coerced" ;
    owl:deprecated true ;
    ex:count 7 ;
    ex:empty "" ;
    ex:text "quote \\" backslash \\\\ tab \\t newline \\n unicode \u00e9 \U0001F600" ;
    rdfs:subClassOf CALCO:0000002, _:shared, _:once, [ a owl:Restriction ; owl:onProperty calco:caused_by ;
        owl:someValuesFrom [ a owl:Class ; owl:unionOf ( CALCO:0000003 CALCO:0000004 [ ex:inList true ] "literal member" ) ] ] ;
    ex:emptyList () ;
    ex:undescribed _:nothing, _:nothingTwice ;
    ex:again _:nothingTwice ;
    ex:typedBlank _:typeNode ;
    a _:typeNode ;
    ex:slashes <http://purl.obolibrary.org/obo/CALCO_//not-a-curie> ;
    ex:bare CALCO: .

_:typeNode a owl:Class .
_:shared a owl:Restriction ; owl:onProperty calco:affects_organ ; owl:someValuesFrom CALCO:0000005 .
_:once a owl:Restriction ; owl:onProperty calco:treated_by ; owl:someValuesFrom CALCO:0000006 .
[] a owl:Axiom ; owl:annotatedSource CALCO:0000001 ; owl:annotatedProperty rdfs:subClassOf ; owl:annotatedTarget _:shared ;
    calco:evidence_note "A note."@en ; oboInOwl:hasDbXref "article:causes/1" .
[] a owl:Axiom ; owl:annotatedSource CALCO:0000001 ; owl:annotatedProperty oboInOwl:hasExactSynonym ;
    owl:annotatedTarget "calcinosis latina"@la .

# RDF lists that are not well formed stay rdf:first/rdf:rest: a cell with more to say, a shared
# tail, a list not ending in rdf:nil, a list of lists.
CALCO:0000007 ex:extraCell _:x1 ; ex:sharedTail1 _:y1 ; ex:sharedTail2 _:y2 ; ex:open _:z1 ; ex:nested ( ( CALCO:0000001 ) ) .
_:x1 rdf:first CALCO:0000001 ; rdf:rest _:x2 ; rdfs:comment "a cell with a comment" .
_:x2 rdf:first CALCO:0000002 ; rdf:rest rdf:nil .
_:y1 rdf:first CALCO:0000001 ; rdf:rest _:yTail .
_:y2 rdf:first CALCO:0000002 ; rdf:rest _:yTail .
_:yTail rdf:first CALCO:0000003 ; rdf:rest rdf:nil .
_:z1 rdf:first CALCO:0000001 ; rdf:rest CALCO:0000002 .

# Blank nodes used once each, on a ring no named node leads to; one pointing at itself; one never used.
_:ring1 ex:next _:ring2 .
_:ring2 ex:next _:ring3 .
_:ring3 ex:next _:ring1 .
_:self ex:next _:self .
_:lonely ex:value "nobody points here" .
"""


@pytest.fixture(scope="module")
def awkward() -> tuple[Graph, bytes]:
    graph = Graph().parse(data=AWKWARD, format="turtle")
    return graph, _jsonld_of(graph)


def test_every_awkward_shape_reads_back_in_rdflib(awkward: tuple[Graph, bytes]) -> None:
    graph, data = awkward
    read = _read_back(data)
    assert_same_graph(graph, read)
    # rdflib's own canonical form agrees (its isomorphic() answers False for the symmetric blank-node
    # rings in this graph although their canonical triples are equal, so those decide).
    assert set(to_canonical_graph(graph)) == set(to_canonical_graph(read))
    _pretty_printed(data)


def test_every_awkward_shape_reads_back_in_pyld_and_pyoxigraph(awkward: tuple[Graph, bytes]) -> None:
    from pyld import jsonld

    graph, data = awkward
    nquads = jsonld.to_rdf(json.loads(data), {"format": "application/n-quads"})
    assert_same_graph(graph, Graph().parse(data=nquads, format="nquads"))
    oxigraph = ox.serialize(ox.parse(data, format=ox.RdfFormat.JSON_LD), format=ox.RdfFormat.N_TRIPLES)
    assert_same_graph(graph, Graph().parse(data=oxigraph, format="nt"))


@pytest.fixture(scope="module")
def jsonld_js() -> Path:
    """``tests/clients`` with jsonld.js installed from the committed lock file (as in test_clients)."""
    if shutil.which("node") is None:
        if os.environ.get("CALCO_CI"):
            pytest.fail("Node.js not installed (CI must install it: see .ci/run)")
        pytest.skip("Node.js not installed: apt-get install nodejs npm")
    if not (CLIENTS / "node_modules" / "jsonld").is_dir():
        installed = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=CLIENTS, capture_output=True, text=True, timeout=600, check=False)
        assert installed.returncode == 0, installed.stderr[-500:]
    return CLIENTS


def _jsonld_js_reads(clients: Path, path: Path) -> Graph:
    completed = subprocess.run(["node", str(clients / "to-nquads.mjs"), str(path)], capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stderr
    return Graph().parse(data=completed.stdout, format="nquads")


def test_jsonld_js_reads_every_awkward_shape_and_the_1k_document(jsonld_js: Path, awkward: tuple[Graph, bytes], synthetic_release: Release, tmp_path: Path) -> None:
    graph, data = awkward
    (tmp_path / "awkward.jsonld").write_bytes(data)
    assert_same_graph(graph, _jsonld_js_reads(jsonld_js, tmp_path / "awkward.jsonld"))
    (tmp_path / "synthetic.jsonld").write_bytes(to_jsonld(synthetic_release.index))
    assert_same_graph(synthetic_release.graph, _jsonld_js_reads(jsonld_js, tmp_path / "synthetic.jsonld"))


def _node(data: bytes, node_id: str) -> dict[str, Any]:
    return next(n for n in json.loads(data)["@graph"] if n.get("id") == node_id)


def test_context_keys_only_where_their_coercion_fits(awkward: tuple[Graph, bytes]) -> None:
    _, data = awkward
    nodes = json.loads(data)["@graph"]
    term = _node(data, "CALCO:0000001")
    assert term["type"] == "owl:Class" and term["rdf:type"]["id"].startswith("_:")  # a blank class is no "@type" value
    assert term["label"] == "calcinosis"  # @en under the @en key: a plain string
    assert {"@value": "Kalzinose", "@language": "de"} in term["rdfs:label"]
    assert "plain label" in term["rdfs:label"]  # xsd:string: under the CURIE, never the @en key
    assert {"@value": "typed", "type": "http://example.org/ns#datatype"} in term["rdfs:label"]
    assert "definition" not in term and term["IAO:0000115"] == {"@value": "A definition.", "@language": "en-gb"}
    assert term["isDefinedBy"] == "http://purl.obolibrary.org/obo/calco.owl"  # @type: @id key: a bare IRI
    assert term["rdfs:isDefinedBy"] == "a literal where IRIs are coerced"
    assert term["owl:deprecated"] == {"@value": "true", "type": "xsd:boolean"}
    assert {"id": "CALCO:0000002"} in term["subClassOf"]  # CURIEs by the context's @prefix entries
    assert term["http://example.org/ns#slashes"] == {"id": "http://purl.obolibrary.org/obo/CALCO_//not-a-curie"}
    assert term["http://example.org/ns#bare"] == {"id": "http://purl.obolibrary.org/obo/CALCO_"}
    nested = [v for v in term["subClassOf"] if "id" not in v]
    assert [n["onProperty"] for n in nested] == ["calco:treated_by", "calco:caused_by"]  # used once: nested
    union = nested[1]["someValuesFrom"]["owl:unionOf"]["@list"]
    assert union[:2] == [{"id": "CALCO:0000003"}, {"id": "CALCO:0000004"}] and union[3] == "literal member"
    shared_id = next(v["id"] for v in term["subClassOf"] if v.get("id", "").startswith("_:"))
    shared = _node(data, shared_id)  # used twice (subClassOf, annotatedTarget): top-level, with its id
    assert shared["onProperty"] == "calco:affects_organ"
    axioms = [n for n in nodes if n.get("type") == "owl:Axiom"]
    assert len(axioms) == 2 and all("id" not in a for a in axioms)  # used by nothing: no id needed
    assert {"id": shared_id} in [a["annotatedTarget"] for a in axioms]
    assert {"@value": "calcinosis latina", "@language": "la"} in [a["annotatedTarget"] for a in axioms]
    ring = [n for n in nodes if "http://example.org/ns#next" in n]
    assert len(ring) == 2 and all(n["id"].startswith("_:") for n in ring)  # one node of each ring stands at the top


def test_top_level_order_keys_and_ids_are_the_triples_order(awkward: tuple[Graph, bytes]) -> None:
    _, data = awkward
    nodes = json.loads(data)["@graph"]
    named = [n["id"] for n in nodes if "id" in n and not n["id"].startswith("_:")]
    assert named == ["CALCO:0000001", "CALCO:0000007"]
    for node in nodes:
        keys = list(node)
        leading = [k for k in ("id", "type") if k in node]
        assert keys[: len(leading)] == leading and keys[len(leading) :] == sorted(keys[len(leading) :])


def test_a_chain_of_blank_nodes_deeper_than_the_nesting_limit_is_cut_into_top_level_nodes() -> None:
    """Each node is used once, so each would nest in the last: past MAX_DEPTH the rest moves to the top, by id."""
    chain = ox.NamedNode("http://example.org/ns#chain")
    nodes = [ox.NamedNode("http://example.org/start"), *(ox.BlankNode(f"c{i:03d}") for i in range(300))]
    triples = sorted({ox.Triple(a, chain, b) for a, b in pairwise(nodes)} | {ox.Triple(nodes[-1], chain, ox.Literal("end"))}, key=str)
    data = to_jsonld(TripleIndex(triples))
    graph = Graph()
    for t in triples:
        graph.add(tuple(URIRef(x.value) if isinstance(x, ox.NamedNode) else BNode(x.value) if isinstance(x, ox.BlankNode) else Literal(x.value) for x in t))
    assert_same_graph(graph, _read_back(data))
    top = json.loads(data)["@graph"]
    assert 300 // MAX_DEPTH <= len(top) <= 300 // MAX_DEPTH + 2 and all(n["id"].startswith("_:") for n in top[1:])


def test_an_iri_a_reader_would_take_for_a_curie_is_refused() -> None:
    triples = [ox.Triple(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.NamedNode("rdfs:notACurie"))]
    with pytest.raises(StageError, match=r"rdfs:notACurie.*prefix 'rdfs'"):
        to_jsonld(TripleIndex(triples))


def test_an_empty_graph_is_an_empty_document() -> None:
    data = to_jsonld(TripleIndex([]))
    _pretty_printed(data)
    assert json.loads(data) == {"@context": context(), "@graph": []}


# --- byte-stable ----------------------------------------------------------------------------------------

STABLE = r"""
import hashlib, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from synthetic import generate
from calco.assemble import assemble
from calco.export import EXPORTS, Release
from calco.load import load_source
release = Release(assemble(load_source(generate(Path(sys.argv[1]), 1000))))
for export in EXPORTS:
    if export.name.endswith(".jsonld"):
        print(export.name, hashlib.sha256(export.render(release)).hexdigest())
"""


def test_jsonld_exports_are_byte_identical_under_different_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "31337"):
        completed = subprocess.run(
            [sys.executable, "-c", STABLE, str(tmp_path / seed), str(ROOT / "bench")],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert completed.returncode == 0, completed.stderr
        outputs.append(completed.stdout)
    assert outputs[0] == outputs[1] and len(outputs[0].splitlines()) == 3


# --- calco-terms.jsonld says what it said when it was built from rdflib ---------------------------------


def _old_framed(graph: Graph, edges: Iterable[tuple[object, object, object]]) -> bytes:
    """The framed export as it was written from the rdflib graph (``term_views`` inlined), kept to compare."""

    def iri(node: object) -> str:
        return node.value if isinstance(node, ox.NamedNode) else str(node)

    by_subject: dict[str, dict[str, list[str]]] = {}
    for s, p, o in edges:
        by_subject.setdefault(iri(s), {}).setdefault(iri(p), []).append(compress(iri(o)))
    latin = {(graph.value(a, OWL.annotatedSource), str(graph.value(a, OWL.annotatedTarget))) for a in graph.subjects(OBOINOWL.hasSynonymType, OMO["0003011"])}
    terms = []
    for cls in sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(CALCO_TERM))):
        term: dict[str, Any] = {"id": compress(str(cls)), "label": str(graph.value(cls, RDFS.label) or "")}
        definition = graph.value(cls, IAO["0000115"])
        if definition is not None:
            term["definition"] = str(definition)
        exact = [str(v) for v in sorted(graph.objects(cls, OBOINOWL.hasExactSynonym), key=str) if (cls, str(v)) not in latin]
        if exact:
            term["synonyms"] = exact
        term["subtypeOf"] = [compress(str(p)) for p in sorted(p for p in graph.objects(cls, RDFS.subClassOf) if isinstance(p, URIRef))]
        for key, relation in RELATION_KEYS.items():
            values = sorted(by_subject.get(str(cls), {}).get(relation, []))
            if values:
                term[key] = values
        terms.append(term)
    return (json.dumps({"@context": frame_context(), "@graph": terms}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_framed_terms_are_what_the_rdflib_version_wrote(which: str, request: pytest.FixtureRequest) -> None:
    release: Release = request.getfixturevalue(f"{which}_release")
    new = EXPORTS_BY_NAME["calco-terms.jsonld"].render(release)
    old = _old_framed(release.graph, release.edges)
    assert new == old
    assert_same_graph(_read_back(old), _read_back(new))
    assert len(json.loads(new)["@graph"]) == sum(1 for _ in release.index.instances(ox.NamedNode(str(OWL.Class))) if _.value.startswith(str(CALCO_TERM)))
