"""Curator tools: fmt keeps tables canonical, mint never reuses IDs, obsolete follows the OBO rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS

from calco.prefixes import compress
from tests.conftest import ROOT, edit_table


def test_committed_source_tables_are_normalised(calco: Callable[..., Result]) -> None:
    result = calco("fmt", "--check", "--project", ROOT)
    assert result.exit_code == 0, f"{result.output}\nrun: calco fmt"


def test_fmt_normalises_a_messy_table(project: Path, calco: Callable[..., Result]) -> None:
    terms = project / "ontology" / "terms.tsv"
    original = terms.read_bytes()

    def mess(rows: list[list[str]]) -> None:
        rows[1:] = list(reversed(rows[1:]))
        rows[1][rows[0].index("definition_source")] = "|".join(reversed(rows[1][rows[0].index("definition_source")].split("|")))

    edit_table(terms, mess)
    assert calco("fmt", "--check", "--project", project).exit_code == 1
    assert calco("fmt", "--project", project).exit_code == 0
    assert terms.read_bytes() == original


def test_obsolete_follows_the_obo_rules_and_builds(project: Path, calco: Callable[..., Result]) -> None:
    result = calco("obsolete", "CALCO:0000017", "--reason", "terms-merged", "--replaced-by", "CALCO:0000013", "--project", project)
    assert result.exit_code == 1 and "still used" in result.output and "has_supportive_measure" in result.output and "--repoint" in result.output
    assert "relations.tsv:" in result.output, "each use is addressed by file and line"

    def unlink(rows: list[list[str]]) -> None:
        rows[:] = [r for r in rows if "CALCO:0000017" not in r]

    edit_table(project / "ontology" / "relations.tsv", unlink)
    result = calco("obsolete", "CALCO:0000017", "--reason", "terms-merged", "--replaced-by", "CALCO:0000013", "--consider", "CALCO:0000016", "--project", project)
    assert result.exit_code == 0, result.output
    build = calco("build", "--project", project)
    assert build.exit_code == 0, build.output
    graph = Graph().parse(project / "exports" / "calco.ttl")
    obo = "http://purl.obolibrary.org/obo/"
    term = URIRef(obo + "CALCO_0000017")
    assert graph.value(term, OWL.deprecated) == Literal(True)
    assert graph.value(term, RDFS.label) == Literal("obsolete qigong", lang="en")
    assert str(graph.value(term, URIRef(obo + "IAO_0000115"))).startswith("OBSOLETE. A supportive self-care measure")
    assert graph.value(term, URIRef(obo + "IAO_0100001")) == URIRef(obo + "CALCO_0000013")
    assert graph.value(term, URIRef(obo + "IAO_0000231")) == URIRef(obo + "IAO_0000227")
    assert graph.value(URIRef(obo + "IAO_0000227"), RDFS.label) == Literal("terms merged", lang="en")
    assert graph.value(term, URIRef("http://www.geneontology.org/formats/oboInOwl#consider")) == URIRef(obo + "CALCO_0000016")
    assert list(graph.objects(term, RDFS.subClassOf)) == []
    stanza = (project / "exports" / "calco.obo").read_text().split("id: CALCO:0000017\n", 1)[1].split("\n\n", 1)[0]
    assert 'def: "OBSOLETE. ' in stanza and "is_obsolete: true" in stanza and "replaced_by: CALCO:0000013" in stanza
    assert "consider: CALCO:0000016" in stanza and "property_value: IAO:0000231 IAO:0000227" in stanza
    assert calco("validate", "--project", project, "--no-reason").exit_code == 0
    assert calco("mint", "--curator", "CALCO editors", "--project", project).output.strip() == "CALCO:0000018"


def test_obsolete_repoint_moves_every_use_to_the_replacement_and_says_which_rows(project: Path, calco: Callable[..., Result]) -> None:
    """Merging 'supportive self-care measure' (CALCO:0000013, parent of five terms and object of a
    relation row) into 'qigong' is clinically absurd but exercises each kind of use."""
    from tests.conftest import column

    result = calco("obsolete", "CALCO:0000013", "--reason", "out-of-scope", "--consider", "CALCO:0000011", "--repoint", "--project", project)
    assert result.exit_code == 1 and "--repoint needs --replaced-by" in result.output
    result = calco("obsolete", "CALCO:0000014", "--reason", "terms-merged", "--replaced-by", "CALCO:0000015", "--repoint", "--project", project)
    assert result.exit_code == 1 and "would repeat an existing assertion" in result.output, "two rows would become one: the curator merges evidence"
    assert calco("fmt", "--check", "--project", project).exit_code == 0, "a refused edit changes nothing"

    mapping = "CALCO:0000013\tskos:broadMatch\tMAXO:0000001\tmedical action\tsemapv:ManualMappingCuration\tthis test\tA test mapping.\n"
    with (project / "ontology" / "mappings.tsv").open("a") as table:
        table.write(mapping)
    result = calco("obsolete", "CALCO:0000013", "--reason", "terms-merged", "--replaced-by", "CALCO:0000012", "--repoint", "--project", project)
    assert result.exit_code == 0, result.output
    assert "mappings.tsv:" in result.output and "-> subject_id=CALCO:0000012 predicate_id=skos:broadMatch object_id=MAXO:0000001" in result.output
    assert "CALCO:0000012\tskos:broadMatch\tMAXO:0000001" in (project / "ontology" / "mappings.tsv").read_text()
    rows = [line.split("\t") for line in (project / "ontology" / "terms.tsv").read_text().splitlines()]
    parents = {r[0]: r[column(rows, "parents")] for r in rows[1:]}
    for child in ("CALCO:0000014", "CALCO:0000015", "CALCO:0000016", "CALCO:0000017"):
        assert parents[child] == "CALCO:0000012"
        assert f"{child}" in result.output and "-> id=" + child in result.output
    assert "CALCO:0000014's definition names the old genus" in result.output
    build = calco("build", "--project", project)
    assert build.exit_code == 1 and build.output.count("definition not in genus-differentia form") == 4, "the curator rewrites the four definitions"
    result = calco("obsolete", "CALCO:0000017", "--reason", "terms-merged", "--replaced-by", "CALCO:0000011", "--repoint", "--project", project)
    assert result.exit_code == 0, result.output
    assert "relations.tsv:" in result.output and "-> subject=CALCO:0000001 relation=has_supportive_measure object=CALCO:0000011" in result.output
    assert "removed" not in result.output.replace("removed  subject=CALCO:0000017", "")
    relations = (project / "ontology" / "relations.tsv").read_text()
    assert "CALCO:0000017" not in relations and "has_supportive_measure\tCALCO:0000011" in relations


def test_obsolete_rules_are_enforced_on_hand_edits(project: Path, calco: Callable[..., Result]) -> None:
    def half_obsolete(rows: list[list[str]]) -> None:
        row = next(r for r in rows if r[0] == "CALCO:0000016")
        row[rows[0].index("obsolete")] = "true"
        row[rows[0].index("replaced_by")] = "CALCO:0000099"
        row[rows[0].index("consider")] = "MONDO:0000999"
        live = next(r for r in rows if r[0] == "CALCO:0000015")
        live[rows[0].index("obsolescence_reason")] = "OMO:0001000"
        live[rows[0].index("definition")] = "OBSOLETE. " + live[rows[0].index("definition")]

    edit_table(project / "ontology" / "terms.tsv", half_obsolete)
    result = calco("build", "--project", project)
    assert result.exit_code == 1
    assert "column label: an obsolete term's label starts with 'obsolete '" in result.output
    assert "column definition: an obsolete term's definition starts with 'OBSOLETE.'" in result.output
    assert "column obsolescence_reason: is empty but an obsolete term says why" in result.output
    assert "column parents: an obsolete term has no parents" in result.output
    assert "column replaced_by: CALCO:0000099 is not a live CALCO term" in result.output
    assert "column consider: MONDO:0000999 is not a live CALCO term or an imported class" in result.output
    assert "column obsolescence_reason: only obsolete terms have one" in result.output
    assert "column definition: only obsolete terms have definitions starting with 'OBSOLETE.'" in result.output


def test_diff_reports_every_kind_of_change(project: Path, calco: Callable[..., Result], tmp_path: Path) -> None:
    import json
    import shutil

    old = tmp_path / "old.ttl"
    shutil.copy(project / "exports" / "calco.ttl", old)
    terms = project / "ontology" / "terms.tsv"

    def edit_terms(rows: list[list[str]]) -> None:
        head = rows[0]
        by_id = {r[0]: r for r in rows[1:]}
        by_id["CALCO:0000016"][head.index("label")] = "herbal compress"
        by_id["CALCO:0000005"][head.index("definition")] = "A calcinosis cutis whose cause remains unknown after investigation."
        by_id["CALCO:0000010"][head.index("parents")] = "CALCO:0000001|MONDO:0002123"
        new = list(by_id["CALCO:0000014"])
        new[0], new[head.index("label")], new[head.index("definition")] = "CALCO:0000018", "honey dressing", "A supportive self-care measure for calcinosis cutis in which a honey dressing is applied."
        rows.append(new)

    edit_table(terms, edit_terms)
    edit_table(project / "ontology" / "relations.tsv", lambda rows: rows.__setitem__(slice(None), [r for r in rows if "CALCO:0000017" not in r]))
    assert calco("obsolete", "CALCO:0000017", "--reason", "failed-exploratory-term", "--project", project).exit_code == 0
    build = calco("build", "--project", project)
    assert build.exit_code == 0, build.output
    result = calco("diff", old, project / "exports" / "calco.ttl", "--format", "json", "--project", project)
    changes = json.loads(result.output)
    assert [t["id"] for t in changes["added"]] == ["CALCO:0000018"]
    assert [t["id"] for t in changes["obsoleted"]] == ["CALCO:0000017"]
    assert changes["relabelled"] == [{"id": "CALCO:0000016", "old": "chamomile or sage compress", "new": "herbal compress"}]
    assert [t["id"] for t in changes["redefined"]] == ["CALCO:0000005"]
    assert changes["moved"] == [{"id": "CALCO:0000010", "label": "calcinosis intervertebralis", "old": ["MONDO:0002123"], "new": ["CALCO:0000001", "MONDO:0002123"]}]
    removed = changes["relations_removed"]
    assert removed and all(r["subject"] == "CALCO:0000001" and r["objects"] == ["CALCO:0000017"] for r in removed)
    assert removed[0]["sources"] == ["article:self-help/11"] and removed[0]["note"]
    markdown = calco("diff", old, project / "exports" / "calco.ttl", "--project", project).output
    assert "## Obsoleted terms (1)" in markdown and "### Relabelled terms (1)" in markdown
    terms = {t["id"]: t for t in changes["terms"]}
    added = terms["CALCO:0000018"]
    assert added["status"] == "added" and added["removed"] == []
    assert "SubClassOf supportive self-care measure for calcinosis cutis (CALCO:0000013)" in added["added"]
    assert any(s.startswith('definition "A supportive self-care measure for calcinosis cutis in which a honey dressing is applied."@en {') and "article:" in s for s in added["added"])
    assert any(s.startswith("has_exact_synonym ") or s.startswith("has_related_synonym ") for s in added["added"]) == bool(changes["added"][0]["synonyms"])
    obsoleted = terms["CALCO:0000017"]
    assert obsoleted["status"] == "obsoleted" and "deprecated true" in obsoleted["added"]
    assert 'label "obsolete qigong"@en' in obsoleted["added"] and 'label "qigong"@en' in obsoleted["removed"]
    assert "SubClassOf supportive self-care measure for calcinosis cutis (CALCO:0000013)" in obsoleted["removed"]
    parent_change = terms["CALCO:0000001"]
    assert any("has supportive measure some qigong (CALCO:0000017)" in s or "CALCO:0000017" in s for s in parent_change["removed"]), "the relation axiom, with its evidence, is listed"
    assert "#### CALCO:0000018 honey dressing" in markdown and "- + SubClassOf supportive self-care measure for calcinosis cutis (CALCO:0000013)" in markdown


def test_diff_covers_reused_terms_as_an_import_refresh_changes_them() -> None:
    """An upstream term new to the modules, a new upstream parent, a relabelling and an obsoletion
    of reused (imported) terms show up per term, as a refresh of the import modules makes them."""

    from calco.curate.diff import diff_releases, to_markdown

    old = Graph().parse(ROOT / "exports" / "calco.ttl")
    new = Graph().parse(ROOT / "exports" / "calco.ttl")
    disease = URIRef("http://purl.obolibrary.org/obo/MONDO_0000001")  # MONDO's root, in the MONDO module
    children = sorted(c for c in old.subjects(RDFS.subClassOf, disease) if isinstance(c, URIRef))
    assert children, "the MONDO module places something directly under its root"
    for triple in list(old.triples((disease, None, None))):
        old.remove(triple)  # the old release did not have the root yet ...
    for child in children:
        old.remove((child, RDFS.subClassOf, disease))  # ... nor the edges to it
    skin = URIRef("http://purl.obolibrary.org/obo/UBERON_0002097")
    [skin_label] = list(new.objects(skin, RDFS.label))
    new.set((skin, RDFS.label, Literal("obsolete skin of body")))
    new.add((skin, OWL.deprecated, Literal(True)))
    changes = diff_releases(old, new, "before", "after")
    terms = {t.id: t for t in changes.terms}
    assert set(terms) == {"MONDO:0000001", "UBERON:0002097"} | {compress(str(c)) for c in children}
    assert terms["MONDO:0000001"].status == "added" and terms["MONDO:0000001"].reused
    for child in children:
        assert terms[compress(str(child))].status == "changed"
        assert terms[compress(str(child))].added == ["SubClassOf disease or disorder (MONDO:0000001)"]
    assert terms["UBERON:0002097"].status == "obsoleted"
    assert terms["UBERON:0002097"].added == ["deprecated true", 'label "obsolete skin of body"']
    assert terms["UBERON:0002097"].removed == [f'label "{skin_label}"']
    markdown = to_markdown(changes)
    assert "#### UBERON:0002097 obsolete skin of body (reused)" in markdown and f"{len(terms)} reused" in markdown


def test_diff_of_git_revisions() -> None:
    from tests.conftest import run_calco

    completed = run_calco("diff", "HEAD", "HEAD")
    assert completed.returncode == 0 and "No term or relation changed." in completed.stdout
    assert run_calco("diff", "no-such-revision", "HEAD").returncode == 2
