"""Time the term-oriented exports (OBO, OBO Graphs, the terms table, SSSOM, SKOS) at N synthetic terms.

    python bench/term_exports.py [SIZES ...]       # default: 1000 10000

Each size runs in a fresh process: load, assemble, then the release's shared look-up index (built
once, used by every export that walks the graph), then each export rendered from the release as
``calco build`` does. Prints one line of seconds per size.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES = ("calco.obo", "calco.json", "calco-terms.tsv", "calco-skos.ttl", "calco.sssom.tsv")

CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from synthetic import generate
from calco.assemble import assemble
from calco.export import EXPORTS, Release
from calco.load import load_source
names = json.loads(sys.argv[3])
release = Release(assemble(load_source(generate(Path(sys.argv[1]), int(sys.argv[4])))))
t = {}
start = time.perf_counter()
if hasattr(release, "index"):
    release.index.predicate_objects(release.triples[0].subject)  # both halves of the index
    release.index.subjects(release.triples[0].predicate, release.triples[0].object)
t["triples + index (shared)"] = time.perf_counter() - start
for export in EXPORTS:
    if export.name in names:
        start = time.perf_counter()
        export.render(release)
        t[export.name] = time.perf_counter() - start
print(json.dumps({k: round(v, 3) for k, v in t.items()}))
"""


def main(sizes: list[int]) -> None:
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(Path(tmp) / "src"), str(HERE), json.dumps(NAMES), str(size)],
                check=True,
                capture_output=True,
                text=True,
            )
        print(size, out.stdout.strip())


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
