"""Run the project's SHACL shapes over a graph and turn the results into findings a curator can act on.

Two engines run the same shapes: ``pyshacl`` (the reference implementation) and
``pyshacl-turbo`` (a Rust engine with pySHACL's API, 10-40x faster here); a test checks that
they report identical findings on every fixture. Shapes are project-owned and reviewed; data may
come from anyone. So the engine always gets rdflib Graph objects (never paths or URLs it would
open or fetch), no ``owl:imports``, no inference, no JS (hazards R10-R13).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from calco.errors import CalcoError

Engine = TypingLiteral["turbo", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("turbo", "pyshacl")
SEVERITY_NAMES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
SEVERITY_ORDER = {"violation": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One result, in words: which term, which rule, what is wrong, where the rule comes from."""

    severity: str
    focus: str
    label: str
    rule_id: str
    rule: str
    path: str
    message: str
    origin: str = ""


@dataclass(frozen=True)
class Report:
    """All findings of one validation run, plus the SHACL results graph itself."""

    findings: tuple[Finding, ...]
    results: Graph

    @property
    def violations(self) -> tuple[Finding, ...]:
        """Findings of severity violation: these fail a build."""
        return tuple(f for f in self.findings if f.severity == "violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings of severity warning: these fail only ``--strict``."""
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def conforms(self) -> bool:
        """True when there are no violations (warnings and infos do not fail)."""
        return not self.violations


def load_shapes(directory: Path) -> Graph:
    """Read every ``*.ttl`` file in the shapes directory, in name order."""
    files = sorted(directory.glob("*.ttl"))
    if not files:
        raise CalcoError(f"{directory}: no SHACL shapes (*.ttl) found")
    shapes = Graph()
    for file in files:
        try:
            shapes.parse(file, format="turtle")
        except Exception as error:  # rdflib parse errors have many types
            raise CalcoError(f"{file}: shapes file is not valid Turtle: {error}") from None
    return shapes


def run_shapes(data: Graph, shapes: Graph, engine: Engine = "turbo") -> Report:
    """Validate ``data`` against ``shapes`` and return the findings, most severe first."""
    if engine == "turbo":
        from pyshacl_turbo import validate as engine_validate
    else:
        from pyshacl import validate as engine_validate
    _, results, _ = engine_validate(
        data_graph=_engine_input(data, engine),
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        js=False,
        do_owl_imports=False,
        allow_warnings=True,
        allow_infos=True,
    )
    return report_from_results(data, shapes, results)


def report_from_results(data: Graph, shapes: Graph, results: Graph) -> Report:
    """Findings from a SHACL results graph, most severe first (shared by every validator, so reports read the same)."""
    findings = {_finding(data, shapes, results, result) for result in results.subjects(SH.resultSeverity, None)}
    ordered = sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.focus, f.rule, f.message))
    return Report(tuple(ordered), results)


def _engine_input(data: Graph, engine: Engine) -> Graph:
    """``data`` in a store the engine accepts.

    The assembled graph lives in rdflib's SimpleMemory store (see :func:`calco.assemble.assemble`);
    pySHACL wraps its data graph in a Dataset over the same store, which needs a context-aware one.
    """
    if engine == "turbo" or data.store.context_aware:
        return data
    copy = Graph()
    for prefix, namespace in data.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    copy += data
    return copy


def _finding(data: Graph, shapes: Graph, results: Graph, result: Node) -> Finding:
    severity = results.value(result, SH.resultSeverity)
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    message = results.value(result, SH.resultMessage)
    shape = _node_shape(shapes, results.value(result, SH.sourceShape))
    owner = _owner(data, focus)
    label = data.value(owner, RDFS.label) if owner is not None else None
    return Finding(
        severity=SEVERITY_NAMES.get(severity, str(severity)) if isinstance(severity, URIRef) else str(severity),
        focus=str(owner if owner is not None else focus),
        label=str(label) if label is not None else "",
        rule_id=str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else "",
        rule=str((shapes.value(shape, RDFS.label) if shape is not None else None) or shape),
        path=str(path) if isinstance(path, URIRef) else "",
        message=str(message) if message is not None else "",
        origin=str((shapes.value(shape, RDFS.comment) if shape is not None else None) or ""),
    )


def _node_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The named shape a result comes from (a property shape's enclosing node shape)."""
    while isinstance(shape, BNode):
        parent = shapes.value(None, SH.property, shape) or shapes.value(None, SH.sparql, shape)
        if parent is None:
            break
        shape = parent
    return shape


def _owner(data: Graph, focus: Node | None) -> Node | None:
    """For an anonymous focus (a restriction), the class that uses it; otherwise the focus itself."""
    if isinstance(focus, BNode):
        return data.value(None, RDFS.subClassOf, focus) or focus
    return focus


def format_report(report: Report) -> str:
    """Plain-text report, grouped by severity, one line per finding."""
    from calco.prefixes import compress

    if not report.findings:
        return "conforms: no findings"
    lines = []
    for severity in ("violation", "warning", "info"):
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"{severity}s ({len(group)}):")
        for f in group:
            label = f" ({f.label})" if f.label else ""
            path = f" [{compress(f.path)}]" if f.path else ""
            lines.append(f"  {compress(f.focus)}{label}: {f.rule}{path}: {f.message}")
    return "\n".join(lines)
