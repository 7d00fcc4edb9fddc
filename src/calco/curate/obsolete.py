"""``calco obsolete ID [--replaced-by ID]``: retire a term by the OBO rules, editing the tables.

The row stays (IDs are never reused): the label gets the prefix ``obsolete``, ``obsolete`` is set,
the parents are cleared, its own relation rows and mappings are removed, and ``replaced_by`` points
at the successor. Rows of other terms that still use it are not silently re-pointed: the command
lists them and changes nothing, so a curator decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from calco.curate.tables import read_rows, write_tables
from calco.errors import CalcoError
from calco.load.schema import SEPARATOR


@dataclass(frozen=True)
class Obsoleted:
    """What the edit did."""

    id: str
    label: str
    removed_relations: int
    removed_mappings: int


def obsolete(directory: Path, term_id: str, replaced_by: str | None = None) -> Obsoleted:
    """Obsolete ``term_id`` in the tables under ``directory`` (all-or-nothing)."""
    terms = read_rows(directory / "terms.tsv")
    relations = read_rows(directory / "relations.tsv")
    mappings = read_rows(directory / "mappings.tsv")
    row = next((r for r in terms if r["id"] == term_id), None)
    if row is None:
        raise CalcoError(f"{term_id} is not in terms.tsv")
    if row.get("obsolete") == "true":
        raise CalcoError(f"{term_id} is already obsolete")
    if replaced_by is not None:
        target = next((r for r in terms if r["id"] == replaced_by), None)
        if target is None or target.get("obsolete") == "true" or replaced_by == term_id:
            raise CalcoError(f"--replaced-by {replaced_by} is not a live CALCO term")
    users = [f"terms.tsv: {r['id']} has it as a parent" for r in terms if term_id in r.get("parents", "").split(SEPARATOR)]
    users += [f"relations.tsv: {r['subject']} {r['relation']} {r['object']}" for r in relations if r["subject"] != term_id and term_id in r["object"].split(SEPARATOR)]
    if users:
        raise CalcoError(f"{term_id} is still used; re-point these first:\n  " + "\n  ".join(users))
    label = row["label"]
    row["label"] = f"obsolete {label}"
    row["obsolete"] = "true"
    row["parents"] = ""
    row["replaced_by"] = replaced_by or ""
    kept_relations = [r for r in relations if r["subject"] != term_id]
    kept_mappings = [r for r in mappings if r["subject_id"] != term_id]
    write_tables(directory, {"terms.tsv": terms, "relations.tsv": kept_relations, "mappings.tsv": kept_mappings})
    return Obsoleted(term_id, label, len(relations) - len(kept_relations), len(mappings) - len(kept_mappings))
