"""``calco release [--date YYYY-MM-DD] [--allow-empty]``: date, rebuild, log, commit and tag a release.

ODK's release cycle, in one command: set ``owl:versionIRI`` (``.../calco/releases/DATE/calco.owl``)
and ``owl:versionInfo`` in the header, rebuild every export, diff the result against the
**previous release** (the one the header names: its annotated tag ``vDATE``, or for releases made
before tagging, the commit that added its CHANGELOG section) whatever ``exports/`` holds, prepend that
diff to ``CHANGELOG.md``, commit the release (source tables, header, exports, changelog) and create
the annotated tag ``vDATE``. A release in which no term changed is refused unless
``allow_empty``. If anything fails before the commit, the header, exports and changelog are as
they were.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pyoxigraph as ox

from calco.curate.diff import ReleaseDiff, diff_releases, to_markdown
from calco.curate.history import (
    ReleaseRef,
    find_release,
    git,
    is_repository,
    release_file,
    tag_name,
)
from calco.errors import CalcoError
from calco.export import write_exports
from calco.export.atomic import write_atomically
from calco.paths import Project
from calco.pipeline import Progress, build
from calco.validate.ingest import parse_untrusted

VERSION_IRI = re.compile(r"(owl:versionIRI\s+<http://purl\.obolibrary\.org/obo/calco/releases/)(\d{4}-\d{2}-\d{2})(/calco\.owl>)")
VERSION_INFO = re.compile(r'(owl:versionInfo\s+")(\d{4}-\d{2}-\d{2})(")')
CHANGELOG_TITLE = "# Changelog\n\nOne section per release of CALCO, newest first, written by `calco release`.\n"
#: What a release commit holds (paths relative to the project root).
RELEASED_PATHS = ("ontology", "exports", "CHANGELOG.md")


@dataclass(frozen=True)
class Released:
    """The new version, the release it was compared with, the Markdown logged, and the tag made."""

    version: str
    previous: ReleaseRef
    changes: str
    diff: ReleaseDiff
    tag: str
    commit: str


def release(project: Project, date: str | None = None, progress: Progress | None = None, *, allow_empty: bool = False) -> Released:
    """Make the dated release of ``project`` (a git work tree), tagged ``vDATE``."""
    version = date or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(version)
    except ValueError:
        raise CalcoError(f"--date {version!r} is not a date (YYYY-MM-DD)") from None
    root = project.root
    if not is_repository(root):
        raise CalcoError(f"{root} is not a git work tree; a release is a commit with an annotated tag (git init, commit the project, then release)")
    header_path = project.ontology / "calco-header.ttl"
    header = header_path.read_text(encoding="utf-8")
    iri_match, info_match = VERSION_IRI.search(header), VERSION_INFO.search(header)
    if not iri_match or not info_match:
        raise CalcoError(f"{header_path}: no dated owl:versionIRI and owl:versionInfo to update")
    old_version = info_match.group(2)
    if version <= old_version:
        raise CalcoError(f"--date {version} is not after the previous release {old_version} (the header's owl:versionInfo); a release date is never reused")
    if git(root, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag_name(version)}", check=False).returncode == 0:
        raise CalcoError(f"tag {tag_name(version)} already exists; release {version} was made before")
    previous = find_release(root, old_version)
    if previous is None:
        raise CalcoError(
            f"the previous release {old_version} (the header's owl:versionInfo) is neither a tag {tag_name(old_version)} "
            f"nor a CHANGELOG.md section in the git history, so there is nothing to diff against; "
            f"tag the commit of that release (git tag -a {tag_name(old_version)} COMMIT) and run calco release again"
        )
    previous_graph = parse_untrusted(release_file(root, previous.commit), ox.RdfFormat.TURTLE, f"release {old_version}")
    dated = VERSION_INFO.sub(rf"\g<1>{version}\g<3>", VERSION_IRI.sub(rf"\g<1>{version}\g<3>", header))
    write_atomically({header_path: dated.encode("utf-8")})
    try:
        result = build(project, write=False, progress=progress)
        assert result.graph is not None
        changes = diff_releases(previous_graph, result.graph, tag_name(old_version), tag_name(version))
        if changes.empty and not allow_empty:
            raise CalcoError(f"nothing changed since {tag_name(old_version)} ({previous.found_by}); an empty release is refused (pass --allow-empty to make one anyway)")
    except BaseException:
        write_atomically({header_path: header.encode("utf-8")})
        raise
    markdown = to_markdown(changes)
    changelog = root / "CHANGELOG.md"
    existing = changelog.read_text(encoding="utf-8") if changelog.is_file() else CHANGELOG_TITLE
    body = existing[len(CHANGELOG_TITLE) :] if existing.startswith(CHANGELOG_TITLE) else existing
    notes, body = unreleased_notes(body)
    entry = f"\n## {version}\n\nVersion IRI: http://purl.obolibrary.org/obo/calco/releases/{version}/calco.owl\n\n{notes}{markdown.rstrip()}\n"
    write_exports(project.exports, result.rendered)
    write_atomically({changelog: (CHANGELOG_TITLE + entry + body).encode("utf-8")})
    git(root, "add", "--", *RELEASED_PATHS)
    git(root, "commit", "--quiet", "-m", f"Release {tag_name(version)}", "--", *RELEASED_PATHS)
    summary = f"CALCO release {version}\n\nVersion IRI: http://purl.obolibrary.org/obo/calco/releases/{version}/calco.owl\nCompared with {tag_name(old_version)} ({previous.found_by}).\n"
    git(root, "tag", "-a", tag_name(version), "-m", summary)
    commit = git(root, "rev-parse", "HEAD").stdout.strip()
    return Released(version, previous, markdown, changes, tag_name(version), commit)


UNRELEASED = "\n## Unreleased\n"


def unreleased_notes(body: str) -> tuple[str, str]:
    """The curators' notes under ``## Unreleased`` (blank-line terminated, or ``""``) and the rest.

    Curators describe a change in their words there as they make it; the release takes those notes
    into its own section, above the computed diff, and the Unreleased heading goes.
    """
    if not body.startswith(UNRELEASED):
        return "", body
    rest = body[len(UNRELEASED) :]
    end = rest.find("\n## ")
    notes, after = (rest, "") if end < 0 else (rest[:end], rest[end:])
    notes = notes.strip()
    return (notes + "\n\n" if notes else ""), after
