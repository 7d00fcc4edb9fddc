"""Read the committed import modules (``ontology/imports/*_import.ttl``) and check the tables against them.

The build reads only these files, never the upstream release files: they are small (a few
hundred terms) and load in milliseconds. A reused ID that a module marks obsolete, or whose
label differs from the module's, fails the load stage with the upstream's replacement named.
"""

from __future__ import annotations

from itertools import compress
from operator import attrgetter, itemgetter, methodcaller
from pathlib import Path

from calco.errors import CalcoError, Problem
from calco.imports.check import check_reuse
from calco.imports.extract import SPECS, Module
from calco.model import Source

MODULES_DIR = "imports"

_ID, _OBJECT = attrgetter("id"), attrgetter("object")
#: A CURIE's prefix as ``spec_for`` reads it (``split(":", 1)[0]``), in C.
_PARTITION, _FIRST = methodcaller("partition", ":"), itemgetter(0)


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
    # Only a mapping whose object's prefix has a module is looked up (``check_reuse`` passes over
    # the others), and only its subject's names are compared: at 100k terms, casefolding every
    # label and synonym and finding a module for each of 100,000 cross-references was 0.2 s.
    with_module = {prefix for spec in SPECS for prefix in spec.prefixes}
    mappings = list(compress(source.mappings, map(with_module.__contains__, map(_FIRST, map(_PARTITION, map(_OBJECT, source.mappings))))))
    subjects = {m.subject for m in mappings}
    terms = list(compress(source.terms, map(subjects.__contains__, map(_ID, source.terms))))
    problems += check_reuse(source.directory, source.imports, mappings, terms, {m.name: m for m in source.modules})
