"""``calco imports refresh FILE...``: re-extract the import modules from newer copies of the release files.

A curator's command, not part of the build (hp.obo alone takes seconds to parse). Each file is
recognised by its content (an OBO file by its ``ontology:`` header, MONDO's two tables by their
columns), so a renamed newer copy works. Only the modules fed by the given files are rewritten,
all at once (temporary files renamed into place); the reuse check then runs against the new
modules and what changed is reported term by term.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from calco.errors import CalcoError, Problem
from calco.export.atomic import write_atomically
from calco.imports.check import check_reuse
from calco.imports.extract import SPECS, Module, extract_all
from calco.imports.rdf import module_turtle
from calco.imports.upstream import UpstreamFile, read_mondo, read_obo
from calco.load.modules import MODULES_DIR, read_modules
from calco.load.tables import read_imports, read_mappings, read_terms
from calco.model import ImportedTerm
from calco.model import Mapping as Mapping_


@dataclass
class ModuleChanges:
    """What a refresh changed in one module, in the words of ``calco diff``."""

    module: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    relabelled: list[str] = field(default_factory=list)
    redefined: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    obsoleted: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the module's terms are the same as before."""
        return not (self.added or self.removed or self.relabelled or self.redefined or self.moved or self.obsoleted)

    def lines(self) -> list[str]:
        """One line per change, for the terminal."""
        out = [f"{self.module}: {s}" for s in self.sources]
        for kind in ("added", "removed", "relabelled", "redefined", "moved", "obsoleted"):
            out += [f"{self.module}: {kind} {entry}" for entry in getattr(self, kind)]
        return out


@dataclass
class RefreshResult:
    """The modules written, what changed in each, and what the reuse check found afterwards."""

    written: list[Path]
    changes: list[ModuleChanges]
    problems: list[Problem]
    #: Files that feed no module (e.g. MONDO's ChEBI import: ChEBI comes from maxo.obo, which has CHEBI:3311).
    unused: list[str] = field(default_factory=list)


def read_upstream(paths: Iterable[Path], versions: Mapping[str, str] | None = None, dates: Mapping[str, str] | None = None) -> dict[str, UpstreamFile]:
    """Recognise and read each release file; keyed by the ``ontology:`` name the module specs use.

    ``versions``/``dates`` (by file name) supply what a file does not state itself (MONDO's tables
    carry no version: give the commit they were taken from).
    """
    versions, dates = versions or {}, dates or {}
    read: dict[str, UpstreamFile] = {}
    edges = stats = None
    for path in paths:
        if not path.is_file():
            raise CalcoError(f"{path}: no such file")
        with path.open(encoding="utf-8", errors="replace") as handle:
            first = handle.readline()
        if path.suffix == ".obo" or first.startswith("format-version:"):
            upstream = read_obo(path, versions.get(path.name, ""), dates.get(path.name, ""))
            read[upstream.ontology.removesuffix(".obo")] = upstream
        elif first.startswith("id\tsubject\tpredicate\tobject"):
            edges = path
        elif first.startswith("?cls\t"):
            stats = path
        else:
            raise CalcoError(f"{path}: not a release file calco knows (an OBO file, MONDO's edge table or its class report)")
    if (edges is None) != (stats is None):
        given = edges or stats
        raise CalcoError(f"{given}: the MONDO module needs both mondo-rare_edges.tsv and mondo-class-stats.tsv; give both")
    if edges is not None and stats is not None:
        read["mondo"] = read_mondo(edges, stats, versions.get(edges.name, "") or versions.get(stats.name, ""), dates.get(edges.name, "") or dates.get(stats.name, ""))
    return read


def used_terms(ontology: Path) -> tuple[list[str], list[Problem]]:
    """The CURIEs CALCO reuses (``imports.tsv``) and maps to (``mappings.tsv``); table problems if any."""
    problems: list[Problem] = []
    imports = read_imports(ontology / "imports.tsv", problems)
    mappings = read_mappings(ontology / "mappings.tsv", problems)
    return _used(imports, mappings), problems


def _used(imports: Iterable[ImportedTerm], mappings: Iterable[Mapping_]) -> list[str]:
    return sorted({i.id for i in imports} | {m.object for m in mappings if m.predicate != "oboInOwl:hasDbXref"})


def refresh(ontology: Path, paths: Iterable[Path], versions: Mapping[str, str] | None = None, dates: Mapping[str, str] | None = None) -> RefreshResult:
    """Re-extract the modules the given files feed, write them, report changes and reuse problems."""
    problems: list[Problem] = []
    imports = read_imports(ontology / "imports.tsv", problems)
    mappings = read_mappings(ontology / "mappings.tsv", problems)
    if problems:
        raise CalcoError("fix the tables first:\n" + "\n".join(str(p) for p in problems))
    used = _used(imports, mappings)
    upstream = read_upstream(paths, versions, dates)
    if not upstream:
        raise CalcoError("give at least one upstream release file")
    before = {m.name: m for m in read_modules(ontology, problems)}
    if problems:
        raise CalcoError("\n".join(str(p) for p in problems))
    fresh = extract_all(used, upstream)
    directory = ontology / MODULES_DIR
    written = write_atomically({directory / m.file_name: module_turtle(m) for m in fresh})
    after = {**before, **{m.name: m for m in fresh}}
    changes = [module_changes(before.get(m.name), m) for m in fresh]
    terms = read_terms(ontology / "terms.tsv", [])  # only its labels and synonyms are used here; the build checks the rest
    problems = check_reuse(ontology, imports, mappings, terms, after)
    sources = {s.source for s in SPECS}
    unused = [f"{f.sources[0].name} (ontology {name}) feeds no import module" for name, f in sorted(upstream.items()) if name not in sources]
    return RefreshResult(written, changes, problems, unused)


def module_changes(old: Module | None, new: Module) -> ModuleChanges:
    """Term-level differences between two versions of a module."""
    changes = ModuleChanges(new.name)
    before = old.index if old else {}
    after = new.index
    if old is None or sorted(s.describe() for s in old.sources) != sorted(s.describe() for s in new.sources):
        changes.sources = [f"source {s.describe()}" for s in new.sources]
    changes.added = [f"{c} {after[c].label}" for c in sorted(after.keys() - before.keys())]
    changes.removed = [f"{c} {before[c].label}" for c in sorted(before.keys() - after.keys())]
    for curie in sorted(before.keys() & after.keys()):
        a, b = before[curie], after[curie]
        if b.deprecated and not a.deprecated:
            replaced = f", replaced by {', '.join(b.replaced_by)}" if b.replaced_by else f", consider {', '.join(b.consider)}" if b.consider else ""
            changes.obsoleted.append(f"{curie} {b.label}{replaced}")
        if a.label != b.label:
            changes.relabelled.append(f"{curie}: {a.label} -> {b.label}")
        if a.definition != b.definition:
            changes.redefined.append(f"{curie} {b.label}")
        if (a.parents, a.part_of) != (b.parents, b.part_of):
            old_up = ", ".join([*a.parents, *(f"part_of {p}" for p in a.part_of)]) or "(none)"
            new_up = ", ".join([*b.parents, *(f"part_of {p}" for p in b.part_of)]) or "(none)"
            changes.moved.append(f"{curie} {b.label}: {old_up} -> {new_up}")
    return changes
