"""``calco diff OLD NEW``: what changed between two releases, every axiom and annotation, per term.

OLD and NEW are release files (``calco.ttl``, ``calco.owl``, ``calco.jsonld``), release names
(``v2026-11-23`` or ``2026-11-23``: the annotated tag, or the release commit of an untagged one)
or git revisions, whose ``exports/calco.ttl`` is read.

The diff is generic over every named entity in the files (CALCO's own terms and reused, imported
ones alike), so an import refresh that changes an upstream label, parent or obsoletion shows up
like a curator's edit. Each entity's statements are rendered in a Manchester-like text (class
expressions and the annotations on each axiom included) and compared as sets: a term is added,
removed, obsoleted or changed, and each change lists the statements removed (``-``) and added
(``+``), as ROBOT diff and the OAK change summaries do. A summary in curators' words (relabelled,
redefined, moved, relations with evidence) comes first.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from calco.curate.history import find_release, release_file
from calco.errors import CalcoError
from calco.export.termview import (
    AssertionView,
    TermView,
    assertion_views,
    term_views,
)
from calco.prefixes import CALCO_TERM, compress
from calco.triple_index import index_of
from calco.validate.ingest import parse_untrusted, read_untrusted

#: Entity types whose members are diffed (the declaration itself is not a statement).
ENTITY_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)
AXIOM_WORDS = {RDFS.subClassOf: "SubClassOf", OWL.equivalentClass: "EquivalentTo", OWL.disjointWith: "DisjointWith", RDFS.subPropertyOf: "SubPropertyOf", RDFS.domain: "Domain", RDFS.range: "Range", OWL.inverseOf: "InverseOf", RDF.type: "Type"}
RESTRICTION_WORDS = {OWL.someValuesFrom: "some", OWL.allValuesFrom: "only", OWL.hasValue: "value"}
CARDINALITY_WORDS = {OWL.minCardinality: "min", OWL.maxCardinality: "max", OWL.cardinality: "exactly", OWL.minQualifiedCardinality: "min", OWL.maxQualifiedCardinality: "max", OWL.qualifiedCardinality: "exactly"}
KINDS = ("added", "removed", "obsoleted", "changed")


@dataclass
class TermChange:
    """One entity's changes: its status and the statements removed and added, rendered with labels."""

    id: str
    label: str
    status: str
    reused: bool
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


@dataclass
class ReleaseDiff:
    """Every changed entity (``terms``) and, in curators' words, CALCO's term-level summary."""

    old: str
    new: str
    terms: list[TermChange] = field(default_factory=list)
    added: list[dict[str, object]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    obsoleted: list[dict[str, object]] = field(default_factory=list)
    relabelled: list[dict[str, str]] = field(default_factory=list)
    redefined: list[dict[str, str]] = field(default_factory=list)
    moved: list[dict[str, object]] = field(default_factory=list)
    relations_added: list[dict[str, object]] = field(default_factory=list)
    relations_removed: list[dict[str, object]] = field(default_factory=list)
    #: Same subject, relation and objects, but a different qualifier, note or sources.
    relations_changed: list[dict[str, object]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when no statement about any entity changed (header-only changes, such as the version, do not count)."""
        return not self.terms


def load_release(spec: str, repository: Path) -> Graph:
    """A release graph from a file path, a release name, or ``exports/calco.ttl`` at a git revision."""
    path = Path(spec)
    if not path.is_file() and not path.is_absolute() and (repository / path).is_file():
        path = repository / path  # relative to the project given with --project
    if path.is_file():
        return read_untrusted(path)
    found = find_release(repository, spec)
    if found is not None:
        return parse_untrusted(release_file(repository, found.commit), ox.RdfFormat.TURTLE, f"release {found.version} ({found.found_by})")
    try:
        data = release_file(repository, spec)
    except CalcoError as error:
        raise CalcoError(
            f"{spec!r} is neither a release file, nor a release name (vYYYY-MM-DD tag or a CHANGELOG.md section), "
            f"nor a git revision with exports/calco.ttl ({error})"
        ) from None
    return parse_untrusted(data, ox.RdfFormat.TURTLE, f"{spec}:exports/calco.ttl")


class Statements:
    """Every entity's statements in one graph, keyed by an ID-only text and shown with labels."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.axioms: dict[tuple[Node, Node, Node], list[Node]] = defaultdict(list)
        for axiom in graph.subjects(RDF.type, OWL.Axiom):
            key = (graph.value(axiom, OWL.annotatedSource), graph.value(axiom, OWL.annotatedProperty), graph.value(axiom, OWL.annotatedTarget))
            self.axioms[key].append(axiom)  # type: ignore[index]
        self.entities = sorted({s for t in ENTITY_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)})

    def label(self, iri: URIRef) -> str:
        """The entity's label ("" if none)."""
        return str(self.graph.value(iri, RDFS.label) or "")

    def of(self, iri: URIRef) -> dict[str, str]:
        """Statement key -> statement shown with labels, for one entity."""
        result: dict[str, str] = {}
        for prop, value in self.graph.predicate_objects(iri):
            if prop == RDF.type and value in ENTITY_TYPES:
                continue
            key = self._statement(iri, prop, value, named=False)
            result[key] = self._statement(iri, prop, value, named=True)
        return result

    def _statement(self, subject: URIRef, prop: Node, value: Node, *, named: bool) -> str:
        return f"{self._property(prop, named)} {self._value(value, named)}{self._annotations(subject, prop, value, named)}"

    def _name(self, node: Node, named: bool) -> str:
        curie = compress(str(node))
        if not named:
            return curie
        label = self.label(node)  # type: ignore[arg-type]
        return f"{label} ({curie})" if label else curie

    def _property(self, prop: Node, named: bool) -> str:
        if prop in AXIOM_WORDS:
            return AXIOM_WORDS[prop]  # type: ignore[index]
        if prop in (RDFS.label, OWL.deprecated):
            return prop.fragment  # type: ignore[union-attr, attr-defined]
        label = self.label(prop) if named else ""  # type: ignore[arg-type]
        return label or compress(str(prop))

    def _value(self, value: Node, named: bool) -> str:
        if isinstance(value, Literal):
            return _literal(value)
        if isinstance(value, URIRef):
            return self._name(value, named)
        return self._expression(value, named, depth=0)

    def _expression(self, node: Node, named: bool, depth: int) -> str:
        """A class expression in Manchester-like syntax (restrictions, unions, intersections, complements)."""
        g = self.graph
        if isinstance(node, URIRef):
            return self._name(node, named)
        if isinstance(node, Literal):
            return _literal(node)
        if depth > 20:
            return "(...)"
        prop = g.value(node, OWL.onProperty)
        if prop is not None:
            where = self._property(prop, named)
            for word_prop, word in RESTRICTION_WORDS.items():
                filler = g.value(node, word_prop)
                if filler is not None:
                    return f"{where} {word} {self._nested(filler, named, depth)}"
            for word_prop, word in CARDINALITY_WORDS.items():
                count = g.value(node, word_prop)
                if count is not None:
                    filler = g.value(node, OWL.onClass)
                    return f"{where} {word} {count}" + (f" {self._nested(filler, named, depth)}" if filler is not None else "")
        for list_prop, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and "), (OWL.oneOf, ", ")):
            members = g.value(node, list_prop)
            if members is not None:
                parts = sorted(self._nested(m, named, depth) for m in Collection(g, members))
                return "{" + word.join(parts) + "}" if list_prop == OWL.oneOf else word.join(parts)
        complement = g.value(node, OWL.complementOf)
        if complement is not None:
            return f"not {self._nested(complement, named, depth)}"
        described = sorted(f"{self._property(p, named)} {self._value(o, named) if not isinstance(o, BNode) else '[...]'}" for p, o in g.predicate_objects(node) if p != RDF.type)
        return "[" + "; ".join(described) + "]"

    def _nested(self, node: Node, named: bool, depth: int) -> str:
        text = self._expression(node, named, depth + 1)
        return f"({text})" if isinstance(node, BNode) and (" or " in text or " and " in text or " some " in text or " only " in text) else text

    def _annotations(self, subject: URIRef, prop: Node, value: Node, named: bool) -> str:
        pairs = sorted(
            f"{self._property(p, named)} {self._value(o, named)}"
            for axiom in self.axioms.get((subject, prop, value), [])
            for p, o in self.graph.predicate_objects(axiom)
            if p not in (RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)
        )
        return " {" + "; ".join(pairs) + "}" if pairs else ""


def _literal(value: Literal) -> str:
    if value.datatype == XSD.boolean:
        return "true" if value.toPython() is True else "false"
    text = json.dumps(str(value), ensure_ascii=False)
    if value.language:
        return f"{text}@{value.language}"
    if value.datatype is not None and value.datatype != XSD.string:
        return f"{text}^^{compress(str(value.datatype))}"
    return text


def _deprecated(graph: Graph, iri: URIRef) -> bool:
    return graph.value(iri, OWL.deprecated) == Literal(True)


def diff_releases(old: Graph, new: Graph, old_name: str = "old", new_name: str = "new") -> ReleaseDiff:
    """Compare two release graphs: every entity's statements, and CALCO's term-level summary."""
    result = ReleaseDiff(old_name, new_name)
    before, after = Statements(old), Statements(new)
    old_entities, new_entities = set(before.entities), set(after.entities)
    for iri in sorted(old_entities | new_entities):
        was = before.of(iri) if iri in old_entities else {}
        now = after.of(iri) if iri in new_entities else {}
        if was.keys() == now.keys():
            continue
        if iri not in old_entities:
            status = "added"
        elif iri not in new_entities:
            status = "removed"
        elif _deprecated(new, iri) and not _deprecated(old, iri):
            status = "obsoleted"
        else:
            status = "changed"
        label = after.label(iri) or before.label(iri)
        change = TermChange(compress(str(iri)), label, status, not str(iri).startswith(str(CALCO_TERM)))
        change.removed = sorted(was[k] for k in was.keys() - now.keys())
        change.added = sorted(now[k] for k in now.keys() - was.keys())
        result.terms.append(change)
    _summarise(result, old, new)
    return result


def _summarise(result: ReleaseDiff, old: Graph, new: Graph) -> None:
    """CALCO's own terms in curators' words, and relations with their evidence."""
    before = {v.curie: v for v in term_views(index_of(old))}
    after = {v.curie: v for v in term_views(index_of(new))}
    for curie in sorted(after.keys() - before.keys()):
        result.added.append(_described(after[curie]))
    for curie in sorted(before.keys() - after.keys()):
        result.removed.append({"id": curie, "label": before[curie].label})
    for curie in sorted(before.keys() & after.keys()):
        a, b = before[curie], after[curie]
        if b.deprecated and not a.deprecated:
            result.obsoleted.append({"id": curie, "label": a.label, "replaced_by": compress(b.replaced_by) if b.replaced_by else "", "consider": sorted(compress(c) for c in b.consider)})
            continue
        if a.label != b.label:
            result.relabelled.append({"id": curie, "old": a.label, "new": b.label})
        if a.definition != b.definition:
            result.redefined.append({"id": curie, "label": b.label, "old": a.definition, "new": b.definition})
        if a.parents != b.parents:
            result.moved.append({"id": curie, "label": b.label, "old": [compress(p) for p in a.parents], "new": [compress(p) for p in b.parents]})
    old_assertions, new_assertions = _keyed(assertion_views(index_of(old))), _keyed(assertion_views(index_of(new)))
    for key in sorted(new_assertions.keys() - old_assertions.keys()):
        result.relations_added.append(asdict(new_assertions[key]))
    for key in sorted(old_assertions.keys() - new_assertions.keys()):
        result.relations_removed.append(asdict(old_assertions[key]))
    for key in sorted(old_assertions.keys() & new_assertions.keys()):
        was, now = old_assertions[key], new_assertions[key]
        if (was.qualifier, was.note, was.sources) != (now.qualifier, now.note, now.sources):
            result.relations_changed.append({**asdict(now), "old": asdict(was)})


def _described(view: TermView) -> dict[str, object]:
    return {
        "id": view.curie,
        "label": view.label,
        "parents": [compress(p) for p in view.parents],
        "definition": view.definition,
        "definition_sources": list(view.definition_sources),
        "synonyms": [{"text": s.text, "scope": s.scope} for s in view.synonyms],
    }



def _keyed(views: list[AssertionView]) -> dict[tuple[str, str, tuple[str, ...]], AssertionView]:
    return {(v.subject, v.relation, v.objects): v for v in views}


def to_json(diff: ReleaseDiff) -> str:
    """The diff as JSON: ``terms`` (every changed entity with its statements) and the summary lists."""
    return json.dumps(asdict(diff), indent=2, ensure_ascii=False)


def to_markdown(diff: ReleaseDiff) -> str:
    """The diff as Markdown: a summary, then one section per kind of change, one heading per term."""
    lines = [f"Changes from `{diff.old}` to `{diff.new}`.", ""]
    if diff.empty:
        return "\n".join(lines + ["No term or relation changed.", ""])
    counts = {kind: [t for t in diff.terms if t.status == kind] for kind in KINDS}
    own = sum(1 for t in diff.terms if not t.reused)
    lines.append(
        f"{len(diff.terms)} entities changed ({own} CALCO, {len(diff.terms) - own} reused): "
        + ", ".join(f"{len(v)} {k}" for k, v in counts.items() if v)
        + "."
    )
    lines.append("")

    def section(title: str, entries: list[str]) -> None:
        if entries:
            lines.extend([f"### {title} ({len(entries)})", "", *entries, ""])

    section("Relabelled terms", [f"- {t['id']}: {t['old']} → {t['new']}" for t in diff.relabelled])
    section("Redefined terms", [f"- {t['id']} {t['label']}: {t['new']}" for t in diff.redefined])
    section("Moved terms", [f"- {t['id']} {t['label']}: {', '.join(t['old'])} → {', '.join(t['new'])}" for t in diff.moved])  # type: ignore[arg-type]
    section("Relations added", [_relation_line(r) for r in diff.relations_added])
    section("Relations removed", [_relation_line(r) for r in diff.relations_removed])
    section("Relations changed (qualifier or evidence)", [f"{_relation_line(r)}; was{_evidence(r['old'])}" for r in diff.relations_changed])  # type: ignore[arg-type]
    titles = {"added": "Added terms", "removed": "Removed terms", "obsoleted": "Obsoleted terms", "changed": "Changed terms"}
    for kind in KINDS:
        changes: list[TermChange] = counts[kind]
        if not changes:
            continue
        lines.extend([f"## {titles[kind]} ({len(changes)})", ""])
        for change in changes:
            reused = " (reused)" if change.reused else ""
            lines.extend([f"#### {change.id} {_md(change.label)}{reused}", ""])
            lines.extend(f"- − {_md(s)}" for s in change.removed)
            lines.extend(f"- + {_md(s)}" for s in change.added)
            lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    """Escape the characters Markdown would read as markup inside a list item."""
    return "".join("\\" + c if c in "\\`*_[]<>|" else c for c in text)


def _relation_line(row: dict[str, object]) -> str:
    objects = " or ".join(row["objects"])  # type: ignore[arg-type]
    return f"- {row['subject']} {row['relation']} {objects}{_evidence(row)}"


def _evidence(row: dict[str, object]) -> str:
    """`` (qualifier) — note [sources]``: what a relation says beyond its subject, relation and objects."""
    qualifier = f" ({row['qualifier']})" if row["qualifier"] else ""
    return f"{qualifier} — {row['note']} [{', '.join(row['sources'])}]"  # type: ignore[arg-type]
