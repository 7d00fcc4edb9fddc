"""Every release artefact is proven in a real client: owlready2+HermiT, pyoxigraph, pyld, fastobo,
pronto, oaklib, sssom-py (test_sssom.py), CALCO's own table reader, and an installed wheel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from calco.export.editions import is_own
from calco.load import load_source
from calco.load.tables import read_terms
from calco.reason import reason, run_hermit
from calco.validate.ingest import parse_obo
from tests.conftest import ROOT
from tests.same_graph import assert_same_graph

EXPORTS = ROOT / "exports"
CUTIS = "http://purl.obolibrary.org/obo/CALCO_0000001"
MONDO_CALCINOSIS = URIRef("http://purl.obolibrary.org/obo/MONDO_0002123")
RDF_FILES = {
    "calco.ttl": ox.RdfFormat.TURTLE,
    "calco.owl": ox.RdfFormat.RDF_XML,
    "calco.jsonld": ox.RdfFormat.JSON_LD,
    "calco-base.owl": ox.RdfFormat.RDF_XML,
    "calco-full.owl": ox.RdfFormat.RDF_XML,
    "calco-relations.ttl": ox.RdfFormat.TURTLE,
    "calco-skos.ttl": ox.RdfFormat.TURTLE,
    "calco-terms.jsonld": ox.RdfFormat.JSON_LD,
}


def main_graph() -> Graph:
    return Graph().parse(EXPORTS / "calco.ttl", format="turtle")


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_pyoxigraph_parses_every_rdf_artefact(name: str) -> None:
    assert sum(1 for _ in ox.parse((EXPORTS / name).read_bytes(), format=RDF_FILES[name])) > 10


def test_owlready2_loads_and_reasons_over_calco_owl() -> None:
    import owlready2

    from calco.reason.java import find_java

    owlready2.JAVA_EXE = find_java()
    world = owlready2.World()
    onto = world.get_ontology((EXPORTS / "calco.owl").as_uri()).load()
    cutis = world[CUTIS]
    assert [str(label) for label in cutis.label] == ["calcinosis cutis"]
    assert {c.iri for c in cutis.subclasses()} >= {f"http://purl.obolibrary.org/obo/CALCO_000000{i}" for i in range(2, 7)}
    owlready2.sync_reasoner_hermit(world, debug=0)
    assert list(world.inconsistent_classes()) == []
    assert onto is not None


def test_pyld_expands_jsonld_to_the_turtle_graph() -> None:
    from pyld import jsonld

    def no_fetching(url: str, options: object = None) -> None:
        raise AssertionError(f"pyld tried to fetch {url}")

    document = json.loads((EXPORTS / "calco.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": no_fetching})
    assert_same_graph(Graph().parse(data=nquads, format="nquads"), main_graph())


def test_base_asserts_nothing_about_foreign_terms() -> None:
    base = Graph().parse(EXPORTS / "calco-base.owl", format="xml")
    declaration_types = {OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty, OWL.DatatypeProperty}
    foreign = {
        (s, p, o)
        for s, p, o in base
        if isinstance(s, URIRef) and not is_own(s) and not str(s).endswith("calco-base.owl") and not (p == RDF.type and o in declaration_types)
    }
    assert not foreign, "only declarations of foreign entities may be in the base: " + str(sorted(foreign)[:5])
    used = {node for _, p, o in base for node in (p, o) if isinstance(node, URIRef) and not is_own(node)}
    declared = set(base.subjects(RDF.type, None))
    assert {MONDO_CALCINOSIS, URIRef("http://purl.obolibrary.org/obo/IAO_0000115")} <= used & declared
    reachable = {o for s, _, o in base if isinstance(o, BNode)} | {a for a in base.subjects(RDF.type, OWL.Axiom)}
    assert {s for s in base.subjects() if isinstance(s, BNode)} <= reachable
    ontology = URIRef("http://purl.obolibrary.org/obo/calco/calco-base.owl")
    assert str(base.value(ontology, OWL.versionIRI)).endswith("/calco-base.owl")
    assert base.value(URIRef(CUTIS), RDFS.label) == Literal("calcinosis cutis", lang="en")


def test_full_is_classified_and_consistent_under_hermit() -> None:
    full = Graph().parse(EXPORTS / "calco-full.owl", format="xml")
    result = reason(full)
    assert result.consistent and not result.unsatisfiable
    assert result.inferred == (), "the full edition already asserts everything HermiT infers"


def test_obo_parses_with_fastobo_and_pronto_and_keeps_the_content() -> None:
    import fastobo
    import pronto

    text = (EXPORTS / "calco.obo").read_text(encoding="utf-8")
    assert len(fastobo.loads(text)) > 20
    ontology = pronto.Ontology(str(EXPORTS / "calco.obo"))
    cutis = ontology["CALCO:0000001"]
    assert cutis.name == "calcinosis cutis"
    assert {s.description for s in cutis.synonyms} >= {"cutaneous calcinosis"}
    assert {t.id for t in cutis.subclasses(distance=1, with_self=False)} == {f"CALCO:000000{i}" for i in range(2, 7)}
    # Through the OBO-to-OWL mapping, names, definitions, synonyms, xrefs, is_a and single-filler relationships survive.
    back = parse_obo(text.encode("utf-8"))
    owl = main_graph()
    for term in load_source(ROOT / "ontology").terms:
        iri = URIRef(f"http://purl.obolibrary.org/obo/CALCO_{term.id[6:]}")
        for prop in (RDFS.label, URIRef("http://purl.obolibrary.org/obo/IAO_0000115")):
            assert set(back.objects(iri, prop)) == set(owl.objects(iri, prop)), (term.id, prop)
        assert {str(o) for o in back.objects(iri, RDFS.subClassOf) if isinstance(o, URIRef)} == {
            str(o) for o in owl.objects(iri, RDFS.subClassOf) if isinstance(o, URIRef)
        }
        synonyms = URIRef("http://www.geneontology.org/formats/oboInOwl#hasExactSynonym")
        assert {str(o) for o in back.objects(iri, synonyms)} == {str(o) for o in owl.objects(iri, synonyms)}
    assert _asserted(back) == _asserted(owl), "single-filler relationships survive the OBO round trip"


def _asserted(graph: Graph) -> set[tuple[URIRef, URIRef, URIRef]]:
    return {
        (s, graph.value(r, OWL.onProperty), graph.value(r, OWL.someValuesFrom))  # type: ignore[misc]
        for s, r in graph.subject_objects(RDFS.subClassOf)
        if isinstance(r, BNode) and isinstance(graph.value(r, OWL.someValuesFrom), URIRef)
    }


def test_oaklib_answers_ancestors_and_descendants_from_obographs_json() -> None:
    from oaklib import get_adapter

    adapter = get_adapter(f"obograph:{EXPORTS / 'calco.json'}")
    descendants = set(adapter.descendants(CUTIS, predicates=["rdfs:subClassOf"], reflexive=False))
    assert descendants == {f"http://purl.obolibrary.org/obo/CALCO_000000{i}" for i in range(2, 9)}
    ancestors = set(adapter.ancestors("http://purl.obolibrary.org/obo/CALCO_0000007", predicates=["rdfs:subClassOf"], reflexive=False))
    assert {CUTIS, "http://purl.obolibrary.org/obo/CALCO_0000003"} <= ancestors
    assert any(a.endswith("0002123") for a in ancestors), "calcinosis (MONDO) is an ancestor"


CALCO_IRI = "http://purl.obolibrary.org/obo/CALCO_"


def closure(start: URIRef, up: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """``start`` and everything above it in ``up`` (iterative, safe on cycles)."""
    seen, stack = {start}, [start]
    while stack:
        for above in up.get(stack.pop(), ()):
            if above not in seen:
                seen.add(above)
                stack.append(above)
    return seen


def test_relation_graph_holds_exactly_what_the_axioms_entail() -> None:
    """HermiT decides, for every (class, relation, row-named object), whether class SubClassOf relation some object.

    The definite edges of the relation graph (every predicate but the ``possibly`` ones) are exactly
    the entailed pairs whose relation is a row's own relation and whose object a row names: no edge
    to an object's superclasses (MAxO's root), none repeated for a super-property.
    """
    owl = main_graph()
    relations = Graph().parse(EXPORTS / "calco-relations.ttl", format="turtle")
    possibly = {p for p in owl.subjects(URIRef("http://purl.obolibrary.org/obo/calco#alternative_member_of"), None)}
    # The rows' own restrictions (curated axioms carry an evidence note), not the import modules'
    # upstream part_of axioms: those are upstream's statements, not CALCO's edges.
    own = {owl.value(a, OWL.annotatedTarget) for a in owl.subjects(URIRef("http://purl.obolibrary.org/obo/calco#evidence_note"), None)}
    own = {r for r in own if isinstance(r, BNode) and owl.value(r, OWL.onProperty) is not None}
    row_relations = {p for r in own for p in owl.objects(r, OWL.onProperty) if isinstance(p, URIRef)}
    fillers = {o for r in own for o in owl.objects(r, OWL.someValuesFrom) if isinstance(o, URIRef)}
    for r in own:
        union = owl.value(owl.value(r, OWL.someValuesFrom), OWL.unionOf)
        if union is not None:
            fillers |= {o for o in Collection(owl, union) if isinstance(o, URIRef)}
    probed = Graph()
    for triple in owl:
        probed.add(triple)
    probes: dict[URIRef, tuple[URIRef, URIRef]] = {}
    for i, (prop, filler) in enumerate(sorted((p, f) for p in row_relations for f in fillers)):
        probe, restriction = URIRef(f"http://example.org/probe/{i}"), BNode(f"probe{i}")
        probed.add((probe, RDF.type, OWL.Class))
        probed.add((restriction, RDF.type, OWL.Restriction))
        probed.add((restriction, OWL.onProperty, prop))
        probed.add((restriction, OWL.someValuesFrom, filler))
        probed.add((probe, OWL.equivalentClass, restriction))
        probes[probe] = (prop, filler)
    result = run_hermit(probed, 300, 4000)
    # The reasoner reports direct superclasses; entailment is the transitive closure.
    up: dict[URIRef, set[URIRef]] = {}
    for child, parent in [(c, p) for c, p in probed.subject_objects(RDFS.subClassOf)] + [(URIRef(c), URIRef(p)) for c, p in result.inferred]:
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            up.setdefault(child, set()).add(parent)
    calco_classes = {c for c in owl.subjects(RDF.type, OWL.Class) if str(c).startswith("http://purl.obolibrary.org/obo/CALCO_")}
    # Reused diseases CALCO asserts a treatment of (hypercalcaemia, the cause of the metastatic form).
    calco_classes |= {s for s, r in owl.subject_objects(RDFS.subClassOf) if isinstance(s, URIRef) and isinstance(r, BNode)}
    entailed = {(c, *probes[a]) for c in calco_classes for a in closure(c, up) if a in probes}  # type: ignore[arg-type]
    definite = {(s, p, o) for s, p, o in relations if s in calco_classes and p not in possibly}
    assert definite <= entailed, f"not entailed: {sorted(definite - entailed)[:5]}"
    # Informative: the pair (relation, object) is named by a row of the class or of one of its superclasses.
    from calco.export.relation_graph import relation_rows

    named: dict[URIRef, set[tuple[URIRef, URIRef]]] = {}
    from calco.triple_index import index_of

    for row in relation_rows(index_of(owl)):
        named.setdefault(URIRef(row.subject.value), set()).update((URIRef(row.relation.value), URIRef(o.value)) for o in row.objects)
    # ... and inherited only down CALCO's own hierarchy: a reused class's therapy is not passed on
    # through the upstream hierarchy, and a reused class has only its own rows' edges
    # (relation_graph's docstring says why).
    informative = {
        (c, p, o) for c, p, o in entailed
        if any((p, o) in named.get(a, set()) for a in closure(c, up) if a == c or (str(c).startswith(CALCO_IRI) and str(a).startswith(CALCO_IRI)))
    }
    assert definite == informative, f"missing: {sorted(informative - definite)[:5]}; extra: {sorted(definite - informative)[:5]}"
    assert not any(o == URIRef("http://purl.obolibrary.org/obo/MAXO_0000001") and s != URIRef("http://purl.obolibrary.org/obo/CALCO_0000006") for s, _, o in definite)


def test_skos_scheme_mirrors_the_hierarchy() -> None:
    skos = Graph().parse(EXPORTS / "calco-skos.ttl", format="turtle")
    owl = main_graph()
    cutis = URIRef(CUTIS)
    for child in owl.subjects(RDFS.subClassOf, cutis):
        assert (child, SKOS.broader, cutis) in skos and (cutis, SKOS.narrower, child) in skos
    assert (cutis, SKOS.prefLabel, Literal("calcinosis cutis", lang="en")) in skos
    assert (cutis, SKOS.altLabel, Literal("cutaneous calcinosis", lang="en")) in skos
    assert skos.value(cutis, SKOS.definition) == owl.value(cutis, URIRef("http://purl.obolibrary.org/obo/IAO_0000115"))
    assert (cutis, SKOS.exactMatch, URIRef("http://purl.bioontology.org/ontology/ICD10CM/L94.2")) in skos
    assert (None, SKOS.hasTopConcept, cutis) in skos


def test_terms_tsv_loads_back_into_the_same_terms(tmp_path: Path) -> None:
    exported = read_terms(EXPORTS / "calco-terms.tsv", problems := [])
    assert problems == []
    def normal(terms: object) -> list[dict[str, object]]:
        """Line numbers dropped; multi-valued cells compared as sets (RDF keeps no order)."""
        return sorted(
            ({k: (tuple(sorted(v)) if isinstance(v, tuple) else v) for k, v in t.__dict__.items() if k != "line"} for t in terms),  # type: ignore[attr-defined]
            key=lambda d: str(d["id"]),
        )

    assert normal(exported) == normal(load_source(ROOT / "ontology").terms)


def test_framed_terms_expand_to_triples_of_the_full_graph() -> None:
    from pyld import jsonld

    document = json.loads((EXPORTS / "calco-terms.jsonld").read_text(encoding="utf-8"))
    cutis = next(t for t in document["@graph"] if t["id"] == "CALCO:0000001")
    assert cutis["label"] == "calcinosis cutis" and "UBERON:0002097" in cutis["affectsOrgan"] and "MAXO:0000447" in cutis["treatedBy"]
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    framed = Graph().parse(data=nquads, format="nquads")
    whole = main_graph() + Graph().parse(EXPORTS / "calco-relations.ttl", format="turtle")
    missing = [t for t in framed if t not in whole]
    assert len(framed) > 100 and not missing, missing[:5]


def test_installed_wheel_offers_artefact_graph_and_ontology(tmp_path: Path) -> None:
    wheels, target, checkout = tmp_path / "wheels", tmp_path / "site", tmp_path / "checkout"
    # A clean copy: a stale build/ in the working tree would hide packages missing from pyproject.toml.
    shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns("build", "dist", ".venv", ".git", "*.egg-info", "__pycache__", "site"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(checkout)], check=True, capture_output=True)
    wheel = next(wheels.glob("calco-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)], check=True, capture_output=True)
    code = (
        "import calco, sys; "
        "path = calco.artefact('calco.owl'); "
        f"assert str(path).startswith({str(target)!r}), path; "
        "g = calco.graph(); o = calco.ontology(); "
        "print(len(g), o.base_iri, calco.artefact('calco.obo').name)"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "calco.owl#" in completed.stdout and "calco.obo" in completed.stdout
    shipped = {p.parent.relative_to(target).as_posix().replace("/", ".") for p in target.glob("calco/**/__init__.py")}
    in_source = {p.parent.relative_to(ROOT / "src").as_posix().replace("/", ".") for p in (ROOT / "src").glob("calco/**/__init__.py")}
    assert in_source <= shipped, f"packages missing from the wheel (add them to pyproject.toml): {in_source - shipped}"
