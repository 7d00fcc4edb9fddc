"""``calco validate`` treats files as hostile (notes/security-hazards.md): nothing is fetched,
bombs and over-deep nesting are refused quickly with a clear error, one test per hazard."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from calco.errors import UnusableInputError
from calco.validate.check import check_file
from calco.validate.ingest import parse_untrusted, read_untrusted
from tests.conftest import ROOT, run_calco

SHAPES = ROOT / "shapes"


class LoggingServer:
    """A real HTTP server on 127.0.0.1 that records every path it is asked for."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        log = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                log.append(self.path)
                body = b'{"@context": {"name": "http://schema.org/name"}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoggingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[LoggingServer]:
    with LoggingServer() as running:
        yield running


def lol_bomb(depth: int) -> str:
    entities = ['<!ENTITY e0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY e{i} "{("&e" + str(i - 1) + ";") * 10}">' for i in range(1, depth + 1)]
    return (
        f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [{"".join(entities)}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
        f'<rdf:Description rdf:about="http://example.org/a"><rdfs:label>&e{depth};</rdfs:label></rdf:Description></rdf:RDF>'
    )


# R1: JSON-LD remote contexts (http, file:, bare path, @import, scoped) are refused, never fetched.
@pytest.mark.parametrize("where", ["http", "file", "path", "import", "scoped"])
def test_r1_jsonld_remote_context_refused(server: LoggingServer, tmp_path: Path, where: str) -> None:
    secret = tmp_path / "secret.jsonld"
    secret.write_text(json.dumps({"@context": {"x": "http://example.org/secret"}}))
    remote = {"http": f"{server.url}/ctx.jsonld", "file": secret.as_uri(), "path": str(secret)}
    if where in remote:
        document: dict[str, object] = {"@context": remote[where], "@id": "http://example.org/a", "x": "1"}
    elif where == "import":
        document = {"@context": {"@version": 1.1, "@import": f"{server.url}/ctx.jsonld"}, "@id": "http://example.org/a"}
    else:
        document = {"@context": {"p": {"@id": "http://example.org/p", "@context": f"{server.url}/scoped.jsonld"}}, "@id": "http://example.org/a"}
    path = tmp_path / "doc.jsonld"
    path.write_text(json.dumps(document))
    with pytest.raises(UnusableInputError, match="remote contexts are never fetched"):
        read_untrusted(path)
    assert server.requests == []


def test_r1_inline_context_still_parses(tmp_path: Path) -> None:
    path = tmp_path / "inline.jsonld"
    path.write_text(json.dumps({"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"}, "@id": "http://example.org/a", "label": "a"}))
    assert len(read_untrusted(path)) == 1


# R6 and R9: entity-expansion bombs are refused before any parser expands them (fast).
@pytest.mark.parametrize("depth", [7, 10])
def test_r6_r9_entity_bomb_refused_fast(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "bomb.owl"
    path.write_text(lol_bomb(depth))
    start = time.perf_counter()
    with pytest.raises(UnusableInputError, match="DOCTYPE or ENTITY"):
        read_untrusted(path)
    assert time.perf_counter() - start < 1.0


# R7: many character references are parsed in linear time (pyoxigraph), and size is capped.
def test_r7_character_references_linear_and_size_capped(tmp_path: Path) -> None:
    literal = "&#65;" * 400_000
    path = tmp_path / "charrefs.owl"
    path.write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
        f'<rdf:Description rdf:about="http://example.org/a"><rdfs:label>{literal}</rdfs:label></rdf:Description></rdf:RDF>'
    )
    start = time.perf_counter()
    assert len(read_untrusted(path)) == 1
    assert time.perf_counter() - start < 3.0, "2 MB of character references must not take quadratic time"
    with pytest.raises(UnusableInputError, match="over the 1000000-byte limit"):
        read_untrusted(path, max_bytes=1_000_000)


# R8: external entities (XXE) are refused outright rather than silently dropped or expanded.
def test_r8_external_entity_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    path = tmp_path / "xxe.owl"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
        '<rdf:Description rdf:about="http://example.org/a"><rdfs:label>A&xxe;B</rdfs:label></rdf:Description></rdf:RDF>'
    )
    with pytest.raises(UnusableInputError, match="DOCTYPE or ENTITY"):
        read_untrusted(path)


# R13 and O1: owl:imports (http and file:) are followed neither by the SHACL engines nor by the reasoner.
@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_r13_o1_owl_imports_not_followed(server: LoggingServer, tmp_path: Path, engine: str) -> None:
    secret = tmp_path / "secret.nt"
    secret.write_text('<http://example.org/Secret> <http://www.w3.org/2000/01/rdf-schema#label> "SECRET" .\n')
    path = tmp_path / "imports.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<http://example.org/onto> a owl:Ontology ; owl:imports <{server.url}/imported.owl> , <{secret.as_uri()}> .\n"
        "<http://example.org/A> a owl:Class .\n"
    )
    outcome = check_file(path, SHAPES, reason=True, engine=engine)  # type: ignore[arg-type]
    assert server.requests == []
    assert outcome.report.reasoning is not None and outcome.report.reasoning.consistent
    assert "SECRET" not in outcome.text


# O2: an owlready2 python_module annotation is stripped before owlready2 loads the graph.
def test_o2_owlready_python_module_not_imported(tmp_path: Path) -> None:
    path = tmp_path / "module.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix ore: <http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#> .\n"
        '<http://example.org/onto> a owl:Ontology ; ore:python_module "this" .\n'
    )
    completed = run_calco("validate", path)
    assert "Zen of Python" not in completed.stdout + completed.stderr
    assert completed.returncode in (0, 1)


# S6: over-deep nesting is refused (JSON) or parsed without recursion (Turtle, via pyoxigraph).
def test_s6_deep_json_nesting_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id": "http://example.org/a", "http://example.org/p": ' * 300 + '"x"' + "}" * 300)
    with pytest.raises(UnusableInputError, match="nested"):
        read_untrusted(path)


def test_s6_deep_turtle_nesting_parses_without_recursion_error() -> None:
    depth = 5_000
    data = ("<http://example.org/a> " + "<http://example.org/p> [ " * depth + '<http://example.org/p> "x"' + " ]" * depth + " .").encode()
    assert len(parse_untrusted(data, ox.RdfFormat.TURTLE)) == depth + 1


def test_validate_cli_reports_hostile_input_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bomb.owl"
    path.write_text(lol_bomb(10))
    completed = run_calco("validate", path)
    assert completed.returncode == 2
    assert "bomb.owl" in completed.stderr and "DOCTYPE" in completed.stderr
