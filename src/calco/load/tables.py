"""Read the three TSV tables cell by cell into model records, recording every problem found."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from calco.article import check_locator
from calco.errors import Problem
from calco.load.fastpath import FastRows
from calco.load.schema import (
    IMPORTS,
    MAPPINGS,
    RELATIONS,
    SEPARATOR,
    TERMS,
    Column,
    Kind,
)
from calco.load.text import decode_utf8, refused_character, split_lines
from calco.model import Assertion, ImportedTerm, Mapping, Term
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


def read_terms(path: Path, problems: list[Problem]) -> tuple[Term, ...]:
    """Read ``terms.tsv``: one CALCO class per row."""
    return tuple(
        Term(
            id=one(row, "id"),
            label=one(row, "label"),
            parents=row["parents"],
            definition=one(row, "definition"),
            definition_sources=row["definition_source"],
            exact_synonyms=row["exact_synonyms"],
            related_synonyms=row["related_synonyms"],
            narrow_synonyms=row["narrow_synonyms"],
            broad_synonyms=row["broad_synonyms"],
            latin_synonyms=row["latin_synonyms"],
            comment=one(row, "comment"),
            prognosis=one(row, "prognosis"),
            prognosis_sources=row["prognosis_source"],
            obsolete=one(row, "obsolete") == "true",
            replaced_by=one(row, "replaced_by"),
            consider=row["consider"],
            obsolescence_reason=one(row, "obsolescence_reason"),
            line=line,
        )
        for line, row in read_table(path, TERMS, problems)
        if _paired(path, line, row, "prognosis", "prognosis_source", problems)
    )


def read_mappings(path: Path, problems: list[Problem]) -> tuple[Mapping, ...]:
    """Read ``mappings.tsv``: mappings and cross-references of CALCO terms (the SSSOM source)."""
    return tuple(
        Mapping(
            subject=one(row, "subject_id"),
            predicate=one(row, "predicate_id"),
            object=one(row, "object_id"),
            object_label=one(row, "object_label"),
            justification=one(row, "mapping_justification"),
            confirmed_in=one(row, "confirmed_in"),
            comment=one(row, "comment"),
            line=line,
        )
        for line, row in read_table(path, MAPPINGS, problems)
    )


def _paired(path: Path, line: int, row: Row, text: str, sources: str, problems: list[Problem]) -> bool:
    """A statement column and its source column are filled together or not at all."""
    if bool(row[text]) == bool(row[sources]):
        return True
    missing = sources if row[text] else text
    problems.append(Problem(path, line, missing, f"is empty but {text} and {sources} go together"))
    return False


def read_assertions(path: Path, problems: list[Problem]) -> tuple[Assertion, ...]:
    """Read ``relations.tsv``: one existential assertion per row, with its evidence."""
    return tuple(
        Assertion(
            subject=one(row, "subject"),
            relation=one(row, "relation"),
            objects=tuple(sorted(row["object"])),
            sources=row["source"],
            note=one(row, "note"),
            qualifier=one(row, "qualifier"),
            line=line,
        )
        for line, row in read_table(path, RELATIONS, problems)
    )


def read_imports(path: Path, problems: list[Problem]) -> tuple[ImportedTerm, ...]:
    """Read ``imports.tsv``: external terms reused by IRI, with where each was confirmed."""
    return tuple(
        ImportedTerm(
            id=one(row, "id"),
            label=one(row, "label"),
            kind=one(row, "kind"),
            confirmed_in=one(row, "confirmed_in"),
            version=one(row, "version"),
            note=one(row, "note"),
            line=line,
        )
        for line, row in read_table(path, IMPORTS, problems)
    )


def one(row: Row, column: str) -> str:
    """The single value of a single-valued cell ("" when empty)."""
    values = row[column]
    return values[0] if values else ""


def read_table(path: Path, columns: tuple[Column, ...], problems: list[Problem]) -> Iterator[tuple[int, Row]]:
    """Yield ``(line, row)`` for each data row whose cells pass their column's checks.

    Rows with any defect are reported and skipped, so later checks never see half-valid data.
    A plainly valid line is recognised whole by one regex (:class:`FastRows`); any other line is
    checked cell by cell, which is what reports every problem.
    """
    text, bad_byte = decode_utf8(path.read_bytes())
    if bad_byte is not None:
        bad_line, character, reason = bad_byte
        problems.append(Problem(path, bad_line, "", f"character {character}: {reason}; save the table as UTF-8"))
        return
    lines = split_lines(text)
    if not lines:
        problems.append(Problem(path, 1, "", "the table is empty; it needs at least its header row"))
        return
    header = lines[0].split("\t")
    if not _check_header(path, header, columns, problems):
        return
    by_name = {c.name: c for c in columns}
    fast = FastRows(header, by_name, _accepted_choices(columns), MAX_CELL)
    for number, line in enumerate(lines[1:], start=2):
        values = fast.values(line)
        row = dict(zip(header, values, strict=True)) if values is not None else _check_row(path, number, header, by_name, line, problems)
        if row is not None:
            yield number, row


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
