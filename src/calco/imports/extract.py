"""Extract import modules, as ODK builds them: every term CALCO uses with its whole named ancestry.

A module is a bottom-up closure: start from the terms CALCO uses (its *seeds*: ``imports.tsv``
plus the targets of ``mappings.tsv``), follow ``is_a`` (and, for anatomy, ``part_of``) upwards
inside the one release file that module comes from, and keep each reached term's label,
definition, parents and obsoletion. Nothing is added that the file does not state: a seed the
file lacks is listed as not extracted, a parent the file names but does not contain is left
out with a note, and a term the file holds without its superclasses says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from calco.errors import CalcoError
from calco.imports.upstream import PART_OF, SourceFile, UpstreamFile, UpstreamTerm
from calco.prefixes import PREFIX_MAP


@dataclass(frozen=True)
class ModuleSpec:
    """One import module: which seeds it takes, which release file it reads, what it follows."""

    name: str
    prefixes: tuple[str, ...]
    #: The ``ontology:`` of the release file it is extracted from (``mondo`` for MONDO's tables); empty: none exists.
    source: str
    title: str
    part_of: bool = False
    #: Extra seeds the module always needs (BFO part of, the property of the anatomy module's restrictions).
    always: tuple[str, ...] = ()
    #: What the module says when no release file exists (DOID).
    absent: str = ""


#: The modules, in a fixed order. ``source`` names the file by its OBO ``ontology:`` header, so a
#: refresh recognises a newer copy whatever it is called.
SPECS: tuple[ModuleSpec, ...] = (
    ModuleSpec("chebi", ("CHEBI",), "maxo", "ChEBI terms CALCO uses, with their ancestry, from the ChEBI classes merged into the MAxO release (MONDO's ChEBI import module lacks CHEBI:3311)"),
    ModuleSpec(
        "doid",
        ("DOID",),
        "",
        "DOID terms CALCO uses",
        absent="No DOID release file is among the upstream files (../shared/upstream/SOURCES.md), so no DOID term is extracted: the DOID terms CALCO uses are declared from ontology/imports.tsv alone, with their label and no ancestry.",
    ),
    ModuleSpec("hgnc", ("HGNC",), "mondo/imports/hgnc_import", "HGNC genes CALCO uses, from MONDO's ODK import module of HGNC"),
    ModuleSpec("hp", ("HP",), "hp", "HP phenotypes CALCO uses, with their ancestry up to HP:0000001"),
    ModuleSpec("maxo", ("MAXO",), "maxo", "MAxO medical actions CALCO uses, with their ancestry up to MAXO:0000001"),
    ModuleSpec("mondo", ("MONDO",), "mondo", "MONDO diseases CALCO uses, with their ancestry up to MONDO:0000001 as far as MONDO's rare-disease edge table states it"),
    ModuleSpec("obi", ("OBI",), "maxo", "OBI processes CALCO uses, with their ancestry, from the OBI classes merged into the MAxO release (MAxO obsoleted MAXO:0000129 biopsy procedure in favour of OBI:0002650)"),
    ModuleSpec("ro", ("RO",), "mondo/imports/ro_import", "RO relations CALCO uses, with their super-properties, from MONDO's ODK import module of RO", always=(PART_OF,)),
    ModuleSpec("uberon", ("UBERON",), "mondo/imports/uberon_import", "UBERON anatomy CALCO uses, with its is_a and part_of ancestry, from MONDO's ODK import module of UBERON", part_of=True),
)


def spec_named(name: str, path: Path) -> ModuleSpec:
    """The module spec called ``name`` (the module file ``path`` is named for it)."""
    for spec in SPECS:
        if spec.name == name:
            return spec
    raise CalcoError(f"{path}: no import module is called {name!r}; expected one of {', '.join(s.name + '_import.ttl' for s in SPECS)}")


def spec_for(curie: str) -> ModuleSpec | None:
    """The module a CURIE's terms belong in, by its prefix."""
    prefix = curie.split(":", 1)[0]
    return next((s for s in SPECS if prefix in s.prefixes), None)


@dataclass(frozen=True)
class Module:
    """An extracted import module: its terms, where they came from, and what it could not extract."""

    name: str
    title: str
    sources: tuple[SourceFile, ...]
    terms: tuple[UpstreamTerm, ...]
    #: Seeds not extracted, with the reason (the term is declared from imports.tsv alone).
    missing: tuple[tuple[str, str], ...] = ()
    #: Per-term notes: superclasses the file does not state, parents outside the file.
    notes: tuple[tuple[str, str], ...] = ()
    comments: tuple[str, ...] = ()

    @property
    def ontology_iri(self) -> str:
        """The module's ontology IRI, ODK style."""
        return f"http://purl.obolibrary.org/obo/calco/imports/{self.name}_import.owl"

    @property
    def file_name(self) -> str:
        """The committed file under ``ontology/imports/``."""
        return f"{self.name}_import.ttl"

    def term(self, curie: str) -> UpstreamTerm | None:
        """The module's record of ``curie``, if it holds one."""
        return self.index.get(curie)

    @property
    def index(self) -> dict[str, UpstreamTerm]:
        """Terms by CURIE."""
        return {t.id: t for t in self.terms}

    @property
    def missing_ids(self) -> dict[str, str]:
        """Seeds not extracted, by CURIE."""
        return dict(self.missing)


@dataclass
class _Walk:
    """The state of one closure: what was reached and what notes it left."""

    upstream: UpstreamFile
    follow_part_of: bool
    reached: dict[str, UpstreamTerm] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def visit(self, seeds: Iterable[str]) -> None:
        stack = list(seeds)
        while stack:
            identifier = stack.pop()
            if identifier in self.reached:
                continue
            term = self.upstream.terms[identifier]
            kept_parents = tuple(p for p in term.parents if p in self.upstream.terms and _known(p))
            kept_part_of = tuple(p for p in term.part_of if p in self.upstream.terms and _known(p)) if self.follow_part_of else ()
            named = set(term.parents) | (set(term.part_of) if self.follow_part_of else set())
            outside = sorted(p for p in named if p not in self.upstream.terms)
            foreign = sorted(p for p in named if p in self.upstream.terms and not _known(p))
            notes = []
            if outside:
                notes.append(f"{self.upstream.sources[0].name} names {', '.join(outside)} as a superclass of this term but does not contain it, so that edge is left out")
            if foreign:
                notes.append(f"upstream places this term under {', '.join(foreign)}, outside the ID spaces CALCO reuses (calco.prefixes), so the ancestry stops here")
            if not term.label:
                notes.append(f"no label for this term in {' or '.join(f.name for f in self.upstream.sources)}")
            if self.upstream.placed is not None and identifier not in self.upstream.placed:
                notes.append(f"not placed: {self.upstream.unplaced_reason}")
            if notes:
                self.notes[identifier] = "; ".join(notes)
            self.reached[identifier] = replace(term, parents=kept_parents, part_of=kept_part_of)
            stack.extend(kept_parents)
            stack.extend(kept_part_of)
            # An obsolete term's replacements, so the build can name them (with their labels).
            stack.extend(r for r in (*term.replaced_by, *term.consider) if r in self.upstream.terms)


def _known(curie: str) -> bool:
    """True for an ID space in CALCO's prefix map: the ancestry a module follows stays inside those."""
    return curie.split(":", 1)[0] in PREFIX_MAP


def extract(spec: ModuleSpec, seeds: Iterable[str], upstream: UpstreamFile | None) -> Module:
    """The module ``spec`` for ``seeds`` from ``upstream`` (``None`` for a module without a release file)."""
    wanted = sorted({*seeds, *spec.always})
    if upstream is None:
        reason = spec.absent or "its release file was not given"
        return Module(spec.name, spec.title, (), (), tuple((s, reason) for s in wanted), comments=(reason,) if spec.absent else ())
    present = [s for s in wanted if s in upstream.terms]
    missing = tuple((s, f"not in {' or '.join(f.name for f in upstream.sources)}; declared from ontology/imports.tsv alone") for s in wanted if s not in upstream.terms)
    walk = _Walk(upstream, spec.part_of)
    walk.visit(present)
    terms = tuple(sorted(walk.reached.values(), key=lambda t: t.id))
    return Module(spec.name, spec.title, upstream.sources, terms, missing, tuple(sorted(walk.notes.items())))


def seeds_by_module(used: Iterable[str]) -> dict[str, list[str]]:
    """CALCO's used CURIEs grouped by the module they belong in (prefixes without a module are dropped)."""
    grouped: dict[str, list[str]] = {s.name: [] for s in SPECS}
    for curie in used:
        spec = spec_for(curie)
        if spec is not None:
            grouped[spec.name].append(curie)
    return grouped


def extract_all(used: Iterable[str], files: Mapping[str, UpstreamFile]) -> list[Module]:
    """Every module whose release file is in ``files`` (keyed by ``ontology:`` name), plus those that have none."""
    grouped = seeds_by_module(used)
    modules = []
    for spec in SPECS:
        if spec.source and spec.source not in files:
            continue
        modules.append(extract(spec, grouped[spec.name], files.get(spec.source)))
    return modules
