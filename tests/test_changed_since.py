"""`visits validate --changed-since REF` on real git repositories: an origin, a clone, a branch."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from events import ASSIGNMENT, EXISTING_VISIT, PERSON, VISITOR, add_test_records
from visits import engine
from visits.config import load_config
from visits.engine.changes import affected
from visits.engine.incremental import remember
from visits.gitdiff import Changes, changed_since
from visits.yamlstrict import load_bytes
from visits.yamlwrite import dump, replace, schema_comment

from conftest import git, init_git, run_visits

EXISTING = EXISTING_VISIT


def clone_with_origin(repo: Path, tmp_path: Path) -> Path:
    """The example repository (plus the test slice) pushed to a bare origin and cloned."""
    init_git(add_test_records(repo))
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(origin))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "config", "user.name", "Visitor")
    git(work, "config", "user.email", "visitor@example.invalid")
    git(work, "switch", "-q", "-c", "report")
    return work


def read(root: Path, path: str) -> dict:
    return load_bytes((root / path).read_bytes(), path).data


def write_visit(root: Path, data: dict, owner: str = VISITOR) -> str:
    path = f"records/visits/{owner}/{data['date'][:4]}/{data['id']}.yaml"
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    replace(root / path, dump(data, schema_comment(path, "schemas/visit.schema.json")))
    return path


def new_visit(**fields) -> dict:
    data = {
        "schema_version": 2,
        "id": f"2026-11-21-{ASSIGNMENT}",
        "assignment": ASSIGNMENT,
        "date": "2026-11-21",
        "start_time": "14:00",
        "duration_minutes": 45,
        "language": "fr",
        "interpreter": False,
        "topics": ["emotional-support"],
        "wellbeing": 3,
    }
    return {**data, **fields}


def commit(work: Path, message: str) -> None:
    git(work, "add", "-A")
    git(work, "commit", "-qm", message)


def findings(work: Path, *extra: str) -> tuple[int, list[dict]]:
    result = run_visits("validate", "--changed-since", "origin/main", "--format", "json", *extra, root=work)
    assert "Traceback" not in result.err
    return result.code, json.loads(result.out)["findings"]


@pytest.fixture
def work(example_repo, tmp_path):
    return clone_with_origin(example_repo, tmp_path)


def test_a_clean_branch_passes_and_reports_nothing(work):
    code, found = findings(work)
    assert code == 0 and found == []


def test_a_new_report_is_judged_against_all_records(work):
    path = write_visit(work, new_visit(duration_minutes=200))
    commit(work, "new report")
    code, found = findings(work)
    assert code == 1
    assert {f["code"] for f in found} == {"visit-too-long"}  # the centre's limit lives in another file
    assert {f["file"] for f in found} == {path}


def test_findings_in_files_outside_the_change_are_not_reported(work):
    visits = sorted((work / "records/visits").rglob("*.yaml"))  # not the visitor's, not on the new day
    other = next(
        path.relative_to(work).as_posix()
        for path in visits
        if VISITOR not in path.parts and "2026-11-21" not in path.name
    )
    replace(work / other, (work / other).read_text().replace("wellbeing: ", "wellbeing: 9"))
    commit(work, "break a report on main")
    git(work, "push", "-q", "origin", "HEAD:main")  # main itself now has an error
    git(work, "fetch", "-q")
    write_visit(work, new_visit())
    commit(work, "a correct new report")
    code, found = findings(work)
    assert (code, found) == (0, [])
    assert run_visits("validate", root=work).code == 1  # the full run still sees it


def test_a_change_to_an_existing_report_is_reported(work):
    data = read(work, EXISTING)
    data["start_time"] = "9.30"
    write_visit(work, data)
    commit(work, "edit report")
    code, found = findings(work)
    assert code == 1
    # the report no longer counts for its assignment, which is now overdue: the change caused that too
    assert {(f["file"], f["code"]) for f in found} == {
        (EXISTING, "invalid-format"),
        (f"records/assignments/{ASSIGNMENT}.yaml", "report-overdue"),
    }


def test_uncommitted_and_untracked_changes_count(work):
    untracked = write_visit(work, new_visit(topics=[]))  # never added to git
    code, found = findings(work)
    assert code == 1 and {f["file"] for f in found} == {untracked}
    assert {f["code"] for f in found} == {"out-of-range"}  # at least one topic


def test_a_deleted_assignment_reports_the_visits_that_refer_to_it(work):
    git(work, "rm", "-q", f"records/assignments/{ASSIGNMENT}.yaml")
    commit(work, "delete an assignment")
    code, found = findings(work)
    assert code == 1
    errors = [(f["file"], f["code"]) for f in found if f["severity"] == "error"]
    assert errors == [(EXISTING, "unknown-assignment")]


def test_an_overlap_reported_on_the_older_report_is_shown(work):
    earlier = new_visit(id=f"2026-11-16-{ASSIGNMENT}-2", date="2026-11-16", start_time="13:00")
    write_visit(work, earlier)
    commit(work, "second visit the same day")
    code, found = findings(work)
    assert code == 1
    # the sweep reports the later of two overlapping visits: the unchanged one
    assert ("visit-overlap", EXISTING) in {(f["code"], f["file"]) for f in found}


def test_summary_is_appended_in_the_same_run(work, tmp_path):
    write_visit(work, new_visit(duration_minutes=200))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    result = run_visits(
        "validate", "--changed-since", "origin/main", "--format", "github", "--summary", str(summary), root=work
    )
    assert result.code == 1
    assert result.out.startswith(f"::error file=records/visits/{VISITOR}/")
    text = summary.read_text()
    assert text.startswith("earlier step\n## Record check") and "`visit-too-long`" in text


def test_schema_changes_put_every_record_in_question(work):
    corpus = engine.records(work, load_config(work))
    changes = Changes("x", frozenset({"schemas/visit.schema.json"}), frozenset())
    memo = remember(corpus, [], 0)  # the ties of every record, as a run leaves them
    assert affected(work, memo, changes, corpus) is None
    only_records = Changes("x", frozenset({"records/centres/holsbeek.yaml"}), frozenset())
    reached = affected(work, memo, only_records, corpus)
    assert "records/centres/holsbeek.yaml" in reached
    assert f"records/assignments/{ASSIGNMENT}.yaml" in reached  # refers to the centre


def test_changed_since_lists_modified_deleted_and_untracked(work):
    (work / "notes.txt").write_text("scratch\n")
    git(work, "rm", "-q", f"records/people/{PERSON}.yaml")
    replace(work / EXISTING, (work / EXISTING).read_text() + "# edited\n")
    changes = changed_since(work, "origin/main")
    assert changes.changed == {EXISTING, "notes.txt"}
    assert changes.deleted == {f"records/people/{PERSON}.yaml"}
    assert changes.base == git(work, "rev-parse", "origin/main").strip()


@pytest.mark.parametrize("ref", ["origin/no-such-branch", "--output=/tmp/x"])
def test_an_unknown_ref_is_a_usage_error(work, ref):
    result = run_visits("validate", f"--changed-since={ref}", root=work)
    assert result.code == 2 and "Traceback" not in result.err
    assert ref in result.err


def test_outside_a_git_repository_is_a_usage_error(example_repo):
    result = run_visits("validate", "--changed-since", "main", root=example_repo)
    assert result.code == 2 and "cannot compare" in result.err


def test_paths_and_changed_since_together_are_refused(work):
    result = run_visits("validate", EXISTING, "--changed-since", "origin/main", root=work)
    assert result.code == 2


def test_the_pre_commit_hook_runs_on_the_staged_record_files(work):
    path = write_visit(work, new_visit(language="French"))
    git(work, "add", path)
    staged = git(work, "diff", "--cached", "--name-only").split()
    done = subprocess.run(
        ["visits", "validate", *staged, "--today", "2026-11-22"], cwd=work, capture_output=True, text=True, check=False
    )  # as pre-commit calls it
    assert done.returncode == 1 and "invalid-format" in done.stdout
    assert "Traceback" not in done.stderr


def all_findings(work: Path) -> set[tuple]:
    result = run_visits("validate", "--no-cache", "--format", "json", root=work)
    return {(f["file"], f["code"], f["message"]) for f in json.loads(result.out)["findings"]}


def expense_for(work: Path, visit: dict, **fields) -> str:
    data = {
        "schema_version": 1,
        "id": f"{visit['date']}-{VISITOR}-transport",
        "volunteer": VISITOR,
        "date": visit["date"],
        "kind": "transport",
        "km": 20,
        "visit": visit["id"],
        "status": "submitted",
    }
    path = f"records/expenses/{VISITOR}/{visit['date'][:4]}/{data['id']}.yaml"
    (work / path).parent.mkdir(parents=True, exist_ok=True)
    (work / path).write_text(dump({**data, **fields}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "scenario", ["overlap-on-older-report", "deleted-visit-of-an-expense", "report-moved-onto-a-busy-day"]
)
def test_the_memo_run_reports_every_finding_the_change_caused(work, scenario):
    existing = read(work, EXISTING)
    if scenario == "deleted-visit-of-an-expense":
        expense_for(work, existing)
        commit(work, "an expense for the existing visit")
        git(work, "push", "-q", "origin", "HEAD:main")
        git(work, "fetch", "-q")
    before = all_findings(work)
    if scenario == "overlap-on-older-report":
        write_visit(work, new_visit(id=f"2026-11-16-{ASSIGNMENT}-2", date="2026-11-16", start_time="13:00"))
    elif scenario == "deleted-visit-of-an-expense":
        git(work, "rm", "-q", EXISTING)
    else:
        write_visit(work, new_visit(start_time=existing["start_time"]))
        commit(work, "a report on the 21st")
        git(work, "push", "-q", "origin", "HEAD:main")
        git(work, "fetch", "-q")
        before = all_findings(work)
        moved = read(work, f"records/visits/{VISITOR}/2026/2026-11-21-{ASSIGNMENT}.yaml")
        git(work, "rm", "-q", f"records/visits/{VISITOR}/2026/2026-11-21-{ASSIGNMENT}.yaml")
        write_visit(work, {**moved, "id": f"2026-11-16-{ASSIGNMENT}-2", "date": "2026-11-16"})
    commit(work, scenario)
    caused = all_findings(work) - before
    assert caused  # the scenario does cause findings
    findings(work)  # a full run, which leaves the memo
    result = run_visits("validate", "--changed-since", "origin/main", "--format", "json", "--verbose", root=work)
    assert "changed since the last run" in result.err  # this run took its findings from the memo
    reported = {(f["file"], f["code"], f["message"]) for f in json.loads(result.out)["findings"]}
    assert caused <= reported
