"""CALCO, the Calcinosis Cutis Ontology, and the toolchain that builds, checks and publishes it."""

from __future__ import annotations

from calco.api import artefact, graph, ontology

__version__ = "0.1.0"
__all__ = ["artefact", "graph", "ontology"]
