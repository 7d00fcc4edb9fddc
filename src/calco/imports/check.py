"""Check CALCO's reused IDs and mappings against upstream: label as upstream has it, not obsolete, exactness.

The same check runs against the committed modules (every build), against freshly extracted
modules (``calco imports refresh``) and, in the tests, against the release files themselves, so
a relabelled or obsoleted upstream term stops the build with the replacement upstream names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from calco.errors import Problem
from calco.imports.extract import Module, spec_for
from calco.imports.upstream import UpstreamTerm
from calco.model import ImportedTerm, Term
from calco.model import Mapping as MappingRow

#: A mapping comment containing this says why a same-label mapping is not ``skos:exactMatch``.
NOT_EXACT_NOTE = "not exact"
EXACT = "skos:exactMatch"


def check_reuse(
    directory: Path,
    imports: Iterable[ImportedTerm],
    mappings: Iterable[MappingRow],
    terms: Iterable[Term],
    modules: Mapping[str, Module],
) -> list[Problem]:
    """Every problem of ``imports.tsv`` and ``mappings.tsv`` rows against ``modules`` (by name)."""
    problems: list[Problem] = []
    for row in imports:
        found = _lookup(row.id, modules)
        if isinstance(found, str):
            if found:
                problems.append(Problem(directory / "imports.tsv", row.line, "id", found))
            continue
        problems += _term_problems(directory / "imports.tsv", row.line, row.id, row.label, "label", found, modules)
    names = {t.id: {t.label.casefold(), *(s.casefold() for s in (*t.exact_synonyms, *t.related_synonyms, *t.narrow_synonyms, *t.broad_synonyms, *t.latin_synonyms))} for t in terms}
    for mapping in mappings:
        found = _lookup(mapping.object, modules)
        if isinstance(found, str):
            if found:
                problems.append(Problem(directory / "mappings.tsv", mapping.line, "object_id", found))
            continue
        where = directory / "mappings.tsv"
        problems += _term_problems(where, mapping.line, mapping.object, mapping.object_label, "object_label", found, modules)
        same = found.label and found.label.casefold() in names.get(mapping.subject, set())
        if same and mapping.predicate != EXACT and NOT_EXACT_NOTE not in mapping.comment.casefold():
            problems.append(
                Problem(
                    where,
                    mapping.line,
                    "predicate_id",
                    f"{mapping.object} ({found.label}) has the label or a synonym of {mapping.subject}, so the mapping is skos:exactMatch; "
                    f"if it is not, say why in the comment (with the words {NOT_EXACT_NOTE!r})",
                )
            )
    return problems


def _lookup(curie: str, modules: Mapping[str, Module]) -> UpstreamTerm | str:
    """The upstream record of ``curie``; or why there is none ("" when none is expected)."""
    spec = spec_for(curie)
    if spec is None or spec.name not in modules:
        return ""
    module = modules[spec.name]
    term = module.term(curie)
    if term is not None:
        return term
    if curie in module.missing_ids:
        return ""
    return f"{curie} is not in ontology/imports/{module.file_name}; run calco imports refresh with the upstream files to extract it"


def _term_problems(path: Path, line: int, curie: str, label: str, column: str, term: UpstreamTerm, modules: Mapping[str, Module]) -> list[Problem]:
    problems = []
    source = _source_name(curie, modules)
    if term.deprecated:
        problems.append(Problem(path, line, "id" if column == "label" else "object_id", f"{curie} ({term.label}) is obsolete in {source}; {_replacement(term, modules)}"))
    elif term.label and term.label != label:
        problems.append(Problem(path, line, column, f"{curie} is labelled {term.label!r} in {source}, not {label!r}; copy the upstream label exactly"))
    return problems


def _replacement(term: UpstreamTerm, modules: Mapping[str, Module]) -> str:
    """The upstream's own advice: its replacement (``term_replaced_by``) or candidates (``consider``)."""

    def named(curie: str) -> str:
        spec = spec_for(curie)
        other = modules[spec.name].term(curie) if spec and spec.name in modules else None
        return f"{curie} ({other.label})" if other and other.label else curie

    if term.replaced_by:
        return "use its replacement " + ", ".join(named(c) for c in term.replaced_by)
    if term.consider:
        return "upstream suggests considering " + ", ".join(named(c) for c in term.consider)
    return "upstream names no replacement; choose another term"


def _source_name(curie: str, modules: Mapping[str, Module]) -> str:
    spec = spec_for(curie)
    module = modules[spec.name] if spec else None
    if module is None or not module.sources:
        return "its upstream file"
    return " + ".join(f"{s.name} ({s.version})" for s in module.sources)
