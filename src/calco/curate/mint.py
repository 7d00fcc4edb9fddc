"""``calco mint --curator NAME``: the next free CALCO ID in that curator's range.

Ranges come from ``ontology/calco-idranges.owl`` (ODK's ID-ranges file, the one Protégé's
new-entity settings use), so two curators minting at the same time on two branches or two copies
take IDs from disjoint ranges and never collide. An ID is free when it was never used: not in
the source tables (obsolete rows stay there), not in the last build's exports, and not in any
version of ``terms.tsv`` in the git history (an ID deleted since is still taken).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from calco.curate.idranges import IdPolicy, read_policy
from calco.curate.tables import read_rows
from calco.errors import CalcoError

ID = re.compile(r"CALCO:(\d{7})")
IRI_ID = re.compile(r"CALCO_(\d{7})")
HISTORY_ID = re.compile(r"^[+-]CALCO:(\d{7})\t", re.M)


def used_ids(directory: Path, released: Path | None = None) -> set[int]:
    """Every CALCO ID number ever used: in the tables, in ``released`` and in terms.tsv's git history."""
    used: set[int] = set()
    for name in ("terms.tsv", "relations.tsv", "mappings.tsv"):
        for row in read_rows(directory / name):
            for value in row.values():
                used.update(int(m) for m in ID.findall(value))
    if released is not None and released.is_file():
        used.update(int(m) for m in IRI_ID.findall(released.read_text(encoding="utf-8")))
    used.update(_history(directory))
    return used


def _history(directory: Path) -> set[int]:
    """IDs of every row ever added to or removed from terms.tsv, on any branch (empty outside git)."""
    try:
        completed = subprocess.run(
            ["git", "log", "--all", "--format=", "-p", "--unified=0", "--", "terms.tsv"],
            cwd=directory, capture_output=True, text=True, check=False,
        )
    except FileNotFoundError:
        return set()
    if completed.returncode != 0:
        return set()
    return {int(m) for m in HISTORY_ID.findall(completed.stdout)}


def next_id(directory: Path, curator: str, released: Path | None = None, policy: IdPolicy | None = None) -> str:
    """The lowest never-used ID in ``curator``'s ranges."""
    policy = policy or read_policy(directory)
    ranges = policy.of(curator)
    if not ranges:
        known = ", ".join(repr(c) for c in policy.curators)
        raise CalcoError(f"{policy.path}: no ID range is allocated to {curator!r} (curators with ranges: {known}); add a Datatype: idrange:N block for them")
    used = used_ids(directory, released)
    for r in ranges:
        for number in range(max(r.low, 1), r.high + 1):
            if number not in used:
                return f"CALCO:{number:0{policy.digits}d}"
    spans = ", ".join(f"{r.number} {r.low}..{r.high}" for r in ranges)
    raise CalcoError(f"{policy.path}: every ID in {curator!r}'s ranges ({spans}) is used; allocate them a new range")
