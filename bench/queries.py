"""Query speed at CALCO's size: competency questions embedded, and sequential HTTP against ``calco serve``.

    python bench/queries.py [--requests N]     # writes bench/results/queries.md

Embedded: every competency question runs through ``calco.competency.answer`` (the same path as
``calco query`` minus the child process), 200 times each; the table gives each question's p50.
HTTP: one client sends the competency queries in turn over one keep-alive connection, as a
script or a notebook would, first to ``calco serve`` (proxy + read-only oxigraph) and then, as the
baseline in the same run, straight to a bare ``oxigraph serve-read-only`` on the same store, in
alternating rounds (this machine is a shared VM: its speed drifts within a minute).
Targets (issue: benchmarks): p50 under 1 ms embedded; at least 500 queries/s over HTTP.
"""

from __future__ import annotations

import argparse
import http.client
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from calco.competency import Competency, answer, load_competency  # noqa: E402
from calco.prefixes import PREFIX_MAP  # noqa: E402
from calco.query import open_store  # noqa: E402
from calco.serve import Backend, free_port, prepare_store  # noqa: E402

EMBEDDED_RUNS = 200
ROUNDS = 7


def embedded_p50(questions: list[Competency]) -> dict[str, float]:
    """Median milliseconds per competency question, answered in this process."""
    store = open_store(ROOT / "exports")
    medians = {}
    for question in questions:
        samples = []
        for _ in range(EMBEDDED_RUNS):
            start = time.perf_counter()
            answer(store, question)
            samples.append(time.perf_counter() - start)
        medians[question.name] = statistics.median(samples) * 1000
    return medians


def http_rate(url: str, queries: list[str], requests: int) -> float:
    """Queries per second, sequential, over one keep-alive connection; every answer must be 200."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    for query in queries:  # warm-up: open the connection, let both servers plan once
        connection.request("POST", parts.path, body=query.encode(), headers=headers)
        connection.getresponse().read()
    start = time.perf_counter()
    for i in range(requests):
        connection.request("POST", parts.path, body=queries[i % len(queries)].encode(), headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    elapsed = time.perf_counter() - start
    connection.close()
    return requests / elapsed


@contextmanager
def calco_serve() -> Iterator[str]:
    """``calco serve`` in its own process, as a user starts it (a proxy thread in this process would share its GIL with the client)."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "calco", "serve", "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        announced = server.stdout.readline() if server.stdout else ""
        if f"127.0.0.1:{port}/query" not in announced:
            raise SystemExit(f"calco serve did not start: {announced}{server.stderr.read() if server.stderr else ''}")
        yield f"http://127.0.0.1:{port}/query"
    finally:
        server.terminate()
        server.wait()


@contextmanager
def bare_oxigraph() -> Iterator[str]:
    """The baseline: the same store served by ``oxigraph serve-read-only`` with nothing in front.

    Started as ``calco serve`` starts it (same flags and time limit), so the two rates differ only
    by the proxy.
    """
    with tempfile.TemporaryDirectory(prefix="calco-bench-") as tmp:
        prepare_store(ROOT / "exports", Path(tmp) / "store")
        server = Backend(Path(tmp) / "store", timeout_s=10)  # calco serve's default
        server.start()
        try:
            yield f"http://127.0.0.1:{server.current[0]}/query"
        finally:
            server.stop()


def interleaved_rates(served: str, bare: str, queries: list[str], requests: int) -> tuple[float, float]:
    """Median queries/s of each endpoint over ROUNDS alternating rounds, so a noisy neighbour hits both alike."""
    per_round = max(1, requests // ROUNDS)
    rates: dict[str, list[float]] = {served: [], bare: []}
    for _ in range(ROUNDS):
        for url in (served, bare):
            rates[url].append(http_rate(url, queries, per_round))
    return statistics.median(rates[served]), statistics.median(rates[bare])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    questions = load_competency(ROOT / "competency")
    prologue = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIX_MAP.items())
    queries = [prologue + q.query for q in questions]
    medians = embedded_p50(questions)
    with calco_serve() as url, bare_oxigraph() as bare_url:
        served, bare = interleaved_rates(url, bare_url, queries, args.requests)
    lines = [
        "# Query benchmark (CALCO's own exports)",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}; rerun with `python bench/queries.py`.",
        "",
        f"## Embedded: competency questions, p50 of {EMBEDDED_RUNS} runs each (target: under 1 ms)",
        "",
        "| question | p50 ms |",
        "|---|---|",
        *(f"| {name} | {ms:.3f} |" for name, ms in medians.items()),
        "",
        f"- median over all questions: {statistics.median(medians.values()):.3f} ms; slowest: {max(medians.values()):.3f} ms",
        "",
        f"## HTTP: {args.requests} sequential POSTs over one keep-alive connection, median of {ROUNDS} interleaved rounds (target: at least 500 queries/s)",
        "",
        "| endpoint | queries/s |",
        "|---|---|",
        f"| `calco serve` (checking proxy + oxigraph serve-read-only) | {served:.0f} |",
        f"| baseline: bare `oxigraph serve-read-only`, same store | {bare:.0f} |",
        "",
        f"- `calco serve` / bare oxigraph: {served / bare:.2f}",
        "",
    ]
    out = HERE / "results" / "queries.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
