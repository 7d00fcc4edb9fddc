"""The quality report curators read: Markdown grouped by severity, plus the SHACL results in Turtle.

Each line names the term (CURIE and label), the rule, what is wrong and how to fix it; each
rule links back to where it comes from (the shape's comment: ROBOT check, OBO principle, DESIGN).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from calco.prefixes import compress
from calco.reason import ReasonerResult
from calco.validate.shacl import Finding, Report


@dataclass(frozen=True)
class QualityReport:
    """SHACL findings plus what the reasoner concluded about the same graph."""

    shapes: Report
    reasoning: ReasonerResult | None
    reasoning_error: str = ""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """SHACL findings and reasoner problems (inconsistency, unsatisfiable classes) together."""
        extra = []
        if self.reasoning_error:
            extra.append(Finding("violation", "", "", "Reasoner", "reasoner", "", self.reasoning_error, "HermiT via owlready2"))
        elif self.reasoning is not None and not self.reasoning.consistent:
            extra.append(Finding("violation", "", "", "Consistency", "inconsistent ontology", "", "HermiT found the ontology inconsistent; check disjointness and domain/range axioms", "HermiT via owlready2"))
        elif self.reasoning is not None:
            for iri in self.reasoning.unsatisfiable:
                extra.append(Finding("violation", iri, "", "Unsatisfiable", "unsatisfiable class", "", "HermiT proves this class can have no members; look for conflicting parents or disjointness", "HermiT via owlready2"))
        return tuple(extra) + self.shapes.findings

    def failed(self, strict: bool = False) -> bool:
        """Violations fail; with ``strict``, warnings fail too."""
        severities = {f.severity for f in self.findings}
        return "violation" in severities or (strict and "warning" in severities)


def to_markdown(report: QualityReport, source: str, graph: Graph) -> str:
    """The report as Markdown: a summary, then one table per severity, then the inferred hierarchy."""
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    def label(iri: str) -> str:
        value = graph.value(URIRef(iri), RDFS.label)
        return f"{compress(iri)} ({value})" if value else compress(iri)

    findings = report.findings
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("violation", "warning", "info")}
    lines = [f"# CALCO quality report: `{source}`", ""]
    lines.append(f"{counts['violation']} violations, {counts['warning']} warnings, {counts['info']} infos.")
    if report.reasoning is not None:
        state = "consistent" if report.reasoning.consistent else "**inconsistent**"
        lines.append(f"Reasoner (HermiT): {state}, {len(report.reasoning.unsatisfiable)} unsatisfiable classes.")
    lines.append("")
    for severity in ("violation", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines += [f"## {severity.capitalize()}s ({len(group)})", "", "| term | rule | problem and how to fix it | rule origin |", "|---|---|---|---|"]
        for f in group:
            term = label(f.focus) if "://" in f.focus else "(anonymous class expression)" if f.focus else "(ontology)"
            lines.append(f"| {_cell(term)} | {_cell(f.rule)} | {_cell(f.message)} | {_cell(f.origin)} |")
        lines.append("")
    if report.reasoning is not None and report.reasoning.inferred:
        lines += ["## Hierarchy the reasoner adds", "", "Superclasses HermiT infers that are not asserted:", "", "| class | inferred superclass |", "|---|---|"]
        for child, parent in report.reasoning.inferred:
            lines.append(f"| {_cell(label(child))} | {_cell(label(parent))} |")
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
