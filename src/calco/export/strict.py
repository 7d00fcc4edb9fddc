"""The strictness gate: every release file is read back by a strict reader before any file is written.

* RDF files (Turtle, RDF/XML, JSON-LD) must parse with pyoxigraph, which rejects invalid IRIs
  and language tags that rdflib lets through (hazards D3, D4, D6);
* ``.owl`` files must also be well-formed XML 1.0 (pyoxigraph accepts control characters that
  XML forbids, and that owlready2 and Protege then refuse);
* ``.obo`` must parse with fastobo; ``.json``/``.jsonld`` must be strict JSON (no duplicate keys);
* ``.tsv`` must be UTF-8 rows of equal width with no control characters.

So a graph a writer would happily serialise into a file its own readers reject is stopped here,
before the atomic swap, and the previous release stays in place.
"""

from __future__ import annotations

import pyoxigraph as ox

from calco.errors import StageError
from calco.wellformed import json_problem, obo_problem, tsv_problem, xml_problem

#: Which syntax checker reads back a release file, by how its name ends.
SYNTAX_CHECKS = {
    ".owl": xml_problem,
    ".obo": obo_problem,
    ".json": json_problem,
    ".jsonld": json_problem,
    ".tsv": tsv_problem,
}


def require_parses(name: str, data: bytes, rdf_format: ox.RdfFormat) -> None:
    """Parse ``data`` strictly; raise :class:`StageError` naming the file if it does not parse."""
    try:
        for _ in ox.parse(data, format=rdf_format):
            pass
    except (SyntaxError, ValueError) as error:
        raise StageError("export", f"{name} does not parse with pyoxigraph: {error}") from None


def require_well_formed(name: str, data: bytes, rdf_format: ox.RdfFormat | None) -> None:
    """Raise :class:`StageError` unless ``data`` reads back in its syntax and, for RDF, with pyoxigraph."""
    check = next((c for suffix, c in SYNTAX_CHECKS.items() if name.endswith(suffix)), None)
    problem = check(data) if check is not None else None
    if problem:
        raise StageError("export", f"{name}: {problem}; the writer produced a file its readers reject (nothing was written)")
    if rdf_format is not None:
        require_parses(name, data, rdf_format)
