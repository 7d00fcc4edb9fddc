"""``calco diff OLD NEW``: what changed between two releases, in the words curators use.

OLD and NEW are release files (``calco.ttl``, ``calco.owl``, ``calco.jsonld``) or git revisions,
whose ``exports/calco.ttl`` is read. Reported per term: added, removed, obsoleted, relabelled,
redefined, moved (parents changed); and relations added or removed, each with its evidence.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from calco.errors import CalcoError
from calco.export.termview import AssertionView, assertion_views, term_views
from calco.prefixes import compress
from calco.validate.ingest import parse_untrusted, read_untrusted


@dataclass
class ReleaseDiff:
    """Term-level and relation-level changes from OLD to NEW."""

    old: str
    new: str
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    obsoleted: list[dict[str, str]] = field(default_factory=list)
    relabelled: list[dict[str, str]] = field(default_factory=list)
    redefined: list[dict[str, str]] = field(default_factory=list)
    moved: list[dict[str, object]] = field(default_factory=list)
    relations_added: list[dict[str, object]] = field(default_factory=list)
    relations_removed: list[dict[str, object]] = field(default_factory=list)
    #: Same subject, relation and objects, but a different qualifier, note or sources.
    relations_changed: list[dict[str, object]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing a curator cares about changed."""
        return not any(getattr(self, name) for name in ("added", "removed", "obsoleted", "relabelled", "redefined", "moved", "relations_added", "relations_removed", "relations_changed"))


def load_release(spec: str, repository: Path) -> Graph:
    """A release graph from a file path or from ``exports/calco.ttl`` at a git revision."""
    path = Path(spec)
    if path.is_file():
        return read_untrusted(path)
    try:
        data = subprocess.run(["git", "show", f"{spec}:exports/calco.ttl"], cwd=repository, capture_output=True, check=True).stdout
    except subprocess.CalledProcessError as error:
        raise CalcoError(f"{spec!r} is neither a release file nor a git revision with exports/calco.ttl ({error.stderr.decode(errors='replace').strip()})") from None
    return parse_untrusted(data, ox.RdfFormat.TURTLE, f"{spec}:exports/calco.ttl")


def diff_releases(old: Graph, new: Graph, old_name: str = "old", new_name: str = "new") -> ReleaseDiff:
    """Compare two release graphs term by term."""
    before = {v.curie: v for v in term_views(old)}
    after = {v.curie: v for v in term_views(new)}
    result = ReleaseDiff(old_name, new_name)
    for curie in sorted(after.keys() - before.keys()):
        result.added.append({"id": curie, "label": after[curie].label})
    for curie in sorted(before.keys() - after.keys()):
        result.removed.append({"id": curie, "label": before[curie].label})
    for curie in sorted(before.keys() & after.keys()):
        a, b = before[curie], after[curie]
        if b.deprecated and not a.deprecated:
            result.obsoleted.append({"id": curie, "label": a.label, "replaced_by": compress(str(b.replaced_by)) if b.replaced_by else ""})
            continue
        if a.label != b.label:
            result.relabelled.append({"id": curie, "old": a.label, "new": b.label})
        if a.definition != b.definition:
            result.redefined.append({"id": curie, "label": b.label, "old": a.definition, "new": b.definition})
        if a.parents != b.parents:
            result.moved.append({"id": curie, "label": b.label, "old": [compress(str(p)) for p in a.parents], "new": [compress(str(p)) for p in b.parents]})
    old_assertions, new_assertions = _keyed(assertion_views(old)), _keyed(assertion_views(new))
    for key in sorted(new_assertions.keys() - old_assertions.keys()):
        result.relations_added.append(asdict(new_assertions[key]))
    for key in sorted(old_assertions.keys() - new_assertions.keys()):
        result.relations_removed.append(asdict(old_assertions[key]))
    for key in sorted(old_assertions.keys() & new_assertions.keys()):
        was, now = old_assertions[key], new_assertions[key]
        if (was.qualifier, was.note, was.sources) != (now.qualifier, now.note, now.sources):
            result.relations_changed.append({**asdict(now), "old": asdict(was)})
    return result


def _keyed(views: list[AssertionView]) -> dict[tuple[str, str, tuple[str, ...]], AssertionView]:
    return {(v.subject, v.relation, v.objects): v for v in views}


def to_json(diff: ReleaseDiff) -> str:
    """The diff as JSON (one key per kind of change)."""
    return json.dumps(asdict(diff), indent=2, ensure_ascii=False)


def to_markdown(diff: ReleaseDiff) -> str:
    """The diff as Markdown, one section per kind of change that occurred."""
    lines = [f"Changes from `{diff.old}` to `{diff.new}`.", ""]
    if diff.empty:
        return "\n".join(lines + ["No term or relation changed.", ""])

    def section(title: str, entries: list[str]) -> None:
        if entries:
            lines.extend([f"### {title} ({len(entries)})", "", *entries, ""])

    section("Added terms", [f"- {t['id']} {t['label']}" for t in diff.added])
    section("Removed terms", [f"- {t['id']} {t['label']}" for t in diff.removed])
    section("Obsoleted terms", [f"- {t['id']} {t['label']}" + (f", replaced by {t['replaced_by']}" if t["replaced_by"] else "") for t in diff.obsoleted])
    section("Relabelled terms", [f"- {t['id']}: {t['old']} → {t['new']}" for t in diff.relabelled])
    section("Redefined terms", [f"- {t['id']} {t['label']}: {t['new']}" for t in diff.redefined])
    section("Moved terms", [f"- {t['id']} {t['label']}: {', '.join(t['old'])} → {', '.join(t['new'])}" for t in diff.moved])  # type: ignore[arg-type]
    section("Relations added", [_relation_line(r) for r in diff.relations_added])
    section("Relations removed", [_relation_line(r) for r in diff.relations_removed])
    section("Relations changed (qualifier or evidence)", [f"{_relation_line(r)}; was{_evidence(r['old'])}" for r in diff.relations_changed])  # type: ignore[arg-type]
    return "\n".join(lines)


def _relation_line(row: dict[str, object]) -> str:
    objects = " or ".join(row["objects"])  # type: ignore[arg-type]
    return f"- {row['subject']} {row['relation']} {objects}{_evidence(row)}"


def _evidence(row: dict[str, object]) -> str:
    """`` (qualifier) — note [sources]``: what a relation says beyond its subject, relation and objects."""
    qualifier = f" ({row['qualifier']})" if row["qualifier"] else ""
    return f"{qualifier} — {row['note']} [{', '.join(row['sources'])}]"  # type: ignore[arg-type]
