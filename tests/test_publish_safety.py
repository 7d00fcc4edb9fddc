"""``calco publish`` touches only its target graph, against a real Oxigraph server on 127.0.0.1.

A small forwarding proxy (a real HTTP server in this process) sits between calco and Oxigraph
where a test needs to control the interleaving: it holds both publishes at their final MOVE until
both have staged and verified (the worst case for two publishes at once), drops the connection
during the read-back, or holds the read-back while the test sends SIGTERM.
"""

from __future__ import annotations

import http.client
import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from calco.publish import release_payload
from tests.conftest import ROOT, run_calco
from tests.servers import count_in_graph, oxigraph_server, sparql_json

GRAPH = "http://example.org/graphs/calco"
OLD = b"<http://example.org/old> <http://example.org/p> <http://example.org/o> .\n"


def graph_url(base: str, graph: str) -> str:
    return f"{base}/store?graph={urllib.parse.quote(graph, safe='')}"


def put(base: str, graph: str, data: bytes) -> None:
    request = urllib.request.Request(graph_url(base, graph), data=data, method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(request, timeout=30).close()


def graph_names(base: str) -> list[str]:
    found = sparql_json(f"{base}/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return sorted(b["g"]["value"] for b in found["results"]["bindings"])  # type: ignore[index]


def graph_content(base: str, graph: str) -> Graph:
    request = urllib.request.Request(graph_url(base, graph), headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return Graph().parse(data=response.read(), format="nt")


def the_release() -> Graph:
    data, _ = release_payload(ROOT / "exports")
    return Graph().parse(data=data, format="nt")


#: What the proxy does with a request: forward it, or drop the connection without an answer.
Decide = Callable[[str, str], str]


@contextmanager
def proxy(backend: str, decide: Decide) -> Iterator[str]:
    """A loopback HTTP proxy to ``backend`` that asks ``decide(method, path)`` before each request."""
    target = urllib.parse.urlsplit(backend)

    class Handler(http.server.BaseHTTPRequestHandler):
        def handle_any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if decide(self.command, self.path) == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
            upstream.close()
            self.send_response(answer.status)
            if answer.getheader("Content-Type"):
                self.send_header("Content-Type", answer.getheader("Content-Type", ""))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_POST = do_DELETE = handle_any  # noqa: N815 - http.server's naming

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def publish_process(endpoint: str, cache: Path | None = None) -> subprocess.Popen[str]:
    """``calco publish`` in its own process; ``cache`` gives it its own lock directory (as on another machine)."""
    env = dict(os.environ, **({"CALCO_CACHE_DIR": str(cache)} if cache else {}))
    return subprocess.Popen(
        [sys.executable, "-m", "calco", "publish", "--endpoint", endpoint, "--graph", GRAPH],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_graph_named_target_staging_is_untouched(tmp_path: Path) -> None:
    """The staging graph is a fresh urn:uuid IRI, never ``<target>/staging``, and it is gone afterwards."""
    neighbour = GRAPH + "/staging"
    with oxigraph_server(tmp_path / "store") as base:
        put(base, neighbour, OLD)
        completed = run_calco("publish", "--endpoint", f"{base}/store", "--graph", GRAPH)
        assert completed.returncode == 0, completed.stderr
        assert isomorphic(graph_content(base, GRAPH), the_release())
        assert set(graph_content(base, neighbour)) == set(Graph().parse(data=OLD, format="nt")), "a graph named <target>/staging is not ours to touch"
        assert graph_names(base) == sorted([GRAPH, neighbour]), "the staging graph was removed"


def test_two_publishes_at_once_from_one_machine_run_one_after_the_other(tmp_path: Path) -> None:
    """The first publish is held at its MOVE until the second says it waits; then both finish, in turn."""
    first_at_move, go_on = threading.Event(), threading.Event()
    log: list[tuple[str, str]] = []

    def decide(method: str, path: str) -> str:
        log.append((method, urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("graph", ["(update)"])[0]))
        if method == "POST" and path.startswith("/update") and not first_at_move.is_set():
            first_at_move.set()
            go_on.wait(timeout=300)
        return "forward"

    expected = len(the_release())
    with oxigraph_server(tmp_path / "store") as base, proxy(base, decide) as front:
        put(base, GRAPH, OLD)
        first = publish_process(f"{front}/store")
        try:
            assert first_at_move.wait(timeout=300), "the first publish never reached its MOVE"
            second = publish_process(f"{front}/store")
            assert second.stderr is not None
            assert "waiting for another calco publish" in second.stderr.readline()
        finally:
            go_on.set()
        results = [(p.wait(timeout=600), p.stderr.read() if p.stderr else "") for p in (first, second)]
        for code, stderr in results:
            assert code == 0, stderr
        assert count_in_graph(f"{base}/query", GRAPH) == expected
        assert isomorphic(graph_content(base, GRAPH), the_release()), "the target must equal the release"
        assert graph_names(base) == [GRAPH], "both staging graphs are gone"
    stagings = [graph for method, graph in log if method == "PUT"]
    assert len(set(stagings)) == 2 and all(g.startswith("urn:uuid:") for g in stagings)
    second_put = log.index(("PUT", stagings[1]))
    assert log.index(("POST", "(update)")) < second_put, "the second publish uploaded only after the first had moved"


def test_two_publishes_at_once_without_a_shared_lock_never_both_succeed_with_a_wrong_graph(tmp_path: Path) -> None:
    """Two machines (no shared lock dir), both MOVEs released together: whatever the store makes of that,
    a target that is not the release is reported by a failing publish."""
    both_staged = threading.Barrier(2, timeout=300)
    moves = [0]
    counting = threading.Lock()

    def decide(method: str, path: str) -> str:
        if method == "POST" and path.startswith("/update"):
            with counting:
                moves[0] += 1
                first_two = moves[0] <= 2
            if first_two:  # a repeated replacement (after a failed final check) passes straight through
                both_staged.wait()
        return "forward"

    release = the_release()
    with oxigraph_server(tmp_path / "store") as base, proxy(base, decide) as front:
        put(base, GRAPH, OLD)
        processes = [publish_process(f"{front}/store", cache=tmp_path / f"machine-{i}") for i in (1, 2)]
        results = [(p.wait(timeout=600), p.stderr.read() if p.stderr else "") for p in processes]
        target = graph_content(base, GRAPH)
        correct = len(target) == len(release) and isomorphic(target, release)
        if not correct:
            failed = [stderr for code, stderr in results if code != 0]
            assert failed, f"both publishes reported success but the target holds {len(target)} triples, not the release's {len(release)}"
            assert all("another writer replaced it at the same time" in stderr for stderr in failed), failed
        assert moves[0] >= 2
        for code, stderr in results:
            assert code == 0 or (stderr.count("\n") == 1 and "Traceback" not in stderr), stderr
        assert graph_names(base) == [GRAPH], "both staging graphs are gone"


def test_a_connection_dropped_during_the_read_back_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    def decide(method: str, path: str) -> str:
        return "drop" if method == "GET" and path.startswith("/store") else "forward"

    with oxigraph_server(tmp_path / "store") as base, proxy(base, decide) as front:
        put(base, GRAPH, OLD)
        completed = run_calco("publish", "--endpoint", f"{front}/store", "--graph", GRAPH)
        assert completed.returncode == 1
        lines = completed.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in completed.stderr, completed.stderr
        assert lines[0].startswith("publish failed: read back the staging graph failed: lost the connection to")
        assert lines[0].endswith("the target graph was not changed")
        assert count_in_graph(f"{base}/query", GRAPH) == 1
        assert graph_names(base) == [GRAPH], "the staging graph was removed after the failure"


def test_sigterm_during_publish_removes_the_staging_graph(tmp_path: Path) -> None:
    reading_back = threading.Event()
    release = threading.Event()

    def decide(method: str, path: str) -> str:
        if method == "GET" and path.startswith("/store"):
            reading_back.set()
            release.wait(timeout=300)
        return "forward"

    with oxigraph_server(tmp_path / "store") as base, proxy(base, decide) as front:
        put(base, GRAPH, OLD)
        publishing = publish_process(f"{front}/store")
        try:
            assert reading_back.wait(timeout=300), "the publish never reached the read-back"
            assert len(graph_names(base)) == 2, "the staging graph exists while the publish waits"
            publishing.send_signal(signal.SIGTERM)
            code = publishing.wait(timeout=300)
        finally:
            release.set()
        assert code == 128 + signal.SIGTERM
        assert "Traceback" not in (publishing.stderr.read() if publishing.stderr else "")
        assert graph_names(base) == [GRAPH], "the staging graph was removed on SIGTERM"
        assert count_in_graph(f"{base}/query", GRAPH) == 1
