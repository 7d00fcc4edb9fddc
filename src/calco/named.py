"""Named queries shipped with the package (``calco query --list``), with declared parameters.

Each ``queries/NAME.rq`` starts with ``# description:`` and one ``# parameter: NAME  help`` line per
variable the caller supplies. Values are bound as ``@en`` literals through pyoxigraph's
substitutions, never spliced into the query text (hazard S7); pyoxigraph substitutes only
projected variables, so each parameter is also the query's first column.

A parameter called ``name`` names a term: the queries match it against labels and exact synonyms
ignoring case (``LCASE`` on both sides), and :func:`require_known_name` checks it first, so that a
name that matches no term is answered with the nearest labels rather than with zero rows.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from calco.errors import UnusableInputError

#: The parameter that names a term (label or exact synonym, any case).
NAME = "name"
#: Every label and exact synonym, for checking a name and suggesting near ones.
NAMES_QUERY = """SELECT DISTINCT ?text WHERE {
  { ?term rdfs:label ?text } UNION { ?term oboInOwl:hasExactSynonym ?text }
  FILTER(isIRI(?term))
}"""


@dataclass(frozen=True)
class NamedQuery:
    """A shipped query and the parameters it needs."""

    name: str
    description: str
    parameters: tuple[tuple[str, str], ...]
    text: str

    def bind(self, values: list[str]) -> dict[str, str]:
        """Pair the caller's values with the declared parameters, or say what is expected."""
        if len(values) != len(self.parameters):
            expected = " ".join(f"{name.upper()}" for name, _ in self.parameters)
            raise UnusableInputError(f"query {self.name!r} takes {len(self.parameters)} value(s): {expected}")
        return {name: value for (name, _), value in zip(self.parameters, values, strict=True)}


def named_queries() -> dict[str, NamedQuery]:
    """Every shipped query, by name."""
    queries = {}
    for resource in sorted(files("calco").joinpath("queries").iterdir(), key=lambda r: r.name):
        if not resource.name.endswith(".rq"):
            continue
        text = resource.read_text(encoding="utf-8")
        description = ""
        parameters = []
        for line in text.splitlines():
            if line.startswith("# description:"):
                description = line.split(":", 1)[1].strip()
            elif line.startswith("# parameter:"):
                name, _, help_text = line.split(":", 1)[1].strip().partition(" ")
                parameters.append((name, help_text.strip()))
        name = resource.name[: -len(".rq")]
        queries[name] = NamedQuery(name, description, tuple(parameters), text)
    return queries


def require_known_name(exports: Path, substitutions: dict[str, str]) -> None:
    """Refuse a ``name`` that is no term's label or exact synonym (any case), suggesting the nearest."""
    from calco.query import execute

    value = substitutions.get(NAME)
    if value is None:
        return
    answer = execute(exports, NAMES_QUERY, max_rows=10_000_000)
    names = sorted({row["text"]["value"] for row in answer.rows if "text" in row})
    if value.casefold() in {n.casefold() for n in names}:
        return
    by_fold = {n.casefold(): n for n in names}
    near = [by_fold[n] for n in difflib.get_close_matches(value.casefold(), list(by_fold), n=3, cutoff=0.5)]
    hint = f"; nearest: {', '.join(repr(n) for n in near)}" if near else "; try calco query search TEXT"
    raise UnusableInputError(f"no term is labelled {value!r} (labels and exact synonyms, any case){hint}")
