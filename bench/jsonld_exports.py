"""Time the two JSON-LD exports (``calco.jsonld``, ``calco-terms.jsonld``) at N synthetic terms.

    python bench/jsonld_exports.py [SIZES ...]     # default: 1000 10000

The release is loaded and assembled first (untimed), its triples, index and direct edges built
(untimed: every export shares them, as in a build), then each JSON-LD export is rendered three times and the
best time kept, since the machine is shared. Prints one line per size and export.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

from calco.assemble import assemble  # noqa: E402
from calco.export import EXPORTS, Release  # noqa: E402
from calco.load import load_source  # noqa: E402
from calco.vocab import OWL, RDF  # noqa: E402

NAMES = ("calco.jsonld", "calco-terms.jsonld")


def main(sizes: list[int]) -> None:
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            release = Release(assemble(load_source(generate(Path(tmp) / "src", size))))
            release.index.subjects(RDF.type, OWL.Class)  # the index's two look-ups, shared by every export
            release.index.predicate_objects(release.triples[0].subject)
            release.edges  # noqa: B018
            for export in (e for e in EXPORTS if e.name in NAMES):
                best, size_bytes = float("inf"), 0
                for _ in range(3):
                    start = time.perf_counter()
                    size_bytes = len(export.render(release))
                    best = min(best, time.perf_counter() - start)
                print(f"{size} terms, {len(release.triples)} triples: {export.name} {best:.2f} s ({size_bytes / 1e6:.1f} MB)", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
