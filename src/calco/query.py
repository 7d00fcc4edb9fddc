"""SPARQL over the built exports with pyoxigraph (embedded; nothing leaves the machine).

pyoxigraph would follow ``SERVICE`` and ``LOAD`` over HTTP and cannot be told not to from
Python (hazard S5), so query text naming either is refused before it reaches the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from calco.errors import CalcoError, UnusableInputError
from calco.prefixes import PREFIX_MAP, compress

#: Files loaded into the query store, in order; missing optional ones are skipped.
QUERY_FILES = ("calco.ttl",)
FORBIDDEN = re.compile(r"\b(SERVICE|LOAD)\b", re.IGNORECASE)
MAX_QUERY_CHARS = 100_000


@dataclass(frozen=True)
class Table:
    """A SELECT result as plain strings: header and rows."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def open_store(exports: Path) -> ox.Store:
    """An in-memory store holding the exports CALCO answers queries over."""
    main = exports / QUERY_FILES[0]
    if not main.is_file():
        raise CalcoError(f"{main} not found; run `calco build` first")
    store = ox.Store()
    for name in QUERY_FILES:
        path = exports / name
        if path.is_file():
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def check_query(text: str) -> str:
    """Refuse queries that could reach the network or are absurdly long; return the query with CALCO's prefixes."""
    if len(text) > MAX_QUERY_CHARS:
        raise UnusableInputError(f"query is {len(text)} characters; the limit is {MAX_QUERY_CHARS}")
    match = FORBIDDEN.search(text)
    if match:
        raise UnusableInputError(f"{match.group(1).upper()} is not allowed: queries run offline over the CALCO exports only")
    return text


def prologue() -> str:
    """PREFIX declarations for every project prefix, so queries can use CURIEs directly."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIX_MAP.items())


def run(store: ox.Store, text: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a checked query with CALCO's prefixes predeclared."""
    query = check_query(text)
    try:
        return store.query(query, prefixes=dict(PREFIX_MAP))
    except SyntaxError as error:
        raise UnusableInputError(f"not a valid SPARQL query: {error}") from None


def to_table(solutions: ox.QuerySolutions) -> Table:
    """Turn solutions into strings, compressing IRIs to CURIEs where a prefix fits."""
    variables = tuple(v.value for v in solutions.variables)
    rows = []
    for solution in solutions:
        rows.append(tuple(_text(solution[v]) for v in variables))
    return Table(variables, tuple(rows))


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compress(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def format_table(table: Table) -> str:
    """Fixed-width text table for a terminal."""
    widths = [max([len(v), *(len(r[i]) for r in table.rows)]) for i, v in enumerate(table.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(table.variables, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in table.rows)
    lines.append(f"({len(table.rows)} rows)")
    return "\n".join(lines)
