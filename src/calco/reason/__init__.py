"""Stage 3, reason: check consistency and satisfiability with HermiT (through owlready2).

HermiT runs in a child process in its own session with a private temporary directory and a
wall-clock limit: OWL 2 DL reasoning can take exponential time, owlready2 has no timeout, and
a killed or failed Java run must leave no files behind.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS

from calco.errors import StageError
from calco.export.oxigraph import Triples, as_triples
from calco.reason.cache import ReasonCache
from calco.reason.java import find_java

#: Predicates owlready2 acts on when loading (imports it would fetch, Python modules it would import).
_OWLREADY_NS = "http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#"

DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MEMORY_MB = 4000


@dataclass(frozen=True)
class ReasonerResult:
    """What HermiT concluded: unsatisfiable classes and the is-a edges it adds to the asserted ones."""

    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    inferred: tuple[tuple[str, str], ...] = field(default=())
    involved: tuple[str, ...] = ()
    cached: bool = False

    @property
    def cache_note(self) -> str:
        """Appended to log lines and reports, so a reader knows HermiT did not run this time."""
        return " (cached: these axioms were classified before)" if self.cached else ""


MODES = ("hermit", "structural")


def reason(
    graph: Graph | Triples,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    mode: str = "hermit",
    cache: ReasonCache | None = None,
) -> ReasonerResult:
    """Classify ``graph``; raise :class:`StageError` if it is inconsistent, has unsatisfiable classes, or times out.

    ``mode="structural"`` is the fast mode for large inputs: no OWL 2 DL reasoning at all, only the
    asserted hierarchy (whose cycles the load stage already refuses). The trade-off: it cannot
    detect inconsistency or unsatisfiable classes and infers nothing, so releases use HermiT.
    """
    if check_mode(mode) == "structural":
        return ReasonerResult(consistent=True)
    return judge(graph, classify(reasoner_input(graph), timeout_s, memory_mb, cache))


def check_mode(mode: str) -> str:
    """Return ``mode`` if it is one of :data:`MODES`; otherwise fail the reason stage saying which exist."""
    if mode not in MODES:
        raise StageError("reason", f"unknown reasoner mode {mode!r}; use one of {', '.join(MODES)}")
    return mode


def judge(graph: Graph | Triples, result: ReasonerResult) -> ReasonerResult:
    """Return ``result`` if it is consistent and every class satisfiable; otherwise fail naming the classes."""
    if not result.consistent:
        names = ", ".join(describe(graph, iri) for iri in result.involved) or "no individuals; check the header's class axioms"
        raise StageError("reason", f"the ontology is inconsistent (HermiT); classes asserted of individuals: {names}; check disjointness and domain/range axioms in calco-header.ttl")
    if result.unsatisfiable:
        names = ", ".join(describe(graph, iri) for iri in result.unsatisfiable)
        raise StageError("reason", f"unsatisfiable classes: {names}")
    return result


def classify(
    nt: bytes,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    cache: ReasonCache | None = None,
    identity: bytes | None = None,
) -> ReasonerResult:
    """HermiT's findings for the N-Triples ``nt``, from ``cache`` when it has this exact input.

    Needs no rdflib graph, so the pipeline can run it in a thread while validation reads the graph.
    ``identity`` replaces ``nt`` as what the cache key is computed from, for inputs whose blank
    node labels change from parse to parse (a file given to ``calco validate``: its bytes).
    """
    key = cache.key(nt if identity is None else identity) if cache else ""
    findings = cache.get(key) if cache else None
    if findings is not None:
        return _result(findings, cached=True)
    findings = _run_worker(nt, timeout_s, memory_mb)
    if cache:
        cache.put(key, findings)
    return _result(findings, cached=False)


def run_hermit(graph: Graph | Triples, timeout_s: float, memory_mb: int, cache: ReasonCache | None = None, identity: bytes | None = None) -> ReasonerResult:
    """Run HermiT on ``graph`` and return its findings without judging them (``calco validate`` reports them)."""
    return classify(reasoner_input(graph), timeout_s, memory_mb, cache, identity)


def _run_worker(nt: bytes, timeout_s: float, memory_mb: int) -> dict[str, object]:
    """Run HermiT in a killable child process with a private TMPDIR; return the worker's JSON findings."""
    java = find_java()
    with tempfile.TemporaryDirectory(prefix="calco-reason-") as private:
        nt_path = Path(private) / "input.nt"
        out_path = Path(private) / "result.json"
        nt_path.write_bytes(nt)
        env = dict(os.environ, TMPDIR=private, TEMP=private, TMP=private)
        command = [sys.executable, "-m", "calco.reason.worker", str(nt_path), str(out_path), java, str(memory_mb)]
        process = subprocess.Popen(command, env=env, cwd=private, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            _, stderr = process.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise StageError("reason", f"HermiT did not finish within {timeout_s:g} s; raise --reasoner-timeout or simplify the axioms") from None
        if process.returncode != 0 or not out_path.is_file():
            detail = stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
            raise StageError("reason", "HermiT failed: " + " | ".join(detail))
        findings: dict[str, object] = json.loads(out_path.read_text(encoding="utf-8"))
    return findings


def _result(findings: dict[str, Any], cached: bool) -> ReasonerResult:
    return ReasonerResult(
        consistent=bool(findings["consistent"]),
        unsatisfiable=tuple(findings["unsatisfiable"]),
        inferred=tuple((a, b) for a, b in findings["inferred"]),
        involved=tuple(findings.get("involved", ())),
        cached=cached,
    )


def reasoner_input(graph: Graph | Triples) -> bytes:
    """Sorted N-Triples of ``graph`` without ``owl:imports`` and owlready2 directives (hazards O1, O2).

    Sorted so that equal graphs give equal bytes (the cache key). Accepts the release's already
    converted triples, so a build converts its graph for pyoxigraph once, not once per use.
    """
    kept = [t for t in as_triples(graph) if not _refused_predicate(t.predicate)]
    data = ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data


@functools.lru_cache(maxsize=None)  # a release has a few dozen predicates: test each once
def _refused_predicate(predicate: ox.NamedNode) -> bool:
    iri = predicate.value
    return iri == str(OWL.imports) or iri.startswith(_OWLREADY_NS)


def describe(graph: Graph | Triples, iri: str) -> str:
    """``IRI (label)`` for messages, so a person sees which class is meant.

    Only a failing build asks, for a few classes, so a scan of the release's triples is enough.
    """
    from calco.prefixes import compress

    label: object
    if isinstance(graph, Graph):
        label = graph.value(URIRef(iri), RDFS.label)
    else:
        node, label_property = ox.NamedNode(iri), ox.NamedNode(str(RDFS.label))
        label = next((t.object.value for t in graph if t.subject == node and t.predicate == label_property), None)  # type: ignore[union-attr]
    return f"{compress(iri)} ({label})" if label else compress(iri)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
