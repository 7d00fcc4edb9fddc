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

import pyoxigraph as ox

from calco.export.termview import LATIN, label_of, term_views
from calco.prefixes import CALCO, OBO, ONTOLOGY_IRI, compress
from calco.triple_index import TripleIndex
from calco.vocab import DCTERMS, IAO, OWL, RDFS


def to_obo(index: TripleIndex) -> bytes:
    """Render the OBO document."""
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    latin = compress(LATIN.value)
    lines = ["format-version: 1.4"]
    version_info = index.value(ontology, OWL.versionInfo)
    if version_info is not None:
        lines.append(f"data-version: releases/{_unquoted(version_info.value)}")
    lines += [
        "ontology: calco",
        f'synonymtypedef: {latin} "latin term"',
        f"idspace: calco {CALCO}",
    ]
    for prop in ("title", "description"):
        for value in index.objects(ontology, DCTERMS[prop]):
            lines.append(f'property_value: {DCTERMS.base}{prop} "{_escape(value.value)}" xsd:string')
    for value in index.objects(ontology, DCTERMS.license):
        lines.append(f"property_value: {DCTERMS.base}license {value.value}")
    if version_info is not None:
        lines.append(f'property_value: owl:versionInfo "{_escape(version_info.value)}" xsd:string')

    for view in term_views(index):
        lines += ["", "[Term]", f"id: {view.curie}", f"name: {_unquoted(view.label)}"]
        if view.definition:
            lines.append(f'def: "{_escape(view.definition)}" [{", ".join(_escape_xref(x) for x in view.definition_sources)}]')
        if view.comment:
            lines.append(f"comment: {_unquoted(view.comment)}")
        for synonym in view.synonyms:
            kind = f" {latin}" if synonym.latin else ""
            lines.append(f'synonym: "{_escape(synonym.text)}" {synonym.scope}{kind} []')
        lines += [f"xref: {_escape_xref(x)}" for x in view.xrefs]
        lines += [f"is_a: {compress(p)} ! {_one_line(label_of(index, p))}" for p in view.parents]
        for prop, filler in view.relations:
            lines.append(f"relationship: {_relation_id(prop)} {compress(filler)} ! {_one_line(label_of(index, filler))}")
        if view.deprecated:
            lines.append("is_obsolete: true")
            if view.replaced_by is not None:
                lines.append(f"replaced_by: {compress(view.replaced_by)}")
            lines += [f"consider: {compress(c)}" for c in view.consider]
            if view.obsolescence_reason is not None:
                lines.append(f"property_value: IAO:0000231 {compress(view.obsolescence_reason)}")

    for iri in index.instances(OWL.Class):
        curie = compress(iri.value)
        if not curie.startswith("CALCO:") and curie != iri.value:
            lines += ["", "[Term]", f"id: {curie}"]
            label = index.value(iri, RDFS.label)
            if label is not None:  # an import module term may have no upstream label
                lines.append(f"name: {_unquoted(label.value)}")
            # Its upstream is_a and part_of, and the curated rows about it (the treatment of a
            # disease that causes a CALCO form): both are its subClassOf restrictions.
            lines += _upstream_hierarchy(index, iri)

    for relation in index.instances(OWL.ObjectProperty):
        lines += ["", "[Typedef]", f"id: {_relation_id(relation.value)}", f"name: {_unquoted(label_of(index, relation))}"]
        definition = index.value(relation, IAO["0000115"])
        if definition is not None:
            lines.append(f'def: "{_escape(definition.value)}" []')
        for parent in index.objects(relation, RDFS.subPropertyOf):
            if isinstance(parent, ox.NamedNode):
                lines.append(f"is_a: {_relation_id(parent.value)} ! {_one_line(label_of(index, parent))}")

    header_tags = {p.value for p in index.predicate_objects(ontology)} & {f"{DCTERMS.base}{p}" for p in ("title", "description", "license")}
    for tag in [LATIN.value, *sorted(header_tags)]:
        # OBO ids: a CURIE for OBO library IRIs (OMO:0003011), the full IRI otherwise (no dcterms idspace).
        lines += ["", "[Typedef]", f"id: {compress(tag) if tag.startswith(OBO) else tag}"]
        tag_label = index.value(ox.NamedNode(tag), RDFS.label)
        if tag_label is not None:
            lines.append(f"name: {_unquoted(tag_label.value)}")
        lines.append("is_metadata_tag: true")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _upstream_hierarchy(index: TripleIndex, iri: ox.NamedNode) -> list[str]:
    """An imported term's is_a and part_of from the merged import modules, so calco.obo holds the merged hierarchy (ODK full)."""
    lines, relationships = [], []
    for parent in index.objects(iri, RDFS.subClassOf):
        if isinstance(parent, ox.NamedNode):
            lines.append(f"is_a: {compress(parent.value)} ! {label_of(index, parent)}")
        elif isinstance(parent, ox.BlankNode):
            prop, filler = index.value(parent, OWL.onProperty), index.value(parent, OWL.someValuesFrom)
            if isinstance(prop, ox.NamedNode) and isinstance(filler, ox.NamedNode):
                relationships.append(f"relationship: {_relation_id(prop.value)} {compress(filler.value)} ! {label_of(index, filler)}")
    if index.value(iri, OWL.deprecated) is not None:
        lines.append("is_obsolete: true")
    return sorted(lines) + sorted(relationships)


def _relation_id(prop: str) -> str:
    """Local id for CALCO's own relations, CURIE for reused ones (RO)."""
    return prop[len(CALCO) :] if prop.startswith(CALCO) else compress(prop)


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
