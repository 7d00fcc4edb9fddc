"""Real SPARQL servers for tests, started on 127.0.0.1 and stopped afterwards."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from calco.serve import free_port, oxigraph_binary

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def sparql_json(url: str, query: str, timeout: float = 30) -> dict[str, object]:
    """POST a query and decode SPARQL JSON results."""
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def count_in_graph(url: str, graph: str) -> int:
    result = sparql_json(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(result["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not come up within {seconds} s")


@contextmanager
def oxigraph_server(location: Path, read_only: bool = False) -> Iterator[str]:
    """``oxigraph serve`` (or ``serve-read-only``) on a free loopback port; yields the base URL."""
    port = free_port()
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/query?query=ASK%7B%7D", 20)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def virtuoso_available() -> bool:
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt") and VIRTUOSO_INI.is_file())


@contextmanager
def virtuoso_server(directory: Path) -> Iterator[str]:
    """Debian's Virtuoso with its database in ``directory``, both ports on loopback; yields the HTTP base URL."""
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text()
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db", str(directory))
    lines = []
    section = ""
    for line in ini.splitlines():
        if line.startswith("["):
            section = line.strip()
        if line.split("=")[0].strip() == "ServerPort" and not line.startswith(";"):
            line = f"ServerPort = 127.0.0.1:{sql_port if section == '[Parameters]' else http_port}"
        lines.append(line)
    config = directory / "virtuoso.ini"
    config.write_text("\n".join(lines) + "\n")
    process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(config)], cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(base + "/sparql?query=ASK%7B%7D", 120)
        yield base
    finally:
        subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", "exec=shutdown;"], capture_output=True, timeout=60, check=False)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
