"""The ``calco`` command: build, validate, query.

Commands stay thin: they parse options, call one library function, print, and map outcomes
to exit codes. Expected failures (:class:`CalcoError`) print a message, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from calco.errors import CalcoError, SourceError, UnusableInputError
from calco.paths import Project, find_project

if TYPE_CHECKING:
    from calco.pipeline import Event
    from calco.reason.cache import ReasonCache

PROJECT_OPTION = click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="CALCO checkout to work on (default: the one containing the working directory).",
)


REASONER_CACHE_OPTION = click.option(
    "--no-reasoner-cache",
    is_flag=True,
    help="Run HermiT even if these exact axioms were classified before (the cache is $CALCO_CACHE_DIR, else ~/.cache/calco).",
)


def _reason_cache(disabled: bool) -> ReasonCache | None:
    """The user's reasoner cache, unless ``--no-reasoner-cache`` was given."""
    from calco.reason.cache import ReasonCache, default_cache_dir

    return None if disabled else ReasonCache(default_cache_dir())


def _project(path: Path | None) -> Project:
    return Project(path.resolve()) if path else find_project()


@contextmanager
def reported(verb: str, *, failed: int = 1, refused: int = 2) -> Iterator[None]:
    """Turn expected failures into one line on stderr and an exit status, never a traceback.

    Refused input (invalid, hostile, wrong arguments) exits ``refused``; other failures ``failed``.
    """
    try:
        yield
    except UnusableInputError as error:
        click.echo(f"{verb} refused: {error}", err=True)
        sys.exit(refused)
    except CalcoError as error:
        click.echo(f"{verb} failed: {error}", err=True)
        sys.exit(failed)
    except OSError as error:  # the environment refused (disk full, read-only, gone): one line, not a traceback
        from calco.export.atomic import describe

        click.echo(f"{verb} failed: {describe(error)}", err=True)
        sys.exit(failed)


#: Export files quicker than this are not listed one by one (CALCO's own take milliseconds).
STEP_SHOWN_FROM_S = 1.0


class ProgressBar:
    """How far a countable piece of work is (export files, site pages), on stderr.

    On a terminal, one bar redrawn in place; in a log (CI, a pipe), a line at each quarter, so a
    long run shows it is moving without flooding the log.
    """

    WIDTH = 30

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.quarter = 0

    def __call__(self, done: int, total: int, note: str = "") -> None:
        if total <= 0:
            return
        if self.tty:
            filled = self.WIDTH * done // total
            end = "\n" if done >= total else ""
            click.echo(f"\r{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total} {note:<28.28}{end}", err=True, nl=False)
            return
        quarter = 4 * done // total
        if quarter > self.quarter:
            self.quarter = quarter
            click.echo(f"{self.label} {done}/{total} ({25 * quarter}%){' ' + note if note else ''}", err=True)


#: The progress bar of the stage now running (load: its source files; export: its release files).
_STAGE_BAR: dict[str, ProgressBar] = {}


def _progress(event: Event) -> None:
    """A line when a stage starts and when it ends; a progress bar over the export files; long
    export files and still-running stages in between."""
    if event.kind == "start":
        click.echo(f"{event.stage:<9}   ...     {event.summary}", err=True)
        if event.stage in ("load", "export"):
            _STAGE_BAR[event.stage] = ProgressBar(f"  {event.stage} files")
    elif event.kind == "done":
        click.echo(f"{event.stage:<9} {event.seconds:7.2f} s  {event.summary}", err=True)
    elif event.kind == "running":
        click.echo(f"{event.stage:<9} {event.seconds:7.0f} s  still running", err=True)
    else:
        if event.seconds >= STEP_SHOWN_FROM_S:
            click.echo(f"  {event.summary:<24} {event.seconds:7.2f} s", err=True)
        if event.total and event.stage in _STAGE_BAR:
            _STAGE_BAR[event.stage](event.count, event.total, event.summary)


VALIDATOR_OPTION = click.option(
    "--validator",
    type=click.Choice(["shacl", "sparql"]),
    default="sparql",
    show_default=True,
    help="sparql: the shapes translated to SPARQL and run by Oxigraph (the same findings as pySHACL, at the query engine's cost); shacl: the SHACL engine itself, the reference (--engine for validate).",
)


@click.group()
@click.version_option(package_name="calco")
def main() -> None:
    """CALCO, the Calcinosis Cutis Ontology: build, check, query."""


@main.command()
@PROJECT_OPTION
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Write exports here instead of exports/.")
@click.option("--reasoner-timeout", type=float, default=300.0, show_default=True, help="Seconds HermiT may run before the build fails.")
@click.option(
    "--reasoner",
    type=click.Choice(["hermit", "structural"]),
    default="hermit",
    show_default=True,
    help="structural: fast mode for large inputs; skips OWL 2 DL reasoning, so inconsistency and unsatisfiable classes go undetected.",
)
@REASONER_CACHE_OPTION
@click.option(
    "--article",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A copy of the source article: verify every sentence fingerprint against it (default: $CALCO_ARTICLE, else ../shared/source/calcinosis-cutis-article.txt when present).",
)
@VALIDATOR_OPTION
def build(project: Path | None, out: Path | None, reasoner_timeout: float, reasoner: str, no_reasoner_cache: bool, article: Path | None, validator: str) -> None:
    """Run load -> assemble -> reason -> validate -> export over ontology/."""
    from calco.pipeline import build as run_build

    with reported("build"):
        try:
            result = run_build(
                _project(project), out, reasoner_timeout=reasoner_timeout, reasoner=reasoner, progress=_progress,
                cache=_reason_cache(no_reasoner_cache), article=article, validator=validator,  # type: ignore[arg-type]
            )
        except SourceError as error:
            click.echo(f"build failed in load: {len(error.problems)} problem(s) in the source tables:", err=True)
            click.echo(str(error), err=True)
            sys.exit(1)
    for path in result.changed:
        click.echo(f"wrote {path}", err=True)
    click.echo(f"built in {result.wall:.2f} s", err=True)


@main.command()
@PROJECT_OPTION
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Write validation-report.md and validation-results.ttl here.")
@click.option("--reason/--no-reason", default=True, show_default=True, help="Also check consistency and satisfiability with HermiT.")
@click.option("--reasoner-timeout", type=float, default=120.0, show_default=True)
@click.option("--engine", type=click.Choice(["turbo", "pyshacl"]), default="turbo", show_default=True, help="SHACL engine (same shapes, same findings).")
@REASONER_CACHE_OPTION
@VALIDATOR_OPTION
def validate(project: Path | None, path: Path | None, strict: bool, report_dir: Path | None, reason: bool, reasoner_timeout: float, engine: str, no_reasoner_cache: bool, validator: str) -> None:
    """Check PATH (Turtle, RDF/XML, JSON-LD or OBO; default: exports/calco.ttl) against CALCO's rules.

    PATH is read as untrusted input: nothing it names is fetched. Exit status: 0 conforms
    (warnings allowed), 1 violations (or warnings with --strict), 2 unusable input.
    """
    from calco.validate.check import check_file

    with reported("validate", failed=2):
        where = _project(project)
        if path is None:  # the release itself: only one whole release is checked, never a half-swapped mix
            from calco.export.manifest import verify_release

            verify_release(where.exports)
        target = path or where.exports / "calco.ttl"
        outcome = check_file(target, where.shapes, reason=reason, reasoner_timeout=reasoner_timeout, engine=engine, cache=_reason_cache(no_reasoner_cache), validator=validator)  # type: ignore[arg-type]
    click.echo(outcome.text)
    if report_dir is not None:
        for written in outcome.write(report_dir):
            click.echo(f"wrote {written}", err=True)
    sys.exit(1 if outcome.report.failed(strict) else 0)


@main.command()
@PROJECT_OPTION
@click.argument("query", required=False)
@click.argument("values", nargs=-1)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--format", "output", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds before the query is stopped.")
@click.option("--max-rows", type=int, default=10_000, show_default=True, help="Stop after this many result rows.")
def query(project: Path | None, query: str | None, values: tuple[str, ...], list_queries: bool, output: str, timeout: float, max_rows: int) -> None:
    """Run QUERY over the built exports: a named query (with its VALUES), a .rq file, or SPARQL text.

    Examples: calco query causes-of "dystrophic calcinosis cutis";
    calco query 'SELECT ?f WHERE { ?f rdfs:subClassOf CALCO:0000001 }'. Exit status: 0 answered,
    1 failed (no exports, time limit), 2 refused (invalid, SERVICE/LOAD, wrong arguments).
    """
    from calco.named import named_queries, require_known_name
    from calco.query import execute
    from calco.results import render

    shipped = named_queries()
    if list_queries:
        for name, named in shipped.items():
            params = " ".join(p.upper() for p, _ in named.parameters)
            click.echo(f"{name} {params}\n    {named.description}")
            for p, help_text in named.parameters:
                click.echo(f"    {p.upper()}: {help_text}")
        return
    if not query:
        raise click.UsageError("give a query (SPARQL text, a .rq file or a named query) or --list")
    with reported("query"):
        substitutions = None
        if query in shipped:
            substitutions = shipped[query].bind(list(values))
            text = shipped[query].text
        elif values:
            raise UnusableInputError(f"{query!r} is not a named query, so it takes no values (see calco query --list)")
        elif query.endswith((".rq", ".sparql")) and Path(query).is_file():
            text = Path(query).read_text(encoding="utf-8")
        else:
            text = query
        answer = execute(_project(project).exports, text, substitutions, timeout_s=timeout, max_rows=max_rows)
        if substitutions is not None and not answer.rows:
            # Every named query matches its NAME against labels and synonyms, so only an empty
            # answer can mean an unknown name: the names are loaded only then.
            require_known_name(_project(project).exports, substitutions)
    click.echo(render(answer, output).rstrip("\n"))
    if answer.truncated:
        click.echo(f"warning: stopped at --max-rows {max_rows}", err=True)


@main.command()
@PROJECT_OPTION
@click.option("--port", type=int, default=7878, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds a query may run before it is stopped.")
def serve(project: Path | None, port: int, timeout: float) -> None:
    """Serve the built exports as a read-only SPARQL endpoint on 127.0.0.1 until Ctrl-C or SIGTERM."""
    import errno

    from calco.serve import serve_until_stopped

    with reported("serve"):
        try:
            serve_until_stopped(_project(project).exports, port, timeout, announce=lambda line: click.echo(line, err=False))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES) and error.filename is None:
                raise CalcoError(f"cannot listen on 127.0.0.1:{port}: {error.strerror}") from None
            raise
    click.echo("stopped", err=True)


@main.command()
@PROJECT_OPTION
@click.option("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store or http://host:8890/sparql-graph-crud-auth")
@click.option("--graph", "graph_iri", required=True, help="IRI of the named graph to replace with the release.")
@click.option("--user", default=None, help="User name (Digest or Basic auth, as the server asks).")
@click.option("--password", default=None, envvar="CALCO_PUBLISH_PASSWORD", help="Password (or set CALCO_PUBLISH_PASSWORD).")
@click.option("--update-endpoint", default=None, help="SPARQL update URL for the final MOVE (default: derived from --endpoint).")
def publish(project: Path | None, endpoint: str, graph_iri: str, user: str | None, password: str | None, update_endpoint: str | None) -> None:
    """Push the release into a triple store: validate, upload to a staging graph, verify, then replace GRAPH."""
    from calco.publish import publish as push

    where = _project(project)
    with reported("publish"):
        result = push(where.exports, where.shapes, endpoint, graph_iri, user=user, password=password, update_endpoint=update_endpoint, on_wait=lambda line: click.echo(line, err=True))
    click.echo(f"published {result.triples} triples to <{result.graph}>")


@main.command()
@PROJECT_OPTION
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a table is not in canonical form.")
def fmt(project: Path | None, check: bool) -> None:
    """Normalise the source tables: column order, trimmed cells, sorted set-valued cells, sorted rows.

    Only tables that load cleanly are formatted, and their content never changes; otherwise fmt
    lists the loader's problems and changes nothing.
    """
    from calco.curate.fmt import format_tables, unformatted

    with reported("fmt"):
        directory = _project(project).ontology
        try:
            if check:
                pending = unformatted(directory)
                for name in pending:
                    click.echo(f"{directory / name} is not normalised; run calco fmt", err=True)
                sys.exit(1 if pending else 0)
            changed = format_tables(directory)
        except SourceError as error:
            click.echo(f"fmt refused: {len(error.problems)} problem(s) in the source tables, so nothing was changed; fix these first:", err=True)
            click.echo(str(error), err=True)
            sys.exit(1)
        for path in changed:
            click.echo(f"formatted {path}", err=True)


@main.command()
@PROJECT_OPTION
@click.argument("term_or_locator")
@click.option("--article", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Your copy of the source article: also print each cited sentence, verified by its fingerprint.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def evidence(project: Path | None, term_or_locator: str, article: Path | None, output: str) -> None:
    """Show the facts about TERM_OR_LOCATOR (a CURIE or label) or resting on it (article:<section>/<sentence>), with their evidence.

    With --article, each cited sentence is read from that copy and printed only if it matches the
    fingerprint CALCO recorded; a copy that differs is refused (exit 2).
    """
    from calco.evidence_lookup import look_up, to_json, to_text, verify_with_article
    from calco.load import load_source

    with reported("evidence"):
        found = look_up(load_source(_project(project).ontology), term_or_locator)
        if article is not None:
            found = verify_with_article(found, article)
    click.echo((to_json(found) if output == "json" else to_text(found)).rstrip("\n"))


@main.command("record-article")
@PROJECT_OPTION
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def record_article(project: Path | None, article: Path) -> None:
    """Record ARTICLE's structure (sentence fingerprints, eight-word hashes) in ontology/, after the article changed.

    Lists the sentences whose fingerprint changed: re-read each, fix the rows citing it, then rebuild.
    """
    from calco.evidence import record_article as record

    with reported("record-article"):
        changed = record(_project(project).ontology, article)
    for reference in changed:
        click.echo(f"changed: {reference}")
    click.echo(f"recorded {article}; {len(changed)} sentence(s) changed")


@main.command()
@PROJECT_OPTION
@click.option("--curator", required=True, help="Your name as in ontology/calco-idranges.owl (allocatedto); the ID comes from your range.")
def mint(project: Path | None, curator: str) -> None:
    """Print the next free CALCO ID in CURATOR's range (never one used before: tables, last build, git history)."""
    from calco.curate.mint import next_id

    with reported("mint"):
        where = _project(project)
        click.echo(next_id(where.ontology, curator, where.exports / "calco.ttl"))


@main.command()
@PROJECT_OPTION
@click.argument("term_id")
@click.option("--reason", required=True, help="Why (IAO:0000231): terms-merged, term-split, term-imported, out-of-scope, failed-exploratory-term, placeholder-removed, or its CURIE.")
@click.option("--replaced-by", default=None, help="The live term that replaces it exactly (IAO:0100001): a CALCO term or an imported class.")
@click.option("--consider", multiple=True, help="A live term to consider instead (oboInOwl:consider), when there is no exact replacement; repeatable.")
@click.option("--repoint", is_flag=True, help="Re-point the rows that use it (children's parents, relation objects, its mappings) to --replaced-by, and list them.")
def obsolete(project: Path | None, term_id: str, reason: str, replaced_by: str | None, consider: tuple[str, ...], repoint: bool) -> None:
    """Obsolete TERM_ID by the OBO rules: 'obsolete ' label, 'OBSOLETE. ' definition, a reason, no logical axioms, replaced-by or consider."""
    from calco.curate.obsolete import obsolete as retire

    with reported("obsolete"):
        done = retire(_project(project).ontology, term_id, reason, replaced_by, consider, repoint=repoint)
    click.echo(f"obsoleted {done.id} ({done.label}), reason {done.reason}; {len(done.changes)} row(s) changed (lines as before the edit):")
    for change in done.changes:
        click.echo(f"  {change}")
    for note in done.notes:
        click.echo(f"  note: {note}")
    click.echo("review them, then run calco build")


@main.command()
@PROJECT_OPTION
@click.argument("old")
@click.argument("new")
@click.option("--format", "output", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
def diff(project: Path | None, old: str, new: str, output: str) -> None:
    """What changed from OLD to NEW: every axiom and annotation of each added, changed or obsoleted term, reused terms included.

    OLD and NEW are release files, release names (v2026-11-23 or 2026-11-23) or git revisions
    (whose exports/calco.ttl is compared).
    """
    from calco.curate.diff import diff_releases, load_release, to_json, to_markdown

    with reported("diff", failed=2):
        root = _project(project).root
        changes = diff_releases(load_release(old, root), load_release(new, root), old, new)
    click.echo(to_json(changes) if output == "json" else to_markdown(changes))


@main.command()
@PROJECT_OPTION
@click.option("--date", default=None, help="Release date YYYY-MM-DD (default: today).")
@click.option("--allow-empty", is_flag=True, help="Release even if no term changed since the previous release.")
def release(project: Path | None, date: str | None, allow_empty: bool) -> None:
    """Date the release, rebuild, diff against the previous release, log it in CHANGELOG.md, commit and tag vDATE."""
    from calco.curate.release import release as make_release

    with reported("release"):
        done = make_release(_project(project), date, progress=_progress, allow_empty=allow_empty)
    click.echo(f"compared with {done.previous.version} ({done.previous.found_by}): {len(done.diff.terms)} entities changed")
    click.echo(f"released {done.version}: commit {done.commit[:12]}, annotated tag {done.tag}; CHANGELOG.md updated")
    click.echo(f"publish it with: git push origin HEAD {done.tag}")


@main.command()
@PROJECT_OPTION
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Output directory (default: site/).")
def docs(project: Path | None, out: Path | None) -> None:
    """Write a static HTML site: a page per class (reused ones too), the collapsible hierarchy, search, picture, downloads."""
    from rdflib import Graph

    from calco.export.manifest import verify_release
    from calco.site import build_site

    where = _project(project)
    release_file = where.exports / "calco.ttl"
    if not release_file.is_file():
        click.echo(f"docs failed: {release_file} not found; run calco build", err=True)
        sys.exit(1)
    target = out or where.root / "site"
    click.echo(f"docs: reading {release_file}", err=True)
    advance = ProgressBar("docs: pages")
    with reported("docs"):
        checked = verify_release(where.exports, ("calco.ttl",))  # one whole release, never a half-swapped mix
        build_site(Graph().parse(data=checked["calco.ttl"], format="turtle"), target, where.exports, progress=advance)
    click.echo(f"wrote the site to {target / 'index.html'}")


@main.command()
@PROJECT_OPTION
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="SVG file to write (default: docs/hierarchy.svg, shown in the README).")
def picture(project: Path | None, out: Path | None) -> None:
    """Draw the hierarchy of CALCO's terms (and the reused terms above them) as an SVG."""
    from rdflib import Graph

    from calco.picture import write_picture

    where = _project(project)
    with reported("picture"):
        target = out or where.root / "docs" / "hierarchy.svg"
        changed = write_picture(Graph().parse(where.exports / "calco.ttl", format="turtle"), target)
    click.echo(f"{'wrote' if changed else 'unchanged:'} {target}")


@main.group()
def imports() -> None:
    """Import modules: the upstream terms CALCO reuses, with their ancestry (ontology/imports/)."""


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name or not text:
            raise click.BadParameter(f"{value!r}: write FILE_NAME=VALUE", param_hint=option)
        pairs[name] = text
    return pairs


@imports.command("refresh")
@PROJECT_OPTION
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--version", "versions", multiple=True, metavar="FILE_NAME=VERSION", help="Version (commit or release) of a file that does not state one, e.g. mondo-rare_edges.tsv=fad2512b.")
@click.option("--date", "dates", multiple=True, metavar="FILE_NAME=YYYY-MM-DD", help="Date of a file that does not state one.")
def imports_refresh(project: Path | None, files: tuple[Path, ...], versions: tuple[str, ...], dates: tuple[str, ...]) -> None:
    """Re-extract the import modules from upstream release FILES (hp.obo, maxo.obo, MONDO's modules and tables).

    Writes ontology/imports/<name>_import.ttl for every module the files feed, prints what changed,
    then checks imports.tsv and mappings.tsv against the new modules. Exit status 1 when a reused
    term is now obsolete or relabelled upstream (the build fails until the tables are fixed).
    """
    from calco.imports.refresh import refresh

    with reported("imports refresh"):
        result = refresh(_project(project).ontology, list(files), _pairs(versions, "--version"), _pairs(dates, "--date"))
    for change in result.changes:
        for line in change.lines() or [f"{change.module}: no term changed"]:
            click.echo(line)
    for path in result.written:
        click.echo(f"wrote {path}", err=True)
    for unused in result.unused:
        click.echo(f"note: {unused}", err=True)
    for problem in result.problems:
        click.echo(f"problem: {problem}", err=True)
    sys.exit(1 if result.problems else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
