"""Curator tools: fmt keeps tables canonical, mint never reuses IDs, obsolete follows the OBO rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS

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


def test_mint_gives_the_next_never_used_id(project: Path, calco: Callable[..., Result]) -> None:
    assert calco("mint", "--project", project).output.strip() == "CALCO:0000018"

    def drop_last(rows: list[list[str]]) -> None:
        del rows[-1]

    edit_table(project / "ontology" / "terms.tsv", drop_last)
    assert calco("mint", "--project", project).output.strip() == "CALCO:0000018", "an ID in the last release is never reused"


def test_obsolete_follows_the_obo_rules_and_builds(project: Path, calco: Callable[..., Result]) -> None:
    result = calco("obsolete", "CALCO:0000017", "--replaced-by", "CALCO:0000013", "--project", project)
    assert result.exit_code == 1 and "still used" in result.output and "has_supportive_measure" in result.output

    def unlink(rows: list[list[str]]) -> None:
        rows[:] = [r for r in rows if "CALCO:0000017" not in r]

    edit_table(project / "ontology" / "relations.tsv", unlink)
    result = calco("obsolete", "CALCO:0000017", "--replaced-by", "CALCO:0000013", "--project", project)
    assert result.exit_code == 0, result.output
    build = calco("build", "--project", project)
    assert build.exit_code == 0, build.output
    graph = Graph().parse(project / "exports" / "calco.ttl")
    term = URIRef("http://purl.obolibrary.org/obo/CALCO_0000017")
    assert graph.value(term, OWL.deprecated) == Literal(True)
    assert graph.value(term, RDFS.label) == Literal("obsolete qigong", lang="en")
    assert graph.value(term, URIRef("http://purl.obolibrary.org/obo/IAO_0100001")) == URIRef("http://purl.obolibrary.org/obo/CALCO_0000013")
    assert list(graph.objects(term, RDFS.subClassOf)) == []
    assert "is_obsolete: true" in (project / "exports" / "calco.obo").read_text()
    assert calco("validate", "--project", project, "--no-reason").exit_code == 0
    assert calco("mint", "--project", project).output.strip() == "CALCO:0000018"


def test_obsolete_rules_are_enforced_on_hand_edits(project: Path, calco: Callable[..., Result]) -> None:
    def half_obsolete(rows: list[list[str]]) -> None:
        row = next(r for r in rows if r[0] == "CALCO:0000016")
        row[rows[0].index("obsolete")] = "true"
        row[rows[0].index("replaced_by")] = "CALCO:0000099"

    edit_table(project / "ontology" / "terms.tsv", half_obsolete)
    result = calco("build", "--project", project)
    assert result.exit_code == 1
    assert "column label: an obsolete term's label starts with 'obsolete '" in result.output
    assert "column parents: an obsolete term has no parents" in result.output
    assert "column replaced_by: CALCO:0000099 is not a live CALCO term" in result.output


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
        by_id["CALCO:0000010"][head.index("parents")] = "CALCO:0000001"
        new = list(by_id["CALCO:0000014"])
        new[0], new[head.index("label")], new[head.index("definition")] = "CALCO:0000018", "honey dressing", "A supportive self-care measure in which a honey dressing is applied."
        rows.append(new)

    edit_table(terms, edit_terms)
    edit_table(project / "ontology" / "relations.tsv", lambda rows: rows.__setitem__(slice(None), [r for r in rows if "CALCO:0000017" not in r]))
    assert calco("obsolete", "CALCO:0000017", "--project", project).exit_code == 0
    assert calco("build", "--project", project).exit_code == 0
    result = calco("diff", old, project / "exports" / "calco.ttl", "--format", "json", "--project", project)
    changes = json.loads(result.output)
    assert [t["id"] for t in changes["added"]] == ["CALCO:0000018"]
    assert [t["id"] for t in changes["obsoleted"]] == ["CALCO:0000017"]
    assert changes["relabelled"] == [{"id": "CALCO:0000016", "old": "chamomile or sage compress", "new": "herbal compress"}]
    assert [t["id"] for t in changes["redefined"]] == ["CALCO:0000005"]
    assert changes["moved"] == [{"id": "CALCO:0000010", "label": "calcinosis intervertebralis", "old": ["MONDO:0002123"], "new": ["CALCO:0000001"]}]
    removed = changes["relations_removed"]
    assert removed and all(r["subject"] == "CALCO:0000001" and r["objects"] == ["CALCO:0000017"] for r in removed)
    assert removed[0]["sources"] == ["article:self-help/11"] and removed[0]["note"]
    markdown = calco("diff", old, project / "exports" / "calco.ttl", "--project", project).output
    assert "### Obsoleted terms (1)" in markdown and "### Relabelled terms (1)" in markdown


def test_diff_of_git_revisions() -> None:
    from tests.conftest import run_calco

    completed = run_calco("diff", "HEAD", "HEAD")
    assert completed.returncode == 0 and "No term or relation changed." in completed.stdout
    assert run_calco("diff", "no-such-revision", "HEAD").returncode == 2


def test_release_dates_rebuilds_and_logs(project: Path, calco: Callable[..., Result]) -> None:
    result = calco("release", "--date", "2027-01-15", "--project", project)
    assert result.exit_code == 0, result.output
    header = (project / "ontology" / "calco-header.ttl").read_text()
    assert "releases/2027-01-15/calco.owl" in header and 'owl:versionInfo "2027-01-15"' in header
    graph = Graph().parse(project / "exports" / "calco.ttl")
    ontology = URIRef("http://purl.obolibrary.org/obo/calco.owl")
    assert graph.value(ontology, OWL.versionIRI) == URIRef("http://purl.obolibrary.org/obo/calco/releases/2027-01-15/calco.owl")
    changelog = (project / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog") and "## 2027-01-15" in changelog and "No term or relation changed." in changelog


def test_failed_release_restores_the_header(project: Path, calco: Callable[..., Result]) -> None:
    header = (project / "ontology" / "calco-header.ttl").read_bytes()
    edit_table(project / "ontology" / "terms.tsv", lambda rows: rows[1].__setitem__(rows[0].index("label"), ""))
    result = calco("release", "--date", "2027-01-15", "--project", project)
    assert result.exit_code == 1
    assert (project / "ontology" / "calco-header.ttl").read_bytes() == header
    assert not (project / "CHANGELOG.md").exists()
