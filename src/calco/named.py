"""Named queries shipped with the package (``calco query --list``), with declared parameters.

Each ``queries/NAME.rq`` starts with ``# description:`` and one ``# parameter: NAME  help`` line per
variable the caller supplies. Values are bound as ``@en`` literals through pyoxigraph's
substitutions, never spliced into the query text (hazard S7); pyoxigraph substitutes only
projected variables, so each parameter is also the query's first column.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from calco.errors import UnusableInputError


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
