"""The release manifest: the SHA-256 of every file of one release set, written last.

``exports/MANIFEST.sha256`` is in ``sha256sum`` format (``sha256sum -c MANIFEST.sha256`` checks a
release by hand). The build renames it into place after every release file, so a directory whose
files all match it holds one whole release; a build that died while swapping files leaves files
that do not match, and every reader refuses them (:func:`verify_release`) instead of serving a
mix of two releases.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from calco.errors import CalcoError

MANIFEST = "MANIFEST.sha256"
#: The swap journal a build writes before it renames anything (see :mod:`calco.export.atomic`).
JOURNAL = ".calco-swap.json"


class IncompleteReleaseError(CalcoError):
    """The release directory does not hold one whole release (an interrupted or foreign write)."""


def digest(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def render_manifest(files: Mapping[str, bytes]) -> bytes:
    """The manifest of a release set: one ``<sha256>  <name>`` line per file, sorted by name."""
    return "".join(f"{digest(files[name])}  {name}\n" for name in sorted(files)).encode("ascii")


def parse_manifest(text: str, where: Path) -> dict[str, str]:
    """File name -> digest from a manifest's text; refuse a malformed manifest."""
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        hexdigest, sep, name = line.partition("  ")
        if not sep or len(hexdigest) != 64 or not name or "/" in name:
            raise IncompleteReleaseError(f"{where}:{number}: not a manifest line; run `calco build` to rewrite the release")
        entries[name] = hexdigest
    return entries


def verify_release(directory: Path, wanted: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Refuse ``directory`` unless every file its manifest lists is there with that digest.

    Returns the checked bytes of the ``wanted`` files, so a reader parses exactly what was checked
    (not a file a concurrent build renamed in between). Every reader of a release directory
    (queries, the endpoint, publish, ``calco validate``, the Python API) calls this first, so a
    half-swapped release is never read as if it were whole.
    """
    manifest = directory / MANIFEST
    interrupted = (directory / JOURNAL).exists()
    hint = "a build was interrupted while replacing the release; run `calco build` to finish it" if interrupted else "run `calco build` to write a whole release"
    try:
        entries = parse_manifest(manifest.read_text(encoding="ascii"), manifest)
    except FileNotFoundError:
        raise IncompleteReleaseError(f"{manifest} not found, so {directory} is not a checked release; {hint}") from None
    except (UnicodeDecodeError, OSError) as error:
        raise IncompleteReleaseError(f"cannot read {manifest} ({error}); {hint}") from None
    unlisted = [name for name in wanted if name not in entries]
    if unlisted:
        raise IncompleteReleaseError(f"{MANIFEST} in {directory} does not list {', '.join(unlisted)}; {hint}")
    checked: dict[str, bytes] = {}
    for name, expected in sorted(entries.items()):
        try:
            data = (directory / name).read_bytes()
        except FileNotFoundError:
            raise IncompleteReleaseError(f"{directory / name} is missing from the release listed in {MANIFEST}; {hint}") from None
        if digest(data) != expected:
            raise IncompleteReleaseError(f"{directory / name} does not match {MANIFEST}: the directory mixes files of two releases; {hint}")
        if name in wanted:
            checked[name] = data
    return checked
