"""``calco-terms.tsv``: one row per CALCO term for spreadsheet users, in the columns of
``ontology/terms.tsv`` (so it loads back with CALCO's own table reader)."""

from __future__ import annotations

import io

from calco.export.termview import term_views
from calco.load.schema import SEPARATOR, TERMS
from calco.prefixes import compress
from calco.triple_index import TripleIndex


def to_terms_tsv(index: TripleIndex) -> bytes:
    """Render the terms table; prognosis columns are filled from the graph too."""
    buffer = io.StringIO()
    buffer.write("\t".join(c.name for c in TERMS) + "\n")
    for view in term_views(index):
        by_scope = {scope: [s.text for s in view.synonyms if s.scope == scope and not s.latin] for scope in ("EXACT", "RELATED", "NARROW", "BROAD")}
        row = {
            "id": view.curie,
            "label": view.label,
            "parents": SEPARATOR.join(compress(p) for p in view.parents),
            "definition": view.definition,
            "definition_source": SEPARATOR.join(view.definition_sources),
            "exact_synonyms": SEPARATOR.join(by_scope["EXACT"]),
            "related_synonyms": SEPARATOR.join(by_scope["RELATED"]),
            "narrow_synonyms": SEPARATOR.join(by_scope["NARROW"]),
            "broad_synonyms": SEPARATOR.join(by_scope["BROAD"]),
            "latin_synonyms": SEPARATOR.join(s.text for s in view.synonyms if s.latin),
            "comment": view.comment,
            "prognosis": view.prognosis,
            "prognosis_source": SEPARATOR.join(view.prognosis_sources),
            "obsolete": "true" if view.deprecated else "",
            "replaced_by": compress(view.replaced_by) if view.replaced_by else "",
            "consider": SEPARATOR.join(compress(c) for c in view.consider),
            "obsolescence_reason": compress(view.obsolescence_reason) if view.obsolescence_reason else "",
        }
        buffer.write("\t".join(row[c.name] for c in TERMS) + "\n")
    return buffer.getvalue().encode("utf-8")
