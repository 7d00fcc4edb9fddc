"""Read upstream release files into plain term records: OBO files with fastobo, MONDO's tables with csv.

Only the parts an import module keeps are read: label, definition (with its cross-references),
``is_a``, ``part_of``, obsoletion and its replacements. Everything here runs at refresh time and in
tests (where ``../shared/upstream`` is present), never in a build: hp.obo alone takes seconds.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import fastobo

from calco.errors import CalcoError

#: BFO's part of, the only relationship an import module keeps (anatomical part_of).
PART_OF = "BFO:0000050"
#: The identifiers.org IRI prefix MONDO's HGNC module uses as term IDs.
HGNC_IRI = "http://identifiers.org/hgnc/"

Kind = Literal["class", "property"]


@dataclass(frozen=True)
class UpstreamTerm:
    """One upstream class or object property, as the release file states it."""

    id: str
    kind: Kind
    label: str = ""
    definition: str = ""
    definition_xrefs: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    deprecated: bool = False
    replaced_by: tuple[str, ...] = ()
    consider: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceFile:
    """Where a module's content came from: the file's name, release version, date and checksum."""

    name: str
    version: str
    date: str
    sha256: str

    def describe(self) -> str:
        """One line for a module header and for messages."""
        return f"{self.name} (version {self.version}, date {self.date}, sha256 {self.sha256})"


@dataclass
class UpstreamFile:
    """The terms of one release file, by CURIE."""

    sources: tuple[SourceFile, ...]
    ontology: str
    terms: dict[str, UpstreamTerm] = field(default_factory=dict)
    #: Terms whose superclasses the file states; ``None``: every term in the file is placed.
    placed: set[str] | None = None
    #: Why a term outside ``placed`` has no superclass here (written into the module).
    unplaced_reason: str = ""


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, so a module names exactly which copy it came from."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def curie(identifier: object) -> str:
    """A fastobo identifier as a CURIE; MONDO's HGNC IRIs become ``HGNC:nnnn``."""
    text = str(identifier)
    if text.startswith(HGNC_IRI):
        return "HGNC:" + text[len(HGNC_IRI) :]
    return text


def read_obo(path: Path, version: str = "", date: str = "") -> UpstreamFile:
    """Parse an OBO release file with fastobo; ``version``/``date`` fill in what its header lacks."""
    document = _parse(path)
    data_version, header_date, ontology = "", "", ""
    for clause in document.header:
        if isinstance(clause, fastobo.header.DataVersionClause):
            data_version = str(clause.version)
        elif isinstance(clause, fastobo.header.DateClause):
            header_date = clause.date.strftime("%Y-%m-%d")
        elif isinstance(clause, fastobo.header.OntologyClause):
            ontology = str(clause.ontology)
    source = SourceFile(path.name, data_version or version or "unknown", date or header_date or _date_in(data_version) or "unknown", sha256(path))
    result = UpstreamFile((source,), ontology or path.stem)
    for frame in document:
        if isinstance(frame, fastobo.term.TermFrame):
            term = _term(frame)
        elif isinstance(frame, fastobo.typedef.TypedefFrame):
            term = _typedef(frame)
        else:
            continue
        result.terms[term.id] = term
    return result


def _parse(path: Path) -> fastobo.doc.OboDoc:
    """The file parsed by fastobo; if fastobo refuses a term's own cross-reference lines, without them.

    Real releases carry ``xref:`` values fastobo's strict grammar rejects (maxo.obo has an
    escaped colon inside an IRI). A module keeps no term xrefs, so those lines are dropped and
    the file parsed again; any other syntax error is the file's and is reported.
    """
    try:
        return fastobo.load(str(path))
    except OSError as error:
        raise CalcoError(f"{path}: cannot read: {error.strerror}") from None
    except (SyntaxError, ValueError) as first:
        text = path.read_text(encoding="utf-8")
        kept = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("xref:"))
        try:
            return fastobo.loads(kept)
        except (SyntaxError, ValueError):
            raise CalcoError(f"{path}: not a readable OBO file: {first}") from None


def _date_in(version: str) -> str:
    """The ``YYYY-MM-DD`` inside a data-version such as ``hp/releases/2025-01-16``, if any."""
    for part in version.split("/"):
        if len(part) == 10 and part[4] == "-" and part[7] == "-" and part.replace("-", "").isdigit():
            return part
    return ""


def _term(frame: fastobo.term.TermFrame) -> UpstreamTerm:
    return _collect(frame, fastobo.term, "term").record(curie(frame.id), "class")


def _typedef(frame: fastobo.typedef.TypedefFrame) -> UpstreamTerm:
    return _collect(frame, fastobo.typedef, "typedef").record(curie(frame.id), "property")


def _collect(frame: Any, clauses: Any, target: str) -> _Collected:
    """What an import module keeps of a [Term] or [Typedef] frame.

    fastobo has one set of clause classes per frame kind (``fastobo.term.IsAClause``,
    ``fastobo.typedef.IsAClause`` ...) whose referenced id sits in ``.term`` or ``.typedef``; one
    loop over both keeps the two kinds read alike.
    """
    values = _Collected()
    for clause in frame:
        if isinstance(clause, clauses.NameClause):
            values.label = str(clause.name)
        elif isinstance(clause, clauses.DefClause):
            values.definition = str(clause.definition)
            values.xrefs = [str(x.id) for x in clause.xrefs]
        elif isinstance(clause, clauses.IsAClause):
            values.parents.append(curie(getattr(clause, target)))
        elif target == "term" and isinstance(clause, fastobo.term.RelationshipClause) and str(clause.typedef) in (PART_OF, "part_of"):
            values.part_of.append(curie(clause.term))
        elif isinstance(clause, clauses.IsObsoleteClause):
            values.deprecated = bool(clause.obsolete)
        elif isinstance(clause, clauses.ReplacedByClause):
            values.replaced_by.append(curie(getattr(clause, target)))
        elif isinstance(clause, clauses.ConsiderClause):
            values.consider.append(curie(getattr(clause, target)))
    return values


@dataclass
class _Collected:
    label: str = ""
    definition: str = ""
    xrefs: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)
    deprecated: bool = False
    replaced_by: list[str] = field(default_factory=list)
    consider: list[str] = field(default_factory=list)

    def record(self, identifier: str, kind: Kind) -> UpstreamTerm:
        return UpstreamTerm(
            identifier,
            kind,
            self.label,
            self.definition,
            tuple(sorted(set(self.xrefs))),
            tuple(sorted(set(self.parents))),
            tuple(sorted(set(self.part_of))),
            self.deprecated,
            tuple(sorted(set(self.replaced_by))),
            tuple(sorted(set(self.consider))),
        )


#: The KGX predicate of a subclass edge in ``mondo-rare_edges.tsv``.
SUBCLASS_OF = "biolink:subclass_of"
MONDO_IRI = "http://purl.obolibrary.org/obo/MONDO_"


def read_mondo(edges: Path, stats: Path, version: str = "", date: str = "") -> UpstreamFile:
    """MONDO from its rare-disease edge table (``is_a``) and its class report (labels).

    The class report has no definitions and no obsoletion; the edge table holds only the rare
    subset and its ancestors. Terms in neither file are simply absent (the module says so).
    """
    labels: dict[str, str] = {}
    with stats.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        if not header or header[0] != "?cls" or "?cls_label" not in header:
            raise CalcoError(f"{stats}: not MONDO's class report (expected columns ?cls, ?cls_label)")
        column = header.index("?cls_label")
        for line, row in enumerate(reader, start=2):
            iri = row[0].strip("<>")
            if not iri.startswith(MONDO_IRI):
                continue
            label = row[column]
            if not (label.startswith('"') and label.endswith('"')):
                raise CalcoError(f"{stats}:{line}: label {label!r} is not a quoted literal")
            labels["MONDO:" + iri[len(MONDO_IRI) :]] = label[1:-1].replace('\\"', '"')
    parents: dict[str, set[str]] = {}
    with edges.open(encoding="utf-8", newline="") as handle:
        table = csv.DictReader(handle, delimiter="\t")
        if not table.fieldnames or not {"subject", "predicate", "object"} <= set(table.fieldnames):
            raise CalcoError(f"{edges}: not a KGX edge table (expected columns subject, predicate, object)")
        for edge in table:
            if edge["predicate"] == SUBCLASS_OF and edge["subject"].startswith("MONDO:") and edge["object"].startswith("MONDO:"):
                parents.setdefault(edge["subject"], set()).add(edge["object"])
                parents.setdefault(edge["object"], set())
    sources = tuple(SourceFile(p.name, version or "unknown", date or "unknown", sha256(p)) for p in (edges, stats))
    result = UpstreamFile(
        sources,
        "mondo",
        placed=set(parents),
        unplaced_reason=f"no subclass edge in {edges.name} (the rare-disease subset and its ancestors); MONDO's full release is not among the upstream files, so its superclasses are not stated here",
    )
    for identifier in sorted(labels.keys() | parents.keys()):
        result.terms[identifier] = UpstreamTerm(identifier, "class", labels.get(identifier, ""), parents=tuple(sorted(parents.get(identifier, ()))))
    return result
