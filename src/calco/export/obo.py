"""``calco.obo``: OBO 1.4 flat file, for OBO tools and curators who read OBO.

Carries ids, names, definitions with sources, synonyms (Latin ones typed OMO:0003011), xrefs,
comments, is_a and relationships. Alternatives (``R some (A or B)``) have no OBO form and appear
only in the OWL editions. CALCO's own relations are typedefs with local ids (``caused_by``), which
the OBO-to-OWL mapping turns back into ``http://purl.obolibrary.org/obo/calco#caused_by``.

Every value is escaped for its place in the OBO 1.4 syntax: an unquoted value (``name``,
``comment``) escapes ``\\``, ``{``, ``}`` and ``!`` (which otherwise open trailing qualifiers or a
trailing comment, so fastobo refuses the file or the text is cut short); a quoted one (``def``,
``synonym``, ``property_value``) escapes ``\\`` and ``"``. The annotation properties the header and
synonym types use are declared as ``is_metadata_tag`` typedefs, so OWL API reads the file as OWL 2
DL with every entity declared.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from calco.export.termview import LATIN, label_of, term_views
from calco.prefixes import CALCO, IAO, OBO, ONTOLOGY_IRI, compress

DCTERMS = "http://purl.org/dc/terms/"


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
