"""Stage 3, reason: check consistency and satisfiability with HermiT (through owlready2).

HermiT runs in a child process in its own session with a private temporary directory and a
wall-clock limit: OWL 2 DL reasoning can take exponential time, owlready2 has no timeout, and
a killed or failed Java run must leave no files behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS

from calco.errors import StageError
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


MODES = ("hermit", "structural")


def reason(graph: Graph, timeout_s: float = DEFAULT_TIMEOUT_S, memory_mb: int = DEFAULT_MEMORY_MB, mode: str = "hermit") -> ReasonerResult:
    """Classify ``graph``; raise :class:`StageError` if it is inconsistent, has unsatisfiable classes, or times out.

    ``mode="structural"`` is the fast mode for large inputs: no OWL 2 DL reasoning at all, only the
    asserted hierarchy (whose cycles the load stage already refuses). The trade-off: it cannot
    detect inconsistency or unsatisfiable classes and infers nothing, so releases use HermiT.
    """
    if mode == "structural":
        return ReasonerResult(consistent=True)
    if mode != "hermit":
        raise StageError("reason", f"unknown reasoner mode {mode!r}; use one of {', '.join(MODES)}")
    result = run_hermit(graph, timeout_s, memory_mb)
    if not result.consistent:
        names = ", ".join(describe(graph, iri) for iri in result.involved) or "no individuals; check the header's class axioms"
        raise StageError("reason", f"the ontology is inconsistent (HermiT); classes asserted of individuals: {names}; check disjointness and domain/range axioms in calco-header.ttl")
    if result.unsatisfiable:
        names = ", ".join(describe(graph, iri) for iri in result.unsatisfiable)
        raise StageError("reason", f"unsatisfiable classes: {names}")
    return result


def run_hermit(graph: Graph, timeout_s: float, memory_mb: int) -> ReasonerResult:
    """Run HermiT in a killable child process and return its findings without judging them."""
    java = find_java()
    with tempfile.TemporaryDirectory(prefix="calco-reason-") as private:
        nt_path = Path(private) / "input.nt"
        out_path = Path(private) / "result.json"
        nt_path.write_bytes(sanitised_ntriples(graph))
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
        data = json.loads(out_path.read_text(encoding="utf-8"))
    return ReasonerResult(
        consistent=bool(data["consistent"]),
        unsatisfiable=tuple(data["unsatisfiable"]),
        inferred=tuple((a, b) for a, b in data["inferred"]),
        involved=tuple(data.get("involved", ())),
    )


def sanitised_ntriples(graph: Graph) -> bytes:
    """N-Triples of ``graph`` without ``owl:imports`` and owlready2 directives (hazards O1, O2)."""
    clean = Graph()
    for s, p, o in graph:
        if p == OWL.imports or str(p).startswith(_OWLREADY_NS):
            continue
        clean.add((s, p, o))
    return clean.serialize(format="nt", encoding="utf-8")


def describe(graph: Graph, iri: str) -> str:
    """``IRI (label)`` for messages, so a person sees which class is meant."""
    from calco.prefixes import compress

    label = graph.value(URIRef(iri), RDFS.label)
    return f"{compress(iri)} ({label})" if label else compress(iri)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
