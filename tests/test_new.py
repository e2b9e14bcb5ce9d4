"""visits new: a pre-filled record at the right path, valid, linked to its schema, never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from visits import engine
from visits.config import DEFAULTS
from visits.yamlstrict import load_bytes

from conftest import REPO, copy_repository, run_visits


def _example_facts() -> dict:
    """Ids and dates the tests need, read from the example records rather than hard-coded."""
    corpus = engine.records(REPO, DEFAULTS)
    visits = corpus.of("visit")
    owner = {a.id: a.data["volunteer"] for a in corpus.of("assignment")}
    ongoing = next(a for a in corpus.of("assignment") if "end_date" not in a.data)
    ended = next(
        a
        for a in corpus.of("assignment")
        if a.data.get("end_date", "9999") < "2026-11-01" and a.data["start_date"] >= "2026-01-01"
    )

    def next_number(kind, prefix):
        return max(int(r.id[len(prefix) :]) for r in corpus.of(kind) if r.id.startswith(prefix)) + 1

    transport = [e for e in corpus.of("expense") if e.data["kind"] == "transport" and "km" in e.data]
    dated = {(e.data["volunteer"], e.data["date"]) for e in corpus.of("expense") if e.data["kind"] == "transport"}
    # a day with one visit and no transport expense yet: `new expense` links that visit
    visit = next(
        v
        for v in reversed(visits)
        if (owner[v.data["assignment"]], v.data["date"]) not in dated
        and any(e.data["volunteer"] == owner[v.data["assignment"]] for e in transport)
    )
    spender = owner[visit.data["assignment"]]
    last_trip = max((e for e in transport if e.data["volunteer"] == spender), key=lambda e: (e.data["date"], e.id))
    person = corpus.get("person", corpus.of("assignment")[0].data["person"])
    volunteers = [v.id for v in corpus.of("volunteer")]
    return {
        "ongoing": ongoing,
        "ended": ended,
        "person": person,
        "volunteers": volunteers,
        "next_person": next_number("person", "P-2026-"),
        "next_assignment": next_number("assignment", "A-2026-"),
        "visit_day": visit.data["date"],
        "visit_id": visit.id,
        "spender": spender,
        "last_km": last_trip.data["km"],
    }


FACTS = _example_facts()
ONGOING, SPENDER = FACTS["ongoing"], FACTS["spender"]
# kind, options, the path the record must get (today is 2026-11-22)
CASES = [
    (
        "visit",
        ["--assignment", ONGOING.id],
        f"records/visits/{ONGOING.data['volunteer']}/2026/2026-11-22-{ONGOING.id}.yaml",
    ),
    (
        "person",
        ["--centre", "vottem", "--set", "detention_start=2026-11-18"],
        f"records/people/P-2026-{FACTS['next_person']:04d}.yaml",
    ),
    (
        "assignment",
        ["--person", FACTS["person"].id, "--volunteer", FACTS["volunteers"][0]],
        f"records/assignments/A-2026-{FACTS['next_assignment']:04d}.yaml",
    ),
    (
        "expense",
        ["--volunteer", SPENDER, "--date", FACTS["visit_day"]],
        f"records/expenses/{SPENDER}/{FACTS['visit_day'][:4]}/{FACTS['visit_day']}-{SPENDER}-transport.yaml",
    ),
    (
        "meeting",
        ["--set", "kind=encounter", "--set", f"attendees={','.join(FACTS['volunteers'][:2])}"],
        "records/meetings/2026/2026-11-22-encounter.yaml",
    ),
]


NUMBERED = {"person", "assignment"}


def all_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in (root / "records").rglob("*") if path.is_file()
    }


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
    schema = (target.parent / header[len(prefix) :]).resolve()
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
    number = FACTS["next_person"]
    assert paths == [
        f"wrote records/people/P-2026-{number:04d}.yaml\n",
        f"wrote records/people/P-2026-{number + 1:04d}.yaml\n",
    ]


def test_prefill_follows_the_existing_records(example_repo):
    run_visits("new", "expense", "--volunteer", SPENDER, "--date", FACTS["visit_day"], root=example_repo)
    expense = load_bytes((example_repo / CASES[3][2]).read_bytes(), "expense").data
    assert expense["km"] == FACTS["last_km"]  # the same trip as last time
    assert expense["visit"] == FACTS["visit_id"]  # that day's visit report
    run_visits("new", "assignment", *CASES[2][1], root=example_repo)
    assignment = load_bytes((example_repo / CASES[2][2]).read_bytes(), "assignment").data
    assert assignment["centre"] == FACTS["person"].data["centre"]  # where the person is held


def test_set_gives_typed_values_and_lists(example_repo):
    result = run_visits(
        "new",
        "visit",
        "--assignment",
        ONGOING.id,
        "--date",
        "2026-11-22",
        "--set",
        "topics=health",
        "--set",
        "wellbeing=4",
        "--set",
        "interpreter=true",
        "--set",
        "start_time=09:30",
        root=example_repo,
    )
    assert result.code == 0, result.out
    record = load_bytes((example_repo / CASES[0][2]).read_bytes(), "visit").data
    assert (record["topics"], record["wellbeing"], record["interpreter"], record["start_time"]) == (
        ["health"],
        4,
        True,
        "09:30",
    )


def test_new_record_with_errors_is_not_kept_so_the_corrected_command_can_run(example_repo):
    ended = FACTS["ended"]
    path = f"records/visits/{ended.data['volunteer']}/2026/2026-11-01-{ended.id}.yaml"
    before = all_files(example_repo)
    result = run_visits("new", "visit", "--assignment", ended.id, "--date", "2026-11-01", root=example_repo)
    assert result.code == 1
    assert " error visit-outside-assignment: " in result.out
    assert result.err == f"visits new: {path} was not written; correct the options above and run again\n"
    assert all_files(example_repo) == before
    retried = run_visits("new", "visit", "--assignment", ended.id, "--date", "2026-11-01", root=example_repo)
    assert "already exists" not in retried.err


def test_unknown_field_is_refused_without_a_file_left(example_repo):
    before = all_files(example_repo)
    result = run_visits(
        "new", "visit", "--assignment", ONGOING.id, "--date", "2026-11-22", "--set", "mood=good", root=example_repo
    )
    assert result.code == 1
    assert " error unknown-field: " in result.out
    assert all_files(example_repo) == before


@pytest.fixture(scope="module")
def untouched_repo(tmp_path_factory) -> Path:
    # shared: every test using it checks that nothing at all was written
    return copy_repository(tmp_path_factory.mktemp("new") / "repo")


@pytest.mark.parametrize(
    "options, message",
    [
        (["visit", "--assignment", "A-2026-9999"], "no assignment with id 'A-2026-9999'"),
        (["visit"], "give --assignment"),
        (
            ["assignment", "--person", "P-2026-0001", "--volunteer", "nobody-known"],
            "no volunteer with id 'nobody-known'",
        ),
        (["visit", "--assignment", "A-2026-0002", "--date", "2026-02-30"], "is not a date"),
        (["meeting", "--set", "kind"], "--set expects FIELD=VALUE"),
    ],
)
def test_impossible_request_exits_2_and_writes_nothing(untouched_repo, options, message):
    before = all_files(untouched_repo)
    result = run_visits("new", *options, root=untouched_repo)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("visits new: ") and message in result.err
    assert "Traceback" not in result.err
    assert all_files(untouched_repo) == before
    assert not list(untouched_repo.rglob(".tmp-*"))
