"""One cause, one finding; every check in one run; errors first, at the offending line.

Scenarios on a copy of the example repository, as a user meets them: each is run
twice with the cache (the second run after the edit, from the memo where only
visits and expenses changed) and once without, and all must agree. The records
they edit are found in the example data at test time, so a regenerated example
keeps them meaningful.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import TODAY, init_git, run_visits

MEMO_NOTE = "changed since the last run"
VISIT_TEMPLATE = """\
# yaml-language-server: $schema=../../../../schemas/visit.schema.json
schema_version: 2
id: {id}
assignment: {assignment}
date: {date}
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
  owner: {owner}
  due: {due}
  status: done
  action: Call the lawyer
"""


def field(text: str, name: str) -> str:
    found = re.search(rf"^{name}: (.*)$", text, re.MULTILINE)
    assert found, (name, text)
    return found[1].strip()


def line_of(text: str, name: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(name + ":"))


def one_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def bumped(number: str) -> str:
    """The id with its last digit changed: one keystroke away."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@dataclass(frozen=True)
class Case:
    """An ended assignment of the example records, one of its visits and the expense naming that visit."""

    assignment: str  # path, relative to the repository
    assignment_id: str
    volunteer: str
    centre: str
    start: dt.date
    visit: str
    visit_id: str
    expense: str
    misspelt_visit: str  # one keystroke from visit_id, and from a visit of another day too
    new_visit: str  # a path where no visit report is yet

    @property
    def visits_folder(self) -> str:
        return f"records/visits/{self.volunteer}"


def find_case(root: Path) -> Case:
    """The first expense naming a visit of an ended assignment whose misspelling could also mean another day's visit."""
    visits = {path.stem: path for path in sorted((root / "records/visits").rglob("*.yaml"))}
    for expense in sorted((root / "records/expenses").rglob("*.yaml")):
        text = expense.read_text(encoding="utf-8")
        visit_id = re.search(r"^visit: (\S+)$", text, re.MULTILINE)
        if not visit_id or visit_id[1] not in visits:
            continue
        visit_id = visit_id[1]
        assignment_id = field(visits[visit_id].read_text(encoding="utf-8"), "assignment")
        assignment = root / "records/assignments" / f"{assignment_id}.yaml"
        record = assignment.read_text(encoding="utf-8")
        if "\nend_date:" not in record or field(record, "volunteer") != expense.parent.parent.name:
            continue
        misspelt = bumped(visit_id)
        if misspelt in visits or not any(
            one_apart(misspelt, other) and other[:10] != visit_id[:10] for other in visits
        ):
            continue
        start = dt.date.fromisoformat(field(record, "start_date"))
        day = next(
            start + dt.timedelta(days=n)
            for n in range(1, 400)
            if f"{start + dt.timedelta(days=n)}-{assignment_id}" not in visits
        )
        volunteer = field(record, "volunteer")
        return Case(
            assignment=assignment.relative_to(root).as_posix(),
            assignment_id=assignment_id,
            volunteer=volunteer,
            centre=field(record, "centre"),
            start=start,
            visit=visits[visit_id].relative_to(root).as_posix(),
            visit_id=visit_id,
            expense=expense.relative_to(root).as_posix(),
            misspelt_visit=misspelt,
            new_visit=f"records/visits/{volunteer}/{day.year}/{day}-{assignment_id}.yaml",
        )
    raise AssertionError("the example records have no expense naming a visit of an ended assignment")


def new_visit(case: Case, owner: str, day: str | None = None, date: str | None = None) -> tuple[str, str]:
    """A report for the case's assignment (at case.new_visit or on day), dated past its month's end unless told."""
    day = day or Path(case.new_visit).name[:10]
    text = VISIT_TEMPLATE.format(
        id=f"{day}-{case.assignment_id}",
        assignment=case.assignment_id,
        date=date or day[:8] + "32",
        owner=owner,
        due=day,
    )
    return f"{case.visits_folder}/{day[:4]}/{day}-{case.assignment_id}.yaml", text


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


@pytest.fixture
def case(repo: Path) -> Case:
    return find_case(repo)


def test_a_misspelt_volunteer_in_an_assignment_is_one_error_with_the_intended_id(repo, case):
    text = (repo / case.assignment).read_text(encoding="utf-8")
    replace_in(repo / case.assignment, f"volunteer: {case.volunteer}\n", f"volunteer: {case.volunteer}s\n")
    found = errors(checked(repo, from_memo=False))
    assert [(item["file"], item["line"], item["code"]) for item in found] == [
        (case.assignment, line_of(text, "volunteer"), "unknown-volunteer")
    ]
    text = run_visits("validate", root=repo).out
    assert f"hint: did you mean '{case.volunteer}'?" in text
    assert "git mv" not in text and "path-mismatch" not in text and "expense-visit-mismatch" not in text


def test_a_new_visit_with_three_problems_reports_all_three_in_one_run(repo, case):
    path, text = new_visit(case, owner=case.volunteer[:-1])
    (repo / path).write_text(text, encoding="utf-8")
    found = [item for item in errors(checked(repo, from_memo=True)) if item["file"] == path]
    lines = text.split("\n")
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
    assert f"hint: did you mean '{case.volunteer}'?" in run_visits("validate", path, "--lang", "en", root=repo).out


def test_rules_judge_the_sound_fields_of_a_record_with_schema_errors(repo, case):
    day = (TODAY + dt.timedelta(days=9)).isoformat()  # after today, so after the (ended) assignment too
    path, text = new_visit(case, owner=case.volunteer[:-1], day=day, date=day)
    (repo / path).write_text(text.replace("wellbeing: 3", "wellbeing: lots"), encoding="utf-8")
    found = {item["code"] for item in checked(repo, from_memo=True) if item["file"] == path}
    # wellbeing and mood are wrong, yet the dates, the owner and the place are judged as in a valid visit
    assert found == {"wrong-type", "unknown-field", "unknown-volunteer", "visit-in-future", "visit-outside-assignment"}


def test_errors_come_before_warnings_in_every_format(repo, case):
    replace_in(repo / case.assignment, f"volunteer: {case.volunteer}\n", f"volunteer: {case.volunteer}s\n")
    code, found = findings(repo)
    assert code == 1 and {"error", "warning"} <= {item["severity"] for item in found}
    severities = [item["severity"] for item in found]
    assert severities == sorted(severities)  # "error" < "warning"
    text = run_visits("validate", root=repo).out
    assert text.index(" error ") < text.index(" warning ")
    for form, first_warning in (("github", "::warning"), ("markdown", "| warning |")):
        out = run_visits("validate", "--format", form, root=repo).out
        assert out.index("unknown-volunteer") < out.index(first_warning), form


def test_a_misspelt_volunteer_in_an_expense_is_one_error(repo, case):
    expense = repo / case.expense
    line = line_of(expense.read_text(encoding="utf-8"), "volunteer")
    replace_in(expense, f"volunteer: {case.volunteer}\n", f"volunteer: {case.volunteer}2\n")
    found = errors(checked(repo, from_memo=True))
    assert [(item["file"], item["code"], item["line"]) for item in found] == [(case.expense, "unknown-volunteer", line)]
    assert f"did you mean '{case.volunteer}'?" in run_visits("validate", root=repo).out


def test_an_assignment_whose_id_is_not_its_file_name_is_one_error(repo, case):
    """Its visits name the file: no unknown-assignment for each, one path-mismatch saying both ways out."""
    assert len(list((repo / case.visits_folder).rglob(f"*-{case.assignment_id}.yaml"))) > 1
    aid = case.assignment_id
    typo = next(  # one digit changed, the last it can be, into an id no assignment has
        typo
        for at in range(len(aid) - 1, len(aid) - 5, -1)
        for typo in (aid[:at] + digit + aid[at + 1 :] for digit in "0123456789")
        if not (repo / "records/assignments" / f"{typo}.yaml").exists()
    )
    replace_in(repo / case.assignment, f"id: {case.assignment_id}\n", f"id: {typo}\n")
    found = errors(checked(repo, from_memo=False))
    assert [(item["file"], item["code"]) for item in found] == [(case.assignment, "path-mismatch")]
    assert f"if the file name is right, set id: {case.assignment_id}" in run_visits("validate", root=repo).out


def test_a_visit_whose_id_is_not_its_file_name_is_one_error(repo, case):
    """The expense naming the visit's file is folded under the visit's path-mismatch, from the memo too."""
    visit = repo / case.visit
    replace_in(visit, f"id: {case.visit_id}\n", f"id: {case.misspelt_visit}\n")
    found = errors(checked(repo, from_memo=True))
    assert [(item["file"], item["code"]) for item in found] == [(case.visit, "path-mismatch")]
    replace_in(visit, f"id: {case.misspelt_visit}\n", f"id: {case.visit_id}\n")
    assert errors(checked(repo, from_memo=True)) == []


def test_a_misspelt_centre_does_not_make_the_assignment_wrong_too(repo, case):
    text = (repo / case.assignment).read_text(encoding="utf-8")
    replace_in(repo / case.assignment, f"centre: {case.centre}\n", f"centre: {case.centre}{case.centre[-1]}\n")
    found = errors(checked(repo, from_memo=False))
    assert [(item["code"], item["line"]) for item in found] == [("unknown-centre", line_of(text, "centre"))]
    assert f"did you mean '{case.centre}'?" in run_visits("validate", root=repo).out


def test_a_misspelt_visit_in_an_expense_suggests_the_visit(repo, case):
    replace_in(repo / case.expense, f"visit: {case.visit_id}\n", f"visit: {case.misspelt_visit}\n")
    found = errors(checked(repo, from_memo=True))
    assert [item["code"] for item in found] == ["unknown-visit"]
    # among the volunteer's visits of that day: not another day's visit, though as near (find_case made sure one is)
    assert f"hint: did you mean '{case.visit_id}'?\n" in run_visits("validate", root=repo).out
