"""The strictness gate: every export must parse with pyoxigraph before it may be written.

pyoxigraph rejects invalid IRIs and language tags that rdflib lets through (hazards D3, D4, D6),
so a graph rdflib would happily serialise into a broken file is stopped here instead.
"""

from __future__ import annotations

import pyoxigraph as ox

from calco.errors import StageError


def require_parses(name: str, data: bytes, rdf_format: ox.RdfFormat) -> int:
    """Parse ``data`` strictly; return its triple count or raise :class:`StageError` naming the file."""
    try:
        return sum(1 for _ in ox.parse(data, format=rdf_format))
    except (SyntaxError, ValueError) as error:
        raise StageError("export", f"{name} does not parse with pyoxigraph: {error}") from None
