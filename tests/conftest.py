"""Shared fixtures: a throwaway copy of the project, and ways to run the real ``calco`` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from calco.cli import main

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "source" / "calcinosis-cutis-article.txt"


@pytest.fixture(autouse=True, scope="session")
def private_reasoner_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds in this session share one throwaway reasoner cache, never the user's ~/.cache/calco."""
    os.environ["CALCO_CACHE_DIR"] = str(tmp_path_factory.mktemp("calco-cache"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of ontology/, shapes/ and exports/ that a test may break freely."""
    for part in ("ontology", "shapes", "exports"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


@pytest.fixture
def calco() -> Callable[..., Result]:
    """Invoke the real CLI in-process: ``calco("build", "--project", path)``."""
    runner = CliRunner()

    def invoke(*args: object) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def run_calco(*args: object, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m calco`` in a fresh interpreter (for hash seeds, audit hooks, exit codes)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "calco", *[str(a) for a in args]],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        timeout=600,
        check=False,
    )


def snapshot(directory: Path) -> dict[str, bytes]:
    """The bytes of every file in a directory, by name."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def edit_table(path: Path, transform: Callable[[list[list[str]]], None]) -> None:
    """Rewrite a TSV table through ``transform`` on its rows (header included)."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    transform(rows)
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")


def column(rows: list[list[str]], name: str) -> int:
    """Index of a column by header name."""
    return rows[0].index(name)


def git(repository: Path, *args: str) -> str:
    """Run git in ``repository`` (as a test's curator would) and return its output."""
    completed = subprocess.run(["git", *args], cwd=repository, capture_output=True, text=True, check=True)
    return completed.stdout


@pytest.fixture
def git_project(project: Path) -> Path:
    """A copy of the project that is its own git repository, with the committed history's last
    release (2026-11-23, untagged: its CHANGELOG section marks it) as its first commit."""
    shutil.copy(ROOT / "CHANGELOG.md", project / "CHANGELOG.md")
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "config", "user.name", "Test Curator")
    git(project, "config", "user.email", "curator@example.org")
    git(project, "config", "commit.gpgsign", "false")
    git(project, "config", "tag.gpgsign", "false")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "CALCO as released on 2026-11-23")
    return project
