"""``calco validate PATH``: a report, and exit 0 conforms / 1 violations / 2 unusable input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT, run_calco

GOOD_CLASS = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix IAO: <http://purl.obolibrary.org/obo/IAO_> .
@prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
<http://purl.obolibrary.org/obo/MONDO_0002123> a owl:Class ; rdfs:label "calcinosis"@en .
<http://purl.obolibrary.org/obo/CALCO_0000001> a owl:Class ; rdfs:label "calcinosis cutis"@en ;
    IAO:0000115 "A calcinosis of the skin."@en ; rdfs:subClassOf <http://purl.obolibrary.org/obo/MONDO_0002123> .
[] a owl:Axiom ; owl:annotatedSource <http://purl.obolibrary.org/obo/CALCO_0000001> ; owl:annotatedProperty IAO:0000115 ;
    owl:annotatedTarget "A calcinosis of the skin."@en ; oboInOwl:hasDbXref "article:what-is/4" .
"""


def test_exports_conform() -> None:
    for name in ("calco.ttl", "calco.owl", "calco.jsonld"):
        completed = run_calco("validate", ROOT / "exports" / name)
        assert completed.returncode == 0, completed.stdout + completed.stderr
        assert "conforms" in completed.stdout


def test_violations_exit_1_with_term_and_rule(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(GOOD_CLASS.replace('rdfs:label "calcinosis cutis"@en ;', "") + "\n<http://purl.obolibrary.org/obo/CALCO_12> a owl:Class .\n")
    completed = run_calco("validate", bad)
    assert completed.returncode == 1
    assert "CALCO:0000001: missing or multiple labels" in completed.stdout
    assert "CALCO IRI pattern" in completed.stdout


def test_conforming_file_exits_0(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(GOOD_CLASS)
    assert run_calco("validate", good).returncode == 0


def test_unparseable_file_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/b> .")
    completed = run_calco("validate", broken)
    assert completed.returncode == 2
    assert "broken.ttl" in completed.stderr


def test_missing_file_and_unknown_format_exit_2(tmp_path: Path) -> None:
    assert run_calco("validate", tmp_path / "absent.ttl").returncode == 2
    odd = tmp_path / "data.xyz"
    odd.write_text("x")
    assert run_calco("validate", odd).returncode == 2


def test_jsonld_remote_context_is_refused_not_fetched(tmp_path: Path) -> None:
    doc = tmp_path / "remote.jsonld"
    doc.write_text(json.dumps({"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://example.org/a"}))
    completed = run_calco("validate", doc)
    assert completed.returncode == 2
    assert "remote contexts are never fetched" in completed.stderr


def test_rdfxml_entity_declarations_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.owl"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    )
    completed = run_calco("validate", bomb)
    assert completed.returncode == 2
    assert "DOCTYPE" in completed.stderr


OBO_TERMS = """format-version: 1.4
data-version: releases/2026-01-01
ontology: calco
property_value: http://purl.org/dc/terms/title "CALCO" xsd:string
property_value: http://purl.org/dc/terms/description "A test of OBO input." xsd:string
property_value: http://purl.org/dc/terms/license https://creativecommons.org/licenses/by/4.0/
property_value: http://www.w3.org/2002/07/owl#versionInfo "2026-01-01" xsd:string

[Term]
id: MONDO:0002123
name: calcinosis

[Term]
id: CALCO:0000001
name: calcinosis cutis
def: "A calcinosis in which calcium salts are deposited in the skin." [article:what-is/4]
synonym: "cutaneous calcinosis" EXACT []
is_a: MONDO:0002123 ! calcinosis
"""


def test_obo_file_is_read_and_validated(tmp_path: Path) -> None:
    good = tmp_path / "terms.obo"
    good.write_text(OBO_TERMS)
    completed = run_calco("validate", good)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    bad = tmp_path / "bad.obo"
    bad.write_text(OBO_TERMS.replace('def: "A calcinosis in which calcium salts are deposited in the skin." [article:what-is/4]\n', ""))
    completed = run_calco("validate", bad)
    assert completed.returncode == 1
    assert "CALCO:0000001 (calcinosis cutis): missing or multiple definitions" in completed.stdout


def test_malformed_obo_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.obo"
    broken.write_text("format-version: 1.4\n\n[Term]\nid: CALCO:0000001\nname calcinosis cutis\n")
    completed = run_calco("validate", broken)
    assert completed.returncode == 2
    assert "not valid OBO 1.4" in completed.stderr


def test_strict_makes_warnings_fail_and_reports_are_written(tmp_path: Path) -> None:
    warned = tmp_path / "warned.ttl"
    warned.write_text(GOOD_CLASS + '<https://purl.obolibrary.org/obo/MONDO_0005100> a owl:Class ; rdfs:label "systemic sclerosis"@en .\n')  # a typo\'d OBO IRI: a warning
    assert run_calco("validate", warned).returncode == 0, "warnings alone do not fail"
    completed = run_calco("validate", warned, "--strict", "--report-dir", tmp_path / "report")
    assert completed.returncode == 1
    markdown = (tmp_path / "report" / "validation-report.md").read_text()
    assert "## Warnings (1)" in markdown and "invalid entity IRI" in markdown and "MONDO_0005100" in markdown
    results = (tmp_path / "report" / "validation-results.ttl").read_text()
    assert "sh:ValidationReport" in results and "sh:Warning" in results


def test_reasoner_findings_in_validate_report(tmp_path: Path) -> None:
    """An unsatisfiable class is a violation named in the report; inferred is-a edges are listed."""
    doc = tmp_path / "reasoning.ttl"
    doc.write_text(
        GOOD_CLASS
        + """
<http://purl.obolibrary.org/obo/CALCO_0000002> a owl:Class ; rdfs:label "probe"@en ;
    owl:equivalentClass <http://purl.obolibrary.org/obo/CALCO_0000001> .
<http://purl.obolibrary.org/obo/CALCO_0000003> a owl:Class ; rdfs:label "impossible"@en ;
    rdfs:subClassOf <http://purl.obolibrary.org/obo/CALCO_0000001> , <http://purl.obolibrary.org/obo/CALCO_0000004> .
<http://purl.obolibrary.org/obo/CALCO_0000004> a owl:Class ; rdfs:label "other"@en ;
    owl:disjointWith <http://purl.obolibrary.org/obo/CALCO_0000001> .
"""
    )
    completed = run_calco("validate", doc, "--report-dir", tmp_path / "report")
    assert completed.returncode == 1
    assert "unsatisfiable: http://purl.obolibrary.org/obo/CALCO_0000003" in completed.stdout
    markdown = (tmp_path / "report" / "validation-report.md").read_text()
    assert "unsatisfiable class" in markdown and "CALCO:0000003 (impossible)" in markdown
    assert "## Hierarchy the reasoner adds" in markdown
    assert "| CALCO:0000002 (probe) | MONDO:0002123 (calcinosis) |" in markdown
    again = run_calco("validate", doc, "--report-dir", tmp_path / "again")
    assert again.returncode == 1 and "(cached" in again.stdout, "the second run reuses HermiT's findings"
    assert again.stdout.replace(" (cached: these axioms were classified before)", "") == completed.stdout
    assert (tmp_path / "again" / "validation-report.md").read_text() == markdown
    fresh = run_calco("validate", doc, "--no-reasoner-cache")
    assert fresh.returncode == 1 and "(cached" not in fresh.stdout
