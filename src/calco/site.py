"""``calco docs``: a static HTML site for curators and readers, one page per class in the release.

Every named class of the release graph gets a page, CALCO's own and reused (imported) ones alike,
with its ancestry (each path to a root) and, for a reused term, its upstream IRI; CALCO's terms
also show definition with sources, synonyms, relations with their evidence, and mappings. The
index has a search box (label or synonym; obsolete terms only when asked for), a collapsible tree
of the whole hierarchy (``<details>``, no script needed), the hierarchy picture, and download links
for every release file (copied into ``downloads/``). No server and no network: plain files, the
search index inlined into a script, so the site works from ``file://`` and any static host.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS

from calco.export.atomic import write_atomically
from calco.export.sssom import mapping_rows
from calco.export.termview import (
    SCOPES,
    AssertionView,
    TermView,
    assertion_views,
    term_views,
)
from calco.hierarchy import ClassNode, Hierarchy, hierarchy
from calco.picture import render_svg
from calco.prefixes import IAO, ONTOLOGY_IRI, compress, expand
from calco.triple_index import index_of

SYNONYM_PROPERTIES = tuple(URIRef(p.value) for p in SCOPES)
#: What each release file is for (exports/README.md says more).
DOWNLOAD_NOTES = {
    "calco.owl": "RDF/XML, the main release: Protégé, ROBOT, OLS",
    "calco.ttl": "Turtle",
    "calco.jsonld": "JSON-LD, context inline",
    "calco.context.jsonld": "the JSON-LD context",
    "calco-base.owl": "ODK base edition: CALCO's own axioms",
    "calco-full.owl": "ODK full edition: with the reused terms, classified",
    "calco-relations.ttl": "direct edges, for SPARQL",
    "calco-skos.ttl": "SKOS",
    "calco.obo": "OBO 1.4",
    "calco.json": "OBO Graphs JSON",
    "calco.sssom.tsv": "SSSOM mappings",
    "calco-terms.tsv": "the terms as a spreadsheet",
    "calco-terms.jsonld": "the terms as framed JSON-LD",
    "README.md": "which file serves which use",
}
STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
a{color:#0b5cad}h1{margin-bottom:.2rem}.curie{color:#666;font-family:monospace}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
#search{width:100%;padding:.5rem;font-size:1rem}#results li{margin:.2rem 0}.possible{color:#8a5a00}nav{margin-bottom:1rem}
.obsolete,.obsolete a{color:#999;text-decoration:line-through}.badge{font-size:.75rem;border:1px solid #999;border-radius:.3rem;padding:0 .3rem;margin-left:.3rem;color:#555;text-decoration:none;display:inline-block}
.tree ul{list-style:none;padding-left:1.2rem;margin:0}.tree>ul{padding-left:0}.tree summary{cursor:pointer}.tree li.leaf{padding-left:1.05rem}.reused>a{color:#555;font-style:italic}
.ancestry{font-size:.9rem;color:#444}img.hierarchy{max-width:100%;border:1px solid #ddd}"""
SEARCH_JS = """const CALCO_INDEX = __INDEX__;
function calcoSearch(text) {
  const needle = text.trim().toLowerCase();
  const list = document.getElementById('results');
  list.innerHTML = '';
  if (!needle) return;
  const withObsolete = document.getElementById('include-obsolete').checked;
  for (const term of CALCO_INDEX) {
    if (term.obsolete && !withObsolete) continue;
    const hit = [term.label, ...term.synonyms].find(name => name.toLowerCase().includes(needle));
    if (!hit) continue;
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = term.page;
    link.textContent = term.label;
    item.appendChild(link);
    if (term.obsolete) { item.className = 'obsolete'; item.appendChild(document.createTextNode(' (obsolete)')); }
    if (hit !== term.label) item.appendChild(document.createTextNode(' (' + hit + ')'));
    list.appendChild(item);
  }
  if (!list.children.length) list.innerHTML = '<li>no term found</li>';
}
window.addEventListener('DOMContentLoaded', () => {
  const box = document.getElementById('search');
  const toggle = document.getElementById('include-obsolete');
  box.addEventListener('input', () => calcoSearch(box.value));
  toggle.addEventListener('change', () => calcoSearch(box.value));
  const params = new URLSearchParams(window.location.search);
  if (params.get('obsolete') === '1') toggle.checked = true;
  const q = params.get('q');
  if (q) { box.value = q; calcoSearch(q); }
});
"""


def page_name(curie: str) -> str:
    """File name of a class's page (``CALCO_0000001.html``, ``MONDO_0002123.html``; a hash for a bare IRI)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*:[A-Za-z0-9_.-]+", curie):
        return curie.replace(":", "_") + ".html"
    return "iri-" + hashlib.sha1(curie.encode("utf-8")).hexdigest()[:16] + ".html"


def build_site(graph: Graph, out: Path, exports: Path | None = None, progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Write the site into ``out`` (all-or-nothing); return the files that changed.

    ``exports``: the directory of release files to offer for download (copied into ``downloads/``).
    ``progress(done, total)`` is called as pages are rendered, for a progress bar at scale.
    """
    tree = hierarchy(graph)
    lookups = index_of(graph)
    views = {v.curie: v for v in term_views(lookups)}
    assertions: dict[str, list[AssertionView]] = defaultdict(list)
    for assertion in assertion_views(lookups):
        assertions[assertion.subject].append(assertion)
    mappings: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in mapping_rows(lookups):
        mappings[row["subject_id"]].append(row)
    downloads = sorted(p for p in exports.iterdir() if p.is_file()) if exports is not None and exports.is_dir() else []

    files: dict[Path, bytes] = {out / "style.css": STYLE.encode()}
    index = [
        {
            "label": node.label,
            "synonyms": [s.text for s in views[c].synonyms] if c in views else [str(o) for p in SYNONYM_PROPERTIES for o in graph.objects(node.iri, p)],
            "page": f"terms/{page_name(c)}",
            "obsolete": node.deprecated,
            "reused": node.reused,
        }
        for c, node in sorted(tree.nodes.items(), key=lambda item: tree.sort_key(item[0]))
    ]
    files[out / "search.js"] = SEARCH_JS.replace("__INDEX__", json.dumps(index, ensure_ascii=False, sort_keys=True)).encode("utf-8")
    files[out / "hierarchy.svg"] = render_svg(graph)
    for path in downloads:
        files[out / "downloads" / path.name] = path.read_bytes()
    files[out / "index.html"] = _index(graph, tree, downloads).encode("utf-8")
    total = len(tree.nodes)
    for done, (curie, node) in enumerate(sorted(tree.nodes.items()), start=1):
        if curie in views:
            body = _term_page(graph, views[curie], tree, assertions[curie], mappings[curie])
        else:
            body = _reused_page(graph, node, tree)
        files[out / "terms" / page_name(curie)] = body.encode("utf-8")
        if progress is not None and (done == total or done % 500 == 0):
            progress(done, total)
    return write_atomically(files)


def _page(title: str, body: str, depth: int) -> str:
    up = "../" * depth
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)} — CALCO</title><link rel=\"stylesheet\" href=\"{up}style.css\"></head>"
        f"<body><nav><a href=\"{up}index.html\">CALCO</a></nav>\n{body}\n</body></html>\n"
    )


def _link(curie: str, graph: Graph, tree: Hierarchy, depth: int) -> str:
    """A link to the class's page if the release has one (obsolete ones struck through), else to its IRI."""
    if curie in tree.nodes:
        node = tree.nodes[curie]
        badge = '<span class="badge">obsolete</span>' if node.deprecated else ""
        css = ' class="obsolete"' if node.deprecated else ""
        return f'<a{css} href="{"../" * depth}terms/{page_name(curie)}">{html.escape(node.label)}</a> <span class="curie">{html.escape(curie)}</span>{badge}'
    label = html.escape(_label(graph, expand(curie) or curie) or curie)
    iri = expand(curie)
    target = html.escape(iri) if iri else ""
    return (f'<a href="{target}">{label}</a>' if target else label) + f' <span class="curie">{html.escape(curie)}</span>'


def _label(graph: Graph, iri: str) -> str:
    """The label of any IRI in the site's (small, rdflib) graph, "" if none: the one-off look-ups of a page."""
    return str(graph.value(URIRef(iri), RDFS.label) or "")


def _tree(tree: Hierarchy, roots: list[str], open_depth: int = 2) -> str:
    """The hierarchy as nested ``<details>`` (collapsible without script); a class with several
    parents appears under each; cycles are cut."""
    out: list[str] = []

    def walk(curie: str, depth: int, path: frozenset[str]) -> None:
        node = tree.nodes[curie]
        kids = [k for k in node.children if k not in path]
        css = " reused" if node.reused else ""
        css += " obsolete" if node.deprecated else ""
        link = f'<a href="terms/{page_name(curie)}">{html.escape(node.label)}</a> <span class="curie">{html.escape(curie)}</span>'
        if not kids:
            out.append(f'<li class="leaf{css}">{link}</li>')
            return
        opened = " open" if depth < open_depth else ""
        out.append(f'<li class="{css.strip()}"><details{opened}><summary>{link} <span class="curie">({len(kids)})</span></summary><ul>')
        for kid in kids:
            walk(kid, depth + 1, path | {kid})
        out.append("</ul></details></li>")

    for root in roots:
        walk(root, 0, frozenset({root}))
    return '<div class="tree"><ul>' + "".join(out) + "</ul></div>"


def _index(graph: Graph, tree: Hierarchy, downloads: list[Path]) -> str:
    ontology = URIRef(ONTOLOGY_IRI)
    title = str(graph.value(ontology, URIRef("http://purl.org/dc/terms/title")) or "CALCO")
    description = str(graph.value(ontology, URIRef("http://purl.org/dc/terms/description")) or "")
    version = str(graph.value(ontology, OWL.versionInfo) or "")
    version_iri = str(graph.value(ontology, OWL.versionIRI) or "")
    obsolete = sorted((c for c, n in tree.nodes.items() if n.deprecated), key=tree.sort_key)
    own = sum(1 for n in tree.nodes.values() if not n.reused)
    parts = [
        f"<h1>{html.escape(title)}</h1><p>{html.escape(description)}</p>",
        f"<p>Version {html.escape(version)} (<span class=\"curie\">{html.escape(version_iri)}</span>): "
        f"{own} CALCO classes, {len(tree.nodes) - own} reused classes.</p>",
        '<h2>Search</h2><input id="search" type="search" placeholder="a label or synonym, e.g. Teutschlaender disease" autocomplete="off">'
        '<label><input id="include-obsolete" type="checkbox"> include obsolete terms</label>'
        '<ul id="results"></ul><script src="search.js"></script>',
        f"<h2>Hierarchy</h2><p>Every class in the release, CALCO's own and reused ones (in italics); click a row to fold it.</p>{_tree(tree, _roots_with_calco_first(tree))}",
    ]
    if obsolete:
        items = "".join(f"<li class=\"obsolete\">{_link(c, graph, tree, 0)}</li>" for c in obsolete)
        parts.append(f"<h2>Obsolete terms</h2><p>Kept so that their IDs stay resolvable; each page names its replacement.</p><ul>{items}</ul>")
    parts.append('<h2>Picture</h2><p><img class="hierarchy" src="hierarchy.svg" alt="the hierarchy of CALCO\'s terms and the reused terms above them"></p>')
    if downloads:
        rows = "".join(
            f'<tr><td><a href="downloads/{html.escape(p.name)}" download>{html.escape(p.name)}</a></td><td>{_size(p.stat().st_size)}</td><td>{html.escape(DOWNLOAD_NOTES.get(p.name, ""))}</td></tr>'
            for p in downloads
        )
        parts.append(f"<h2>Downloads</h2><p>The release files of version {html.escape(version)}.</p><table><tr><th>file</th><th>size</th><th>for</th></tr>{rows}</table>")
    return _page(title, "".join(parts), 0)


def _roots_with_calco_first(tree: Hierarchy) -> list[str]:
    """The roots whose subtree holds CALCO terms first (the forms of calcinosis cutis lead), then the rest."""
    above_own = tree.ancestors_of({c for c, n in tree.nodes.items() if not n.reused})
    return sorted(tree.roots, key=lambda r: (r not in above_own, tree.sort_key(r)))


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KiB" if size >= 1024 else f"{size} B"


def _ancestry(tree: Hierarchy, curie: str, graph: Graph) -> str:
    paths = tree.ancestry(curie)
    if not paths:
        return ""
    items = "".join("<li>" + " › ".join(_link(c, graph, tree, 1) for c in path) + "</li>" for path in paths)
    return f'<h2>Ancestry</h2><ul class="ancestry">{items}</ul>'


def _reused_page(graph: Graph, node: ClassNode, tree: Hierarchy) -> str:
    """The page of a reused (imported) class: label, upstream IRI and ontology, definition if the
    import module brings one, obsoletion, ancestry, parents and children."""
    esc = html.escape
    parts = [f"<h1>{esc(node.label)}</h1><p class=\"curie\">{esc(node.curie)} · reused from upstream</p>"]
    defined_by = graph.value(node.iri, RDFS.isDefinedBy)
    source = f" (from <a href=\"{esc(str(defined_by))}\">{esc(str(defined_by))}</a>)" if defined_by is not None else ""
    parts.append(f'<p>Upstream IRI: <a href="{esc(str(node.iri))}">{esc(str(node.iri))}</a>{source}</p>')
    if node.deprecated:
        replacement = graph.value(node.iri, IAO["0100001"])
        named = _link(compress(str(replacement)), graph, tree, 1) if isinstance(replacement, URIRef) else "no replacement"
        parts.append(f'<p class="obsolete-note"><strong>Obsolete upstream.</strong> Replaced by {named}.</p>')
    definition = graph.value(node.iri, IAO["0000115"])
    if definition is not None:
        parts.append(f"<h2>Definition (upstream)</h2><p>{esc(str(definition))}</p>")
    synonyms = sorted(str(o) for p in SYNONYM_PROPERTIES for o in graph.objects(node.iri, p))
    if synonyms:
        parts.append("<h2>Synonyms (upstream)</h2><ul>" + "".join(f"<li>{esc(s)}</li>" for s in synonyms) + "</ul>")
    parts.append(_ancestry(tree, node.curie, graph))
    if node.parents:
        parts.append("<h2>Parents</h2><ul>" + "".join(f"<li>{_link(p, graph, tree, 1)}</li>" for p in node.parents) + "</ul>")
    if node.children:
        parts.append("<h2>Children</h2><ul>" + "".join(f"<li>{_link(c, graph, tree, 1)}</li>" for c in node.children) + "</ul>")
    return _page(node.label, "".join(parts), 1)


def _term_page(graph: Graph, view: TermView, tree: Hierarchy, assertions: list[AssertionView], mappings: list[dict[str, str]]) -> str:
    esc = html.escape
    kids = tree.nodes[view.curie].children
    parts = [f"<h1>{esc(view.label)}</h1><p class=\"curie\">{view.curie} · {esc(view.iri)}</p>"]
    if view.deprecated:
        replacement = _link(compress(view.replaced_by), graph, tree, 1) if view.replaced_by else "no exact replacement"
        consider = ", ".join(_link(compress(str(c)), graph, tree, 1) for c in view.consider)
        reason = _label(graph, view.obsolescence_reason) if view.obsolescence_reason is not None else ""
        parts.append(
            f'<p class="obsolete-note"><strong>Obsolete</strong>{esc(f" ({reason})" if reason else "")}. Replaced by {replacement}.'
            + (f" Consider instead: {consider}." if consider else "")
            + "</p>"
        )
    if view.definition:
        parts.append(f"<h2>Definition</h2><p>{esc(view.definition)}</p><p>Sources: {_sources(view.definition_sources, view.definition_fingerprints)}</p>")
    if view.comment:
        parts.append(f"<h2>Comment</h2><p>{esc(view.comment)}</p>")
    if view.synonyms:
        items = "".join(f"<li>{esc(s.text)} ({s.scope.lower()}{', Latin' if s.latin else ''})</li>" for s in view.synonyms)
        parts.append(f"<h2>Synonyms</h2><ul>{items}</ul>")
    parts.append(_ancestry(tree, view.curie, graph))
    if view.parents:
        parts.append("<h2>Parents</h2><ul>" + "".join(f"<li>{_link(compress(p), graph, tree, 1)}</li>" for p in view.parents) + "</ul>")
    if kids:
        parts.append("<h2>Children</h2><ul>" + "".join(f"<li>{_link(c, graph, tree, 1)}</li>" for c in kids) + "</ul>")
    if assertions:
        rows = "".join(
            f"<tr><td>{esc(_label(graph, expand(a.relation) or a.relation) or a.relation)}</td>"
            f"<td>{' <em>or</em> '.join(_link(o, graph, tree, 1) for o in a.objects)}</td>"
            f"<td class=\"{esc(a.qualifier)}\">{esc(a.qualifier)}</td><td>{esc(a.note)}</td><td>{_sources(a.sources, a.fingerprints)}</td></tr>"
            for a in assertions
        )
        parts.append(f"<h2>Relations</h2><table><tr><th>relation</th><th>object</th><th>qualifier</th><th>evidence</th><th>sources</th></tr>{rows}</table>")
    if mappings:
        rows = "".join(
            f"<tr><td>{esc(m['predicate_id'])}</td><td>{_link(m['object_id'], graph, tree, 1) if expand(m['object_id']) else esc(m['object_id'])}</td>"
            f"<td>{esc(m['object_label'])}</td><td>{esc(m['mapping_justification'])}</td><td>{esc(m['comment'])}</td></tr>"
            for m in mappings
        )
        parts.append(f"<h2>Mappings</h2><table><tr><th>predicate</th><th>target</th><th>target label</th><th>justification</th><th>comment</th></tr>{rows}</table>")
    if view.prognosis:
        parts.append(f"<h2>Prognosis</h2><p>{esc(view.prognosis)}</p>")
    return _page(view.label, "".join(parts), 1)


def _sources(sources: list[str] | tuple[str, ...], fingerprints: list[str] | tuple[str, ...]) -> str:
    """Each source, an article locator followed by the fingerprint of the sentence it names (a reader with the article can check it)."""
    by_locator = dict(f.split(" ", 1) for f in fingerprints)
    return ", ".join(
        html.escape(s) + (f' <code class="fingerprint" title="SHA-256 of the normalised sentence (ontology/README.md)">{html.escape(by_locator[s])}</code>' if s in by_locator else "")
        for s in sources
    )
