"""``exports/calco.sssom.tsv`` is valid SSSOM (sssom-py parses and validates it) and agrees with the source."""

from __future__ import annotations

from sssom.parsers import parse_sssom_table
from sssom.validators import validate

from calco.load import load_source
from tests.conftest import ROOT

SSSOM_FILE = ROOT / "exports" / "calco.sssom.tsv"


def test_sssom_py_parses_and_validates_the_mapping_set() -> None:
    mapping_set = parse_sssom_table(SSSOM_FILE)
    reports = validate(mapping_set)
    problems = {kind: report.results for kind, report in reports.items() if report.results}
    assert not problems, problems
    assert len(mapping_set.df) == len(load_source(ROOT / "ontology").mappings)


def test_every_mapping_has_a_justification_and_comment() -> None:
    df = parse_sssom_table(SSSOM_FILE).df
    assert df["mapping_justification"].str.startswith("semapv:").all()
    assert (df["comment"].str.len() > 10).all()


def test_calcinosis_cutis_and_its_forms_are_mapped_to_mondo_doid_and_hp() -> None:
    df = parse_sssom_table(SSSOM_FILE).df
    cutis = df[df["subject_id"] == "CALCO:0000001"]
    assert {o.split(":")[0] for o in cutis["object_id"]} >= {"MONDO", "DOID", "HP"}
    for form in ("CALCO:0000002", "CALCO:0000003", "CALCO:0000004", "CALCO:0000005", "CALCO:0000006"):
        assert {o.split(":")[0] for o in df[df["subject_id"] == form]["object_id"]} >= {"MONDO", "DOID", "HP"}


def test_mapping_labels_agree_with_imports() -> None:
    source = load_source(ROOT / "ontology")
    imported = {i.id: i.label for i in source.imports}
    for mapping in source.mappings:
        if mapping.object in imported:
            assert mapping.object_label == imported[mapping.object], f"mappings.tsv:{mapping.line}: label differs from imports.tsv"
