"""Validation time and peak memory at 1k / 10k / 100k synthetic terms, per SHACL engine and for the SPARQL validator.

Each (size, engine) runs in a fresh process: load and assemble (setup, reported apart), then the
validation being measured. ``sparql`` is ``--validator sparql``: the same shapes translated to SPARQL
and run by Oxigraph, timed from the assembled pyoxigraph triples (Store fill included), as
``calco build`` runs it; the SHACL engines get the rdflib graph of the same triples, made in setup. ``turbo, no shapes`` runs pyshacl-turbo with an empty shapes graph on
the same data: the engine's fixed cost for taking in the data, which no shape design can remove. A process still going after the time limit is recorded as such, not
waited for. Writes ``bench/results/validate-scaling.md``. Usage:

    python bench/validate_scaling.py [--engine turbo --engine sparql ...] [--out NAME.md] [SIZES ...]   # default: all engines; 1000 10000 100000
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIMIT_S = 1800
ENGINES = ("turbo", "turbo, no shapes", "sparql", "pyshacl")

CHILD = """
import json, resource, sys, time
from pathlib import Path
from calco.assemble import assemble, to_rdflib_graph
from calco.load import load_source
from rdflib import Graph
from calco.validate import load_shapes, run_shapes
from calco.validate.run import validate_graph
began = time.perf_counter()
source = load_source(Path(sys.argv[1]))
triples = assemble(source)
graph = to_rdflib_graph(triples) if sys.argv[3] != "sparql" else None  # the SHACL engines read rdflib graphs
shapes = load_shapes(Path(sys.argv[2]))
setup = time.perf_counter() - began
start = time.perf_counter()
engine = sys.argv[3]
if engine == "turbo, no shapes":
    engine, shapes = "turbo", Graph()
report = validate_graph(triples, shapes, "sparql") if engine == "sparql" else run_shapes(graph, shapes, engine=engine)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"triples": len(triples), "setup_s": setup, "seconds": seconds, "peak_mb": peak, "findings": len(report.findings)}))
"""


def measure(source: Path, engine: str) -> dict[str, object]:
    """Run one validation in a child process; return its timings or a note that it timed out."""
    try:
        completed = subprocess.run(
            [sys.executable, "-c", CHILD, str(source), str(HERE.parent / "shapes"), engine],
            capture_output=True, text=True, timeout=LIMIT_S, check=True,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "note": f"not finished after {LIMIT_S} s (setup included)"}
    except subprocess.CalledProcessError as error:  # recorded, so one failing row does not lose the others
        return {"seconds": None, "note": f"failed: {' '.join(error.stderr.strip().splitlines()[-1:])}"}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(sizes: list[int], engines: tuple[str, ...] = ENGINES, out: str = "validate-scaling.md") -> None:
    """Measure every size with each engine (and the empty-shapes floor); write the Markdown table."""
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            source = generate(Path(tmp) / str(size), size)
            for engine in engines:
                if engine == "pyshacl" and size > 1_000:
                    rows.append((size, engine, {"seconds": None, "note": "skipped: over 600 s at 10,000 terms in an earlier run"}))
                    continue
                result = measure(source, engine)
                rows.append((size, engine, result))
                print(size, engine, result, flush=True)
    lines = [
        "# Validation scaling (synthetic CALCO sources)",
        "",
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}. "
        "`seconds` is validation only; `setup` is load + assemble before it. Each row a fresh process.",
        "",
        "| terms | triples | engine | setup s | seconds | peak MB | findings |",
        "|---|---|---|---|---|---|---|",
    ]
    for size, engine, r in rows:
        seconds = f"{r['seconds']:.2f}" if r.get("seconds") is not None else str(r.get("note"))
        setup = f"{r['setup_s']:.1f}" if r.get("setup_s") is not None else ""
        peak = f"{r['peak_mb']:.0f}" if r.get("peak_mb") is not None else ""
        lines.append(f"| {size:,} | {r.get('triples', '')} | {engine} | {setup} | {seconds} | {peak} | {r.get('findings', '')} |")
    (HERE / "results" / out).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--engine", action="append", dest="engines", help="repeat to choose several (default: all): " + "; ".join(ENGINES))
    parser.add_argument("--out", default="validate-scaling.md", help="file name under bench/results/")
    arguments = parser.parse_args()
    chosen = tuple(arguments.engines or ENGINES)
    unknown = set(chosen) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    main(arguments.sizes, chosen, arguments.out)
