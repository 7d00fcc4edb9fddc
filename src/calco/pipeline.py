"""The build: load -> assemble -> reason -> validate -> export, stopping at the first failing stage.

Each stage is a pure function of the previous one's result; only the last step writes files,
and it writes them all-or-nothing, so a failed build leaves the previous exports untouched.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal, TypeVar

import pyoxigraph as ox
from rdflib import Graph

from calco.assemble import assemble
from calco.collector import collector_paused
from calco.errors import StageError
from calco.evidence import resolve_article
from calco.export import EXPORTS, Release, render_exports, write_exports
from calco.export.atomic import recover_release
from calco.load import load_source
from calco.model import Source
from calco.paths import Project
from calco.reason import (
    DEFAULT_TIMEOUT_S,
    ReasonerResult,
    check_mode,
    classify,
    judge,
    reasoner_input,
)
from calco.reason.cache import ReasonCache
from calco.validate import Report, format_report, load_shapes
from calco.validate.run import DEFAULT_VALIDATOR, Validator, validate_graph

T = TypeVar("T")

#: Seconds between "still running" reports from a stage that has not finished yet.
HEARTBEAT_S = 15.0


@dataclass(frozen=True)
class Event:
    """Something a person watching a long build wants to see.

    ``start``: a stage began; ``done``: it finished (``seconds`` is its duration); ``step``: one
    countable part of a stage finished (an export file: ``count`` of ``total``, for a progress bar);
    ``running``: a stage is still busy after ``seconds``.
    """

    stage: str
    seconds: float
    summary: str = ""
    kind: Literal["start", "done", "step", "running"] = "done"
    count: int = 0
    total: int = 0


Progress = Callable[[Event], None]


@contextmanager
def heartbeat(stage: str, progress: Progress | None) -> Iterator[None]:
    """Report ``stage`` as still running every :data:`HEARTBEAT_S` seconds until the block ends.

    Load, assemble, HermiT and the SHACL engine are single calls that take minutes at 100k
    terms; a silent terminal for that long looks like a hang.
    """
    if progress is None:
        yield
        return
    done = threading.Event()
    start = time.perf_counter()
    interval = HEARTBEAT_S  # read at call time, so a test can shorten it

    def beat() -> None:
        while not done.wait(interval):
            progress(Event(stage, time.perf_counter() - start, "still running", "running"))

    thread = threading.Thread(target=beat, name=f"calco-heartbeat-{stage}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


@dataclass
class BuildResult:
    """What one build produced, stage by stage, with each stage's duration in seconds."""

    source: Source | None = None
    #: The release graph (see :func:`calco.assemble.assemble`): sorted pyoxigraph triples.
    triples: list[ox.Triple] | None = None
    reasoning: ReasonerResult | None = None
    report: Report | None = None
    rendered: dict[str, bytes] = field(default_factory=dict)
    changed: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0

    @cached_property
    def graph(self) -> Graph | None:
        """:attr:`triples` as an rdflib Graph, built on first use (``calco release`` diffs CALCO-sized graphs with it)."""
        from calco.assemble import to_rdflib_graph

        return to_rdflib_graph(self.triples) if self.triples is not None else None


@collector_paused()  # a @contextmanager is also a decorator: the whole build runs with it paused
def build(
    project: Project,
    out: Path | None = None,
    *,
    reasoner_timeout: float = DEFAULT_TIMEOUT_S,
    reasoner: str = "hermit",
    write: bool = True,
    progress: Progress | None = None,
    cache: ReasonCache | None = None,
    article: Path | None = None,
    validator: Validator = DEFAULT_VALIDATOR,
) -> BuildResult:
    """Run every stage over ``project``; write the exports into ``out`` (default ``project.exports``).

    HermiT runs in a child process, so the reason stage waits in a thread while validation uses
    this process: on two cores the build costs the longer of the two, not their sum. The stages
    still fail in their order: a reasoner failure is reported before a validation failure.
    ``cache`` skips HermiT for axioms it has already classified (see :mod:`calco.reason.cache`).
    ``article`` is a copy of the source article to verify every sentence fingerprint against
    (default: ``$CALCO_ARTICLE``, else ``../shared/source/`` beside the checkout when present);
    without one, locators are checked against the recorded structure only.
    ``validator`` picks the SHACL engine or the same shapes as SPARQL rules in Oxigraph (``sparql``).
    The cyclic garbage collector is paused for the whole build (see :mod:`calco.collector`).
    """
    result = BuildResult()
    started = time.perf_counter()
    if write:  # finish a swap a killed build left, so the exports are one whole release even if this build fails
        recover_release(out or project.exports)

    def record(name: str, seconds: float, summary: str) -> None:
        result.timings[name] = seconds
        if progress:
            progress(Event(name, seconds, summary))

    @contextmanager
    def stage(name: str) -> Iterator[list[str]]:
        summary: list[str] = []
        if progress:
            progress(Event(name, 0.0, "started", "start"))
        start = time.perf_counter()
        with heartbeat(name, progress):
            yield summary
        record(name, time.perf_counter() - start, " ".join(summary))

    exported_count = 0

    def loaded(name: str, count: int, total: int) -> None:
        if progress:
            progress(Event("load", 0.0, name, "step", count, total))

    def exported(name: str, seconds: float) -> None:
        nonlocal exported_count
        exported_count += 1
        if progress:
            progress(Event("export", seconds, name, "step", exported_count, len(EXPORTS)))

    with stage("load") as summary:
        copy = resolve_article(project.root, article)
        result.source = load_source(project.ontology, article=copy, on_part=loaded)
        summary.append(f"{len(result.source.terms)} terms, {len(result.source.assertions)} relations, {len(result.source.imports)} imports")
        summary.append(f"(sentence fingerprints verified against {copy})" if copy else "(article absent: locators checked against the recorded structure only)")
    with stage("assemble") as summary:
        triples = result.triples = assemble(result.source)
        summary.append(f"{len(triples)} triples")
    check_mode(reasoner)
    prepared = time.perf_counter()
    nt = reasoner_input(triples) if reasoner == "hermit" else None
    prepared = time.perf_counter() - prepared
    if progress:
        progress(Event("reason", 0.0, "started (HermiT, in a child process, while validate runs)" if reasoner == "hermit" else "started (structural mode)", "start"))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="calco-reason") as pool:
        pending = pool.submit(_timed, _findings, nt, reasoner_timeout, cache, progress)
        try:
            with stage("validate") as summary:
                result.report = validate_graph(triples, load_shapes(project.shapes), validator)
                summary.append(f"{len(result.report.findings)} findings")
        finally:
            wait([pending])
    seconds, findings = pending.result()
    result.reasoning = judge(triples, findings) if reasoner == "hermit" else findings
    record("reason", prepared + seconds, _reasoning_summary(result.reasoning, reasoner))
    if not result.report.conforms:
        raise StageError("validate", "SHACL violations:\n" + format_report(result.report))
    with stage("export") as summary:
        result.rendered = render_exports(Release(triples, result.reasoning.inferred), on_file=exported)
        if write:
            result.changed = write_exports(out or project.exports, result.rendered)
        summary.append(f"{len(result.rendered)} files, {len(result.changed)} changed")
    result.wall = time.perf_counter() - started
    return result


def _findings(nt: bytes | None, timeout_s: float, cache: ReasonCache | None, progress: Progress | None) -> ReasonerResult:
    """HermiT's unjudged findings for ``nt``; no input means the structural mode (nothing to check)."""
    if nt is None:
        return ReasonerResult(consistent=True)
    with heartbeat("reason", progress):
        return classify(nt, timeout_s, cache=cache)


def _timed(function: Callable[..., T], *args: object) -> tuple[float, T]:
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


def _reasoning_summary(reasoning: ReasonerResult, mode: str) -> str:
    if mode != "hermit":
        return "structural mode: not checked by HermiT"
    return f"consistent, {len(reasoning.inferred)} inferred is-a{reasoning.cache_note}"
