"""The term exports as they were written on rdflib's Graph (main before issue 20's port): the oracle.

``tests/test_term_exports_port.py`` renders every ported export from ``Release.index`` and from
these functions on an rdflib Graph of the same triples, and requires the same bytes. The code is
the previous implementation, unchanged but for the module boundaries (one file, its own rdflib
namespaces, its own term conversion), so it keeps working whatever the package's rdflib side
becomes.
"""

# ruff: noqa: E501
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from calco.load.schema import SEPARATOR, TERMS
from calco.prefixes import OBO, ONTOLOGY_IRI, PREFIX_MAP, compress

CALCO_TERM = Namespace(PREFIX_MAP["CALCO"])
CALCO = Namespace(PREFIX_MAP["calco"])
IAO = Namespace(PREFIX_MAP["IAO"])
OMO = Namespace(PREFIX_MAP["OMO"])
OBOINOWL = Namespace(PREFIX_MAP["oboInOwl"])
PROGNOSIS = CALCO["prognosis"]
DCTERMS = "http://purl.org/dc/terms/"


def _ox(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    assert isinstance(node, Literal)
    if node.language:
        return ox.Literal(str(node), language=node.language)
    if node.datatype:
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
    return ox.Literal(str(node))


SCOPES = {
    OBOINOWL.hasExactSynonym: "EXACT",
    OBOINOWL.hasRelatedSynonym: "RELATED",
    OBOINOWL.hasNarrowSynonym: "NARROW",
    OBOINOWL.hasBroadSynonym: "BROAD",
}
LATIN = OMO["0003011"]
SENTENCE_FINGERPRINT = CALCO["sentence_fingerprint"]


@dataclass(frozen=True)
class Synonym:
    """A synonym with its OBO scope and, for Latin names, its synonym type."""

    text: str
    scope: str
    latin: bool = False


@dataclass
class TermView:
    """Everything the term-oriented exports need about one class."""

    iri: URIRef
    label: str = ""
    definition: str = ""
    definition_sources: list[str] = field(default_factory=list)
    #: ``locator sha256:...`` for each article locator among the definition's sources.
    definition_fingerprints: list[str] = field(default_factory=list)
    synonyms: list[Synonym] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    comment: str = ""
    parents: list[URIRef] = field(default_factory=list)
    relations: list[tuple[URIRef, URIRef]] = field(default_factory=list)
    deprecated: bool = False
    replaced_by: URIRef | None = None
    consider: list[URIRef] = field(default_factory=list)
    obsolescence_reason: URIRef | None = None

    @property
    def curie(self) -> str:
        """The term's CURIE."""
        return compress(str(self.iri))


def term_views(graph: Graph) -> list[TermView]:
    """One view per CALCO class, in ID order. Relations are single-filler restrictions only."""
    latin_targets = {
        (graph.value(a, OWL.annotatedSource), str(graph.value(a, OWL.annotatedTarget)))
        for a in graph.subjects(OBOINOWL.hasSynonymType, LATIN)
    }
    views = []
    for iri in sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(CALCO_TERM))):
        view = TermView(iri)
        view.label = str(graph.value(iri, RDFS.label) or "")
        definition = graph.value(iri, IAO["0000115"])
        if definition is not None:
            view.definition = str(definition)
            axioms = [a for a in graph.subjects(OWL.annotatedTarget, definition) if graph.value(a, OWL.annotatedSource) == iri]
            view.definition_sources = sorted(str(x) for a in axioms for x in graph.objects(a, OBOINOWL.hasDbXref))
            view.definition_fingerprints = sorted(str(x) for a in axioms for x in graph.objects(a, SENTENCE_FINGERPRINT))
        for synonym_property, scope in SCOPES.items():
            for value in sorted(graph.objects(iri, synonym_property), key=str):
                view.synonyms.append(Synonym(str(value), scope, (iri, str(value)) in latin_targets))
        view.xrefs = sorted(str(x) for x in graph.objects(iri, OBOINOWL.hasDbXref))
        view.comment = str(graph.value(iri, RDFS.comment) or "")
        for parent in graph.objects(iri, RDFS.subClassOf):
            if isinstance(parent, URIRef):
                view.parents.append(parent)
            else:
                prop, filler = graph.value(parent, OWL.onProperty), graph.value(parent, OWL.someValuesFrom)
                if isinstance(prop, URIRef) and isinstance(filler, URIRef):
                    view.relations.append((prop, filler))
        view.parents.sort()
        view.relations.sort()
        view.deprecated = graph.value(iri, OWL.deprecated) == Literal(True)
        replacement = graph.value(iri, IAO["0100001"])
        view.replaced_by = replacement if isinstance(replacement, URIRef) else None
        view.consider = sorted(c for c in graph.objects(iri, OBOINOWL.consider) if isinstance(c, URIRef))
        reason = graph.value(iri, IAO["0000231"])
        view.obsolescence_reason = reason if isinstance(reason, URIRef) else None
        views.append(view)
    return views


def label_of(graph: Graph, iri: URIRef) -> str:
    """The label of any term or property in the graph ("" if none)."""
    return str(graph.value(iri, RDFS.label) or "")



def to_obo(graph: Graph) -> bytes:
    """Render the OBO document."""
    ontology = URIRef(ONTOLOGY_IRI)
    lines = ["format-version: 1.4"]
    version_info = graph.value(ontology, OWL.versionInfo)
    if version_info is not None:
        lines.append(f"data-version: releases/{_unquoted(str(version_info))}")
    lines += [
        "ontology: calco",
        f'synonymtypedef: {compress(str(LATIN))} "latin term"',
        f"idspace: calco {CALCO}",
    ]
    for prop in ("title", "description"):
        for value in graph.objects(ontology, URIRef(DCTERMS + prop)):
            lines.append(f'property_value: {DCTERMS}{prop} "{_escape(str(value))}" xsd:string')
    for value in graph.objects(ontology, URIRef(DCTERMS + "license")):
        lines.append(f"property_value: {DCTERMS}license {value}")
    if version_info is not None:
        lines.append(f'property_value: owl:versionInfo "{_escape(str(version_info))}" xsd:string')

    for view in term_views(graph):
        lines += ["", "[Term]", f"id: {view.curie}", f"name: {_unquoted(view.label)}"]
        if view.definition:
            lines.append(f'def: "{_escape(view.definition)}" [{", ".join(_escape_xref(x) for x in view.definition_sources)}]')
        if view.comment:
            lines.append(f"comment: {_unquoted(view.comment)}")
        for synonym in view.synonyms:
            kind = f" {compress(str(LATIN))}" if synonym.latin else ""
            lines.append(f'synonym: "{_escape(synonym.text)}" {synonym.scope}{kind} []')
        lines += [f"xref: {_escape_xref(x)}" for x in view.xrefs]
        lines += [f"is_a: {compress(str(p))} ! {_one_line(label_of(graph, p))}" for p in view.parents]
        for prop, filler in view.relations:
            lines.append(f"relationship: {_relation_id(prop)} {compress(str(filler))} ! {_one_line(label_of(graph, filler))}")
        if view.deprecated:
            lines.append("is_obsolete: true")
            if view.replaced_by is not None:
                lines.append(f"replaced_by: {compress(str(view.replaced_by))}")
            lines += [f"consider: {compress(str(c))}" for c in view.consider]
            if view.obsolescence_reason is not None:
                lines.append(f"property_value: IAO:0000231 {compress(str(view.obsolescence_reason))}")

    for iri in sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)):
        if not compress(str(iri)).startswith("CALCO:") and compress(str(iri)) != str(iri):
            lines += ["", "[Term]", f"id: {compress(str(iri))}"]
            if graph.value(iri, RDFS.label) is not None:  # an import module term may have no upstream label
                lines.append(f"name: {_unquoted(label_of(graph, iri))}")
            # Its upstream is_a and part_of, and the curated rows about it (the treatment of a
            # disease that causes a CALCO form): both are its subClassOf restrictions.
            lines += _upstream_hierarchy(graph, iri)

    for prop in sorted(p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)):
        lines += ["", "[Typedef]", f"id: {_relation_id(prop)}", f"name: {_unquoted(label_of(graph, prop))}"]
        definition = graph.value(prop, IAO["0000115"])
        if definition is not None:
            lines.append(f'def: "{_escape(str(definition))}" []')
        for parent in graph.objects(prop, RDFS.subPropertyOf):
            if isinstance(parent, URIRef):
                lines.append(f"is_a: {_relation_id(parent)} ! {_one_line(label_of(graph, parent))}")

    header_tags = {str(p) for p in graph.predicates(ontology, None)} & {f"{DCTERMS}{p}" for p in ("title", "description", "license")}
    for tag in [str(LATIN), *sorted(header_tags)]:
        # OBO ids: a CURIE for OBO library IRIs (OMO:0003011), the full IRI otherwise (no dcterms idspace).
        lines += ["", "[Typedef]", f"id: {compress(tag) if tag.startswith(OBO) else tag}"]
        label = graph.value(URIRef(tag), RDFS.label)
        if label is not None:
            lines.append(f"name: {_unquoted(str(label))}")
        lines.append("is_metadata_tag: true")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _upstream_hierarchy(graph: Graph, iri: URIRef) -> list[str]:
    """An imported term's is_a and part_of from the merged import modules, so calco.obo holds the merged hierarchy (ODK full)."""
    lines, relationships = [], []
    for parent in graph.objects(iri, RDFS.subClassOf):
        if isinstance(parent, URIRef):
            lines.append(f"is_a: {compress(str(parent))} ! {label_of(graph, parent)}")
        else:
            prop, filler = graph.value(parent, OWL.onProperty), graph.value(parent, OWL.someValuesFrom)
            if isinstance(prop, URIRef) and isinstance(filler, URIRef):
                relationships.append(f"relationship: {_relation_id(prop)} {compress(str(filler))} ! {label_of(graph, filler)}")
    if graph.value(iri, OWL.deprecated) is not None:
        lines.append("is_obsolete: true")
    return sorted(lines) + sorted(relationships)


def _relation_id(prop: URIRef) -> str:
    """Local id for CALCO's own relations, CURIE for reused ones (RO)."""
    text = str(prop)
    return text[len(str(CALCO)) :] if text.startswith(str(CALCO)) else compress(text)


def _escape(text: str) -> str:
    """A quoted OBO string's content: backslash and double quote escaped."""
    return _one_line(text).replace("\\", "\\\\").replace('"', '\\"')


_UNQUOTED_ESCAPES = str.maketrans({"\\": "\\\\", "{": "\\{", "}": "\\}", "!": "\\!"})


def _unquoted(text: str) -> str:
    """An unquoted OBO value: ``{`` would open trailing qualifiers and ``!`` a trailing comment."""
    return _one_line(text).translate(_UNQUOTED_ESCAPES)


def _escape_xref(xref: str) -> str:
    return xref.replace(",", "\\,").replace("]", "\\]").replace(" ", "\\ ")


def _one_line(text: str) -> str:
    return " ".join(text.split())


PRED = {"EXACT": "hasExactSynonym", "RELATED": "hasRelatedSynonym", "NARROW": "hasNarrowSynonym", "BROAD": "hasBroadSynonym"}


def to_obographs(graph: Graph) -> bytes:
    """Render the OBO Graphs document, sorted for byte stability."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, str]] = []
    views = {view.iri: view for view in term_views(graph)}
    for iri in sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)):
        node: dict[str, Any] = {"id": str(iri), "lbl": label_of(graph, iri), "type": "CLASS"}
        view = views.get(iri)
        if view is not None:
            meta: dict[str, Any] = {}
            if view.definition:
                meta["definition"] = {"val": view.definition, "xrefs": view.definition_sources}
            if view.synonyms:
                meta["synonyms"] = [
                    {"pred": PRED[s.scope], "val": s.text, **({"synonymType": str(LATIN)} if s.latin else {})} for s in view.synonyms
                ]
            if view.xrefs:
                meta["xrefs"] = [{"val": x} for x in view.xrefs]
            if view.comment:
                meta["comments"] = [view.comment]
            if view.deprecated:
                meta["deprecated"] = True
            node["meta"] = meta
            edges += [{"sub": str(iri), "pred": "is_a", "obj": str(p)} for p in view.parents]
            edges += [{"sub": str(iri), "pred": str(p), "obj": str(o)} for p, o in view.relations]
        nodes.append(node)
    for prop in sorted(p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)):
        nodes.append({"id": str(prop), "lbl": label_of(graph, prop), "type": "PROPERTY"})
    ontology = URIRef(ONTOLOGY_IRI)
    meta = {"version": str(graph.value(ontology, OWL.versionIRI) or "")}
    document = {"graphs": [{"id": ONTOLOGY_IRI, "meta": meta, "nodes": nodes, "edges": sorted(edges, key=lambda e: (e["sub"], e["pred"], e["obj"]))}]}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def to_terms_tsv(graph: Graph) -> bytes:
    """Render the terms table; prognosis columns are filled from the graph too."""
    buffer = io.StringIO()
    buffer.write("\t".join(c.name for c in TERMS) + "\n")
    for view in term_views(graph):
        by_scope = {scope: [s.text for s in view.synonyms if s.scope == scope and not s.latin] for scope in ("EXACT", "RELATED", "NARROW", "BROAD")}
        prognosis = graph.value(view.iri, PROGNOSIS)
        prognosis_sources = sorted(
            str(x)
            for a in graph.subjects(OWL.annotatedTarget, prognosis)
            if graph.value(a, OWL.annotatedSource) == view.iri
            for x in graph.objects(a, OBOINOWL.hasDbXref)
        ) if prognosis is not None else []
        row = {
            "id": view.curie,
            "label": view.label,
            "parents": SEPARATOR.join(compress(str(p)) for p in view.parents),
            "definition": view.definition,
            "definition_source": SEPARATOR.join(view.definition_sources),
            "exact_synonyms": SEPARATOR.join(by_scope["EXACT"]),
            "related_synonyms": SEPARATOR.join(by_scope["RELATED"]),
            "narrow_synonyms": SEPARATOR.join(by_scope["NARROW"]),
            "broad_synonyms": SEPARATOR.join(by_scope["BROAD"]),
            "latin_synonyms": SEPARATOR.join(s.text for s in view.synonyms if s.latin),
            "comment": view.comment,
            "prognosis": str(prognosis or ""),
            "prognosis_source": SEPARATOR.join(prognosis_sources),
            "obsolete": "true" if view.deprecated else "",
            "replaced_by": compress(str(view.replaced_by)) if view.replaced_by else "",
            "consider": SEPARATOR.join(compress(str(c)) for c in view.consider),
            "obsolescence_reason": compress(str(view.obsolescence_reason)) if view.obsolescence_reason else "",
        }
        buffer.write("\t".join(row[c.name] for c in TERMS) + "\n")
    return buffer.getvalue().encode("utf-8")


SSSOM_NS = "https://w3id.org/sssom/"
SEMAPV_NS = "https://w3id.org/semapv/vocab/"
COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification", "comment")
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def mapping_rows(graph: Graph) -> list[dict[str, str]]:
    """One dict per annotated mapping axiom, sorted by subject, predicate, object."""
    rows = []
    for axiom in graph.subjects(URIRef(SSSOM_NS + "mapping_justification"), None):
        subject = graph.value(axiom, OWL.annotatedSource)
        predicate = graph.value(axiom, OWL.annotatedProperty)
        target = graph.value(axiom, OWL.annotatedTarget)
        justification = graph.value(axiom, URIRef(SSSOM_NS + "mapping_justification"))
        assert isinstance(subject, URIRef) and isinstance(predicate, URIRef) and target is not None
        rows.append(
            {
                "subject_id": compress(str(subject)),
                "subject_label": str(graph.value(subject, RDFS.label) or ""),
                "predicate_id": compress(str(predicate)),
                "object_id": str(target) if isinstance(target, Literal) else compress(str(target)),
                "object_label": str(graph.value(axiom, URIRef(SSSOM_NS + "object_label")) or ""),
                "mapping_justification": "semapv:" + str(justification)[len(SEMAPV_NS) :],
                "comment": str(graph.value(axiom, RDFS.comment) or ""),
            }
        )
    return sorted(rows, key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))


def to_sssom(graph: Graph) -> bytes:
    """The SSSOM/TSV file: a ``#``-prefixed YAML metadata block, then the mapping table."""
    rows = mapping_rows(graph)
    used = {row[c].split(":", 1)[0] for row in rows for c in ("subject_id", "predicate_id", "object_id")}
    curie_map = {p: ns for p, ns in PREFIX_MAP.items() if p in used and p not in ("owl", "rdf", "rdfs", "skos", "xsd")}
    ontology = URIRef(ONTOLOGY_IRI)
    version_iri = graph.value(ontology, OWL.versionIRI)
    version = graph.value(ontology, OWL.versionInfo)
    header = ["curie_map:"]
    header += [f"  {prefix}: {namespace}" for prefix, namespace in sorted(curie_map.items())]
    header += [
        f"license: {LICENSE}",
        "mapping_set_id: http://purl.obolibrary.org/obo/calco/calco.sssom.tsv",
        f"mapping_set_version: {version_iri}" if version_iri else "",
        "mapping_set_title: Mappings of CALCO calcinosis cutis classes to MONDO, DOID and HP",
        f"mapping_date: {version}" if version else "",
        f"subject_source: {ONTOLOGY_IRI}",
        f"subject_source_version: {version_iri}" if version_iri else "",
    ]
    buffer = io.StringIO()
    for line in header:
        if line:
            buffer.write(f"# {line}\n")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


SCHEME = URIRef("http://purl.obolibrary.org/obo/calco/skos")
SYNONYMS = (OBOINOWL.hasExactSynonym, OBOINOWL.hasRelatedSynonym, OBOINOWL.hasNarrowSynonym, OBOINOWL.hasBroadSynonym)
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


def to_skos(graph: Graph) -> list[ox.Triple]:
    """Build the SKOS concept scheme from the OWL graph, as sorted pyoxigraph triples for the Turtle writer."""
    out: set[tuple[Node, Node, Node]] = set()
    ontology = URIRef(ONTOLOGY_IRI)
    out.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    for title in graph.objects(ontology, URIRef("http://purl.org/dc/terms/title")):
        out.add((SCHEME, SKOS.prefLabel, title))
    out.add((SCHEME, RDFS.seeAlso, ontology))
    concepts = sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(CALCO_TERM)))
    own = set(concepts)
    for concept in concepts:
        out.add((concept, RDF.type, SKOS.Concept))
        out.add((concept, SKOS.inScheme, SCHEME))
        for label in graph.objects(concept, RDFS.label):
            out.add((concept, SKOS.prefLabel, label))
        for definition in graph.objects(concept, IAO["0000115"]):
            out.add((concept, SKOS.definition, definition))
        for prop in SYNONYMS:
            for synonym in graph.objects(concept, prop):
                out.add((concept, SKOS.altLabel, synonym))
        for prop in MATCHES:
            for target in graph.objects(concept, prop):
                out.add((concept, prop, target))
        for xref in graph.objects(concept, OBOINOWL.hasDbXref):
            out.add((concept, SKOS.notation, Literal(str(xref))))
        parents = [p for p in graph.objects(concept, RDFS.subClassOf) if isinstance(p, URIRef)]
        for parent in parents:
            if parent in own:
                out.add((concept, SKOS.broader, parent))
                out.add((parent, SKOS.narrower, concept))
            else:
                out.add((concept, SKOS.broadMatch, parent))
        if not any(p in own for p in parents):
            out.add((SCHEME, SKOS.hasTopConcept, concept))
            out.add((concept, SKOS.topConceptOf, SCHEME))
    return sorted({ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in out}, key=str)  # type: ignore[arg-type]
