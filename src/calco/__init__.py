"""CALCO, the Calcinosis Cutis Ontology, and the toolchain that builds, checks and publishes it."""

from __future__ import annotations

__version__ = "0.1.0"
