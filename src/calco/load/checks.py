"""Checks across tables: every reference defined, IDs unique, no subclass cycles.

These need the whole source at once, so they run after each table passed its cell checks.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain, compress, repeat
from operator import and_, attrgetter, contains, lt, methodcaller, not_
from pathlib import Path
from typing import TypeVar

from calco.errors import Problem
from calco.load.text import label_keys
from calco.model import Source, Term
from calco.prefixes import expand

#: Imported kinds that are not classes a table may point at (ECO types are evidence annotation
#: values; obsolescence reasons are OMO individuals).
CLASS_KINDS_EXCLUDED = ("relation", "evidence", "obsolescence_reason")

#: The one relation whose subject may be a reused term: a therapy for a cause belongs to the cause
#: (docs/decisions.md), so a disease that causes a CALCO form may be ``treated_by`` something.
CAUSE_SUBJECT_RELATIONS = ("treated_by",)
#: The definition of an obsolete term starts so (OBO convention, FP-019: "MAY prefix ... consistently").
OBSOLETE_DEFINITION_PREFIX = "OBSOLETE. "
XREF = "oboInOwl:hasDbXref"
CAUSED_BY = "caused_by"

K = TypeVar("K")

#: Field getters and tests applied in C over whole tables (``map``), so a check visits only the
#: rows it may have something to say about.
_ID, _LABEL, _DEFINITION, _PARENTS = attrgetter("id"), attrgetter("label"), attrgetter("definition"), attrgetter("parents")
_OBSOLETE, _REPLACED_BY, _CONSIDER, _REASON = attrgetter("obsolete"), attrgetter("replaced_by"), attrgetter("consider"), attrgetter("obsolescence_reason")
_SUBJECT, _RELATION, _OBJECTS = attrgetter("subject"), attrgetter("relation"), attrgetter("objects")
_PREDICATE, _OBJECT = attrgetter("predicate"), attrgetter("object")
_STARTS_OBSOLETE = methodcaller("startswith", "obsolete")
_STARTS_OBSOLETE_DEFINITION = methodcaller("startswith", OBSOLETE_DEFINITION_PREFIX.strip())


def check_source(source: Source, problems: list[Problem]) -> None:
    """Append a :class:`Problem` for every cross-table defect in ``source``."""
    terms_path = source.directory / "terms.tsv"
    relations_path = source.directory / "relations.tsv"
    imports_path = source.directory / "imports.tsv"

    terms = source.terms
    ids = list(map(_ID, terms))
    term_ids: dict[str, Term] = {}
    if len(set(ids)) == len(ids):  # nearly always: then no term is defined twice
        term_ids = dict(zip(ids, terms, strict=True))
    else:
        for term in terms:
            if term.id in term_ids:
                problems.append(Problem(terms_path, term.line, "id", f"{term.id} is defined twice (first on line {term_ids[term.id].line})"))
            else:
                term_ids[term.id] = term
    keys = label_keys(list(map(_LABEL, terms)))
    if len(set(keys)) != len(keys):
        first_label: dict[str, Term] = {}
        for term, key in zip(terms, keys, strict=True):
            if key in first_label and first_label[key].id != term.id:
                problems.append(
                    Problem(terms_path, term.line, "label", f"{term.label!r} is also the label of {first_label[key].id} (line {first_label[key].line}); labels must be unique")
                )
            first_label.setdefault(key, term)

    import_ids: set[str] = set()
    for imported in source.imports:
        if imported.id in import_ids:
            problems.append(Problem(imports_path, imported.line, "id", f"{imported.id} is listed twice"))
        import_ids.add(imported.id)
        if imported.id.startswith("CALCO:"):
            problems.append(Problem(imports_path, imported.line, "id", f"{imported.id} is CALCO's own; define it in terms.tsv"))
        elif expand(imported.id) is None:
            problems.append(Problem(imports_path, imported.line, "id", f"{imported.id} has an unknown prefix; add it to calco.prefixes.PREFIX_MAP"))
    imported_classes = {i.id for i in source.imports if i.kind not in CLASS_KINDS_EXCLUDED}
    classes = set(term_ids) | imported_classes

    live = set(compress(ids, map(not_, map(_OBSOLETE, terms))))
    reasons = {i.id for i in source.imports if i.kind == "obsolescence_reason"}
    if not set(map(_REASON, terms)) <= reasons | {""}:
        for term in terms:
            if term.obsolescence_reason and term.obsolescence_reason not in reasons:
                problems.append(Problem(terms_path, term.line, "obsolescence_reason", f"{term.obsolescence_reason} is not listed in imports.tsv with kind obsolescence_reason"))
    # Built once: a union per term made this loop quadratic (1.6 s at 10k terms, minutes at 100k).
    replacements = live | imported_classes
    obsolete_ids = set(term_ids) - live
    parents = list(map(_PARENTS, terms))
    named = set(chain.from_iterable(parents))
    bad_parents = (named - classes) | (named & obsolete_ids)
    # Only a term one of these marks can have a problem below (each is a condition the loop tests),
    # so the loop visits those alone, in table order; the marks are computed in C over all terms.
    marked = map(
        any,
        zip(
            map(_OBSOLETE, terms),
            map(_STARTS_OBSOLETE, map(_LABEL, terms)),
            map(_STARTS_OBSOLETE_DEFINITION, map(_DEFINITION, terms)),
            map(_REPLACED_BY, terms),
            map(_CONSIDER, terms),
            map(_REASON, terms),
            map(not_, parents),
            map(not_, map(bad_parents.isdisjoint, parents)),
            map(contains, parents, ids),
            strict=True,
        ),
    )
    for term in compress(terms, marked):
        _check_lifecycle(terms_path, term, replacements, problems)
        if not term.obsolete and not term.parents:
            problems.append(Problem(terms_path, term.line, "parents", "is empty but required (only obsolete terms have no parents)"))
        for parent in term.parents:
            if parent not in classes:
                problems.append(Problem(terms_path, term.line, "parents", f"{parent} is not defined in terms.tsv or imports.tsv"))
            elif parent == term.id:
                problems.append(Problem(terms_path, term.line, "parents", f"{term.id} is its own parent"))
            elif parent in term_ids and parent not in live:
                problems.append(Problem(terms_path, term.line, "parents", f"{parent} is obsolete; use its replacement"))
    for cycle_term in _terms_in_cycles(term_ids):
        term = term_ids[cycle_term]
        problems.append(Problem(terms_path, term.line, "parents", f"{term.id} ({term.label}) is in a subclass cycle"))

    _check_assertions(source, relations_path, term_ids, live, classes, problems)
    mappings_path = source.directory / "mappings.tsv"
    mappings = source.mappings
    subjects, predicates, objects = list(map(_SUBJECT, mappings)), list(map(_PREDICATE, mappings)), list(map(_OBJECT, mappings))
    unknown = {o for o in set(compress(objects, map(XREF.__ne__, predicates))) if expand(o) is None}
    mapping_keys = list(zip(subjects, predicates, objects, strict=True))
    repeated_mappings = _repeated(mapping_keys)
    marked = map(any, zip(map(not_, map(term_ids.__contains__, subjects)), map(unknown.__contains__, objects), map(repeated_mappings.__contains__, mapping_keys), strict=True))
    seen_mappings: dict[tuple[str, str, str], int] = {}
    for mapping in compress(mappings, marked):
        if mapping.subject not in term_ids:
            problems.append(Problem(mappings_path, mapping.line, "subject_id", f"{mapping.subject} is not defined in terms.tsv"))
        if mapping.predicate != XREF and expand(mapping.object) is None:
            problems.append(Problem(mappings_path, mapping.line, "object_id", f"{mapping.object} has an unknown prefix; SKOS mappings need an IRI (add the prefix to calco.prefixes.PREFIX_MAP)"))
        mapping_key = (mapping.subject, mapping.predicate, mapping.object)
        if mapping_key in seen_mappings:
            problems.append(Problem(mappings_path, mapping.line, "", f"repeats the mapping on line {seen_mappings[mapping_key]}"))
        seen_mappings.setdefault(mapping_key, mapping.line)


def _check_assertions(source: Source, relations_path: Path, term_ids: dict[str, Term], live: set[str], classes: set[str], problems: list[Problem]) -> None:
    """The rows of ``relations.tsv``: subjects, relations and objects defined and live, no row repeated.

    As for the terms, only a row one of the loop's conditions marks is visited (every row with a
    subject that is not a live CALCO term, an unknown relation, an object not defined or obsolete,
    or a repeated key), so the rows' problems and their order are those of a loop over every row.
    """
    rows = source.assertions
    subjects, relations, objects = list(map(_SUBJECT, rows)), list(map(_RELATION, rows)), list(map(_OBJECTS, rows))
    named = set(chain.from_iterable(objects))
    bad_objects = (named - classes) | (named & (set(term_ids) - live))
    row_keys = list(zip(subjects, relations, objects, strict=True))
    repeated = _repeated(row_keys)
    if set(subjects) <= live and set(relations) <= source.relations.keys() and not bad_objects and not repeated:
        return  # nothing the loop tests can be true of any row
    # Some row is marked: each test of the return above fails only where a row's does here.
    marked = map(
        any,
        zip(
            map(not_, map(live.__contains__, subjects)),
            map(not_, map(source.relations.__contains__, relations)),
            map(not_, map(bad_objects.isdisjoint, objects)),
            map(repeated.__contains__, row_keys),
            strict=True,
        ),
    )
    causes = set(chain.from_iterable(compress(objects, map(and_, map(CAUSED_BY.__eq__, relations), map(term_ids.__contains__, subjects)))))
    seen_rows: dict[tuple[str, str, tuple[str, ...]], int] = {}
    for row in compress(rows, marked):
        if row.subject in causes and row.subject not in term_ids:
            if row.relation not in CAUSE_SUBJECT_RELATIONS:
                problems.append(Problem(relations_path, row.line, "subject", f"{row.subject} is a reused term; CALCO asserts only its treatment (as a cause of a CALCO form), not {row.relation}"))
        elif row.subject not in term_ids:
            hint = " (a reused term may be a subject only with treated_by, and only if it is the caused_by object of a CALCO term)" if row.subject in classes else ""
            problems.append(Problem(relations_path, row.line, "subject", f"{row.subject} is not defined in terms.tsv{hint}"))
        if row.relation not in source.relations:
            known = ", ".join(sorted(source.relations))
            problems.append(Problem(relations_path, row.line, "relation", f"unknown relation {row.relation!r}; allowed: {known}"))
        if row.subject in term_ids and row.subject not in live:
            problems.append(Problem(relations_path, row.line, "subject", f"{row.subject} is obsolete; obsolete terms take part in no relation"))
        for obj in row.objects:
            if obj not in classes:
                problems.append(Problem(relations_path, row.line, "object", f"{obj} is not defined in terms.tsv or imports.tsv"))
            elif obj in term_ids and obj not in live:
                problems.append(Problem(relations_path, row.line, "object", f"{obj} is obsolete; point at its replacement"))
        row_key = (row.subject, row.relation, row.objects)
        if row_key in seen_rows:
            problems.append(Problem(relations_path, row.line, "", f"repeats the assertion on line {seen_rows[row_key]}; merge their evidence into one row"))
        seen_rows.setdefault(row_key, row.line)


def _repeated(keys: list[K]) -> set[K]:
    """The keys that occur more than once (in C, and no counting at all when every key is distinct)."""
    if len(set(keys)) == len(keys):
        return set()
    return {key for key, count in Counter(keys).items() if count > 1}


def _check_lifecycle(path: Path, term: Term, live: set[str], problems: list[Problem]) -> None:
    """OBO obsoletion rules (FP-019): label and definition prefixes, no logical axioms, a reason,
    replacement and candidates only when obsolete; ``live`` holds live CALCO terms and imported classes."""
    where = path
    if term.obsolete:
        if not term.label.startswith("obsolete "):
            problems.append(Problem(where, term.line, "label", "an obsolete term's label starts with 'obsolete '"))
        if not term.definition.startswith(OBSOLETE_DEFINITION_PREFIX):
            problems.append(Problem(where, term.line, "definition", f"an obsolete term's definition starts with {OBSOLETE_DEFINITION_PREFIX.strip()!r} (calco obsolete writes it)"))
        if term.parents:
            problems.append(Problem(where, term.line, "parents", "an obsolete term has no parents; clear the cell"))
        if not term.obsolescence_reason:
            problems.append(Problem(where, term.line, "obsolescence_reason", "is empty but an obsolete term says why (IAO:0000227 terms merged, OMO:0001000 out of scope, ...)"))
        if term.replaced_by and term.replaced_by not in live:
            problems.append(Problem(where, term.line, "replaced_by", f"{term.replaced_by} is not a live CALCO term"))
        for candidate in term.consider:
            if candidate not in live:
                problems.append(Problem(where, term.line, "consider", f"{candidate} is not a live CALCO term or an imported class"))
        if term.replaced_by and term.replaced_by in term.consider:
            problems.append(Problem(where, term.line, "consider", f"{term.replaced_by} is already the replacement; consider lists other candidates"))
    else:
        if term.label.startswith("obsolete"):
            problems.append(Problem(where, term.line, "label", "only obsolete terms have labels starting with 'obsolete'"))
        if term.definition.startswith(OBSOLETE_DEFINITION_PREFIX.strip()):
            problems.append(Problem(where, term.line, "definition", f"only obsolete terms have definitions starting with {OBSOLETE_DEFINITION_PREFIX.strip()!r}"))
        for column in ("replaced_by", "consider", "obsolescence_reason"):
            if getattr(term, column):
                problems.append(Problem(where, term.line, column, "only obsolete terms have one; set obsolete to true or clear the cell"))


def _terms_in_cycles(terms: dict[str, Term]) -> list[str]:
    """Return the IDs of CALCO terms that lie on a ``parents`` cycle, in table order.

    Iterative depth-first search (no recursion, so deep hierarchies cannot overflow the stack).
    """
    # No cycle when every CALCO parent comes before its child in the table (decided in C); the
    # search below runs only otherwise.
    position = dict(zip(terms, range(len(terms)), strict=True))
    parents = list(map(_PARENTS, terms.values()))
    child_at = chain.from_iterable(map(repeat, range(len(parents)), map(len, parents)))
    parent_at = map(position.get, chain.from_iterable(parents), repeat(-1))
    if all(map(lt, parent_at, child_at)):
        return []
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(terms, white)
    on_cycle: set[str] = set()
    for start in terms:
        if colour[start] != white:
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, index = stack.pop()
            if index == 0:
                colour[node] = grey
                path.append(node)
            parents = [p for p in terms[node].parents if p in terms]
            if index < len(parents):
                stack.append((node, index + 1))
                nxt = parents[index]
                if colour[nxt] == grey:
                    on_cycle.update(path[path.index(nxt) :])
                elif colour[nxt] == white:
                    stack.append((nxt, 0))
            else:
                colour[node] = black
                path.pop()
    return [t for t in terms if t in on_cycle]
