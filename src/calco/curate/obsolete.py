"""``calco obsolete ID --reason R [--replaced-by ID] [--consider ID ...] [--repoint]``: retire a term by the OBO rules.

What FP-019 and ODK editors do by hand, in one edit of the tables (all-or-nothing): the row stays
(IDs are never reused); the label gets the prefix ``obsolete ``, the definition ``OBSOLETE. ``;
``obsolete`` is set with the reason (``IAO:0000231``: terms merged, out of scope, ...); the parents
are cleared and the term's own relation rows removed (an obsolete class takes part in no logical
axiom); ``replaced_by`` names the exact replacement, ``consider`` the candidates when there is none.

Other rows that still use the term (a child's parents, a relation's objects) are not silently
changed: without ``repoint`` the command lists them and changes nothing, so the curator decides.
With ``repoint`` (only with an exact replacement) each use is re-pointed to the replacement, the
term's mappings move to it, and every changed row is reported, ``file:line``, before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from calco.curate.tables import Row, read_rows, write_tables
from calco.errors import CalcoError
from calco.load.checks import OBSOLETE_DEFINITION_PREFIX
from calco.load.schema import OBSOLESCENCE_REASONS, SEPARATOR

#: Short names a curator can type for the obsolescence reasons (OMO/IAO labels, as in imports.tsv).
REASON_NAMES = {
    "terms-merged": "IAO:0000227",
    "term-split": "IAO:0000229",
    "term-imported": "IAO:0000228",
    "out-of-scope": "OMO:0001000",
    "failed-exploratory-term": "IAO:0000103",
    "placeholder-removed": "IAO:0000226",
}


@dataclass(frozen=True)
class Change:
    """One row the command changed or removed: where it was, and its text before and after."""

    table: str
    line: int
    before: str
    after: str

    def __str__(self) -> str:
        if not self.after:
            return f"{self.table}:{self.line}: removed  {self.before}"
        return f"{self.table}:{self.line}: {self.before}\n    -> {self.after}"


@dataclass(frozen=True)
class Obsoleted:
    """What the edit did, row by row."""

    id: str
    label: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def reason_id(value: str) -> str:
    """The obsolescence reason's CURIE from a CURIE or a short name (``terms-merged``)."""
    if value in OBSOLESCENCE_REASONS:
        return value
    if value in REASON_NAMES:
        return REASON_NAMES[value]
    choices = ", ".join(f"{name} ({curie})" for name, curie in REASON_NAMES.items())
    raise CalcoError(f"--reason {value!r} is not an obsolescence reason; use one of {choices}")


def obsolete(
    directory: Path,
    term_id: str,
    reason: str,
    replaced_by: str | None = None,
    consider: tuple[str, ...] = (),
    *,
    repoint: bool = False,
) -> Obsoleted:
    """Obsolete ``term_id`` in the tables under ``directory`` (all-or-nothing)."""
    reason = reason_id(reason)
    terms = read_rows(directory / "terms.tsv")
    relations = read_rows(directory / "relations.tsv")
    mappings = read_rows(directory / "mappings.tsv")
    imports = read_rows(directory / "imports.tsv")
    row = next((r for r in terms if r["id"] == term_id), None)
    if row is None:
        raise CalcoError(f"{term_id} is not in terms.tsv")
    if row.get("obsolete") == "true":
        raise CalcoError(f"{term_id} is already obsolete")
    live = {r["id"] for r in terms if r.get("obsolete") != "true" and r["id"] != term_id}
    live |= {r["id"] for r in imports if r["kind"] not in ("relation", "obsolescence_reason")}
    for option, value in [("--replaced-by", replaced_by)] + [("--consider", c) for c in consider]:
        if value is not None and value not in live:
            raise CalcoError(f"{option} {value} is not a live CALCO term or an imported class")
    if repoint and replaced_by is None:
        raise CalcoError("--repoint needs --replaced-by: uses are re-pointed only to an exact replacement, never to a term merely to consider")
    if replaced_by is None and not consider and reason in ("IAO:0000227", "IAO:0000228"):
        raise CalcoError(f"reason {reason} (terms merged / term imported) needs --replaced-by: name the term it was merged into or imported as")

    line_of = {id(r): n for table in (terms, relations, mappings) for n, r in enumerate(table, start=2)}
    changes: list[Change] = []
    children = [r for r in terms if term_id in _values(r.get("parents", ""))]
    users = [r for r in relations if r["subject"] != term_id and term_id in _values(r["object"])]
    if (children or users) and not repoint:
        listed = [f"terms.tsv:{line_of[id(r)]}: {r['id']} ({r['label']}) has it as a parent" for r in children]
        listed += [f"relations.tsv:{line_of[id(r)]}: {r['subject']} {r['relation']} {r['object']}" for r in users]
        hint = f"; or pass --repoint to re-point them to {replaced_by}" if replaced_by else "; or give --replaced-by ID --repoint"
        raise CalcoError(f"{term_id} is still used; re-point these first{hint}:\n  " + "\n  ".join(listed))
    assert replaced_by is not None or not (children or users)
    own_parents = _values(row.get("parents", ""))
    notes: list[str] = []
    for child in children:
        if child["definition"].lower().startswith((f"a {row['label'].lower()} ", f"an {row['label'].lower()} ")):
            notes.append(f"{child['id']}'s definition names the old genus ({row['label']}); rewrite it to name its new parent")
        before = _show(child, "terms.tsv")
        substitute = own_parents if child["id"] == replaced_by else [replaced_by]  # the replacement inherits the term's parents
        child["parents"] = SEPARATOR.join(_replace(_values(child["parents"]), term_id, substitute, child["id"]))  # type: ignore[list-item, arg-type]
        changes.append(Change("terms.tsv", line_of[id(child)], before, _show(child, "terms.tsv")))
    kept_relations: list[Row] = []
    using = {id(r) for r in users}
    seen = {(r["subject"], r["relation"], r["object"]) for r in relations if id(r) not in using and r["subject"] != term_id}
    for relation in relations:
        if relation["subject"] == term_id:
            changes.append(Change("relations.tsv", line_of[id(relation)], _show(relation, "relations.tsv"), ""))
            continue
        if id(relation) in using:
            before = _show(relation, "relations.tsv")
            relation["object"] = SEPARATOR.join(sorted(set(_replace(_values(relation["object"]), term_id, [replaced_by], relation["subject"]))))  # type: ignore[list-item]
            key = (relation["subject"], relation["relation"], relation["object"])
            if key in seen:
                raise CalcoError(
                    f"relations.tsv:{line_of[id(relation)]}: re-pointed to {replaced_by}, this row would repeat an existing assertion "
                    f"({' '.join(key)}); merge the two rows' evidence by hand, then run calco obsolete again"
                )
            seen.add(key)
            changes.append(Change("relations.tsv", line_of[id(relation)], before, _show(relation, "relations.tsv")))
        kept_relations.append(relation)
    kept_mappings: list[Row] = []
    mapped = {(r["subject_id"], r["predicate_id"], r["object_id"]) for r in mappings}
    for mapping in mappings:
        if mapping["subject_id"] != term_id:
            kept_mappings.append(mapping)
            continue
        before = _show(mapping, "mappings.tsv")
        if repoint and replaced_by is not None and replaced_by.startswith("CALCO:") and (replaced_by, mapping["predicate_id"], mapping["object_id"]) not in mapped:
            mapping["subject_id"] = replaced_by
            kept_mappings.append(mapping)
            changes.append(Change("mappings.tsv", line_of[id(mapping)], before, _show(mapping, "mappings.tsv")))
        else:
            changes.append(Change("mappings.tsv", line_of[id(mapping)], before, ""))

    label = row["label"]
    before = _show(row, "terms.tsv")
    row["label"] = f"obsolete {label}"
    row["definition"] = OBSOLETE_DEFINITION_PREFIX + row["definition"]
    row["obsolete"] = "true"
    row["parents"] = ""
    row["replaced_by"] = replaced_by or ""
    row["consider"] = SEPARATOR.join(sorted(set(consider)))
    row["obsolescence_reason"] = reason
    changes.insert(0, Change("terms.tsv", line_of[id(row)], before, _show(row, "terms.tsv")))
    write_tables(directory, {"terms.tsv": terms, "relations.tsv": kept_relations, "mappings.tsv": kept_mappings})
    return Obsoleted(term_id, label, reason, changes, notes)


def _values(cell: str) -> list[str]:
    return [v for v in cell.split(SEPARATOR) if v]


def _replace(values: list[str], old: str, new: list[str], owner: str) -> list[str]:
    """``values`` with ``old`` replaced by ``new`` (no repeats, never the owner itself)."""
    result: list[str] = []
    for value in values:
        for item in new if value == old else [value]:
            if item != owner and item not in result:
                result.append(item)
    return result


def _show(row: Row, table: str) -> str:
    """The cells of a row a curator needs to recognise it."""
    columns = {"terms.tsv": ("id", "label", "parents"), "relations.tsv": ("subject", "relation", "object"), "mappings.tsv": ("subject_id", "predicate_id", "object_id")}[table]
    return " ".join(f"{c}={row[c]}" for c in columns)
