"""``calco publish``: push the release into any SPARQL 1.1 Graph Store Protocol store, all or nothing.

1. validate locally: the release directory is one whole release (its manifest), every pushed file
   parses strictly, and the ontology passes the shapes;
2. upload to a staging graph with GSP PUT; its name is a fresh ``urn:uuid:`` IRI, so no one
   else's graph can be overwritten and two publishes never share one;
3. read the staging graph back and check it holds exactly the triples sent;
4. replace the target in one SPARQL update (``MOVE <staging> TO <target>``), which also removes
   the staging graph;
5. read the target back and check it holds exactly the release.

A failure before step 4 leaves the target graph as it was (some stores, Virtuoso among them, clear
a graph before a failing PUT has finished, hence the staging graph), and the staging graph is
deleted on every way out: an error, Ctrl-C, SIGTERM. Publishes from this machine to one target run
one at a time (a lock in the calco cache directory), because a store need not serialise two MOVEs
into one graph: Oxigraph, given two at once, keeps the blank nodes of both uploads. A concurrent
writer elsewhere is caught by step 5, which replaces the target once more and, if it is still not
the release, fails and says so. Any non-2xx status, refused or
lost connection is an error that says which step failed and what it changed. Credentials, when
given, are sent with Digest or Basic auth as the server asks.
"""

from __future__ import annotations

import fcntl
import hashlib
import http.client
import signal
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from calco.errors import CalcoError
from calco.export.manifest import verify_release
from calco.query import QUERY_FILES

TIMEOUT_S = 120
#: Replacements tried when the target read back after the MOVE is not the release (a concurrent writer).
ATTEMPTS = 2


class PublishError(CalcoError):
    """The store refused a step; the target graph was not changed."""


@dataclass(frozen=True)
class Published:
    """What was pushed where."""

    graph: str
    triples: int


def release_payload(exports: Path) -> tuple[bytes, int]:
    """The release as one N-Triples document (ontology plus relation graph), parsed strictly."""
    _, data, sent = _payload(exports)
    return data, len(sent)


def _payload(exports: Path) -> tuple[bytes, bytes, set[ox.Triple]]:
    """The checked bytes of the ontology file, the N-Triples to send, and its distinct triples."""
    for name in QUERY_FILES:
        if not (exports / name).is_file():
            raise CalcoError(f"{exports / name} not found; run `calco build` first")
    try:
        files = verify_release(exports, QUERY_FILES)
    except CalcoError as error:
        raise CalcoError(f"{error}; nothing was sent") from None
    triples: list[ox.Triple] = []
    for name in QUERY_FILES:
        try:
            triples += [q.triple for q in ox.parse(files[name], format=ox.RdfFormat.TURTLE)]
        except SyntaxError as error:
            raise CalcoError(f"{exports / name} does not parse, nothing was sent: {error}") from None
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return files[QUERY_FILES[0]], data, set(triples)


def update_endpoint_for(endpoint: str) -> str:
    """Guess the SPARQL update URL from a GSP URL (Oxigraph ``/store`` -> ``/update``; Virtuoso -> ``/sparql-auth``)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.path.endswith("/store"):
        path = parts.path[: -len("/store")] + "/update"
    elif "sparql-graph-crud" in parts.path:
        path = "/sparql-auth"
    else:
        raise CalcoError(f"cannot tell the update endpoint of {endpoint}; pass --update-endpoint")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def publish(
    exports: Path,
    shapes: Path,
    endpoint: str,
    graph: str,
    *,
    user: str | None = None,
    password: str | None = None,
    update_endpoint: str | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Published:
    """Validate, stage, verify, replace and verify again; raise :class:`PublishError` with the server's message on failure.

    ``on_wait`` is told when another publish to the same target on this machine must finish first.
    """
    from rdflib import Graph

    from calco.validate import format_report, load_shapes, run_shapes

    _check_iri(graph)
    ontology, data, sent = _payload(exports)
    report = run_shapes(Graph().parse(data=ontology, format="turtle"), load_shapes(shapes))
    if not report.conforms:
        raise CalcoError("the release does not pass validation, nothing was sent:\n" + format_report(report))
    opener = _opener(endpoint, user, password)
    update_url = update_endpoint or update_endpoint_for(endpoint)
    with _terminate_as_exit(), one_publish_at_a_time(endpoint, graph, on_wait):
        for attempt in range(1, ATTEMPTS + 1):
            _stage_and_move(opener, endpoint, update_url, graph, data, sent)
            # A writer elsewhere (no shared lock) can replace the target at the same moment, and a store
            # need not serialise two MOVEs (Oxigraph then keeps both uploads' blank nodes): check the result.
            unchecked = "the target graph was replaced but could not be checked; run calco publish again"
            final = _request(opener, "GET", _graph_url(endpoint, graph), None, None, "read back the target graph", accept="application/n-triples", outcome=unchecked)
            try:
                _check_received(final, sent, f"the target graph <{graph}>", "another writer replaced it at the same time, twice in a row; run calco publish again, one at a time")
                break
            except PublishError:
                if attempt == ATTEMPTS:
                    raise  # else replace it once more: the other writer has most likely finished by now
    return Published(graph, len(sent))


@contextmanager
def one_publish_at_a_time(endpoint: str, graph: str, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Serialise the publishes of this machine to one target (an flock in the calco cache directory).

    GSP and SPARQL Update offer no lock, and a store may interleave two replacements of one graph
    into a union; publishes from other machines are caught by the final read-back instead.
    """
    from calco.reason.cache import default_cache_dir

    directory = default_cache_dir() / "publish-locks"
    directory.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{urllib.parse.urlsplit(endpoint).netloc}\n{graph}".encode()).hexdigest()[:32]
    with open(directory / f"{key}.lock", "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait(f"waiting for another calco publish to <{graph}> to finish")
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def _check_received(received: bytes, sent: set[ox.Triple], what: str, outcome: str) -> None:
    """``received`` must be what was sent: the same triples without blank nodes, and as many in all
    (a store relabels blank nodes, so those triples are counted, not compared)."""
    try:
        got = {q.triple for q in ox.parse(received, format=ox.RdfFormat.N_TRIPLES)}
    except SyntaxError as error:
        raise PublishError(f"{what} read back does not parse ({error}); {outcome}") from None
    if len(got) != len(sent) or _ground(got) != _ground(sent):
        raise PublishError(f"{what} holds {len(got)} triples, {len(sent)} were sent, not the same ones; {outcome}")


def _ground(triples: set[ox.Triple]) -> set[ox.Triple]:
    return {t for t in triples if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)}


def _stage_and_move(opener: urllib.request.OpenerDirector, endpoint: str, update_url: str, graph: str, data: bytes, sent: set[ox.Triple]) -> None:
    """Upload to a fresh staging graph, check it, MOVE it onto ``graph``; the staging graph is removed whatever happens."""
    staging = staging_graph()
    try:
        # Settle credentials with a bodiless request first: a server that challenges an upload
        # (Digest 401) may close the connection before reading a large body, and the client would
        # then see a broken pipe instead of the server's answer. 404: the fresh staging graph is empty.
        if any(isinstance(handler, _PreemptiveDigestAuthHandler) for handler in getattr(opener, "handlers", ())):  # --user given
            _request(opener, "GET", _graph_url(endpoint, staging), None, None, "authenticate", accept="application/n-triples", allow=(404,))
        _request(opener, "PUT", _graph_url(endpoint, staging), data, "text/turtle", "upload to the staging graph")  # N-Triples is Turtle; every GSP store takes text/turtle
        received = _request(opener, "GET", _graph_url(endpoint, staging), None, None, "read back the staging graph", accept="application/n-triples")
        _check_received(received, sent, "the staging graph", "the target graph was not changed")
        move = f"MOVE <{staging}> TO <{graph}>".encode()
        _request(opener, "POST", update_url, move, "application/sparql-update", "replace the target graph")
    finally:
        _remove_staging(opener, endpoint, staging)


def staging_graph() -> str:
    """A graph name no one else holds: a fresh UUID IRI (RFC 9562), never derived from the target."""
    return uuid.uuid4().urn


def _remove_staging(opener: urllib.request.OpenerDirector, endpoint: str, staging: str) -> None:
    """Delete the staging graph if it is still there (MOVE removed it on success; a 404 means it is gone)."""
    try:
        _request(opener, "DELETE", _graph_url(endpoint, staging), None, None, "remove the staging graph")
    except PublishError:
        pass  # gone already, or the store is unreachable: the uniquely named graph collides with nothing


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while publishing, so the staging graph is removed on that way out too."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_iri(graph: str) -> None:
    try:
        ox.NamedNode(graph)
    except ValueError as error:
        raise CalcoError(f"--graph {graph!r} is not an absolute IRI: {error}") from None
    if not graph.startswith(("http://", "https://", "urn:")):
        raise CalcoError(f"--graph {graph!r} should be an http(s) or urn IRI")


def _graph_url(endpoint: str, graph: str) -> str:
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}graph={urllib.parse.quote(graph, safe='')}"


def _opener(endpoint: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if user is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        parts = urllib.parse.urlsplit(endpoint)
        manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", user, password or "")
        handlers += [_PreemptiveDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


class _PreemptiveDigestAuthHandler(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that, once challenged, sends its Authorization up front on later requests.

    urllib answers every request's challenge anew, so each upload would first go out without
    credentials; with a large body the server's early 401 ends in a broken pipe.
    """

    challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> object:
        _, _, text = auth.partition(" ")
        self.challenge = urllib.request.parse_keqv_list([part for part in urllib.request.parse_http_list(text) if part])
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge is not None and not req.has_header("Authorization"):
            authorization = self.get_authorization(req, self.challenge)
            if authorization:
                req.add_unredirected_header("Authorization", f"Digest {authorization}")
        return req

    https_request = http_request


def _request(
    opener: urllib.request.OpenerDirector,
    method: str,
    url: str,
    body: bytes | None,
    content_type: str | None,
    step: str,
    accept: str | None = None,
    outcome: str = "the target graph was not changed",
    allow: tuple[int, ...] = (),
) -> bytes:
    request = urllib.request.Request(url, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    if accept:
        request.add_header("Accept", accept)
    try:
        with opener.open(request, timeout=TIMEOUT_S) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as error:
        if error.code in allow:
            return b""
        message = error.read().decode("utf-8", "replace").strip()[:500]
        raise PublishError(f"{step} failed: HTTP {error.code} from {url.split('?')[0]}: {message or error.reason}; {outcome}") from None
    except urllib.error.URLError as error:
        raise PublishError(f"{step} failed: cannot reach {url.split('?')[0]} ({error.reason}); {outcome}") from None
    except (OSError, http.client.HTTPException) as error:  # the connection dropped, reset or timed out mid-request
        reason = str(error) or type(error).__name__
        if method == "POST":  # the MOVE may have run before the answer was lost; it is one update, so all or nothing
            outcome = "the store may or may not have applied the replacement (one update: the target holds the previous graph or the whole release); run calco publish again"
        raise PublishError(f"{step} failed: lost the connection to {url.split('?')[0]} ({reason}); {outcome}") from None
