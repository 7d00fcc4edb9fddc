"""Where a CALCO project keeps its parts: ``ontology/``, ``shapes/``, ``exports/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from calco.errors import CalcoError


@dataclass(frozen=True)
class Project:
    """The directories of one CALCO checkout."""

    root: Path

    @property
    def ontology(self) -> Path:
        """The curated source: the only files curators edit."""
        return self.root / "ontology"

    @property
    def shapes(self) -> Path:
        """SHACL shapes, one file per family of rules."""
        return self.root / "shapes"

    @property
    def exports(self) -> Path:
        """Generated release files, committed."""
        return self.root / "exports"


def find_project(start: Path | None = None) -> Project:
    """Find the checkout containing ``start`` (default: the working directory) by its ``ontology/calco-header.ttl``."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "ontology" / "calco-header.ttl").is_file():
            return Project(candidate)
    raise CalcoError(f"no CALCO project found at or above {here} (looked for ontology/calco-header.ttl); run from a checkout or pass --project")
