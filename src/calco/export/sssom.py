"""``calco.sssom.tsv``: CALCO's mappings to MONDO, DOID, HP (and cross-references) as SSSOM/TSV.

Read back from the assembled graph: each mapping triple carries its justification, object
label and comment as axiom annotations, so the mapping set cannot drift from the ontology.
"""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from calco.prefixes import ONTOLOGY_IRI, PREFIX_MAP, compress
from calco.triple_index import Term, TripleIndex
from calco.vocab import OWL, RDFS, SSSOM

SEMAPV_NS = "https://w3id.org/semapv/vocab/"
COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification", "comment")
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def mapping_rows(index: TripleIndex) -> list[dict[str, str]]:
    """One dict per annotated mapping axiom, sorted by subject, predicate, object."""
    justification_of, object_label, source, prop, target = SSSOM.mapping_justification, SSSOM.object_label, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget
    label, comment = RDFS.label, RDFS.comment
    rows = []
    for axiom in index.subjects_with(justification_of):
        subject, predicate, mapped, justification = (index.value(axiom, p) for p in (source, prop, target, justification_of))
        assert isinstance(subject, ox.NamedNode) and isinstance(predicate, ox.NamedNode) and mapped is not None and justification is not None
        rows.append(
            {
                "subject_id": compress(subject.value),
                "subject_label": _text(index.value(subject, label)),
                "predicate_id": compress(predicate.value),
                "object_id": mapped.value if isinstance(mapped, ox.Literal) else compress(mapped.value),
                "object_label": _text(index.value(axiom, object_label)),
                "mapping_justification": "semapv:" + justification.value[len(SEMAPV_NS) :],
                "comment": _text(index.value(axiom, comment)),
            }
        )
    return sorted(rows, key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))


def to_sssom(index: TripleIndex) -> bytes:
    """The SSSOM/TSV file: a ``#``-prefixed YAML metadata block, then the mapping table."""
    rows = mapping_rows(index)
    used = {row[c].split(":", 1)[0] for row in rows for c in ("subject_id", "predicate_id", "object_id")}
    curie_map = {p: ns for p, ns in PREFIX_MAP.items() if p in used and p not in ("owl", "rdf", "rdfs", "skos", "xsd")}
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    version_iri = _text(index.value(ontology, OWL.versionIRI))
    version = _text(index.value(ontology, OWL.versionInfo))
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


def _text(term: Term | None) -> str:
    return "" if term is None else term.value
