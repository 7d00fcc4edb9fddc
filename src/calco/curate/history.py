"""Where past releases live in git: annotated tags ``vYYYY-MM-DD`` (ODK style) or, for releases
made before CALCO tagged, the commit whose CHANGELOG.md gained the release's section.

``calco release`` diffs against the previous release found here, never against whatever happens to
be in ``exports/``; ``calco diff`` resolves release names (``v2026-11-23`` or ``2026-11-23``) here.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from calco.errors import CalcoError

DATE = re.compile(r"^v?(\d{4}-\d{2}-\d{2})$")
TAG_PREFIX = "v"


@dataclass(frozen=True)
class ReleaseRef:
    """A past release: its version (a date), the commit that holds its files, and how it was found."""

    version: str
    commit: str
    found_by: str


def git(repository: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in ``repository``; a failure becomes a :class:`CalcoError` naming the command."""
    try:
        completed = subprocess.run(["git", *args], cwd=repository, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise CalcoError("git is not installed; releases are git tags, so calco release and release names need git") from None
    if check and completed.returncode != 0:
        raise CalcoError(f"git {' '.join(args)} failed in {repository}: {completed.stderr.strip() or completed.stdout.strip()}")
    return completed


def is_repository(path: Path) -> bool:
    """True when ``path`` is inside a git work tree."""
    try:
        return git(path, "rev-parse", "--is-inside-work-tree", check=False).stdout.strip() == "true"
    except CalcoError:
        return False


def tag_name(version: str) -> str:
    """The annotated tag of a release, ODK style: ``v2026-12-03``."""
    return f"{TAG_PREFIX}{version}"


def find_release(repository: Path, name: str) -> ReleaseRef | None:
    """The release called ``name`` (``vDATE`` or ``DATE``), or None if ``name`` is not a release name
    or no such release exists in this repository."""
    match = DATE.match(name)
    if match is None or not is_repository(repository):
        return None
    version = match.group(1)
    tagged = git(repository, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag_name(version)}^{{commit}}", check=False)
    if tagged.returncode == 0:
        return ReleaseRef(version, tagged.stdout.strip(), f"tag {tag_name(version)}")
    # An untagged release: the commit that added its section to CHANGELOG.md (calco release wrote both).
    logged = git(repository, "log", "--format=%H", "-S", f"## {version}", "--", "CHANGELOG.md", check=False)
    commits = logged.stdout.split()
    if logged.returncode == 0 and commits:
        return ReleaseRef(version, commits[-1], f"the commit that added '## {version}' to CHANGELOG.md")
    return None


def release_file(repository: Path, commit: str, path: str = "exports/calco.ttl") -> bytes:
    """The bytes of a release file at ``commit``."""
    try:
        completed = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=repository, capture_output=True, check=False)
    except FileNotFoundError:
        raise CalcoError("git is not installed") from None
    if completed.returncode != 0:
        raise CalcoError(f"{commit} has no {path}: {completed.stderr.decode(errors='replace').strip()}")
    return completed.stdout
