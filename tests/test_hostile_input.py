"""No hostile cell yields a broken release (issue 19).

Every case of ``tests/hostile/corpus.py`` goes through the real ``calco build``: it is refused with
``file:line: column: what is wrong``, exit 1, no traceback, exports byte-identical, no temporary
file left; or, for text OBO gives special meaning, written so fastobo and pronto read it back
unchanged. Tables are edited byte for byte, split on ``\\n`` only, as the loader reads them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from calco.assemble import assemble
from calco.errors import StageError, UnusableInputError
from calco.export import EXPORTS, Release, render_exports
from calco.export.strict import require_well_formed
from calco.load import load_source
from calco.validate.ingest import read_untrusted
from tests.conftest import ROOT, run_calco, snapshot
from tests.hostile.corpus import OBO_SPECIAL, OBO_SPECIAL_LABEL, REFUSED, Hostile
from tests.hostile.edit import set_cell, write_obo_special


def refused_build(project: Path, calco: Callable[..., Result]) -> str:
    """Build the broken copy; assert it failed cleanly and changed nothing; return its output."""
    before = snapshot(project / "exports")
    result = calco("build", "--project", project)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert snapshot(project / "exports") == before, "a refused build must leave the exports byte-identical"
    assert not list((project / "exports").glob("*.tmp")) and not list((project / "exports").glob(".*.tmp"))
    return result.output


@pytest.mark.parametrize("case", REFUSED, ids=[c.id for c in REFUSED])
def test_hostile_cell_is_refused_with_file_line_column(project: Path, calco: Callable[..., Result], case: Hostile) -> None:
    set_cell(project, case.table, case.line, case.column, case.value)
    output = refused_build(project, calco)
    assert case.expected in output, output
    assert "cells but the header" not in output, "a character inside a cell must never split its row"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1e", "\r"])
def test_line_separators_inside_a_cell_do_not_shift_later_line_numbers(project: Path, calco: Callable[..., Result], separator: str) -> None:
    set_cell(project, "terms.tsv", 3, "comment", f"first part{separator}second part")
    set_cell(project, "terms.tsv", 5, "label", "")
    output = refused_build(project, calco)
    assert "terms.tsv:3: column comment: contains U+" in output
    assert "terms.tsv:5: column label: is empty but required" in output
    assert "cells but the header" not in output


def test_non_utf8_byte_is_reported_with_its_line_and_character(project: Path, calco: Callable[..., Result]) -> None:
    path = project / "ontology" / "terms.tsv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = b"CALCO:\xff" + lines[3][len(b"CALCO:") :]
    path.write_bytes(b"\n".join(lines))
    output = refused_build(project, calco)
    assert "terms.tsv:4: character 7: byte 0xff is not UTF-8" in output


def test_zero_width_space_cannot_make_a_second_copy_of_a_label(project: Path, calco: Callable[..., Result]) -> None:
    set_cell(project, "terms.tsv", 3, "label", "calcinosis\u200b cutis")
    assert "terms.tsv:3: column label: contains U+200B ZERO WIDTH SPACE" in refused_build(project, calco)


def test_look_alike_label_is_a_duplicate_label(project: Path, calco: Callable[..., Result]) -> None:
    """Full-width letters are NFC but NFKC-equal to ASCII: the same label to a reader."""
    set_cell(project, "terms.tsv", 3, "label", "\uff43alcinosis cutis")
    output = refused_build(project, calco)
    assert "terms.tsv:3: column label: 'ｃalcinosis cutis' is also the label of CALCO:0000001 (line 2)" in output


def test_control_character_in_the_header_is_refused(project: Path, calco: Callable[..., Result]) -> None:
    path = project / "ontology" / "calco-header.ttl"
    text = path.read_text(encoding="utf-8")
    number = next(i for i, line in enumerate(text.split("\n"), start=1) if "dcterms:title" in line)
    path.write_text(text.replace('Cutis Ontology"@en', 'Cutis\x1b Ontology"@en', 1), encoding="utf-8")
    assert f"calco-header.ttl:{number}: the line contains U+001B" in refused_build(project, calco)


def test_control_character_escaped_in_the_header_is_refused(project: Path, calco: Callable[..., Result]) -> None:
    path = project / "ontology" / "calco-header.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('Cutis Ontology"@en', 'Cutis\\u0001 Ontology"@en', 1), encoding="utf-8")
    assert "calco-header.ttl: the literal starting 'CALCO: the Calcinosis Cutis\\x01 Ontology' contains U+0001" in refused_build(project, calco)


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom-and-crlf"])
def test_bom_and_crlf_tables_build_the_same_release(project: Path, calco: Callable[..., Result], variant: str) -> None:
    """Spreadsheets on Windows save UTF-8 with a BOM and CRLF line ends; the release is the same."""
    for table in ("terms.tsv", "relations.tsv", "imports.tsv", "mappings.tsv"):
        path = project / "ontology" / table
        data = path.read_bytes()
        if "crlf" in variant:
            data = data.replace(b"\n", b"\r\n")
        if "bom" in variant:
            data = b"\xef\xbb\xbf" + data
        path.write_bytes(data)
    before = snapshot(project / "exports")
    result = calco("build", "--project", project)
    assert result.exit_code == 0, result.output
    assert snapshot(project / "exports") == before


def test_obo_special_characters_are_escaped_and_read_back_unchanged(project: Path, calco: Callable[..., Result]) -> None:
    import fastobo
    import pronto

    write_obo_special(project, OBO_SPECIAL_LABEL, OBO_SPECIAL)
    result = calco("build", "--project", project)
    assert result.exit_code == 0, result.output
    obo = project / "exports" / "calco.obo"
    document = fastobo.loads(obo.read_text(encoding="utf-8"))
    frame = next(f for f in document if str(f.id) == "CALCO:0000002")
    clauses = {type(c).__name__: c for c in frame}
    assert str(clauses["CommentClause"].comment) == OBO_SPECIAL["comment"]
    assert str(clauses["DefClause"].definition) == OBO_SPECIAL["definition"]
    parent = next(f for f in document if str(f.id) == "CALCO:0000001")
    assert str(next(c for c in parent if type(c).__name__ == "NameClause").name) == OBO_SPECIAL_LABEL
    term = pronto.Ontology(str(obo))["CALCO:0000002"]
    assert term.comment == OBO_SPECIAL["comment"]
    assert term.definition == OBO_SPECIAL["definition"]
    assert pronto.Ontology(str(obo))["CALCO:0000001"].name == OBO_SPECIAL_LABEL
    assert "is_a: CALCO:0000001 ! calcinosis {x} cutis! a\\b\n" in obo.read_text(encoding="utf-8"), "is_a lines name the parent in a trailing comment"
    assert {s.description for s in term.synonyms} >= set(OBO_SPECIAL["exact_synonyms"].split("|"))


def test_export_gate_refuses_xml_that_is_not_well_formed() -> None:
    """Defence in depth: even if a control character reached the graph, no calco.owl would be written."""
    graph = Graph()
    graph.add((URIRef("http://purl.obolibrary.org/obo/CALCO_0000001"), RDFS.label, Literal("bad\x01label", lang="en")))
    with pytest.raises(StageError, match=r"calco\.owl: line \d+: column \d+: not well-formed XML"):
        render_exports(graph)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("calco.obo", b"format-version: 1.4\nontology: calco\n\n[Term]\nid: X:1\ncomment: a {b} c\n", "not valid OBO 1.4"),
        ("calco.json", b'{"graphs": [], "graphs": []}', "appears twice"),
        ("calco.jsonld", b'{"@id": "http://example.org/a", ', "not valid JSON"),
        ("calco-terms.tsv", b"a\tb\n1\t2\t3\n", "line 2: has 3 cells but the header has 2"),
        ("calco.sssom.tsv", b"# meta\na\tb\n1\x00\t2\n", "control character U+0000"),
        ("calco-base.owl", b"<rdf:RDF><a>\x0c</a></rdf:RDF>", "not well-formed XML"),
    ],
)
def test_export_gate_reads_back_every_syntax(name: str, data: bytes, expected: str) -> None:
    with pytest.raises(StageError, match=re.escape(expected)):
        require_well_formed(name, data, None)


def test_every_committed_release_file_passes_the_gate() -> None:
    from calco.export import EXPORTS

    for export in EXPORTS:
        require_well_formed(export.name, (ROOT / "exports" / export.name).read_bytes(), export.rdf_format)


def test_validate_refuses_owl_that_is_not_well_formed_xml(tmp_path: Path) -> None:
    """The broken calco.owl of issue 19 (a control character in a label) was 'conforms' before."""
    data = (ROOT / "exports" / "calco.owl").read_bytes().replace(b">calcinosis cutis<", b">calcinosis\x01cutis<", 1)
    path = tmp_path / "calco.owl"
    path.write_bytes(data)
    completed = run_calco("validate", path)
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "not well-formed XML" in completed.stderr and "Traceback" not in completed.stderr


def test_validate_refuses_jsonld_with_duplicate_context_key_remote_first(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_text(
        '{"@context": "http://127.0.0.1:9/ctx.jsonld", "@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"},'
        ' "@id": "http://example.org/a", "label": "a"}'
    )
    with pytest.raises(UnusableInputError, match="'@context' appears twice"):
        read_untrusted(path)
    completed = run_calco("validate", path)
    assert completed.returncode == 2 and "appears twice" in completed.stderr


def test_validate_accepts_a_single_inline_context(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_text(json.dumps({"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"}, "@id": "http://example.org/a", "label": "a"}))
    assert len(read_untrusted(path)) == 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("dcterms:license <https://creativecommons.org/licenses/by/4.0/>", "dcterms:license <https://creativecommons.org/licenses/by\\u0020/4.0/>", "not valid Turtle: Parser error at line {line} between columns 21 and 73: Invalid IRI code point ' '"),
        ('Cutis Ontology"@en', 'Cutis Ontology"@en-123456789', "not valid Turtle: Parser error at line {line} between columns 58 and 69: A subtag may be eight characters"),
        ('owl:versionInfo "2026-11-23"', 'owl:versionInfo "abc"^^xsd:integer', "the literal 'abc' is not a valid http://www.w3.org/2001/XMLSchema#integer"),
        ('owl:versionInfo "2026-11-23"', 'owl:versionInfo "2026-11-23" ; ;; {{', "not valid Turtle: Parser error at line {line} column 39"),
    ],
    ids=["iri-with-escaped-space", "language-tag", "ill-typed-literal", "garbage"],
)
def test_hostile_header_is_refused_without_a_traceback(project: Path, calco: Callable[..., Result], old: str, new: str, expected: str) -> None:
    """rdflib accepts an IRI with ``\\u0020`` and a 9-letter language subtag; no export could carry them."""
    path = project / "ontology" / "calco-header.ttl"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    output = refused_build(project, calco)
    line = text[: text.index(old)].count("\n") + 1  # the edited line, not hard-coded: the header grows
    assert expected.format(line=line) in output, output
    assert "Traceback" not in output


#: Pieces an adversary mixes into a cell: every refused class of character, OBO and IRI syntax, look-alikes.
FUZZ_PIECES = [
    "\x00", "\x1b", "\x0b", "\x85", "\u2028", "\u200b", "\u202e", "\u00a0", "\ue000", "e\u0301", "\uff43",
    "{", "}", "!", '"', "\\", ">", "<", "|", "||", ":", ",", "[", "]", "%", "&", "'", "  ", " ", "\r", "\t",
    "calcinosis", "CALCO:0000001", "MONDO:0002123", "article:what-is/4", "PMID:1", "ø", "日本", "\U0001f600",
]  # fmt: skip
FUZZ_CELLS = [
    ("terms.tsv", 3, "label"), ("terms.tsv", 3, "definition"), ("terms.tsv", 4, "comment"), ("terms.tsv", 3, "exact_synonyms"),
    ("terms.tsv", 3, "parents"), ("terms.tsv", 4, "definition_source"), ("relations.tsv", 2, "object"), ("relations.tsv", 3, "note"),
    ("relations.tsv", 2, "source"), ("imports.tsv", 2, "label"), ("mappings.tsv", 2, "object_id"), ("mappings.tsv", 2, "object_label"),
]  # fmt: skip


def test_random_hostile_cells_are_refused_or_released_intact(tmp_path: Path) -> None:
    """A seeded fuzz over the loader and every writer: each mixed cell is either refused with a
    Problem or goes through assemble and every export's read-back gate; nothing else may happen."""
    import random
    import shutil

    from calco.assemble import assemble
    from calco.errors import SourceError
    from calco.load import load_source

    generator = random.Random(19)
    accepted = refused = 0
    for _ in range(120):
        shutil.rmtree(tmp_path / "ontology", ignore_errors=True)
        shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
        table, line, column = generator.choice(FUZZ_CELLS)
        value = "".join(generator.choice(FUZZ_PIECES) for _ in range(generator.randint(1, 5)))
        set_cell(tmp_path, table, line, column, value)
        try:
            source = load_source(tmp_path / "ontology")
        except SourceError as error:
            assert all(p.path.name == table or p.path.name == "terms.tsv" for p in error.problems), str(error)
            refused += 1
            continue
        render_exports(Release(assemble(source)))
        accepted += 1
    assert refused > 60 and accepted > 10, (refused, accepted)


def test_hostile_build_in_a_fresh_interpreter_exits_1_without_a_traceback(project: Path) -> None:
    """The real command line, not the in-process runner: exit code 1 and the message on stderr."""
    set_cell(project, "terms.tsv", 3, "definition", "A calcinosis\x00 of the skin.")
    before = snapshot(project / "exports")
    completed = run_calco("build", "--project", project)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "terms.tsv:3: column definition: contains U+0000" in completed.stderr + completed.stdout
    assert "Traceback" not in completed.stderr + completed.stdout
    assert snapshot(project / "exports") == before


def test_a_large_release_is_read_back_in_a_second_process_with_the_same_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parallel read-back (used from 100,000 triples) refuses what the in-process one refuses, with the same message."""
    from calco.export import strict

    graph = Graph()
    graph.add((URIRef("http://purl.obolibrary.org/obo/CALCO_0000001"), RDFS.label, Literal("bad\x01label", lang="en")))
    monkeypatch.setattr(strict, "PARALLEL_FROM_TRIPLES", 1)
    with pytest.raises(StageError, match=r"calco\.owl: line \d+: column \d+: not well-formed XML"):
        render_exports(graph)
    spawned: list[bool] = []
    original = strict.ReadBack.__init__

    def recording(self: strict.ReadBack, parallel: bool) -> None:
        spawned.append(parallel)
        original(self, parallel)

    monkeypatch.setattr(strict.ReadBack, "__init__", recording)
    rendered = render_exports(Release(assemble(load_source(ROOT / "ontology"))))
    assert spawned == [True] and set(rendered) == {e.name for e in EXPORTS}
    assert rendered["calco.ttl"] == (ROOT / "exports" / "calco.ttl").read_bytes(), "where the checks run changes nothing written"
