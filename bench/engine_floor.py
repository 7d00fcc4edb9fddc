"""What pyshacl-turbo itself costs at 1k / 10k / 100k synthetic terms, apart from rdflib and CALCO.

The data is handed to the engine as N-Triples in its own input type, so no rdflib conversion is
timed: ``no shapes`` is the engine taking in the data (the floor no shape design can go under),
``all shapes`` is CALCO's shapes, and ``--per-file`` adds each shapes file alone. Uses
``pyshacl_turbo.rdf.Input``, the engine's internal input type (fine for a benchmark; the build
itself passes rdflib graphs through the public API). Writes ``bench/results/engine-floor.md``.

    python bench/engine_floor.py [--per-file] [SIZES ...]     # default: 1000 10000
"""

from __future__ import annotations

import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from pyshacl_turbo import CompiledShapes
from pyshacl_turbo.rdf import Input
from rdflib import Graph

from calco.assemble import assemble
from calco.load import load_source
from calco.validate import load_shapes

HERE = Path(__file__).resolve().parent


def engine_seconds(shapes: Graph, ntriples: str) -> float:
    """Seconds pyshacl-turbo takes to validate ``ntriples`` against ``shapes`` (compiling excluded)."""
    compiled = CompiledShapes(shapes)
    start = time.perf_counter()
    compiled.validate(Input(ntriples, "nt", None, {}, {}, preserve_ids=True), allow_warnings=True, allow_infos=True)
    return time.perf_counter() - start


def main(sizes: list[int], per_file: bool) -> None:
    """Time the engine per size and write the Markdown table."""
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    shapes_dir = HERE.parent / "shapes"
    runs: list[tuple[str, Graph]] = [("no shapes", Graph()), ("all shapes", load_shapes(shapes_dir))]
    if per_file:
        runs += [(file.name, Graph().parse(file)) for file in sorted(shapes_dir.glob("*.ttl"))]
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            assembled = assemble(load_source(generate(Path(tmp), size)))
        data = ox.serialize(assembled, format=ox.RdfFormat.N_TRIPLES)
        assert data is not None
        ntriples, triples = data.decode("utf-8"), len(assembled)
        del assembled
        for name, shapes in runs:
            seconds = engine_seconds(shapes, ntriples)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rows.append(f"| {size:,} | {triples} | {name} | {seconds:.2f} | {peak:.0f} |")
            print(rows[-1], flush=True)
    lines = [
        "# pyshacl-turbo's own cost (synthetic CALCO sources, N-Triples input)",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}. Peak MB is the process's peak so far "
        "(it includes the data held for the run). Rerun: `python bench/engine_floor.py --per-file 1000 10000 100000`.",
        "",
        "| terms | triples | shapes | seconds | peak MB |",
        "|---|---|---|---|---|",
        *rows,
    ]
    (HERE / "results" / "engine-floor.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main([int(a) for a in arguments if a != "--per-file"] or [1_000, 10_000], "--per-file" in arguments)
