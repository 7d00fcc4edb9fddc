"""``calco publish``: push the release into any SPARQL 1.1 Graph Store Protocol store, all or nothing.

1. validate locally: every pushed file parses strictly, and the ontology passes the shapes;
2. upload to a staging graph (``<target>/staging``) with GSP PUT;
3. read the staging graph back and check it holds exactly the triples sent;
4. replace the target in one SPARQL update (``MOVE <staging> TO <target>``).

A failure at any step leaves the target graph as it was (some stores, Virtuoso among them, clear a
graph before a failing PUT has finished, hence the staging graph). Any non-2xx status is an error
that quotes the server. Credentials, when given, are sent with Digest or Basic auth as the server asks.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from calco.errors import CalcoError
from calco.query import QUERY_FILES

TIMEOUT_S = 120


class PublishError(CalcoError):
    """The store refused a step; the target graph was not changed."""


@dataclass(frozen=True)
class Published:
    """What was pushed where."""

    graph: str
    triples: int


def release_payload(exports: Path) -> tuple[bytes, int]:
    """The release as one N-Triples document (ontology plus relation graph), parsed strictly."""
    triples: list[ox.Triple] = []
    for name in QUERY_FILES:
        path = exports / name
        if not path.is_file():
            raise CalcoError(f"{path} not found; run `calco build` first")
        try:
            triples += [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        except SyntaxError as error:
            raise CalcoError(f"{path} does not parse, nothing was sent: {error}") from None
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data, len(set(triples))


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


def publish(exports: Path, shapes: Path, endpoint: str, graph: str, *, user: str | None = None, password: str | None = None, update_endpoint: str | None = None) -> Published:
    """Validate, stage, verify and replace; raise :class:`PublishError` with the server's message on failure."""
    from rdflib import Graph

    from calco.validate import format_report, load_shapes, run_shapes

    _check_iri(graph)
    data, count = release_payload(exports)
    report = run_shapes(Graph().parse(exports / QUERY_FILES[0], format="turtle"), load_shapes(shapes))
    if not report.conforms:
        raise CalcoError("the release does not pass validation, nothing was sent:\n" + format_report(report))
    opener = _opener(endpoint, user, password)
    staging = graph.rstrip("/") + "/staging"
    update_url = update_endpoint or update_endpoint_for(endpoint)
    if user is not None:
        # Settle the credentials with a bodiless request first: a server that challenges an upload
        # (Digest 401) may close the connection before reading the body, and the client then sees a
        # broken pipe instead of the server's answer. 404: no staging graph yet, as expected.
        _request(opener, "GET", _graph_url(endpoint, staging), None, None, "authenticate", accept="application/n-triples", allow=(404,))
    _request(opener, "PUT", _graph_url(endpoint, staging), data, "text/turtle", "upload to the staging graph")
    try:
        received = _request(opener, "GET", _graph_url(endpoint, staging), None, None, "read back the staging graph", accept="application/n-triples")
        got = len(set(ox.parse(received, format=ox.RdfFormat.N_TRIPLES)))
        if got != count:
            raise PublishError(f"the staging graph holds {got} triples, {count} were sent; the target graph was not changed")
        move = f"MOVE <{staging}> TO <{graph}>".encode()
        _request(opener, "POST", update_url, move, "application/sparql-update", "replace the target graph")
    except BaseException:
        try:
            _request(opener, "DELETE", _graph_url(endpoint, staging), None, None, "remove the staging graph")
        except PublishError:
            pass
        raise
    return Published(graph, count)


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
        self.challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(text)))
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge is not None and not req.has_header("Authorization"):
            authorization = self.get_authorization(req, self.challenge)
            if authorization:
                req.add_unredirected_header("Authorization", f"Digest {authorization}")
        return req

    https_request = http_request


def _request(
    opener: urllib.request.OpenerDirector, method: str, url: str, body: bytes | None, content_type: str | None, step: str, accept: str | None = None, allow: tuple[int, ...] = ()
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
        raise PublishError(f"{step} failed: HTTP {error.code} from {url.split('?')[0]}: {message or error.reason}; the target graph was not changed") from None
    except urllib.error.URLError as error:
        raise PublishError(f"{step} failed: cannot reach {url.split('?')[0]} ({error.reason}); the target graph was not changed") from None
