"""docs/curation.md's "add a term" walk-through, replayed step by step in a git copy of the project.

Blocks are read in order: a ```console block's ``$ calco ...`` lines are run with the real CLI and
the lines after each must appear in what it printed; a ```tsv PATH block's row is appended to that
table (columns it does not show stay empty). So the page cannot drift from the tools.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import ROOT, git

DOC = (ROOT / "docs" / "curation.md").read_text(encoding="utf-8")
SECTION = DOC.split("## Add a term: a worked walk-through", 1)[1].split("\n### ", 1)[0]
BLOCK = re.compile(r"```(console|tsv)([^\n]*)\n(.*?)```", re.S)


def steps() -> list[tuple[str, str, str]]:
    return [(kind, target.strip(), body) for kind, target, body in BLOCK.findall(SECTION)]


def test_the_walkthrough_has_commands_and_rows() -> None:
    kinds = [kind for kind, _, _ in steps()]
    assert kinds.count("console") >= 4 and kinds.count("tsv") == 2
    commands = [line for _, _, body in steps() for line in body.splitlines() if line.startswith("$ ")]
    assert [c.split()[1] for c in commands] == ["calco"] * len(commands)
    assert {c.split()[2] for c in commands} >= {"mint", "build", "diff", "release", "docs"}


def append_row(table: Path, block: str) -> None:
    shown, row = (line.split("\t") for line in block.strip().splitlines())
    header = table.read_text(encoding="utf-8").splitlines()[0].split("\t")
    values = dict(zip(shown, row, strict=True))
    assert set(values) <= set(header), f"{table.name} has no column {set(values) - set(header)}"
    with table.open("a", encoding="utf-8") as handle:
        handle.write("\t".join(values.get(column, "") for column in header) + "\n")


def test_replay_the_walkthrough(git_project: Path, calco: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(git_project)  # as a curator runs them: from the checkout
    for kind, target, body in steps():
        if kind == "tsv":
            append_row(git_project / target, body)
            continue
        lines = body.strip().splitlines()
        for index, line in enumerate(lines):
            if not line.startswith("$ "):
                continue
            expected = []
            for following in lines[index + 1 :]:
                if following.startswith("$ "):
                    break
                expected.append(following)
            args = shlex.split(line[2:])[1:]
            result = calco(*args, "--project", git_project)
            assert result.exit_code == 0, f"{line}\n{result.output}"
            for want in expected:
                assert want in result.output, f"{line}: the doc promises {want!r}; it printed:\n{result.output}"
    assert git(git_project, "cat-file", "-t", "v2026-12-03").strip() == "tag"
    changelog = (git_project / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "#### CALCO:0000018 avoidance of skin strain after surgery" in changelog.split("## 2026-11-23", 1)[0]
    page = git_project / "site" / "terms" / "CALCO_0000018.html"
    assert "avoidance of skin strain after surgery" in page.read_text(encoding="utf-8")
