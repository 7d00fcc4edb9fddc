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
# What each concept's triples use, named once (a namespace attribute is a look-up each time).
_LABEL, _DEFINITION, _XREF, _SUBCLASS_OF = RDFS.label, IAO["0000115"], OBOINOWL.hasDbXref, RDFS.subClassOf
_TYPE, _CONCEPT, _IN_SCHEME, _PREF_LABEL, _DEFINITION_SKOS = RDF.type, SKOS.Concept, SKOS.inScheme, SKOS.prefLabel, SKOS.definition
_ALT_LABEL, _NOTATION, _BROADER, _NARROWER, _BROAD_MATCH = SKOS.altLabel, SKOS.notation, SKOS.broader, SKOS.narrower, SKOS.broadMatch
_TOP_CONCEPT, _TOP_CONCEPT_OF = SKOS.hasTopConcept, SKOS.topConceptOf


def to_skos(index: TripleIndex) -> list[ox.Triple]:
    """Build the SKOS concept scheme from the OWL graph, as sorted pyoxigraph triples for the Turtle writer."""
    out: list[ox.Triple] = []
    add, triple = out.append, ox.Triple
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    add(triple(SCHEME, _TYPE, SKOS.ConceptScheme))
    for title in index.objects(ontology, DCTERMS.title):
        add(triple(SCHEME, _PREF_LABEL, title))
    add(triple(SCHEME, RDFS.seeAlso, ontology))
    concepts = [c for c in index.instances(OWL.Class) if c in CALCO_TERM]
    own = set(concepts)
    for concept in concepts:
        said = index.predicate_objects(concept)
        add(triple(concept, _TYPE, _CONCEPT))
        add(triple(concept, _IN_SCHEME, SCHEME))
        for label in said.get(_LABEL, ()):
            add(triple(concept, _PREF_LABEL, label))
        for definition in said.get(_DEFINITION, ()):
            add(triple(concept, _DEFINITION_SKOS, definition))
        for prop in SYNONYMS:
            for synonym in said.get(prop, ()):
                add(triple(concept, _ALT_LABEL, synonym))
        for prop in MATCHES:
            for target in said.get(prop, ()):
                add(triple(concept, prop, target))
        for xref in said.get(_XREF, ()):
            add(triple(concept, _NOTATION, ox.Literal(xref.value)))
        top = True
        for parent in said.get(_SUBCLASS_OF, ()):
            if not isinstance(parent, ox.NamedNode):
                continue
            if parent in own:
                top = False
                add(triple(concept, _BROADER, parent))
                add(triple(parent, _NARROWER, concept))
            else:
                add(triple(concept, _BROAD_MATCH, parent))
        if top:
            add(triple(SCHEME, _TOP_CONCEPT, concept))
            add(triple(concept, _TOP_CONCEPT_OF, SCHEME))
    return sort_triples(out)
