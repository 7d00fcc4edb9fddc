"""Stage 1, load: read ``ontology/`` and refuse anything outside its schema.

Every problem is collected with its file, line and column before failing, so a curator
fixes a broken spreadsheet in one pass instead of one error per build.
"""

from __future__ import annotations

from pathlib import Path

from calco.errors import Problem, SourceError
from calco.load.checks import check_source
from calco.load.header import read_header
from calco.load.modules import check_modules, read_modules
from calco.load.tables import read_assertions, read_imports, read_mappings, read_terms
from calco.model import Relation, Source
from calco.prefixes import expand

HEADER_FILE = "calco-header.ttl"
TERMS_FILE = "terms.tsv"
RELATIONS_FILE = "relations.tsv"
IMPORTS_FILE = "imports.tsv"
MAPPINGS_FILE = "mappings.tsv"


def load_source(directory: Path) -> Source:
    """Read and check the source files in ``directory``; raise :class:`SourceError` on any defect."""
    problems: list[Problem] = []
    missing = [
        name
        for name in (HEADER_FILE, TERMS_FILE, RELATIONS_FILE, IMPORTS_FILE, MAPPINGS_FILE)
        if not (directory / name).is_file()
    ]
    if missing:
        raise SourceError(
            [Problem(directory / name, 0, "", "file is missing; every source file is required") for name in missing]
        )
    header, relations = read_header(directory / HEADER_FILE, problems)
    imports = read_imports(directory / IMPORTS_FILE, problems)
    terms = read_terms(directory / TERMS_FILE, problems)
    assertions = read_assertions(directory / RELATIONS_FILE, problems)
    mappings = read_mappings(directory / MAPPINGS_FILE, problems)
    modules = read_modules(directory, problems)
    if problems:
        raise SourceError(problems)
    for imported in imports:
        iri = expand(imported.id)
        if imported.kind == "relation" and iri is not None:
            relations[imported.id] = Relation(imported.id, iri)
    source = Source(directory, header, terms, assertions, imports, mappings, relations, modules)
    check_source(source, problems)
    check_modules(source, problems)
    if problems:
        raise SourceError(problems)
    return source

