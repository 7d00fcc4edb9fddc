"""The vocabularies CALCO writes, as pyoxigraph terms: the release graph is held as pyoxigraph triples.

``RDFS.label`` here is ``ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")``, the
counterpart of rdflib's ``RDFS.label``; the IRIs come from :data:`calco.prefixes.PREFIX_MAP`, so the
two sets of names can never disagree.
"""

from __future__ import annotations

import functools

import pyoxigraph as ox

from calco.prefixes import PREFIX_MAP


class Vocabulary:
    """A namespace whose members are ``ox.NamedNode``: ``OWL.Class``, ``IAO["0000115"]``."""

    __slots__ = ("base",)

    def __init__(self, base: str) -> None:
        self.base = base

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return _named(self.base + name)

    def __getitem__(self, local: str) -> ox.NamedNode:
        return _named(self.base + local)

    def __contains__(self, node: object) -> bool:
        """True for a named node in this namespace."""
        return isinstance(node, ox.NamedNode) and node.value.startswith(self.base)


@functools.lru_cache(maxsize=4096)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


RDF = Vocabulary(PREFIX_MAP["rdf"])
RDFS = Vocabulary(PREFIX_MAP["rdfs"])
OWL = Vocabulary(PREFIX_MAP["owl"])
SKOS = Vocabulary(PREFIX_MAP["skos"])
XSD = Vocabulary(PREFIX_MAP["xsd"])
DCTERMS = Vocabulary(PREFIX_MAP["dcterms"])
OBOINOWL = Vocabulary(PREFIX_MAP["oboInOwl"])
IAO = Vocabulary(PREFIX_MAP["IAO"])
OMO = Vocabulary(PREFIX_MAP["OMO"])
CALCO = Vocabulary(PREFIX_MAP["calco"])
CALCO_TERM = Vocabulary(PREFIX_MAP["CALCO"])
SSSOM = Vocabulary("https://w3id.org/sssom/")
