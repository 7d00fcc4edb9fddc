"""Read and write the source tables as plain rows, keeping their schema's column order.

The curator tools edit tables as text (not through the OWL graph), so nothing but the edited cells
changes. Reading is strict in the two ways that lose data silently if they are not: a line is split
only at ``\n`` (never at U+2028, U+0085 or the other characters ``str.splitlines`` also breaks at),
and a row must have exactly as many cells as the header. Normalising never touches a cell's text:
it only trims a cell and the values of a list cell, and sorts the values of set-valued cells.
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
#: Columns that hold lists of values separated by :data:`SEPARATOR`.
MULTI = {c.name for columns in SCHEMAS.values() for c in columns if c.multi}
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "terms.tsv": ("id",),
    "relations.tsv": ("subject", "relation", "object"),
    "imports.tsv": ("id",),
    "mappings.tsv": ("subject_id", "predicate_id", "object_id"),
}

Row = dict[str, str]


#: Characters ``str.splitlines`` treats as line ends besides ``\n`` and ``\r``: inside a row they would
#: split it (a U+2028 in a cell would become a line break), so the curator tools refuse them.
LINE_BREAKING = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def read_rows(path: Path) -> list[Row]:
    """The table's data rows as dicts (cells as written); refuse a row the header does not fit."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SourceError([Problem(path, 0, "", f"not UTF-8 ({error.reason}); save the table as UTF-8")]) from None
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        return []
    header = lines[0].split("\t")
    known = {c.name for c in SCHEMAS[path.name]}
    problems = [Problem(path, 1, name, f"unknown column {name!r}; fix it before editing the table with calco") for name in header if name.strip() not in known]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        breaking = sorted({f"U+{ord(c):04X}" for c in line if c in LINE_BREAKING or c == "\r"})
        if breaking:
            problems.append(Problem(path, number, "", f"contains the line-breaking character(s) {', '.join(breaking)} inside a row; remove them"))
            continue
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            problems.append(Problem(path, number, "", f"has {len(cells)} cells but the header has {len(header)}; check for stray or missing tabs"))
            continue
        rows.append({h.strip(): cell for h, cell in zip(header, cells, strict=True)})
    if problems:
        raise SourceError(problems)
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
    """Trim the cell (and each value of a list cell); sort set-valued cells. Text inside a value is
    never rewritten: a no-break space or a double space is content, and the loader judges it."""
    text = cell.strip()
    if column in MULTI and text:
        values = [v.strip() for v in text.split(SEPARATOR)]
        if column in UNORDERED:
            values = sorted(set(values))
        return SEPARATOR.join(values)
    return text
