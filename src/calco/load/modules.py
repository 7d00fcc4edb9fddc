"""Read the committed import modules (``ontology/imports/*_import.ttl``) and check the tables against them.

The build reads only these files, never the upstream release files: they are small (a few
hundred terms) and load in milliseconds. A reused ID that a module marks obsolete, or whose
label differs from the module's, fails the load stage with the upstream's replacement named.
"""

from __future__ import annotations

from pathlib import Path

from calco.errors import CalcoError, Problem
from calco.imports.check import check_reuse
from calco.imports.extract import Module
from calco.model import Source

MODULES_DIR = "imports"


def read_modules(directory: Path, problems: list[Problem]) -> tuple[Module, ...]:
    """Every ``*_import.ttl`` under ``directory/imports``, in name order; unreadable ones are problems."""
    from calco.imports.rdf import (
        read_module,  # calco.export -> calco.load -> here: import when called
    )

    modules = []
    for path in sorted((directory / MODULES_DIR).glob("*_import.ttl")):
        try:
            modules.append(read_module(path))
        except CalcoError as error:
            problems.append(Problem(path, 0, "", str(error)))
    return tuple(modules)


def check_modules(source: Source, problems: list[Problem]) -> None:
    """``imports.tsv`` and ``mappings.tsv`` against the modules: labels, obsoletion, exact matches."""
    problems += check_reuse(source.directory, source.imports, source.mappings, source.terms, {m.name: m for m in source.modules})
