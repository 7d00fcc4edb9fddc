"""CALCO for Python users, without the repository: the released files ship inside the package.

>>> import calco
>>> calco.artefact("calco.owl").name
'calco.owl'
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from rdflib import Graph

from calco.errors import CalcoError
from calco.export.manifest import verify_release


def release_directory() -> Traversable:
    """Where the release files are: inside an installed wheel (the data package ``calco.exports``),
    or in the checkout's ``exports/`` for an editable install, which maps only ``src/``."""
    try:
        return files("calco.exports")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "exports"


def artefact(name: str) -> Path:
    """Path of a release file shipped with the package (``calco.owl``, ``calco.ttl``, ``calco.obo`` ...)."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise CalcoError(f"{name!r} is not a release file name")
    directory = release_directory()
    path = Path(str(directory.joinpath(name)))
    if not path.is_file():
        available = sorted(p.name for p in directory.iterdir() if not p.name.startswith(("_", ".")))
        raise CalcoError(f"no release file {name!r}; available: {', '.join(available)}")
    verify_release(path.parent)  # the files must be one whole release, never a half-swapped mix
    return path


def graph() -> Graph:
    """CALCO's OWL graph (``calco.ttl``) as an rdflib Graph."""
    return Graph().parse(artefact("calco.ttl"), format="turtle")


def ontology() -> Any:
    """CALCO as an owlready2 ontology (loaded from ``calco.owl`` into a fresh World)."""
    from owlready2 import World

    world = World()
    return world.get_ontology(artefact("calco.owl").as_uri()).load()
