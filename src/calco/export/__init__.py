"""Stage 5, export: one module per format; all files rendered, checked, then written atomically."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from calco.export import strict
from calco.export.atomic import swap_release
from calco.export.editions import to_base, to_full
from calco.export.framed import to_framed
from calco.export.jsonld import context_document, to_jsonld
from calco.export.kgx import to_kgx
from calco.export.obo import to_obo
from calco.export.obographs import to_obographs
from calco.export.oxigraph import to_oxigraph_triples
from calco.export.rdfxml import to_rdfxml
from calco.export.relation_graph import (
    DirectLayer,
    Edge,
    direct_layer,
    to_relation_graph,
)
from calco.export.skos import to_skos
from calco.export.spreadsheet import to_terms_tsv
from calco.export.sssom import to_sssom
from calco.export.strict import ReadBack
from calco.export.turtle import to_turtle
from calco.triple_index import TripleIndex


@dataclass(frozen=True, eq=False)
class Release:
    """What every export is rendered from: the assembled triples and what the reasoner inferred."""

    #: The release graph as :func:`calco.assemble.assemble` builds it: deduplicated, in N-Triples text order.
    triples: list[ox.Triple]
    inferred: tuple[tuple[str, str], ...] = ()

    @cached_property
    def graph(self) -> Graph:
        """An rdflib Graph of :attr:`triples`, built on first use; no export reads it (every one reads :attr:`triples` or :attr:`index`), only callers wanting rdflib."""
        from calco.assemble import to_rdflib_graph

        return to_rdflib_graph(self.triples)

    @cached_property
    def index(self) -> TripleIndex:
        """Look-ups over :attr:`triples` for the exports that walk the graph term by term."""
        return TripleIndex(self.triples)

    @cached_property
    def direct(self) -> DirectLayer:
        """The direct-edge layer (asserted edges with evidence, inherited edges), computed once."""
        return direct_layer(self.index, self.inferred)

    @cached_property
    def kgx(self) -> dict[str, bytes]:
        """The KGX nodes and edges files, rendered together from the direct layer."""
        return to_kgx(self.index, self.direct)

    @cached_property
    def edges(self) -> set[Edge]:
        """Every direct edge, asserted or inherited, for the exports that list relations per term."""
        return self.direct.edges


@dataclass(frozen=True)
class Export:
    """One release file: its name, how to render it from a release, and the RDF format it must parse as."""

    name: str
    render: Callable[[Release], bytes]
    rdf_format: ox.RdfFormat | None


EXPORTS: tuple[Export, ...] = (
    Export("calco.ttl", lambda r: to_turtle(r.triples), ox.RdfFormat.TURTLE),
    Export("calco.owl", lambda r: to_rdfxml(r.triples), ox.RdfFormat.RDF_XML),
    Export("calco.jsonld", lambda r: to_jsonld(r.index), ox.RdfFormat.JSON_LD),
    Export("calco.context.jsonld", lambda _: context_document(), None),
    Export("calco.sssom.tsv", lambda r: to_sssom(r.index), None),
    Export("calco-base.owl", lambda r: to_rdfxml(to_base(r.triples)), ox.RdfFormat.RDF_XML),
    Export("calco-full.owl", lambda r: to_rdfxml(to_full(r.triples, r.inferred)), ox.RdfFormat.RDF_XML),
    Export("calco-relations.ttl", lambda r: to_turtle(to_relation_graph(r.index, r.direct)), ox.RdfFormat.TURTLE),
    Export("calco-kg_nodes.tsv", lambda r: r.kgx["calco-kg_nodes.tsv"], None),
    Export("calco-kg_edges.tsv", lambda r: r.kgx["calco-kg_edges.tsv"], None),
    Export("calco-skos.ttl", lambda r: to_turtle(to_skos(r.index)), ox.RdfFormat.TURTLE),
    Export("calco.obo", lambda r: to_obo(r.index), None),
    Export("calco.json", lambda r: to_obographs(r.index), None),
    Export("calco-terms.tsv", lambda r: to_terms_tsv(r.index), None),
    Export("calco-terms.jsonld", lambda r: to_framed(r.index, r.edges), ox.RdfFormat.JSON_LD),
)


def render_exports(release: Release | Graph, on_file: Callable[[str, float], None] | None = None) -> dict[str, bytes]:
    """Render every export in memory and read each back strictly (``export.strict``); nothing touches disk.

    ``on_file(name, seconds)`` is told as each file is rendered, so a long export stage shows
    progress. A large release is read back in a second process while the next file renders.
    """
    if isinstance(release, Graph):  # a small graph from a test or a curator tool
        release = Release(to_oxigraph_triples(release))
    rendered = {}
    with ReadBack(parallel=len(release.triples) >= strict.PARALLEL_FROM_TRIPLES) as read_back:
        for export in EXPORTS:
            start = time.perf_counter()
            data = export.render(release)
            read_back.check(export.name, data, export.rdf_format)
            rendered[export.name] = data
            if on_file:
                on_file(export.name, time.perf_counter() - start)
    return rendered


def write_exports(directory: Path, rendered: dict[str, bytes]) -> list[Path]:
    """Swap the rendered exports into ``directory`` as one release set, with its ``MANIFEST.sha256``.

    Readers see the whole previous release or the whole new one, whenever the build dies (see
    :func:`calco.export.atomic.swap_release`); returns the files that changed.
    """
    return swap_release(directory, rendered)
