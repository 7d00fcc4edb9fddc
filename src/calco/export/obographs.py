"""``calco.json``: OBO Graphs JSON, what OAK, obographviz and Monarch tools read.

Nodes for every class and relation, is_a edges and one edge per single-filler existential
restriction, definitions with their sources, synonyms and xrefs in node metadata.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from calco.export.termview import LATIN, label_of, term_views
from calco.prefixes import ONTOLOGY_IRI

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
