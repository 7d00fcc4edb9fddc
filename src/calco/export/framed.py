"""``calco-terms.jsonld``: one JSON object per CALCO term with readable keys, for web developers.

Keys: id, label, definition, synonyms, subtypeOf, causedBy, treatedBy, affectsOrgan, hasSymptom,
hasDepositedSubstance, diagnosedBy, hasSupportiveMeasure, hasCourse, hasMaterialBasisIn, and possiblyCausedBy,
possiblyAffectsOrgan, possiblyHasMaterialBasisIn for members of alternatives. Relation values are the relation
graph's direct edges (asserted or inherited). A JSON-LD processor
expands the document to triples that are all in ``calco.ttl`` plus ``calco-relations.ttl``.

The terms are the release's shared term views (:func:`calco.export.termview.term_views`, read from
the triple index, no rdflib Graph): label, definition, the exact synonyms that are not Latin names,
and the named parents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from calco.collector import collector_paused
from calco.export.relation_graph import Edge
from calco.export.termview import term_views
from calco.prefixes import CALCO, PREFIX_MAP, compress
from calco.triple_index import TripleIndex

RELATION_KEYS = {
    "causedBy": f"{CALCO}caused_by",
    "treatedBy": f"{CALCO}treated_by",
    "affectsOrgan": f"{CALCO}affects_organ",
    "hasDepositedSubstance": f"{CALCO}has_deposited_substance",
    "diagnosedBy": f"{CALCO}diagnosed_by",
    "hasSupportiveMeasure": f"{CALCO}has_supportive_measure",
    "hasCourse": f"{CALCO}has_course",
    "hasSymptom": "http://purl.obolibrary.org/obo/RO_0002452",
    "hasMaterialBasisIn": "http://purl.obolibrary.org/obo/RO_0004003",
    "possiblyCausedBy": f"{CALCO}possibly_caused_by",
    "possiblyAffectsOrgan": f"{CALCO}possibly_affects_organ",
    "possiblyHasMaterialBasisIn": f"{CALCO}possibly_has_material_basis_in_germline_mutation_in",
}


def frame_context() -> dict[str, Any]:
    """Readable keys for the framed document (IRIs as CURIEs with OBO prefixes)."""
    ctx: dict[str, Any] = {"id": "@id"}
    ctx.update({p: ({"@id": ns, "@prefix": True} if ns.endswith("_") else ns) for p, ns in PREFIX_MAP.items()})
    ctx.update(
        {
            "label": {"@id": "rdfs:label", "@language": "en"},
            "definition": {"@id": "IAO:0000115", "@language": "en"},
            "synonyms": {"@id": "oboInOwl:hasExactSynonym", "@language": "en"},
            "subtypeOf": {"@id": "rdfs:subClassOf", "@type": "@id"},
        }
    )
    ctx.update({key: {"@id": compress(iri), "@type": "@id"} for key, iri in RELATION_KEYS.items()})
    return ctx


def to_framed(index: TripleIndex, edges: Iterable[Edge]) -> bytes:
    """Render one object per term (relations from the entailed ``edges``); keys with no value are left out."""
    with collector_paused():
        return _framed(index, edges)


def _framed(index: TripleIndex, edges: Iterable[Edge]) -> bytes:
    by_subject: dict[str, dict[str, list[str]]] = {}
    for s, p, o in edges:
        by_subject.setdefault(s.value, {}).setdefault(p.value, []).append(compress(o.value))
    terms = []
    for view in term_views(index):
        term: dict[str, Any] = {"id": view.curie, "label": view.label}
        if view.definition:
            term["definition"] = view.definition
        exact = [s.text for s in view.synonyms if s.scope == "EXACT" and not s.latin]
        if exact:
            term["synonyms"] = exact
        term["subtypeOf"] = [compress(p) for p in view.parents]
        term_edges = by_subject.get(view.iri, {})
        for key, relation in RELATION_KEYS.items():
            values = sorted(term_edges.get(relation, []))
            if values:
                term[key] = values
        terms.append(term)
    document = {"@context": frame_context(), "@graph": terms}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
