"""``calco.jsonld`` and ``calco.context.jsonld``: JSON-LD with a small, local context.

The context is written inline into ``calco.jsonld`` (so no JSON-LD processor ever fetches
anything) and also as its own file for people compacting their own data the same way.
Arrays are sorted, so the output is byte-stable whatever Python's hash seed.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph

from calco.prefixes import PREFIX_MAP

#: Readable keys for the properties CALCO uses most.
TERMS: dict[str, dict[str, str]] = {
    "label": {"@id": "rdfs:label", "@language": "en"},
    "definition": {"@id": "IAO:0000115", "@language": "en"},
    "comment": {"@id": "rdfs:comment", "@language": "en"},
    # No "@type": "@id" on keys whose values can be blank nodes (subClassOf restrictions,
    # union fillers, annotated targets): rdflib's serializer silently drops the blank node's
    # triples then. Only keys whose values are always IRIs are coerced.
    "subClassOf": {"@id": "rdfs:subClassOf"},
    "isDefinedBy": {"@id": "rdfs:isDefinedBy", "@type": "@id"},
    "exactSynonym": {"@id": "oboInOwl:hasExactSynonym", "@language": "en"},
    "relatedSynonym": {"@id": "oboInOwl:hasRelatedSynonym", "@language": "en"},
    "narrowSynonym": {"@id": "oboInOwl:hasNarrowSynonym", "@language": "en"},
    "broadSynonym": {"@id": "oboInOwl:hasBroadSynonym", "@language": "en"},
    "xref": {"@id": "oboInOwl:hasDbXref"},
    "onProperty": {"@id": "owl:onProperty", "@type": "@id"},
    "someValuesFrom": {"@id": "owl:someValuesFrom"},
    "annotatedSource": {"@id": "owl:annotatedSource", "@type": "@id"},
    "annotatedProperty": {"@id": "owl:annotatedProperty", "@type": "@id"},
    "annotatedTarget": {"@id": "owl:annotatedTarget"},
    "evidenceNote": {"@id": "calco:evidence_note", "@language": "en"},
    "sentenceFingerprint": {"@id": "calco:sentence_fingerprint"},
    "evidenceType": {"@id": "calco:evidence_type", "@type": "@id"},
}


def context() -> dict[str, Any]:
    """The JSON-LD context: every project prefix (OBO ``_`` prefixes marked ``@prefix``) plus readable keys."""
    ctx: dict[str, Any] = {"id": "@id", "type": "@type"}
    for prefix, namespace in PREFIX_MAP.items():
        ctx[prefix] = {"@id": namespace, "@prefix": True} if namespace.endswith("_") else namespace
    ctx.update(TERMS)
    return ctx


def context_document() -> bytes:
    """The content of ``calco.context.jsonld``."""
    return _dump({"@context": context()})


def to_jsonld(graph: Graph) -> bytes:
    """Serialise ``graph`` as compacted JSON-LD with the inline context, sorted for stability."""
    ctx = context()
    raw = graph.serialize(format="json-ld", context=ctx, auto_compact=True, encoding="utf-8")
    document = json.loads(raw)
    document["@context"] = ctx
    nodes = document.get("@graph", [])
    document["@graph"] = sorted((_sorted(n) for n in nodes), key=lambda n: (str(n.get("id", "")), json.dumps(n, sort_keys=True)))
    return _dump(document)


def _sorted(value: Any) -> Any:
    """Sort every array (none of CALCO's arrays are RDF lists, whose order would matter)."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _dump(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
