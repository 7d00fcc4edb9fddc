"""``calco release [--date YYYY-MM-DD]``: date the release, rebuild, and log what changed.

Sets ``owl:versionIRI`` (``.../calco/releases/DATE/calco.owl``) and ``owl:versionInfo`` in the
header, rebuilds every export, and prepends the diff against the previous release to
``CHANGELOG.md``. If the build fails, the header is restored and nothing else has changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from calco.curate.diff import diff_releases, to_markdown
from calco.errors import CalcoError
from calco.export.atomic import write_atomically
from calco.paths import Project
from calco.pipeline import Progress, build
from calco.validate.ingest import read_untrusted

VERSION_IRI = re.compile(r"(owl:versionIRI\s+<http://purl\.obolibrary\.org/obo/calco/releases/)(\d{4}-\d{2}-\d{2})(/calco\.owl>)")
VERSION_INFO = re.compile(r'(owl:versionInfo\s+")(\d{4}-\d{2}-\d{2})(")')
CHANGELOG_TITLE = "# Changelog\n\nOne section per release of CALCO, newest first, written by `calco release`.\n"


@dataclass(frozen=True)
class Released:
    """The new version and the Markdown logged for it."""

    version: str
    changes: str


def release(project: Project, date: str | None = None, progress: Progress | None = None) -> Released:
    """Make a dated release of ``project``."""
    version = date or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(version)
    except ValueError:
        raise CalcoError(f"--date {version!r} is not a date (YYYY-MM-DD)") from None
    header_path = project.ontology / "calco-header.ttl"
    header = header_path.read_text(encoding="utf-8")
    if not VERSION_IRI.search(header) or not VERSION_INFO.search(header):
        raise CalcoError(f"{header_path}: no dated owl:versionIRI and owl:versionInfo to update")
    previous_file = project.exports / "calco.ttl"
    previous = read_untrusted(previous_file) if previous_file.is_file() else None
    old_version = VERSION_INFO.search(header).group(2)  # type: ignore[union-attr]
    dated = VERSION_INFO.sub(rf"\g<1>{version}\g<3>", VERSION_IRI.sub(rf"\g<1>{version}\g<3>", header))
    write_atomically({header_path: dated.encode("utf-8")})
    try:
        result = build(project, progress=progress)
    except BaseException:
        write_atomically({header_path: header.encode("utf-8")})
        raise
    assert result.graph is not None
    if previous is not None:
        changes = to_markdown(diff_releases(previous, result.graph, old_version, version))
    else:
        changes = "First release.\n"
    changelog = project.root / "CHANGELOG.md"
    existing = changelog.read_text(encoding="utf-8") if changelog.is_file() else CHANGELOG_TITLE
    body = existing[len(CHANGELOG_TITLE) :] if existing.startswith(CHANGELOG_TITLE) else existing
    entry = f"\n## {version}\n\nVersion IRI: http://purl.obolibrary.org/obo/calco/releases/{version}/calco.owl\n\n{changes.rstrip()}\n"
    write_atomically({changelog: (CHANGELOG_TITLE + entry + body).encode("utf-8")})
    return Released(version, changes)
