"""Checks across tables: every reference defined, IDs unique, no subclass cycles.

These need the whole source at once, so they run after each table passed its cell checks.
"""

from __future__ import annotations

from pathlib import Path

from calco.errors import Problem
from calco.load.text import label_key
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


def check_source(source: Source, problems: list[Problem]) -> None:
    """Append a :class:`Problem` for every cross-table defect in ``source``."""
    terms_path = source.directory / "terms.tsv"
    relations_path = source.directory / "relations.tsv"
    imports_path = source.directory / "imports.tsv"

    term_ids: dict[str, Term] = {}
    for term in source.terms:
        if term.id in term_ids:
            problems.append(Problem(terms_path, term.line, "id", f"{term.id} is defined twice (first on line {term_ids[term.id].line})"))
        else:
            term_ids[term.id] = term
    first_label: dict[str, Term] = {}
    for term in source.terms:
        key = label_key(term.label)
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

    live = {t.id for t in source.terms if not t.obsolete}
    reasons = {i.id for i in source.imports if i.kind == "obsolescence_reason"}
    for term in source.terms:
        if term.obsolescence_reason and term.obsolescence_reason not in reasons:
            problems.append(Problem(terms_path, term.line, "obsolescence_reason", f"{term.obsolescence_reason} is not listed in imports.tsv with kind obsolescence_reason"))
    # Built once: a union per term made this loop quadratic (1.6 s at 10k terms, minutes at 100k).
    replacements = live | imported_classes
    for term in source.terms:
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

    causes = {o for row in source.assertions if row.relation == "caused_by" and row.subject in term_ids for o in row.objects}
    seen_rows: dict[tuple[str, str, tuple[str, ...]], int] = {}
    for row in source.assertions:
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

    mappings_path = source.directory / "mappings.tsv"
    seen_mappings: dict[tuple[str, str, str], int] = {}
    for mapping in source.mappings:
        if mapping.subject not in term_ids:
            problems.append(Problem(mappings_path, mapping.line, "subject_id", f"{mapping.subject} is not defined in terms.tsv"))
        if mapping.predicate != "oboInOwl:hasDbXref" and expand(mapping.object) is None:
            problems.append(Problem(mappings_path, mapping.line, "object_id", f"{mapping.object} has an unknown prefix; SKOS mappings need an IRI (add the prefix to calco.prefixes.PREFIX_MAP)"))
        mapping_key = (mapping.subject, mapping.predicate, mapping.object)
        if mapping_key in seen_mappings:
            problems.append(Problem(mappings_path, mapping.line, "", f"repeats the mapping on line {seen_mappings[mapping_key]}"))
        seen_mappings.setdefault(mapping_key, mapping.line)


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
