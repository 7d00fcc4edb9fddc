"""The competency questions return exactly the answers written from the article."""

from __future__ import annotations

import pytest

from calco.competency import Competency, answer, load_competency
from calco.query import open_store
from tests.conftest import ROOT

QUESTIONS = load_competency(ROOT / "competency")
STORE = open_store(ROOT / "exports")


def test_there_are_at_least_25_questions() -> None:
    assert len(QUESTIONS) >= 25
    assert all(q.question for q in QUESTIONS), "every .rq file states its question in a '# question:' line"


@pytest.mark.parametrize("competency", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_competency_question(competency: Competency) -> None:
    variables, rows = answer(STORE, competency)
    assert variables == competency.variables
    assert sorted(set(rows)) == sorted(set(competency.expected)), f"{competency.name}: {competency.question}"
