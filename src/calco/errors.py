"""Errors the toolchain reports to people.

Every error a curator can cause names where it happened (file, line, column) and what
to do, because a bare traceback from deep inside rdflib tells a curator nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One defect in a source file, addressed as ``file:line: column: message``."""

    path: Path
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        column = f" column {self.column}:" if self.column else ""
        return f"{where}:{column} {self.message}"


class CalcoError(Exception):
    """Base class: an expected failure with a message meant for a person, not a traceback."""


class SourceError(CalcoError):
    """The curated tables or header are broken; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StageError(CalcoError):
    """A pipeline stage (reason, validate, export) refused the ontology."""

    def __init__(self, stage: str, message: str) -> None:
        self.stage = stage
        self.message = message
        super().__init__(f"{stage}: {message}")

    def __reduce__(self) -> tuple[type[StageError], tuple[str, str]]:
        """Pickle by the two arguments, so a check run in a second process raises the same error here."""
        return StageError, (self.stage, self.message)


class UnusableInputError(CalcoError):
    """Input that cannot be read at all (unparseable, hostile, too large): exit code 2."""
