"""One regular expression per table that recognises a plainly valid row, so most rows skip the cell checks.

Nearly every row of a curated table is printable text, well-formed identifiers and known choices.
Checking such a row cell by cell costs a dozen Python calls per cell (a 100k-term source has 3.6
million cells). :class:`FastRows` compiles, from the schema and the table's header, one pattern
that matches a whole line only when every cell is of that plain kind, and hands over its values.

The pattern is a *sufficient* condition, never the authority: a line it does not match, and a
matched line that a remaining check doubts, goes to the cell-by-cell checks in ``tables.py``,
which write every message. So the fast path can only ever accept what those checks accept
(``tests/test_load_fastpath.py`` proves it on the hostile corpus and a seeded fuzz), and no
refusal is lost or reworded.

What the pattern cannot decide is left to a few checks on the matched row: a value listed twice,
a CURIE whose expansion is not a valid IRI, and, on a line that is not ASCII, the character and
NFC rules of :func:`calco.load.text.refused_character`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import pyoxigraph as ox

from calco.article import SECTIONS
from calco.load.schema import SEPARATOR, Column, Kind
from calco.load.text import refused_character
from calco.prefixes import expand

#: A visible character of a text cell: anything but ASCII controls, the space and DEL. Characters
#: beyond ASCII are allowed here and checked by :func:`refused_character` on the whole line.
_VISIBLE = r"[^\x00-\x20\x7f]"
_VISIBLE_IN_LIST = r"[^\x00-\x20\x7f|]"
#: CURIE prefix and local part exactly as ``XREF_CURIE`` and ``CURIE_LOCAL`` define them, ASCII only.
_PREFIX = r"[A-Za-z_][A-Za-z0-9_.-]*[A-Za-z0-9_]"
_LOCAL = r"[A-Za-z0-9_][A-Za-z0-9_.~:/-]*"
#: A reference's local part: printable ASCII without the characters no cross-reference may hold
#: (``XREF_REFUSED``) and without the list separator.
_REFERENCE_LOCAL = r"""[^\x00-\x20\x7f-\U0010ffff<>"{}|\\^`!,\[\]]+"""


def _words(char: str) -> str:
    """Words of ``char`` separated by single spaces, not ending in a backslash: what a text value may be."""
    return rf"{char}+(?: {char}+)*(?<!\\)"


def _value_pattern(column: Column) -> str:
    """A pattern matching only values of ``column`` that its cell checks accept (choices aside)."""
    if column.kind is Kind.TEXT:
        return _words(_VISIBLE_IN_LIST if column.multi else _VISIBLE)
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
    """Whether ``curie`` has an unknown prefix or expands to an IRI pyoxigraph accepts (the last CURIE check).

    Memoised for the values that recur (objects, parents near each other); distinct ones cost
    one dictionary lookup and one IRI parse.
    """
    iri = expand(curie)
    if iri is None:
        return True
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


class FastRows:
    """The fast path for one table: ``values(line)`` gives a plainly valid row's values, else ``None``.

    Built once per table read, from the header (so columns may come in any order) and the schema.
    ``accepted_choices`` holds, per column with choices, those choices its own cell check accepts.
    """

    def __init__(self, header: Sequence[str], columns: dict[str, Column], accepted_choices: dict[str, tuple[str, ...]], max_line: int) -> None:
        schema = [columns[name] for name in header]
        self._pattern = re.compile("\t".join(_cell_pattern(c, accepted_choices.get(c.name, ())) for c in schema))
        self._multi = tuple(c.multi for c in schema)
        #: Columns whose CURIEs must still expand to a valid IRI (choices were checked when built).
        self._curies = tuple(i for i, c in enumerate(schema) if c.kind is Kind.CURIE and not c.choices)
        self._lists = tuple(i for i, c in enumerate(schema) if c.multi)
        self._max_line = max_line

    def values(self, line: str) -> list[tuple[str, ...]] | None:
        """The checked values of each cell of ``line`` in header order, or ``None``: check it cell by cell."""
        if len(line) > self._max_line or self._pattern.fullmatch(line) is None:
            return None
        if not line.isascii() and refused_character(line, tab_allowed=True) is not None:
            return None
        cells = line.split("\t")
        if not any(cells):  # a line of tabs alone: a blank row, which the cell checks skip
            return None
        values = [(tuple(cell.split(SEPARATOR)) if multi else (cell,)) if cell else () for cell, multi in zip(cells, self._multi, strict=True)]
        for index in self._lists:
            listed = values[index]
            if len(listed) > 1 and len(set(listed)) != len(listed):
                return None
        for index in self._curies:
            for value in values[index]:
                if not expands_to_valid_iri(value):
                    return None
        return values
