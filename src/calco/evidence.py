"""Evidence: every reference the tables cite, checked against the article's recorded fingerprint.

Three jobs, kept together because they share one reading of a reference:

- :func:`check_locators`: at load time, every ``article:`` locator must name a recorded sentence
  (``ontology/article-fingerprint.tsv``), so ``article:causes/99`` fails with ``file:line`` even
  where the article is absent;
- :func:`verify_article`: given a copy of the article, every recorded fingerprint must be the hash
  of the sentence its locator names in that copy, so an edited or renumbered article fails;
- :func:`evidence_annotations`: the axiom annotations each reference becomes (source, sentence
  fingerprint, ECO evidence type, the article resource), the same for relations, definitions and
  prognoses, so that every export and the direct-edge layer carry them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from calco.article import (
    LOCATOR,
    SHINGLE_WORDS,
    ArticleRecord,
    compare_with_article,
    read_article,
    shingles,
)
from calco.errors import CalcoError, Problem
from calco.model import Source
from calco.prefixes import CALCO, OBOINOWL, PREFIX_MAP

#: Where the article sits relative to a checkout (CI: the shared directory beside the project).
DEFAULT_ARTICLE = Path("..") / "shared" / "source" / "calcinosis-cutis-article.txt"
#: Environment variable naming a copy of the article (overridden by ``--article``).
ARTICLE_ENV = "CALCO_ARTICLE"

#: The recorded article structure, a file of ``ontology/``.
FINGERPRINT_FILE = "article-fingerprint.tsv"
#: The recorded hashes of the article's eight-word runs, a file of ``ontology/``.
WORDING_FILE = "article-wording.tsv"

ARTICLE = CALCO["article"]
SENTENCE_FINGERPRINT = CALCO["sentence_fingerprint"]
EVIDENCE_TYPE = CALCO["evidence_type"]
DCTERMS_SOURCE = URIRef("http://purl.org/dc/terms/source")

#: ECO:0000303 author statement without traceable support used in manual assertion: a curator read
#: the statement in the article, a secondary patient-information text that cites no references.
ECO_ARTICLE = "ECO:0000303"
#: ECO:0000312 imported information used in manual assertion: a curator reused another
#: ontology's or terminology's assertion (a MONDO, HP ... term cited as source).
ECO_ONTOLOGY = "ECO:0000312"
#: ECO:0000302 author statement used in manual assertion: a curator read a cited publication.
ECO_PUBLICATION = "ECO:0000302"
#: The ECO classes CALCO uses; each must be an ``imports.tsv`` row of kind ``evidence``.
EVIDENCE_TYPES = (ECO_ARTICLE, ECO_ONTOLOGY, ECO_PUBLICATION)


@dataclass(frozen=True)
class Citation:
    """One reference cited by one row: where it is cited, what it supports, and the row's cells."""

    path: Path
    line: int
    column: str
    reference: str
    subject: str
    fact: str
    note: str


def evidence_type(reference: str) -> str:
    """The ECO class of the evidence a reference stands for."""
    if reference.startswith("article:"):
        return ECO_ARTICLE
    prefix = reference.split(":", 1)[0]
    return ECO_ONTOLOGY if prefix in PREFIX_MAP else ECO_PUBLICATION


def citations(source: Source) -> Iterator[Citation]:
    """Every reference of every row (definitions, prognoses, relations), in table order."""
    terms = source.directory / "terms.tsv"
    relations = source.directory / "relations.tsv"
    for term in source.terms:
        for reference in term.definition_sources:
            yield Citation(terms, term.line, "definition_source", reference, term.id, "definition", term.definition)
        for reference in term.prognosis_sources:
            yield Citation(terms, term.line, "prognosis_source", reference, term.id, "prognosis", term.prognosis)
    for row in source.assertions:
        fact = f"{row.relation} {' or '.join(row.objects)}" + (f" ({row.qualifier})" if row.qualifier else "")
        for reference in row.sources:
            yield Citation(relations, row.line, "source", reference, row.subject, fact, row.note)


def check_locators(source: Source, record: ArticleRecord, problems: list[Problem]) -> None:
    """Append a problem for every article locator that names no recorded sentence."""
    counts = record.counts()
    unresolved = {r for r in _references(source) if LOCATOR.match(r) and record.get(r) is None}
    for cited in citations(source) if unresolved else ():
        match = LOCATOR.match(cited.reference)
        if match is None or cited.reference not in unresolved:
            continue
        have = counts.get(match["section"], 0)
        problems.append(
            Problem(
                cited.path,
                cited.line,
                cited.column,
                f"{cited.reference} names sentence {match['sentence']} of section {match['section']}, which has {have} sentence(s) "
                f"(recorded in ontology/{FINGERPRINT_FILE}); cite a sentence that exists",
            )
        )
    for reference in EVIDENCE_TYPES:
        if reference not in {i.id for i in source.imports if i.kind == "evidence"}:
            problems.append(Problem(source.directory / "imports.tsv", 0, "id", f"{reference} (an ECO evidence type CALCO uses) needs an imports.tsv row of kind evidence"))


def _references(source: Source) -> set[str]:
    """Every distinct reference the tables cite: the few hundred to resolve, not one per row."""
    cited = {r for term in source.terms for r in term.definition_sources}
    cited.update(r for term in source.terms for r in term.prognosis_sources)
    cited.update(r for row in source.assertions for r in row.sources)
    return cited


def check_own_words(source: Source, problems: list[Problem]) -> None:
    """Append a problem for every text CALCO writes that repeats eight or more consecutive words of the article.

    Each distinct text is hashed once (notes and comments recur across rows); rows are then
    reported in table order.
    """
    if not source.wording:
        return
    terms = source.directory / "terms.tsv"
    relations = source.directory / "relations.tsv"
    texts = [(terms, t.line, column, getattr(t, column)) for t in source.terms for column in ("definition", "comment", "prognosis")]
    texts += [(relations, r.line, "note", r.note) for r in source.assertions]
    copied = {text for text in {text for *_, text in texts if text} if not source.wording.isdisjoint(shingles(text))}
    for path, line, column, text in texts:
        if text in copied:
            problems.append(Problem(path, line, column, f"repeats {SHINGLE_WORDS} or more consecutive words of the article; write it in your own words (CALCO quotes no sentence of the article)"))


def resolve_article(root: Path, explicit: Path | None = None) -> Path | None:
    """The copy of the article to verify against: ``explicit``, else ``$CALCO_ARTICLE``, else the default beside the checkout.

    A copy that was asked for (option or environment) must exist; the default may be absent, and
    then only the recorded structure is checked.
    """
    asked = explicit or (Path(os.environ[ARTICLE_ENV]) if os.environ.get(ARTICLE_ENV) else None)
    if asked is not None:
        if not asked.is_file():
            raise CalcoError(f"the article {asked} does not exist (given by --article or ${ARTICLE_ENV})")
        return asked
    default = (root / DEFAULT_ARTICLE).resolve()
    return default if default.is_file() else None


def verify_article(source: Source, record: ArticleRecord, article: Path) -> list[Problem]:
    """Every difference between the recorded fingerprints and ``article``, and every row citing a changed sentence."""
    text = read_article(article)
    differences = compare_with_article(record, text)
    problems = [Problem(record.path, line, "", f"{message} in {article}") for line, message in differences]
    if source.wording and shingles(text) != source.wording:
        problems.append(Problem(source.directory / WORDING_FILE, 1, "", f"the recorded eight-word runs are not those of {article}; the article changed"))
    changed = {s.locator for s in record.sentences if any(line == s.line for line, _ in differences)}
    for cited in citations(source):
        if cited.reference in changed:
            problems.append(
                Problem(
                    cited.path,
                    cited.line,
                    cited.column,
                    f"{cited.reference}: the sentence this row cites is not the one it was curated from ({article} differs from ontology/{FINGERPRINT_FILE}); re-read the sentence and fix the locator or the row",
                )
            )
    return problems


def evidence_annotations(references: Iterable[str], record: ArticleRecord | None) -> list[tuple[URIRef, URIRef | Literal]]:
    """The axiom annotations for a row's references: source, fingerprint, evidence type, article."""
    from calco.prefixes import expand

    pairs: list[tuple[URIRef, URIRef | Literal]] = []
    cites_article = False
    for reference in references:
        pairs.append((OBOINOWL.hasDbXref, Literal(reference)))
        eco = expand(evidence_type(reference))
        assert eco is not None
        pairs.append((EVIDENCE_TYPE, URIRef(eco)))
        if reference.startswith("article:"):
            cites_article = True
            recorded = record.get(reference) if record is not None else None
            if recorded is not None:
                pairs.append((SENTENCE_FINGERPRINT, Literal(f"{reference} {recorded.fingerprint}")))
    if cites_article:
        pairs.append((DCTERMS_SOURCE, ARTICLE))
    return sorted(set(pairs))


def record_article(directory: Path, article: Path) -> list[str]:
    """Rewrite ``article-fingerprint.tsv`` and ``article-wording.tsv`` from a (new) copy of the article, all-or-nothing.

    Returns the locators whose recorded fingerprint changed (or appeared or vanished), so the
    curator knows which cited sentences to re-read before rebuilding.
    """
    from calco.article import parse_record, render_record, render_wording
    from calco.article import record_article as fingerprints
    from calco.export.atomic import write_atomically

    text = read_article(article)
    old, _ = parse_record(directory / FINGERPRINT_FILE) if (directory / FINGERPRINT_FILE).is_file() else (ArticleRecord(directory, ()), [])
    before = {s.locator: s.fingerprint for s in old.sentences}
    after = dict(fingerprints(text))
    changed = sorted(ref for ref in before.keys() | after.keys() if before.get(ref) != after.get(ref))
    write_atomically({directory / FINGERPRINT_FILE: render_record(text).encode("utf-8"), directory / WORDING_FILE: render_wording(text).encode("utf-8")})
    return changed
