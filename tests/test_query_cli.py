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
