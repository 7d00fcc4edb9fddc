"""``calco release`` in a real git repository: diff against the previous release, annotated tags,
release names for ``calco diff``, empty releases refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from tests.conftest import edit_table, git


def relabel(project: Path, term: str, label: str) -> None:
    def edit(rows: list[list[str]]) -> None:
        next(r for r in rows if r[0] == term)[rows[0].index("label")] = label

    edit_table(project / "ontology" / "terms.tsv", edit)


def test_release_diffs_against_the_previous_release_not_exports(git_project: Path, calco: Callable[..., Result]) -> None:
    relabel(git_project, "CALCO:0000016", "herbal compress")
    from calco.curate.release import CHANGELOG_TITLE, unreleased_notes

    log = git_project / "CHANGELOG.md"
    _, released = unreleased_notes(log.read_text()[len(CHANGELOG_TITLE) :])
    log.write_text(CHANGELOG_TITLE + "\n## Unreleased\n\nThe compress is named for what it is (a curator's note).\n" + released)
    assert calco("build", "--project", git_project).exit_code == 0  # exports now already hold the edit
    result = calco("release", "--date", "2026-12-03", "--project", git_project)
    assert result.exit_code == 0, result.output
    assert "the commit that added '## 2026-11-23' to CHANGELOG.md" in result.output
    changelog = (git_project / "CHANGELOG.md").read_text()
    section = changelog.split("## 2026-12-03", 1)[1].split("\n## ", 1)[0]
    assert "CALCO:0000016: chamomile or sage compress → herbal compress" in section
    assert "No term or relation changed" not in section
    assert changelog.index("## 2026-12-03") < changelog.index("## 2026-11-23"), "newest first"
    assert "## Unreleased" not in changelog, "the curators' Unreleased notes are folded into the release"
    assert section.index("The compress is named for what it is") < section.index("CALCO:0000016"), "notes above the computed diff"
    header = (git_project / "ontology" / "calco-header.ttl").read_text()
    assert "releases/2026-12-03/calco.owl" in header and 'owl:versionInfo "2026-12-03"' in header
    graph = Graph().parse(git_project / "exports" / "calco.ttl")
    assert graph.value(URIRef("http://purl.obolibrary.org/obo/calco.owl"), OWL.versionIRI) == URIRef("http://purl.obolibrary.org/obo/calco/releases/2026-12-03/calco.owl")
    assert git(git_project, "cat-file", "-t", "v2026-12-03").strip() == "tag", "an annotated tag, ODK style"
    assert git(git_project, "rev-parse", "v2026-12-03^{commit}") == git(git_project, "rev-parse", "HEAD")
    assert git(git_project, "status", "--porcelain", "--", "ontology", "exports", "CHANGELOG.md") == "", "the release is committed"
    assert "Release v2026-12-03" in git(git_project, "log", "-1", "--format=%s")

    by_name = json.loads(calco("diff", "2026-11-23", "v2026-12-03", "--format", "json", "--project", git_project).output)
    assert by_name["relabelled"] == [{"id": "CALCO:0000016", "old": "chamomile or sage compress", "new": "herbal compress"}]
    term = next(t for t in by_name["terms"] if t["id"] == "CALCO:0000016")
    assert term["status"] == "changed" and term["removed"] == ['label "chamomile or sage compress"@en'] and term["added"] == ['label "herbal compress"@en']
    assert "No term or relation changed." in calco("diff", "v2026-12-03", "HEAD", "--project", git_project).output


def test_an_empty_release_is_refused_unless_asked_for(git_project: Path, calco: Callable[..., Result]) -> None:
    relabel(git_project, "CALCO:0000016", "herbal compress")
    assert calco("release", "--date", "2026-12-03", "--project", git_project).exit_code == 0
    before = {p: p.read_bytes() for p in [git_project / "CHANGELOG.md", git_project / "ontology" / "calco-header.ttl", *sorted((git_project / "exports").iterdir())]}
    refused = calco("release", "--date", "2026-12-10", "--project", git_project)
    assert refused.exit_code == 1 and "nothing changed since v2026-12-03 (tag v2026-12-03)" in refused.output and "--allow-empty" in refused.output
    assert {p: p.read_bytes() for p in before} == before, "a refused release changes no file"
    assert git(git_project, "tag", "--list", "v2026-12-10") == ""
    allowed = calco("release", "--date", "2026-12-10", "--allow-empty", "--project", git_project)
    assert allowed.exit_code == 0, allowed.output
    assert "compared with 2026-12-03 (tag v2026-12-03)" in allowed.output
    assert git(git_project, "tag", "--list", "v2026-*").split() == ["v2026-12-03", "v2026-12-10"]
    again = calco("release", "--date", "2026-12-10", "--allow-empty", "--project", git_project)
    assert again.exit_code == 1 and "not after the previous release 2026-12-10" in again.output


def test_release_needs_git_and_a_findable_previous_release(git_project: Path, calco: Callable[..., Result], tmp_path_factory: pytest.TempPathFactory) -> None:
    import shutil

    plain = tmp_path_factory.mktemp("not-a-repository") / "calco"
    shutil.copytree(git_project, plain, ignore=shutil.ignore_patterns(".git"))
    result = calco("release", "--date", "2026-12-03", "--project", plain)
    assert result.exit_code == 1 and "not a git work tree" in result.output
    header = git_project / "ontology" / "calco-header.ttl"
    header.write_text(header.read_text().replace("2026-11-23", "2026-11-20"))
    result = calco("release", "--date", "2026-12-03", "--project", git_project)
    assert result.exit_code == 1 and "previous release 2026-11-20" in result.output and "git tag -a v2026-11-20" in result.output


def test_failed_release_restores_the_header(git_project: Path, calco: Callable[..., Result]) -> None:
    header = (git_project / "ontology" / "calco-header.ttl").read_bytes()
    edit_table(git_project / "ontology" / "terms.tsv", lambda rows: rows[1].__setitem__(rows[0].index("label"), ""))
    result = calco("release", "--date", "2027-01-15", "--project", git_project)
    assert result.exit_code == 1
    assert (git_project / "ontology" / "calco-header.ttl").read_bytes() == header
    assert git(git_project, "tag", "--list") == ""
