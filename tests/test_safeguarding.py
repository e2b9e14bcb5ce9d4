"""The safeguarding fast path: `visits urgent` finds concerns a branch adds, for the workflow."""

from __future__ import annotations

import json

import pytest

from events import PERSON
from test_changed_since import EXISTING, clone_with_origin, commit, new_visit, read, write_visit

from conftest import run_visits

NOTES = "Said he does not want to go on."


@pytest.fixture
def work(example_repo, tmp_path):
    return clone_with_origin(example_repo, tmp_path)


def urgent(work, *extra):
    result = run_visits("urgent", "--changed-since", "origin/main", "--format", "json", *extra, root=work)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_a_new_report_with_a_concern_is_urgent(work, tmp_path, monkeypatch):
    outputs = tmp_path / "outputs"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    path = write_visit(work, new_visit(concerns=["suicidal-thoughts"], notes=NOTES))
    commit(work, "report with a concern")
    comment = tmp_path / "urgent.md"
    found = urgent(work, "--comment", str(comment))
    assert found == {
        "urgent": True,
        "visits": [{"path": path, "person": PERSON, "date": "2026-11-21", "concerns": ["suicidal-thoughts"]}],
    }
    assert outputs.read_text() == "urgent=true\ncount=1\n"
    text = comment.read_text()
    assert "@example-org/coordinators" in text and f"`{PERSON}`" in text
    assert NOTES not in text and NOTES not in json.dumps(found)


def test_a_report_without_concern_is_not_urgent(work, tmp_path, monkeypatch):
    outputs = tmp_path / "outputs"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    write_visit(work, new_visit())
    comment = tmp_path / "urgent.md"
    assert urgent(work, "--comment", str(comment)) == {"urgent": False, "visits": []}
    assert outputs.read_text() == "urgent=false\ncount=0\n"
    assert not comment.exists()


def test_only_concerns_added_by_the_change_count(work):
    data = read(work, EXISTING)
    assert data["concerns"] == ["segregation"]  # on main already: no longer news
    data["wellbeing"] = 3
    write_visit(work, data)
    commit(work, "edit a report with a concern")
    assert urgent(work)["urgent"] is False
    data["concerns"] = ["segregation", "medical-emergency"]
    write_visit(work, data)
    assert [v["concerns"] for v in urgent(work)["visits"]] == [["medical-emergency"]]


def test_text_output_by_hand_prints_no_workflow_outputs(work):
    write_visit(work, new_visit(concerns=["possible-minor"]))
    result = run_visits("urgent", "--changed-since", "origin/main", root=work)
    assert result.code == 0
    assert f"{PERSON} 2026-11-21: possible-minor" in result.out and "urgent=" not in result.out


def test_a_bad_coordinator_team_is_a_configuration_error(work):
    (work / "visits.yml").write_text('review:\n  coordinators: "@team; rm -rf /"\n')
    result = run_visits("urgent", "--changed-since", "origin/main", root=work)
    assert result.code == 2 and "review.coordinators" in result.err
