"""Run the project's SHACL shapes (pyshacl) over a graph and turn the results into findings.

Shapes are project-owned and reviewed; data may come from anyone. So pyshacl always gets
rdflib Graph objects (never paths or URLs it would open or fetch), no ``owl:imports``,
no inference, no advanced or JS features (hazards R10-R13).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH

from calco.errors import CalcoError

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
SEVERITY_NAMES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Finding:
    """One SHACL result, in words: which term, which rule, what is wrong."""

    severity: str
    focus: str
    label: str
    rule: str
    path: str
    message: str


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


def run_shapes(data: Graph, shapes: Graph) -> Report:
    """Validate ``data`` against ``shapes`` and return the findings, most severe first."""
    _, results, _ = pyshacl_validate(
        data_graph=data,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        js=False,
        do_owl_imports=False,
        allow_warnings=True,
        allow_infos=True,
    )
    findings = []
    for result in results.subjects(SH.resultSeverity, None):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        shape = results.value(result, SH.sourceShape)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        rule = _rule_name(shapes, shape)
        label = data.value(focus, RDFS.label) if isinstance(focus, URIRef) else None
        findings.append(
            Finding(
                severity=SEVERITY_NAMES.get(severity, str(severity)),  # type: ignore[arg-type]
                focus=str(focus),
                label=str(label) if label is not None else "",
                rule=rule,
                path=str(path) if isinstance(path, URIRef) else "",
                message=str(message) if message is not None else "",
            )
        )
    order = {name: SEVERITY_ORDER[key] for key, name in SEVERITY_NAMES.items()}
    findings.sort(key=lambda f: (order.get(f.severity, 9), f.focus, f.rule, f.message))
    return Report(tuple(findings), results)


def _rule_name(shapes: Graph, shape: object) -> str:
    """The ``rdfs:label`` of the shape, or of the node shape whose ``sh:property`` it is."""
    for candidate in (shape, shapes.value(None, SH.property, shape)):  # type: ignore[arg-type]
        label = shapes.value(candidate, RDFS.label) if candidate is not None else None  # type: ignore[arg-type]
        if label is not None:
            return str(label)
    return str(shape) if isinstance(shape, URIRef) else "unnamed shape"


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
