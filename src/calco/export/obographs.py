"""``calco.json``: OBO Graphs JSON, what OAK, obographviz and Monarch tools read.

Nodes for every class and relation, is_a edges and one edge per single-filler existential
restriction, definitions with their sources, synonyms and xrefs in node metadata.
"""

from __future__ import annotations

from typing import Any

import orjson
import pyoxigraph as ox

from calco.export.termview import LATIN, label_of, term_views
from calco.prefixes import ONTOLOGY_IRI
from calco.triple_index import TripleIndex
from calco.vocab import OWL

PRED = {"EXACT": "hasExactSynonym", "RELATED": "hasRelatedSynonym", "NARROW": "hasNarrowSynonym", "BROAD": "hasBroadSynonym"}


def to_obographs(index: TripleIndex) -> bytes:
    """Render the OBO Graphs document, sorted for byte stability."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, str]] = []
    views = {view.iri: view for view in term_views(index)}
    for iri in index.instances(OWL.Class):
        node: dict[str, Any] = {"id": iri.value, "lbl": label_of(index, iri), "type": "CLASS"}
        view = views.get(iri.value)
        if view is not None:
            meta: dict[str, Any] = {}
            if view.definition:
                meta["definition"] = {"val": view.definition, "xrefs": view.definition_sources}
            if view.synonyms:
                meta["synonyms"] = [
                    {"pred": PRED[s.scope], "val": s.text, **({"synonymType": LATIN.value} if s.latin else {})} for s in view.synonyms
                ]
            if view.xrefs:
                meta["xrefs"] = [{"val": x} for x in view.xrefs]
            if view.comment:
                meta["comments"] = [view.comment]
            if view.deprecated:
                meta["deprecated"] = True
            node["meta"] = meta
            edges += [{"sub": view.iri, "pred": "is_a", "obj": p} for p in view.parents]
            edges += [{"sub": view.iri, "pred": p, "obj": o} for p, o in view.relations]
        nodes.append(node)
    for prop in index.instances(OWL.ObjectProperty):
        nodes.append({"id": prop.value, "lbl": label_of(index, prop), "type": "PROPERTY"})
    version_iri = index.value(ox.NamedNode(ONTOLOGY_IRI), OWL.versionIRI)
    meta = {"version": version_iri.value if version_iri is not None else ""}
    document = {"graphs": [{"id": ONTOLOGY_IRI, "meta": meta, "nodes": nodes, "edges": sorted(edges, key=lambda e: (e["sub"], e["pred"], e["obj"]))}]}
    # orjson writes what ``json.dumps(document, indent=2, ensure_ascii=False)`` writes (two-space
    # indent, ``": "``, raw UTF-8, the same escapes), in a fraction of the time: the standard
    # library encodes indented output in pure Python.
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"
