"""Every query in docs/sparql.md still gives exactly the output shown there."""

from __future__ import annotations

import re
import shlex

import pytest

from calco.named import named_queries
from calco.query import execute
from calco.results import render
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```bash\n(calco query [^\n]+)\n```\n\n```text\n(.*?)\n```", DOC, re.S)


def test_at_least_ten_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[str(i) for i in range(1, len(EXAMPLES) + 1)])
def test_documented_output_is_real(command: str, shown: str) -> None:
    words = shlex.split(command)[2:]
    shipped = named_queries()
    if words[0] in shipped:
        answer = execute(ROOT / "exports", shipped[words[0]].text, shipped[words[0]].bind(words[1:]))
    else:
        answer = execute(ROOT / "exports", words[0])
    assert render(answer, "table") == shown
