"""The SPARQL validator (shapes translated to SPARQL, run by Oxigraph) reports what the SHACL engines report.

Compared field by field, result by result: focus node, result path, value, severity, constraint
component, source shape, source constraint and message. pySHACL is the reference for every field;
pyshacl-turbo agrees on all but the generic messages of constraints without ``sh:message`` (it
words them differently), so against turbo those are left out. If a shape starts using a SHACL
feature the translator does not cover, :func:`translate` raises and the first test names it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from calco.assemble import assemble_graph
from calco.load import load_source
from calco.validate.ingest import read_untrusted
from calco.validate.run import validate_graph
from calco.validate.shacl import Finding, Report, run_shapes
from calco.validate.sparql_rules import UnsupportedShape, translate
from tests import test_validate_cli as cli_fixtures
from tests.conftest import ROOT, run_calco
from tests.test_shapes import BASE, BREAKS, SHAPES

Row = tuple[str, ...]


def _node(results: Graph, node: Node | None, expand: bool = False) -> str:
    """A result field as text; a blank-node path is written out as its structure."""
    if node is None:
        return ""
    if expand and isinstance(node, BNode) and (node, None, None) in results:
        return "[" + " ; ".join(sorted(f"{p.n3()} {_node(results, o, True)}" for p, o in results.predicate_objects(node))) + "]"
    return node.n3()


def _normal(message: str) -> str:
    """pySHACL lists sh:in members in set order, which varies with the hash seed: compare them sorted."""
    if " not in list [" not in message:
        return message
    head, _, members = message.partition(" not in list [")
    return f"{head} not in list [{', '.join(sorted(members.rstrip(']').split(', ')))}]"


def findings(report: Report) -> list[Finding]:
    """The report's findings, messages normalised as :func:`_normal` says."""
    return sorted((replace(f, message=_normal(f.message)) for f in report.findings), key=repr)


def rows(results: Graph, messages: bool = True, generic: set[str] | None = None) -> list[Row]:
    """Every validation result as a sorted row of its fields (``generic``: messages to blank out)."""
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = " | ".join(sorted(str(m) for m in results.objects(result, SH.resultMessage)))
        if not messages or (generic is not None and message in generic):
            message = "(generic)"
        message = _normal(message)
        fields = (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceConstraintComponent, SH.sourceShape, SH.sourceConstraint)
        out.append(tuple(_node(results, results.value(result, f), f == SH.resultPath) for f in fields) + (message,))
    return sorted(out)


def shape_messages(shapes: Graph) -> set[str]:
    """Messages written in the shapes (anything else a result says is an engine's generic wording)."""
    return {str(m) for m in shapes.objects(None, SH.message)}


def assert_same(data: Graph, shapes: Graph = SHAPES, reference: str = "pyshacl") -> None:
    """SPARQL validator results == the reference engine's, field by field; findings too."""
    sparql = validate_graph(data, shapes, "sparql")
    expected = run_shapes(data, shapes, engine=reference)  # type: ignore[arg-type]
    if reference == "pyshacl":
        assert rows(sparql.results) == rows(expected.results)
        assert findings(sparql) == findings(expected)
    else:
        ours = {m for r in rows(sparql.results) for m in [r[-1]]} - shape_messages(shapes)
        theirs = {m for r in rows(expected.results) for m in [r[-1]]} - shape_messages(shapes)
        assert rows(sparql.results, generic=ours) == rows(expected.results, generic=theirs)
        assert [f.__dict__ | {"message": ""} for f in sparql.findings if f.message in shape_messages(shapes)] == [
            f.__dict__ | {"message": ""} for f in expected.findings if f.message in shape_messages(shapes)
        ]


def test_every_project_shape_translates() -> None:
    """A shape using a construct the translator lacks fails here, by name (see docs/performance.md)."""
    assert len(translate(SHAPES)) > 40


@pytest.mark.parametrize("fixture", ["base", *sorted(BREAKS)])
def test_shape_fixtures_same_results_as_pyshacl(fixture: str) -> None:
    text = BASE if fixture == "base" else BREAKS[fixture](BASE)
    data = Graph().parse(data=text, format="turtle")
    assert_same(data)
    if fixture != "base":
        assert {f.rule_id for f in validate_graph(data, SHAPES, "sparql").findings} == {fixture}


def test_shape_fixtures_same_results_as_turbo() -> None:
    for text in [BASE, *(edit(BASE) for edit in BREAKS.values())]:
        assert_same(Graph().parse(data=text, format="turtle"), reference="turbo")


def _cli_documents() -> dict[str, tuple[str, str]]:
    good = cli_fixtures.GOOD_CLASS
    return {
        "good": (good, ".ttl"),
        "bad": (good.replace('rdfs:label "calcinosis cutis"@en ;', "") + "\n<http://purl.obolibrary.org/obo/CALCO_12> a owl:Class .\n", ".ttl"),
        "warned": (good.replace('"calcinosis cutis"@en', '"Calcinosis cutis"@en'), ".ttl"),
        "obo": (cli_fixtures.OBO_TERMS, ".obo"),
        "obo-undefined": (cli_fixtures.OBO_TERMS.replace('def: "A calcinosis in which calcium salts are deposited in the skin." [article:what-is/4]\n', ""), ".obo"),
    }


@pytest.mark.parametrize("name", sorted(_cli_documents()))
def test_validate_cli_fixtures_same_results(name: str, tmp_path: Path) -> None:
    text, suffix = _cli_documents()[name]
    path = tmp_path / f"doc{suffix}"
    path.write_text(text)
    data = read_untrusted(path)
    assert_same(data)
    assert_same(data, reference="turbo")


def test_cli_validator_option_gives_the_same_report(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(_cli_documents()["bad"][0])
    shacl = run_calco("validate", bad, "--no-reason", "--validator", "shacl", "--engine", "pyshacl")
    sparql = run_calco("validate", bad, "--no-reason", "--validator", "sparql")
    assert sparql.returncode == shacl.returncode == 1
    assert sparql.stdout == shacl.stdout
    assert "CALCO:0000001: missing or multiple labels" in sparql.stdout


def _damage(graph: Graph) -> Graph:
    """The real release with one break of several kinds, so the comparison is not of two empty reports."""
    damaged = Graph()
    damaged += graph
    calco = "http://purl.obolibrary.org/obo/CALCO_"
    terms = sorted(s for s in damaged.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) if str(s).startswith(calco))
    first, second, third = terms[0], terms[1], terms[2]
    damaged.add((first, RDFS.label, Literal("Second label ")))
    damaged.add((second, RDFS.subClassOf, first))
    damaged.add((first, RDFS.subClassOf, second))
    damaged.add((third, URIRef("http://www.geneontology.org/formats/oboInOwl#hasDbXref"), Literal("not a curie")))
    damaged.add((third, URIRef("http://www.w3.org/2002/07/owl#deprecated"), Literal("true")))
    for axiom in list(damaged.subjects(URIRef("http://www.w3.org/2002/07/owl#annotatedSource"), third)):
        damaged.remove((axiom, URIRef("http://www.geneontology.org/formats/oboInOwl#hasDbXref"), None))
    return damaged


@pytest.mark.parametrize("form", ["assembled", "exported"])
def test_real_release_same_results(form: str) -> None:
    graph = assemble_graph(load_source(ROOT / "ontology")) if form == "assembled" else Graph().parse(ROOT / "exports" / "calco.ttl")
    assert validate_graph(graph, SHAPES, "sparql").findings == ()
    assert_same(graph, reference="turbo")
    damaged = _damage(graph)
    assert len(validate_graph(damaged, SHAPES, "sparql").findings) >= 5
    assert_same(damaged, reference="turbo")
    if form == "exported":
        assert_same(damaged)  # pySHACL too: slower, so on one form


def test_synthetic_1k_terms_same_results(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate

    graph = assemble_graph(load_source(generate(tmp_path / "synthetic", 1_000)))
    assert_same(graph, reference="turbo")
    damaged = _damage(graph)
    assert len(validate_graph(damaged, SHAPES, "sparql").findings) >= 5
    assert_same(damaged, reference="turbo")


SPARQL_PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"""
SPARQL_DATA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:a a ex:Thing ; ex:p ex:b ; rdfs:label "a" . ex:b a ex:Thing ; ex:q ex:a ; rdfs:label "b"@en .
ex:c a ex:Thing ; rdfs:label "c", "c2" . ex:d a ex:Other ; ex:p ex:a .
"""


def test_queries_that_need_per_focus_binding_match_pyshacl() -> None:
    """$this inside a UNION branch: joined with the focus set it would differ, so it runs per focus node."""
    shapes = Graph().parse(
        data=SPARQL_PREFIXES
        + """
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:severity sh:Warning ;
  sh:sparql [ sh:prefixes ex:prefixes ; sh:message "{$this} links {?other} ({?value})" ;
    sh:select "SELECT $this ?other ?value WHERE { { ?other ex:p ?x . FILTER (?x = $this) } UNION { $this ex:q ?other } BIND (1 AS ?value) }" ] .
ex:T a sh:NodeShape ; sh:targetNode ex:c ; sh:property [ sh:path rdfs:label ; sh:maxCount 1 ; sh:languageIn ("en") ] .
""",
        format="turtle",
    )
    from calco.validate.sparql_rules import translate as rules_of

    assert any(rule.per_focus for rule in rules_of(shapes))
    data = Graph().parse(data=SPARQL_DATA, format="turtle")
    assert_same(data, shapes)
    report = validate_graph(data, shapes, "sparql")
    assert len(list(report.results.subjects(RDF.type, SH.ValidationResult))) == 5  # two languageIn results read as one finding
    assert len(report.findings) == 4


@pytest.mark.parametrize(
    "construct, shape",
    [
        ("sh:closed", "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true ."),
        ("sh:uniqueLang", "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path rdfs:label ; sh:uniqueLang true ] ."),
        ("sh:equals", "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:equals ex:q ] ."),
        ("sh:target", "ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ] ."),
        ("sh:sparql inside another shape", "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:not [ sh:sparql [ sh:select \"SELECT $this WHERE { }\" ] ] ."),
        ("$currentShape", "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:select \"SELECT $this WHERE { $this ex:p $currentShape }\" ] ."),
        ("sh:minInclusive", "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:or ( [ sh:minInclusive 1 ] ) ."),
    ],
)
def test_unsupported_constructs_fail_loudly(construct: str, shape: str) -> None:
    shapes = Graph().parse(data=SPARQL_PREFIXES + shape, format="turtle")
    with pytest.raises(UnsupportedShape) as raised:
        translate(shapes)
    assert construct in str(raised.value) and "http://example.org/S" in str(raised.value)


def test_build_with_sparql_validator_writes_the_same_release(tmp_path: Path) -> None:
    from tests.test_build import snapshot

    completed = run_calco("build", "--out", tmp_path, "--validator", "sparql")
    assert completed.returncode == 0, completed.stderr
    fresh, committed = snapshot(tmp_path), snapshot(ROOT / "exports")
    assert len(fresh) > 10 and fresh == {name: committed.get(name) for name in fresh}


EXTRA_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://purl.obolibrary.org/obo/calco/shapes#NeedsWidget> a sh:NodeShape ; rdfs:label "needs a widget" ;
    rdfs:comment "Origin: a test." ; sh:targetNode <http://purl.obolibrary.org/obo/CALCO_0000001> ;
    sh:property [ sh:path <http://example.org/widget> ; sh:minCount 1 ; sh:message "this term has no widget" ] {extra} ;
    sh:severity sh:Violation ; sh:message "this term has no widget" .
"""


def test_build_with_sparql_validator_stops_on_the_same_violations(project: Path) -> None:
    (project / "shapes" / "widget.ttl").write_text(EXTRA_SHAPE.replace("{extra}", ""))
    outputs = []
    for validator in ("shacl", "sparql"):
        completed = run_calco("build", "--project", project, "--out", project / validator, "--validator", validator)
        assert completed.returncode != 0 and not (project / validator).exists()
        outputs.append([line for line in completed.stderr.splitlines() if "widget" in line])
    assert outputs[0] == outputs[1] and outputs[0], outputs


def test_build_with_sparql_validator_refuses_a_shape_it_cannot_translate(project: Path) -> None:
    (project / "shapes" / "widget.ttl").write_text(EXTRA_SHAPE.replace("{extra}", "; sh:closed true"))
    completed = run_calco("build", "--project", project, "--out", project / "out", "--validator", "sparql")
    assert completed.returncode != 0
    assert "NeedsWidget> uses sh:closed, not supported by the SPARQL validator" in completed.stderr


CONSTRUCTS = SPARQL_PREFIXES + """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:Named a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .
ex:C1 a sh:NodeShape ; sh:targetClass ex:Thing ; sh:hasValue ex:a .
ex:C2 a sh:NodeShape ; sh:targetClass ex:Thing ; sh:xone ( [ sh:class ex:Thing ] [ sh:node ex:Named ] ) .
ex:C3 a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
  sh:property [ sh:path [ sh:alternativePath ( ex:p ex:q ) ] ; sh:class ex:Thing ; sh:minLength 25 ] ,
              [ sh:path ( ex:p [ sh:zeroOrMorePath ex:p ] ) ; sh:maxCount 1 ; sh:datatype xsd:string ] ,
              [ sh:path [ sh:inversePath ex:p ] ; sh:qualifiedValueShape [ sh:class ex:Other ] ; sh:qualifiedMaxCount 0 ] ,
              [ sh:path ex:p ; sh:property [ sh:path rdfs:label ; sh:in ( "a" "b" ) ; sh:maxLength 1 ] ] .
ex:C4 a sh:NodeShape ; sh:targetNode ex:a, "lit" ; sh:nodeKind sh:IRI ; sh:and ( [ sh:pattern "^HTTP" ; sh:flags "i" ] [ sh:not [ sh:hasValue ex:b ] ] ) .
ex:C5 a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:deactivated true ; sh:nodeKind sh:Literal .
"""


def test_constructs_beyond_calco_shapes_match_pyshacl() -> None:
    """The translator is generic: constructs CALCO's shapes do not use yet give pySHACL's results too."""
    shapes = Graph().parse(data=CONSTRUCTS, format="turtle")
    data = Graph().parse(data=SPARQL_DATA, format="turtle")
    assert_same(data, shapes)
    components = {str(c).rsplit("#", 1)[1] for c in validate_graph(data, shapes, "sparql").results.objects(None, SH.sourceConstraintComponent)}
    assert {"HasValueConstraintComponent", "XoneConstraintComponent", "MinLengthConstraintComponent", "MaxCountConstraintComponent", "QualifiedMaxCountConstraintComponent", "NodeKindConstraintComponent"} <= components, components
