"""The load stage's fast path accepts only rows the cell checks accept, with the same values.

:class:`calco.load.fastpath.FastRows` recognises a plainly valid line with one regex and skips the
cell-by-cell checks. These tests are the proof that it cannot weaken them: every line of the real
tables, the hostile corpus written into every column, and a seeded fuzz of awkward pieces are
given to both paths; wherever the fast path accepts a line, the cell checks accept it too, record
no problem and give the same values.
"""

from __future__ import annotations

import random
from dataclasses import FrozenInstanceError, fields
from pathlib import Path

import pyoxigraph as ox
import pytest

import calco.prefixes
from calco.errors import Problem
from calco.load.fastpath import FastRows, _open_prefix
from calco.load.schema import IMPORTS, MAPPINGS, RELATIONS, TERMS, Column, Kind
from calco.load.tables import MAX_CELL, _accepted_choices, _check_row, read_table
from calco.load.text import split_lines
from calco.model import Assertion, ImportedTerm, Mapping, Term, positional_constructor
from calco.prefixes import CONVERTER, PREFIX_MAP, expand
from tests.hostile.corpus import OBO_SPECIAL, REFUSED

ROOT = Path(__file__).resolve().parents[1]
TABLES = {"terms.tsv": TERMS, "relations.tsv": RELATIONS, "mappings.tsv": MAPPINGS, "imports.tsv": IMPORTS}

#: Pieces a cell is made of in the fuzz: the hostile characters, separators, spaces, identifiers of
#: every kind (valid, malformed, unknown prefix, bad IRI), locators, choices, non-ASCII text.
PIECES = [
    "\x00", "\x1b", "\x0b", "\x85", "\x7f", "\u2028", "\u200b", "\u202e", "\u00a0", "\u3000", "\ue000", "\ud800", "\U000e0001",
    "e\u0301", "\u0301", "\u00e9", "\uff43", "\ufb01", "ø", "日本", "\U0001f600",
    "{", "}", "!", '"', "\\", ">", "<", "|", "||", ":", ",", "[", "]", "%", "&", "'", "`", "^", "~", "/", ".", "-", "_", "#",
    "  ", " ", "\r", "\t", "", "a", "Z", "0", "7",
    "calcinosis", "CALCO:", "CALCO:0000001", "CALCO:000001", "CALCO:00000012", "calco:x", "MONDO:0002123", "HP:0000001",
    "SYN:1", "A:1", "_x:y", "UBERON:0002097:1", "RO:0002452", "PMID:1", "article:", "article:what-is/4", "article:causes/0",
    "article:nowhere/1", "article:what-is/04", "true", "false", "possible", "disease", "skos:exactMatch", "oboInOwl:hasDbXref",
    "semapv:ManualMappingCuration", "IAO:0000227", "affects_organ", "treated_by",
    "CALCO:0000001|CALCO:0000001", "calcinosis|calcinosis", "PMID:1|PMID:1", "a|b", "a |b", "a| b", "a\\|b",
]  # fmt: skip


def _lines(table: str) -> tuple[list[str], list[str]]:
    header, *rows = (ROOT / "ontology" / table).read_text(encoding="utf-8").split("\n")
    return header.split("\t"), [row for row in rows if row]


class Paths:
    """Both paths over one header: the fast path built once, the cell checks beside it."""

    def __init__(self, header: list[str], columns: tuple[Column, ...]) -> None:
        self.header = header
        self.by_name = {c.name: c for c in columns}
        self.fast = FastRows(header, self.by_name, _accepted_choices(columns), MAX_CELL)

    def never_weaker(self, line: str) -> bool:
        """Assert the fast path agrees with the cell checks on ``line``; whether it took the line."""
        values = self.fast.values(line)
        if values is None:
            return False
        problems: list[Problem] = []
        slow = _check_row(Path("t.tsv"), 2, self.header, self.by_name, line, problems)
        assert not problems and slow == dict(zip(self.header, values, strict=True)), (line, problems, slow, values)
        return True


@pytest.mark.parametrize("table", sorted(TABLES))
def test_real_rows_take_the_fast_path_with_the_same_values(table: str) -> None:
    header, rows = _lines(table)
    paths = Paths(header, TABLES[table])
    taken = sum(paths.never_weaker(row) for row in rows)
    assert taken >= 0.9 * len(rows), f"only {taken} of {len(rows)} rows of {table} took the fast path"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_hostile_cells_in_every_column_never_pass_the_fast_path_alone(table: str) -> None:
    header, rows = _lines(table)
    values = [h.value for h in REFUSED] + list(OBO_SPECIAL.values()) + PIECES
    paths = Paths(header, TABLES[table])
    refused = 0
    for row in rows[:3]:
        cells = row.split("\t")
        for index in range(len(header)):
            for value in values:
                line = "\t".join([*cells[:index], value, *cells[index + 1 :]])
                refused += not paths.never_weaker(line)
    assert refused > len(header) * len(REFUSED), "the hostile values must mostly be refused"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_seeded_fuzz_agrees_with_the_cell_checks_in_any_column_order(table: str) -> None:
    generator = random.Random(20)
    header, rows = _lines(table)
    taken = refused = 0
    for round in range(4):  # four column orders, the table's own first
        order = list(range(len(header)))
        if round:
            generator.shuffle(order)
        paths = Paths([header[i] for i in order], TABLES[table])
        for _ in range(2000):
            cells = generator.choice(rows).split("\t")
            for _ in range(generator.randint(1, 3)):
                cells[generator.randrange(len(cells))] = "".join(generator.choice(PIECES) for _ in range(generator.randint(0, 4)))
            if paths.never_weaker("\t".join(cells[i] for i in order)):
                taken += 1
            else:
                refused += 1
    assert taken > 100 and refused > 100, (taken, refused)


def test_blank_and_overlong_lines_are_left_to_the_cell_checks() -> None:
    header = [c.name for c in IMPORTS]
    fast = FastRows(header, {c.name: c for c in IMPORTS}, _accepted_choices(IMPORTS), MAX_CELL)
    assert fast.values("\t" * (len(header) - 1)) is None
    optional = (Column("note", Kind.TEXT), Column("parents", Kind.CURIE, multi=True))
    blank = Paths(["note", "parents"], optional)
    assert blank.fast.values("\t") is None and _check_row(Path("t.tsv"), 2, blank.header, blank.by_name, "\t", []) is None
    assert blank.never_weaker("A note.\tHP:0000001|HP:0000002")
    long_label = "x" * (MAX_CELL + 1)
    assert fast.values(f"HP:0000001\t{long_label}\tphenotype\thp.obo\t2024\t") is None
    assert fast.values("HP:0000001\tlabel\tphenotype\thp.obo\t2024\t") == [("HP:0000001",), ("label",), ("phenotype",), ("hp.obo",), ("2024",), ()]


def test_a_curie_that_expands_to_an_invalid_iri_is_left_to_the_cell_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """No prefix of CALCO's map can expand to an invalid IRI today; one that did must still be refused."""
    import calco.prefixes
    from calco.load import fastpath

    monkeypatch.setitem(calco.prefixes._URI_PREFIXES, "BAD", "http://example.org/a b/")
    fastpath.expands_to_valid_iri.cache_clear()
    try:
        header, rows = _lines("relations.tsv")
        cells = rows[0].split("\t")
        cells[header.index("object")] = "BAD:1"
        paths = Paths(header, RELATIONS)
        line = "\t".join(cells)
        assert paths.fast.values(line) is None
        problems: list[Problem] = []
        assert _check_row(Path("t.tsv"), 2, header, paths.by_name, line, problems) is None
        assert "'BAD:1' expands to an invalid IRI <http://example.org/a b/1>" in str(problems[0])
    finally:
        fastpath.expands_to_valid_iri.cache_clear()


def test_expand_gives_the_converters_answer() -> None:
    curies = ["CALCO:0000001", "calco:affects_organ", "SYN:1", "HP:", "HP::a", "hp:1", ":1", "a:b:c", "MONDO:0002123 x", "skos:exactMatch", "CALCO_0000001:1", ""]
    for curie in curies[:-1]:
        assert expand(curie) == CONVERTER.expand(curie, strict=False), curie
    with pytest.raises(ValueError):
        CONVERTER.expand("no delimiter", strict=False)
    with pytest.raises(ValueError):
        expand("no delimiter")


def _by_cell_checks(path: Path, columns: tuple[Column, ...]) -> tuple[list[tuple[int, dict[str, tuple[str, ...]]]], list[Problem]]:
    """What the cell checks alone make of a table file: every line checked cell by cell."""
    lines = split_lines(path.read_bytes().decode("utf-8"))  # read_text would turn a lone \r into a line break
    header = lines[0].split("\t")
    by_name = {c.name: c for c in columns}
    rows, problems = [], []
    for number, line in enumerate(lines[1:], start=2):
        row = _check_row(path, number, header, by_name, line, problems)
        if row is not None:
            rows.append((number, row))
    return rows, problems


@pytest.mark.parametrize("table", sorted(TABLES))
def test_a_whole_file_read_in_one_pass_gives_what_the_cell_checks_give_line_by_line(table: str, tmp_path: Path) -> None:
    """The one-pass read (one regex over the file, checks per column) against every line checked alone.

    The file mixes real rows, fuzzed rows (hostile pieces, lists with repeats, non-ASCII, double
    spaces), blank lines, lines of tabs, CRLF endings and no final newline.
    """
    generator = random.Random(21)
    pieces = [piece for piece in PIECES if piece != "\ud800"]  # a surrogate cannot be written as UTF-8
    header, rows = _lines(table)
    lines = []
    for _ in range(3000):
        cells = generator.choice(rows).split("\t")
        if generator.random() < 0.5:
            for _ in range(generator.randint(1, 2)):
                cells[generator.randrange(len(cells))] = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 3)))
        line = "\t".join(cells)
        lines.append(line + "\r" if generator.random() < 0.25 else line)
        if generator.random() < 0.02:
            lines.append(generator.choice(["", "\t" * (len(header) - 1), " ", "\r"]))
    path = tmp_path / table
    path.write_text("\t".join(header) + "\n" + "\n".join(lines), encoding="utf-8", newline="")
    expected_rows, expected_problems = _by_cell_checks(path, TABLES[table])
    problems: list[Problem] = []
    read = read_table(path, TABLES[table], problems)
    assert read is not None
    multi = {c.name: c.multi for c in TABLES[table]}
    got = [(line, {name: (value if multi[name] else ((value,) if value else ())) for name, value in zip(read.values, values, strict=True)}) for line, *values in zip(read.lines, *read.values.values(), strict=True)]
    assert problems == expected_problems
    assert got == expected_rows
    assert 0.2 * len(lines) < len(got) < len(lines)


def test_records_built_by_the_loader_are_the_same_values_as_built_by_their_class() -> None:
    for cls in (Term, Assertion, ImportedTerm, Mapping):
        values = [f"{f.name}-value" if f.type == "str" else (f.name, "x") if "tuple" in str(f.type) else 7 for f in fields(cls)]
        built, constructed = positional_constructor(cls)(*values), cls(*values)
        assert type(built) is cls and built == constructed and hash(built) == hash(constructed) and repr(built) == repr(constructed)
        with pytest.raises(FrozenInstanceError):
            built.line = 1  # type: ignore[misc]


def test_a_prefix_checked_once_for_all_its_curies_makes_a_valid_iri_with_any_local_part() -> None:
    """The fast path checks an http(s) prefix once (``_open_prefix``) instead of each CURIE: every local part keeps it valid."""
    generator = random.Random(22)
    alphabet = "AZaz09_.~:/-"
    opened = [prefix for prefix in PREFIX_MAP if _open_prefix(prefix)]
    assert "CALCO" in opened and "HGNC" in opened
    for prefix in opened:
        for _ in range(300):
            local = generator.choice("Aa0_") + "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 12)))
            iri = expand(f"{prefix}:{local}")
            assert iri is not None
            ox.NamedNode(iri)  # raises if the IRI were invalid
    assert _open_prefix("NOT_A_PREFIX")  # unknown: nothing to expand, the cross-table checks report it
    for iri in ("http://example.org/a b/", "urn:x:", "http://example.org", "http://example.org/a%", "http://example.org/#a#"):
        calco.prefixes._URI_PREFIXES["PROBE"] = iri
        try:
            assert not _open_prefix("PROBE"), iri
        finally:
            del calco.prefixes._URI_PREFIXES["PROBE"]
