"""``calco mint``: allocate the next free CALCO ID. IDs are never reused, so obsolete ones count as taken."""

from __future__ import annotations

import re
from pathlib import Path

from calco.curate.tables import read_rows

ID = re.compile(r"CALCO:(\d{7})")


def next_id(directory: Path, released: Path | None = None) -> str:
    """One more than the highest CALCO ID used in the source (obsolete terms included) or in the
    last release (``released``, e.g. exports/calco.ttl), so an ID deleted since then is not reused."""
    highest = 0
    if released is not None and released.is_file():
        for match in re.finditer(r"CALCO_(\d{7})", released.read_text(encoding="utf-8")):
            highest = max(highest, int(match.group(1)))
    for name in ("terms.tsv", "relations.tsv", "mappings.tsv"):
        for row in read_rows(directory / name):
            for value in row.values():
                for match in ID.finditer(value):
                    highest = max(highest, int(match.group(1)))
    return f"CALCO:{highest + 1:07d}"
