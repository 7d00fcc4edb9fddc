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

import pyoxigraph as ox

from calco.export.relation_graph import DirectLayer, named_parents
from calco.export.upward import Upward
from calco.prefixes import compress
from calco.triple_index import Term, TripleIndex
from calco.vocab import CALCO, CALCO_TERM, IAO, OBOINOWL, RDFS

RELATED_TO = "biolink:related_to"
#: CALCO/RO predicate -> Biolink predicate (biolink_model.yaml slot; its RO exact mapping).
BIOLINK_PREDICATES = {
    CALCO["caused_by"].value: "biolink:caused_by",  # slot "caused by"; exact mappings include RO:0004019
    CALCO["treated_by"].value: "biolink:treated_by",  # slot "treated by"; exact mapping RO:0002302
    CALCO["affects_organ"].value: "biolink:disease_has_location",  # slot "disease has location"; exact mapping RO:0004026
    CALCO["diagnosed_by"].value: "biolink:is_diagnosed_by",  # slot "is diagnosed by" (inverse of diagnoses)
    CALCO["has_course"].value: "biolink:has_phenotype",  # slot "has phenotype" (RO:0002200); HP clinical course terms are phenotypic features
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
LABEL, DEFINITION = RDFS.label, IAO["0000115"]


def biolink_predicate(predicate: ox.NamedNode) -> str:
    """The Biolink predicate of a direct edge (``biolink:related_to`` where Biolink has none that fits)."""
    return BIOLINK_PREDICATES.get(predicate.value, RELATED_TO)


def _prefix(node: ox.NamedNode) -> str:
    return compress(node.value).split(":", 1)[0]


def _category_of_prefix(node: ox.NamedNode) -> frozenset[str]:
    category = CATEGORIES.get(_prefix(node))
    return frozenset((category,)) if category else frozenset()


def categories_above(index: TripleIndex) -> Upward[ox.NamedNode, str]:
    """Class -> the Biolink categories of the ID spaces of everything above it (asserted ``rdfs:subClassOf``), once per class."""
    return Upward(named_parents(index), _category_of_prefix)


def category(node: ox.NamedNode, above: Upward[ox.NamedNode, str]) -> str:
    """A node's Biolink category: by ID space; a CALCO term by its nearest non-CALCO ancestors."""
    own = CATEGORIES.get(_prefix(node))
    if own:
        return own
    found = sorted(above(node))
    return found[0] if len(found) == 1 else "biolink:NamedThing"


def to_kgx(index: TripleIndex, layer: DirectLayer) -> dict[str, bytes]:
    """The nodes and edges files, keyed by file name, rows sorted for byte stability."""
    above = categories_above(index)
    column_of = {SOURCES: "publications"}  # annotation property -> its column, found once each
    edge_rows = []
    for item in layer.evidence:
        s, p, o = item.edge
        values: dict[str, list[str]] = {}
        for prop, value in item.row.annotations:
            column = column_of.get(prop)
            if column is None:
                column = column_of[prop] = _column(prop)
            values.setdefault(column, []).append(_text(value))
        row = {
            "id": item.node.value,
            "subject": compress(s.value),
            "predicate": biolink_predicate(p),
            "object": compress(o.value),
            "original_predicate": compress(p.value),
            "knowledge_level": "knowledge_assertion",
            "agent_type": "manual_agent",
        }
        for column, texts in values.items():
            row[column] = texts[0] if len(texts) == 1 else "|".join(sorted(texts))
        edge_rows.append(row)
    evidence_columns = sorted({c for p, c in column_of.items() if p != SOURCES})
    nodes = sorted({n for e in layer.evidence for n in (e.edge[0], e.edge[2])}, key=lambda n: n.value)
    node_rows = []
    for node in nodes:
        iri = node.value
        own = iri.startswith(CALCO_TERM.base)
        said = index.predicate_objects(node)
        curie = compress(iri)
        node_rows.append(
            {
                "id": curie,
                "category": category(node, above),
                "name": _lexical(said.get(LABEL)),
                "description": _lexical(said.get(DEFINITION)) if own else "",
                "synonym": "|".join(sorted({s.value for prop in SYNONYMS for s in said.get(prop, ()) if isinstance(s, ox.Literal) and s.language == "en"})),
                "iri": iri,
                "provided_by": "CALCO" if own else curie.split(":", 1)[0],
            }
        )
    return {
        "calco-kg_nodes.tsv": _tsv(NODE_COLUMNS, node_rows),
        "calco-kg_edges.tsv": _tsv((*EDGE_COLUMNS, *evidence_columns), edge_rows),
    }


def _column(prop: ox.NamedNode) -> str:
    """A KGX column for an evidence annotation: its CURIE with ``_`` for ``:`` (``calco_qualifier``)."""
    return compress(prop.value).replace(":", "_").replace("#", "_").replace("/", "_")


def _text(value: Term) -> str:
    """An annotation value as a cell: an IRI as its CURIE, a literal (or blank node) as its text."""
    return compress(value.value) if isinstance(value, ox.NamedNode) else value.value


def _lexical(values: list[Term] | None) -> str:
    """A label or definition as a cell: the first value in triple order ("" if none)."""
    return values[0].value if values else ""


def _tsv(columns: Iterable[str], rows: list[dict[str, str]]) -> bytes:
    """The rows in order of their cells, a tab or line break inside a cell written as a space."""
    header = list(columns)
    tabs = len(header) - 1
    lines = ["\t".join(header)]
    for cells in sorted(tuple(row.get(c, "") for c in header) for row in rows):
        line = "\t".join(cells)
        if line.count("\t") != tabs or "\n" in line:
            line = "\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells)
        lines.append(line)
    return ("\n".join(lines) + "\n").encode("utf-8")

