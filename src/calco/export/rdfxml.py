"""``calco.owl``: the OWL ontology in RDF/XML, the format Protege, ROBOT and OLS read first.

Written by pyoxigraph from triples in N-Triples order: rdflib's RDF/XML writers follow the
hash order of its in-memory store, which changes from run to run; pyoxigraph writes exactly
the order it is given, so the bytes are the same on every run.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from calco.export.oxigraph import Triples, as_triples
from calco.prefixes import PREFIX_MAP


def to_rdfxml(graph: Graph | Triples) -> bytes:
    """Serialise ``graph`` as RDF/XML with the project's prefixes, one element per subject."""
    data = ox.serialize(as_triples(graph), format=ox.RdfFormat.RDF_XML, prefixes=_xml_prefixes())
    assert data is not None
    return data


def _xml_prefixes() -> dict[str, str]:
    """XML namespaces must end where an NCName can begin, so OBO ``_`` ID spaces are left out."""
    return {prefix: ns for prefix, ns in PREFIX_MAP.items() if not ns.endswith("_")} | {"obo": "http://purl.obolibrary.org/obo/"}
