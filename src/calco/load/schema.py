"""The schema of the three source tables: their columns, which are required, which hold lists.

``ontology/README.md`` documents the same schema for curators; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a cell holds, which decides how it is checked."""

    TEXT = "text"
    CALCO_ID = "CALCO ID"
    CURIE = "CURIE"
    REFERENCE = "reference"
    NAME = "name"


@dataclass(frozen=True)
class Column:
    """One column of a source table."""

    name: str
    kind: Kind
    required: bool = False
    multi: bool = False
    choices: tuple[str, ...] = ()


#: Separator of multi-valued cells (as in ROBOT templates' ``SPLIT=|``).
SEPARATOR = "|"

#: Values of ``relations.tsv`` column ``qualifier``: how far the assertion holds.
QUALIFIERS = ("possible",)

#: Mapping predicates a ``mappings.tsv`` row may use (SKOS mapping relations and OBO xrefs).
MAPPING_PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch", "oboInOwl:hasDbXref")

#: SEMAPV justifications CALCO's curators use.
MAPPING_JUSTIFICATIONS = ("semapv:ManualMappingCuration", "semapv:LexicalMatching", "semapv:LogicalMatching")

#: Obsolescence reasons (``IAO:0000231`` values), individuals of IAO:0000225 "obsolescence reason
#: specification", as confirmed in OMO's omo.owl (ontology/imports.tsv records where).
OBSOLESCENCE_REASONS = ("IAO:0000103", "IAO:0000226", "IAO:0000227", "IAO:0000228", "IAO:0000229", "OMO:0001000")

#: What an imported term is; the QC shapes check each relation's range against these.
#: ``evidence``: an ECO evidence type, used only as the value of evidence annotations;
#: ``obsolescence_reason``: an OMO individual, the value of a term's ``obsolescence_reason``.
IMPORT_KINDS = ("disease", "phenotype", "anatomy", "chemical", "procedure", "gene", "process", "relation", "evidence", "obsolescence_reason")

TERMS = (
    Column("id", Kind.CALCO_ID, required=True),
    Column("label", Kind.TEXT, required=True),
    Column("parents", Kind.CURIE, multi=True),
    Column("definition", Kind.TEXT, required=True),
    Column("definition_source", Kind.REFERENCE, required=True, multi=True),
    Column("exact_synonyms", Kind.TEXT, multi=True),
    Column("related_synonyms", Kind.TEXT, multi=True),
    Column("narrow_synonyms", Kind.TEXT, multi=True),
    Column("broad_synonyms", Kind.TEXT, multi=True),
    Column("latin_synonyms", Kind.TEXT, multi=True),
    Column("comment", Kind.TEXT),
    Column("prognosis", Kind.TEXT),
    Column("prognosis_source", Kind.REFERENCE, multi=True),
    Column("obsolete", Kind.NAME, choices=("true",)),
    Column("replaced_by", Kind.CURIE),
    Column("consider", Kind.CURIE, multi=True),
    Column("obsolescence_reason", Kind.CURIE, choices=OBSOLESCENCE_REASONS),
)

RELATIONS = (
    Column("subject", Kind.CURIE, required=True),
    Column("relation", Kind.NAME, required=True),
    Column("object", Kind.CURIE, required=True, multi=True),
    Column("source", Kind.REFERENCE, required=True, multi=True),
    Column("note", Kind.TEXT, required=True),
    Column("qualifier", Kind.NAME, choices=QUALIFIERS),
)

MAPPINGS = (
    Column("subject_id", Kind.CALCO_ID, required=True),
    Column("predicate_id", Kind.CURIE, required=True, choices=MAPPING_PREDICATES),
    Column("object_id", Kind.CURIE, required=True),
    Column("object_label", Kind.TEXT, required=True),
    Column("mapping_justification", Kind.CURIE, required=True, choices=MAPPING_JUSTIFICATIONS),
    Column("confirmed_in", Kind.TEXT, required=True),
    Column("comment", Kind.TEXT, required=True),
)

IMPORTS = (
    Column("id", Kind.CURIE, required=True),
    Column("label", Kind.TEXT, required=True),
    Column("kind", Kind.NAME, required=True, choices=IMPORT_KINDS),
    Column("confirmed_in", Kind.TEXT, required=True),
    Column("version", Kind.TEXT, required=True),
    Column("note", Kind.TEXT),
)
