"""One cause, one finding; every check in one run; errors first, at the offending line.

Scenarios on a copy of the example repository, as a user meets them: each is run
twice with the cache (the second run after the edit, from the memo where only
visits and expenses changed) and once without, and all must agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import init_git, run_visits

MEMO_NOTE = "changed since the last run"
ASSIGNMENT = "records/assignments/A-2026-0042.yaml"  # koen-denis's, with 20 visit reports and 10 expenses
NEW_VISIT = "records/visits/claire-simon/2026/2026-06-30-A-2025-0022.yaml"
MIXED_VISIT = """\
# yaml-language-server: $schema=../../../../schemas/visit.schema.json
schema_version: 2
id: 2026-06-30-A-2025-0022
assignment: A-2025-0022
date: 2026-06-31
start_time: "13:30"
duration_minutes: 30
language: fr
interpreter: false
mood: good
topics:
- emotional-support
wellbeing: 3
follow_up:
- kind: lawyer
  owner: griet-pauwel
  due: 2026-07-03
  status: done
  action: Call the lawyer
"""


@pytest.fixture
def repo(example_repo: Path) -> Path:
    """The example records in a Git checkout, where the cache keeps its key, with a memo left."""
    init_git(example_repo)
    assert run_visits("validate", root=example_repo).code == 0
    return example_repo


def findings(root: Path, *args: str) -> tuple[int, list[dict]]:
    result = run_visits("validate", "--format", "json", *args, root=root)
    return result.code, json.loads(result.out)["findings"]


def checked(root: Path, from_memo: bool) -> list[dict]:
    """The findings after an edit: the cached run (from the memo or not) agrees with a run from scratch."""
    first = run_visits("validate", "--format", "json", "--verbose", root=root)
    assert (MEMO_NOTE in first.err) == from_memo, first.err
    code, cached = first.code, json.loads(first.out)["findings"]
    assert (code, cached) == findings(root, "--no-cache")
    assert (code, cached) == findings(root)  # and the memo it left gives the same again
    assert code == (1 if any(found["severity"] == "error" for found in cached) else 0)
    return cached


def errors(found: list[dict]) -> list[dict]:
    return [item for item in found if item["severity"] == "error"]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_misspelt_volunteer_in_an_assignment_is_one_error_with_the_intended_id(repo):
    replace_in(repo / ASSIGNMENT, "volunteer: koen-denis\n", "volunteer: koen-deniss\n")
    found = errors(checked(repo, from_memo=False))
    assert [(item["file"], item["line"], item["code"]) for item in found] == [(ASSIGNMENT, 4, "unknown-volunteer")]
    text = run_visits("validate", root=repo).out
    assert "hint: did you mean 'koen-denis'?" in text
    assert "git mv" not in text and "path-mismatch" not in text and "expense-visit-mismatch" not in text


def test_a_new_visit_with_three_problems_reports_all_three_in_one_run(repo):
    (repo / NEW_VISIT).write_text(MIXED_VISIT, encoding="utf-8")
    found = [item for item in errors(checked(repo, from_memo=True)) if item["file"] == NEW_VISIT]
    lines = MIXED_VISIT.split("\n")
    at = {
        key: next(n for n, line in enumerate(lines, 1) if line.lstrip("- ").startswith(key + ":"))
        for key in ("date", "mood", "owner")
    }
    assert [(item["line"], item["code"]) for item in found] == [
        (at["date"], "invalid-format"),
        (at["mood"], "unknown-field"),
        (at["owner"], "unknown-volunteer"),
    ]
    assert at["owner"] == lines.index("- kind: lawyer") + 2  # the owner: line itself, not the list item
    assert "hint: did you mean 'griet-pauwels'?" in run_visits("validate", NEW_VISIT, root=repo).out


def test_rules_judge_the_sound_fields_of_a_record_with_schema_errors(repo):
    future = MIXED_VISIT.replace("date: 2026-06-31", "date: 2026-12-01").replace(
        "id: 2026-06-30-A-2025-0022", "id: 2026-12-01-A-2025-0022"
    )
    target = repo / NEW_VISIT.replace("2026-06-30", "2026-12-01")
    target.write_text(future.replace("wellbeing: 3", "wellbeing: lots"), encoding="utf-8")
    found = {item["code"] for item in checked(repo, from_memo=True) if item["file"].endswith(target.name)}
    # wellbeing and mood are wrong, yet the dates, the owner and the place are judged as in a valid visit
    assert found == {"wrong-type", "unknown-field", "unknown-volunteer", "visit-in-future", "visit-outside-assignment"}


def test_errors_come_before_warnings_in_every_format(repo):
    replace_in(repo / ASSIGNMENT, "volunteer: koen-denis\n", "volunteer: koen-deniss\n")
    code, found = findings(repo)
    assert code == 1 and {"error", "warning"} <= {item["severity"] for item in found}
    severities = [item["severity"] for item in found]
    assert severities == sorted(severities)  # "error" < "warning"
    text = run_visits("validate", root=repo).out
    assert text.index(" error ") < text.index(" warning ")
    for form, first_warning in (("github", "::warning"), ("markdown", "| warning |")):
        out = run_visits("validate", "--format", form, root=repo).out
        assert out.index("unknown-volunteer") < out.index(first_warning), form


def test_a_misspelt_volunteer_in_an_expense_is_one_error(repo):
    expense = repo / "records/expenses/koen-denis/2026/2026-07-22-koen-denis-transport.yaml"
    replace_in(expense, "volunteer: koen-denis\n", "volunteer: koen-denis2\n")
    found = errors(checked(repo, from_memo=True))
    assert [(item["code"], item["line"]) for item in found] == [("unknown-volunteer", 4)]
    assert "did you mean 'koen-denis'?" in run_visits("validate", root=repo).out


def test_an_assignment_whose_id_is_not_its_file_name_is_one_error(repo):
    """Its 20 visits name the file: no unknown-assignment for each, one path-mismatch saying both ways out."""
    replace_in(repo / ASSIGNMENT, "id: A-2026-0042\n", "id: A-2026-0402\n")
    found = errors(checked(repo, from_memo=False))
    assert [(item["file"], item["code"]) for item in found] == [(ASSIGNMENT, "path-mismatch")]
    assert "if the file name is right, set id: A-2026-0042" in run_visits("validate", root=repo).out


def test_a_visit_whose_id_is_not_its_file_name_is_one_error(repo):
    """The expense naming the visit's file is folded under the visit's path-mismatch, from the memo too."""
    visit = repo / "records/visits/koen-denis/2026/2026-07-22-A-2026-0042.yaml"
    replace_in(visit, "id: 2026-07-22-A-2026-0042\n", "id: 2026-07-22-A-2026-0024\n")
    found = errors(checked(repo, from_memo=True))
    assert [(item["file"], item["code"]) for item in found] == [(visit.relative_to(repo).as_posix(), "path-mismatch")]
    replace_in(visit, "id: 2026-07-22-A-2026-0024\n", "id: 2026-07-22-A-2026-0042\n")
    assert errors(checked(repo, from_memo=True)) == []


def test_a_misspelt_centre_does_not_make_the_assignment_wrong_too(repo):
    replace_in(repo / ASSIGNMENT, "centre: holsbeek\n", "centre: holsbek\n")
    found = errors(checked(repo, from_memo=False))
    assert [(item["code"], item["line"]) for item in found] == [("unknown-centre", 6)]
    assert "did you mean 'holsbeek'?" in run_visits("validate", root=repo).out


def test_a_misspelt_visit_in_an_expense_suggests_the_visit(repo):
    expense = repo / "records/expenses/koen-denis/2026/2026-07-22-koen-denis-transport.yaml"
    replace_in(expense, "visit: 2026-07-22-A-2026-0042\n", "visit: 2026-07-22-A-2026-0043\n")
    found = errors(checked(repo, from_memo=True))
    assert [item["code"] for item in found] == ["unknown-visit"]
    # among the volunteer's visits of that day: not '2026-01-22-A-2026-0043', as near but another day's
    assert "hint: did you mean '2026-07-22-A-2026-0042'?\n" in run_visits("validate", root=repo).out
