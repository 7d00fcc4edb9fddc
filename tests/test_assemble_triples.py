"""The release graph is built once, as sorted pyoxigraph triples, and is the graph the rdflib assembly gave.

The reference is the rdflib assembly CALCO used until issue 20 (``tests/legacy_assemble.py``):
the new assembly must give the same triples (blank-node names included, since they are content
hashes that every export prints), in N-Triples text order, on the real sources and on 1,000
synthetic terms; rdflib's own isomorphism check agrees. The editions keep that order without a
re-sort, and the SPARQL validator, given the triples, reports what it reports over a full rdflib
graph of the same data.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SH

from calco.assemble import assemble, assemble_graph
from calco.export import Release
from calco.export.editions import to_base, to_full
from calco.export.oxigraph import sort_triples, to_oxigraph_triples
from calco.load import load_source
from calco.model import Source
from calco.validate.run import DEFAULT_VALIDATOR, validate_graph
from tests.conftest import ROOT, run_calco
from tests.legacy_assemble import assemble as legacy_assemble
from tests.test_shapes import SHAPES
from tests.test_sparql_validator import _damage, rows

MAIN = "http://purl.obolibrary.org/obo/calco.owl"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Source:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate

    return load_source(generate(tmp_path_factory.mktemp("synthetic") / "ontology", 1_000))


@pytest.fixture(scope="module")
def real() -> Source:
    return load_source(ROOT / "ontology")


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_triples_are_what_the_rdflib_assembly_gave(which: str, request: pytest.FixtureRequest) -> None:
    source: Source = request.getfixturevalue(which)
    triples = assemble(source)
    reference = legacy_assemble(source)
    assert set(triples) == set(to_oxigraph_triples(reference))
    assert len(triples) == len(set(triples)) == len(reference)
    assert [str(t) for t in triples] == sorted(str(t) for t in triples), "N-Triples text order, as every writer is given"
    graph = assemble_graph(source)
    # The same rdflib triples, blank-node names included: isomorphic by the identity mapping.
    assert set(graph) == set(reference)
    if which == "real":  # rdflib's canonical form too (its blank-node colouring is slow at 1,000 terms)
        assert to_isomorphic(graph) == to_isomorphic(reference)
    assert any(isinstance(t.subject, ox.BlankNode) for t in triples), "the comparison covers the content-named blank nodes"


def test_release_graph_is_built_from_the_triples_on_demand(real: Source) -> None:
    release = Release(assemble(real))
    assert "graph" not in release.__dict__, "nothing builds an rdflib graph until an export asks"
    graph = release.graph
    assert set(graph) == set(legacy_assemble(real))
    assert dict(graph.namespaces())["CALCO"] == URIRef("http://purl.obolibrary.org/obo/CALCO_"), "the project's prefixes are bound"


ASSEMBLE_NT = """
import hashlib, sys
import pyoxigraph as ox
from pathlib import Path
from calco.assemble import assemble
from calco.load import load_source
print(hashlib.sha256(ox.serialize(assemble(load_source(Path(sys.argv[1]))), format=ox.RdfFormat.N_TRIPLES)).hexdigest())
"""


def test_triples_are_byte_stable_across_hash_seeds(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate

    source = generate(tmp_path / "ontology", 1_000)
    digests = set()
    for seed in ("1", "4242"):
        done = subprocess.run(
            [sys.executable, "-c", ASSEMBLE_NT, str(source)], env=dict(os.environ, PYTHONHASHSEED=seed), capture_output=True, text=True, check=True
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1 and len(digests.pop()) == 64


def _renamed(triples: list[ox.Triple], name: str) -> set[ox.Triple]:
    """What an edition holds, the slow obvious way: every triple with the ontology node renamed."""
    edition = ox.NamedNode(f"http://purl.obolibrary.org/obo/calco/{name}.owl")
    out = set()
    for s, p, o in triples:
        if s.value == MAIN:  # type: ignore[union-attr]
            if p.value.endswith("#versionIRI"):
                o = ox.NamedNode(o.value.replace("/calco.owl", f"/{name}.owl"))  # type: ignore[union-attr]
            out.add(ox.Triple(edition, p, o))
        elif isinstance(o, ox.NamedNode) and o.value == MAIN and p.value != str(RDFS.isDefinedBy):
            out.add(ox.Triple(s, p, edition))
        else:
            out.add(ox.Triple(s, p, o))
    return out


def test_editions_keep_the_sorted_order_without_a_re_sort(synthetic: Source) -> None:
    triples = assemble(synthetic)
    child = "http://purl.obolibrary.org/obo/CALCO_0000002"
    asserted = next(t for t in triples if t.predicate.value == str(RDFS.subClassOf) and isinstance(t.object, ox.NamedNode))
    inferred = [(child, "http://purl.obolibrary.org/obo/MONDO_0000001"), (asserted.subject.value, asserted.object.value)]  # type: ignore[union-attr]
    full = to_full(triples, inferred)
    assert full == sort_triples(full), "sorted and distinct (an inferred edge already asserted appears once)"
    edges = {ox.Triple(ox.NamedNode(c), ox.NamedNode(str(RDFS.subClassOf)), ox.NamedNode(p)) for c, p in inferred}
    assert set(full) == _renamed(triples, "calco-full") | edges
    base = to_base(triples)
    assert base == sort_triples(base)
    assert not any(t.subject.value == MAIN for t in base if isinstance(t.subject, ox.NamedNode))
    assert set(base) <= _renamed(triples, "calco-base")


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_sparql_validator_on_triples_reports_what_it_reports_on_the_graph(which: str, request: pytest.FixtureRequest) -> None:
    """No rdflib graph of the data: findings name the same terms, labels, paths and messages."""
    source: Source = request.getfixturevalue(which)
    graph = assemble_graph(source)
    assert validate_graph(assemble(source), SHAPES).findings == ()
    damaged = _damage(graph)
    bnode_focus = next(iter(damaged.subjects(RDFS.subClassOf, None)))
    damaged.add((bnode_focus, RDFS.label, Literal("a label with a newline\nin it", lang="en")))
    from_graph = validate_graph(damaged, SHAPES, "sparql")
    from_triples = validate_graph(to_oxigraph_triples(damaged), SHAPES, "sparql")
    assert len(from_triples.findings) >= 5
    assert from_triples.findings == from_graph.findings
    assert rows(from_triples.results) == rows(from_graph.results)
    assert any(f.label for f in from_triples.findings), "labels come from the store"


def test_sparql_is_the_default_validator_and_shacl_agrees_on_triples(real: Source) -> None:
    assert DEFAULT_VALIDATOR == "sparql"
    damaged = _damage(assemble_graph(real))
    triples = to_oxigraph_triples(damaged)
    sparql, shacl = validate_graph(triples, SHAPES), validate_graph(triples, SHAPES, "shacl")
    assert {(f.focus, f.rule_id) for f in sparql.findings} == {(f.focus, f.rule_id) for f in shacl.findings}
    assert (None, SH.conforms, Literal(False)) in sparql.results
    help_text = run_calco("build", "--help").stdout
    assert "[default: sparql]" in help_text


def test_validate_graph_accepts_an_rdflib_graph_still() -> None:
    """``calco validate FILE`` and the curator tools hand small rdflib graphs in."""
    graph = Graph()
    term = URIRef("http://purl.obolibrary.org/obo/CALCO_0000001")
    graph.add((term, RDF.type, OWL.Class))
    graph.add((term, RDFS.label, Literal("x", lang="en")))  # no definition, no parent
    findings = validate_graph(graph, SHAPES).findings
    assert findings and findings == validate_graph(to_oxigraph_triples(graph), SHAPES).findings
