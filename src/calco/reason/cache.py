"""Remember HermiT's findings by the exact axioms it was given, so an unchanged ontology is not re-classified.

Starting the JVM and classifying costs seconds even for CALCO's 1.4k triples. The key is the
SHA-256 of the reasoner's input (sorted, sanitised N-Triples) plus the reasoner's own version, so
any edit (even to a comment, which HermiT ignores), or a new owlready2/HermiT, misses the cache:
correctness never depends on telling logical edits from the rest. Only findings are stored, never a verdict:
the pipeline judges a cached result exactly as a fresh one. A cache entry that is unreadable or
malformed is ignored and recomputed, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from calco.export.atomic import write_atomically

#: Bumped when the meaning of a cached entry changes.
_FORMAT = "calco-reason-cache/1"


def default_cache_dir() -> Path:
    """``$CALCO_CACHE_DIR``, else ``$XDG_CACHE_HOME/calco``, else ``~/.cache/calco`` (the XDG convention)."""
    explicit = os.environ.get("CALCO_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "calco"


@dataclass(frozen=True)
class ReasonCache:
    """A directory of ``reason/<sha256>.json`` files, one per distinct reasoner input."""

    directory: Path

    def key(self, reasoner_input: bytes) -> str:
        """The digest that names the entry for ``reasoner_input`` under this owlready2 (and its bundled HermiT)."""
        digest = hashlib.sha256()
        digest.update(f"{_FORMAT}\0owlready2 {version('owlready2')}\0".encode())
        digest.update(reasoner_input)
        return digest.hexdigest()

    def get(self, key: str) -> dict[str, object] | None:
        """The stored findings for ``key``, or ``None`` if absent or not in the expected shape."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if _well_formed(data) else None

    def put(self, key: str, findings: dict[str, object]) -> None:
        """Store ``findings`` atomically; a cache that cannot be written only costs the next run time."""
        try:
            write_atomically({self._path(key): json.dumps(findings, sort_keys=True).encode("utf-8")})
        except OSError:
            pass

    def _path(self, key: str) -> Path:
        return self.directory / "reason" / f"{key}.json"


def _well_formed(data: object) -> bool:
    """True for ``{"consistent": bool, "unsatisfiable": [str], "inferred": [[str, str]], "involved": [str]?}``."""
    if not isinstance(data, dict) or not isinstance(data.get("consistent"), bool):
        return False

    def strings(value: object) -> bool:
        return isinstance(value, list) and all(isinstance(x, str) for x in value)

    inferred = data.get("inferred")
    return (
        strings(data.get("unsatisfiable"))
        and strings(data.get("involved", []))
        and isinstance(inferred, list)
        and all(isinstance(pair, list) and len(pair) == 2 and strings(pair) for pair in inferred)
    )
