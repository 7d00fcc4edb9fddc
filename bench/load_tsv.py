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

### Second round: whole-file and whole-column work in C

Measured with `--baseline ffbc350` (the loader above, 4.15 s on an idle machine) on the same
files in the same run, on a machine shared with five other engineers' test runs (load average
about 5.5 on 2 cores), so wall times are about 2.5 times an idle machine's; CPU seconds are the
fairer comparison.

| loader | 10k s | 10k CPU s | 100k s | 100k CPU s | 100k peak MB |
|---|---|---|---|---|---|
| `ffbc350` | 1.08 | 0.43 | 11.31 | 4.46 | 439 |
| this branch | 0.53 | 0.27 | 6.66 | 2.79 | 454 |

CPU seconds per stage at 100k (one run each, the collector paused as `load_source` pauses it):

| stage | `ffbc350` | now | what changed |
|---|---|---|---|
| terms.tsv | 1.11 | 0.63 | one `findall` over the file gives every plain line's cells; checks per column, over distinct values; records built without the frozen per-field `__setattr__` |
| relations.tsv | 1.12 | 0.41 | same; the objects sorted once per distinct cell |
| mappings.tsv | 0.57 | 0.23 | same; CURIEs parsed one by one only under a prefix no check vouches for (none today) |
| cross-table checks | 0.55 | 0.52 | rows a whole-column test marks are the only ones visited; no cycle search when parents precede children |
| own-words rule | 0.67 | 0.69 | unchanged (400,000 SHA-256 runs) |
| reused terms against the modules | 0.16 | 0.03 | only mappings whose object has a module are looked up |
| header, imports, article record, modules, locators | 0.07 | 0.07 | unchanged |
| total, with the collector's first pass after the load (about 0.2) | 4.51 | 2.88 | |

What remains at 100k and what would close it (docs/performance.md, "Loading the tables"):
the regex pass over 52 MB (0.55 CPU s) and the 400,000 records (0.25) are what a row-per-object
model costs; the own-words rule is 400,000 hash calls; the cross checks build sets of 100,000 to
300,000 IDs.
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
