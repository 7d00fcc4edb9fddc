"""``calco fmt`` never changes what the tables say: load(fmt(x)) == load(x), and refused input stays byte-identical."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from calco.curate.fmt import content
from calco.curate.tables import SCHEMAS
from calco.load import load_source
from tests.conftest import column, edit_table

NBSP = "\u00a0"


def tables(project: Path) -> dict[str, bytes]:
    return {name: (project / "ontology" / name).read_bytes() for name in SCHEMAS}


def reverse_rows(rows: list[list[str]]) -> None:
    rows[1:] = list(reversed(rows[1:]))


def reverse_set_cells(rows: list[list[str]]) -> None:
    """Every set-valued cell written backwards, with spaces around the separators."""
    for name in ("definition_source", "parents", "object", "source"):
        if name in rows[0]:
            i = column(rows, name)
            for row in rows[1:]:
                row[i] = " | ".join(reversed(row[i].split("|")))


def move_first_column_last(rows: list[list[str]]) -> None:
    for row in rows:
        row.append(row.pop(0))


def no_break_space_in_a_definition(rows: list[list[str]]) -> None:
    i = column(rows, "definition")
    rows[1][i] = rows[1][i].replace(" ", NBSP, 1)


#: Loadable variants of the committed tables: (table, how it is messed up).
LOADABLE: dict[str, tuple[str, Callable[[list[list[str]]], None]] | None] = {
    "committed": None,
    "terms-rows-reversed": ("terms.tsv", reverse_rows),
    "relations-rows-reversed": ("relations.tsv", reverse_rows),
    "imports-rows-reversed": ("imports.tsv", reverse_rows),
    "mappings-rows-reversed": ("mappings.tsv", reverse_rows),
    "terms-set-cells-reversed": ("terms.tsv", reverse_set_cells),
    "relations-set-cells-reversed": ("relations.tsv", reverse_set_cells),
    "terms-columns-moved": ("terms.tsv", move_first_column_last),
    "relations-columns-moved": ("relations.tsv", move_first_column_last),
}


def crlf_and_blank_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_bytes(("\r\n".join(lines[:3] + [""] + lines[3:])).encode("utf-8"))


@pytest.mark.parametrize("variant", [*LOADABLE, "relations-crlf-and-blank-lines"])
def test_fmt_keeps_the_content_of_every_loadable_fixture(variant: str, project: Path, calco: Callable[..., Result]) -> None:
    if variant == "relations-crlf-and-blank-lines":
        crlf_and_blank_lines(project / "ontology" / "relations.tsv")
    elif (change := LOADABLE[variant]) is not None:
        edit_table(project / "ontology" / change[0], change[1])
    before = content(load_source(project / "ontology"))
    result = calco("fmt", "--project", project)
    assert result.exit_code == 0, result.output
    assert content(load_source(project / "ontology")) == before, "calco fmt changed what the tables say"
    assert calco("fmt", "--check", "--project", project).exit_code == 0, "formatting is not idempotent"


def stray_tab_after_subject(rows: list[list[str]]) -> None:
    rows[1].insert(1, "")


def line_separator_in_note(rows: list[list[str]]) -> None:
    i = column(rows, "note")
    rows[1][i] = rows[1][i].replace(" ", "\u2028", 1)


def line_separator_in_definition(rows: list[list[str]]) -> None:
    i = column(rows, "definition")
    rows[2][i] = rows[2][i].replace(" ", "\u2028", 1)


def next_line_in_label(rows: list[list[str]]) -> None:
    i = column(rows, "label")
    rows[3][i] = rows[3][i] + "\u0085"


def trailing_space_in_label(rows: list[list[str]]) -> None:
    i = column(rows, "label")
    rows[1][i] += " "


#: Inputs the loader refuses: (table, change, what the loader's message must hold).
REFUSED = {
    "relations-stray-tab": ("relations.tsv", stray_tab_after_subject, "relations.tsv:2: has 7 cells but the header has 6"),
    "terms-stray-tab": ("terms.tsv", stray_tab_after_subject, "terms.tsv:2: has"),
    "relations-U+2028-in-a-cell": ("relations.tsv", line_separator_in_note, "relations.tsv:2"),
    "terms-U+2028-in-a-cell": ("terms.tsv", line_separator_in_definition, "terms.tsv:3"),
    "terms-U+0085-in-a-cell": ("terms.tsv", next_line_in_label, "terms.tsv:4"),
    "terms-trailing-space": ("terms.tsv", trailing_space_in_label, "terms.tsv:2: column label:"),
    # The loader refuses spaces other than the plain one (issue 19), so fmt never collapses one either.
    "terms-no-break-space": ("terms.tsv", no_break_space_in_a_definition, "terms.tsv:2: column definition: contains U+00A0 NO-BREAK SPACE"),
}


@pytest.mark.parametrize("variant", REFUSED)
@pytest.mark.parametrize("check", [False, True], ids=["fmt", "fmt-check"])
def test_fmt_refuses_what_does_not_load_and_leaves_it_byte_identical(variant: str, check: bool, project: Path, calco: Callable[..., Result]) -> None:
    table, change, message = REFUSED[variant]
    edit_table(project / "ontology" / table, change)
    before = tables(project)
    result = calco("fmt", *(["--check"] if check else []), "--project", project)
    assert result.exit_code == 1
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert tables(project) == before, "a refused table must be left byte-identical"


def test_obsolete_refuses_a_table_with_a_stray_tab_and_changes_nothing(project: Path, calco: Callable[..., Result]) -> None:
    """The curator tools share fmt's reader: a row the header does not fit is never rewritten."""
    edit_table(project / "ontology" / "relations.tsv", stray_tab_after_subject)
    before = tables(project)
    result = calco("obsolete", "CALCO:0000017", "--reason", "out-of-scope", "--project", project)
    assert result.exit_code == 1
    assert "relations.tsv:2: has 7 cells but the header has 6" in result.output
    assert tables(project) == before
