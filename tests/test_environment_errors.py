"""Environmental failures (disk full, a directory that cannot be written) end in one clear line,
a non-zero exit and no traceback, and change nothing.

Root ignores file modes, so "read-only" is a place no process can write: a path under a regular
file, or /proc. A full disk is injected at the write layer of a real ``calco`` process (a
sitecustomize that makes ``os.write`` to files in the target directory fail with ENOSPC after
writing part of one), since a real full file system needs a mount the tests cannot make.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, edit_table, run_calco
from tests.test_release_swap import reworded


def every_file(directory: Path) -> dict[str, bytes]:
    """Every entry, hidden ones included, so a leftover temporary file counts as a change."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def disk_full_in(directory: Path, hooks: Path) -> dict[str, str]:
    """Environment for a calco process whose writes into ``directory`` fail with ENOSPC from the third file on."""
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""
            import errno
            import os

            _open, _write, _close = os.open, os.write, os.close
            _ours, _files = set(), [0]

            def open_(path, flags, *args, **kwargs):
                fd = _open(path, flags, *args, **kwargs)
                if str(path).startswith({str(directory)!r}) and flags & (os.O_WRONLY | os.O_RDWR):
                    _ours.add(fd)
                    _files[0] += 1
                return fd

            def write(fd, data):
                if fd in _ours and _files[0] >= 3:
                    _write(fd, bytes(data[: len(data) // 2]))
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return _write(fd, data)

            def close(fd):
                _ours.discard(fd)
                return _close(fd)

            os.open, os.write, os.close = open_, write, close
            """
        )
    )
    return {"PYTHONPATH": f"{hooks}:{ROOT / 'src'}"}


def one_line(stderr: str, verb: str) -> str:
    assert "Traceback" not in stderr, stderr
    failures = [line for line in stderr.splitlines() if f"{verb} failed" in line]
    assert len(failures) == 1, stderr
    return failures[0]


def test_disk_full_while_writing_the_release(project: Path) -> None:
    reworded(project)
    before = every_file(project / "exports")
    completed = run_calco("build", "--project", project, env=disk_full_in(project / "exports", project / "hooks"))
    assert completed.returncode == 1
    line = one_line(completed.stderr, "build")
    assert "no space left on the device" in line and line.endswith("the previous release was not changed"), line
    assert every_file(project / "exports") == before, "the exports must be byte-identical, with no partial file left"


def test_disk_full_while_formatting_the_tables(project: Path) -> None:
    for name in ("terms.tsv", "relations.tsv", "imports.tsv"):
        edit_table(project / "ontology" / name, lambda rows: rows.__setitem__(slice(1, None), list(reversed(rows[1:]))))
    before = every_file(project / "ontology")
    completed = run_calco("fmt", "--project", project, env=disk_full_in(project / "ontology", project / "hooks"))
    assert completed.returncode == 1
    line = one_line(completed.stderr, "fmt")
    assert "no space left on the device" in line and line.endswith("nothing was changed"), line
    assert every_file(project / "ontology") == before


@pytest.mark.parametrize("place", ["under-a-file", "proc"])
def test_a_release_directory_that_cannot_be_written(place: str, project: Path, tmp_path: Path) -> None:
    if place == "under-a-file":
        (tmp_path / "a-file").write_text("not a directory")
        out = tmp_path / "a-file" / "exports"
    else:
        out = Path("/proc")
    completed = run_calco("build", "--project", project, "--out", out)
    assert completed.returncode == 1
    line = one_line(completed.stderr, "build")
    assert line.endswith(("nothing was changed", "the previous release was not changed")), line
    assert str(out) in line
