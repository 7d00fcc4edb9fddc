"""``calco evidence TERM-OR-LOCATOR [--article FILE]``: the facts behind a term, or resting on a sentence.

For a term (CURIE or label) it lists each fact CALCO states about it (definition, prognosis,
relations) with its note and evidence; for a locator, every fact that cites it. Each evidence item
shows its sentence fingerprint and ECO type. Given the reader's own copy of the article, it also
prints the cited sentences, read from that copy and shown only when their fingerprint matches the
one CALCO recorded: the project quotes nothing, the reader's copy is checked, not trusted.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDFS

from calco.article import LOCATOR, fingerprint, read_article, sentence_at
from calco.errors import UnusableInputError
from calco.evidence import citations, evidence_type
from calco.model import Source


@dataclass(frozen=True)
class EvidenceItem:
    """One reference of a fact: locator or CURIE, its sentence fingerprint, its ECO type, and (verified) its sentence."""

    reference: str
    evidence_type: str
    fingerprint: str = ""
    sentence: str = ""


@dataclass(frozen=True)
class Fact:
    """One statement CALCO makes, where it is curated, and the evidence it rests on."""

    subject: str
    subject_label: str
    statement: str
    note: str
    where: str
    evidence: tuple[EvidenceItem, ...]
    objects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lookup:
    """The answer to one ``calco evidence`` question."""

    query: str
    title: str
    facts: tuple[Fact, ...]


def look_up(source: Source, query: str) -> Lookup:
    """The facts about a term (CURIE or label) or resting on an article locator; refuse anything else."""
    labels = _labels(source)
    if query.startswith("article:"):
        if LOCATOR.match(query) is None or source.article is None or source.article.get(query) is None:
            raise UnusableInputError(f"{query!r} names no sentence of the article (see ontology/article-fingerprint.tsv for the sentences there are)")
        facts = [f for f in _facts(source, labels) if any(e.reference == query for e in f.evidence)]
        return Lookup(query, f"{query} {source.article.get(query).fingerprint}", tuple(facts))  # type: ignore[union-attr]
    term = _resolve_term(query, labels)
    every = _facts(source, labels)
    facts = [f for f in every if f.subject == term]
    pointing = [f for f in every if f.subject != term and term in f.objects]
    return Lookup(query, f"{term} {labels.get(term, '')}".strip(), tuple(facts + pointing))


def verify_with_article(lookup: Lookup, article: Path) -> Lookup:
    """Fill in each cited sentence from the reader's copy, refusing the copy where a fingerprint differs."""
    text = read_article(article)
    facts = []
    for fact in lookup.facts:
        items = []
        for item in fact.evidence:
            if item.fingerprint:
                sentence = sentence_at(text, item.reference)
                if sentence is None or fingerprint(sentence) != item.fingerprint:
                    found = "has no such sentence" if sentence is None else f"has a sentence with fingerprint {fingerprint(sentence)}"
                    raise UnusableInputError(
                        f"{item.reference}: {article} {found}, not the recorded {item.fingerprint}; "
                        "this copy is not the article CALCO cites (edited, renumbered or another version), so no sentence is shown"
                    )
                item = replace(item, sentence=sentence)
            items.append(item)
        facts.append(replace(fact, evidence=tuple(items)))
    return replace(lookup, facts=tuple(facts))


def to_text(lookup: Lookup) -> str:
    """The answer for a person: one block per fact, evidence indented under it."""
    lines = [lookup.title, ""]
    if not lookup.facts:
        lines.append("no fact rests on this" if lookup.query.startswith("article:") else "CALCO states no fact about this term")
    for fact in lookup.facts:
        lines.append(f"{fact.subject} {fact.subject_label} · {fact.statement}  ({fact.where})")
        lines.append(f"  {fact.note}")
        for item in fact.evidence:
            lines.append(f"  - {item.reference}  {item.evidence_type}" + (f"  {item.fingerprint}" if item.fingerprint else ""))
            if item.sentence:
                lines.append(f"      verified sentence: {item.sentence}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_json(lookup: Lookup) -> str:
    """The answer as JSON, for scripts."""
    return json.dumps(asdict(lookup), indent=2, ensure_ascii=False) + "\n"


def _labels(source: Source) -> dict[str, str]:
    """CURIE -> label for CALCO terms, reused terms and relations (by their table name)."""
    labels = {i.id: i.label for i in source.imports}
    labels.update({t.id: t.label for t in source.terms})
    for name, relation in source.relations.items():
        label = source.header.value(URIRef(relation.iri), RDFS.label)
        labels[name] = str(label) if label is not None else labels.get(name, name)
    return labels


def _resolve_term(query: str, labels: dict[str, str]) -> str:
    if query in labels and ":" in query:
        return query
    matches = sorted(curie for curie, label in labels.items() if ":" in curie and label.casefold() == query.casefold())
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UnusableInputError(f"{query!r} is the label of several terms ({', '.join(matches)}); give a CURIE")
    raise UnusableInputError(f"{query!r} is neither a CALCO or reused term (CURIE or label) nor an article locator such as article:causes/5")


def _facts(source: Source, labels: dict[str, str]) -> list[Fact]:
    """Every fact of the tables with its evidence, in table order."""
    record = source.article
    by_fact: dict[tuple[str, int, str], list[EvidenceItem]] = {}
    meta: dict[tuple[str, int, str], tuple[str, str, str, tuple[str, ...]]] = {}
    rows = {row.line: row for row in source.assertions}
    for cited in citations(source):
        key = (str(cited.path.name), cited.line, cited.column)
        recorded = record.get(cited.reference) if record is not None else None
        by_fact.setdefault(key, []).append(EvidenceItem(cited.reference, evidence_type(cited.reference), recorded.fingerprint if recorded else ""))
        if cited.column == "source":
            row = rows[cited.line]
            statement = f"{labels.get(row.relation, row.relation)} " + " or ".join(f"{o} {labels.get(o, '')}".strip() for o in row.objects)
            statement += f" ({row.qualifier})" if row.qualifier else ""
            objects = row.objects
        else:
            statement, objects = cited.fact, ()
        meta[key] = (cited.subject, statement, cited.note, objects)
    return [
        Fact(subject, labels.get(subject, ""), statement, note, f"ontology/{key[0]}:{key[1]}", tuple(by_fact[key]), objects)
        for key, (subject, statement, note, objects) in meta.items()
    ]
