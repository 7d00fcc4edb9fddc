"""The reason stage runs the real HermiT: unsatisfiable classes fail the build by name; no leftovers."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from calco.assemble import assemble_graph
from calco.errors import StageError
from calco.load import load_source
from calco.reason import classify, judge, reason, reasoner_input
from calco.reason.cache import ReasonCache
from tests.conftest import column, snapshot

CALCO = "http://purl.obolibrary.org/obo/CALCO_"


def first_terms(project: Path) -> tuple[str, str, str]:
    rows = [line.split("\t") for line in (project / "ontology" / "terms.tsv").read_text().splitlines()]
    ids, labels = column(rows, "id"), column(rows, "label")
    return rows[1][ids], rows[2][ids], rows[2][labels]


def test_unsatisfiable_class_fails_the_build_and_is_named(project: Path, calco: Callable[..., Result]) -> None:
    """Make a parent disjoint with its own child's other parent: the child becomes unsatisfiable."""
    rows = [line.split("\t") for line in (project / "ontology" / "terms.tsv").read_text().splitlines()]
    ids, parents, labels = column(rows, "id"), column(rows, "parents"), column(rows, "label")
    child = next(r for r in rows[1:] if r[parents].startswith("CALCO:"))
    parent = child[parents].split("|")[0]
    with (project / "ontology" / "calco-header.ttl").open("a") as header:
        header.write(f"\n<{CALCO}{child[ids][6:]}> <{OWL.disjointWith}> <{CALCO}{parent[6:]}> .\n")
    before = snapshot(project / "exports")
    result = calco("build", "--project", project)
    assert result.exit_code == 1
    assert "unsatisfiable classes" in result.output
    assert f"{child[ids]} ({child[labels]})" in result.output
    assert snapshot(project / "exports") == before


def test_inferred_hierarchy_is_reported(project: Path) -> None:
    """A class defined as a subclass of (second term and calcinosis) gets an is-a edge to the second term that was
    not asserted; the result lists it. (An owl:equivalentClass probe is not used: owlready2 files the
    inferred parents of two equivalent classes on either one, depending on the ontology's content.)"""
    from rdflib import BNode
    from rdflib.collection import Collection

    source = load_source(project / "ontology")
    graph = assemble_graph(source)
    _, second, _ = first_terms(project)
    extra = URIRef(CALCO + "9999999")
    graph.add((extra, RDF.type, OWL.Class))
    graph.add((extra, RDFS.label, Literal("probe", lang="en")))
    conjunction, members = BNode(), BNode()
    Collection(graph, members, [URIRef(CALCO + second[6:]), URIRef("http://purl.obolibrary.org/obo/MONDO_0002123")])
    graph.add((conjunction, RDF.type, OWL.Class))
    graph.add((conjunction, OWL.intersectionOf, members))
    graph.add((extra, RDFS.subClassOf, conjunction))
    result = reason(graph)
    assert result.consistent
    second_iri = CALCO + second[6:]
    inferred = {parent for child, parent in result.inferred if child == str(extra)}
    assert second_iri in inferred, f"HermiT should infer {second_iri} as a parent of the probe: {result.inferred}"


def test_inconsistent_ontology_fails(project: Path) -> None:
    graph = assemble_graph(load_source(project / "ontology"))
    individual = URIRef(CALCO + "9999998")
    first, second, _ = first_terms(project)
    a, b = URIRef(CALCO + first[6:]), URIRef(CALCO + second[6:])
    graph.add((a, OWL.disjointWith, b))
    graph.add((individual, RDF.type, OWL.NamedIndividual))
    graph.add((individual, RDF.type, a))
    graph.add((individual, RDF.type, b))
    with pytest.raises(StageError, match="inconsistent") as failure:
        reason(graph)
    assert first in str(failure.value) and second in str(failure.value), "the message names the classes involved"


def test_reasoner_time_limit_kills_hermit_and_leaves_no_temp_files(project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    graph = assemble_graph(load_source(project / "ontology"))
    with pytest.raises(StageError, match="did not finish within 0.5 s"):
        reason(graph, timeout_s=0.5)
    assert list(private_tmp.iterdir()) == []


def test_reasoner_success_leaves_no_temp_files(project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    graph: Graph = assemble_graph(load_source(project / "ontology"))
    assert reason(graph).consistent
    assert list(private_tmp.iterdir()) == []


def test_structural_mode_skips_hermit_and_says_so(project: Path, calco: Callable[..., Result]) -> None:
    """The fast mode's trade-off is real: an unsatisfiable class is not caught, and the log says HermiT did not check."""
    rows = [line.split("\t") for line in (project / "ontology" / "terms.tsv").read_text().splitlines()]
    ids, parents = column(rows, "id"), column(rows, "parents")
    child = next(r for r in rows[1:] if r[parents].startswith("CALCO:"))
    with (project / "ontology" / "calco-header.ttl").open("a") as header:
        header.write(f"\n<{CALCO}{child[ids][6:]}> <{OWL.disjointWith}> <{CALCO}{child[parents][6:]}> .\n")
    result = calco("build", "--project", project, "--out", project / "fast", "--reasoner", "structural")
    assert result.exit_code == 0, result.output
    assert "structural mode: not checked by HermiT" in result.output
    assert calco("build", "--project", project, "--out", project / "full").exit_code == 1


def test_reasoner_cache_skips_hermit_only_for_the_same_axioms(project: Path, calco: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild of unchanged sources reuses HermiT's findings and writes the same bytes; an edited axiom misses."""
    monkeypatch.setenv("CALCO_CACHE_DIR", str(tmp_path / "cache"))
    cold = calco("build", "--project", project, "--out", tmp_path / "cold")
    warm = calco("build", "--project", project, "--out", tmp_path / "warm")
    assert cold.exit_code == 0 and warm.exit_code == 0, cold.output + warm.output
    assert "(cached" not in cold.output and "(cached" in warm.output
    assert snapshot(tmp_path / "warm") == snapshot(tmp_path / "cold")
    fresh = calco("build", "--project", project, "--out", tmp_path / "fresh", "--no-reasoner-cache")
    assert "(cached" not in fresh.output
    first, _, _ = first_terms(project)
    with (project / "ontology" / "calco-header.ttl").open("a") as header:
        header.write(f"\n<{CALCO}{first[6:]}> <{RDFS.comment}> \"an edit HermiT has not seen\"@en .\n")
    edited = calco("build", "--project", project, "--out", tmp_path / "edited")
    assert edited.exit_code == 0 and "(cached" not in edited.output
    assert len(list((tmp_path / "cache" / "reason").iterdir())) == 2


def test_cached_findings_are_judged_like_fresh_ones(project: Path, tmp_path: Path) -> None:
    """A cached unsatisfiable class still fails the stage: the cache stores findings, never a verdict."""
    graph = assemble_graph(load_source(project / "ontology"))
    first, second, _ = first_terms(project)
    a, b = URIRef(CALCO + first[6:]), URIRef(CALCO + second[6:])
    graph.add((a, RDFS.subClassOf, b))
    graph.add((a, OWL.disjointWith, b))
    cache = ReasonCache(tmp_path / "cache")
    nt = reasoner_input(graph)
    assert classify(nt, cache=cache).cached is False
    again = classify(nt, cache=cache)
    assert again.cached is True and str(a) in again.unsatisfiable
    with pytest.raises(StageError, match="unsatisfiable classes") as failure:
        judge(graph, again)
    assert first in str(failure.value)


def test_unreadable_cache_entry_is_recomputed_not_trusted(tmp_path: Path) -> None:
    """A truncated or tampered entry (here: a verdict of the wrong type) is ignored and rewritten from HermiT."""
    graph = Graph()
    for number in ("0000001", "0000002"):
        graph.add((URIRef(CALCO + number), RDF.type, OWL.Class))
    graph.add((URIRef(CALCO + "0000002"), RDFS.subClassOf, URIRef(CALCO + "0000001")))
    cache = ReasonCache(tmp_path / "cache")
    nt = reasoner_input(graph)
    entry = tmp_path / "cache" / "reason" / f"{cache.key(nt)}.json"
    entry.parent.mkdir(parents=True)
    for garbage in ('{"consistent": "yes", "unsatisfiable": [], "inferred": []}', '{"consistent": true, "unsat', "[]"):
        entry.write_text(garbage)
        result = classify(nt, cache=cache)
        assert result.cached is False and result.consistent
        assert json.loads(entry.read_text())["consistent"] is True


def test_reasoner_input_is_sorted_and_drops_directives(project: Path) -> None:
    """Equal graphs give equal bytes (the cache key), and owl:imports never reaches owlready2 (hazard O1)."""
    graph = assemble_graph(load_source(project / "ontology"))
    graph.add((URIRef(CALCO + "ontology"), OWL.imports, URIRef("http://127.0.0.1:9/evil.owl")))
    nt = reasoner_input(graph)
    lines = nt.splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph) - 1
    assert b"owl#imports" not in nt
    assert reasoner_input(graph) == nt
