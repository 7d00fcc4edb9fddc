"""``calco-terms.jsonld``: one JSON object per CALCO term with readable keys, for web developers.

Keys: id, label, definition, synonyms, subtypeOf, causedBy, treatedBy, affectsOrgan, hasSymptom,
hasDepositedSubstance, diagnosedBy, hasSupportiveMeasure, hasCourse, hasMaterialBasisIn, and possiblyCausedBy,
possiblyAffectsOrgan, possiblyHasMaterialBasisIn for members of alternatives. Relation values are the relation
graph's direct edges (asserted or inherited). A JSON-LD processor
expands the document to triples that are all in ``calco.ttl`` plus ``calco-relations.ttl``.

The terms are read from the release's triple index (no rdflib Graph): label, definition, the exact
synonyms that are not Latin names, and the named parents, as :func:`calco.export.termview.term_views`
reads them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from calco.export.jsonld import collector_paused
from calco.prefixes import CALCO, PREFIX_MAP, compress
from calco.triple_index import TripleIndex
from calco.vocab import CALCO_TERM, IAO, OBOINOWL, OMO, OWL, RDFS

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

#: One end of a direct edge: an rdflib IRI (``relation_graph.Edge`` today) or a pyoxigraph one.
EdgeNode = URIRef | ox.NamedNode

LATIN = OMO["0003011"]


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


def to_framed(index: TripleIndex, edges: Iterable[tuple[EdgeNode, EdgeNode, EdgeNode]]) -> bytes:
    """Render one object per term (relations from the entailed ``edges``); keys with no value are left out."""
    with collector_paused():
        return _framed(index, edges)


def _framed(index: TripleIndex, edges: Iterable[tuple[EdgeNode, EdgeNode, EdgeNode]]) -> bytes:
    by_subject: dict[str, dict[str, list[str]]] = {}
    for s, p, o in edges:
        by_subject.setdefault(_iri(s), {}).setdefault(_iri(p), []).append(compress(_iri(o)))
    latin = {
        (source.value, target.value)
        for axiom in index.subjects(OBOINOWL.hasSynonymType, LATIN)
        if isinstance(source := index.value(axiom, OWL.annotatedSource), ox.NamedNode)
        and isinstance(target := index.value(axiom, OWL.annotatedTarget), ox.Literal)
    }
    terms = []
    for cls in index.instances(OWL.Class):
        if cls not in CALCO_TERM:
            continue
        iri = cls.value
        term: dict[str, Any] = {"id": compress(iri), "label": _text(index.value(cls, RDFS.label))}
        definition = _text(index.value(cls, IAO["0000115"]))
        if definition:
            term["definition"] = definition
        exact = sorted(s.value for s in index.objects(cls, OBOINOWL.hasExactSynonym) if isinstance(s, ox.Literal))
        exact = [s for s in exact if (iri, s) not in latin]
        if exact:
            term["synonyms"] = exact
        term["subtypeOf"] = [compress(p) for p in sorted(p.value for p in index.objects(cls, RDFS.subClassOf) if isinstance(p, ox.NamedNode))]
        term_edges = by_subject.get(iri, {})
        for key, relation in RELATION_KEYS.items():
            values = sorted(term_edges.get(relation, []))
            if values:
                term[key] = values
        terms.append(term)
    document = {"@context": frame_context(), "@graph": terms}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _iri(node: EdgeNode) -> str:
    return node.value if isinstance(node, ox.NamedNode) else str(node)


def _text(term: object) -> str:
    """The lexical form of a literal (or an IRI's text), "" for none: what ``str(graph.value(...) or "")`` gave."""
    if isinstance(term, (ox.Literal, ox.NamedNode, ox.BlankNode)):
        return term.value
    return ""
