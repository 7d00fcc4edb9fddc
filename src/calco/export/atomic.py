"""Write a set of export files all-or-nothing.

Every file is rendered and checked in memory first, written to a temporary file beside its
target, flushed to disk, and only then renamed over the target; if anything fails, the
temporaries are removed and the previous exports stay byte-identical.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_atomically(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every ``path -> bytes`` pair; return the paths whose content changed."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in sorted(files.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fchmod(handle.fileno(), _mode_for(path))
                os.fsync(handle.fileno())
            staged.append((Path(tmp_name), path))
        changed = [target for _, target in staged if not _same(target, files[target])]
        for tmp, target in staged:
            os.replace(tmp, target)
        for directory in {target.parent for _, target in staged}:
            _fsync_dir(directory)
        return changed
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()


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
    except FileNotFoundError:
        return False


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
