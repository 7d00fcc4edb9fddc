"""Child-process side of the reason stage: load N-Triples into owlready2 and run HermiT.

Runs as ``python -m calco.reason.worker IN.nt OUT.json JAVA MEMORY_MB`` so the parent can kill
the whole process group on timeout (owlready2 itself has no timeout) and give it a private
TMPDIR (owlready2 leaves its temp file behind when Java fails).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def classify(nt_path: Path, java: str, memory_mb: int) -> dict[str, object]:
    """Return consistency, unsatisfiable classes and the named superclasses HermiT adds."""
    import owlready2
    from owlready2 import OwlReadyInconsistentOntologyError, ThingClass, World

    owlready2.JAVA_EXE = java
    owlready2.reasoning.JAVA_MEMORY = memory_mb
    world = World()
    with nt_path.open("rb") as handle:
        world.get_ontology("http://purl.obolibrary.org/obo/calco.owl").load(fileobj=handle, format="ntriples")

    def named_parents() -> dict[str, set[str]]:
        return {
            cls.iri: {p.iri for p in cls.is_a if isinstance(p, ThingClass)}
            for cls in world.classes()
        }

    asserted = named_parents()
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except OwlReadyInconsistentOntologyError:
        # No classification exists for an inconsistent ontology; name what is asserted of the
        # individuals instead, where inconsistency comes from when the classes are satisfiable.
        involved = sorted(
            cls.iri for individual in world.individuals() for cls in individual.is_a if isinstance(cls, ThingClass)
        )
        return {"consistent": False, "unsatisfiable": [], "inferred": [], "involved": involved}
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes())
    inferred = sorted(
        (child, parent)
        for child, parents in named_parents().items()
        for parent in parents - asserted.get(child, set())
        if parent != "http://www.w3.org/2002/07/owl#Nothing"
    )
    return {"consistent": True, "unsatisfiable": unsatisfiable, "inferred": inferred}


def main(argv: list[str]) -> int:
    """Entry point for the child process."""
    nt_path, out_path, java, memory = argv
    result = classify(Path(nt_path), java, int(memory))
    Path(out_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
