"""Competency questions: SPARQL files with the answers the article says they must return.

Each ``competency/NN-name.rq`` starts with ``# question: ...`` and has a sibling
``NN-name.tsv`` holding the expected rows (header = the query's variables, CURIEs and
labels as ``calco query`` prints them). Rows are compared as sets: order is not part of
the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from calco.query import collect, run
from calco.results import rows


@dataclass(frozen=True)
class Competency:
    """One competency question: its text, query and expected answer."""

    name: str
    question: str
    query: str
    expected: tuple[tuple[str, ...], ...]
    variables: tuple[str, ...]


def load_competency(directory: Path) -> list[Competency]:
    """Read every ``*.rq`` in ``directory`` with its expected ``*.tsv``."""
    questions = []
    for rq in sorted(directory.glob("*.rq")):
        text = rq.read_text(encoding="utf-8")
        question = next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("# question:")), "")
        lines = rq.with_suffix(".tsv").read_text(encoding="utf-8").splitlines()
        variables = tuple(lines[0].split("\t"))
        expected = tuple(tuple(line.split("\t")) for line in lines[1:] if line)
        questions.append(Competency(rq.stem, question, text, expected, variables))
    return questions


def answer(store: ox.Store, competency: Competency) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Run the question's query; return its variables and rows as strings."""
    result = run(store, competency.query)
    if isinstance(result, ox.QueryBoolean):
        return ("answer",), ((("true" if bool(result) else "false"),),)
    assert isinstance(result, ox.QuerySolutions), "competency questions are SELECT or ASK queries"
    answer_ = collect(result, max_rows=1_000_000)
    return answer_.variables, tuple(rows(answer_))
