"""Write files so that nothing is ever half-written, and swap a release set as one unit.

Two tools, for two needs:

- :func:`write_atomically` replaces single files (the source tables ``calco fmt`` rewrites): each
  is written to a temporary file beside its target, flushed to disk and renamed over it.
- :func:`swap_release` replaces a whole release set (``exports/``), whose files must change
  together. Under an exclusive lock on the directory it

  1. finishes or discards whatever an earlier, killed build left (:func:`recover`);
  2. writes every changed file, and the new ``MANIFEST.sha256``, to ``.<name>.calco-new`` and fsyncs them;
  3. writes the journal ``.calco-swap.json`` (the list of renames) and fsyncs the directory;
  4. renames each file into place, the manifest last, fsyncs the directory, deletes the journal.

  Readers check the files against the manifest (:func:`calco.export.manifest.verify_release`):
  before step 4 they see the whole old set, after it the whole new set, and a build killed during
  step 4 leaves files that do not match the manifest, which every reader refuses. The journal lets
  the next build roll such a swap forward (every file it names was complete on disk before the
  journal existed), so the directory converges even if that next build then fails.

Every write goes through ``os`` functions (open, write, fsync, replace, unlink), which is what the
fault-injection tests wrap to kill a build between any two file operations.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from calco.errors import CalcoError
from calco.export.manifest import JOURNAL, MANIFEST, render_manifest

#: Suffix of a release file staged for the swap (one name per file: the lock keeps builds apart).
STAGED_SUFFIX = ".calco-new"
#: What an earlier build may have left in a release directory: staged files, a half-written
#: journal, and the ``.<name>.<random>.tmp`` files of the file-by-file writer used before.
LEFTOVER = re.compile(r"^\.(?:.+\.calco-new|calco-swap\.json\.calco-new|(?:calco|MANIFEST).*\.tmp)$")


class WriteError(CalcoError):
    """The operating system refused a write (disk full, read-only, not a directory ...)."""


def describe(error: OSError) -> str:
    """One line for a failed system call: what failed, on which file."""
    reason = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        reason = "no space left on the device"
    return f"{reason} ({error.filename})" if error.filename else reason


def write_atomically(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every ``path -> bytes`` pair, each file atomically; return the paths whose content changed.

    Every file is staged before the first rename, so a full disk or a read-only directory fails
    the whole call with nothing changed (:class:`WriteError`).
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in sorted(files.items()):
            if _same(path, data):
                continue
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
                staged.append((Path(tmp_name), path))
                _write_fd(fd, data, _mode_for(path))
            except OSError as error:
                raise WriteError(f"cannot write {path}: {describe(error)}; nothing was changed") from None
        try:
            for tmp, target in staged:
                os.replace(tmp, target)
            for directory in sorted({target.parent for _, target in staged}):
                _fsync_dir(directory)
        except OSError as error:
            raise WriteError(f"cannot replace {describe(error)}") from None
        return [target for _, target in staged]
    finally:
        for tmp, _ in staged:
            _remove(tmp)


def swap_release(directory: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Replace the release set in ``directory`` with ``files`` (name -> bytes) as one unit.

    Adds ``MANIFEST.sha256``; returns the paths whose content changed (nothing is touched when
    none did). Raises :class:`WriteError` with one line that says what failed and what state the
    directory is in.
    """
    if MANIFEST in files:
        raise ValueError(f"{MANIFEST} is written by swap_release itself")
    complete = {**files, MANIFEST: render_manifest(files)}
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteError(f"cannot create the release directory: {describe(error)}; nothing was changed") from None
    with locked(directory):
        recover(directory)
        changed = [name for name in sorted(complete) if not _same(directory / name, complete[name])]
        if not changed:
            return []
        if MANIFEST in changed:  # the manifest goes last: it is what makes the new set the release
            changed = [name for name in changed if name != MANIFEST] + [MANIFEST]
        renames = [(f".{name}{STAGED_SUFFIX}", name) for name in changed]
        try:
            for staged, name in renames:
                _write_file(directory / staged, complete[name], _mode_for(directory / name))
            _write_file(directory / (JOURNAL + STAGED_SUFFIX), json.dumps({"renames": renames}, indent=1).encode() + b"\n", 0o644)
            os.replace(directory / (JOURNAL + STAGED_SUFFIX), directory / JOURNAL)
            _fsync_dir(directory)
        except OSError as error:
            _discard(directory)
            raise WriteError(f"cannot write the release into {directory}: {describe(error)}; the previous release was not changed") from None
        try:
            _roll_forward(directory, renames)
        except OSError as error:
            raise WriteError(
                f"the release in {directory} was only partly replaced ({describe(error)}); readers refuse it until `calco build` finishes the swap"
            ) from None
        return [directory / name for name in changed]


def recover(directory: Path) -> None:
    """Finish a swap a killed build left (its journal), then delete any staged or temporary leftovers.

    Call it with the directory locked (:func:`locked`), as :func:`swap_release` does.
    """
    journal = directory / JOURNAL
    if journal.exists():
        try:
            renames = [(str(staged), str(name)) for staged, name in json.loads(journal.read_text(encoding="utf-8"))["renames"]]
        except (ValueError, KeyError, TypeError):
            renames = []  # not a journal this code wrote; the leftovers go and the next swap rewrites the set
        _roll_forward(directory, renames)
    _discard(directory)


def recover_release(directory: Path) -> None:
    """Lock ``directory`` and :func:`recover` it, so a build that fails later still leaves a whole release."""
    if not (directory / JOURNAL).exists() and not any(LEFTOVER.match(p.name) for p in _entries(directory)):
        return
    try:
        with locked(directory):
            recover(directory)
    except OSError as error:
        raise WriteError(f"cannot finish the interrupted swap in {directory}: {describe(error)}") from None


@contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` (flock on the directory itself: no lock file to leave behind).

    Two builds into the same exports/ then run their swaps one after the other, and one build's
    clean-up never deletes the files another is staging.
    """
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _roll_forward(directory: Path, renames: list[tuple[str, str]]) -> None:
    for staged, name in renames:
        if "/" in staged or "/" in name:
            continue
        if (directory / staged).exists():
            os.replace(directory / staged, directory / name)
    _fsync_dir(directory)
    if (directory / JOURNAL).exists():
        os.unlink(directory / JOURNAL)
        _fsync_dir(directory)


def _discard(directory: Path) -> None:
    """Delete staged files and temporary leftovers (never a release file)."""
    for entry in _entries(directory):
        if LEFTOVER.match(entry.name):
            _remove(entry)


def _entries(directory: Path) -> list[Path]:
    try:
        return sorted(directory.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []


def _write_file(path: Path, data: bytes, mode: int) -> None:
    _write_fd(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), data, mode)


def _write_fd(fd: int, data: bytes, mode: int) -> None:
    """Write all of ``data`` to ``fd``, set its mode, fsync, close (closing even when a write fails)."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fchmod(fd, mode)
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _mode_for(path: Path) -> int:
    """Keep an existing file's mode; a new file gets the usual 0666 less the umask (mkstemp's 0600 is too private for a release)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
