"""Choose the validator: the SHACL engines (pySHACL family) or the shapes as SPARQL rules in Oxigraph."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pyoxigraph as ox
from rdflib import Graph

from calco.validate.shacl import Engine, Report, run_shapes

Validator = Literal["shacl", "sparql"]
VALIDATORS: tuple[Validator, ...] = ("shacl", "sparql")
#: The shapes as SPARQL rules in Oxigraph: the same findings as pySHACL on every fixture
#: (tests/test_sparql_validator.py), at the query engine's cost; ``shacl`` stays the reference.
DEFAULT_VALIDATOR: Validator = "sparql"


def validate_graph(
    data: Graph | Sequence[ox.Triple],
    shapes: Graph,
    validator: Validator = DEFAULT_VALIDATOR,
    *,
    engine: Engine = "turbo",
) -> Report:
    """Run ``shapes`` over ``data`` (an rdflib Graph, or the release's pyoxigraph triples).

    ``sparql`` runs them as SPARQL rules in Oxigraph and, given triples, makes no rdflib graph of
    the data; ``shacl`` runs the SHACL ``engine`` (the reference), over an rdflib graph of the triples.
    """
    if validator == "sparql":
        from calco.validate.sparql_engine import run_sparql

        return run_sparql(data, shapes)
    if validator != "shacl":
        raise ValueError(f"unknown validator {validator!r}; use one of {', '.join(VALIDATORS)}")
    if not isinstance(data, Graph):
        from calco.assemble import to_rdflib_graph

        data = to_rdflib_graph(data)
    return run_shapes(data, shapes, engine=engine)
