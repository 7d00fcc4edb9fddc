"""Evidence a reader can check: locators against the recorded article structure, fingerprints against a copy.

The project copy in ``tmp_path`` has no ``../shared/source/`` beside it, so a plain build there is
the "article absent" case; ``--article`` points at a copy the test made (and may have edited).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from calco.article import fingerprint, parse_record, split_sections
from calco.evidence import ARTICLE, DCTERMS_SOURCE, EVIDENCE_TYPE, SENTENCE_FINGERPRINT
from calco.prefixes import OBOINOWL
from tests.conftest import ARTICLE as SHARED_ARTICLE
from tests.conftest import ROOT, column, edit_table, snapshot

needs_article = pytest.mark.skipif(not SHARED_ARTICLE.is_file(), reason=f"the article is not at {SHARED_ARTICLE} (CI always has it)")
ECO_NAS = URIRef("http://purl.obolibrary.org/obo/ECO_0000303")


def build(calco: Callable[..., Result], project: Path, *extra: object) -> Result:
    return calco("build", "--project", project, "--reasoner", "structural", *extra)


def cite(project: Path, reference: str) -> int:
    """Make the first relations.tsv row cite ``reference``; return that row's line."""

    def replace(rows: list[list[str]]) -> None:
        rows[1][column(rows, "source")] = reference

    edit_table(project / "ontology" / "relations.tsv", replace)
    return 2


def test_locator_past_the_end_of_its_section_fails_without_the_article(project: Path, calco: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALCO_ARTICLE", raising=False)
    before = snapshot(project / "exports")
    line = cite(project, "article:causes/99")
    result = build(calco, project)
    assert result.exit_code == 1, result.output
    assert f"relations.tsv:{line}: column source: article:causes/99 names sentence 99 of section causes, which has 12 sentence(s)" in result.output
    assert snapshot(project / "exports") == before


def test_definition_and_prognosis_locators_are_checked_too(project: Path, calco: Callable[..., Result]) -> None:
    def stretch(rows: list[list[str]]) -> None:
        rows[1][column(rows, "definition_source")] = "article:what-is/16"
        rows[1][column(rows, "prognosis_source")] = "article:outlook/15"

    edit_table(project / "ontology" / "terms.tsv", stretch)
    result = build(calco, project)
    assert result.exit_code == 1
    assert "terms.tsv:2: column definition_source: article:what-is/16 names sentence 16 of section what-is, which has 15" in result.output
    assert "terms.tsv:2: column prognosis_source: article:outlook/15 names sentence 15 of section outlook, which has 14" in result.output


def test_without_the_article_the_build_says_only_the_structure_was_checked(project: Path, calco: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALCO_ARTICLE", raising=False)
    result = build(calco, project)
    assert result.exit_code == 0, result.output
    assert "article absent: locators checked against the recorded structure only" in result.output


def test_a_broken_fingerprint_table_is_refused_with_its_line(project: Path, calco: Callable[..., Result]) -> None:
    path = project / "ontology" / "article-fingerprint.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].split("\t")[0] + "\tsha256:nothex"
    del lines[10]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(calco, project)
    assert result.exit_code == 1
    assert "article-fingerprint.tsv:4: 'sha256:nothex' is not a fingerprint" in result.output
    assert "article-fingerprint.tsv:11: " in result.output and "out of order" in result.output


@needs_article
def test_the_committed_record_is_the_fingerprint_of_the_article() -> None:
    record, problems = parse_record(ROOT / "ontology" / "article-fingerprint.tsv")
    assert not problems
    sections = split_sections(SHARED_ARTICLE.read_text(encoding="utf-8"))
    assert [(s.locator, s.fingerprint) for s in record.sentences] == [
        (f"article:{key}/{n}", fingerprint(sentence)) for key, sentences in sections.items() for n, sentence in enumerate(sentences, start=1)
    ]


@needs_article
def test_the_build_verifies_every_fingerprint_against_a_copy_of_the_article(project: Path, calco: Callable[..., Result], tmp_path: Path) -> None:
    copy = tmp_path / "article.txt"
    copy.write_bytes(SHARED_ARTICLE.read_bytes())
    result = build(calco, project, "--article", copy)
    assert result.exit_code == 0, result.output
    assert f"sentence fingerprints verified against {copy}" in result.output


@needs_article
def test_an_edited_sentence_is_caught_where_it_is_recorded_and_where_it_is_cited(project: Path, calco: Callable[..., Result], tmp_path: Path) -> None:
    text = SHARED_ARTICLE.read_text(encoding="utf-8")
    sentence = split_sections(text)["treatment"][8]  # article:treatment/9, cited by the hypercalcaemia rows
    copy = tmp_path / "article.txt"
    copy.write_text(text.replace(sentence, sentence.replace("loop diuretics", "thiazides")), encoding="utf-8")
    before = snapshot(project / "exports")
    result = build(calco, project, "--article", copy)
    assert result.exit_code == 1
    record_line = next(n for n, line in enumerate((project / "ontology" / "article-fingerprint.tsv").read_text().splitlines(), start=1) if line.startswith("article:treatment/9\t"))
    assert f"article-fingerprint.tsv:{record_line}: the article's sentence article:treatment/9 no longer has the recorded fingerprint" in result.output
    cited = [n for n, line in enumerate((project / "ontology" / "relations.tsv").read_text().splitlines(), start=1) if "article:treatment/9" in line]
    assert cited
    for line in cited:
        assert f"relations.tsv:{line}: column source: article:treatment/9: the sentence this row cites is not the one it was curated from" in result.output
    assert snapshot(project / "exports") == before


@needs_article
def test_a_renumbered_article_is_caught(project: Path, calco: Callable[..., Result], tmp_path: Path) -> None:
    text = SHARED_ARTICLE.read_text(encoding="utf-8")
    copy = tmp_path / "article.txt"
    copy.write_text(text.replace("\nCauses\n\n", "\nCauses\n\nA new opening sentence. ", 1), encoding="utf-8")
    result = build(calco, project, "--article", copy)
    assert result.exit_code == 1
    assert "article:causes/1 no longer has the recorded fingerprint" in result.output
    assert "the article has 1 sentence(s) the record lacks, from article:causes/13" in result.output


def test_an_article_that_was_asked_for_must_exist(project: Path, calco: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALCO_ARTICLE", str(tmp_path / "nowhere.txt"))
    result = build(calco, project)
    assert result.exit_code == 1
    assert "nowhere.txt does not exist (given by --article or $CALCO_ARTICLE)" in result.output


def test_every_article_evidence_item_carries_fingerprint_eco_type_and_article_in_the_owl_export() -> None:
    record, _ = parse_record(ROOT / "ontology" / "article-fingerprint.tsv")
    for name, fmt in (("calco.ttl", "turtle"), ("calco.owl", "xml")):
        graph = Graph().parse(ROOT / "exports" / name, format=fmt)
        checked = 0
        for axiom in graph.subjects(RDF.type, OWL.Axiom):
            locators = sorted(str(x) for x in graph.objects(axiom, OBOINOWL.hasDbXref) if str(x).startswith("article:"))
            if not locators:
                continue
            checked += 1
            pinned = sorted(str(v) for v in graph.objects(axiom, SENTENCE_FINGERPRINT))
            assert pinned == sorted(f"{ref} {record.get(ref).fingerprint}" for ref in locators), (name, axiom)  # type: ignore[union-attr]
            assert (axiom, EVIDENCE_TYPE, ECO_NAS) in graph
            assert (axiom, DCTERMS_SOURCE, ARTICLE) in graph
        assert checked > 60, name
        # The article is a bibliographic resource: a BIBO document in English, translated from German.
        assert (ARTICLE, RDF.type, URIRef("http://purl.org/ontology/bibo/Document")) in graph
        original = graph.value(ARTICLE, URIRef("http://purl.org/ontology/bibo/translationOf"))
        assert graph.value(original, URIRef("http://purl.org/dc/terms/language")) == Literal("de", datatype=URIRef("http://www.w3.org/2001/XMLSchema#language"))


def test_every_eco_type_used_is_declared_with_its_eco_label() -> None:
    graph = Graph().parse(ROOT / "exports" / "calco.ttl", format="turtle")
    used = set(graph.objects(None, EVIDENCE_TYPE))
    assert used >= {ECO_NAS, URIRef("http://purl.obolibrary.org/obo/ECO_0000312")}
    for eco in used:
        assert (eco, RDF.type, OWL.Class) in graph
        assert graph.value(eco, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) is not None


# --- calco evidence ---


def test_evidence_for_a_term_by_label_lists_its_facts_with_notes_and_fingerprints(calco: Callable[..., Result]) -> None:
    result = calco("evidence", "--project", ROOT, "metastatic calcinosis cutis")
    assert result.exit_code == 0, result.output
    record, _ = parse_record(ROOT / "ontology" / "article-fingerprint.tsv")
    assert result.output.startswith("CALCO:0000002 metastatic calcinosis cutis\n")
    assert "· definition  (ontology/terms.tsv:3)" in result.output
    assert "treatment planned with MAXO:0000424" in result.output
    assert "The removal of organ deposits is planned with imaging such as MRI." in result.output
    assert f"article:treatment/6  ECO:0000303  {record.get('article:treatment/6').fingerprint}" in result.output  # type: ignore[union-attr]
    assert "verified sentence" not in result.output, "without --article nothing from the article is printed"


def test_evidence_for_a_locator_lists_the_facts_resting_on_it(calco: Callable[..., Result]) -> None:
    result = calco("evidence", "--project", ROOT, "article:treatment/9", "--format", "json")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)["facts"]
    assert {(f["subject"], f["objects"][0]) for f in facts} == {("MONDO:0001566", "MAXO:0001125"), ("MONDO:0001566", "MAXO:0000220")}
    assert all(f["where"].startswith("ontology/relations.tsv:") for f in facts)


def test_evidence_refuses_what_it_cannot_resolve(calco: Callable[..., Result]) -> None:
    for query, message in (("article:causes/99", "names no sentence of the article"), ("no such term", "is neither a CALCO or reused term")):
        result = calco("evidence", "--project", ROOT, query)
        assert result.exit_code == 2
        assert message in result.output


@needs_article
def test_evidence_with_the_article_prints_each_sentence_verified(calco: Callable[..., Result]) -> None:
    result = calco("evidence", "--project", ROOT, "MONDO:0001566", "--article", SHARED_ARTICLE)
    assert result.exit_code == 0, result.output
    sentence = split_sections(SHARED_ARTICLE.read_text(encoding="utf-8"))["treatment"][8]
    assert f"verified sentence: {sentence}" in result.output


@needs_article
def test_evidence_refuses_a_copy_whose_sentence_differs(calco: Callable[..., Result], tmp_path: Path) -> None:
    text = SHARED_ARTICLE.read_text(encoding="utf-8")
    sentence = split_sections(text)["treatment"][8]
    copy = tmp_path / "edited.txt"
    copy.write_text(text.replace(sentence, sentence.replace("often", "sometimes")), encoding="utf-8")
    result = calco("evidence", "--project", ROOT, "article:treatment/9", "--article", copy)
    assert result.exit_code == 2
    assert "this copy is not the article CALCO cites" in result.output
    assert "verified sentence" not in result.output
    assert not re.search(r"controlled by the administration", result.output), "a sentence from a copy that fails its fingerprint is never shown"


@needs_article
def test_a_note_copied_from_the_article_is_refused_by_the_recorded_wording(project: Path, calco: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    """The build compares against the recorded eight-word hashes: no copy of the article is used (only the test needs one, to copy from)."""
    monkeypatch.delenv("CALCO_ARTICLE", raising=False)
    copied = split_sections(SHARED_ARTICLE.read_text(encoding="utf-8"))["treatment"][1]

    def paste(rows: list[list[str]]) -> None:
        rows[1][column(rows, "note")] = copied

    edit_table(project / "ontology" / "relations.tsv", paste)
    result = build(calco, project)
    assert result.exit_code == 1
    assert "article absent" not in result.output
    assert "relations.tsv:2: column note: repeats 8 or more consecutive words of the article; write it in your own words" in result.output


@needs_article
def test_the_committed_wording_record_is_the_article_s() -> None:
    from calco.article import parse_wording, shingles

    recorded, problems = parse_wording(ROOT / "ontology" / "article-wording.tsv")
    assert not problems and recorded == shingles(SHARED_ARTICLE.read_text(encoding="utf-8"))


@needs_article
def test_record_article_rewrites_the_records_and_names_the_changed_sentences(project: Path, calco: Callable[..., Result], tmp_path: Path) -> None:
    text = SHARED_ARTICLE.read_text(encoding="utf-8")
    sentence = split_sections(text)["outlook"][7]
    copy = tmp_path / "article.txt"
    copy.write_text(text.replace(sentence, sentence.replace("well", "poorly")), encoding="utf-8")
    result = calco("record-article", "--project", project, copy)
    assert result.exit_code == 0, result.output
    assert "changed: article:outlook/8" in result.output and "1 sentence(s) changed" in result.output
    # The old rows still cite outlook/8, now with the new sentence's fingerprint: the build with that copy passes.
    assert build(calco, project, "--article", copy).exit_code == 0
    assert build(calco, project, "--article", SHARED_ARTICLE).exit_code == 1


def test_diff_reports_a_relation_whose_qualifier_or_evidence_changed(project: Path, calco: Callable[..., Result], tmp_path: Path) -> None:
    """Clinical corrections that keep subject, relation and object (a new qualifier, a re-read source) still show."""

    def soften(rows: list[list[str]]) -> None:
        rows[1][column(rows, "qualifier")] = ""
        rows[1][column(rows, "note")] = "Depression can follow the disease."

    edit_table(project / "ontology" / "relations.tsv", soften)
    assert build(calco, project, "--out", tmp_path / "new").exit_code == 0
    result = calco("diff", "--project", project, ROOT / "exports" / "calco.ttl", tmp_path / "new" / "calco.ttl", "--format", "json")
    changed = json.loads(result.output)["relations_changed"]
    assert [(c["subject"], c["objects"], c["qualifier"], c["old"]["qualifier"]) for c in changed] == [("CALCO:0000001", ["HP:0000716"], "", "possible")]


# --- a therapy for a cause belongs to the cause: the one case where a reused term is a subject ---


def _add_row(project: Path, row: list[str]) -> int:
    def append(rows: list[list[str]]) -> None:
        rows.append(row)

    edit_table(project / "ontology" / "relations.tsv", append)
    return len((project / "ontology" / "relations.tsv").read_text(encoding="utf-8").splitlines())


def test_a_reused_cause_may_be_treated_by_but_nothing_else(project: Path, calco: Callable[..., Result]) -> None:
    line = _add_row(project, ["MONDO:0001566", "affects_organ", "UBERON:0002113", "article:treatment/9", "Hypercalcaemia affects the kidney.", "possible"])
    result = build(calco, project)
    assert result.exit_code == 1
    assert f"relations.tsv:{line}: column subject: MONDO:0001566 is a reused term; CALCO asserts only its treatment (as a cause of a CALCO form), not affects_organ" in result.output


def test_a_reused_term_that_causes_no_calco_form_may_not_be_a_subject(project: Path, calco: Callable[..., Result]) -> None:
    line = _add_row(project, ["MONDO:0018891", "treated_by", "MAXO:0000447", "article:treatment/1", "Familial tumoral calcinosis is operated on.", "possible"])
    result = build(calco, project)
    assert result.exit_code == 1
    assert f"relations.tsv:{line}: column subject: MONDO:0018891 is not defined in terms.tsv (a reused term may be a subject only with treated_by" in result.output
