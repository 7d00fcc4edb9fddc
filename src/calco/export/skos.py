"""``calco-skos.ttl``: CALCO's terms as a SKOS concept scheme, for terminology tools (Skosmos, VocBench).

broader/narrower mirror the is-a hierarchy within CALCO; parents outside CALCO become
``skos:broadMatch``; labels, synonyms, definitions and mappings carry over. Concepts whose parents
are all outside CALCO are the scheme's top concepts.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from calco.export.oxigraph import convert_triples
from calco.prefixes import CALCO_TERM, IAO, OBOINOWL, ONTOLOGY_IRI

SCHEME = URIRef("http://purl.obolibrary.org/obo/calco/skos")
SYNONYMS = (OBOINOWL.hasExactSynonym, OBOINOWL.hasRelatedSynonym, OBOINOWL.hasNarrowSynonym, OBOINOWL.hasBroadSynonym)
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


def to_skos(graph: Graph) -> list[ox.Triple]:
    """Build the SKOS concept scheme from the OWL graph, as sorted pyoxigraph triples for the Turtle writer."""
    out: set[tuple[Node, Node, Node]] = set()
    ontology = URIRef(ONTOLOGY_IRI)
    out.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    for title in graph.objects(ontology, URIRef("http://purl.org/dc/terms/title")):
        out.add((SCHEME, SKOS.prefLabel, title))
    out.add((SCHEME, RDFS.seeAlso, ontology))
    concepts = sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(CALCO_TERM)))
    own = set(concepts)
    for concept in concepts:
        out.add((concept, RDF.type, SKOS.Concept))
        out.add((concept, SKOS.inScheme, SCHEME))
        for label in graph.objects(concept, RDFS.label):
            out.add((concept, SKOS.prefLabel, label))
        for definition in graph.objects(concept, IAO["0000115"]):
            out.add((concept, SKOS.definition, definition))
        for prop in SYNONYMS:
            for synonym in graph.objects(concept, prop):
                out.add((concept, SKOS.altLabel, synonym))
        for prop in MATCHES:
            for target in graph.objects(concept, prop):
                out.add((concept, prop, target))
        for xref in graph.objects(concept, OBOINOWL.hasDbXref):
            out.add((concept, SKOS.notation, Literal(str(xref))))
        parents = [p for p in graph.objects(concept, RDFS.subClassOf) if isinstance(p, URIRef)]
        for parent in parents:
            if parent in own:
                out.add((concept, SKOS.broader, parent))
                out.add((parent, SKOS.narrower, concept))
            else:
                out.add((concept, SKOS.broadMatch, parent))
        if not any(p in own for p in parents):
            out.add((SCHEME, SKOS.hasTopConcept, concept))
            out.add((concept, SKOS.topConceptOf, SCHEME))
    return convert_triples(out)
