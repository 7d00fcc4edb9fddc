"""Data tests over the curated source: every article locator resolves; the schema doc matches the code."""

from __future__ import annotations

import pytest

from calco.article import LOCATOR, SECTIONS, split_sections
from calco.load import load_source
from calco.load.schema import IMPORTS, RELATIONS, TERMS
from tests.conftest import ARTICLE, ROOT

SOURCE = load_source(ROOT / "ontology")


def article_references() -> list[tuple[str, str]]:
    """(where, reference) for every article locator in the tables."""
    found = []
    for term in SOURCE.terms:
        found += [(f"terms.tsv:{term.line} {term.id}", ref) for ref in term.definition_sources + term.prognosis_sources if ref.startswith("article:")]
    for row in SOURCE.assertions:
        found += [(f"relations.tsv:{row.line} {row.subject} {row.relation} {'|'.join(row.objects)}", ref) for ref in row.sources if ref.startswith("article:")]
    return found


def test_every_article_locator_resolves_to_a_recorded_sentence() -> None:
    """Resolved through ontology/article-fingerprint.tsv, so this runs wherever the project does (no article needed)."""
    assert SOURCE.article is not None
    assert set(SOURCE.article.counts()) == set(SECTIONS), "every section of calco.article.SECTIONS is recorded"
    unresolved = []
    for where, reference in article_references():
        match = LOCATOR.match(reference)
        assert match is not None
        if SOURCE.article.get(reference) is None:
            unresolved.append(f"{where}: {reference} (section has {SOURCE.article.counts()[match['section']]} sentences)")
    assert not unresolved, "locators pointing past the end of their section:\n" + "\n".join(unresolved)


@pytest.mark.skipif(not ARTICLE.is_file(), reason=f"the source article is not at {ARTICLE}; the record cannot be compared with it here")
def test_the_recorded_structure_is_the_article_s() -> None:
    sections = split_sections(ARTICLE.read_text(encoding="utf-8"))
    assert set(sections) == set(SECTIONS), "every section heading in calco.article.SECTIONS must occur in the article"
    assert SOURCE.article is not None and SOURCE.article.counts() == {k: len(v) for k, v in sections.items()}


def test_every_term_and_relation_cites_evidence() -> None:
    assert all(term.definition_sources for term in SOURCE.terms)
    assert all(row.sources and row.note for row in SOURCE.assertions)


def test_schema_documentation_lists_every_column() -> None:
    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    for table in (TERMS, RELATIONS, IMPORTS):
        for column in table:
            assert f"`{column.name}`" in readme, f"ontology/README.md does not document column {column.name!r}"


def test_mission_relations_are_all_used() -> None:
    used = {row.relation for row in SOURCE.assertions}
    assert {"caused_by", "treated_by", "affects_organ"} <= used
    assert any(term.parents for term in SOURCE.terms)


def test_no_definition_or_note_quotes_the_article() -> None:
    """Own words: no run of eight consecutive words from the article in any text CALCO writes.

    Checked against the recorded hashes of the article's eight-word runs (ontology/article-wording.tsv),
    so it runs without the article; test_evidence checks that record against the article itself.
    """
    from calco.article import shingles

    assert len(SOURCE.wording) > 1000
    texts = [(f"terms.tsv:{t.line}", t.definition) for t in SOURCE.terms]
    texts += [(f"terms.tsv:{t.line}", t.comment) for t in SOURCE.terms if t.comment]
    texts += [(f"terms.tsv:{t.line}", t.prognosis) for t in SOURCE.terms if t.prognosis]
    texts += [(f"relations.tsv:{r.line}", r.note) for r in SOURCE.assertions]
    quoted = [where for where, text in texts if shingles(text) & SOURCE.wording]
    assert not quoted, f"text copied from the article (8+ words in a row): {quoted}"
