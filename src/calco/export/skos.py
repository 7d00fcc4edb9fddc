"""``calco-skos.ttl``: CALCO's terms as a SKOS concept scheme, for terminology tools (Skosmos, VocBench).

broader/narrower mirror the is-a hierarchy within CALCO; parents outside CALCO become
``skos:broadMatch``; labels, synonyms, definitions and mappings carry over. Concepts whose parents
are all outside CALCO are the scheme's top concepts.
"""

from __future__ import annotations

import pyoxigraph as ox

from calco.export.oxigraph import sort_triples
from calco.prefixes import ONTOLOGY_IRI
from calco.triple_index import TripleIndex
from calco.vocab import CALCO_TERM, DCTERMS, IAO, OBOINOWL, OWL, RDF, RDFS, SKOS

SCHEME = ox.NamedNode("http://purl.obolibrary.org/obo/calco/skos")
SYNONYMS = (OBOINOWL.hasExactSynonym, OBOINOWL.hasRelatedSynonym, OBOINOWL.hasNarrowSynonym, OBOINOWL.hasBroadSynonym)
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


def to_skos(index: TripleIndex) -> list[ox.Triple]:
    """Build the SKOS concept scheme from the OWL graph, as sorted pyoxigraph triples for the Turtle writer."""
    out: list[ox.Triple] = []
    add = out.append
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    add(ox.Triple(SCHEME, RDF.type, SKOS.ConceptScheme))
    for title in index.objects(ontology, DCTERMS.title):
        add(ox.Triple(SCHEME, SKOS.prefLabel, title))
    add(ox.Triple(SCHEME, RDFS.seeAlso, ontology))
    concepts = [c for c in index.instances(OWL.Class) if c in CALCO_TERM]
    own = set(concepts)
    for concept in concepts:
        said = index.predicate_objects(concept)
        add(ox.Triple(concept, RDF.type, SKOS.Concept))
        add(ox.Triple(concept, SKOS.inScheme, SCHEME))
        for label in said.get(RDFS.label, ()):
            add(ox.Triple(concept, SKOS.prefLabel, label))
        for definition in said.get(IAO["0000115"], ()):
            add(ox.Triple(concept, SKOS.definition, definition))
        for prop in SYNONYMS:
            for synonym in said.get(prop, ()):
                add(ox.Triple(concept, SKOS.altLabel, synonym))
        for prop in MATCHES:
            for target in said.get(prop, ()):
                add(ox.Triple(concept, prop, target))
        for xref in said.get(OBOINOWL.hasDbXref, ()):
            add(ox.Triple(concept, SKOS.notation, ox.Literal(xref.value)))
        parents = [p for p in said.get(RDFS.subClassOf, ()) if isinstance(p, ox.NamedNode)]
        for parent in parents:
            if parent in own:
                add(ox.Triple(concept, SKOS.broader, parent))
                add(ox.Triple(parent, SKOS.narrower, concept))
            else:
                add(ox.Triple(concept, SKOS.broadMatch, parent))
        if not any(p in own for p in parents):
            add(ox.Triple(SCHEME, SKOS.hasTopConcept, concept))
            add(ox.Triple(concept, SKOS.topConceptOf, SCHEME))
    return sort_triples(out)
