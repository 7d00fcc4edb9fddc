"""Read ``ontology/calco-idranges.owl``: the ODK ID-ranges file, one range of IDs per curator.

The file is the one ODK generates (``src/ontology/<id>-idranges.owl``, odkcore
``_dynamic_files.jinja2``) and Protégé users configure for new-entity IDs, in OWL Manchester syntax::

    Datatype: idrange:2
        Annotations:
            allocatedto: "Jane Curator"
        EquivalentTo:
            xsd:integer[>= 1000000 , <= 1999999]

No maintained Python library parses Manchester syntax, and this file uses one small, fixed part
of it, so it is read here line by line; every defect is reported with its line and what to do,
and ranges that overlap (two curators who could mint the same ID) are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from calco.errors import Problem, SourceError

IDRANGES_FILE = "calco-idranges.owl"
#: IAO's ID-policy annotation properties, as ODK's template declares them.
ALLOCATED_TO = "http://purl.obolibrary.org/obo/IAO_0000597"
ID_PREFIX = "http://purl.obolibrary.org/obo/IAO_0000599"
ID_DIGITS = "http://purl.obolibrary.org/obo/IAO_0000596"
IDS_FOR = "http://purl.obolibrary.org/obo/IAO_0000598"
EXPECTED_PREFIX = "http://purl.obolibrary.org/obo/CALCO_"
EXPECTED_DIGITS = 7

PREFIX = re.compile(r"^Prefix:\s*([A-Za-z_][\w.-]*)?:\s*<([^>]*)>\s*$")
DATATYPE = re.compile(r"^Datatype:\s*(\S+)\s*$")
ANNOTATION = re.compile(r"^(?:Annotations:\s*)?([A-Za-z_][\w.-]*:|'[^']*')\s*(\"(?:[^\"\\]|\\.)*\"|\d+)\s*,?\s*$")
FACET = re.compile(r"^(?:EquivalentTo:\s*)?xsd:integer\s*\[\s*(>=|>)\s*(\d+)\s*,\s*(<=|<)\s*(\d+)\s*\]\s*$")
KEYWORDS = ("Ontology:", "Annotations:", "AnnotationProperty:", "EquivalentTo:", "Datatype:", "Prefix:")


@dataclass(frozen=True)
class IdRange:
    """IDs ``low`` to ``high`` (inclusive) of one curator, from ``Datatype: idrange:NUMBER``."""

    number: str
    curator: str
    low: int
    high: int
    line: int


@dataclass(frozen=True)
class IdPolicy:
    """The whole file: the ID space it is for and every curator's ranges."""

    path: Path
    prefix: str
    digits: int
    ranges: tuple[IdRange, ...]

    def of(self, curator: str) -> tuple[IdRange, ...]:
        """The ranges allocated to ``curator`` (exact name, as in ``allocatedto``)."""
        return tuple(r for r in self.ranges if r.curator == curator)

    @property
    def curators(self) -> list[str]:
        """Every curator with a range, in file order."""
        return list(dict.fromkeys(r.curator for r in self.ranges))


def read_policy(directory: Path) -> IdPolicy:
    """Parse ``directory/calco-idranges.owl``; raise :class:`SourceError` listing every defect."""
    path = directory / IDRANGES_FILE
    if not path.is_file():
        raise SourceError([Problem(path, 0, "", "the ID-ranges file is missing; copy the ODK template (see docs/curation.md) and give each curator a range")])
    problems: list[Problem] = []
    prefixes: dict[str, str] = {}
    header: dict[str, str] = {}
    ranges: list[IdRange] = []
    current: dict[str, object] | None = None

    def close() -> None:
        if current is None or current["number"] is None:
            return
        line = int(current["line"])  # type: ignore[call-overload]
        if "curator" not in current:
            problems.append(Problem(path, line, "", f"{current['number']} has no allocatedto annotation; add: Annotations: allocatedto: \"CURATOR NAME\""))
        elif "low" not in current:
            problems.append(Problem(path, line, "", f"{current['number']} has no range; add: EquivalentTo: xsd:integer[>= FIRST , <= LAST]"))
        else:
            ranges.append(IdRange(str(current["number"]), str(current["curator"]), int(current["low"]), int(current["high"]), line))  # type: ignore[call-overload]

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("Prefix:"):
            match = PREFIX.match(text)
            if match is None:
                problems.append(Problem(path, number, "", f"cannot read this prefix declaration: {text!r}; write Prefix: name: <IRI>"))
            else:
                prefixes[match.group(1) or ""] = match.group(2)
            continue
        if text.startswith("Datatype:"):
            close()
            match = DATATYPE.match(text)
            name = match.group(1) if match else ""
            current = {"number": name if name.startswith("idrange:") else None, "line": number}
            if not match:
                problems.append(Problem(path, number, "", f"cannot read this datatype: {text!r}"))
            continue
        if text.startswith(("Ontology:", "AnnotationProperty:")):
            close()
            current = None
            continue
        if text in ("Annotations:", "EquivalentTo:"):
            continue
        facet = FACET.match(text)
        if facet is not None:
            if current is None or current["number"] is None:
                problems.append(Problem(path, number, "", "a range outside a Datatype: idrange:N block"))
                continue
            low, high = int(facet.group(2)) + (facet.group(1) == ">"), int(facet.group(4)) - (facet.group(3) == "<")
            if low > high:
                problems.append(Problem(path, number, "", f"the range {low}..{high} is empty; the first ID must not exceed the last"))
            current.update(low=low, high=high)
            continue
        annotation = ANNOTATION.match(text)
        if annotation is not None:
            prop, value = annotation.group(1), annotation.group(2)
            iri = prefixes.get(prop[:-1], "") if prop.endswith(":") else ""
            literal = value[1:-1].replace('\\"', '"') if value.startswith('"') else value
            if current is None:
                header[iri or prop] = literal
            elif iri == ALLOCATED_TO or prop == "'has ID range allocated to'":
                current["curator"] = literal
            continue
        problems.append(Problem(path, number, "", f"cannot read {text!r}; an ID range is written: Datatype: idrange:N / Annotations: allocatedto: \"NAME\" / EquivalentTo: xsd:integer[>= FIRST , <= LAST]"))
    close()
    prefix, digits = header.get(ID_PREFIX, ""), header.get(ID_DIGITS, "")
    if prefix != EXPECTED_PREFIX:
        problems.append(Problem(path, 0, "", f"the ontology annotation idprefix is {prefix!r}; it must be \"{EXPECTED_PREFIX}\""))
    if digits != str(EXPECTED_DIGITS):
        problems.append(Problem(path, 0, "", f"the ontology annotation iddigits is {digits!r}; CALCO IDs have {EXPECTED_DIGITS} digits"))
    seen: dict[str, IdRange] = {}
    for r in ranges:
        if r.number in seen:
            problems.append(Problem(path, r.line, "", f"{r.number} is defined twice (also line {seen[r.number].line}); number each range once"))
        seen[r.number] = r
        if r.high >= 10**EXPECTED_DIGITS:
            problems.append(Problem(path, r.line, "", f"{r.number} ends at {r.high}, more than {EXPECTED_DIGITS} digits"))
    ordered = sorted(ranges, key=lambda r: r.low)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.low <= a.high:
            problems.append(Problem(path, b.line, "", f"{b.number} ({b.curator}, {b.low}..{b.high}) overlaps {a.number} ({a.curator}, {a.low}..{a.high}, line {a.line}); two curators could mint the same ID"))
    if not ranges and not problems:
        problems.append(Problem(path, 0, "", "no ID range is allocated; add a Datatype: idrange:N block per curator"))
    if problems:
        raise SourceError(problems)
    return IdPolicy(path, prefix, int(digits), tuple(ranges))
