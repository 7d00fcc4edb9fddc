"""Import modules: extracted from the real upstream files, up to date, checked, refreshed, merged.

The upstream release files are in ``../shared/upstream`` (always in CI). The expected answers of
the competency questions that roll up through the imported hierarchy are derived here from
those files and CALCO's own tables, not typed in.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from calco.errors import SourceError
from calco.imports.check import check_reuse
from calco.imports.extract import SPECS, Module, extract_all
from calco.imports.rdf import module_turtle, read_module
from calco.imports.refresh import read_upstream, refresh, used_terms
from calco.imports.upstream import UpstreamFile
from calco.load import load_source
from calco.load.tables import read_assertions, read_terms
from tests.conftest import ROOT

UPSTREAM = ROOT.parent / "shared" / "upstream"
MODULES = ROOT / "ontology" / "imports"
MONDO_VERSION = "monarch-initiative/mondo@fad2512b4845f483fc1268cdf0bf7a8ef43697cb"
FILES = ["hp.obo", "maxo.obo", "mondo-imports-hgnc_import.obo", "mondo-imports-ro_import.obo", "mondo-imports-uberon_import.obo", "mondo-rare_edges.tsv", "mondo-class-stats.tsv"]
VERSIONS = {"mondo-rare_edges.tsv": MONDO_VERSION, "mondo-class-stats.tsv": MONDO_VERSION}
DATES = {"mondo-rare_edges.tsv": "2026-08-21", "mondo-class-stats.tsv": "2026-08-21"}

pytestmark = pytest.mark.skipif(not (UPSTREAM / "hp.obo").is_file(), reason="../shared/upstream is not present")


@pytest.fixture(scope="module")
def upstream() -> dict[str, UpstreamFile]:
    """Every upstream file, parsed once (hp.obo and maxo.obo take seconds)."""
    return read_upstream([UPSTREAM / f for f in FILES], VERSIONS, DATES)


@pytest.fixture(scope="module")
def fresh(upstream: dict[str, UpstreamFile]) -> dict[str, Module]:
    used, problems = used_terms(ROOT / "ontology")
    assert not problems
    return {m.name: m for m in extract_all(used, upstream)}


def test_committed_modules_are_what_the_upstream_files_give(fresh: dict[str, Module]) -> None:
    """Extracted by code, never edited: re-extracting gives the committed bytes."""
    assert sorted(p.name for p in MODULES.glob("*_import.ttl")) == sorted(f"{s.name}_import.ttl" for s in SPECS)
    for module in fresh.values():
        assert (MODULES / module.file_name).read_bytes() == module_turtle(module), f"{module.file_name} is stale: run calco imports refresh"


def test_module_files_round_trip_exactly() -> None:
    for path in MODULES.glob("*_import.ttl"):
        assert module_turtle(read_module(path)) == path.read_bytes(), path.name


def test_every_reused_id_and_mapping_agrees_with_the_upstream_files(fresh: dict[str, Module]) -> None:
    """Label exactly as upstream, not obsolete, exactMatch when the labels agree."""
    source = load_source(ROOT / "ontology")
    assert check_reuse(source.directory, source.imports, source.mappings, source.terms, fresh) == []


def test_modules_hold_ancestry_up_to_each_root_and_say_what_they_cannot_place(fresh: dict[str, Module]) -> None:
    hp, maxo, mondo, uberon = fresh["hp"].index, fresh["maxo"].index, fresh["mondo"].index, fresh["uberon"].index
    assert "HP:0000001" in hp and "MAXO:0000001" in maxo and "MONDO:0000001" in mondo
    # Every parent a module keeps is itself in the module: the ancestry is closed.
    for module in fresh.values():
        index = module.index
        for term in module.terms:
            assert set(term.parents) | set(term.part_of) <= index.keys(), term.id
    assert "UBERON:0002199" in uberon["UBERON:0002097"].part_of  # skin of body part_of integument
    assert dict(fresh["mondo"].notes)["MONDO:0008638"].startswith("not placed:")
    assert {c for c, _ in fresh["doid"].missing} == {"DOID:182", "DOID:0111063"}
    assert "HGNC:4125" in fresh["hgnc"].missing_ids
    # Definitions are upstream text, kept inside the module with their cross-references.
    assert hp["HP:0007618"].definition.startswith("Deposition of calcium salts in subcutaneous tissue")


def _module_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "ontology", project / "ontology")
    return project / "ontology"


def test_refresh_from_a_modified_upstream_copy_reports_and_fails_the_build(tmp_path: Path) -> None:
    """New parent, relabelling and obsoletion in a newer UBERON copy are detected; the build names the replacement."""
    text = (UPSTREAM / "mondo-imports-uberon_import.obo").read_text(encoding="utf-8")
    text = text.replace("id: UBERON:0002072\nname: hypodermis\n", "id: UBERON:0002072\nname: subcutis\n", 1)
    text = text.replace("id: UBERON:0002048\nname: lung\n", "id: UBERON:0002048\nname: lung\nis_a: UBERON:0002384 ! connective tissue\n", 1)
    text = text.replace("id: UBERON:0000945\nname: stomach\n", "id: UBERON:0000945\nname: obsolete stomach\nis_obsolete: true\nreplaced_by: UBERON:0002113\n", 1)
    newer = tmp_path / "uberon-newer.obo"
    newer.write_text(text, encoding="utf-8")
    ontology = _module_copy(tmp_path)
    result = refresh(ontology, [newer])
    (change,) = [c for c in result.changes if c.module == "uberon"]
    assert any(line.startswith("UBERON:0002072: hypodermis -> subcutis") for line in change.relabelled)
    assert any(line.startswith("UBERON:0002048 lung:") and "UBERON:0002384" in line.split("->")[1] for line in change.moved)
    assert any(line.startswith("UBERON:0000945 obsolete stomach, replaced by UBERON:0002113") for line in change.obsoleted)
    messages = [p.message for p in result.problems]
    assert any("UBERON:0000945" in m and "obsolete" in m and "UBERON:0002113 (kidney)" in m for m in messages), messages
    assert any("UBERON:0002072 is labelled 'subcutis'" in m for m in messages), messages
    with pytest.raises(SourceError) as failure:
        load_source(ontology)
    assert "use its replacement UBERON:0002113 (kidney)" in str(failure.value)
    module = read_module(ontology / "imports" / "uberon_import.ttl")
    assert module.sources[0].name == "uberon-newer.obo"
    assert "UBERON:0002384" in module.index["UBERON:0002048"].parents


def test_build_fails_when_a_reused_id_is_missing_from_its_module(tmp_path: Path) -> None:
    ontology = _module_copy(tmp_path)
    module = read_module(ontology / "imports" / "hp_import.ttl")
    stripped = replace(module, terms=tuple(t for t in module.terms if t.id != "HP:0007618"))
    (ontology / "imports" / "hp_import.ttl").write_bytes(module_turtle(stripped))
    with pytest.raises(SourceError) as failure:
        load_source(ontology)
    assert "HP:0007618 is not in ontology/imports/hp_import.ttl; run calco imports refresh" in str(failure.value)


def test_a_same_label_mapping_must_be_exact_unless_a_note_says_why(fresh: dict[str, Module]) -> None:
    source = load_source(ROOT / "ontology")
    (mapping,) = [m for m in source.mappings if m.object == "HP:0007618"]
    terms = [replace(t, exact_synonyms=("subcutaneous calcification",)) if t.id == mapping.subject else t for t in source.terms]
    problems = check_reuse(source.directory, (), [mapping], terms, fresh)
    assert [p.column for p in problems] == ["predicate_id"]
    noted = replace(mapping, comment=mapping.comment + " Not exact: the HP class is a finding.")
    assert check_reuse(source.directory, (), [noted], terms, fresh) == []


def test_editions_base_has_no_module_content_and_full_merges_it() -> None:
    base = Graph().parse(ROOT / "exports" / "calco-base.owl", format="xml")
    full = Graph().parse(ROOT / "exports" / "calco-full.owl", format="xml")
    skin_ulcer, localized = URIRef("http://purl.obolibrary.org/obo/HP_0200042"), URIRef("http://purl.obolibrary.org/obo/HP_0011355")
    assert (skin_ulcer, RDFS.subClassOf, localized) in full and (skin_ulcer, RDFS.subClassOf, localized) not in base
    assert base.value(skin_ulcer, RDFS.label) is None and str(full.value(skin_ulcer, RDFS.label)) == "Skin ulcer"
    readme = (ROOT / "exports" / "README.md").read_text(encoding="utf-8")
    assert "ontology/imports/" in readme


# --- competency questions through the imported hierarchy: expected rows derived from upstream ---

ROLLUPS = {
    "cq51-autoimmune-causes": ("caused_by", "MONDO:0007179"),
    "cq52-infectious-causes": ("caused_by", "MONDO:0005550"),
    "cq53-connective-tissue-causes": ("caused_by", "MONDO:0003900"),
    "cq54-metabolic-causes": ("caused_by", "MONDO:0005066"),
    "cq55-surgical-treatments": ("treated_by", "MAXO:0000004"),
    "cq56-skin-abnormality-signs": ("RO:0002452", "HP:0000951"),
    "cq57-musculoskeletal-signs": ("RO:0002452", "HP:0033127"),
    "cq58-sites-in-the-integumental-system": ("affects_organ", "UBERON:0002416"),
}


def _ancestors(curie: str, files: Iterable[UpstreamFile], part_of: bool) -> set[str]:
    seen, stack = {curie}, [curie]
    while stack:
        current = stack.pop()
        for upstream in files:
            term = upstream.terms.get(current)
            if term is None:
                continue
            for parent in (*term.parents, *(term.part_of if part_of else ())):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
    return seen


def derived_answer(name: str, upstream: dict[str, UpstreamFile]) -> list[tuple[str, str]]:
    """The rows a roll-up question must return, from relations.tsv, terms.tsv and the upstream files."""
    relation, root = ROLLUPS[name]
    problems: list = []
    terms = {t.id: t for t in read_terms(ROOT / "ontology" / "terms.tsv", problems)}

    def under_cutis(term_id: str) -> bool:
        seen, stack = set(), [term_id]
        while stack:
            current = stack.pop()
            if current == "CALCO:0000001":
                return True
            if current in terms and current not in seen:
                seen.add(current)
                stack.extend(terms[current].parents)
        return False

    source = {"MONDO": "mondo", "MAXO": "maxo", "HP": "hp", "UBERON": "mondo/imports/uberon_import"}[root.split(":")[0]]
    files = [upstream[source]]
    rows = set()
    for assertion in read_assertions(ROOT / "ontology" / "relations.tsv", problems):
        if assertion.relation != relation or not under_cutis(assertion.subject):
            continue
        for target in assertion.objects:
            if target.split(":")[0] == root.split(":")[0] and root in _ancestors(target, files, part_of=source.endswith("uberon_import")):
                rows.add((target, files[0].terms[target].label))
    assert not problems
    return sorted(rows)


@pytest.mark.parametrize("name", sorted(ROLLUPS))
def test_rollup_question_expects_what_the_upstream_files_say(name: str, upstream: dict[str, UpstreamFile]) -> None:
    """The committed .tsv (which test_competency runs against the release) is the upstream-derived answer."""
    expected = derived_answer(name, upstream)
    assert expected, f"{name}: the upstream files give no answer; the question tests nothing"
    lines = (ROOT / "competency" / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    variables = lines[0].split("\t")
    assert sorted(tuple(line.split("\t")) for line in lines[1:] if line) == expected, f"{name}: {variables}"


def test_cli_refresh_writes_the_module_and_fails_on_an_obsoleted_reused_relation(tmp_path: Path) -> None:
    """``calco imports refresh`` end to end, on a copy of the project, with a newer RO copy."""
    import subprocess
    import sys

    ontology = _module_copy(tmp_path)
    shutil.copytree(ROOT / "shapes", ontology.parent / "shapes")
    ro = UPSTREAM / "mondo-imports-ro_import.obo"
    command = [sys.executable, "-m", "calco", "imports", "refresh", "--project", str(ontology.parent)]
    same = subprocess.run([*command, str(ro)], capture_output=True, text=True, check=False)
    assert same.returncode == 0, same.stderr
    assert "ro: no term changed" in same.stdout
    assert (ontology / "imports" / "ro_import.ttl").read_bytes() == (MODULES / "ro_import.ttl").read_bytes()
    text = ro.read_text(encoding="utf-8").replace(
        "id: RO:0004026\nname: disease has location\n", "id: RO:0004026\nname: obsolete disease has location\nis_obsolete: true\nconsider: RO:0040035\n", 1
    )
    newer = tmp_path / "ro_import.obo"
    newer.write_text(text, encoding="utf-8")
    changed = subprocess.run([*command, str(newer)], capture_output=True, text=True, check=False)
    assert changed.returncode == 1
    assert "ro: obsoleted RO:0004026 obsolete disease has location, consider RO:0040035" in changed.stdout
    assert "upstream suggests considering RO:0040035 (disease relationship)" in changed.stderr


def test_refresh_refuses_half_of_mondo_and_unknown_files(tmp_path: Path) -> None:
    from calco.errors import CalcoError

    with pytest.raises(CalcoError, match="needs both"):
        read_upstream([UPSTREAM / "mondo-rare_edges.tsv"])
    stray = tmp_path / "notes.txt"
    stray.write_text("hello\n", encoding="utf-8")
    with pytest.raises(CalcoError, match="not a release file"):
        read_upstream([stray])


def test_shapes_exempt_upstream_terms_but_never_calco_terms() -> None:
    """Upstream conventions (capitalised label, unsourced definition, part_of without evidence) pass; on a CALCO IRI they do not."""
    from calco.validate import load_shapes, run_shapes

    shapes = load_shapes(ROOT / "shapes")
    template = """
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix IAO: <http://purl.obolibrary.org/obo/IAO_> . @prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
<{iri}> a owl:Class ; rdfs:isDefinedBy <http://purl.obolibrary.org/obo/hp.owl> ;
    IAO:0000115 "lowercase text without a full stop " ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty <http://purl.obolibrary.org/obo/BFO_0000050> ; owl:someValuesFrom <http://purl.obolibrary.org/obo/HP_0000001> ] .
[] a owl:Axiom ; owl:annotatedSource <{iri}> ; owl:annotatedProperty IAO:0000115 ;
   owl:annotatedTarget "lowercase text without a full stop " ; oboInOwl:hasDbXref "not a curie" .
"""
    upstream = Graph().parse(data=template.format(iri="http://purl.obolibrary.org/obo/HP_9999999"), format="turtle")
    assert run_shapes(upstream, shapes).findings == ()
    calco = Graph().parse(data=template.format(iri="http://purl.obolibrary.org/obo/CALCO_9999999"), format="turtle")
    rules = {f.rule_id for f in run_shapes(calco, shapes).findings}
    assert {"ExactlyOneLabel", "DefinitionFormatting", "DefinitionCase", "InvalidXref", "RelationEvidence"} <= rules
