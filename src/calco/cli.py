"""The ``calco`` command: build, validate, query.

Commands stay thin: they parse options, call one library function, print, and map outcomes
to exit codes. Expected failures (:class:`CalcoError`) print a message, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from calco.errors import CalcoError, SourceError, StageError, UnusableInputError
from calco.paths import Project, find_project

PROJECT_OPTION = click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="CALCO checkout to work on (default: the one containing the working directory).",
)


def _project(path: Path | None) -> Project:
    return Project(path.resolve()) if path else find_project()


@click.group()
@click.version_option(package_name="calco")
def main() -> None:
    """CALCO, the Calcinosis Cutis Ontology: build, check, query."""


@main.command()
@PROJECT_OPTION
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Write exports here instead of exports/.")
@click.option("--reasoner-timeout", type=float, default=300.0, show_default=True, help="Seconds HermiT may run before the build fails.")
def build(project: Path | None, out: Path | None, reasoner_timeout: float) -> None:
    """Run load -> assemble -> reason -> validate -> export over ontology/."""
    from calco.pipeline import build as run_build

    def progress(stage: str, seconds: float, summary: str) -> None:
        click.echo(f"{stage:<9} {seconds:7.2f} s  {summary}", err=True)

    try:
        result = run_build(_project(project), out, reasoner_timeout=reasoner_timeout, progress=progress)
    except SourceError as error:
        click.echo(f"build failed in load: {len(error.problems)} problem(s) in the source tables:", err=True)
        click.echo(str(error), err=True)
        sys.exit(1)
    except CalcoError as error:
        click.echo(f"build failed: {error}", err=True)
        sys.exit(1)
    total = sum(result.timings.values())
    for path in result.changed:
        click.echo(f"wrote {path}", err=True)
    click.echo(f"built in {total:.2f} s", err=True)


@main.command()
@PROJECT_OPTION
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Write validation-report.md and validation-results.ttl here.")
@click.option("--reason/--no-reason", default=True, show_default=True, help="Also check consistency and satisfiability with HermiT.")
@click.option("--reasoner-timeout", type=float, default=120.0, show_default=True)
@click.option("--engine", type=click.Choice(["turbo", "pyshacl"]), default="turbo", show_default=True, help="SHACL engine (same shapes, same findings).")
def validate(project: Path | None, path: Path | None, strict: bool, report_dir: Path | None, reason: bool, reasoner_timeout: float, engine: str) -> None:
    """Check PATH (Turtle, RDF/XML, JSON-LD or OBO; default: exports/calco.ttl) against CALCO's rules.

    PATH is read as untrusted input: nothing it names is fetched. Exit status: 0 conforms
    (warnings allowed), 1 violations (or warnings with --strict), 2 unusable input.
    """
    from calco.validate.check import check_file

    try:
        where = _project(project)
        target = path or where.exports / "calco.ttl"
        outcome = check_file(target, where.shapes, reason=reason, reasoner_timeout=reasoner_timeout, engine=engine)  # type: ignore[arg-type]
    except (UnusableInputError, CalcoError) as error:
        click.echo(f"cannot validate: {error}", err=True)
        sys.exit(2)
    click.echo(outcome.text)
    if report_dir is not None:
        for written in outcome.write(report_dir):
            click.echo(f"wrote {written}", err=True)
    sys.exit(1 if outcome.report.failed(strict) else 0)


@main.command()
@PROJECT_OPTION
@click.argument("query")
@click.option("--format", "output", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
def query(project: Path | None, query: str, output: str) -> None:
    """Run a SPARQL QUERY (text, or a path to a .rq file) over the built exports."""
    import pyoxigraph as ox

    from calco import query as q

    text = Path(query).read_text(encoding="utf-8") if query.endswith((".rq", ".sparql")) and Path(query).is_file() else query
    try:
        store = q.open_store(_project(project).exports)
        result = q.run(store, text)
    except UnusableInputError as error:
        click.echo(f"query refused: {error}", err=True)
        sys.exit(2)
    except CalcoError as error:
        click.echo(f"query failed: {error}", err=True)
        sys.exit(1)
    if isinstance(result, ox.QueryBoolean):
        click.echo("true" if bool(result) else "false")
    elif isinstance(result, ox.QuerySolutions):
        if output == "table":
            click.echo(q.format_table(q.to_table(result)))
        else:
            formats = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}
            sys.stdout.buffer.write(result.serialize(format=formats[output]) or b"")
    else:
        sys.stdout.buffer.write(result.serialize(format=ox.RdfFormat.TURTLE) or b"")


if __name__ == "__main__":  # pragma: no cover
    main()
