"""``calco.sssom.tsv``: CALCO's mappings to MONDO, DOID, HP (and cross-references) as SSSOM/TSV.

Read back from the assembled graph: each mapping triple carries its justification, object
label and comment as axiom annotations, so the mapping set cannot drift from the ontology.
"""

from __future__ import annotations

import csv
import io

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS

from calco.prefixes import ONTOLOGY_IRI, PREFIX_MAP, compress

SSSOM_NS = "https://w3id.org/sssom/"
SEMAPV_NS = "https://w3id.org/semapv/vocab/"
COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification", "comment")
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def mapping_rows(graph: Graph) -> list[dict[str, str]]:
    """One dict per annotated mapping axiom, sorted by subject, predicate, object."""
    rows = []
    for axiom in graph.subjects(URIRef(SSSOM_NS + "mapping_justification"), None):
        subject = graph.value(axiom, OWL.annotatedSource)
        predicate = graph.value(axiom, OWL.annotatedProperty)
        target = graph.value(axiom, OWL.annotatedTarget)
        justification = graph.value(axiom, URIRef(SSSOM_NS + "mapping_justification"))
        assert isinstance(subject, URIRef) and isinstance(predicate, URIRef) and target is not None
        rows.append(
            {
                "subject_id": compress(str(subject)),
                "subject_label": str(graph.value(subject, RDFS.label) or ""),
                "predicate_id": compress(str(predicate)),
                "object_id": str(target) if isinstance(target, Literal) else compress(str(target)),
                "object_label": str(graph.value(axiom, URIRef(SSSOM_NS + "object_label")) or ""),
                "mapping_justification": "semapv:" + str(justification)[len(SEMAPV_NS) :],
                "comment": str(graph.value(axiom, RDFS.comment) or ""),
            }
        )
    return sorted(rows, key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))


def to_sssom(graph: Graph) -> bytes:
    """The SSSOM/TSV file: a ``#``-prefixed YAML metadata block, then the mapping table."""
    rows = mapping_rows(graph)
    used = {row[c].split(":", 1)[0] for row in rows for c in ("subject_id", "predicate_id", "object_id")}
    curie_map = {p: ns for p, ns in PREFIX_MAP.items() if p in used and p not in ("owl", "rdf", "rdfs", "skos", "xsd")}
    ontology = URIRef(ONTOLOGY_IRI)
    version_iri = graph.value(ontology, OWL.versionIRI)
    version = graph.value(ontology, OWL.versionInfo)
    header = ["curie_map:"]
    header += [f"  {prefix}: {namespace}" for prefix, namespace in sorted(curie_map.items())]
    header += [
        f"license: {LICENSE}",
        "mapping_set_id: http://purl.obolibrary.org/obo/calco/calco.sssom.tsv",
        f"mapping_set_version: {version_iri}" if version_iri else "",
        "mapping_set_title: Mappings of CALCO calcinosis cutis classes to MONDO, DOID and HP",
        f"mapping_date: {version}" if version else "",
        f"subject_source: {ONTOLOGY_IRI}",
        f"subject_source_version: {version_iri}" if version_iri else "",
    ]
    buffer = io.StringIO()
    for line in header:
        if line:
            buffer.write(f"# {line}\n")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
