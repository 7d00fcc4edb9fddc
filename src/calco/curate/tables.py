"""Read and write the source tables as plain rows, keeping their schema's column order.

The curator tools edit tables as text (not through the OWL graph), so a table a curator is in the
middle of fixing can still be normalised, and nothing but the edited cells changes.
"""

from __future__ import annotations

from pathlib import Path

from calco.errors import Problem, SourceError
from calco.export.atomic import write_atomically
from calco.load.schema import IMPORTS, MAPPINGS, RELATIONS, SEPARATOR, TERMS, Column

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "terms.tsv": TERMS,
    "relations.tsv": RELATIONS,
    "imports.tsv": IMPORTS,
    "mappings.tsv": MAPPINGS,
}
#: Columns whose order is meaningless (sets); their values are sorted by ``calco fmt``.
UNORDERED = {"parents", "definition_source", "exact_synonyms", "related_synonyms", "narrow_synonyms", "broad_synonyms", "latin_synonyms", "prognosis_source", "object", "source"}
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "terms.tsv": ("id",),
    "relations.tsv": ("subject", "relation", "object"),
    "imports.tsv": ("id",),
    "mappings.tsv": ("subject_id", "predicate_id", "object_id"),
}

Row = dict[str, str]


def read_rows(path: Path) -> list[Row]:
    """The table's data rows as dicts (cells as written)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        return []
    header = lines[0].split("\t")
    known = {c.name for c in SCHEMAS[path.name]}
    unknown = [h for h in header if h.strip() not in known]
    if unknown:
        raise SourceError([Problem(path, 1, name, f"unknown column {name!r}; fix it before editing the table with calco") for name in unknown])
    rows = []
    for line in lines[1:]:
        if not line.strip():
            continue
        cells = line.split("\t")
        rows.append({h.strip(): (cells[i] if i < len(cells) else "") for i, h in enumerate(header)})
    return rows


def render_rows(name: str, rows: list[Row]) -> bytes:
    """The table in canonical form: schema column order, trimmed cells, set-valued cells sorted, rows sorted."""
    columns = [c.name for c in SCHEMAS[name]]
    normal = [{c: _normal_cell(c, row.get(c, "")) for c in columns} for row in rows]
    normal.sort(key=lambda r: tuple(r[k] for k in SORT_KEYS[name]))
    return ("\t".join(columns) + "\n" + "".join("\t".join(r[c] for c in columns) + "\n" for r in normal)).encode("utf-8")


def write_tables(directory: Path, tables: dict[str, list[Row]]) -> list[Path]:
    """Write edited tables all-or-nothing, in canonical form; return the files that changed."""
    return write_atomically({directory / name: render_rows(name, rows) for name, rows in tables.items()})


def _normal_cell(column: str, cell: str) -> str:
    text = " ".join(cell.split())
    if column in UNORDERED and text:
        values = sorted({v.strip() for v in text.split(SEPARATOR) if v.strip()})
        return SEPARATOR.join(values)
    return text
