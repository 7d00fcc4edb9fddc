"""``calco mint --curator NAME``: IDs from each curator's ODK ID range, never reused, never shared."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from calco.curate.idranges import IDRANGES_FILE, read_policy
from calco.errors import SourceError
from tests.conftest import ROOT, edit_table, git

TWO_CURATORS = """
Datatype: idrange:2

    Annotations: 
        allocatedto: "Alice Curator"
    
    EquivalentTo: 
        xsd:integer[>= 1000000 , <= 1999999]

Datatype: idrange:3
    Annotations: allocatedto: "Bob Curator"
    EquivalentTo: xsd:integer[> 1999999 , < 3000000]
"""


def add_ranges(project: Path, text: str = TWO_CURATORS) -> None:
    path = project / "ontology" / IDRANGES_FILE
    path.write_text(path.read_text().replace("Datatype: xsd:integer", text.strip() + "\n\nDatatype: xsd:integer"))


def test_the_committed_file_is_odk_shaped_and_parses() -> None:
    policy = read_policy(ROOT / "ontology")
    assert policy.prefix == "http://purl.obolibrary.org/obo/CALCO_" and policy.digits == 7
    assert [(r.number, r.curator, r.low, r.high) for r in policy.ranges] == [("idrange:1", "CALCO editors", 0, 999999)]


def test_mint_gives_the_next_never_used_id(project: Path, calco: Callable[..., Result]) -> None:
    assert calco("mint", "--curator", "CALCO editors", "--project", project).output.strip() == "CALCO:0000018"
    edit_table(project / "ontology" / "terms.tsv", lambda rows: rows.pop())
    assert calco("mint", "--curator", "CALCO editors", "--project", project).output.strip() == "CALCO:0000018", "an ID in the last build is never reused"
    unknown = calco("mint", "--curator", "Nobody", "--project", project)
    assert unknown.exit_code == 1 and "no ID range is allocated to 'Nobody'" in unknown.output and "'CALCO editors'" in unknown.output


def test_an_id_deleted_in_the_git_history_stays_taken(git_project: Path, calco: Callable[..., Result]) -> None:
    edit_table(git_project / "ontology" / "terms.tsv", lambda rows: rows.pop())
    (git_project / "exports" / "calco.ttl").write_text("")  # not even the last build remembers it
    git(git_project, "commit", "--quiet", "-am", "drop CALCO:0000017")
    assert calco("mint", "--curator", "CALCO editors", "--project", git_project).output.strip() == "CALCO:0000018"


def test_two_curators_minting_at_once_on_two_copies_never_collide(git_project: Path, calco: Callable[..., Result], tmp_path_factory: pytest.TempPathFactory) -> None:
    add_ranges(git_project)
    git(git_project, "commit", "--quiet", "-am", "ID ranges for Alice and Bob")
    copies = {}
    for name in ("Alice Curator", "Bob Curator"):
        copy = tmp_path_factory.mktemp("clone") / "calco"
        git(git_project.parent, "clone", "--quiet", str(git_project), str(copy))
        copies[name] = copy
    minted = {name: calco("mint", "--curator", name, "--project", copy).output.strip() for name, copy in copies.items()}
    assert minted == {"Alice Curator": "CALCO:1000000", "Bob Curator": "CALCO:2000000"}
    for name, copy in copies.items():  # each adds a term with the ID on their own branch, then mints again
        def add(rows: list[list[str]], new_id: str = minted[name]) -> None:
            row = list(rows[-1])
            row[0] = new_id
            rows.append(row)

        edit_table(copy / "ontology" / "terms.tsv", add)
        git(copy, "checkout", "--quiet", "-b", name.split()[0].lower())
        git(copy, "commit", "--quiet", "-am", f"{name} adds {minted[name]}")
    again = {name: calco("mint", "--curator", name, "--project", copy).output.strip() for name, copy in copies.items()}
    assert again == {"Alice Curator": "CALCO:1000001", "Bob Curator": "CALCO:2000001"}
    assert calco("mint", "--curator", "CALCO editors", "--project", copies["Bob Curator"]).output.strip() == "CALCO:0000018"


BROKEN = {
    "overlap": (TWO_CURATORS.replace("> 1999999", ">= 1500000"), "idrange:3 (Bob Curator, 1500000..2999999) overlaps idrange:2 (Alice Curator"),
    "no curator": (TWO_CURATORS.replace('Annotations: allocatedto: "Bob Curator"', ""), "idrange:3 has no allocatedto annotation"),
    "no range": (TWO_CURATORS.replace("EquivalentTo: xsd:integer[> 1999999 , < 3000000]", ""), "idrange:3 has no range"),
    "garbage": (TWO_CURATORS.replace("EquivalentTo: xsd:integer[> 1999999 , < 3000000]", "EquivalentTo: xsd:integer[1999999 - 3000000]"), "cannot read 'EquivalentTo: xsd:integer[1999999 - 3000000]'"),
    "empty": (TWO_CURATORS.replace("> 1999999 , < 3000000", ">= 3000000 , <= 2000000"), "the range 3000000..2000000 is empty"),
    "twice": (TWO_CURATORS.replace("idrange:3", "idrange:2"), "idrange:2 is defined twice"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_ranges_file_is_refused_with_its_line(case: str, project: Path, calco: Callable[..., Result]) -> None:
    text, message = BROKEN[case]
    add_ranges(project, text)
    with pytest.raises(SourceError) as raised:
        read_policy(project / "ontology")
    assert message in str(raised.value)
    assert f"{IDRANGES_FILE}:" in str(raised.value).split(message)[0].rsplit("\n", 1)[-1], "the problem names the file (and line)"
    result = calco("mint", "--curator", "Alice Curator", "--project", project)
    assert result.exit_code == 1 and message in result.output


def test_the_id_space_of_the_file_is_checked(project: Path) -> None:
    path = project / "ontology" / IDRANGES_FILE
    path.write_text(path.read_text().replace('"http://purl.obolibrary.org/obo/CALCO_"', '"http://purl.obolibrary.org/obo/XX_"'))
    with pytest.raises(SourceError, match="idprefix is 'http://purl.obolibrary.org/obo/XX_'"):
        read_policy(project / "ontology")
    path.unlink()
    with pytest.raises(SourceError, match="the ID-ranges file is missing"):
        read_policy(project / "ontology")
