"""``calco query``: SPARQL over the exports with pyoxigraph, as a table, CSV, TSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import run_calco

FORMS = "SELECT ?form ?label WHERE { ?form rdfs:subClassOf CALCO:0000001 ; rdfs:label ?label } ORDER BY ?label"
EXPECTED_FORMS = ["dystrophic calcinosis cutis", "iatrogenic calcinosis cutis", "idiopathic calcinosis cutis", "metabolic calcinosis cutis", "metastatic calcinosis cutis"]


def test_table_output_uses_curies() -> None:
    completed = run_calco("query", FORMS)
    assert completed.returncode == 0, completed.stderr
    assert "CALCO:0000004" in completed.stdout
    assert "dystrophic calcinosis cutis" in completed.stdout


def test_csv_output() -> None:
    completed = run_calco("query", FORMS, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(completed.stdout)))
    assert [r["label"] for r in rows if r["label"] in EXPECTED_FORMS] == EXPECTED_FORMS


def test_json_output_is_sparql_results_json() -> None:
    completed = run_calco("query", FORMS, "--format", "json")
    results = json.loads(completed.stdout)
    assert results["head"]["vars"] == ["form", "label"]
    labels = [b["label"]["value"] for b in results["results"]["bindings"]]
    assert set(EXPECTED_FORMS) <= set(labels)


def test_query_from_file_and_ask(tmp_path: Path) -> None:
    query = tmp_path / "ask.rq"
    query.write_text("ASK { CALCO:0000001 rdfs:subClassOf [ owl:onProperty calco:affects_organ ; owl:someValuesFrom UBERON:0002097 ] }")
    completed = run_calco("query", query)
    assert completed.stdout.strip() == "true"


def test_service_and_load_are_refused() -> None:
    for text in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "LOAD <http://127.0.0.1:9/x.ttl>"):
        completed = run_calco("query", text)
        assert completed.returncode == 2
        assert "not allowed" in completed.stderr


def test_invalid_query_exits_2() -> None:
    completed = run_calco("query", "SELECT WHERE {")
    assert completed.returncode == 2
    assert "not a valid SPARQL query" in completed.stderr


def test_named_queries_are_listed_and_bound_safely() -> None:
    listing = run_calco("query", "--list")
    assert listing.returncode == 0 and "causes-of NAME" in listing.stdout and "all-causes-of NAME" in listing.stdout
    causes = run_calco("query", "causes-of", "dystrophic calcinosis cutis", "--format", "csv")
    labels = {row["causeLabel"] for row in csv.DictReader(io.StringIO(causes.stdout))}
    assert {"neoplasm (disease)", "Phlebolith", "varicose disease", "lymph node tuberculosis", "injury"} <= labels
    hostile = run_calco("query", "causes-of", 'x"@en } ?a ?b ?c . } #', "--format", "json")
    assert hostile.returncode == 2 and "no term is labelled" in hostile.stderr and hostile.stdout == ""
    wrong = run_calco("query", "causes-of")
    assert wrong.returncode == 2 and "takes 1 value(s): NAME" in wrong.stderr


def test_named_queries_match_names_in_any_case_and_suggest_near_labels() -> None:
    synonym = run_calco("query", "causes-of", "Dystrophic CALCINOSIS", "--format", "csv")
    assert synonym.returncode == 0
    assert len(list(csv.DictReader(io.StringIO(synonym.stdout)))) == 5, "an exact synonym in another case finds the term"
    typo = run_calco("query", "causes-of", "dystrofic calcinosis cutis")
    assert typo.returncode == 2 and "no term is labelled 'dystrofic calcinosis cutis'" in typo.stderr
    assert "'dystrophic calcinosis cutis'" in typo.stderr, "the nearest label is suggested"


def test_relation_graph_is_queried_with_the_ontology() -> None:
    completed = run_calco("query", "SELECT ?c WHERE { CALCO:0000002 calco:caused_by ?c }", "--format", "tsv")
    assert completed.stdout.splitlines() == ["?c", "<http://purl.obolibrary.org/obo/MONDO_0005557>"]


def test_query_time_limit_and_row_limit() -> None:
    # Four unconstrained triple patterns: about 10^12 rows to count, so only the time limit ends it.
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    completed = run_calco("query", slow, "--timeout", "1")
    assert completed.returncode == 1 and "did not finish within 1 s" in completed.stderr
    limited = run_calco("query", "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "7", "--format", "json")
    assert len(json.loads(limited.stdout)["results"]["bindings"]) == 7
    assert "stopped at --max-rows 7" in limited.stderr


def test_from_file_loads_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text('<http://example.org/s> <http://example.org/p> "SECRET" .')
    completed = run_calco("query", f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s <http://example.org/p> ?o }}")
    assert "SECRET" not in completed.stdout
