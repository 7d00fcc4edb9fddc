"""Look-ups over the release's pyoxigraph triples: what the exports used to ask of an rdflib Graph.

The release graph is built once as sorted pyoxigraph triples (``calco.assemble``); Oxigraph's
writers serialise those triples directly, and the exports that walk the graph term by term
(OBO, OBO Graphs, SKOS, the term views, the relation graph, KGX, JSON-LD) ask this index instead
of filling an rdflib Graph of 4 M triples first. The index keeps the triples' order, so every
answer comes in N-Triples text order: deterministic, whatever the hash seed. Both indexes are
built on first use, one pass over the triples each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph

from calco.collector import collector_paused

Subject = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal
_NONE: tuple[()] = ()


class TripleIndex:
    """Subject- and predicate-keyed views of one sequence of triples (read-only)."""

    def __init__(self, triples: Sequence[ox.Triple]) -> None:
        self.triples = triples

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self.triples)

    def __contains__(self, triple: object) -> bool:
        if not isinstance(triple, ox.Triple):
            return False
        return triple.object in self._spo.get(triple.subject, {}).get(triple.predicate, _NONE)  # type: ignore[arg-type]

    @cached_property
    def _spo(self) -> dict[Subject, dict[ox.NamedNode, list[Term]]]:
        return _nested(self.triples)  # type: ignore[arg-type]  # ox.Triple unpacks as (s, p, o)

    @cached_property
    def _pos(self) -> dict[ox.NamedNode, dict[Term, list[Subject]]]:
        return _nested((p, o, s) for s, p, o in self.triples)

    def objects(self, subject: Subject, predicate: ox.NamedNode) -> Sequence[Term]:
        """The objects of ``subject predicate ?o`` (empty if none)."""
        return self._spo.get(subject, {}).get(predicate, _NONE)

    def value(self, subject: Subject, predicate: ox.NamedNode) -> Term | None:
        """The first object of ``subject predicate ?o``, or None (rdflib's ``Graph.value``)."""
        values = self._spo.get(subject, {}).get(predicate)
        return values[0] if values else None

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> Sequence[Subject]:
        """The subjects of ``?s predicate obj`` (empty if none)."""
        return self._pos.get(predicate, {}).get(obj, _NONE)

    def predicate_objects(self, subject: Subject) -> dict[ox.NamedNode, list[Term]]:
        """Everything said of ``subject``, by predicate."""
        return self._spo.get(subject, {})

    def subject_objects(self, predicate: ox.NamedNode) -> Iterator[tuple[Subject, Term]]:
        """Every ``(s, o)`` of ``?s predicate ?o``."""
        for obj, subjects in self._pos.get(predicate, {}).items():
            for subject in subjects:
                yield subject, obj

    def subjects_with(self, predicate: ox.NamedNode) -> Iterable[Subject]:
        """Every subject that has ``predicate`` at least once, in triple order."""
        return (s for s, by_predicate in self._spo.items() if predicate in by_predicate)

    def instances(self, cls: ox.NamedNode) -> list[ox.NamedNode]:
        """The named subjects of ``?s rdf:type cls``, in IRI order."""
        return sorted((s for s in self.subjects(_TYPE, cls) if isinstance(s, ox.NamedNode)), key=_iri)


K1 = TypeVar("K1")
K2 = TypeVar("K2")
V = TypeVar("V")


def _nested(rows: Iterable[tuple[K1, K2, V]]) -> dict[K1, dict[K2, list[V]]]:
    """``{a: {b: [c, ...]}}`` for the rows ``(a, b, c)``, values in row order (both indexes are this)."""
    nested: dict[K1, dict[K2, list[V]]] = {}
    with collector_paused():  # millions of live dicts and lists: see calco.collector
        for first, second, value in rows:
            inner = nested.get(first)
            if inner is None:
                inner = nested[first] = {}
            values = inner.get(second)
            if values is None:
                inner[second] = [value]
            else:
                values.append(value)
    return nested


def index_of(graph: Graph) -> TripleIndex:
    """An rdflib graph's triples as an index: the curator tools read small graphs parsed by rdflib."""
    from calco.export.oxigraph import to_oxigraph_triples

    return TripleIndex(to_oxigraph_triples(graph))


_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _iri(node: ox.NamedNode) -> str:
    return node.value
