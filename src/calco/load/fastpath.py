"""One regular expression per table that reads every plainly valid row of a file at once, so most rows skip the cell checks.

Nearly every row of a curated table is printable text, well-formed identifiers and known choices.
Checking such a row cell by cell costs a dozen Python calls per cell (a 100k-term source has 3.6
million cells), and even one Python call per line is most of the cost at that size.
:class:`FastRows` compiles, from the schema and the table's header, one pattern with a group per
cell that matches a whole line only when every cell is of that plain kind; ``re.findall`` runs
it over the whole file in C and gives every line's cells, or the raw text of a line it did not
match. What a regex cannot see is then checked column by column on the distinct values (a value
listed twice, a CURIE's IRI, a double space, an over-long cell, the character and NFC rules on
the few cells that are not ASCII), which marks further lines as doubtful.

The pattern is a *sufficient* condition, never the authority: a line it does not match, and a
matched line that a remaining check doubts, goes to the cell-by-cell checks in ``tables.py``,
which write every message. So the fast path can only ever accept what those checks accept
(``tests/test_load_fastpath.py`` proves it on the hostile corpus and a seeded fuzz), and no
refusal is lost or reworded.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import ne

import pyoxigraph as ox

from calco import prefixes
from calco.article import SECTIONS
from calco.load.schema import SEPARATOR, Column, Kind
from calco.load.text import refused_character
from calco.prefixes import expand

#: A text value: a visible character alone, or visible characters at both ends with anything but
#: ASCII controls between (a double space is looked for in the whole file instead). No backslash
#: at the end. Characters beyond ASCII are allowed here and checked by :func:`refused_character`.
_TEXT = r"[^\x00-\x20\x7f\\]|[^\x00-\x20\x7f][^\x00-\x1f\x7f]*[^\x00-\x20\x7f\\]"
#: The same for one value of a ``|`` list: no separator inside a value.
_TEXT_IN_LIST = r"[^\x00-\x20\x7f|\\]|[^\x00-\x20\x7f|][^\x00-\x1f\x7f|]*[^\x00-\x20\x7f|\\]"
#: CURIE prefix and local part exactly as ``XREF_CURIE`` and ``CURIE_LOCAL`` define them, ASCII only.
_PREFIX = r"[A-Za-z_][A-Za-z0-9_.-]*[A-Za-z0-9_]"
_LOCAL = r"[A-Za-z0-9_][A-Za-z0-9_.~:/-]*"
#: A reference's local part: printable ASCII without the characters no cross-reference may hold
#: (``XREF_REFUSED``) and without the list separator.
_REFERENCE_LOCAL = r"""[^\x00-\x20\x7f-\U0010ffff<>"{}|\\^`!,\[\]]+"""
#: An IRI prefix to which any CURIE local part (``_LOCAL``'s characters) can be appended and stay a
#: valid IRI: http(s), a plain host, then a path (or query or fragment) already begun, no ``%``.
#: Such a prefix is checked once instead of every CURIE that uses it (see :meth:`FastRows._bad_curies`).
_OPEN_IRI_PREFIX = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?/[A-Za-z0-9._~/:@!$&'()*+,;=?#-]*")


def _value_pattern(column: Column) -> str:
    """A pattern matching only values of ``column`` that its cell checks accept (choices aside)."""
    if column.kind is Kind.TEXT:
        return _TEXT_IN_LIST if column.multi else _TEXT
    if column.kind is Kind.CALCO_ID:
        return r"CALCO:[0-9]{7}"
    if column.kind is Kind.CURIE:
        return rf"(?:CALCO:[0-9]{{7}}|(?!CALCO:){_PREFIX}:{_LOCAL})"
    if column.kind is Kind.REFERENCE:
        sections = "|".join(re.escape(s) for s in SECTIONS)
        return rf"(?:article:(?:{sections})/[1-9][0-9]*|(?!article:){_PREFIX}:{_REFERENCE_LOCAL})"
    if column.kind is Kind.NAME:
        return r"(?=[_:]*[A-Za-z0-9])[A-Za-z0-9_:]+"
    raise AssertionError(column.kind)


def _cell_pattern(column: Column, accepted_choices: Sequence[str]) -> str:
    """A pattern for a whole cell: one value or a ``|`` list of them, empty only where allowed."""
    value = "|".join(re.escape(c) for c in accepted_choices) if column.choices else _value_pattern(column)
    if not value:  # no choice passes its own column's check: never fast
        return "(?!)"
    cell = rf"(?:{value})(?:\{SEPARATOR}(?:{value}))*" if column.multi else f"(?:{value})"
    return cell if column.required else f"(?:{cell})?"


@functools.lru_cache(maxsize=1 << 14)
def expands_to_valid_iri(curie: str) -> bool:
    """Whether ``curie`` has an unknown prefix or expands to an IRI pyoxigraph accepts (the last CURIE check)."""
    iri = expand(curie)
    if iri is None:
        return True
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _open_prefix(prefix: str) -> bool:
    """Whether every CURIE ``prefix:LOCAL`` (``LOCAL`` as ``_LOCAL``) expands to a valid IRI, or has an unknown prefix.

    True for an unknown prefix (nothing to expand) and for an IRI prefix that is valid and already
    in the path of an http(s) IRI: the characters a local part may hold are allowed there, in the
    query and in the fragment, so appending any of them keeps the IRI valid.
    """
    iri = prefixes._URI_PREFIXES.get(prefix)
    if iri is None:
        return True
    if _OPEN_IRI_PREFIX.fullmatch(iri) is None or iri.count("#") > 1:
        return False
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


#: Splits a list cell into its values (in C, over the distinct cells of a column).
_SPLIT = operator.methodcaller("split", SEPARATOR)

#: One cell's values as a record field: the text of a single-valued cell ("" when empty), the
#: tuple of values of a list cell.
Value = str | tuple[str, ...]


@dataclass
class Parsed:
    """A table body read by :meth:`FastRows.parse`.

    ``columns[j][i]`` is line ``i``'s value of header column ``j`` (a :data:`Value`), meaningful
    only where ``i`` is not in ``doubtful``: those lines (ascending) go to the cell checks, their
    text from :meth:`line`.
    """

    matches: list[tuple[str, ...]]
    columns: list[Sequence[Value]]
    doubtful: list[int]

    def line(self, index: int) -> str:
        """The text of line ``index`` of the body, as :func:`calco.load.text.split_lines` gives it."""
        cells = self.matches[index]
        raw = cells[-1]
        if not raw:
            return "\t".join(cells[:-1])
        raw = raw[:-1]
        return raw[:-1] if raw.endswith("\r") else raw


class FastRows:
    """The fast path for one table: :meth:`parse` reads a whole body, :meth:`values` one line.

    Built once per table read, from the header (so columns may come in any order) and the schema.
    ``accepted_choices`` holds, per column with choices, those choices its own cell check accepts.
    """

    def __init__(self, header: Sequence[str], columns: dict[str, Column], accepted_choices: dict[str, tuple[str, ...]], max_cell: int) -> None:
        self._schema = [columns[name] for name in header]
        cells = "\t".join(f"({_cell_pattern(c, accepted_choices.get(c.name, ()))})" for c in self._schema)
        # Each line is matched whole by the cells (then an optional \r and the \n), or taken raw.
        self._pattern = re.compile(rf"(?:{cells}\r?\n|([^\n]*\n))")
        self._max_cell = max_cell
        self._blank_possible = not any(c.required for c in self._schema)
        #: The known prefixes whose CURIEs must each be expanded and parsed (nearly always none).
        self._closed = {prefix for prefix in prefixes._URI_PREFIXES if not _open_prefix(prefix)}

    def parse(self, body: str) -> Parsed:
        """Every line of ``body`` (each ending in ``\\n``): its values, or marked doubtful for the cell checks."""
        matches = self._pattern.findall(body)
        width = len(self._schema)
        if not matches:
            return Parsed([], [[] for _ in self._schema], [])
        columns = list(zip(*matches, strict=True))
        doubtful = {i for i, raw in enumerate(columns[width]) if raw} if any(columns[width]) else set()
        cells_of = columns[:width]
        # Each check runs in C over a whole column; only a column that fails it is walked in Python.
        if "  " in body:
            for cells in cells_of:
                doubtful.update(i for i, cell in enumerate(cells) if "  " in cell)
        ascii = body.isascii()
        for cells in cells_of:
            if cells and max(map(len, cells)) > self._max_cell:
                doubtful.update(i for i, cell in enumerate(cells) if len(cell) > self._max_cell)
            if not ascii and not all(map(str.isascii, cells)):
                doubtful.update(i for i, cell in enumerate(cells) if not cell.isascii() and refused_character(cell) is not None)
        if self._blank_possible:  # a line of tabs alone is a blank row, which the cell checks skip
            doubtful.update(i for i, cells in enumerate(matches) if not any(cells))
        values: list[Sequence[Value]] = []
        for column, cells in zip(self._schema, cells_of, strict=True):
            curies = column.kind is Kind.CURIE and not column.choices  # choices were checked when built
            if not column.multi:
                values.append(cells)
                bad = self._bad_curies(set(cells) - {""}) if curies and self._closed else set()
            else:
                distinct = set(cells)
                distinct.discard("")
                split: dict[str, tuple[str, ...]] = dict(zip(distinct, map(tuple, map(_SPLIT, distinct)), strict=True))
                lists = list(split.values())
                bad = {SEPARATOR.join(items) for items in compress(lists, map(ne, map(len, map(set, lists)), map(len, lists)))}  # a value listed twice
                invalid = self._bad_curies(chain.from_iterable(lists)) if curies else set()
                if invalid:
                    bad.update(cell for cell, items in split.items() if not invalid.isdisjoint(items))
                split[""] = ()
                values.append(list(map(split.__getitem__, cells)))
            if bad:
                doubtful.update(i for i, cell in enumerate(cells) if cell in bad)
        return Parsed(matches, values, sorted(doubtful))

    def _bad_curies(self, curies: Iterable[str]) -> set[str]:
        """Those of ``curies`` that expand to an invalid IRI: only CURIEs of a prefix :func:`_open_prefix` does not vouch for are parsed."""
        if not self._closed:
            return set()
        return {curie for curie in curies if curie.partition(":")[0] in self._closed and not expands_to_valid_iri(curie)}

    def values(self, line: str) -> list[tuple[str, ...]] | None:
        """The checked values of each cell of one ``line`` in header order, or ``None``: check it cell by cell.

        The same decision as :meth:`parse` on a body of that one line (what the tests compare with
        the cell checks), the values in the cell checks' form: a tuple per cell.
        """
        if line.endswith("\r") or "\n" in line:  # not a line as split_lines gives them
            return None
        parsed = self.parse(line + "\n")
        if parsed.doubtful:
            return None
        return [value if isinstance(value, tuple) else ((value,) if value else ()) for value in (column[0] for column in parsed.columns)]
