"""One rule, one shape: each fixture breaks exactly one rule, under both SHACL engines; CALCO conforms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from calco.assemble import assemble_graph
from calco.load import load_source
from calco.validate import load_shapes, run_shapes
from tests.conftest import ROOT

SHAPES = load_shapes(ROOT / "shapes")
ENGINES = ("turbo", "pyshacl")

PREFIXES = """
@prefix CALCO: <http://purl.obolibrary.org/obo/CALCO_> .
@prefix calco: <http://purl.obolibrary.org/obo/calco#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix HP: <http://purl.obolibrary.org/obo/HP_> .
@prefix IAO: <http://purl.obolibrary.org/obo/IAO_> .
@prefix MAXO: <http://purl.obolibrary.org/obo/MAXO_> .
@prefix MONDO: <http://purl.obolibrary.org/obo/MONDO_> .
@prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix RO: <http://purl.obolibrary.org/obo/RO_> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix UBERON: <http://purl.obolibrary.org/obo/UBERON_> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

HEADER = """
<http://purl.obolibrary.org/obo/calco.owl> a owl:Ontology ;
    dcterms:title "CALCO"@en ; dcterms:description "A test ontology."@en ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
    owl:versionIRI <http://purl.obolibrary.org/obo/calco/releases/2026-01-01/calco.owl> ;
    owl:versionInfo "2026-01-01" .
"""


def term(number: int, label: str, parent: str, definition: str) -> str:
    """A well-formed CALCO class with a sourced definition."""
    return f"""
CALCO:{number:07d} a owl:Class ; rdfs:label "{label}"@en ; IAO:0000115 "{definition}"@en ; rdfs:subClassOf {parent} .
[] a owl:Axiom ; owl:annotatedSource CALCO:{number:07d} ; owl:annotatedProperty IAO:0000115 ;
   owl:annotatedTarget "{definition}"@en ; oboInOwl:hasDbXref "article:what-is/4" .
"""


def relation(subject: str, prop: str, filler: str) -> str:
    """``subject SubClassOf prop some filler`` with its evidence axiom."""
    return f"""
{subject} rdfs:subClassOf _:r{abs(hash((subject, prop, filler)))} .
_:r{abs(hash((subject, prop, filler)))} a owl:Restriction ; owl:onProperty {prop} ; owl:someValuesFrom {filler} .
[] a owl:Axiom ; owl:annotatedSource {subject} ; owl:annotatedProperty rdfs:subClassOf ;
   owl:annotatedTarget _:r{abs(hash((subject, prop, filler)))} ;
   oboInOwl:hasDbXref "article:causes/2" ; calco:evidence_note "A test note."@en .
"""


IMPORTS = """
MONDO:0002123 a owl:Class ; rdfs:label "calcinosis"@en .
MONDO:0016367 a owl:Class ; rdfs:label "dermatomyositis"@en .
UBERON:0002097 a owl:Class ; rdfs:label "skin of body"@en .
MAXO:0000001 a owl:Class ; rdfs:label "medical action"@en .
MAXO:0000447 a owl:Class ; rdfs:label "surgical excision"@en .
HP:0200036 a owl:Class ; rdfs:label "Skin nodule"@en .
"""

BASE = (
    PREFIXES
    + HEADER
    + IMPORTS
    + term(1, "calcinosis cutis", "MONDO:0002123", "A calcinosis of the skin.")
    + term(2, "metastatic calcinosis cutis", "CALCO:0000001", "A calcinosis cutis from deranged metabolism.")
    + term(3, "surgical removal of deposits", "MAXO:0000001", "A medical action that removes deposits.")
    + relation("CALCO:0000001", "calco:affects_organ", "UBERON:0002097")
    + relation("CALCO:0000001", "calco:treated_by", "CALCO:0000003")
    + relation("CALCO:0000002", "calco:caused_by", "MONDO:0016367")
    + relation("CALCO:0000001", "RO:0002452", "HP:0200036")
)

Edit = Callable[[str], str]


def add(text: str) -> Edit:
    return lambda base: base + text


def swap(old: str, new: str) -> Edit:
    def edit(base: str) -> str:
        assert old in base, old
        return base.replace(old, new, 1)

    return edit


OBSOLETE = '\nCALCO:0000009 a owl:Class ; rdfs:label "obsolete widget"@en ; owl:deprecated true ; IAO:0000231 IAO:0000227 ; IAO:0000115 "OBSOLETE. A widget."@en .\n[] a owl:Axiom ; owl:annotatedSource CALCO:0000009 ; owl:annotatedProperty IAO:0000115 ; owl:annotatedTarget "OBSOLETE. A widget."@en ; oboInOwl:hasDbXref "article:causes/3" .\n'

BREAKS: dict[str, Edit] = {
    "ExactlyOneLabel": add('\nCALCO:0000001 rdfs:label "cutaneous calcinosis"@en .\n'),
    "LabelFormatting": swap('"metastatic calcinosis cutis"@en', '"metastatic\tcalcinosis cutis"@en'),
    "LabelWhitespace": swap('"metastatic calcinosis cutis"@en', '"metastatic calcinosis cutis "@en'),
    "LabelLanguage": swap('"metastatic calcinosis cutis"@en', '"metastatic calcinosis cutis"'),
    "LabelLowercase": swap('"metastatic calcinosis cutis"@en', '"metastatic calcinosis cutis of Bowen type"@en'),
    "LabelQuotes": swap('"metastatic calcinosis cutis"@en', '"\\"metastatic\\" calcinosis cutis"@en'),
    "GenusDifferentia": lambda base: base.replace("A calcinosis cutis from deranged metabolism.", "Calcinosis cutis from deranged metabolism."),
    "UniqueLabel": swap('"metastatic calcinosis cutis"@en', '"calcinosis cutis"@en'),
    "MisusedObsoleteLabel": swap('"metastatic calcinosis cutis"@en', '"obsolete metastatic calcinosis cutis"@en'),
    "ExactlyOneDefinition": add('\nCALCO:0000002 IAO:0000115 "A calcinosis cutis with a second definition."@en .\n[] a owl:Axiom ; owl:annotatedSource CALCO:0000002 ; owl:annotatedProperty IAO:0000115 ; owl:annotatedTarget "A calcinosis cutis with a second definition."@en ; oboInOwl:hasDbXref "article:causes/5" .\n'),
    "DefinitionFormatting": lambda base: base.replace('"A calcinosis cutis from deranged metabolism."@en', '"A calcinosis cutis from deranged metabolism. "@en'),
    "DefinitionCase": lambda base: base.replace('"A calcinosis cutis from deranged metabolism."@en', '"a calcinosis cutis from deranged metabolism."@en'),
    "UniqueDefinition": add(term(4, "another metastatic form", "CALCO:0000001", "A calcinosis cutis from deranged metabolism.")),
    "DefinitionSource": swap('owl:annotatedTarget "A calcinosis cutis from deranged metabolism."@en ; oboInOwl:hasDbXref "article:what-is/4"', 'owl:annotatedTarget "A calcinosis cutis from deranged metabolism."@en'),
    "CalcoIriPattern": add('\n<http://purl.obolibrary.org/obo/CALCO_12> a owl:Class ; rdfs:label "short id"@en ; IAO:0000115 "A calcinosis with a short id."@en ; rdfs:subClassOf MONDO:0002123 .\n[] a owl:Axiom ; owl:annotatedSource <http://purl.obolibrary.org/obo/CALCO_12> ; owl:annotatedProperty IAO:0000115 ; owl:annotatedTarget "A calcinosis with a short id."@en ; oboInOwl:hasDbXref "article:causes/1" .\n'),
    "InvalidEntityIri": add('\n<https://purl.obolibrary.org/obo/MONDO_0005100> a owl:Class ; rdfs:label "systemic sclerosis"@en .\n'),
    "InvalidXref": add('\nCALCO:0000001 oboInOwl:hasDbXref "ICD10 L94.2" .\n'),
    "DeprecatedBoolean": add('\nCALCO:0000002 owl:deprecated "true" .\n'),
    "ObsoleteLabel": add(OBSOLETE.replace("obsolete widget", "widget")),
    "DeprecatedNoLogicalAxioms": add(OBSOLETE + "CALCO:0000009 rdfs:subClassOf MONDO:0002123 .\n"),
    "AtMostOneReplacedBy": add(OBSOLETE + "CALCO:0000009 IAO:0100001 CALCO:0000001, CALCO:0000002 .\n"),
    "MisusedReplacedBy": add("\nCALCO:0000002 IAO:0100001 CALCO:0000001 .\n"),
    "ObsoleteDefinitionPrefix": add(OBSOLETE.replace("OBSOLETE. A widget.", "A widget.")),
    "ObsolescenceReason": add(OBSOLETE.replace(" IAO:0000231 IAO:0000227 ;", "")),
    "MisusedObsoleteAnnotations": add("\nCALCO:0000002 oboInOwl:consider CALCO:0000001 .\n"),
    "OntologyTitle": swap('dcterms:title "CALCO"@en ;', ""),
    "OntologyDescription": swap('dcterms:description "A test ontology."@en ;', ""),
    "OntologyLicense": swap("dcterms:license <https://creativecommons.org/licenses/by/4.0/>", 'dcterms:license "CC BY 4.0"'),
    "OntologyVersionIri": swap("releases/2026-01-01/calco.owl", "releases/latest/calco.owl"),
    "LiteralAnnotations": add("\nCALCO:0000002 oboInOwl:hasExactSynonym CALCO:0000001 .\n"),
    "IriAnnotations": add('\nCALCO:0000002 skos:broadMatch "MONDO:0002123" .\n'),
    "EvidenceNoteIsText": swap('calco:evidence_note "A test note."@en', 'calco:evidence_note CALCO:0000001'),
    "CausedByRange": add(relation("CALCO:0000002", "calco:caused_by", "UBERON:0002097")),
    "AffectsOrganRange": add(relation("CALCO:0000002", "calco:affects_organ", "MONDO:0016367")),
    "TreatedByRange": add(relation("CALCO:0000002", "calco:treated_by", "UBERON:0002097")),
    "MaterialBasisRange": add(relation("CALCO:0000002", "RO:0004003", "MONDO:0016367")),
    "DepositedSubstanceRange": add(relation("CALCO:0000002", "calco:has_deposited_substance", "UBERON:0002097")),
    "DiagnosedByRange": add(relation("CALCO:0000002", "calco:diagnosed_by", "HP:0200036")),
    "SupportiveMeasureRange": add(relation("CALCO:0000002", "calco:has_supportive_measure", "CALCO:0000001")),
    "SymptomRange": add(relation("CALCO:0000002", "RO:0002452", "UBERON:0002097")),
    "CourseRange": add(relation("CALCO:0000002", "calco:has_course", "MAXO:0000447")),
    "RelationEvidence": add("\nCALCO:0000002 rdfs:subClassOf [ a owl:Restriction ; owl:onProperty calco:affects_organ ; owl:someValuesFrom UBERON:0002097 ] .\n"),
    "DescendsFromTopClass": add(term(4, "stray term", "UBERON:0002097", "A skin of body placed in the wrong branch.")),
    "NoSubclassCycle": add("\nCALCO:0000001 rdfs:subClassOf CALCO:0000002 .\n"),
    # The fixture carries its own MAxO hierarchy (as the import modules will): the rule walks rdfs:subClassOf*.
    "TreatmentIsNotDiagnosticOrAncillary": add(
        '\nMAXO:0000424 a owl:Class ; rdfs:label "magnetic resonance imaging procedure"@en ; rdfs:subClassOf MAXO:0000005 .\n'
        + relation("CALCO:0000002", "calco:treated_by", "MAXO:0000424")
    ),
    "AncillaryProcedureRange": add(relation("CALCO:0000002", "calco:treatment_planned_with", "UBERON:0002097")),
}

#: treated_by targets the treatment rule refuses, each with its branch (subclass triples included).
NOT_TREATMENTS = {
    "anaesthesia": ("MAXO:0000195", "MAXO:0000170"),
    "imaging": ("MAXO:0000424", "MAXO:0000005"),
    "calcium assessment": ("MAXO:0000581", "MAXO:0000566"),
    "clinical assessment": ("MAXO:0000491", "MAXO:0000487"),
    "diagnostic procedure": ("MAXO:0000129", "MAXO:0000003"),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", sorted(NOT_TREATMENTS))
def test_treated_by_refuses_every_non_treatment_branch_at_any_depth(kind: str, engine: str) -> None:
    """Two levels below each root (leaf -> middle -> root), directly and as one of several alternatives."""
    leaf, root = NOT_TREATMENTS[kind]
    hierarchy = f"\n{leaf} a owl:Class ; rdfs:label \"leaf\"@en ; rdfs:subClassOf <http://example.org/fixture/middle> .\n<http://example.org/fixture/middle> a owl:Class ; rdfs:label \"middle\"@en ; rdfs:subClassOf {root} .\n"
    direct = BASE + hierarchy + relation("CALCO:0000002", "calco:treated_by", leaf)
    assert rules(direct, engine) == {"TreatmentIsNotDiagnosticOrAncillary"}
    union = (
        BASE
        + hierarchy
        + "\nCALCO:0000002 rdfs:subClassOf _:u .\n_:u a owl:Restriction ; owl:onProperty calco:treated_by ; owl:someValuesFrom [ a owl:Class ; owl:unionOf ( MAXO:0000447 "
        + leaf
        + ' ) ] .\n[] a owl:Axiom ; owl:annotatedSource CALCO:0000002 ; owl:annotatedProperty rdfs:subClassOf ; owl:annotatedTarget _:u ; oboInOwl:hasDbXref "article:causes/2" ; calco:evidence_note "A test note."@en .\n'
    )
    assert rules(union, engine) == {"TreatmentIsNotDiagnosticOrAncillary"}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_same_procedures_are_accepted_with_the_relations_that_say_what_they_are(engine: str) -> None:
    text = BASE + '\nMAXO:0000424 a owl:Class ; rdfs:label "mri"@en ; rdfs:subClassOf MAXO:0000005 .\n'
    text += relation("CALCO:0000002", "calco:treatment_planned_with", "MAXO:0000424")
    text += relation("CALCO:0000002", "calco:treated_by", "MAXO:0000447")
    assert rules(text, engine) == set()


def rules(text: str, engine: str) -> set[str]:
    graph = Graph().parse(data=text, format="turtle")
    return {f.rule_id for f in run_shapes(graph, SHAPES, engine=engine).findings}  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_base_fixture_conforms(engine: str) -> None:
    assert rules(BASE, engine) == set()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("form", ["assembled", "exported"])
def test_the_real_ontology_conforms(engine: str, form: str) -> None:
    """Both what the build validates (the assembled graph, in its own store) and what it publishes."""
    graph = assemble_graph(load_source(ROOT / "ontology")) if form == "assembled" else Graph().parse(ROOT / "exports" / "calco.ttl")
    report = run_shapes(graph, SHAPES, engine=engine)  # type: ignore[arg-type]
    assert report.findings == (), [f"{f.focus} {f.rule}: {f.message}" for f in report.findings]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_fixture_breaks_exactly_its_rule(rule: str, engine: str) -> None:
    assert rules(BREAKS[rule](BASE), engine) == {rule}


def test_every_shape_has_a_fixture_message_severity_and_origin() -> None:
    from rdflib.namespace import RDF, RDFS, SH

    named = {str(s).rsplit("#", 1)[1] for s in SHAPES.subjects(RDF.type, SH.NodeShape) if "#" in str(s)}
    assert named == set(BREAKS), f"shapes without fixture: {named - set(BREAKS)}; fixtures without shape: {set(BREAKS) - named}"
    for shape in SHAPES.subjects(RDF.type, SH.NodeShape):
        assert SHAPES.value(shape, RDFS.label), shape
        assert "Origin:" in str(SHAPES.value(shape, RDFS.comment)), f"{shape}: rdfs:comment must cite the rule's origin"
        assert SHAPES.value(shape, SH.severity), shape
        has_message = SHAPES.value(shape, SH.message) or any(SHAPES.value(c, SH.message) for c in SHAPES.objects(shape, SH.sparql))
        assert has_message, shape


def test_quality_doc_lists_every_rule() -> None:
    from rdflib.namespace import RDF, SH

    doc = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    for shape in SHAPES.subjects(RDF.type, SH.NodeShape):
        assert f"`{str(shape).rsplit('#', 1)[1]}`" in doc, f"docs/quality.md does not list {shape}"


MAXO_RELEASE = ROOT.parent / "shared" / "upstream" / "maxo.obo"


def _maxo_is_a(path: Path) -> Graph:
    """Every MAxO is_a edge of the real release, as rdfs:subClassOf triples (what the import modules will bring).

    Read line by line: fastobo refuses this release (an xref with an escaped colon in an IRI), and
    ``id:`` / ``is_a:`` lines of [Term] stanzas are all the rule needs.
    """
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    graph = Graph()
    obo = "http://purl.obolibrary.org/obo/"
    child = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            child = None
        elif line.startswith("id: MAXO:"):
            child = URIRef(obo + line[4:].strip().replace(":", "_"))
        elif line.startswith("is_a: ") and child is not None:
            parent = line[6:].split("!")[0].split("{")[0].strip()
            graph.add((child, RDFS.subClassOf, URIRef(obo + parent.replace(":", "_"))))
    return graph


@pytest.mark.skipif(not MAXO_RELEASE.is_file(), reason=f"the MAxO release is not at {MAXO_RELEASE}")
def test_with_maxo_s_real_hierarchy_calco_conforms_and_the_old_treatments_are_refused() -> None:
    """What happens once the import modules land: the rule reads MAxO's own is_a edges."""
    import subprocess

    hierarchy = _maxo_is_a(MAXO_RELEASE)
    graph = assemble_graph(load_source(ROOT / "ontology"))
    for triple in hierarchy:
        graph.add(triple)
    assert run_shapes(graph, SHAPES).findings == ()
    old = subprocess.run(["git", "show", "a48adab:exports/calco.ttl"], cwd=ROOT, capture_output=True, check=False)
    if old.returncode != 0:
        pytest.skip("the release before issue 17 is not in this checkout's history")
    before = Graph().parse(data=old.stdout, format="turtle")
    for triple in hierarchy:
        before.add(triple)
    findings = [f for f in run_shapes(before, SHAPES).findings if f.rule_id == "TreatmentIsNotDiagnosticOrAncillary"]
    # Local anaesthesia (CALCO:0000001), general anaesthesia and MRI (CALCO:0000002), calcium assessment (CALCO:0000003).
    assert {f.focus.rsplit("_", 1)[1] for f in findings} == {"0000001", "0000002", "0000003"}


@pytest.mark.parametrize("engine", ENGINES)
def test_style_rules_allow_proper_names_apostrophes_and_upstream_style(engine: str) -> None:
    """The listed proper name, an apostrophe inside a word, an upstream capitalised label and an
    upstream definition that is not genus-differentia all pass; only CALCO's own terms are styled."""
    text = (
        BASE
        + term(5, "Teutschländer calcinosis", "CALCO:0000001", "A calcinosis cutis named after an author.")
        + term(6, "devil's claw compress", "MAXO:0000001", "A medical action in which a compress is applied.")
        + '\nHP:0200036 IAO:0000115 "Quoted \\"upstream\\" text."@en .\n'
        + "\nMONDO:0005100 a owl:Class ; rdfs:label \"Systemic 'sclerosis'\"@en .\n"
    )
    assert rules(text, engine) == set()
