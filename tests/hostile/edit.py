"""Write a hostile value into one cell of a source table, byte for byte."""

from __future__ import annotations

from pathlib import Path


def set_cell(project: Path, table: str, line: int, column: str, value: str) -> None:
    """Write ``value`` into one cell, leaving every other byte of the table as it was.

    Lines are split on ``\\n`` only, as the loader reads them: ``str.splitlines`` would itself
    split on a U+2028 or ``\\x0b`` being written.
    """
    path = project / "ontology" / table
    lines = path.read_bytes().decode("utf-8").split("\n")
    header = lines[0].split("\t")
    cells = lines[line - 1].split("\t")
    cells[header.index(column)] = value
    lines[line - 1] = "\t".join(cells)
    path.write_bytes("\n".join(lines).encode("utf-8"))


def write_obo_special(project: Path, label: str, texts: dict[str, str]) -> None:
    """Give CALCO:0000001 the special ``label`` and CALCO:0000002 the special ``texts``.

    The children of CALCO:0000001 name it as their genus ("A calcinosis cutis ..."), which the
    style rules check, so their definitions follow the new label.
    """
    path = project / "ontology" / "terms.tsv"
    lines = path.read_bytes().decode("utf-8").split("\n")
    header = lines[0].split("\t")
    old_genus = "A " + lines[1].split("\t")[header.index("label")] + " "
    for number, line in enumerate(lines[2:], start=3):
        definition = line.split("\t")[header.index("definition")] if line else ""
        if definition.startswith(old_genus):
            set_cell(project, "terms.tsv", number, "definition", "A " + label + " " + definition[len(old_genus):])
    for column, value in texts.items():
        set_cell(project, "terms.tsv", 3, column, value)
    set_cell(project, "terms.tsv", 2, "label", label)
