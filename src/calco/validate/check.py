"""``calco validate``: read any RDF or OBO file as untrusted input, run the shapes and the reasoner, report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from calco.errors import StageError
from calco.export.atomic import write_atomically
from calco.reason import run_hermit
from calco.reason.cache import ReasonCache
from calco.validate.ingest import read_untrusted
from calco.validate.report import QualityReport, to_markdown
from calco.validate.run import DEFAULT_VALIDATOR, Validator, validate_graph
from calco.validate.shacl import Engine, format_report, load_shapes

REPORT_MD = "validation-report.md"
RESULTS_TTL = "validation-results.ttl"


@dataclass(frozen=True)
class Outcome:
    """A finished validation: the report, the graph it was about, and the file's name."""

    report: QualityReport
    graph: Graph
    source: str

    @property
    def text(self) -> str:
        """The terminal summary: findings by severity, and the reasoner's verdict."""
        lines = [format_report(self.report.shapes)]
        reasoning = self.report.reasoning
        if self.report.reasoning_error:
            lines.append(f"reasoner: {self.report.reasoning_error}")
        elif reasoning is not None:
            verdict = "consistent" if reasoning.consistent else "INCONSISTENT"
            lines.append(f"reasoner: {verdict}; {len(reasoning.unsatisfiable)} unsatisfiable; {len(reasoning.inferred)} inferred is-a{reasoning.cache_note}")
            lines += [f"  unsatisfiable: {iri}" for iri in reasoning.unsatisfiable]
        return "\n".join(lines)

    def write(self, directory: Path) -> list[Path]:
        """Write the Markdown report and the SHACL results graph (Turtle) into ``directory``."""
        files = {
            directory / REPORT_MD: to_markdown(self.report, self.source, self.graph).encode("utf-8"),
            directory / RESULTS_TTL: self.report.shapes.results.serialize(format="longturtle", encoding="utf-8"),
        }
        write_atomically(files)
        return sorted(files)


def check_file(
    path: Path,
    shapes_dir: Path,
    *,
    reason: bool = True,
    reasoner_timeout: float = 120.0,
    engine: Engine = "turbo",
    cache: ReasonCache | None = None,
    validator: Validator = DEFAULT_VALIDATOR,
) -> Outcome:
    """Parse ``path`` safely, validate it against the shapes and (optionally) classify it."""
    graph = read_untrusted(path)
    shapes_report = validate_graph(graph, load_shapes(shapes_dir), validator, engine=engine)
    reasoning, error = None, ""
    if reason:
        try:
            reasoning = run_hermit(graph, reasoner_timeout, 2000, cache, identity=_file_identity(path))
        except StageError as failure:
            error = str(failure)
    return Outcome(QualityReport(shapes_report, reasoning, error), graph, path.name)


def _file_identity(path: Path) -> bytes:
    """What names a file's reasoner findings in the cache: its format (by suffix) and its bytes.

    Parsing gives blank nodes fresh labels each time, so the file, not the parsed graph, is what
    stays the same between two runs over an unchanged file.
    """
    return b"file " + path.suffix.lower().encode() + b"\0" + path.read_bytes()
