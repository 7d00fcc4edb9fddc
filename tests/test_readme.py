"""The README's promises hold: its commands are what CI runs, and its code snippets work."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def bash_blocks() -> list[str]:
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", README, re.S)]


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, re.S)


def test_readme_opens_with_build_then_test_command() -> None:
    build, test = bash_blocks()[:2]
    assert build.endswith("calco build")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert bash_blocks()[1] in ci.splitlines(), ".ci/run must run exactly the README's test command"


def test_python_snippets_run_and_print_the_ontology() -> None:
    for snippet in python_blocks():
        if "print(" not in snippet:
            completed = subprocess.run([sys.executable, "-c", snippet], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
            assert completed.returncode == 0, completed.stderr
            continue
        completed = subprocess.run([sys.executable, "-c", snippet], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
        assert completed.returncode == 0, completed.stderr
        assert "calcinosis cutis" in completed.stdout
        assert "dystrophic calcinosis cutis" in completed.stdout
