"""Stage 1, load: read ``ontology/`` and refuse anything outside its schema.

Every problem is collected with its file, line and column before failing, so a curator
fixes a broken spreadsheet in one pass instead of one error per build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from calco.article import ArticleRecord, parse_record, parse_wording
from calco.collector import collector_paused
from calco.errors import Problem, SourceError
from calco.evidence import (
    FINGERPRINT_FILE,
    WORDING_FILE,
    check_locators,
    check_own_words,
    verify_article,
)
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

T = TypeVar("T")


#: The parts ``load_source`` reads, in order, for ``on_part`` progress (the import modules last).
PARTS = (HEADER_FILE, IMPORTS_FILE, TERMS_FILE, RELATIONS_FILE, MAPPINGS_FILE, FINGERPRINT_FILE, WORDING_FILE, "imports/")


def load_source(directory: Path, *, article: Path | None = None, on_part: Callable[[str, int, int], None] | None = None) -> Source:
    """Read and check the source files in ``directory``; raise :class:`SourceError` on any defect.

    Every article locator is checked against the recorded structure (``article-fingerprint.tsv``);
    given ``article``, a copy of the article, every recorded sentence fingerprint is checked too.
    ``on_part(name, count, total)`` is told as each part of :data:`PARTS` is read: at 100k terms
    the tables take seconds, and a progress bar shows how far the stage is.
    """
    with collector_paused():
        return _load(directory, article, on_part)


def _load(directory: Path, article: Path | None, on_part: Callable[[str, int, int], None] | None) -> Source:
    """:func:`load_source`'s work, with the collector paused."""

    def read(name: str, reader: Callable[[], T]) -> T:
        value = reader()
        if on_part:
            on_part(name, PARTS.index(name) + 1, len(PARTS))
        return value

    problems: list[Problem] = []
    missing = [
        name
        for name in (HEADER_FILE, TERMS_FILE, RELATIONS_FILE, IMPORTS_FILE, MAPPINGS_FILE, FINGERPRINT_FILE, WORDING_FILE)
        if not (directory / name).is_file()
    ]
    if missing:
        raise SourceError(
            [Problem(directory / name, 0, "", "file is missing; every source file is required") for name in missing]
        )
    header, relations = read(HEADER_FILE, lambda: read_header(directory / HEADER_FILE, problems))
    imports = read(IMPORTS_FILE, lambda: read_imports(directory / IMPORTS_FILE, problems))
    terms = read(TERMS_FILE, lambda: read_terms(directory / TERMS_FILE, problems))
    assertions = read(RELATIONS_FILE, lambda: read_assertions(directory / RELATIONS_FILE, problems))
    mappings = read(MAPPINGS_FILE, lambda: read_mappings(directory / MAPPINGS_FILE, problems))
    record = read(FINGERPRINT_FILE, lambda: _read_record(directory / FINGERPRINT_FILE, problems))
    wording = read(WORDING_FILE, lambda: _read_wording(directory / WORDING_FILE, problems))
    modules = read("imports/", lambda: read_modules(directory, problems))
    if problems:
        raise SourceError(problems)
    for imported in imports:
        iri = expand(imported.id)
        if imported.kind == "relation" and iri is not None:
            relations[imported.id] = Relation(imported.id, iri)
    source = Source(directory, header, terms, assertions, imports, mappings, relations, record, wording, modules)
    check_source(source, problems)
    check_locators(source, record, problems)
    check_own_words(source, problems)
    check_modules(source, problems)
    if problems:
        raise SourceError(problems)
    if article is not None:
        problems = verify_article(source, record, article)
        if problems:
            raise SourceError(problems)
    return source


def _read_record(path: Path, problems: list[Problem]) -> ArticleRecord:
    """The article's recorded structure, its malformed rows reported like any table's."""
    return _read_article_file(path, parse_record, ArticleRecord(path, ()), problems)


def _read_wording(path: Path, problems: list[Problem]) -> frozenset[str]:
    """The article's recorded eight-word runs (hashes only), its malformed rows reported."""
    return _read_article_file(path, parse_wording, frozenset(), problems)


def _read_article_file(path: Path, parse: Callable[[Path], tuple[T, list[tuple[int, str]]]], empty: T, problems: list[Problem]) -> T:
    """One of the article's records, parsed by ``parse``; ``empty`` when it is not UTF-8."""
    try:
        value, defects = parse(path)
    except UnicodeDecodeError as error:
        problems.append(Problem(path, 0, "", f"not UTF-8 ({error.reason})"))
        return empty
    problems.extend(Problem(path, line, "", message) for line, message in defects)
    return value

