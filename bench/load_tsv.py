"""How long the load stage takes to read N synthetic terms from TSV (``src/calco/load`` only).

The scale issue's target is about one second for 100,000 rows. The synthetic source (see
``synthetic.py``) is generated first, outside the timing; the measurement runs in a fresh process
and reports its peak memory. Writes ``bench/results/load-tsv.md``. Usage:

    python bench/load_tsv.py [--baseline REV] [SIZES ...]   # default: 100000

``--baseline REV`` also times git revision REV's loader (its ``src`` tree) on the same files,
right after each size, so the two figures share the machine's load.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: What each change to the load stage bought, measured with this script (kept under each new table).
HISTORY = """
## Before and after (issue 20)

Same machine; first and last rows by this script, the rows between timed the same call
(`load_source` in a fresh process) while iterating; "-" not measured. 100k terms = 400,000 TSV
rows. Every check kept (the loader's tests pass unchanged; `tests/test_load_fastpath.py` proves
the fast path never accepts a row the cell checks refuse).

| state of `src/calco/load` | 10k s | 100k s | 100k peak MB |
|---|---|---|---|
| main before issue 20 (the lifecycle check rebuilt a set of every live term per term: quadratic) | 2.64 | 219.98 | 475 |
| replacement set built once; `prefixes.expand` from the converter's map read once, not rebuilt per call | 0.95 | - | - |
| + one regex per table recognises a plainly valid line (`load/fastpath.py`); cell checks for the rest | 0.62 | 6.80 | - |
| + cyclic collector paused during the load | 0.51 | 4.86 | - |
| + locators resolved per distinct reference; own-words rule once per distinct text | 0.44 | - | - |
| + fast path's list and CURIE loops tightened | 0.41 | 4.15 | 440 |

Where the 4.15 s at 100k go now: reading and checking the tables 2.6 s (terms 1.0, relations 1.0,
mappings 0.5: per row one regex match, a split, the values and one frozen record), the own-words
rule 0.65 s (one SHA-256 per eight-word run of 100k definitions), cross-table checks 0.5 s, the
reused terms against the import modules 0.15 s. See docs/performance.md, "Loading the tables".
"""

CHILD = """
import json, resource, sys, time
from pathlib import Path
from calco.load import load_source
start, cpu = time.perf_counter(), time.process_time()
source = load_source(Path(sys.argv[1]))
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rows = sum(1 for name in ("terms.tsv", "relations.tsv", "mappings.tsv") for _ in (Path(sys.argv[1]) / name).open()) - 3
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "terms": len(source.terms), "relations": len(source.assertions), "rows": rows}))
"""


def _load_average() -> str:
    """The machine's load average when the table was written (how shared its cores were)."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.1f} over 1 min, {five:.1f} over 5 min, on {os.cpu_count()} cores"


def _timed(source: Path, code: Path | None) -> dict[str, float]:
    """``load_source`` on ``source`` in a fresh process: this checkout's code, or the ``src`` tree ``code``."""
    env = dict(os.environ, PYTHONPATH=str(code)) if code else None
    completed = subprocess.run([sys.executable, "-c", CHILD, str(source)], capture_output=True, text=True, check=True, env=env)
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _baseline_code(revision: str, into: Path) -> Path:
    """The ``src`` tree of git ``revision`` of this repository, unpacked under ``into``."""
    archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", revision, "src"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def main(sizes: list[int], baseline: str | None = None) -> None:
    """Generate each size, time ``load_source`` on it in a child process (and the baseline's, alternately), write the table."""
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    lines = [
        "# Load stage on synthetic TSV sources",
        "",
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}. "
        "`seconds` is `calco.load.load_source` alone (parse and check every cell of terms.tsv, relations.tsv, "
        "mappings.tsv, imports.tsv, the header and the import modules), in a fresh process; `CPU s` is that "
        "process's CPU time over the same call, the steadier figure on a shared machine (wall time grows with "
        f"the other processes' load: {_load_average()})."
        + (f" Each size is timed with this checkout's loader and, right after on the same files, with `{baseline}`'s." if baseline else ""),
        "",
        "| code | terms | TSV rows (terms + relations + mappings) | seconds | CPU s | peak MB |",
        "|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        base = _baseline_code(baseline, Path(tmp)) if baseline else None
        for size in sizes:
            source = generate(Path(tmp) / str(size), size)
            for label, code in [("this checkout", None)] + ([(f"`{baseline}`", base)] if base else []):
                r = _timed(source, code)
                print(label, size, r, flush=True)
                lines.append(f"| {label} | {size:,} | {int(r['rows']):,} | {r['seconds']:.2f} | {r['cpu']:.2f} | {r['peak_mb']:.0f} |")
    (HERE / "results" / "load-tsv.md").write_text("\n".join(lines) + "\n" + HISTORY)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    revision = None
    if arguments[:1] == ["--baseline"]:
        revision, arguments = arguments[1], arguments[2:]
    main([int(a) for a in arguments] or [100_000], revision)
