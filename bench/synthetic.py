"""Generate a synthetic CALCO source directory of N terms, in CALCO's own table format.

Each term has a label, a definition with its source, two synonyms, a cross-reference, a parent (a
random earlier term, so the hierarchy is a random recursive tree of depth about ln N) and two
relations with evidence. Column names come from CALCO's schema, so the tables stay loadable. The header and the imported terms are CALCO's own, so every rule applies as in the real
ontology. Deterministic for a given N and seed.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from calco.load.schema import MAPPINGS, TERMS

ROOT = Path(__file__).resolve().parents[1]
SITES = ("UBERON:0002097", "UBERON:0001419", "UBERON:0002113", "UBERON:0000945", "UBERON:0002048")
SIGNS = ("HP:0200036", "HP:0011123", "HP:0200042", "HP:0012531", "HP:0001387")


def generate(directory: Path, terms: int, seed: int = 1) -> Path:
    """Write header, imports, terms, relations and mappings for ``terms`` synthetic classes."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "ontology" / "calco-header.ttl", directory / "calco-header.ttl")
    shutil.copy(ROOT / "ontology" / "imports.tsv", directory / "imports.tsv")
    # The article's recorded structure and wording (hashes only), and the import modules the reused
    # terms are checked against: the same files the real build reads.
    for record in ("article-fingerprint.tsv", "article-wording.tsv"):
        shutil.copy(ROOT / "ontology" / record, directory / record)
    shutil.copytree(ROOT / "ontology" / "imports", directory / "imports", dirs_exist_ok=True)
    columns = [c.name for c in TERMS]
    with (directory / "terms.tsv").open("w") as out:
        out.write("\t".join(columns) + "\n")
        for i in range(1, terms + 1):
            row = dict.fromkeys(columns, "")
            parent = 0 if i == 1 else rng.randint(1, i - 1)
            genus = "calcinosis" if i == 1 else f"synthetic calcinosis {parent}"  # genus-differentia form: "A <parent label> ..."
            row.update(
                id=f"CALCO:{i:07d}",
                label=f"synthetic calcinosis {i}",
                parents="MONDO:0002123" if i == 1 else f"CALCO:{parent:07d}",
                definition=f"A {genus} numbered {i}, generated to measure the toolchain.",
                definition_source=f"article:causes/{1 + i % 12}",
                exact_synonyms=f"synthetic deposit disorder {i}|generated calcinosis {i}",
            )
            out.write("\t".join(row[c] for c in columns) + "\n")
    mapping_columns = [c.name for c in MAPPINGS]
    with (directory / "mappings.tsv").open("w") as out:
        out.write("\t".join(mapping_columns) + "\n")
        for i in range(1, terms + 1):
            out.write(f"CALCO:{i:07d}\toboInOwl:hasDbXref\tSYN:{i}\tsynthetic {i}\tsemapv:ManualMappingCuration\tbench/synthetic.py\tA generated cross-reference.\n")
    with (directory / "relations.tsv").open("w") as out:
        out.write("subject\trelation\tobject\tsource\tnote\tqualifier\n")
        for i in range(1, terms + 1):
            out.write(f"CALCO:{i:07d}\taffects_organ\t{rng.choice(SITES)}\tarticle:what-is/5\tA generated site.\t\n")
            out.write(f"CALCO:{i:07d}\tRO:0002452\t{rng.choice(SIGNS)}\tarticle:symptoms/12\tA generated sign.\tpossible\n")
    return directory


if __name__ == "__main__":
    print(generate(Path(sys.argv[1]), int(sys.argv[2])))
