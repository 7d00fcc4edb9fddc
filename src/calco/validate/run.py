"""Choose the validator: the SHACL engines (pySHACL family) or the shapes as SPARQL rules in Oxigraph."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pyoxigraph as ox
from rdflib import Graph

from calco.validate.shacl import Engine, Report, run_shapes

Validator = Literal["shacl", "sparql"]
VALIDATORS: tuple[Validator, ...] = ("shacl", "sparql")
DEFAULT_VALIDATOR: Validator = "shacl"


def validate_graph(
    data: Graph,
    shapes: Graph,
    validator: Validator = DEFAULT_VALIDATOR,
    *,
    engine: Engine = "turbo",
    triples: Sequence[ox.Triple] | None = None,
) -> Report:
    """Run ``shapes`` over ``data``: ``shacl`` with ``engine``, or ``sparql`` (``triples``: ``data`` already converted for Oxigraph)."""
    if validator == "sparql":
        from calco.validate.sparql_engine import run_sparql

        return run_sparql(data, shapes, triples)
    if validator != "shacl":
        raise ValueError(f"unknown validator {validator!r}; use one of {', '.join(VALIDATORS)}")
    return run_shapes(data, shapes, engine=engine)
