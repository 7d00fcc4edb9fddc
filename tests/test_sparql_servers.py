"""``calco serve`` and ``calco publish`` against real servers on 127.0.0.1 (Oxigraph, and Virtuoso where installed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

import pyoxigraph as ox
import pytest

from calco.errors import CalcoError
from calco.publish import release_payload
from calco.serve import Backend, free_port
from tests.conftest import ROOT, run_calco
from tests.servers import (
    count_in_graph,
    oxigraph_server,
    sparql_json,
    virtuoso_available,
    virtuoso_server,
)

GRAPH = "http://example.org/graphs/calco"
#: Four chained any-property paths: far more than the 2 s limit allows; oxigraph stops it itself.
PATHOLOGICAL = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a (<http://x/p>|!<http://x/p>)* ?b . "
    "?b (<http://x/p>|!<http://x/p>)* ?c . ?c (<http://x/p>|!<http://x/p>)* ?d . ?d (<http://x/p>|!<http://x/p>)* ?e }"
)

#: A COUNT over a plain cross product: oxigraph's --timeout-s never stops it, so calco serve must
#: restart the server (otherwise one request holds a core for as long as the server runs).
UNSTOPPABLE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def oxigraph_children(pid: int) -> list[int]:
    """Process ids of the oxigraph servers that process ``pid`` started (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            command = fields[0].split("(", 1)[1]
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[1].split()[1]) == pid and command == "oxigraph":
            found.append(int(stat.parent.name))
    return found


def http(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def keep_alive_answers_stay_paired(port: int) -> None:
    """On one keep-alive client connection (the proxy reuses one backend connection for it), each answer
    belongs to its own query, also after a query the backend cut off at its time limit."""
    queries = ["SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> }", "ASK { ?s ?p ?o }"]
    answers: dict[str, object] = {}
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    for round_ in range(3):
        for query in [*queries, PATHOLOGICAL] if round_ == 1 else queries:
            connection.request("POST", "/query", body=query.encode(), headers=headers)
            response = connection.getresponse()
            body = response.read()
            if query == PATHOLOGICAL:
                assert response.status == 503
                continue
            assert response.status == 200 and not response.will_close
            assert json.loads(body) == answers.setdefault(query, json.loads(body)), f"answer {round_} to {query} differs"
    assert answers["ASK { ?s ?p ?o }"] == {"head": {}, "boolean": True}
    assert int(answers[queries[0]]["results"]["bindings"][0]["n"]["value"]) > 50  # type: ignore[index]
    connection.close()


def test_calco_serve_answers_limits_refuses_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    env = dict(os.environ, TMPDIR=str(tmp_path))
    process = subprocess.Popen(
        [sys.executable, "-m", "calco", "serve", "--port", str(port), "--timeout", "2"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert f"http://127.0.0.1:{port}/query" in line, line
        url = f"http://127.0.0.1:{port}/query"
        forms = sparql_json(url, "SELECT ?f WHERE { ?f <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://purl.obolibrary.org/obo/CALCO_0000001> }")
        assert len(forms["results"]["bindings"]) == 5  # type: ignore[index]
        direct = sparql_json(url, "SELECT ?c WHERE { <http://purl.obolibrary.org/obo/CALCO_0000002> <http://purl.obolibrary.org/obo/calco#caused_by> ?c }")
        assert {b["c"]["value"] for b in direct["results"]["bindings"]} == {"http://purl.obolibrary.org/obo/MONDO_0005557"}  # type: ignore[index]
        start = time.monotonic()
        status, body = http("POST", url, urllib.parse.urlencode({"query": PATHOLOGICAL}).encode(), {"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
        assert status == 503 and b"time limit" in body
        assert time.monotonic() - start < 10
        [first_backend] = oxigraph_children(process.pid)
        start = time.monotonic()
        status, body = http("POST", url, UNSTOPPABLE.encode(), {"Accept": "application/sparql-results+json", "Content-Type": "application/sparql-query"})
        assert status == 503 and b"time limit" in body, body
        assert time.monotonic() - start < 15
        assert first_backend not in oxigraph_children(process.pid), "the server stuck in the query was stopped"
        assert len(oxigraph_children(process.pid)) == 1, "and one new server answers in its place"
        assert len(sparql_json(url, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2")["results"]["bindings"]) == 2  # type: ignore[index]
        [crashed] = oxigraph_children(process.pid)
        os.kill(crashed, signal.SIGKILL)  # a server that dies (crash, OOM killer) is replaced on the next query
        assert len(sparql_json(url, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2")["results"]["bindings"]) == 2  # type: ignore[index]
        assert crashed not in oxigraph_children(process.pid) and len(oxigraph_children(process.pid)) == 1
        assert http("POST", f"http://127.0.0.1:{port}/update", b"update=DROP%20ALL", {"Content-Type": "application/x-www-form-urlencoded"})[0] == 405
        assert http("PUT", f"http://127.0.0.1:{port}/store?default", b"<a:b> <a:c> <a:d> .", {"Content-Type": "application/n-triples"})[0] == 405
        service = urllib.parse.urlencode({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}).encode()
        assert http("POST", url, service, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 400
        assert len(sparql_json(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")["results"]["bindings"]) == 3  # type: ignore[index]
        keep_alive_answers_stay_paired(port)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
    assert process.returncode == 0
    assert list(tmp_path.iterdir()) == [], "the temporary store is removed on shutdown"


def test_a_server_that_cannot_start_is_reported_and_not_left_running(tmp_path: Path) -> None:
    (tmp_path / "store").write_text("not an oxigraph store")
    backend = Backend(tmp_path / "store", timeout_s=2)
    with pytest.raises(CalcoError) as error:
        backend.start()
    message = str(error.value)
    assert "the oxigraph server exited" in message and "Not a directory" in message, message
    assert "Stack backtrace" not in message
    assert backend.log.is_file(), "the server's output went to its log file, not an unread pipe"
    assert oxigraph_children(os.getpid()) == []


def test_publish_to_oxigraph_replaces_the_graph(tmp_path: Path) -> None:
    _, expected = release_payload(ROOT / "exports")
    with oxigraph_server(tmp_path / "store") as base:
        status, _ = http("PUT", f"{base}/store?graph={urllib.parse.quote(GRAPH, safe='')}", b"<http://example.org/old> <http://example.org/p> <http://example.org/o> .", {"Content-Type": "application/n-triples"})
        assert status in (200, 201, 204)
        completed = run_calco("publish", "--endpoint", f"{base}/store", "--graph", GRAPH)
        assert completed.returncode == 0, completed.stderr
        assert count_in_graph(f"{base}/query", GRAPH) == expected
        graphs = sparql_json(f"{base}/query", "SELECT ?g WHERE { GRAPH ?g { } }")
        assert [b["g"]["value"] for b in graphs["results"]["bindings"]] == [GRAPH], "the staging graph is gone"  # type: ignore[index]


def test_failing_upload_leaves_the_previous_graph_intact(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    store.add(ox.Quad(ox.NamedNode("http://example.org/old"), ox.NamedNode("http://example.org/p"), ox.Literal("previous release"), ox.NamedNode(GRAPH)))
    store.flush()
    del store
    with oxigraph_server(tmp_path / "store", read_only=True) as base:
        completed = run_calco("publish", "--endpoint", f"{base}/store", "--graph", GRAPH)
        assert completed.returncode == 1
        assert "upload to the staging graph failed: HTTP" in completed.stderr
        assert "the target graph was not changed" in completed.stderr
        assert count_in_graph(f"{base}/query", GRAPH) == 1


def test_invalid_release_is_not_sent(tmp_path: Path, project: Path) -> None:
    (project / "exports" / "calco.ttl").write_text("<http://example.org/a> <http://example.org/b> .")
    with oxigraph_server(tmp_path / "store") as base:
        completed = run_calco("publish", "--project", project, "--endpoint", f"{base}/store", "--graph", GRAPH)
        assert completed.returncode == 1 and "nothing was sent" in completed.stderr
        assert count_in_graph(f"{base}/query", GRAPH) == 0


def test_unreachable_endpoint_is_a_clear_error() -> None:
    completed = run_calco("publish", "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--graph", GRAPH)
    assert completed.returncode == 1 and "cannot reach" in completed.stderr


@pytest.mark.skipif(not virtuoso_available(), reason="Virtuoso is not installed (Debian package virtuoso-opensource); .ci/run installs it")
def test_publish_to_virtuoso_with_digest_auth_and_failed_upload(tmp_path: Path) -> None:
    _, expected = release_payload(ROOT / "exports")
    with virtuoso_server(tmp_path) as base:
        endpoint = f"{base}/sparql-graph-crud-auth"
        completed = run_calco("publish", "--endpoint", endpoint, "--graph", GRAPH, "--user", "dba", "--password", "dba")
        assert completed.returncode == 0, completed.stderr
        assert count_in_graph(f"{base}/sparql", GRAPH) == expected
        assert count_in_graph(f"{base}/sparql", GRAPH + "/staging") == 0
        refused = run_calco("publish", "--endpoint", endpoint, "--graph", GRAPH, "--user", "dba", "--password", "wrong")
        assert refused.returncode == 1 and "HTTP 401" in refused.stderr
        assert count_in_graph(f"{base}/sparql", GRAPH) == expected, "a refused upload leaves the previous graph intact"
