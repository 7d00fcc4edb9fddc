"""The term exports read from ``Release.index`` write the same bytes as their rdflib versions did.

The oracle is the previous implementation (``tests/rdflib_term_exports.py``) run on an rdflib
Graph of the same release triples. Compared on the real release and on 1,000 synthetic terms that
also carry what the synthetic generator leaves out: Latin, related, narrow and broad synonyms,
several parents, comments, prognoses with sources, and obsolete terms with a replacement, terms to consider and a
reason (made with ``calco obsolete``'s own function).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from calco.assemble import assemble
from calco.curate.obsolete import obsolete
from calco.export import EXPORTS, Release
from calco.export.turtle import to_turtle
from calco.load import load_source
from tests import rdflib_term_exports as oracle
from tests.conftest import ROOT, edit_table

#: Each ported export, and how the previous implementation rendered it from an rdflib Graph.
ORACLES: dict[str, Callable[[Graph], bytes]] = {
    "calco.obo": oracle.to_obo,
    "calco.json": oracle.to_obographs,
    "calco-terms.tsv": oracle.to_terms_tsv,
    "calco.sssom.tsv": oracle.to_sssom,
    "calco-skos.ttl": lambda graph: to_turtle(oracle.to_skos(graph)),
}


def _release(source: Path) -> Release:
    return Release(assemble(load_source(source)))


def _rdflib_graph(release: Release) -> Graph:
    """The release's triples in an rdflib Graph, as the exports read them before the port."""
    return Graph().parse(data=ox.serialize(release.triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def _enrich(directory: Path) -> None:
    """Give synthetic terms every field the term views read, and obsolete two of them."""

    def fill(rows: list[list[str]]) -> None:
        header = rows[0]
        for number, row in enumerate(rows[1:], start=1):
            if number % 97 == 0:
                row[header.index("latin_synonyms")] = f"calcinosis synthetica {number}"
                row[header.index("related_synonyms")] = f"synthetic deposits {number}"
                row[header.index("narrow_synonyms")] = f"small synthetic deposit {number}"
                row[header.index("broad_synonyms")] = f"deposit {number}"
                row[header.index("comment")] = f"A generated comment {{{number}}}! with OBO specials \\ and \"quotes\"."
                row[header.index("prognosis")] = f"Generated course {number}."
                row[header.index("prognosis_source")] = "article:causes/2|article:causes/3"
                row[header.index("parents")] = "|".join(sorted({row[header.index("parents")], "CALCO:0000002", "CALCO:0000001"}))

    edit_table(directory / "terms.tsv", fill)
    obsolete(directory, "CALCO:0001000", "terms-merged", "CALCO:0000999", ("CALCO:0000998",), repoint=True)
    obsolete(directory, "CALCO:0000997", "OMO:0001000", None, ("CALCO:0000996", "CALCO:0000995"), repoint=False)


@pytest.fixture(scope="module")
def synthetic_release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate

    directory = generate(tmp_path_factory.mktemp("synthetic") / "source", 1_000)
    _enrich(directory)
    return _release(directory)


@pytest.fixture(scope="module")
def real_release() -> Release:
    return _release(ROOT / "ontology")


@pytest.mark.parametrize("name", sorted(ORACLES))
@pytest.mark.parametrize("which", ["real_release", "synthetic_release"])
def test_ported_export_writes_the_bytes_of_the_rdflib_version(name: str, which: str, request: pytest.FixtureRequest) -> None:
    release: Release = request.getfixturevalue(which)
    export = next(e for e in EXPORTS if e.name == name)
    new = export.render(release)
    old = ORACLES[name](_rdflib_graph(release))
    assert new.decode("utf-8").splitlines() == old.decode("utf-8").splitlines()
    assert new == old


def test_the_synthetic_release_exercises_every_field(synthetic_release: Release) -> None:
    """The comparison above means something only if the views it renders are not empty."""
    obo = next(e for e in EXPORTS if e.name == "calco.obo").render(synthetic_release).decode("utf-8")
    assert obo.count("[Term]") > 1_000
    for line in ("is_obsolete: true", "replaced_by: CALCO:0000999", "consider: CALCO:0000996", "property_value: IAO:0000231 OMO:0001000", "OMO:0003011 []", "NARROW []", "relationship: affects_organ ", "comment: A generated comment \\{97\\}\\! "):
        assert line in obo, line
    tsv = next(e for e in EXPORTS if e.name == "calco-terms.tsv").render(synthetic_release).decode("utf-8")
    assert "CALCO:0000001|CALCO:0000002" in tsv
    assert "Generated course 97.\tarticle:causes/2|article:causes/3" in tsv
