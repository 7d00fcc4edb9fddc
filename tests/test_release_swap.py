"""The release set in exports/ is swapped as one unit, whenever the build dies.

The fault is injected, not hoped for: a child process (fork) wraps every file operation the writer
makes (``os.open``, ``os.write``, ``os.fchmod``, ``os.fsync``, ``os.close``, ``os.replace``,
``os.rename``, ``os.unlink``, ``os.mkdir``) and ends itself with ``os._exit`` right after the Nth one,
for every N from 1 to the number of operations a whole swap takes. After each kill the directory
must hold the whole old release or the whole new one as far as readers are concerned (a mix is
refused, never accepted), and the next build must clean up and converge.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from calco.export import EXPORTS, write_exports
from calco.export.atomic import recover_release
from calco.export.manifest import (
    JOURNAL,
    MANIFEST,
    IncompleteReleaseError,
    verify_release,
)
from calco.paths import Project
from calco.pipeline import build
from tests.conftest import ROOT, column, edit_table, run_calco

NAMES = sorted(e.name for e in EXPORTS)
WRAPPED = ("open", "write", "fchmod", "fsync", "close", "replace", "rename", "unlink", "mkdir")
KILLED = 77


def release_files(directory: Path) -> dict[str, bytes]:
    """The release files and manifest in ``directory`` (what readers read)."""
    return {name: (directory / name).read_bytes() for name in [*NAMES, MANIFEST] if (directory / name).is_file()}


def every_entry(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def reworded(project: Path) -> None:
    """A real change to the source: every term's definition gains a word, so most exports change."""

    def change(rows: list[list[str]]) -> None:
        i = column(rows, "definition")
        for row in rows[1:]:
            row[i] = row[i].rstrip(".") + ", as revised."

    edit_table(project / "ontology" / "terms.tsv", change)


@pytest.fixture(scope="module")
def new_release(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The rendered files of a build of a changed source (not written anywhere)."""
    project = tmp_path_factory.mktemp("changed")
    for part in ("ontology", "shapes"):
        shutil.copytree(ROOT / part, project / part)
    reworded(project)
    return build(Project(project), write=False).rendered


@pytest.fixture
def old_exports(tmp_path: Path) -> Path:
    """A copy of the committed release to swap over."""
    directory = tmp_path / "exports"
    shutil.copytree(ROOT / "exports", directory)
    return directory


def swap_in_child(directory: Path, files: dict[str, bytes], kill_after: int | None) -> int:
    """Run ``write_exports`` in a forked child that ends itself after its ``kill_after``-th file operation.

    Returns the number of operations the child made (read from a pipe), or -1 if it was killed.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            count = [0]
            real = {name: getattr(os, name) for name in WRAPPED}

            def wrap(name: str) -> Callable[..., object]:
                def operation(*args: object, **kwargs: object) -> object:
                    result = real[name](*args, **kwargs)
                    count[0] += 1
                    if count[0] == kill_after:
                        os._exit(KILLED)
                    return result

                return operation

            for name in WRAPPED:
                setattr(os, name, wrap(name))
            write_exports(directory, files)
            for name in WRAPPED:
                setattr(os, name, real[name])
            os.write(write_end, str(count[0]).encode())
            os._exit(0)
        except BaseException:  # noqa: BLE001 - report any failure as an exit status
            os._exit(3)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        reported = pipe.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == KILLED:
        return -1
    assert code == 0, f"the writer failed with exit status {code}"
    return int(reported)


def accepted(directory: Path) -> dict[str, bytes] | None:
    """What a reader accepts from ``directory``: the release files, or None if it refuses the set."""
    try:
        verify_release(directory)
    except IncompleteReleaseError:
        return None
    return release_files(directory)


def test_a_build_killed_after_any_file_operation_leaves_old_or_new_and_the_next_build_converges(old_exports: Path, new_release: dict[str, bytes], tmp_path: Path) -> None:
    old = release_files(old_exports)
    assert accepted(old_exports) == old, "the committed exports are one whole release"
    probe = tmp_path / "probe"
    shutil.copytree(old_exports, probe)
    operations = swap_in_child(probe, new_release, kill_after=None)
    new = release_files(probe)
    assert accepted(probe) == new and new != old
    changed = sum(old.get(name) != data for name, data in new.items())
    assert 3 < changed < len(new), "the change should replace several files and keep some"
    assert operations > 3 * changed, "every changed file is staged, synced and renamed"

    seen = []
    for kill_after in range(1, operations + 1):
        directory = tmp_path / f"killed-{kill_after}"
        shutil.copytree(old_exports, directory)
        assert swap_in_child(directory, new_release, kill_after) == -1 or kill_after == operations
        state = accepted(directory)
        assert state in (old, new, None), f"after operation {kill_after} a reader accepted a mixed release"
        seen.append("old" if state == old else "new" if state == new else "refused")
        # The next build first finishes or discards what the killed one left ...
        recover_release(directory)
        recovered = accepted(directory)
        assert recovered in (old, new), f"after operation {kill_after} the next build did not restore one whole release"
        assert every_entry(directory) == every_entry(old_exports if recovered == old else probe), f"leftovers after operation {kill_after}"
        # ... and then writes its own release: exactly the new set, nothing else left.
        write_exports(directory, new_release)
        assert accepted(directory) == new
        assert every_entry(directory) == every_entry(probe)
    # The kills covered every phase: before the swap, in the middle of the renames, after it.
    assert seen[0] == "old" and seen[-1] == "new" and "refused" in seen
    first_new = seen.index("new")
    assert all(s == "old" for s in seen[: seen.index("refused")]) and all(s == "new" for s in seen[first_new:])


def test_an_unchanged_release_touches_nothing(old_exports: Path) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in old_exports.iterdir()}
    assert write_exports(old_exports, {name: data for name, data in release_files(old_exports).items() if name != MANIFEST}) == []
    assert {p.name: p.stat().st_mtime_ns for p in old_exports.iterdir()} == before


def test_leftovers_of_an_earlier_crash_are_removed_by_the_next_build(old_exports: Path, new_release: dict[str, bytes]) -> None:
    """The temporaries of the file-by-file writer (``.calco.ttl.abcd1234.tmp``) and staged files of a killed swap."""
    for name in (".calco.ttl.k2j3h4g5.tmp", ".calco-base.owl.x_y9z8w7.tmp", ".MANIFEST.sha256.calco-new", ".calco.obo.calco-new", ".calco-swap.json.calco-new"):
        (old_exports / name).write_bytes(b"half a file")
    (old_exports / ".keep-me").write_text("not ours")
    write_exports(old_exports, new_release)
    assert every_entry(old_exports) == sorted([".keep-me", "README.md", MANIFEST, *NAMES])
    assert accepted(old_exports) == {**new_release, MANIFEST: (old_exports / MANIFEST).read_bytes()}


def test_a_mixed_set_is_refused_by_every_reader_and_the_next_build_restores_it(project: Path) -> None:
    """End to end with the real CLI: a build killed after its third rename in exports/."""
    hooks = project / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""
            import os

            _replace, _count = os.replace, [0]

            def replace(source, target, **kwargs):
                _replace(source, target, **kwargs)
                if str(target).startswith({str(project / "exports")!r}):
                    _count[0] += 1
                    if _count[0] == 3:
                        os._exit(137)

            os.replace = replace
            """
        )
    )
    reworded(project)
    killed = run_calco("build", "--project", project, env={"PYTHONPATH": f"{hooks}:{ROOT / 'src'}"})
    assert killed.returncode == 137
    assert (project / "exports" / JOURNAL).exists(), "the kill fell inside the swap"
    readers = (
        ["query", "ASK { ?s ?p ?o }"],
        ["validate", "--no-reason"],
        ["serve", "--port", "0"],
        ["docs", "--out", project / "site"],
        ["publish", "--endpoint", "http://127.0.0.1:9/store", "--graph", "http://example.org/g"],
    )
    for command in readers:
        refused = run_calco(*command, "--project", project)
        assert refused.returncode != 0, f"calco {command[0]} read a half-swapped release"
        assert not (project / "site").exists()
        assert "run `calco build` to finish it" in refused.stderr and "Traceback" not in refused.stderr, refused.stderr
    # A next build that fails in load still finishes the swap: the exports are whole again.
    terms = project / "ontology" / "terms.tsv"
    good = terms.read_bytes()
    terms.write_bytes(good.replace(b"\tCALCO:", b"\tCALCO:X", 1))
    failed = run_calco("build", "--project", project)
    assert failed.returncode == 1
    verify_release(project / "exports")
    assert not (project / "exports" / JOURNAL).exists()
    terms.write_bytes(good)
    rebuilt = run_calco("build", "--project", project)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert run_calco("query", "ASK { ?s ?p ?o }", "--project", project).returncode == 0
    assert not [p.name for p in (project / "exports").iterdir() if p.name.startswith(".")]


def test_the_python_api_refuses_a_mixed_release(old_exports: Path, new_release: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    import calco
    import calco.api

    monkeypatch.setattr(calco.api, "release_directory", lambda: old_exports)
    assert calco.artefact("calco.owl") == old_exports / "calco.owl"
    (old_exports / "calco.ttl").write_bytes(new_release["calco.ttl"])  # one file of the next release swapped in
    with pytest.raises(IncompleteReleaseError, match="mixes files of two releases"):
        calco.graph()
    with pytest.raises(IncompleteReleaseError, match="run `calco build`"):
        calco.artefact("calco.owl")
