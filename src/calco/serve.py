"""``calco serve``: a read-only SPARQL endpoint over the built exports, on 127.0.0.1 only.

The ``oxigraph`` server (from PyPI) runs ``serve-read-only`` with a query timeout on an internal
loopback port. In front of it a small proxy does what the server cannot (notes/security-hazards.md):
refuses ``SERVICE`` and ``LOAD`` (S5), answers writes with 405 (S2), caps request bodies, and turns
a cancelled query, which oxigraph reports as HTTP 200 with truncated JSON (S4), into a 503. A query
the server fails to cancel gets a 503 too, and the server is restarted (see :class:`Backend`).
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from calco.errors import CalcoError, UnusableInputError
from calco.export.manifest import verify_release
from calco.query import QUERY_FILES, check_query, check_syntax, with_prefixes

MAX_BODY = 64 * 1024
MAX_RESPONSE = 64 * 1024 * 1024


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI installed beside this Python (the ``oxigraph`` wheel), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise CalcoError("the oxigraph server is not installed; pip install oxigraph")
    return found


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare_store(exports: Path, directory: Path) -> None:
    """Load the exports into an on-disk store the read-only server can open."""
    store = ox.Store(str(directory))
    for data in verify_release(exports, QUERY_FILES).values():  # one whole release, never a half-swapped mix
        store.bulk_load(data, format=ox.RdfFormat.TURTLE)
    store.flush()
    del store


#: Seconds past the time limit after which a query oxigraph has not stopped counts as stuck.
GRACE_S = 3.0


class Backend:
    """The read-only ``oxigraph`` server behind the proxy, restarted when a query will not stop.

    ``--timeout-s`` cancels most queries, but not every one: a COUNT over a plain cross product
    never reaches a point where oxigraph checks its deadline, and would hold a core until the
    server exits (a denial of service from one request). The proxy gives each query the time
    limit plus :data:`GRACE_S`; past that it restarts the server, which the read-only store
    makes cheap and safe. Queries of other clients cut off by the restart are sent again.
    """

    def __init__(self, store: Path, timeout_s: float) -> None:
        self._store = store
        self._timeout_s = timeout_s
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        #: Where the server writes its output (named in errors when it fails to start).
        self.log = store.parent / "oxigraph.log"
        #: (port, generation), replaced as one value so readers never see a mixed pair.
        self.current: tuple[int, int] = (0, 0)

    def start(self) -> None:
        """Start the server on a fresh loopback port and wait until it accepts connections.

        Its output goes to a log file next to the store, not to a pipe: nobody reads a pipe while
        the server runs, and a full one would block the server. A server that does not come up is
        stopped before the error is raised, so no process outlives a failed start.
        """
        port = free_port()
        with self.log.open("ab") as log:
            process = subprocess.Popen(
                [oxigraph_binary(), "serve-read-only", "--location", str(self._store), "--bind", f"127.0.0.1:{port}", "--timeout-s", str(max(1, int(self._timeout_s)))],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_until_ready(port, process, self.log)
        except BaseException:
            _end(process)
            raise
        self._process = process
        self.current = (port, self.current[1] + 1)

    def restart(self, generation: int, *, only_if_gone: bool = False) -> None:
        """Replace the server, unless another request already replaced generation ``generation``.

        ``only_if_gone``: replace it only if it is no longer running (it crashed, was killed, or
        its start failed); without this, a dead server would leave every later query a 502 until
        ``calco serve`` itself was restarted.
        """
        with self._lock:
            if self.current[1] != generation:
                return
            if only_if_gone and self._process is not None and self._process.poll() is None:
                return
            self._stop_process()
            self.start()

    def settled(self) -> tuple[int, int]:
        """The current (port, generation), after any restart in progress has finished."""
        with self._lock:
            return self.current

    def stop(self) -> None:
        """Stop the server (terminate, then kill if it does not exit within 10 s)."""
        with self._lock:
            self._stop_process()

    def _stop_process(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            _end(process)


def _end(process: subprocess.Popen[bytes]) -> None:
    """Terminate ``process``, then kill it if it has not exited within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def serving(exports: Path, port: int, timeout_s: float) -> Iterator[str]:
    """Run the endpoint until the context ends; yield its query URL."""
    if not (exports / QUERY_FILES[0]).is_file():
        raise CalcoError(f"{exports / QUERY_FILES[0]} not found; run `calco build` first")
    with tempfile.TemporaryDirectory(prefix="calco-serve-") as tmp:
        prepare_store(exports, Path(tmp) / "store")
        backend = Backend(Path(tmp) / "store", timeout_s)
        proxy = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(backend, timeout_s))
        proxy.daemon_threads = True
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        try:
            backend.start()
            thread.start()
            yield f"http://127.0.0.1:{proxy.server_address[1]}/query"
        finally:
            proxy.shutdown()
            proxy.server_close()
            backend.stop()


def serve_until_stopped(exports: Path, port: int, timeout_s: float, announce: object = print) -> None:
    """Serve until Ctrl-C or SIGTERM, then stop the server and remove the temporary store."""
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        with serving(exports, port, timeout_s) as url:
            announce(f"SPARQL endpoint (read-only): {url}")  # type: ignore[operator]
            try:
                while not stop.wait(0.5):
                    pass
            except KeyboardInterrupt:
                pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _wait_until_ready(port: int, backend: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if backend.poll() is not None:
            raise CalcoError(f"the oxigraph server exited (code {backend.returncode}): {_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise CalcoError(f"the oxigraph server did not start within 30 s: {_tail(log)}")


def _tail(log: Path, limit: int = 2000) -> str:
    """The end of the server's log, for an error message (without oxigraph's stack backtrace)."""
    try:
        text = log.read_bytes()[-limit:].decode("utf-8", errors="replace")
    except OSError:
        return "(no output)"
    return text.split("Stack backtrace:", 1)[0].strip() or "(no output)"


class QueryOverran(Exception):
    """The backend neither answered nor stopped a query within the time limit plus :data:`GRACE_S`."""


def _handler(backend: Backend, timeout_s: float) -> type[http.server.BaseHTTPRequestHandler]:
    stopped = f"the query was stopped at the {timeout_s:g} s time limit"

    class Proxy(http.server.BaseHTTPRequestHandler):
        """Forwards checked SPARQL queries to the read-only oxigraph server."""

        protocol_version = "HTTP/1.1"
        #: Headers and body go out as separate writes; with Nagle's algorithm on, the client's
        #: delayed ACK holds the body back about 40 ms, capping a keep-alive client at ~25 queries/s.
        disable_nagle_algorithm = True
        #: Buffer the reply so headers and body leave in one write (http.server flushes after each request).
        wbufsize = 64 * 1024
        connection: http.client.HTTPConnection | None = None
        #: The backend generation ``connection`` belongs to; a restart makes it stale.
        generation = 0

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/query":
                return self._reply(404, "only /query is served")
            query = urllib.parse.parse_qs(url.query).get("query", [""])[0]
            self._forward(query)

        def do_POST(self) -> None:  # noqa: N802
            url = urllib.parse.urlsplit(self.path)
            if url.path in ("/update", "/store"):
                return self._reply(405, "this endpoint is read-only")
            if url.path != "/query":
                return self._reply(404, "only /query is served")
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._reply(413, f"request body over {MAX_BODY} bytes")
            body = self.rfile.read(length).decode("utf-8", "replace")
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if kind == "application/sparql-query":
                query = body
            elif kind == "application/x-www-form-urlencoded":
                query = urllib.parse.parse_qs(body).get("query", [""])[0]
            else:
                return self._reply(415, "send application/sparql-query or a form with query=")
            self._forward(query)

        def do_PUT(self) -> None:  # noqa: N802
            self._reply(405, "this endpoint is read-only")

        do_DELETE = do_PUT  # noqa: N815

        def _forward(self, query: str) -> None:
            try:
                check_query(query)
            except UnusableInputError as error:
                return self._reply(400, str(error))
            if not query.strip():
                return self._reply(400, "no query given")
            # The same predeclared prefixes as `calco query`; a query that does not parse is
            # answered with one readable line (oxigraph's own message lists Unicode ranges).
            try:
                check_syntax(query)
            except UnusableInputError as error:
                return self._reply(400, str(error))
            query = with_prefixes(query)
            accept = self.headers.get("Accept") or "application/sparql-results+json"
            try:
                response, data = self._ask_backend(query, accept)
            except QueryOverran:
                return self._reply(503, stopped)
            except (OSError, http.client.HTTPException, CalcoError) as error:  # CalcoError: a failed restart
                return self._reply(502, f"backend error: {error}")
            if len(data) > MAX_RESPONSE:
                return self._reply(507, f"result over {MAX_RESPONSE} bytes; add a LIMIT")
            content_type = response.getheader("Content-Type") or "application/octet-stream"
            if response.status == 200 and "json" in content_type and not _complete_json(data):
                return self._reply(503, stopped)
            self._send(response.status, content_type, data)

        def _ask_backend(self, query: str, accept: str) -> tuple[http.client.HTTPResponse, bytes]:
            """POST the query over this client's own keep-alive connection to oxigraph.

            One backend connection per client connection saves a TCP handshake per query. If the
            connection broke (oxigraph closed it while idle, or the server was restarted), the
            read-only, so repeatable, query is sent once more on a new connection, to a new server
            if the old one has died. A query with no answer by the time limit plus :data:`GRACE_S`
            is stuck: the server is restarted.
            """
            headers = {"Content-Type": "application/sparql-query", "Accept": accept}
            for attempt in (1, 2):
                port, generation = backend.current if attempt == 1 else backend.settled()
                if self.connection is None or self.generation != generation:
                    self._close_backend()
                    self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s + GRACE_S)
                    self.generation = generation
                try:
                    self.connection.request("POST", "/query", body=query.encode("utf-8"), headers=headers)
                    response = self.connection.getresponse()
                    data = response.read(MAX_RESPONSE + 1)
                except TimeoutError:
                    self._close_backend()
                    backend.restart(generation)
                    raise QueryOverran() from None
                except (ConnectionError, http.client.RemoteDisconnected, http.client.CannotSendRequest):
                    self._close_backend()
                    if attempt == 2:
                        raise
                    backend.restart(generation, only_if_gone=True)
                    continue
                if len(data) > MAX_RESPONSE or response.will_close:
                    self._close_backend()  # an unread remainder or a closing server: start afresh next time
                return response, data
            raise AssertionError("unreachable")

        def _close_backend(self) -> None:
            if self.connection is not None:
                self.connection.close()
                self.connection = None

        def finish(self) -> None:
            self._close_backend()
            super().finish()

        def _reply(self, status: int, message: str) -> None:
            self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

        def _send(self, status: int, content_type: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            if os.environ.get("CALCO_SERVE_LOG"):
                super().log_message(*args)  # type: ignore[arg-type]

    return Proxy


def _complete_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True
