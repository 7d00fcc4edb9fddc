"""The curated source as plain, immutable Python values: what `load` produces and `assemble` reads.

Keeping the tables' content in small frozen records (rather than passing rdflib graphs
around) keeps `load` testable on its own and lets each later stage be a pure function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rdflib import Graph

from calco.article import ArticleRecord

if TYPE_CHECKING:
    from calco.imports.extract import Module

R = TypeVar("R")


@dataclass(frozen=True)
class Term:
    """One row of ``terms.tsv``: a class CALCO mints."""

    id: str
    label: str
    parents: tuple[str, ...]
    definition: str
    definition_sources: tuple[str, ...]
    exact_synonyms: tuple[str, ...] = ()
    related_synonyms: tuple[str, ...] = ()
    narrow_synonyms: tuple[str, ...] = ()
    broad_synonyms: tuple[str, ...] = ()
    latin_synonyms: tuple[str, ...] = ()
    comment: str = ""
    prognosis: str = ""
    prognosis_sources: tuple[str, ...] = ()
    obsolete: bool = False
    replaced_by: str = ""
    consider: tuple[str, ...] = ()
    obsolescence_reason: str = ""
    line: int = 0


@dataclass(frozen=True)
class Assertion:
    """One row of ``relations.tsv``: ``subject relation some object``, with its evidence.

    Several objects are alternatives: ``subject relation some (A or B)``.
    """

    subject: str
    relation: str
    objects: tuple[str, ...]
    sources: tuple[str, ...]
    note: str
    qualifier: str = ""
    line: int = 0


@dataclass(frozen=True)
class ImportedTerm:
    """One row of ``imports.tsv``: an external term reused by its IRI, and where it was checked."""

    id: str
    label: str
    kind: str
    confirmed_in: str
    version: str
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Mapping:
    """One row of ``mappings.tsv``: a CALCO term's mapping or cross-reference, with its justification."""

    subject: str
    predicate: str
    object: str
    object_label: str
    justification: str
    confirmed_in: str
    comment: str
    line: int = 0


@dataclass(frozen=True)
class Relation:
    """An object property a ``relations.tsv`` row may name (a CALCO property or an imported RO one)."""

    name: str
    iri: str


@dataclass(frozen=True)
class Source:
    """Everything under ``ontology/``, checked cell by cell and across tables."""

    directory: Path
    header: Graph
    terms: tuple[Term, ...]
    assertions: tuple[Assertion, ...]
    imports: tuple[ImportedTerm, ...]
    mappings: tuple[Mapping, ...] = ()
    relations: dict[str, Relation] = field(default_factory=dict)
    #: The article's recorded structure (``article-fingerprint.tsv``), through which locators resolve.
    article: ArticleRecord | None = None
    #: Hashes of every run of eight words of the article (``article-wording.tsv``), for the own-words rule.
    wording: frozenset[str] = frozenset()
    #: The committed import modules (``ontology/imports/``): upstream terms with their ancestry.
    modules: tuple[Module, ...] = ()


def positional_constructor(cls: type[R]) -> Callable[..., R]:
    """A constructor of the frozen record ``cls`` taking every field positionally, for the loader.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (one call per
    field: 1.7 us for a :class:`Term`, most of building 400,000 records at 100k terms). This one
    fills the new instance's ``__dict__`` in one call instead, so the record is the same value
    (same fields, equality, hash and repr; still frozen afterwards) at a third of the cost. Every
    field must be given: defaults are not applied.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    source = f"def build({', '.join(names)}):\n    record = new(cls)\n    record.__dict__.update({', '.join(f'{n}={n}' for n in names)})\n    return record\n"
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    exec(source, namespace)  # the generated code names only the record's own fields, as dataclasses' own __init__ does
    return namespace["build"]
