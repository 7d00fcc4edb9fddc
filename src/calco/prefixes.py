"""The one prefix map of the project: CURIE prefixes, their IRIs, and rdflib namespaces.

Everything that expands or contracts a CURIE goes through :data:`CONVERTER` (the ``curies``
library), so the tables, the exports and the JSON-LD context agree on every prefix.
"""

from __future__ import annotations

import functools
import re

import curies
from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

OBO = "http://purl.obolibrary.org/obo/"

#: CURIE prefix -> IRI prefix, in the order they are written into exports.
PREFIX_MAP: dict[str, str] = {
    "CALCO": f"{OBO}CALCO_",
    "calco": f"{OBO}calco#",
    "BFO": f"{OBO}BFO_",
    "CHEBI": f"{OBO}CHEBI_",
    "DOID": f"{OBO}DOID_",
    "ECO": f"{OBO}ECO_",
    "HP": f"{OBO}HP_",
    "IAO": f"{OBO}IAO_",
    "MAXO": f"{OBO}MAXO_",
    "MONDO": f"{OBO}MONDO_",
    "NCIT": f"{OBO}NCIT_",
    "OBI": f"{OBO}OBI_",
    "OMO": f"{OBO}OMO_",
    "RO": f"{OBO}RO_",
    "UBERON": f"{OBO}UBERON_",
    "HGNC": "http://identifiers.org/hgnc/",
    "ICD10CM": "http://purl.bioontology.org/ontology/ICD10CM/",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "bibo": "http://purl.org/ontology/bibo/",
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

CONVERTER = curies.Converter.from_prefix_map(PREFIX_MAP)

CALCO_TERM = Namespace(PREFIX_MAP["CALCO"])
CALCO = Namespace(PREFIX_MAP["calco"])
IAO = Namespace(PREFIX_MAP["IAO"])
OMO = Namespace(PREFIX_MAP["OMO"])
OBOINOWL = Namespace(PREFIX_MAP["oboInOwl"])

ONTOLOGY_IRI = f"{OBO}calco.owl"

#: A CALCO term ID: ``CALCO:`` and seven digits (never reused, never renumbered).
CALCO_ID = re.compile(r"^CALCO:[0-9]{7}$")
#: The OBO xref shape ROBOT's ``invalid_xref`` check accepts.
XREF_CURIE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*[A-Za-z0-9_]:[^\s]+$")


#: Every prefix (synonyms included) the converter knows -> its IRI prefix, read from the converter
#: once. ``Converter.expand`` rebuilds this mapping on every call (10 us each), and a 100k-term
#: load expands some 200,000 distinct CURIEs, more than any cache of recent ones holds.
_URI_PREFIXES: dict[str, str] = dict(CONVERTER.prefix_map)


def expand(curie: str) -> str | None:
    """Expand a CURIE with a known prefix to its IRI, or ``None`` if the prefix is unknown.

    The same answer as ``CONVERTER.expand(curie, strict=False)`` (split at the first ``:``, the
    prefix looked up, the identifier appended unchanged, as ``curies.Converter`` does), from the
    converter's own prefix map; a string without ``:`` is left to ``curies`` to refuse.
    """
    prefix, delimiter, identifier = curie.partition(":")
    if not delimiter:
        return CONVERTER.expand(curie, strict=False)
    uri_prefix = _URI_PREFIXES.get(prefix)
    return None if uri_prefix is None else uri_prefix + identifier


@functools.lru_cache(maxsize=1 << 16)
def compress(iri: str) -> str:
    """Compress an IRI to a CURIE when a prefix fits; otherwise return the IRI unchanged."""
    return CONVERTER.compress(iri, strict=False) or iri
