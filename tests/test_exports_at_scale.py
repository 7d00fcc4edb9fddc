"""Every release file at 1,000 synthetic terms (about 50,000 triples), as the issue on scale asks:
the RDF files are, as rdflib reads them, exactly the graph they are written from, and every file
is byte-identical across runs under different hash seeds.

The exports are written straight from the release's pyoxigraph triples (no rdflib Graph of the
release); rdflib is the independent reader here, and Oxigraph's RDFC-1.0 canonical forms decide
isomorphism (``tests/same_graph.py``). What each derived file encodes (the relation graph, SKOS,
the term exports) is compared with the previous rdflib implementations in
``test_relations_oracle.py``, ``test_term_exports_port.py`` and ``test_jsonld.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from calco.assemble import assemble, to_rdflib_graph
from calco.export import EXPORTS, Release, render_exports
from calco.export.editions import to_base, to_full
from calco.export.relation_graph import to_relation_graph
from calco.export.skos import to_skos
from calco.load import load_source
from tests.conftest import ROOT
from tests.same_graph import assert_same_graph

RENDER = r"""
import hashlib, json, sys
from pathlib import Path
from calco.assemble import assemble
from calco.export import Release, render_exports
from calco.load import load_source
rendered = render_exports(Release(assemble(load_source(Path(sys.argv[1])))))
print(json.dumps({name: hashlib.sha256(data).hexdigest() for name, data in rendered.items()}))
"""

#: How rdflib reads each RDF release file.
RDFLIB_FORMATS = {".ttl": "turtle", ".owl": "xml", ".jsonld": "json-ld"}


@pytest.fixture(scope="module")
def source_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate

    return generate(tmp_path_factory.mktemp("synthetic") / "ontology", 1_000)


@pytest.fixture(scope="module")
def release(source_dir: Path) -> tuple[Release, dict[str, bytes]]:
    release = Release(assemble(load_source(source_dir)))
    return release, render_exports(release)


def _read(name: str, data: bytes) -> Graph:
    return Graph().parse(data=data.decode("utf-8"), format=RDFLIB_FORMATS[Path(name).suffix])


@pytest.mark.parametrize("name", ["calco.ttl", "calco.owl", "calco.jsonld", "calco-base.owl", "calco-full.owl", "calco-relations.ttl", "calco-skos.ttl"])
def test_each_rdf_file_is_the_graph_it_is_written_from(name: str, release: tuple[Release, dict[str, bytes]]) -> None:
    built, rendered = release
    written_from = {
        "calco-base.owl": lambda: to_base(built.triples),
        "calco-full.owl": lambda: to_full(built.triples, built.inferred),
        "calco-relations.ttl": lambda: to_relation_graph(built.index, built.direct),
        "calco-skos.ttl": lambda: to_skos(built.index),
    }.get(name, lambda: built.triples)()
    assert len(written_from) > 1_000
    assert_same_graph(to_rdflib_graph(written_from), _read(name, rendered[name]))


def test_the_main_files_are_the_release_graph(release: tuple[Release, dict[str, bytes]]) -> None:
    """Turtle, RDF/XML and JSON-LD are one graph, the assembled one (41 triples a term here)."""
    built, rendered = release
    assert len(built.triples) > 40_000
    turtle = _read("calco.ttl", rendered["calco.ttl"])
    for name in ("calco.owl", "calco.jsonld"):
        assert_same_graph(turtle, _read(name, rendered[name]))


def test_the_framed_terms_expand_to_triples_of_the_release(release: tuple[Release, dict[str, bytes]]) -> None:
    """``calco-terms.jsonld`` says nothing that ``calco.ttl`` plus ``calco-relations.ttl`` do not."""
    _, rendered = release
    framed = _read("calco-terms.jsonld", rendered["calco-terms.jsonld"])
    both = _read("calco.ttl", rendered["calco.ttl"]) + _read("calco-relations.ttl", rendered["calco-relations.ttl"])
    assert len(framed) > 1_000 and not set(framed) - set(both)


def test_every_file_is_byte_identical_across_hash_seeds(source_dir: Path, release: tuple[Release, dict[str, bytes]]) -> None:
    _, rendered = release
    runs = []
    for seed in ("3", "2718"):
        done = subprocess.run([sys.executable, "-c", RENDER, str(source_dir)], env=dict(os.environ, PYTHONHASHSEED=seed), capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert runs[0] == runs[1]
    assert set(runs[0]) == {e.name for e in EXPORTS}
    import hashlib

    assert runs[0] == {name: hashlib.sha256(data).hexdigest() for name, data in rendered.items()}, "and the same as in this process"
