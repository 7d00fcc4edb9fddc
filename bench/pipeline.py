"""Time every stage and export of ``calco build`` at N synthetic terms, beside the baseline a user
would script with the standard libraries, in the same run. Writes ``bench/results/pipeline.md``.

    python bench/pipeline.py [SIZES ...]       # default: 1000 10000
    python bench/pipeline.py --reasoner structural --limit 120 --out pipeline-100k.md 100000

Every measurement runs in a fresh process (peak memory is that process's maximum); a baseline
step still running after ``--limit`` seconds (default 600) is recorded as such, not waited for.
The stages are the build's own: assemble gives the release's pyoxigraph triples, which the
reasoner input, the validator (the build's default) and every export read; there is no
conversion step. Ratios, not absolute
times, are the targets (issue: benchmarks), because the machine's load varies.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIMIT_S = 600

PIPELINE = r"""
import gc, json, resource, statistics, sys, time
from pathlib import Path
gc.disable()  # as calco build does (calco.collector): the stage rows are the build's costs
from calco.assemble import assemble
from calco.export import EXPORTS, Release, write_exports
from calco.load import load_source
from calco.query import open_store, run
from calco.reason import reason
from calco.validate import load_shapes
from calco.validate.run import validate_graph
source_dir, shapes_dir, out, mode = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
t = {}
peaks = {}
def timed(name, fn):
    start = time.perf_counter(); value = fn(); t[name] = time.perf_counter() - start
    peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; return value
source = timed("load", lambda: load_source(source_dir))
triples = timed("assemble", lambda: assemble(source))
reasoning = timed("reason", lambda: reason(triples, timeout_s=3000, memory_mb=8000, mode=mode))
report = timed("validate", lambda: validate_graph(triples, load_shapes(shapes_dir)))
assert report.conforms, report.findings[:5]
release = Release(triples, reasoning.inferred)
from calco.vocab import OWL, RDF
timed("export (triple index, shared)", lambda: (release.index.value(triples[0].subject, RDF.type), release.index.subjects(RDF.type, OWL.Class)))
rendered = {}
for export in EXPORTS:
    rendered[export.name] = timed(f"export {export.name}", lambda e=export: e.render(release))
from calco.export.strict import require_well_formed
def read_back():
    for export in EXPORTS:
        require_well_formed(export.name, rendered[export.name], export.rdf_format)
timed("export read-back, all files one after another (the build runs it in a second process)", read_back)
timed("write", lambda: write_exports(out, rendered))
store = open_store(out)
samples = []
for _ in range(50):
    start = time.perf_counter()
    list(run(store, "SELECT ?f ?l WHERE { ?f rdfs:subClassOf CALCO:0000001 ; rdfs:label ?l }"))
    samples.append(time.perf_counter() - start)
t["query p50 (ms)"] = statistics.median(samples) * 1000
t["triples"] = len(triples)
t["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t["peak MB after"] = peaks
print(json.dumps(t))
"""

WALL = r"""
import json, resource, sys, time
from pathlib import Path
from calco.paths import Project
from calco.pipeline import build
start = time.perf_counter()
build(Project(Path(sys.argv[1])), Path(sys.argv[2]), reasoner_timeout=3000, reasoner=sys.argv[3])
print(json.dumps({"seconds": time.perf_counter() - start, "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BASELINE = {
    "rdflib parse Turtle": "from rdflib import Graph; Graph().parse(TTL)",
    "rdflib Turtle + JSON-LD": "from rdflib import Graph; g = Graph().parse(TTL); g.serialize(format='turtle'); g.serialize(format='json-ld')",
    "pyshacl (same shapes)": "from rdflib import Graph; from pyshacl import validate; from calco.validate import load_shapes; from pathlib import Path; validate(Graph().parse(TTL), shacl_graph=load_shapes(Path(SHAPES)), inference='none', allow_warnings=True)",
    "owlrl closure": "from rdflib import Graph; import owlrl; g = Graph().parse(TTL); owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)",
    "pyoxigraph parse + serialize": "import pyoxigraph as ox; t = list(ox.parse(path=TTL, format=ox.RdfFormat.TURTLE)); ox.serialize(t, format=ox.RdfFormat.TURTLE)",
}


def child_limit() -> float:
    """Seconds the pipeline and the wall-clock build may take: three baseline caps, at least half an hour."""
    return max(3 * LIMIT_S, 1800.0)


def child(code: str, *args: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; its last stdout line is JSON, or it timed out."""
    try:
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=child_limit(), check=True)
    except subprocess.TimeoutExpired:
        return {"note": f"not finished after {child_limit():.0f} s"}
    except subprocess.CalledProcessError as error:
        return {"note": f"failed: {error.stderr.strip().splitlines()[-1:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def baseline(step: str, ttl: Path) -> dict[str, object]:
    """Time one baseline step over the built ``calco.ttl`` in a fresh process, capped at LIMIT_S."""
    code = (
        "import json, resource, time\n"
        f"TTL, SHAPES = {str(ttl)!r}, {str(ROOT / 'shapes')!r}\n"
        "start = time.perf_counter()\n"
        f"{BASELINE[step]}\n"
        "print(json.dumps({'seconds': time.perf_counter() - start, 'peak MB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=LIMIT_S, check=True)
    except subprocess.TimeoutExpired:
        return {"note": f"not finished after {LIMIT_S} s"}
    except subprocess.CalledProcessError as error:
        return {"note": f"failed: {' '.join(error.stderr.strip().splitlines()[-1:])}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(sizes: list[int], mode: str = "hermit", results: str = "pipeline.md") -> None:
    """Measure each size and write the table with the ratios the targets are stated in.

    ``mode`` is the reason stage's mode (``structural`` is the fast mode for large inputs);
    ``results`` names the file in ``bench/results``.
    """
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    sections = [
        "# Pipeline benchmark (synthetic CALCO sources)",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}; reasoner mode: {mode}; "
        f"rerun with `python bench/pipeline.py{'' if mode == 'hermit' else ' --reasoner ' + mode}{'' if LIMIT_S == 600 else f' --limit {LIMIT_S:g}'}{'' if results == 'pipeline.md' else ' --out ' + results} {' '.join(map(str, sizes))}`.",
        "",
    ]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "project"
            source = generate(project / "ontology", size)
            (project / "shapes").symlink_to(ROOT / "shapes")
            stages = child(PIPELINE, str(source), str(ROOT / "shapes"), str(Path(tmp) / "out"), mode)
            print(size, "stages", stages, flush=True)  # each part as it finishes: a long run shows progress
            wall = child(WALL, str(project), str(Path(tmp) / "wall-out"), mode)
            print(size, "wall", wall, flush=True)
            base = {}
            for step in BASELINE if "load" in stages else ():
                base[step] = baseline(step, Path(tmp) / "out" / "calco.ttl")
                print(size, step, base[step], flush=True)
        sections += [f"## {size:,} terms ({stages.get('triples', '?')} triples, peak {stages.get('peak MB', 0):.0f} MB)", "", "| step | seconds | peak MB so far |", "|---|---|---|"]
        peaks = stages.get("peak MB after", {})
        sections += [
            f"| {name} | {value:.3f} | {peaks.get(name, 0):.0f} |"  # type: ignore[union-attr]
            for name, value in stages.items()
            if name not in ("triples", "peak MB") and isinstance(value, float)
        ]
        if "note" in stages:
            sections.append(f"| pipeline | {stages['note']} |")
        sections += ["", "| baseline step | seconds | peak MB |", "|---|---|---|"]
        for step, result in base.items():
            seconds = f"{result['seconds']:.3f}" if "seconds" in result else str(result["note"])
            sections.append(f"| {step} | {seconds} | {result.get('peak MB', 0):.0f} |")
        build = sum(v for k, v in stages.items() if isinstance(v, float) and k not in ("query p50 (ms)", "peak MB"))
        raw = base.get("pyoxigraph parse + serialize", {}).get("seconds")
        validate_export = stages.get("validate", 0.0) + sum(v for k, v in stages.items() if k.startswith("export ") and isinstance(v, float))  # type: ignore[operator]
        finished = [r["seconds"] for s, r in base.items() if "seconds" in r and s != "pyoxigraph parse + serialize"]
        sections += ["", f"- stages one after another (the table above): {build:.2f} s"]
        if "seconds" in wall:
            how = "HermiT overlapping validation, no reasoner cache" if mode == "hermit" else f"reasoner mode {mode}"
            sections.append(f"- `calco build` wall ({how}): {wall['seconds']:.2f} s, peak {wall['peak MB']:.0f} MB")  # type: ignore[str-format]
        else:
            sections.append(f"- `calco build` wall: {wall.get('note')}")
        if raw:
            sections.append(f"- validate + export / pyoxigraph raw parse+serialize: {validate_export / raw:.1f}x (target at 100k: at most 3x)")  # type: ignore[operator]
        if finished:
            sections.append(f"- baseline steps that finished, summed: {sum(finished):.1f} s (unfinished ones count as at least {LIMIT_S} s)")  # type: ignore[arg-type]
        sections.append("")
        (HERE / "results" / results).write_text("\n".join(sections))  # after every size: a partial run still reports


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000])
    parser.add_argument("--reasoner", choices=("hermit", "structural"), default="hermit", help="the reason stage's mode")
    parser.add_argument("--out", default="pipeline.md", help="results file name in bench/results")
    parser.add_argument("--limit", type=float, default=LIMIT_S, metavar="SECONDS", help="cap on each baseline step (default 600; the pipeline and the build get three times as long, at least 1800 s)")
    arguments = parser.parse_args()
    LIMIT_S = arguments.limit
    main(arguments.sizes, arguments.reasoner, arguments.out)
