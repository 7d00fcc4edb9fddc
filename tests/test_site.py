"""``calco docs``: a page per class (reused ones too), a collapsible tree, obsolete terms marked and out of
search by default, downloads, the hierarchy picture; pages render in headless Chromium, every internal
link resolves, search finds by synonym."""

from __future__ import annotations

import html.parser
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import Graph

from calco.hierarchy import hierarchy
from calco.load import load_source
from calco.site import build_site, page_name
from tests.conftest import ROOT, edit_table, run_calco

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed; .ci/run installs it")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_site(Graph().parse(ROOT / "exports" / "calco.ttl", format="turtle"), out, ROOT / "exports")
    return out


@pytest.fixture(scope="module")
def obsolete_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of a release in which qigong (CALCO:0000017) was obsoleted, replaced by CALCO:0000013."""
    from click.testing import CliRunner

    from calco.cli import main

    root = tmp_path_factory.mktemp("project")
    for part in ("ontology", "shapes", "exports"):
        shutil.copytree(ROOT / part, root / part)
    edit_table(root / "ontology" / "relations.tsv", lambda rows: rows.__setitem__(slice(None), [r for r in rows if "CALCO:0000017" not in r]))
    runner = CliRunner()
    for args in (["obsolete", "CALCO:0000017", "--reason", "terms-merged", "--replaced-by", "CALCO:0000013"], ["build"], ["docs"]):
        result = runner.invoke(main, [*args, "--project", str(root)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return root / "site"


def rendered(url: str, profile: Path) -> str:
    """The DOM after scripts ran, from a real headless Chromium with no network use."""
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--virtual-time-budget=2000", "--dump-dom", url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def test_every_class_has_a_page_and_every_internal_link_resolves(site: Path) -> None:
    terms = load_source(ROOT / "ontology").terms
    graph = Graph().parse(ROOT / "exports" / "calco.ttl", format="turtle")
    every_class = hierarchy(graph).nodes
    assert {page_name(t.id) for t in terms} < {p.name for p in (site / "terms").iterdir()}
    assert {p.name for p in (site / "terms").iterdir()} == {page_name(c) for c in every_class}, "reused classes get pages too"
    calcinosis = (site / "terms" / page_name("MONDO:0002123")).read_text()
    assert "Upstream IRI: <a href=\"http://purl.obolibrary.org/obo/MONDO_0002123\">" in calcinosis
    assert "<h2>Children</h2>" in calcinosis and page_name("CALCO:0000001") in calcinosis
    circumscripta = (site / "terms" / page_name("CALCO:0000007")).read_text()
    ancestry = circumscripta.split("<h2>Ancestry</h2>", 1)[1].split("</ul>", 1)[0]
    assert ancestry.index("MONDO:0002123") < ancestry.index("CALCO:0000001") < ancestry.index("CALCO:0000003")
    broken = []
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            if urlsplit(target).scheme in ("http", "https"):
                continue
            if not (page.parent / urlsplit(target).path).resolve().is_file():
                broken.append(f"{page.relative_to(site)} -> {target}")
    assert not broken, broken


def test_downloads_offer_every_release_file(site: Path) -> None:
    index = (site / "index.html").read_text()
    for export in sorted(p for p in (ROOT / "exports").iterdir() if p.is_file()):
        assert f'href="downloads/{export.name}" download' in index, export.name
        assert (site / "downloads" / export.name).read_bytes() == export.read_bytes()


def test_the_tree_holds_the_whole_hierarchy_and_folds(site: Path) -> None:
    index = (site / "index.html").read_text()
    tree = index.split('<div class="tree">', 1)[1].split("</div>", 1)[0]
    graph = Graph().parse(ROOT / "exports" / "calco.ttl", format="turtle")
    for curie in hierarchy(graph).nodes:
        assert f'href="terms/{page_name(curie)}"' in tree, f"{curie} is missing from the tree"
    assert tree.index("MONDO:0002123") < tree.index("CALCO:0000001") < tree.index("CALCO:0000007"), "nested: calcinosis > calcinosis cutis > ... > circumscripta"
    assert "<details open><summary>" in tree and '<img class="hierarchy" src="hierarchy.svg"' in index


def test_the_picture_is_fresh_and_made_by_the_command(tmp_path: Path) -> None:
    committed = ROOT / "docs" / "hierarchy.svg"
    made = tmp_path / "hierarchy.svg"
    completed = run_calco("picture", "--out", made, env={"PYTHONHASHSEED": "7"})
    assert completed.returncode == 0, completed.stderr
    assert made.read_bytes() == committed.read_bytes(), "docs/hierarchy.svg is stale; run: calco picture"
    svg = committed.read_text()
    assert svg.startswith("<?xml") and "<svg" in svg and ">calcinosis cutis<title>CALCO:0000001" in svg and ">calcinosis<title>MONDO:0002123" in svg
    assert "](docs/hierarchy.svg)" in (ROOT / "README.md").read_text(), "the README shows the picture"


def test_obsolete_terms_are_marked_in_the_tree_and_pages(obsolete_site: Path) -> None:
    index = (obsolete_site / "index.html").read_text()
    obsolete_list = index.split("<h2>Obsolete terms</h2>", 1)[1].split("</ul>", 1)[0]
    assert "obsolete qigong" in obsolete_list and "badge" in obsolete_list
    page = (obsolete_site / "terms" / page_name("CALCO:0000017")).read_text()
    assert "<strong>Obsolete</strong> (terms merged). Replaced by" in page and page_name("CALCO:0000013") in page


@needs_chromium
def test_pages_render_in_chromium(site: Path, tmp_path: Path) -> None:
    index = rendered((site / "index.html").as_uri(), tmp_path / "profile")
    assert "<h2>Hierarchy</h2>" in index and "dystrophic calcinosis cutis" in index and "<details open=" in index
    for term in load_source(ROOT / "ontology").terms:
        dom = rendered((site / "terms" / page_name(term.id)).as_uri(), tmp_path / "profile")
        assert f"<h1>{term.label}</h1>".replace("'", "&#x27;") in dom or f"<h1>{term.label}</h1>" in dom, term.id


@needs_chromium
def test_search_finds_a_term_by_synonym(site: Path, tmp_path: Path) -> None:
    dom = rendered((site / "index.html").as_uri() + "?q=teutschlaender", tmp_path / "profile")
    assert f'href="terms/{page_name("CALCO:0000009")}"' in dom and "(Teutschlaender disease)" in dom
    dom = rendered((site / "index.html").as_uri() + "?q=cutaneous", tmp_path / "profile")
    assert f'href="terms/{page_name("CALCO:0000001")}"' in dom
    dom = rendered((site / "index.html").as_uri() + "?q=zzzz", tmp_path / "profile")
    assert "no term found" in dom


def test_term_pages_show_each_locator_with_its_sentence_fingerprint(site: Path) -> None:
    from calco.article import parse_record

    record, _ = parse_record(ROOT / "ontology" / "article-fingerprint.tsv")
    page = (site / "terms" / page_name("CALCO:0000002")).read_text(encoding="utf-8")
    for locator in ("article:treatment/6", "article:what-is/8"):  # a relation's source and a definition's
        digest = record.get(locator).fingerprint  # type: ignore[union-attr]
        assert f'{locator} <code class="fingerprint"' in page and f">{digest}</code>" in page


@needs_chromium
def test_search_leaves_obsolete_terms_out_unless_asked(obsolete_site: Path, tmp_path: Path) -> None:
    page = f'href="terms/{page_name("CALCO:0000017")}"'
    dom = rendered((obsolete_site / "index.html").as_uri() + "?q=qigong", tmp_path / "profile")
    results = dom.split('id="results"', 1)[1].split("</ul>", 1)[0]
    assert page not in results and "no term found" in results
    dom = rendered((obsolete_site / "index.html").as_uri() + "?q=qigong&obsolete=1", tmp_path / "profile")
    results = dom.split('id="results"', 1)[1].split("</ul>", 1)[0]
    assert page in results and "(obsolete)" in results and 'class="obsolete"' in results


@needs_chromium
def test_search_finds_reused_terms(site: Path, tmp_path: Path) -> None:
    dom = rendered((site / "index.html").as_uri() + "?q=dermatomyositis", tmp_path / "profile")
    assert f'href="terms/{page_name("MONDO:0016367")}"' in dom.split('id="results"', 1)[1].split("</ul>", 1)[0]
