"""``calco-kg_nodes.tsv`` and ``calco-kg_edges.tsv``: the direct edges as a KGX knowledge graph.

KGX TSV (nodes and edges files, ``|`` between values) is what Monarch-style knowledge graphs
load. One edge per asserted direct edge of :mod:`calco.export.relation_graph` (every member of
every ``relations.tsv`` row; inherited edges are left to the consumer's own reasoning), with the
same ``id`` as its evidence node in ``calco-relations.ttl``. Predicates are Biolink slots, each
confirmed in the Biolink model file (``biolink_model/schema/biolink_model.yaml``, biolink-model
4.4.3, the slot and its RO exact mapping named beside it below). Where Biolink has no slot with
CALCO's meaning (a *possible* cause, a deposited substance, a low-evidence supportive measure) the
edge says ``biolink:related_to`` and keeps CALCO's own predicate in ``original_predicate``, so
nothing is claimed that the source does not support. The evidence of the row axiom is copied
generically: sources as ``publications``, every other annotation as a column named by its CURIE.

The files are written with the standard library (the build stays offline; ``kgx`` imports fetch
the Biolink model from the network), and the tests read and validate them with ``kgx`` itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from calco.export.relation_graph import DirectLayer, closure
from calco.prefixes import CALCO, CALCO_TERM, IAO, OBOINOWL, compress

RELATED_TO = "biolink:related_to"
#: CALCO/RO predicate -> Biolink predicate (biolink_model.yaml slot; its RO exact mapping).
BIOLINK_PREDICATES = {
    str(CALCO["caused_by"]): "biolink:caused_by",  # slot "caused by"; exact mappings include RO:0004019
    str(CALCO["treated_by"]): "biolink:treated_by",  # slot "treated by"; exact mapping RO:0002302
    str(CALCO["affects_organ"]): "biolink:disease_has_location",  # slot "disease has location"; exact mapping RO:0004026
    str(CALCO["diagnosed_by"]): "biolink:is_diagnosed_by",  # slot "is diagnosed by" (inverse of diagnoses)
    str(CALCO["has_course"]): "biolink:has_phenotype",  # slot "has phenotype" (RO:0002200); HP clinical course terms are phenotypic features
    "http://purl.obolibrary.org/obo/RO_0002452": "biolink:has_phenotype",  # RO has symptom is a sub-property of RO:0002200 has phenotype
    "http://purl.obolibrary.org/obo/RO_0004003": "biolink:condition_associated_with_gene",  # slot "condition associated with gene" (domain disease, range gene)
}
#: ID space -> Biolink category (biolink_model.yaml classes "disease", "phenotypic feature", ...).
CATEGORIES = {
    "MONDO": "biolink:Disease",
    "DOID": "biolink:Disease",
    "HP": "biolink:PhenotypicFeature",
    "UBERON": "biolink:AnatomicalEntity",
    "CHEBI": "biolink:ChemicalEntity",
    "MAXO": "biolink:Procedure",
    "HGNC": "biolink:Gene",
}
NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "iri", "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "original_predicate", "knowledge_level", "agent_type", "publications")
SYNONYMS = (OBOINOWL.hasExactSynonym, OBOINOWL.hasRelatedSynonym, OBOINOWL.hasNarrowSynonym, OBOINOWL.hasBroadSynonym)
SOURCES = OBOINOWL.hasDbXref


def biolink_predicate(predicate: URIRef) -> str:
    """The Biolink predicate of a direct edge (``biolink:related_to`` where Biolink has none that fits)."""
    return BIOLINK_PREDICATES.get(str(predicate), RELATED_TO)


def _prefix(node: URIRef) -> str:
    return compress(str(node)).split(":", 1)[0]


def category(node: URIRef, parents: dict[URIRef, set[URIRef]]) -> str:
    """A node's Biolink category: by ID space; a CALCO term by its nearest non-CALCO ancestors."""
    prefix = _prefix(node)
    if prefix in CATEGORIES:
        return CATEGORIES[prefix]
    found = sorted({CATEGORIES[p] for p in map(_prefix, closure(node, parents)) if p in CATEGORIES})
    return found[0] if len(found) == 1 else "biolink:NamedThing"


def to_kgx(graph: Graph, layer: DirectLayer) -> dict[str, bytes]:
    """The nodes and edges TSV files, keyed by file name, rows sorted for byte stability."""
    parents: dict[URIRef, set[URIRef]] = {}
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents.setdefault(child, set()).add(parent)
    evidence_columns = sorted({_column(p) for e in layer.evidence for p, _ in e.row.annotations if p != SOURCES})
    edge_rows = []
    for item in layer.evidence:
        s, p, o = item.edge
        values: dict[str, list[str]] = {}
        for prop, value in item.row.annotations:
            values.setdefault("publications" if prop == SOURCES else _column(prop), []).append(_text(value))
        predicate = biolink_predicate(p)
        row = {
            "id": str(item.node),
            "subject": compress(str(s)),
            "predicate": predicate,
            "object": compress(str(o)),
            "original_predicate": compress(str(p)),
            "knowledge_level": "knowledge_assertion",
            "agent_type": "manual_agent",
        }
        row.update({k: "|".join(sorted(v)) for k, v in values.items()})
        edge_rows.append(row)
    nodes = sorted({n for e in layer.evidence for n in (e.edge[0], e.edge[2])})
    node_rows = []
    for node in nodes:
        own = str(node).startswith(str(CALCO_TERM))
        node_rows.append(
            {
                "id": compress(str(node)),
                "category": category(node, parents),
                "name": str(graph.value(node, RDFS.label) or ""),
                "description": str(graph.value(node, IAO["0000115"]) or "") if own else "",
                "synonym": "|".join(sorted({str(s) for prop in SYNONYMS for s in graph.objects(node, prop) if isinstance(s, Literal) and s.language == "en"})),
                "iri": str(node),
                "provided_by": "CALCO" if own else compress(str(node)).split(":", 1)[0],
            }
        )
    return {
        "calco-kg_nodes.tsv": _tsv(NODE_COLUMNS, node_rows),
        "calco-kg_edges.tsv": _tsv((*EDGE_COLUMNS, *evidence_columns), edge_rows),
    }


def _column(prop: URIRef) -> str:
    """A KGX column for an evidence annotation: its CURIE with ``_`` for ``:`` (``calco_qualifier``)."""
    return compress(str(prop)).replace(":", "_").replace("#", "_").replace("/", "_")


def _text(value: object) -> str:
    return compress(str(value)) if isinstance(value, URIRef) else str(value)


def _tsv(columns: Iterable[str], rows: list[dict[str, str]]) -> bytes:
    header = list(columns)
    lines = ["\t".join(header)]
    for row in sorted(rows, key=lambda r: tuple(r.get(c, "") for c in header)):
        lines.append("\t".join(row.get(c, "").replace("\t", " ").replace("\n", " ") for c in header))
    return ("\n".join(lines) + "\n").encode("utf-8")

