"""Time the term-oriented exports (OBO, OBO Graphs, the terms table, SSSOM, SKOS) at N synthetic terms,
beside their previous rdflib implementation (``tests/rdflib_term_exports.py``) in the same process.

    python bench/term_exports.py [SIZES ...]       # default: 1000 10000

Each size runs in a fresh process: load, assemble, then each export rendered from the release as
``calco build`` does, and by the rdflib version from an rdflib Graph of the same triples (the
Graph the release used to carry; its cost is not counted). The release's look-up index and the
term views are shared by several exports and timed on their own lines. Best of three runs each.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path[:0] = [sys.argv[2], sys.argv[3]]
import pyoxigraph as ox
from rdflib import Graph
from synthetic import generate
from calco.assemble import assemble
from calco.export import EXPORTS, Release
from calco.export.termview import term_views
from calco.export.turtle import to_turtle
from calco.load import load_source
from tests import rdflib_term_exports as old

OLD = {
    "calco.obo": old.to_obo,
    "calco.json": old.to_obographs,
    "calco-terms.tsv": old.to_terms_tsv,
    "calco-skos.ttl": lambda g: to_turtle(old.to_skos(g)),
    "calco.sssom.tsv": old.to_sssom,
}
release = Release(assemble(load_source(generate(Path(sys.argv[1]), int(sys.argv[4])))))
graph = Graph().parse(data=ox.serialize(release.triples, format=ox.RdfFormat.N_TRIPLES), format="nt")

def best(fn):
    times = []
    for _ in range(3):
        start = time.perf_counter(); fn(); times.append(time.perf_counter() - start)
    return round(min(times), 3)

start = time.perf_counter()
release.index.predicate_objects(release.triples[0].subject)  # the triples (converted on main today), then both halves of the index
release.index.subjects(release.triples[0].predicate, release.triples[0].object)
row = {"release triples + index (shared, once)": round(time.perf_counter() - start, 3)}
start = time.perf_counter()
term_views(release.index)
row["term views (shared, once)"] = round(time.perf_counter() - start, 3)
for export in EXPORTS:
    if export.name in OLD:
        row[export.name] = {"rdflib": best(lambda: OLD[export.name](graph)), "index": best(lambda: export.render(release))}
print(json.dumps(row))
"""


def main(sizes: list[int]) -> None:
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(Path(tmp) / "src"), str(HERE), str(HERE.parent), str(size)],
                check=True,
                capture_output=True,
                text=True,
            )
        print(size, out.stdout.strip())


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
