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
