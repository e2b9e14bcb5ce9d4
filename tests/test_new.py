"""visits new: a pre-filled record at the right path, valid, linked to its schema, never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_repository, run_visits
from visits.yamlstrict import load_bytes

# kind, options, the path the record must get (today is 2026-11-22)
CASES = [
    ("visit", ["--assignment", "A-2026-0002"],
     "records/visits/leen-lambert/2026/2026-11-22-A-2026-0002.yaml"),
    ("person", ["--centre", "vottem", "--set", "detention_start=2026-11-18"],
     "records/people/P-2026-0070.yaml"),
    ("assignment", ["--person", "P-2026-0002", "--volunteer", "koen-jacobs"],
     "records/assignments/A-2026-0070.yaml"),
    ("expense", ["--volunteer", "koen-jacobs", "--date", "2026-10-31"],
     "records/expenses/koen-jacobs/2026/2026-10-31-koen-jacobs-transport.yaml"),
    ("meeting", ["--set", "kind=encounter", "--set", "attendees=leen-lambert,koen-jacobs"],
     "records/meetings/2026/2026-11-22-encounter.yaml"),
]


NUMBERED = {"person", "assignment"}


def all_files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in (root / "records").rglob("*")
            if path.is_file()}


@pytest.mark.parametrize("kind, options, expected", CASES, ids=[case[0] for case in CASES])
def test_new_record_lands_validates_and_is_never_overwritten(example_repo, kind, options, expected):
    before = all_files(example_repo)
    first = run_visits("new", kind, *options, root=example_repo)
    assert (first.code, first.out, first.err) == (0, f"wrote {expected}\n", "")
    added = set(all_files(example_repo)) - set(before)
    assert added == {expected}

    target = example_repo / expected
    header = target.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert header.startswith(prefix)
    schema = (target.parent / header[len(prefix):]).resolve()
    assert schema == (example_repo / "schemas" / f"{kind}.schema.json").resolve()
    assert schema.is_file()

    checked = run_visits("validate", "--format", "json", root=example_repo)
    assert checked.code == 0, checked.out
    errors = [f for f in json.loads(checked.out)["findings"] if f["severity"] == "error"]
    assert errors == []

    written = target.read_bytes()
    # people and assignments are numbered: the same options again give the next number,
    # so the second run names the first record's id to aim at the same file
    again = ["--set", f"id={target.stem}"] if kind in NUMBERED else []
    second = run_visits("new", kind, *options, *again, root=example_repo)
    assert second.code == 1
    assert "already exists" in second.err and expected in second.err
    assert target.read_bytes() == written
    assert set(all_files(example_repo)) == set(before) | {expected}


def test_numbered_records_take_the_next_free_number(example_repo):
    paths = [run_visits("new", "person", "--centre", "bruges", root=example_repo).out for _ in range(2)]
    assert paths == ["wrote records/people/P-2026-0070.yaml\n", "wrote records/people/P-2026-0071.yaml\n"]


def test_prefill_follows_the_existing_records(example_repo):
    run_visits("new", "expense", "--volunteer", "koen-jacobs", "--date", "2026-10-31", root=example_repo)
    expense = load_bytes((example_repo / CASES[3][2]).read_bytes(), "expense").data
    previous = load_bytes((example_repo / "records/expenses/koen-jacobs/2026/2026-10-24-koen-jacobs-transport.yaml")
                          .read_bytes(), "previous").data
    assert expense["km"] == previous["km"]  # the same trip as last time
    assert expense["visit"] == "2026-10-31-A-2026-0041"  # that day's visit report
    run_visits("new", "assignment", "--person", "P-2026-0002", "--volunteer", "koen-jacobs", root=example_repo)
    assignment = load_bytes((example_repo / CASES[2][2]).read_bytes(), "assignment").data
    assert assignment["centre"] == "caricole"  # where the person is held


def test_set_gives_typed_values_and_lists(example_repo):
    result = run_visits("new", "visit", "--assignment", "A-2026-0002", "--date", "2026-11-20",
                        "--set", "topics=health", "--set", "wellbeing=4", "--set", "interpreter=true",
                        "--set", "start_time=09:30", root=example_repo)
    assert result.code == 0, result.out
    record = load_bytes((example_repo / "records/visits/leen-lambert/2026/2026-11-20-A-2026-0002.yaml")
                        .read_bytes(), "visit").data
    assert (record["topics"], record["wellbeing"], record["interpreter"], record["start_time"]) == \
        (["health"], 4, True, "09:30")


def test_new_record_with_problems_is_written_and_its_findings_shown(example_repo):
    result = run_visits("new", "visit", "--assignment", "A-2026-0002", "--date", "2026-11-01", root=example_repo)
    assert result.code == 1
    assert result.out.startswith("wrote records/visits/leen-lambert/2026/2026-11-01-A-2026-0002.yaml\n")
    assert " error visit-outside-assignment: " in result.out


@pytest.fixture(scope="module")
def untouched_repo(tmp_path_factory) -> Path:
    # shared: every test using it checks that nothing at all was written
    return copy_repository(tmp_path_factory.mktemp("new") / "repo")


@pytest.mark.parametrize("options, message", [
    (["visit", "--assignment", "A-2026-9999"], "no assignment with id 'A-2026-9999'"),
    (["visit"], "give --assignment"),
    (["assignment", "--person", "P-2026-0001", "--volunteer", "nobody-known"], "no volunteer with id 'nobody-known'"),
    (["visit", "--assignment", "A-2026-0002", "--date", "2026-02-30"], "is not a date"),
    (["meeting", "--set", "kind"], "--set expects FIELD=VALUE"),
])
def test_impossible_request_exits_2_and_writes_nothing(untouched_repo, options, message):
    before = all_files(untouched_repo)
    result = run_visits("new", *options, root=untouched_repo)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("visits new: ") and message in result.err
    assert "Traceback" not in result.err
    assert all_files(untouched_repo) == before
    assert not list(untouched_repo.rglob(".tmp-*"))
