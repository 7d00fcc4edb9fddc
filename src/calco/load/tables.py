"""Read the three TSV tables cell by cell into model records, recording every problem found."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from calco.article import check_locator
from calco.errors import Problem
from calco.load.fastpath import FastRows, Value
from calco.load.schema import (
    IMPORTS,
    MAPPINGS,
    RELATIONS,
    SEPARATOR,
    TERMS,
    Column,
    Kind,
)
from calco.load.text import decode_utf8, refused_character
from calco.model import Assertion, ImportedTerm, Mapping, Term, positional_constructor
from calco.prefixes import CALCO_ID, XREF_CURIE, expand

#: The longest cell accepted (characters). Far above any definition; refusing beyond it keeps a
#: runaway paste (or a file that is not a table) a one-line error instead of a slow build.
MAX_CELL = 128 * 1024

#: The local part of a CURIE that becomes an IRI (parents, objects, imported and mapped terms):
#: OBO-style identifiers and ICD-style codes. ``>"{}`` or spaces would make an invalid IRI.
CURIE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.~:/-]*")

#: Characters no reference (an OBO xref) may hold: they end an IRI, quote or qualify an OBO value.
XREF_REFUSED = set('<>"{}|\\^`!,[]')

Row = dict[str, tuple[str, ...]]

_term = positional_constructor(Term)
_assertion = positional_constructor(Assertion)
_mapping = positional_constructor(Mapping)
_imported = positional_constructor(ImportedTerm)


@dataclass
class Table:
    """The accepted rows of a table, column by column: ``values[name][i]`` is row ``i``'s value
    (the text of a single-valued cell, "" when empty; a tuple for a list cell), ``lines[i]`` its line."""

    lines: list[int]
    values: dict[str, Sequence[Value]]

    def drop(self, rows: set[int]) -> None:
        """Drop the rows ``rows`` (a check refused them), keeping the others in order."""
        order = [i for i in range(len(self.lines)) if i not in rows]
        self.lines = [self.lines[i] for i in order]
        self.values = {name: [column[i] for i in order] for name, column in self.values.items()}


def read_terms(path: Path, problems: list[Problem]) -> tuple[Term, ...]:
    """Read ``terms.tsv``: one CALCO class per row."""
    found: list[Problem] = []
    table = read_table(path, TERMS, found)
    if table is None:
        problems.extend(found)
        return ()
    _paired(path, table, "prognosis", "prognosis_source", found)
    problems.extend(sorted(found, key=_line))  # in line order, as a curator reads them
    v = table.values
    obsolete = [cell == "true" for cell in v["obsolete"]]
    return tuple(
        map(
            _term,
            v["id"], v["label"], v["parents"], v["definition"], v["definition_source"],
            v["exact_synonyms"], v["related_synonyms"], v["narrow_synonyms"], v["broad_synonyms"], v["latin_synonyms"],
            v["comment"], v["prognosis"], v["prognosis_source"], obsolete, v["replaced_by"], v["consider"],
            v["obsolescence_reason"], table.lines,
        )
    )  # fmt: skip


def read_mappings(path: Path, problems: list[Problem]) -> tuple[Mapping, ...]:
    """Read ``mappings.tsv``: mappings and cross-references of CALCO terms (the SSSOM source)."""
    table = read_table(path, MAPPINGS, problems)
    if table is None:
        return ()
    v = table.values
    return tuple(
        map(_mapping, v["subject_id"], v["predicate_id"], v["object_id"], v["object_label"], v["mapping_justification"], v["confirmed_in"], v["comment"], table.lines)
    )


def _line(problem: Problem) -> int:
    return problem.line


def _paired(path: Path, table: Table, text: str, sources: str, problems: list[Problem]) -> None:
    """A statement column and its source column are filled together or not at all; other rows are dropped."""
    statements, cited = table.values[text], table.values[sources]
    unpaired = [i for i, (a, b) in enumerate(zip(statements, cited, strict=True)) if bool(a) != bool(b)]
    for i in unpaired:
        missing = sources if statements[i] else text
        problems.append(Problem(path, table.lines[i], missing, f"is empty but {text} and {sources} go together"))
    if unpaired:
        table.drop(set(unpaired))


def read_assertions(path: Path, problems: list[Problem]) -> tuple[Assertion, ...]:
    """Read ``relations.tsv``: one existential assertion per row, with its evidence."""
    table = read_table(path, RELATIONS, problems)
    if table is None:
        return ()
    v = table.values
    ordered = {cell: tuple(sorted(cell)) for cell in set(v["object"])}
    objects = list(map(ordered.__getitem__, v["object"]))
    return tuple(map(_assertion, v["subject"], v["relation"], objects, v["source"], v["note"], v["qualifier"], table.lines))


def read_imports(path: Path, problems: list[Problem]) -> tuple[ImportedTerm, ...]:
    """Read ``imports.tsv``: external terms reused by IRI, with where each was confirmed."""
    table = read_table(path, IMPORTS, problems)
    if table is None:
        return ()
    v = table.values
    return tuple(map(_imported, v["id"], v["label"], v["kind"], v["confirmed_in"], v["version"], v["note"], table.lines))


def read_table(path: Path, columns: tuple[Column, ...], problems: list[Problem]) -> Table | None:
    """The rows of a table whose cells pass their column's checks; ``None`` if the file is unreadable or its header wrong.

    Rows with any defect are reported and skipped, so later checks never see half-valid data.
    Plainly valid lines are recognised and split in one pass over the file (:class:`FastRows`);
    any other line is checked cell by cell, which is what reports every problem.
    """
    text, bad_byte = decode_utf8(path.read_bytes())
    if bad_byte is not None:
        bad_line, character, reason = bad_byte
        problems.append(Problem(path, bad_line, "", f"character {character}: {reason}; save the table as UTF-8"))
        return None
    if not text:
        problems.append(Problem(path, 1, "", "the table is empty; it needs at least its header row"))
        return None
    first, _, body = text.partition("\n")
    header = (first[:-1] if first.endswith("\r") else first).split("\t")
    if not _check_header(path, header, columns, problems):
        return None
    if body and not body.endswith("\n"):
        body += "\n"
    by_name = {c.name: c for c in columns}
    parsed = FastRows(header, by_name, _accepted_choices(columns), MAX_CELL).parse(body)
    # Only the doubtful lines' values are replaced, so only then are the columns copied to lists.
    values = [list(column) for column in parsed.columns] if parsed.doubtful else parsed.columns
    refused: set[int] = set()
    multi = [by_name[name].multi for name in header]
    for index in parsed.doubtful:
        row = _check_row(path, index + 2, header, by_name, parsed.line(index), problems)
        if row is None:
            refused.add(index)
            continue
        for column, cell, is_list in zip(values, row.values(), multi, strict=True):
            column[index] = cell if is_list else (cell[0] if cell else "")  # type: ignore[index]
    table = Table(list(range(2, len(parsed.matches) + 2)), dict(zip(header, values, strict=True)))
    if refused:
        table.drop(refused)
    return table


def _check_row(path: Path, number: int, header: list[str], by_name: dict[str, Column], line: str, problems: list[Problem]) -> Row | None:
    """Check one line cell by cell; its row, or ``None`` for a blank line or after recording its problems."""
    fields = line.split("\t")
    if not any(f.strip() for f in fields) and refused_character(line, tab_allowed=True) is None:
        return None
    if len(fields) != len(header):
        problems.append(Problem(path, number, "", f"has {len(fields)} cells but the header has {len(header)}; check for stray or missing tabs"))
        return None
    row: Row = {}
    ok = True
    for name, cell in zip(header, fields, strict=True):
        values = _check_cell(path, number, by_name[name], cell, problems)
        ok = ok and values is not None
        row[name] = values or ()
    return row if ok else None


def _accepted_choices(columns: tuple[Column, ...]) -> dict[str, tuple[str, ...]]:
    """Per column with choices, the choices its own value check accepts (all of them, unless the schema errs)."""
    return {c.name: tuple(v for v in c.choices if _check_value(c.kind, v) is None) for c in columns if c.choices}


def _check_header(path: Path, header: list[str], columns: tuple[Column, ...], problems: list[Problem]) -> bool:
    known = [c.name for c in columns]
    ok = True
    for name in header:
        if name not in known:
            problems.append(Problem(path, 1, name, f"unknown column {name!r}; allowed columns: {', '.join(known)}"))
            ok = False
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(path, 1, name, "column appears twice"))
            ok = False
        seen.add(name)
    for column in columns:
        if column.name not in header:
            problems.append(Problem(path, 1, column.name, "required column is missing from the header"))
            ok = False
    return ok


def _check_cell(path: Path, line: int, column: Column, cell: str, problems: list[Problem]) -> tuple[str, ...] | None:
    """Split and check one cell; return its values, or ``None`` after recording a problem."""

    def fail(message: str) -> None:
        problems.append(Problem(path, line, column.name, message))

    if len(cell) > MAX_CELL:
        fail(f"holds {len(cell)} characters, over the limit of {MAX_CELL}; a cell is one value, not a document")
        return None
    refused = refused_character(cell)
    if refused:
        fail(refused)
        return None
    if cell != cell.strip():
        fail("leading or trailing white space; remove it")
        return None
    if not cell:
        if column.required:
            fail("is empty but required")
            return None
        return ()
    values = tuple(v.strip() for v in cell.split(SEPARATOR)) if column.multi else (cell,)
    if any(not v for v in values):
        fail(f"has an empty value between {SEPARATOR!r} separators")
        return None
    if not column.multi and SEPARATOR in cell and column.kind is not Kind.TEXT:
        fail(f"holds one value; {SEPARATOR!r} is not allowed here")
        return None
    for value in values:
        message = _check_value(column.kind, value)
        if message is None and column.choices and value not in column.choices:
            message = f"{value!r} is not allowed here; use one of: {', '.join(column.choices)}"
        if message:
            fail(message)
            return None
    if len(set(values)) != len(values):
        fail("lists the same value twice")
        return None
    return values


def _check_value(kind: Kind, value: str) -> str | None:
    if kind is Kind.TEXT:
        if any(c in value for c in "\r\n\t"):
            return "contains a tab or line break"
        if "  " in value:
            return "contains a double space"
        if value.endswith("\\"):
            # fastobo (0.14) misreads an escaped backslash before a closing quote, so calco.obo could not carry it.
            return "ends with a backslash, which OBO readers cannot read back; remove it"
        return None
    if kind is Kind.CALCO_ID:
        return None if CALCO_ID.fullmatch(value) else f"{value!r} is not a CALCO ID (CALCO: and seven digits)"
    if kind is Kind.CURIE:
        return _check_curie(value)
    if kind is Kind.REFERENCE:
        if value.startswith("article:"):
            return check_locator(value)
        if not XREF_CURIE.fullmatch(value):
            return f"{value!r} is not a reference (a CURIE such as PMID:123 or an article locator)"
        bad = sorted(set(value) & XREF_REFUSED)
        return f"{value!r} holds {' '.join(bad)}, which no cross-reference may hold (they end an IRI or an OBO value)" if bad else None
    if kind is Kind.NAME:
        return None if value.replace("_", "").replace(":", "").isalnum() else f"{value!r} is not a name"
    raise AssertionError(kind)


def _check_curie(value: str) -> str | None:
    """A CURIE that becomes an IRI: PREFIX:LOCAL with an identifier-safe local part and a valid expansion."""
    if not XREF_CURIE.fullmatch(value):
        return f"{value!r} is a malformed CURIE (expected PREFIX:LOCAL, no spaces)"
    if value.startswith("CALCO:") and not CALCO_ID.fullmatch(value):
        return f"{value!r} is not a CALCO ID (CALCO: and seven digits)"
    local = value.split(":", 1)[1]
    if not CURIE_LOCAL.fullmatch(local):
        bad = " ".join(sorted({c for c in local if not (c.isascii() and (c.isalnum() or c in "_.~:/-"))})) or local[:1]
        return f"{value!r} has {bad} in its local part; an identifier holds letters, digits and _ . ~ : / - only"
    iri = expand(value)
    if iri is not None:
        try:
            ox.NamedNode(iri)
        except ValueError as error:
            return f"{value!r} expands to an invalid IRI <{iri}>: {error}"
    return None
