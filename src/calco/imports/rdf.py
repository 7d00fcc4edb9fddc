"""An import module as OWL in RDF: written as Turtle under ``ontology/imports/``, read back by the load stage.

One function turns a :class:`Module` into triples and one turns the committed file back into a
``Module``; the round trip is exact, so the build assembles exactly what the file holds. Blank
nodes (``part_of`` restrictions, definition axioms) are named from their content, so the file and
every export built from it are byte-stable.

The vocabulary is what ODK import modules use: ``rdfs:label``, ``IAO:0000115`` with its
cross-references as ``oboInOwl:hasDbXref`` on the definition axiom, ``rdfs:subClassOf`` (or
``rdfs:subPropertyOf``), ``BFO:0000050 some X``, ``owl:deprecated``, ``IAO:0100001`` term replaced
by, ``oboInOwl:consider``. Each term is ``rdfs:isDefinedBy`` its upstream ontology, and each
definition axiom carries ``dcterms:source`` naming it: upstream text, attributed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from calco.errors import CalcoError
from calco.export.oxigraph import convert_triples
from calco.export.turtle import to_turtle
from calco.imports.extract import Module, spec_for, spec_named
from calco.imports.upstream import PART_OF, SourceFile, UpstreamTerm
from calco.prefixes import IAO, OBO, OBOINOWL, compress, expand

DEFINITION = IAO["0000115"]
REPLACED_BY = IAO["0100001"]
#: Header comments that a loader reads back: one per source file, one per seed not extracted.
SOURCE_PREFIX = "extracted from: "
MISSING_PREFIX = "not extracted: "
NOTE_PREFIX = "import note: "

Triple = tuple[Node, Node, Node]


def _iri(curie: str) -> URIRef:
    """The IRI of a CURIE: by the project's prefix map, else by the OBO rule ``PREFIX:ID`` -> ``obo/PREFIX_ID``.

    The OBO rule only serves replacements (``consider OBI:...``) outside CALCO's ID spaces; the
    ancestry a module follows stays inside the prefix map.
    """
    expanded = expand(curie)
    if expanded is not None:
        return URIRef(expanded)
    prefix, sep, local = curie.partition(":")
    if not sep or not prefix.isalnum() or not local or any(c.isspace() for c in local):
        raise CalcoError(f"{curie}: not an OBO CURIE")
    return URIRef(f"{OBO}{prefix}_{local}")


def _curie(iri: str) -> str:
    """The inverse of :func:`_iri`."""
    compressed = compress(iri)
    if compressed == iri and iri.startswith(OBO) and "_" in iri[len(OBO) :]:
        prefix, _, local = iri[len(OBO) :].partition("_")
        return f"{prefix}:{local}"
    return compressed


def _bnode(*parts: str) -> BNode:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return BNode(f"m{digest}")


def defining_ontology(curie: str) -> URIRef:
    """``http://purl.obolibrary.org/obo/hp.owl`` for ``HP:...``: where an upstream term is defined.

    A term outside the OBO PURL space (HGNC's identifiers.org IRIs) is attributed to the OBO
    ontology its module is read from (``obo/mondo/imports/hgnc_import.owl``), not to an
    ``obo/hgnc.owl`` that does not exist.
    """
    prefix = curie.split(":", 1)[0]
    if (expand(curie) or "").startswith(OBO) or expand(curie) is None:
        return URIRef(f"{OBO}{prefix.lower()}.owl")
    spec = spec_for(curie)
    return URIRef(f"{OBO}{spec.source}.owl" if spec and spec.source else f"{OBO}{prefix.lower()}.owl")


def module_triples(module: Module) -> list[Triple]:
    """The module as triples: its ontology header, then every term."""
    ontology = URIRef(module.ontology_iri)
    triples: list[Triple] = [
        (ontology, RDF.type, OWL.Ontology),
        (ontology, DCTERMS.title, Literal(f"CALCO import module: {module.title}")),
        (
            ontology,
            DCTERMS.description,
            Literal("Extracted by calco imports refresh from the upstream release files named in its sources; not edited by hand. Definitions are upstream text, attributed to their ontology."),
        ),
    ]
    for source in module.sources:
        triples.append((ontology, DCTERMS.source, Literal(source.name)))
        triples.append((ontology, RDFS.comment, Literal(SOURCE_PREFIX + source.describe())))
    for curie, reason in module.missing:
        triples.append((ontology, RDFS.comment, Literal(f"{MISSING_PREFIX}{curie}: {reason}")))
    for comment in module.comments:
        triples.append((ontology, RDFS.comment, Literal(comment)))
    notes = dict(module.notes)
    for term in module.terms:
        triples.extend(term_triples(term, notes.get(term.id, "")))
    return triples


def term_triples(term: UpstreamTerm, note: str = "") -> list[Triple]:
    """One upstream term as OWL triples."""
    subject = _iri(term.id)
    is_property = term.kind == "property"
    triples: list[Triple] = [(subject, RDF.type, OWL.ObjectProperty if is_property else OWL.Class), (subject, RDFS.isDefinedBy, defining_ontology(term.id))]
    if term.label:
        triples.append((subject, RDFS.label, Literal(term.label)))
    if term.definition:
        definition = Literal(term.definition)
        triples.append((subject, DEFINITION, definition))
        axiom = _bnode("definition", term.id)
        triples += [
            (axiom, RDF.type, OWL.Axiom),
            (axiom, OWL.annotatedSource, subject),
            (axiom, OWL.annotatedProperty, DEFINITION),
            (axiom, OWL.annotatedTarget, definition),
            (axiom, DCTERMS.source, defining_ontology(term.id)),
        ]
        triples += [(axiom, OBOINOWL.hasDbXref, Literal(x)) for x in term.definition_xrefs]
    for parent in term.parents:
        triples.append((subject, RDFS.subPropertyOf if is_property else RDFS.subClassOf, _iri(parent)))
    for whole in term.part_of:
        restriction = _bnode("part_of", term.id, whole)
        triples += [
            (subject, RDFS.subClassOf, restriction),
            (restriction, RDF.type, OWL.Restriction),
            (restriction, OWL.onProperty, _iri(PART_OF)),
            (restriction, OWL.someValuesFrom, _iri(whole)),
        ]
    if term.deprecated:
        triples.append((subject, OWL.deprecated, Literal(True)))
    triples += [(subject, REPLACED_BY, _iri(r)) for r in term.replaced_by]
    triples += [(subject, OBOINOWL.consider, _iri(c)) for c in term.consider]
    if note:
        triples.append((subject, RDFS.comment, Literal(NOTE_PREFIX + note)))
    return triples


def module_turtle(module: Module) -> bytes:
    """The committed file: a comment block a curator reads first, then the sorted Turtle."""
    lines = [f"# {module.file_name}: {module.title}.", "# Generated by `calco imports refresh`; do not edit by hand (see ontology/imports/README.md)."]
    lines += [f"# source: {s.describe()}" for s in sorted(module.sources, key=lambda s: s.name)]
    lines += [f"# {c}" for c in sorted(module.comments)]
    lines += [f"# not extracted: {curie}: {reason}" for curie, reason in sorted(module.missing)]
    header = ("\n".join(lines) + "\n").encode("utf-8")
    return header + to_turtle(convert_triples(module_triples(module)))


def read_module(path: Path) -> Module:
    """The committed module at ``path``, back as a :class:`Module` (the load stage's reader)."""
    name = path.name.removesuffix("_import.ttl")
    spec = spec_named(name, path)
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError) as error:
        raise CalcoError(f"{path}: not a readable import module: {error}") from None
    by_subject: dict[object, list[ox.Triple]] = {}
    for quad in quads:
        by_subject.setdefault(quad.subject, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    ontology = ox.NamedNode(f"{OBO}calco/imports/{name}_import.owl")
    sources: list[SourceFile] = []
    missing: list[tuple[str, str]] = []
    comments: list[str] = []
    title = spec.title
    for triple in by_subject.pop(ontology, []):
        value = triple.object.value if isinstance(triple.object, ox.Literal) else ""
        if triple.predicate.value == str(RDFS.comment):
            if value.startswith(SOURCE_PREFIX):
                sources.append(_source(value[len(SOURCE_PREFIX) :], path))
            elif value.startswith(MISSING_PREFIX):
                curie, _, reason = value[len(MISSING_PREFIX) :].partition(": ")
                missing.append((curie, reason))
            else:
                comments.append(value)
    blanks = {s: t for s, t in by_subject.items() if isinstance(s, ox.BlankNode)}
    definition_xrefs = _definition_xrefs(blanks)
    terms: list[UpstreamTerm] = []
    notes: list[tuple[str, str]] = []
    for subject, triples in by_subject.items():
        if isinstance(subject, ox.NamedNode):
            term, note = _term(subject, triples, blanks, definition_xrefs)
            terms.append(term)
            if note:
                notes.append((term.id, note))
    return Module(name, title, tuple(sorted(sources, key=lambda s: s.name)), tuple(sorted(terms, key=lambda t: t.id)), tuple(sorted(missing)), tuple(sorted(notes)), tuple(sorted(comments)))


def _source(text: str, path: Path) -> SourceFile:
    """Parse ``NAME (version V, date D, sha256 H)`` back into a :class:`SourceFile`."""
    name, _, rest = text.partition(" (")
    fields = dict(part.split(" ", 1) for part in rest.rstrip(")").split(", ") if " " in part)
    if not {"version", "date", "sha256"} <= fields.keys():
        raise CalcoError(f"{path}: unreadable source comment {text!r}; rerun calco imports refresh")
    return SourceFile(name, fields["version"], fields["date"], fields["sha256"])


def _definition_xrefs(blanks: dict[ox.BlankNode, list[ox.Triple]]) -> dict[str, list[str]]:
    """Definition cross-references by the IRI of the term whose definition axiom carries them."""
    found: dict[str, list[str]] = {}
    for triples in blanks.values():
        values = {t.predicate.value: t.object for t in triples}
        source, prop = values.get(str(OWL.annotatedSource)), values.get(str(OWL.annotatedProperty))
        if isinstance(source, ox.NamedNode) and isinstance(prop, ox.NamedNode) and prop.value == str(DEFINITION):
            found[source.value] = [t.object.value for t in triples if t.predicate.value == str(OBOINOWL.hasDbXref) and not isinstance(t.object, ox.Triple)]
    return found


def _term(subject: ox.NamedNode, triples: list[ox.Triple], blanks: dict[ox.BlankNode, list[ox.Triple]], definition_xrefs: dict[str, list[str]]) -> tuple[UpstreamTerm, str]:
    curie = _curie(subject.value)
    kind = "class"
    label = definition = note = ""
    parents: list[str] = []
    part_of: list[str] = []
    replaced_by: list[str] = []
    consider: list[str] = []
    deprecated = False
    for triple in triples:
        p, o = triple.predicate.value, triple.object
        if isinstance(o, ox.Triple):  # RDF 1.2 triple terms: never in an import module
            continue
        if p == str(RDF.type) and isinstance(o, ox.NamedNode) and o.value == str(OWL.ObjectProperty):
            kind = "property"
        elif p == str(RDFS.label):
            label = o.value
        elif p == str(DEFINITION):
            definition = o.value
        elif p in (str(RDFS.subClassOf), str(RDFS.subPropertyOf)):
            if isinstance(o, ox.NamedNode):
                parents.append(_curie(o.value))
            elif isinstance(o, ox.BlankNode):
                values = {t.predicate.value: t.object for t in blanks.get(o, [])}
                filler = values.get(str(OWL.someValuesFrom))
                if isinstance(filler, ox.NamedNode):
                    part_of.append(_curie(filler.value))
        elif p == str(OWL.deprecated):
            deprecated = o.value == "true"
        elif p == str(REPLACED_BY):
            replaced_by.append(_curie(o.value))
        elif p == str(OBOINOWL.consider):
            consider.append(_curie(o.value))
        elif p == str(RDFS.comment) and o.value.startswith(NOTE_PREFIX):
            note = o.value[len(NOTE_PREFIX) :]
    xrefs = definition_xrefs.get(subject.value, [])
    term = UpstreamTerm(curie, kind, label, definition, tuple(sorted(xrefs)), tuple(sorted(parents)), tuple(sorted(part_of)), deprecated, tuple(sorted(replaced_by)), tuple(sorted(consider)))  # type: ignore[arg-type]
    return term, note

