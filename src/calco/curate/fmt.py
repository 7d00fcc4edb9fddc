"""``calco fmt``: put the source tables in canonical form, so diffs show only real changes."""

from __future__ import annotations

from pathlib import Path

from calco.curate.tables import SCHEMAS, read_rows, render_rows, write_tables


def unformatted(directory: Path) -> list[str]:
    """Names of the tables that are not in canonical form."""
    return [name for name in SCHEMAS if (directory / name).read_bytes() != render_rows(name, read_rows(directory / name))]


def format_tables(directory: Path) -> list[Path]:
    """Rewrite every table in canonical form; return the files that changed."""
    return write_tables(directory, {name: read_rows(directory / name) for name in SCHEMAS})
