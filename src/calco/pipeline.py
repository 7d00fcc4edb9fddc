"""The build: load -> assemble -> reason -> validate -> export, stopping at the first failing stage.

Each stage is a pure function of the previous one's result; only the last step writes files,
and it writes them all-or-nothing, so a failed build leaves the previous exports untouched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from calco.assemble import assemble
from calco.errors import StageError
from calco.export import Release, render_exports, write_exports
from calco.load import load_source
from calco.model import Source
from calco.paths import Project
from calco.reason import DEFAULT_TIMEOUT_S, ReasonerResult, reason
from calco.validate import Report, format_report, load_shapes, run_shapes

Progress = Callable[[str, float, str], None]


@dataclass
class BuildResult:
    """What one build produced, stage by stage, with each stage's duration in seconds."""

    source: Source | None = None
    graph: Graph | None = None
    reasoning: ReasonerResult | None = None
    report: Report | None = None
    rendered: dict[str, bytes] = field(default_factory=dict)
    changed: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def build(
    project: Project,
    out: Path | None = None,
    *,
    reasoner_timeout: float = DEFAULT_TIMEOUT_S,
    reasoner: str = "hermit",
    write: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Run every stage over ``project``; write the exports into ``out`` (default ``project.exports``)."""
    result = BuildResult()

    @contextmanager
    def stage(name: str) -> Iterator[list[str]]:
        summary: list[str] = []
        start = time.perf_counter()
        yield summary
        result.timings[name] = time.perf_counter() - start
        if progress:
            progress(name, result.timings[name], " ".join(summary))

    with stage("load") as summary:
        result.source = load_source(project.ontology)
        summary.append(f"{len(result.source.terms)} terms, {len(result.source.assertions)} relations, {len(result.source.imports)} imports")
    with stage("assemble") as summary:
        result.graph = assemble(result.source)
        summary.append(f"{len(result.graph)} triples")
    with stage("reason") as summary:
        result.reasoning = reason(result.graph, timeout_s=reasoner_timeout, mode=reasoner)
        summary.append(f"consistent, {len(result.reasoning.inferred)} inferred is-a" if reasoner == "hermit" else "structural mode: not checked by HermiT")
    with stage("validate") as summary:
        result.report = run_shapes(result.graph, load_shapes(project.shapes))
        if not result.report.conforms:
            raise StageError("validate", "SHACL violations:\n" + format_report(result.report))
        summary.append(f"{len(result.report.findings)} findings, no violations")
    with stage("export") as summary:
        result.rendered = render_exports(Release(result.graph, result.reasoning.inferred))
        if write:
            result.changed = write_exports(out or project.exports, result.rendered)
        summary.append(f"{len(result.rendered)} files, {len(result.changed)} changed")
    return result
