"""``calco build`` end to end: real HermiT, real pyshacl, real parsers; deterministic, offline, strict."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result
from rdflib import Graph

from calco import pipeline
from calco.export import EXPORTS
from calco.load import PARTS
from calco.paths import Project
from tests.conftest import ROOT, run_calco, snapshot
from tests.same_graph import assert_same_graph

RDF_EXPORTS = {"calco.ttl": ox.RdfFormat.TURTLE, "calco.owl": ox.RdfFormat.RDF_XML, "calco.jsonld": ox.RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One real build into a fresh directory, shared by the tests that only read its output."""
    out = tmp_path_factory.mktemp("exports")
    completed = run_calco("build", "--out", out)
    assert completed.returncode == 0, completed.stderr
    return out, completed.stderr


def test_build_prints_each_stage_with_duration(built: tuple[Path, str]) -> None:
    _, log = built
    for stage in ("load", "assemble", "reason", "validate", "export"):
        assert any(line.startswith(stage) and " s " in line for line in log.splitlines()), f"no timing line for {stage}:\n{log}"


def test_long_stages_report_progress_while_running(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every export file is reported as it is done, and a stage still busy says so (here: HermiT, no cache)."""
    monkeypatch.setattr(pipeline, "HEARTBEAT_S", 0.25)
    events: list[pipeline.Event] = []
    pipeline.build(Project(project), tmp_path / "out", progress=events.append)
    assert [e.stage for e in events if e.kind == "done"] == ["load", "assemble", "validate", "reason", "export"]
    assert [e.summary for e in events if e.kind == "step" and e.stage == "export"] == [export.name for export in EXPORTS]
    assert [e.summary for e in events if e.kind == "step" and e.stage == "load"] == list(PARTS), "each source file as it is read"
    running = [e for e in events if e.kind == "running"]
    assert running and {e.stage for e in running} >= {"reason"}, "HermiT takes over a second: at least one heartbeat"
    assert all(e.summary == "still running" and e.seconds >= 0.25 for e in running)
    finished = max(i for i, e in enumerate(events) if e.stage == "reason")
    assert events[finished].kind == "done", "no heartbeat after the stage has finished"


def test_build_writes_the_release_files(built: tuple[Path, str]) -> None:
    out, _ = built
    assert {"calco.ttl", "calco.owl", "calco.jsonld", "calco.context.jsonld"} <= set(snapshot(out))


@pytest.mark.parametrize("name", sorted(RDF_EXPORTS))
def test_every_export_parses_strictly_with_pyoxigraph(built: tuple[Path, str], name: str) -> None:
    out, _ = built
    triples = list(ox.parse((out / name).read_bytes(), format=RDF_EXPORTS[name]))
    assert len(triples) > 100


def test_turtle_rdfxml_and_jsonld_are_the_same_graph(built: tuple[Path, str]) -> None:
    out, _ = built
    turtle = Graph().parse(out / "calco.ttl", format="turtle")
    rdfxml = Graph().parse(out / "calco.owl", format="xml")
    jsonld = Graph().parse(data=(out / "calco.jsonld").read_text(encoding="utf-8"), format="json-ld")
    assert_same_graph(turtle, rdfxml)
    assert_same_graph(turtle, jsonld)


def test_jsonld_context_is_local_and_inline(built: tuple[Path, str]) -> None:
    out, _ = built
    document = json.loads((out / "calco.jsonld").read_text(encoding="utf-8"))
    context = json.loads((out / "calco.context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert document["@context"] == context, "calco.jsonld must embed the context, never point at a remote one"
    assert context["label"] == {"@id": "rdfs:label", "@language": "en"}
    assert context["CALCO"] == {"@id": "http://purl.obolibrary.org/obo/CALCO_", "@prefix": True}


def test_two_builds_are_byte_identical_under_different_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        completed = run_calco("build", "--out", out, env={"PYTHONHASHSEED": seed})
        assert completed.returncode == 0, completed.stderr
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1]


def test_build_succeeds_with_all_network_access_blocked(tmp_path: Path) -> None:
    """An audit hook in every Python process of the build (sitecustomize) refuses any socket use."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    log = tmp_path / "network-attempts.log"
    (hooks / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""
            import sys

            BLOCKED = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request", "http.client.connect")

            def refuse(event, args):
                if event in BLOCKED:
                    with open({str(log)!r}, "a") as handle:
                        handle.write(f"{{event}} {{args!r}}\\n")
                    raise PermissionError(f"network access blocked by test: {{event}}")

            sys.addaudithook(refuse)
            """
        )
    )
    completed = run_calco("build", "--out", tmp_path / "out", env={"PYTHONPATH": f"{hooks}:{ROOT / 'src'}"})
    assert completed.returncode == 0, completed.stderr
    assert not log.exists(), log.read_text()


def test_committed_exports_are_current(tmp_path: Path) -> None:
    """Fails when exports/ is stale against ontology/: the fix is to run `calco build` and commit."""
    completed = run_calco("build", "--out", tmp_path)
    assert completed.returncode == 0, completed.stderr
    fresh, committed = snapshot(tmp_path), snapshot(ROOT / "exports")
    stale = sorted(name for name in fresh if committed.get(name) != fresh[name])
    assert not stale, f"exports/ is stale ({', '.join(stale)}): run calco build and commit exports/"


def test_build_only_rewrites_changed_files(project: Path, calco: Callable[..., Result]) -> None:
    result = calco("build", "--project", project)
    assert result.exit_code == 0, result.output
    assert "wrote" not in result.output, "a build of unchanged source must not rewrite committed exports"


def test_exports_are_readable_by_everyone(built: tuple[Path, str]) -> None:
    """Release files are published: not the 0600 a temporary file is created with."""
    out, _ = built
    for path in out.iterdir():
        assert path.stat().st_mode & 0o044 == 0o044, f"{path.name} is not group/other readable"
