"""``calco-terms.tsv``: one row per CALCO term for spreadsheet users, in the columns of
``ontology/terms.tsv`` (so it loads back with CALCO's own table reader)."""

from __future__ import annotations

import io

from rdflib import Graph

from calco.export.termview import term_views
from calco.load.schema import SEPARATOR, TERMS
from calco.prefixes import compress


def to_terms_tsv(graph: Graph) -> bytes:
    """Render the terms table; prognosis columns are filled from the graph too."""
    from rdflib.namespace import OWL

    from calco.assemble import PROGNOSIS
    from calco.prefixes import OBOINOWL

    buffer = io.StringIO()
    buffer.write("\t".join(c.name for c in TERMS) + "\n")
    for view in term_views(graph):
        by_scope = {scope: [s.text for s in view.synonyms if s.scope == scope and not s.latin] for scope in ("EXACT", "RELATED", "NARROW", "BROAD")}
        prognosis = graph.value(view.iri, PROGNOSIS)
        prognosis_sources = sorted(
            str(x)
            for a in graph.subjects(OWL.annotatedTarget, prognosis)
            if graph.value(a, OWL.annotatedSource) == view.iri
            for x in graph.objects(a, OBOINOWL.hasDbXref)
        ) if prognosis is not None else []
        row = {
            "id": view.curie,
            "label": view.label,
            "parents": SEPARATOR.join(compress(str(p)) for p in view.parents),
            "definition": view.definition,
            "definition_source": SEPARATOR.join(view.definition_sources),
            "exact_synonyms": SEPARATOR.join(by_scope["EXACT"]),
            "related_synonyms": SEPARATOR.join(by_scope["RELATED"]),
            "narrow_synonyms": SEPARATOR.join(by_scope["NARROW"]),
            "broad_synonyms": SEPARATOR.join(by_scope["BROAD"]),
            "latin_synonyms": SEPARATOR.join(s.text for s in view.synonyms if s.latin),
            "comment": view.comment,
            "prognosis": str(prognosis or ""),
            "prognosis_source": SEPARATOR.join(prognosis_sources),
            "obsolete": "true" if view.deprecated else "",
            "replaced_by": compress(str(view.replaced_by)) if view.replaced_by else "",
            "consider": SEPARATOR.join(compress(str(c)) for c in view.consider),
            "obsolescence_reason": compress(str(view.obsolescence_reason)) if view.obsolescence_reason else "",
        }
        buffer.write("\t".join(row[c.name] for c in TERMS) + "\n")
    return buffer.getvalue().encode("utf-8")
