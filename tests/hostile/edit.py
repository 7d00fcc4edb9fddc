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
