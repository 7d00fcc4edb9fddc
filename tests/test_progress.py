"""Long stages say when they start and how far they are: start lines per stage, a progress bar over
the countable work (export files, site pages)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from calco.cli import ProgressBar
from calco.export import EXPORTS


def test_build_says_when_each_stage_starts_and_counts_the_source_and_export_files(project: Path, calco: Callable[..., Result]) -> None:
    result = calco("build", "--project", project)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for stage in ("load", "assemble", "reason", "validate", "export"):
        started = next(i for i, line in enumerate(lines) if line.startswith(stage) and "started" in line)
        finished = next(i for i, line in enumerate(lines) if line.startswith(stage) and " s  " in line)
        assert started < finished, stage
    total = len(EXPORTS)
    counts = [line for line in lines if line.startswith("  export files ")]
    assert counts[-1].startswith(f"  export files {total}/{total} (100%)")
    assert len(counts) == 4, "in a log, one line per quarter: moving, not flooding"
    from calco.load import PARTS

    loads = [line for line in lines if line.startswith("  load files ")]
    assert loads[-1].startswith(f"  load files {len(PARTS)}/{len(PARTS)} (100%)") and len(loads) == 4, "the load stage counts its source files"
    assert lines.index(loads[0]) > next(i for i, line in enumerate(lines) if line.startswith("load") and "started" in line)


def test_docs_counts_its_pages(project: Path, calco: Callable[..., Result]) -> None:
    result = calco("docs", "--project", project)
    assert result.exit_code == 0, result.output
    assert "docs: reading" in result.output and "docs: pages " in result.output and "(100%)" in result.output


def test_the_bar_draws_in_place_on_a_terminal(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = ProgressBar("rows")
    for done in range(1, 11):
        bar(done, 10, f"row {done}")
    err = capsys.readouterr().err
    assert err.count("\r") == 10 and "[" + "#" * ProgressBar.WIDTH + "] 10/10" in err and err.endswith("\n")


def test_the_build_runs_with_the_cyclic_collector_paused_and_restores_it(project: Path) -> None:
    """Each stage's progress is reported from inside the build: the collector is off there, and on again after."""
    import gc

    from calco.paths import Project
    from calco.pipeline import Event, build

    states: list[bool] = []

    def watch(event: Event) -> None:
        states.append(gc.isenabled())

    assert gc.isenabled()
    build(Project(project), write=False, reasoner="structural", progress=watch)
    assert states and not any(states), "the collector ran during the build"
    assert gc.isenabled(), "the build left the caller's collector off"
