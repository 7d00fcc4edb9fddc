"""Every release file read by independent clients CALCO's code never touches (issue 19).

* OWL API (Debian's libowlapi-java 5.1.20, what Protege and ROBOT use), through the small Java
  program ``tests/clients/OwlApiCheck.java`` compiled here with the system JDK: every OWL file
  and the OBO file is OWL 2 DL with zero profile violations and every entity declared, and every
  serialisation of one ontology gives the same logical axioms;
* raptor (``rapper``), N3.js and jsonld.js (npm, ``tests/clients/package.json``): the same number
  of distinct triples as rdflib;
* py-horned-owl: reads the RDF/XML editions' annotations as annotations (no data- or
  object-property assertions), exactly as many as OWL API;
* fastobo and pronto: ``calco.obo`` parses and pronto sees every term.

The files come from ``calco.export.EXPORTS``, by format, so a release file added there is
checked with no change here. A client that cannot be installed makes its tests skip and say so;
under ``.ci/run`` (``CALCO_CI=1``) that is a failure instead, since CI installs them all.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from calco.export import EXPORTS
from calco.prefixes import compress
from tests.conftest import ROOT
from tests.hostile.corpus import OBO_SPECIAL, OBO_SPECIAL_LABEL
from tests.hostile.edit import write_obo_special

EXPORTS_DIR = ROOT / "exports"
CLIENTS = ROOT / "tests" / "clients"
JAVA_DIR = Path("/usr/share/java")

#: The OWL API release these tests (and the client bugs noted below) were checked against.
OWLAPI_VERSION = "5.1.20"
#: The OWL API distribution jar and the Debian jars it needs at run time (libowlapi-java's
#: dependencies, plus jsonld-java, which OWL API needs for JSON-LD but the package does not pull in).
OWLAPI_JARS = (
    "owlapi-distribution", "guava", "caffeine", "commons-codec", "commons-io", "commons-logging", "commons-rdf-api",
    "hppcrt", "jackson-annotations", "jackson-core", "jackson-databind", "jsr305", "atinject-jsr330-api", "httpclient",
    "httpclient-cache", "httpcore", "slf4j-api", "slf4j-nop", "xz", "jsonld-java", "rdf4j-model-api", "rdf4j-model",
    "rdf4j-model-vocabulary", "rdf4j-rio-api", "rdf4j-rio-datatypes", "rdf4j-rio-languages", "rdf4j-rio-jsonld",
    "rdf4j-rio-turtle", "rdf4j-rio-rdfxml", "rdf4j-rio-ntriples", "rdf4j-util",
)  # fmt: skip

RDFLIB_FORMATS = {ox.RdfFormat.TURTLE: "turtle", ox.RdfFormat.RDF_XML: "xml", ox.RdfFormat.JSON_LD: "json-ld"}
RDF_EXPORTS = {e.name: e.rdf_format for e in EXPORTS if e.rdf_format is not None}
OBO_EXPORTS = [e.name for e in EXPORTS if e.name.endswith(".obo")]


_TYPE, _ONTOLOGY = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(OWL.Ontology))


def _ontology_iris(name: str) -> list[str]:
    """The owl:Ontology IRIs a release file declares (pyoxigraph: fast, and strict)."""
    triples = ox.parse(path=EXPORTS_DIR / name, format=RDF_EXPORTS[name])
    return [t.subject.value for t in triples if t.predicate == _TYPE and t.object == _ONTOLOGY and isinstance(t.subject, ox.NamedNode)]


#: RDF release files that are OWL ontologies (the relation graph, SKOS and framed views are not).
OWL_EXPORTS = [name for name in RDF_EXPORTS if _ontology_iris(name)]


def unavailable(reason: str) -> None:
    """Skip, saying why; under CI (which installs every client) fail instead."""
    if os.environ.get("CALCO_CI"):
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


def rdflib_count(name: str) -> int:
    return len(Graph().parse(EXPORTS_DIR / name, format=RDFLIB_FORMATS[RDF_EXPORTS[name]]))


# --- OWL API ------------------------------------------------------------------------------------


@dataclass
class OwlApiReading:
    """What OwlApiCheck printed for one file."""

    format: str = ""
    error: str = ""
    violations: list[str] = field(default_factory=list)
    undeclared: list[str] = field(default_factory=list)
    axioms: set[str] = field(default_factory=set)
    annotations: set[tuple[str, str, str]] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)


def parse_owlapi_output(text: str) -> dict[str, OwlApiReading]:
    readings: dict[str, OwlApiReading] = {}
    current = OwlApiReading()
    for line in text.splitlines():
        kind, _, value = line.partition("\t")
        if kind == "file":
            current = readings.setdefault(Path(value).name, OwlApiReading())
        elif kind == "format":
            current.format = value
        elif kind == "error":
            current.error = value
        elif kind == "violation":
            current.violations.append(value)
        elif kind == "undeclared":
            current.undeclared.append(value)
        elif kind == "axiom":
            current.axioms.add(value)
        elif kind == "annotation":
            subject, prop, text = value.split("\t", 2)
            current.annotations.add((subject, prop, text))
        elif kind == "count":
            axiom_type, _, number = value.partition("\t")
            current.counts[axiom_type] = int(number)
    return readings


@pytest.fixture(scope="session")
def owlapi_classpath(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Compile OwlApiCheck.java against Debian's OWL API; return the class path to run it with."""
    jars = [JAVA_DIR / f"{name}.jar" for name in OWLAPI_JARS]
    missing = [j.name for j in jars if not j.is_file()]
    if missing:
        unavailable(f"OWL API jars not installed ({', '.join(missing[:4])}...): apt-get install libowlapi-java libjsonld-java")
    if shutil.which("javac") is None or shutil.which("java") is None:
        unavailable("no JDK (javac) on PATH: apt-get install default-jdk-headless")
    with zipfile.ZipFile(jars[0]) as jar:
        manifest = jar.read("META-INF/MANIFEST.MF").decode("utf-8")
    version = re.search(r"^Bundle-Version: (\S+)", manifest, re.M)
    assert version is not None and version[1] == OWLAPI_VERSION, (
        f"OWL API {version[1] if version else '?'} installed; these tests pin {OWLAPI_VERSION}: re-check the client-bug notes in this file, then update OWLAPI_VERSION"
    )
    out = tmp_path_factory.mktemp("owlapi")
    classpath = ":".join(str(j) for j in jars)
    subprocess.run(["javac", "-cp", classpath, "-d", str(out), str(CLIENTS / "OwlApiCheck.java")], check=True, capture_output=True, timeout=300)
    return f"{classpath}:{out}"


def run_owlapi(classpath: str, *args: str) -> dict[str, OwlApiReading]:
    completed = subprocess.run(["java", "-cp", classpath, "OwlApiCheck", *args], capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return parse_owlapi_output(completed.stdout)


@pytest.fixture(scope="session")
def owlapi(owlapi_classpath: str) -> dict[str, OwlApiReading]:
    """OWL API's reading of every OWL release file and the OBO file (one JVM for all)."""
    return run_owlapi(owlapi_classpath, *(str(EXPORTS_DIR / name) for name in [*OWL_EXPORTS, *OBO_EXPORTS]))


def test_owl_exports_include_every_edition() -> None:
    """The selection by owl:Ontology finds the OWL files (so a test over none cannot pass silently)."""
    assert {"calco.owl", "calco.ttl", "calco.jsonld", "calco-base.owl", "calco-full.owl"} <= set(OWL_EXPORTS)
    assert OBO_EXPORTS == ["calco.obo"]


@pytest.mark.parametrize("name", [*OWL_EXPORTS, *OBO_EXPORTS])
def test_owlapi_reads_every_release_file_as_owl2_dl_with_every_entity_declared(owlapi: dict[str, OwlApiReading], name: str) -> None:
    reading = owlapi[name]
    assert not reading.error, reading.error
    assert reading.violations == [], f"{len(reading.violations)} OWL 2 DL profile violations, first: {reading.violations[:3]}"
    assert reading.undeclared == [], reading.undeclared[:10]
    assert reading.axioms, "OWL API found no logical axioms"
    # Definitions, synonyms and xrefs are annotations, never data-property assertions.
    assert reading.counts.get("AnnotationAssertion", 0) > 0
    assert reading.counts.get("DataPropertyAssertion", 0) == 0


def test_owlapi_reads_the_same_logical_axioms_from_every_serialisation(owlapi: dict[str, OwlApiReading]) -> None:
    by_ontology: dict[str, list[str]] = {}
    for name in OWL_EXPORTS:
        by_ontology.setdefault(_ontology_iris(name)[0], []).append(name)
    main = by_ontology["http://purl.obolibrary.org/obo/calco.owl"]
    assert {"calco.owl", "calco.ttl", "calco.jsonld"} <= set(main)
    for names in by_ontology.values():
        first = owlapi[names[0]].axioms
        for other in names[1:]:
            assert owlapi[other].axioms == first, f"{names[0]} and {other} differ: {sorted(first ^ owlapi[other].axioms)[:5]}"
    axioms = owlapi["calco.owl"].axioms
    assert owlapi["calco-base.owl"].axioms <= axioms, "the base edition asserts only CALCO's own axioms"
    assert axioms <= owlapi["calco-full.owl"].axioms, "the full edition keeps every axiom and adds the inferred ones"


def test_owlapi_reads_the_obo_file_as_a_subset_of_the_owl_axioms(owlapi: dict[str, OwlApiReading]) -> None:
    """OBO cannot say ``R some (A or B)`` or ``sub-property of inverse(R)``, and calco.obo holds
    terms, not the bibliographic individuals describing the article (``bibo:Document``); every
    other axiom survives, unchanged."""
    obo = owlapi["calco.obo"].axioms
    assert obo <= owlapi["calco.owl"].axioms, sorted(obo - owlapi["calco.owl"].axioms)[:5]
    missing = owlapi["calco.owl"].axioms - obo
    inexpressible = ("ObjectUnionOf(", "ObjectInverseOf(", "ClassAssertion(<http://purl.org/ontology/bibo/Document> ")
    assert all(any(e in axiom for e in inexpressible) for axiom in missing), sorted(a for a in missing if not any(e in a for e in inexpressible))[:5]


TEXT_PROPERTIES = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://purl.obolibrary.org/obo/IAO_0000115",
    "http://www.geneontology.org/formats/oboInOwl#hasExactSynonym",
}


def test_owlapi_reads_obo_special_characters_as_the_owl_file_has_them(
    owlapi_classpath: str, project: Path, calco: Callable[..., Result]
) -> None:
    """OBO's escapes (``\\{ \\} \\! \\\\``, ``\\"``) read back by a second OBO parser, OWL API's,
    give the same names, comments, definitions and synonyms as calco.owl."""
    write_obo_special(project, OBO_SPECIAL_LABEL, OBO_SPECIAL)
    result = calco("build", "--project", project)
    assert result.exit_code == 0, result.output
    readings = run_owlapi(owlapi_classpath, str(project / "exports" / "calco.owl"), str(project / "exports" / "calco.obo"))

    def texts(name: str) -> set[tuple[str, str, str]]:
        return {a for a in readings[name].annotations if a[1] in TEXT_PROPERTIES and a[0].startswith("http://purl.obolibrary.org/obo/CALCO_")}

    assert texts("calco.obo") == texts("calco.owl"), sorted(texts("calco.obo") ^ texts("calco.owl"))[:4]
    assert ("http://purl.obolibrary.org/obo/CALCO_0000002", "http://www.w3.org/2000/01/rdf-schema#comment", OBO_SPECIAL["comment"]) in texts("calco.obo")


TRIVIAL_RESTRICTION = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/o> a owl:Ontology .
<http://example.org/C> a owl:Class . <http://example.org/D> a owl:Class . <http://example.org/p> a owl:ObjectProperty .
<http://example.org/C> rdfs:subClassOf [ a owl:Restriction ; owl:onProperty <http://example.org/p> ; owl:someValuesFrom <http://example.org/D> ] .
"""


def test_owlapi_strict_mode_is_owlapi_s_own_bug(owlapi_classpath: str, tmp_path: Path) -> None:
    """Why the check parses in OWL API's default mode: OWL API 5.1.20's strict mode drops
    ``C SubClassOf p some D`` from this five-line, fully declared, correct file (its bug, not the file's;
    it drops CALCO's restrictions the same way). The DL profile check above is the strict test.
    When this fails, the installed OWL API has fixed it: switch OwlApiCheck to strict mode."""
    path = tmp_path / "trivial.ttl"
    path.write_text(TRIVIAL_RESTRICTION, encoding="utf-8")
    lax = run_owlapi(owlapi_classpath, str(path))["trivial.ttl"]
    strict = run_owlapi(owlapi_classpath, "--strict", str(path))["trivial.ttl"]
    assert lax.axioms == {"SubClassOf(<http://example.org/C> ObjectSomeValuesFrom(<http://example.org/p> <http://example.org/D>))"}
    assert strict.axioms == set(), "OWL API strict mode now keeps the restriction: use it in OwlApiCheck"


@pytest.mark.parametrize("name", [n for n in OWL_EXPORTS if RDF_EXPORTS[n] == ox.RdfFormat.RDF_XML])
def test_py_horned_owl_reads_annotations_as_annotations_like_owlapi(owlapi: dict[str, OwlApiReading], name: str) -> None:
    """With an entity undeclared, py-horned-owl guesses: it read 49 of calco-base.owl's definitions,
    synonyms and xrefs as data-property assertions where OWL API read annotations."""
    import pyhornedowl

    ontology = pyhornedowl.open_ontology(str(EXPORTS_DIR / name))
    kinds: dict[str, int] = {}
    for component in ontology.get_components():
        kind = type(component.component).__name__
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds.get("DataPropertyAssertion", 0) == 0 and kinds.get("ObjectPropertyAssertion", 0) == 0, kinds
    assert kinds.get("AnnotationAssertion", 0) == owlapi[name].counts.get("AnnotationAssertion", 0)
    assert kinds.get("SubClassOf", 0) == owlapi[name].counts.get("SubClassOf", 0)


# --- raptor, N3.js, jsonld.js -----------------------------------------------------------------------


RAPTOR_SYNTAX = {ox.RdfFormat.TURTLE: "turtle", ox.RdfFormat.RDF_XML: "rdfxml"}


@pytest.mark.parametrize("name", [n for n, f in RDF_EXPORTS.items() if f in RAPTOR_SYNTAX])
def test_raptor_counts_the_triples_rdflib_reads(name: str) -> None:
    if shutil.which("rapper") is None:
        unavailable("raptor's rapper not installed: apt-get install raptor2-utils")
    path = EXPORTS_DIR / name
    completed = subprocess.run(
        ["rapper", "-i", RAPTOR_SYNTAX[RDF_EXPORTS[name]], "-c", str(path), path.as_uri()], capture_output=True, text=True, timeout=300, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "Error" not in completed.stderr and "Warning" not in completed.stderr, completed.stderr
    count = re.search(r"Parsing returned (\d+) triples", completed.stderr)
    assert count is not None, completed.stderr
    assert int(count[1]) == rdflib_count(name)


@pytest.fixture(scope="session")
def node_clients() -> Path:
    """``tests/clients`` with N3.js and jsonld.js installed from the committed lock file."""
    if shutil.which("node") is None:
        unavailable("Node.js not installed: apt-get install nodejs npm")
    if not (CLIENTS / "node_modules" / "n3").is_dir() or not (CLIENTS / "node_modules" / "jsonld").is_dir():
        if shutil.which("npm") is None:
            unavailable("npm not installed: apt-get install npm")
        installed = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=CLIENTS, capture_output=True, text=True, timeout=600, check=False)
        if installed.returncode != 0:
            unavailable(f"npm ci in tests/clients failed: {installed.stderr[-500:]}")
    return CLIENTS


JS_CLIENT = {ox.RdfFormat.TURTLE: "turtle", ox.RdfFormat.JSON_LD: "jsonld"}


@pytest.mark.parametrize("name", [n for n, f in RDF_EXPORTS.items() if f in JS_CLIENT])
def test_n3js_and_jsonldjs_count_the_triples_rdflib_reads(node_clients: Path, name: str) -> None:
    completed = subprocess.run(
        ["node", str(node_clients / "count-triples.mjs"), JS_CLIENT[RDF_EXPORTS[name]], str(EXPORTS_DIR / name)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert int(completed.stdout.strip()) == rdflib_count(name)


# --- fastobo, pronto ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", OBO_EXPORTS)
def test_fastobo_parses_and_pronto_sees_every_term(name: str) -> None:
    import fastobo
    import pronto

    path = EXPORTS_DIR / name
    document = fastobo.loads(path.read_text(encoding="utf-8"))
    frames = {str(frame.id) for frame in document if isinstance(frame, fastobo.term.TermFrame)}
    owl = Graph().parse(EXPORTS_DIR / "calco.ttl", format="turtle")
    classes = {compress(str(c)) for c in owl.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    expected = {c for c in classes if not c.startswith("http")}
    assert frames == expected, sorted(frames ^ expected)[:10]
    ontology = pronto.Ontology(str(path))
    assert {t.id for t in ontology.terms()} == frames
    # Every term named in the OWL has its name; a few upstream terms have none in the files the
    # import modules come from (ontology/imports/README.md lists them), and OBO does not invent one.
    labelled = {compress(str(c)) for c in owl.subjects(RDFS.label, None) if isinstance(c, URIRef)}
    assert {t for t in frames if ontology[t].name} == frames & labelled, "every labelled term has its name"
    assert all(t in labelled for t in frames if t.startswith("CALCO:")), "every CALCO term is labelled"
