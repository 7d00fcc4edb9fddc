"""``calco validate PATH``: a report, and exit 0 conforms / 1 violations / 2 unusable input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT, run_calco

GOOD_CLASS = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix IAO: <http://purl.obolibrary.org/obo/IAO_> .
<http://purl.obolibrary.org/obo/CALCO_0000001> a owl:Class ; rdfs:label "calcinosis cutis"@en ;
    IAO:0000115 "A calcinosis of the skin."@en .
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
    assert "CALCO:0000001: exactly one label" in completed.stdout
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
