"""``calco docs``: a static HTML site for curators and readers, one page per CALCO term.

Each term page shows label, definition with sources, synonyms, parents, children, relations with
their evidence, and mappings; the index shows the hierarchy of the forms of calcinosis cutis and a
search box that finds terms by label or synonym. No server and no network: plain files, the search
index inlined into the page's script, so the site works from ``file://`` and any static host.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from calco.export.atomic import write_atomically
from calco.export.sssom import mapping_rows
from calco.export.termview import AssertionView, TermView, assertion_views, label_of, term_views
from calco.prefixes import CALCO, ONTOLOGY_IRI, compress, expand

ROOT_TERM = "CALCO:0000001"
STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
a{color:#0b5cad}h1{margin-bottom:.2rem}.curie{color:#666;font-family:monospace}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
#search{width:100%;padding:.5rem;font-size:1rem}#results li{margin:.2rem 0}.possible{color:#8a5a00}nav{margin-bottom:1rem}"""
SEARCH_JS = """const CALCO_INDEX = __INDEX__;
function calcoSearch(text) {
  const needle = text.trim().toLowerCase();
  const list = document.getElementById('results');
  list.innerHTML = '';
  if (!needle) return;
  for (const term of CALCO_INDEX) {
    const hit = [term.label, ...term.synonyms].find(name => name.toLowerCase().includes(needle));
    if (!hit) continue;
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = term.page;
    link.textContent = term.label;
    item.appendChild(link);
    if (hit !== term.label) item.appendChild(document.createTextNode(' (' + hit + ')'));
    list.appendChild(item);
  }
  if (!list.children.length) list.innerHTML = '<li>no term found</li>';
}
window.addEventListener('DOMContentLoaded', () => {
  const box = document.getElementById('search');
  box.addEventListener('input', () => calcoSearch(box.value));
  const q = new URLSearchParams(window.location.search).get('q');
  if (q) { box.value = q; calcoSearch(q); }
});
"""


def page_name(curie: str) -> str:
    """File name of a CALCO term's page."""
    return curie.replace(":", "_") + ".html"


def build_site(graph: Graph, out: Path) -> list[Path]:
    """Write the site into ``out`` (all-or-nothing); return the files that changed."""
    views = {v.curie: v for v in term_views(graph)}
    children: dict[str, list[str]] = defaultdict(list)
    for view in views.values():
        for parent in view.parents:
            children[compress(str(parent))].append(view.curie)
    assertions: dict[str, list[AssertionView]] = defaultdict(list)
    for assertion in assertion_views(graph):
        assertions[assertion.subject].append(assertion)
    mappings: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in mapping_rows(graph):
        mappings[row["subject_id"]].append(row)

    files: dict[Path, bytes] = {out / "style.css": STYLE.encode()}
    index = [
        {"label": v.label, "synonyms": [s.text for s in v.synonyms], "page": f"terms/{page_name(v.curie)}"}
        for v in sorted(views.values(), key=lambda v: v.label)
    ]
    files[out / "search.js"] = SEARCH_JS.replace("__INDEX__", json.dumps(index, ensure_ascii=False)).encode("utf-8")
    files[out / "index.html"] = _index(graph, views, children).encode("utf-8")
    for view in views.values():
        body = _term_page(graph, view, views, sorted(children.get(view.curie, [])), assertions[view.curie], mappings[view.curie])
        files[out / "terms" / page_name(view.curie)] = body.encode("utf-8")
    return write_atomically(files)


def _page(title: str, body: str, depth: int) -> str:
    up = "../" * depth
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)} — CALCO</title><link rel=\"stylesheet\" href=\"{up}style.css\"></head>"
        f"<body><nav><a href=\"{up}index.html\">CALCO</a></nav>\n{body}\n</body></html>\n"
    )


def _link(curie: str, graph: Graph, views: dict[str, TermView], depth: int) -> str:
    """A link to a CALCO page, or to the external term's IRI, labelled."""
    label = html.escape(views[curie].label if curie in views else label_of(graph, URIRef(expand(curie) or curie)) or curie)
    if curie in views:
        return f'<a href="{"../" * depth}terms/{page_name(curie)}">{label}</a> <span class="curie">{curie}</span>'
    iri = expand(curie)
    target = html.escape(iri) if iri else ""
    return (f'<a href="{target}">{label}</a>' if target else label) + f' <span class="curie">{html.escape(curie)}</span>'


def _index(graph: Graph, views: dict[str, TermView], children: dict[str, list[str]]) -> str:
    ontology = URIRef(ONTOLOGY_IRI)
    title = str(graph.value(ontology, URIRef("http://purl.org/dc/terms/title")) or "CALCO")
    description = str(graph.value(ontology, URIRef("http://purl.org/dc/terms/description")) or "")
    version = str(graph.value(ontology, OWL.versionInfo) or "")

    def tree(curie: str, seen: frozenset[str]) -> str:
        below = "".join(tree(c, seen | {c}) for c in sorted(children.get(curie, []), key=lambda c: views[c].label) if c not in seen)
        return f"<li>{_link(curie, graph, views, 0)}" + (f"<ul>{below}</ul>" if below else "") + "</li>"

    hierarchy = f"<ul>{tree(ROOT_TERM, frozenset({ROOT_TERM}))}</ul>" if ROOT_TERM in views else ""
    everything = "".join(f"<li>{_link(c, graph, views, 0)}</li>" for c in sorted(views, key=lambda c: views[c].label))
    body = (
        f"<h1>{html.escape(title)}</h1><p>{html.escape(description)}</p><p>Version {html.escape(version)}.</p>"
        '<h2>Search</h2><input id="search" type="search" placeholder="a label or synonym, e.g. Teutschlaender disease" autocomplete="off">'
        '<ul id="results"></ul><script src="search.js"></script>'
        f"<h2>Forms of calcinosis cutis</h2>{hierarchy}<h2>All terms</h2><ul>{everything}</ul>"
    )
    return _page(title, body, 0)


def _term_page(graph: Graph, view: TermView, views: dict[str, TermView], kids: list[str], assertions: list[AssertionView], mappings: list[dict[str, str]]) -> str:
    esc = html.escape
    parts = [f"<h1>{esc(view.label)}</h1><p class=\"curie\">{view.curie} · {esc(str(view.iri))}</p>"]
    if view.deprecated:
        replacement = _link(compress(str(view.replaced_by)), graph, views, 1) if view.replaced_by else "no replacement"
        parts.append(f"<p><strong>Obsolete.</strong> Replaced by {replacement}.</p>")
    if view.definition:
        parts.append(f"<h2>Definition</h2><p>{esc(view.definition)}</p><p>Sources: {_sources(view.definition_sources, view.definition_fingerprints)}</p>")
    if view.comment:
        parts.append(f"<h2>Comment</h2><p>{esc(view.comment)}</p>")
    if view.synonyms:
        items = "".join(f"<li>{esc(s.text)} ({s.scope.lower()}{', Latin' if s.latin else ''})</li>" for s in view.synonyms)
        parts.append(f"<h2>Synonyms</h2><ul>{items}</ul>")
    if view.parents:
        parts.append("<h2>Parents</h2><ul>" + "".join(f"<li>{_link(compress(str(p)), graph, views, 1)}</li>" for p in view.parents) + "</ul>")
    if kids:
        parts.append("<h2>Children</h2><ul>" + "".join(f"<li>{_link(c, graph, views, 1)}</li>" for c in kids) + "</ul>")
    if assertions:
        rows = "".join(
            f"<tr><td>{esc(label_of(graph, URIRef(expand(a.relation) or a.relation)) or a.relation)}</td>"
            f"<td>{' <em>or</em> '.join(_link(o, graph, views, 1) for o in a.objects)}</td>"
            f"<td class=\"{esc(a.qualifier)}\">{esc(a.qualifier)}</td><td>{esc(a.note)}</td><td>{_sources(a.sources, a.fingerprints)}</td></tr>"
            for a in assertions
        )
        parts.append(f"<h2>Relations</h2><table><tr><th>relation</th><th>object</th><th>qualifier</th><th>evidence</th><th>sources</th></tr>{rows}</table>")
    if mappings:
        rows = "".join(
            f"<tr><td>{esc(m['predicate_id'])}</td><td>{_link(m['object_id'], graph, views, 1) if expand(m['object_id']) else esc(m['object_id'])}</td>"
            f"<td>{esc(m['object_label'])}</td><td>{esc(m['mapping_justification'])}</td><td>{esc(m['comment'])}</td></tr>"
            for m in mappings
        )
        parts.append(f"<h2>Mappings</h2><table><tr><th>predicate</th><th>target</th><th>target label</th><th>justification</th><th>comment</th></tr>{rows}</table>")
    prognosis = graph.value(view.iri, CALCO["prognosis"])
    if prognosis is not None:
        parts.append(f"<h2>Prognosis</h2><p>{esc(str(prognosis))}</p>")
    return _page(view.label, "".join(parts), 1)


def _sources(sources: list[str] | tuple[str, ...], fingerprints: list[str] | tuple[str, ...]) -> str:
    """Each source, an article locator followed by the fingerprint of the sentence it names (a reader with the article can check it)."""
    by_locator = dict(f.split(" ", 1) for f in fingerprints)
    return ", ".join(
        html.escape(s) + (f' <code class="fingerprint" title="SHA-256 of the normalised sentence (ontology/README.md)">{html.escape(by_locator[s])}</code>' if s in by_locator else "")
        for s in sources
    )
