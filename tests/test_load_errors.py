"""A broken table stops the build with ``file:line: column: message``, exit 1, exports untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import column, edit_table, snapshot


def break_and_build(project: Path, calco: Callable[..., Result], table: str, transform: Callable[[list[list[str]]], None]) -> Result:
    before = snapshot(project / "exports")
    edit_table(project / "ontology" / table, transform)
    result = calco("build", "--project", project)
    assert result.exit_code == 1, result.output
    assert snapshot(project / "exports") == before, "a failed build must leave the exports byte-identical"
    assert not list((project / "exports").glob("*.tmp")), "no temporary files may be left behind"
    return result


def test_unknown_column(project: Path, calco: Callable[..., Result]) -> None:
    def add_column(rows: list[list[str]]) -> None:
        rows[0].append("colour")
        for row in rows[1:]:
            row.append("")

    result = break_and_build(project, calco, "terms.tsv", add_column)
    assert "terms.tsv:1: column colour: unknown column 'colour'" in result.output


def test_missing_label(project: Path, calco: Callable[..., Result]) -> None:
    def blank_label(rows: list[list[str]]) -> None:
        rows[2][column(rows, "label")] = ""

    result = break_and_build(project, calco, "terms.tsv", blank_label)
    assert "terms.tsv:3: column label: is empty but required" in result.output


def test_relation_to_undefined_term(project: Path, calco: Callable[..., Result]) -> None:
    def dangling(rows: list[list[str]]) -> None:
        rows[1][column(rows, "object")] = "CALCO:0999999"

    result = break_and_build(project, calco, "relations.tsv", dangling)
    assert "relations.tsv:2: column object: CALCO:0999999 is not defined in terms.tsv or imports.tsv" in result.output


def test_duplicate_id(project: Path, calco: Callable[..., Result]) -> None:
    def duplicate(rows: list[list[str]]) -> None:
        copy = list(rows[1])
        copy[column(rows, "label")] = "another label"
        rows.append(copy)

    result = break_and_build(project, calco, "terms.tsv", duplicate)
    last = len((project / "ontology" / "terms.tsv").read_text().splitlines())
    assert f"terms.tsv:{last}: column id: " in result.output
    assert "is defined twice (first on line 2)" in result.output


@pytest.mark.parametrize("bad", ["MONDO 0005311", "CALCO:12", "not-a-curie"])
def test_malformed_curie(project: Path, calco: Callable[..., Result], bad: str) -> None:
    def malform(rows: list[list[str]]) -> None:
        rows[1][column(rows, "parents")] = bad

    result = break_and_build(project, calco, "terms.tsv", malform)
    assert "terms.tsv:2: column parents: " in result.output
    assert repr(bad) in result.output


def test_subclass_cycle(project: Path, calco: Callable[..., Result]) -> None:
    rows = [line.split("\t") for line in (project / "ontology" / "terms.tsv").read_text().splitlines()]
    ids = column(rows, "id")
    first, second = rows[1][ids], rows[2][ids]

    def cycle(rows: list[list[str]]) -> None:
        rows[1][column(rows, "parents")] = second
        rows[2][column(rows, "parents")] = first

    result = break_and_build(project, calco, "terms.tsv", cycle)
    assert f"terms.tsv:2: column parents: {first}" in result.output
    assert f"terms.tsv:3: column parents: {second}" in result.output
    assert "subclass cycle" in result.output


@pytest.mark.parametrize("name", ["source", "note"])
def test_relation_without_evidence(project: Path, calco: Callable[..., Result], name: str) -> None:
    def strip_evidence(rows: list[list[str]]) -> None:
        rows[1][column(rows, name)] = ""

    result = break_and_build(project, calco, "relations.tsv", strip_evidence)
    assert f"relations.tsv:2: column {name}: is empty but required" in result.output


def test_unknown_relation_name(project: Path, calco: Callable[..., Result]) -> None:
    def rename(rows: list[list[str]]) -> None:
        rows[1][column(rows, "relation")] = "cures"

    result = break_and_build(project, calco, "relations.tsv", rename)
    assert "relations.tsv:2: column relation: unknown relation 'cures'" in result.output


def test_bad_article_locator(project: Path, calco: Callable[..., Result]) -> None:
    def relocate(rows: list[list[str]]) -> None:
        rows[1][column(rows, "source")] = "article:epilogue/1"

    result = break_and_build(project, calco, "relations.tsv", relocate)
    assert "relations.tsv:2: column source: 'article:epilogue/1' names an unknown article section" in result.output


def test_all_problems_reported_at_once(project: Path, calco: Callable[..., Result]) -> None:
    def two_defects(rows: list[list[str]]) -> None:
        rows[1][column(rows, "label")] = ""
        rows[2][column(rows, "definition")] = ""

    result = break_and_build(project, calco, "terms.tsv", two_defects)
    assert "terms.tsv:2: column label" in result.output
    assert "terms.tsv:3: column definition" in result.output


def test_value_outside_the_allowed_choices(project: Path, calco: Callable[..., Result]) -> None:
    def qualify(rows: list[list[str]]) -> None:
        rows[1][column(rows, "qualifier")] = "sometimes"

    result = break_and_build(project, calco, "relations.tsv", qualify)
    assert "relations.tsv:2: column qualifier: 'sometimes' is not allowed here; use one of: possible" in result.output
