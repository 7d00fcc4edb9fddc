"""The checks across tables report every defect, at its row, in table order.

``calco.load.checks`` decides in C, over whole columns, which rows any of its conditions can hold
for, and visits only those; these tests give it one row of each defect between valid rows (and
the real rows around them) and expect exactly the problems a visit of every row gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from calco.errors import SourceError
from calco.load import load_source
from tests.conftest import edit_table

DEFINED = "A test form the cross-table checks are given."


def _term(id: str, label: str, parents: str = "CALCO:0000001", *, definition: str = DEFINED, obsolete: str = "", replaced_by: str = "", reason: str = "") -> list[str]:
    row = dict.fromkeys(["id", "label", "parents", "definition", "definition_source", "exact_synonyms", "related_synonyms", "narrow_synonyms", "broad_synonyms", "latin_synonyms", "comment", "prognosis", "prognosis_source", "obsolete", "replaced_by", "consider", "obsolescence_reason"], "")
    row.update(id=id, label=label, parents=parents, definition=definition, definition_source="article:causes/1", obsolete=obsolete, replaced_by=replaced_by, obsolescence_reason=reason)
    return list(row.values())


def _problems(project: Path) -> list[str]:
    with pytest.raises(SourceError) as raised:
        load_source(project / "ontology")
    return [str(p).replace(f"{project / 'ontology'}/", "") for p in raised.value.problems]


def test_each_cross_table_defect_is_reported_once_at_its_row_in_table_order(project: Path) -> None:
    terms = [
        _term("CALCO:0009001", "test form a", "CALCO:0009001"),  # line 19: its own parent, so in a cycle
        _term("CALCO:0009002", "obsolete test form b", "", definition="OBSOLETE. " + DEFINED, obsolete="true", replaced_by="CALCO:0000001", reason="IAO:0000227"),
        _term("CALCO:0009003", "test form c", "CALCO:0009002"),  # 21: an obsolete parent
        _term("CALCO:0009004", "test form d", "", replaced_by="CALCO:0000001"),  # 22: live, no parents, a replacement
        _term("CALCO:0009001", "test form e"),  # 23: defined twice
        _term("CALCO:0009005", "Test Form A"),  # 24: the label of line 19 but for case
        _term("CALCO:0009006", "test form f", "CALCO:0009007"),  # 25, 26: a cycle through a later row
        _term("CALCO:0009007", "test form g", "CALCO:0009006"),
    ]
    edit_table(project / "ontology" / "terms.tsv", lambda rows: rows.extend(terms))
    evidence = ["article:what-is/5", "A test site."]
    relations = [
        ["CALCO:0009002", "affects_organ", "UBERON:0002097", *evidence, ""],  # line 54: an obsolete subject
        ["CALCO:0000001", "affects_organ", "CALCO:0009002", *evidence, ""],  # 55: an obsolete object
        ["CALCO:0000001", "no_such_relation", "UBERON:0002097", *evidence, ""],  # 56
        ["CALCO:0009003", "affects_organ", "UBERON:0002097", *evidence, ""],  # 57, 58: one assertion twice
        ["CALCO:0009003", "affects_organ", "UBERON:0002097", "article:what-is/4", "Again.", ""],
        ["HP:0000716", "affects_organ", "UBERON:0002097", *evidence, ""],  # 59: a reused term as subject
    ]
    edit_table(project / "ontology" / "relations.tsv", lambda rows: rows.extend(relations))
    mapping = ["semapv:ManualMappingCuration", "tests", "A test mapping."]
    mappings = [
        ["CALCO:0009999", "oboInOwl:hasDbXref", "SYN:1", "s", *mapping],  # line 33: an undefined subject
        ["CALCO:0000001", "skos:closeMatch", "NOPE:1", "s", *mapping],  # 34: no IRI for a SKOS mapping
        ["CALCO:0000002", "oboInOwl:hasDbXref", "SYN:5", "s", *mapping],  # 35, 36: one mapping twice
        ["CALCO:0000002", "oboInOwl:hasDbXref", "SYN:5", "s", *mapping],
    ]
    edit_table(project / "ontology" / "mappings.tsv", lambda rows: rows.extend(mappings))

    problems = _problems(project)
    known = next(p for p in problems if "unknown relation" in p).split("allowed: ")[1]
    assert problems == [
        "terms.tsv:23: column id: CALCO:0009001 is defined twice (first on line 19)",
        "terms.tsv:24: column label: 'Test Form A' is also the label of CALCO:0009001 (line 19); labels must be unique",
        "terms.tsv:19: column parents: CALCO:0009001 is its own parent",
        "terms.tsv:21: column parents: CALCO:0009002 is obsolete; use its replacement",
        "terms.tsv:22: column replaced_by: only obsolete terms have one; set obsolete to true or clear the cell",
        "terms.tsv:22: column parents: is empty but required (only obsolete terms have no parents)",
        "terms.tsv:19: column parents: CALCO:0009001 (test form a) is in a subclass cycle",
        "terms.tsv:25: column parents: CALCO:0009006 (test form f) is in a subclass cycle",
        "terms.tsv:26: column parents: CALCO:0009007 (test form g) is in a subclass cycle",
        "relations.tsv:54: column subject: CALCO:0009002 is obsolete; obsolete terms take part in no relation",
        "relations.tsv:55: column object: CALCO:0009002 is obsolete; point at its replacement",
        f"relations.tsv:56: column relation: unknown relation 'no_such_relation'; allowed: {known}",
        "relations.tsv:58: repeats the assertion on line 57; merge their evidence into one row",
        "relations.tsv:59: column subject: HP:0000716 is not defined in terms.tsv (a reused term may be a subject only with treated_by, and only if it is the caused_by object of a CALCO term)",
        "mappings.tsv:33: column subject_id: CALCO:0009999 is not defined in terms.tsv",
        "mappings.tsv:34: column object_id: NOPE:1 has an unknown prefix; SKOS mappings need an IRI (add the prefix to calco.prefixes.PREFIX_MAP)",
        "mappings.tsv:36: repeats the mapping on line 35",
    ]
    assert "affects_organ" in known.split(", ")


def test_a_table_whose_parents_come_later_is_searched_for_cycles(project: Path) -> None:
    """The shortcut (every parent before its child: no cycle) does not hide a long cycle through later rows."""
    chain = [_term(f"CALCO:00091{i:02d}", f"test chain {i}", f"CALCO:00091{(i + 1) % 30:02d}") for i in range(30)]
    edit_table(project / "ontology" / "terms.tsv", lambda rows: rows.extend(chain))
    problems = _problems(project)
    assert problems == [f"terms.tsv:{19 + i}: column parents: CALCO:00091{i:02d} (test chain {i}) is in a subclass cycle" for i in range(30)]


def test_label_keys_of_a_whole_table_are_each_labels_own_key() -> None:
    from calco.load.text import label_key, label_keys

    plain = ["calcinosis cutis", "Dystrophic Calcinosis", "a", "", "x y z"]
    assert label_keys(plain) == [label_key(label) for label in plain]
    for odd in (" lead", "trail ", "two  spaces", "tab\there", "line\nbreak", "\x1cfs", "\ufb01ne", "ＣＡＬＣＩＮＯＳＩＳ", "Straße", "İstanbul", "e\u0301"):
        labels = [*plain, odd]
        assert label_keys(labels) == [label_key(label) for label in labels], odd
