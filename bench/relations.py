"""Time the direct-edge layer, ``calco-relations.ttl`` and the KGX files on N synthetic terms.

    python bench/relations.py 1000 10000

Each size runs in a fresh process. The release is built as the build builds it (load, assemble,
Release); then each step is timed three times and the fastest CPU time kept (the machine is shared
and a full collection of the cyclic garbage collector lands in one repetition or another). The
baseline, main's rdflib implementation (kept as the tests' oracle in ``tests/rdflib_relations.py``),
runs in the same process on the same release. The index is built once and shared by every export
that walks the graph term by term, so it is timed apart. Prints one Markdown row per size.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fastest(step: Callable[[], object], repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` runs of ``step``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        step()
        best = min(best, time.process_time() - start)
    return best


def measure(terms: int) -> str:
    """One row: rdflib baseline and index-based steps, seconds of CPU."""
    sys.path.insert(0, str(ROOT))
    from bench.synthetic import generate
    from calco.assemble import assemble
    from calco.export import Release
    from calco.export.kgx import to_kgx
    from calco.export.relation_graph import direct_layer, to_relation_graph
    from calco.export.turtle import to_turtle
    from calco.load import load_source
    from calco.triple_index import TripleIndex
    from tests import rdflib_relations as old

    with tempfile.TemporaryDirectory() as tmp:
        release = Release(assemble(load_source(generate(Path(tmp) / "src", terms))))
    graph, triples = release.graph, release.triples
    old_layer, index = old.direct_layer(graph), TripleIndex(triples)
    seconds = {
        "old layer": fastest(lambda: old.direct_layer(graph)),
        "old relations.ttl": fastest(lambda: to_turtle(old.to_relation_graph(graph, old_layer))),
        "old kgx": fastest(lambda: old.to_kgx(graph, old_layer)),
        "index": fastest(lambda: (TripleIndex(triples)._spo, TripleIndex(triples)._pos)),
    }
    index._spo, index._pos  # noqa: B018 - built once, as Release.index is, before the steps that share it
    layer = direct_layer(index)
    seconds["layer"] = fastest(lambda: direct_layer(index))
    seconds["relations.ttl"] = fastest(lambda: to_turtle(to_relation_graph(index, layer)))
    seconds["kgx"] = fastest(lambda: to_kgx(index, layer))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cells = " | ".join(f"{s:.2f}" for s in seconds.values())
    return f"| {terms:,} | {len(triples):,} | {len(layer.asserted | layer.inherited):,} | {cells} | {peak:.0f} MB |"


def main(argv: list[str]) -> None:
    """Print the table header, then one fresh process per size."""
    if argv and argv[0] == "--one":
        print(measure(int(argv[1])), flush=True)
        return
    print("| terms | triples | edges | old layer | old relations.ttl | old kgx | index (shared) | layer | relations.ttl | kgx | peak |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    sys.stdout.flush()
    for size in argv or ["1000", "10000"]:
        subprocess.run([sys.executable, __file__, "--one", size], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
