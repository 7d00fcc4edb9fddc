"""``calco docs``: pages render in headless Chromium, every internal link resolves, search finds by synonym."""

from __future__ import annotations

import html.parser
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import Graph

from calco.load import load_source
from calco.site import build_site, page_name
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed; .ci/run installs it")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_site(Graph().parse(ROOT / "exports" / "calco.ttl", format="turtle"), out)
    return out


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


def test_every_term_has_a_page_and_every_internal_link_resolves(site: Path) -> None:
    terms = load_source(ROOT / "ontology").terms
    assert {p.name for p in (site / "terms").iterdir()} == {page_name(t.id) for t in terms}
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


@needs_chromium
def test_pages_render_in_chromium(site: Path, tmp_path: Path) -> None:
    index = rendered((site / "index.html").as_uri(), tmp_path / "profile")
    assert "Forms of calcinosis cutis" in index and "dystrophic calcinosis cutis" in index
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
