"""visits retention: what is due, and applying it changes exactly that and nothing else."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from test_rules_programme import World
from visits import engine
from visits.config import load_config
from visits.pack import render_pack
from visits.retention import MARKER, add_months, due_items
from visits.stats.pages import statistics_files

from conftest import TODAY, run_visits

LATER = dt.date(2027, 11, 22)  # a year on: the notes of detentions ended before 2026-11-22 are due


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted((root / "records").rglob("*"))
        if path.is_file()
    }


def corpus_of(root: Path):
    return engine.records(root, load_config(root))


def without_free_text(data: dict) -> dict:
    data = copy.deepcopy(data)
    data.pop("notes", None)
    for action in data.get("follow_up", []):
        action.pop("action", None)
    return data


def test_nothing_is_due_on_the_example_records_today(example_repo):
    before = snapshot(example_repo)
    # the day the example records describe (as_of in visits.yml), not the tests' later TODAY
    result = run_visits("retention", "--apply", root=example_repo, today=None)
    assert result.code == 0
    assert result.out.endswith("0 texts were redacted, 0 records were removed\n")
    assert snapshot(example_repo) == before


def test_apply_changes_only_what_is_due_and_keeps_every_other_figure(example_repo):
    corpus = corpus_of(example_repo)
    config = load_config(example_repo)
    due = due_items(corpus, config, LATER)
    due_files = {item.record.path for item in due}
    assert {item.rule for item in due} == {"visit-notes", "follow-up-actions", "candidate-records"}
    removed = {item.record.path for item in due if item.action == "remove"}
    assert removed and all(path.startswith("records/candidates/") for path in removed)
    packs = {quarter: render_pack(corpus, config, quarter, LATER) for quarter in ("2026-Q2", "2026-Q3", "2026-Q4")}
    statistics = statistics_files(corpus, config, LATER)
    before = snapshot(example_repo)

    result = run_visits("retention", "--apply", root=example_repo, today=LATER)

    assert result.code == 0
    after = snapshot(example_repo)
    # only candidates who did not join are removed: every person is still referred to
    assert set(after) == set(before) - removed
    changed = {path for path in after if before[path] != after[path]}
    assert changed == due_files - removed
    assert len(result.out.splitlines()) == len(due) + 1
    reloaded = corpus_of(example_repo)
    assert [without_free_text(r.data) for r in reloaded.records] == [
        without_free_text(r.data) for r in corpus.records if r.path not in removed
    ]
    for item in (item for item in due if item.action == "redact"):
        value = reloaded.get(item.record.kind, item.record.id).data
        for part in item.field_path:
            value = value[part]
        assert MARKER.match(value) and "2027-11-22" in value and item.rule in value
    for path in changed:  # the editor's schema line survives the rewrite
        assert after[path].split(b"\n")[0] == before[path].split(b"\n")[0]
    assert {quarter: render_pack(reloaded, config, quarter, LATER) for quarter in packs} == packs
    assert statistics_files(reloaded, config, LATER) == statistics
    outcome = engine.run(example_repo, config, LATER)
    assert [f for f in outcome.findings if f.severity.value == "error"] == []
    assert "retention-due" not in {f.code for f in outcome.findings}
    assert run_visits("validate", root=example_repo).code == 0


def test_apply_twice_changes_nothing_the_second_time(example_repo):
    run_visits("retention", "--apply", root=example_repo, today=LATER)
    before = snapshot(example_repo)
    result = run_visits("retention", "--apply", root=example_repo, today=LATER + dt.timedelta(days=30))
    assert result.out == "0 texts were redacted, 0 records were removed\n"
    assert snapshot(example_repo) == before


def test_validate_warns_about_what_is_due(example_repo):
    due = due_items(corpus_of(example_repo), load_config(example_repo), LATER)
    found = [
        f for f in engine.run(example_repo, load_config(example_repo), LATER).findings if f.code == "retention-due"
    ]
    assert len(found) == len(due) and {f.severity.value for f in found} == {"warning"}
    assert {f.file for f in found} == {item.record.path for item in due}


@pytest.fixture
def world(tmp_path) -> World:
    """ben's person was released on 2026-10-01: notes and action texts are due from 2027-10-01."""
    world = World(tmp_path / "world")
    world.change("person", "P-2026-0001", outcome={"kind": "released", "date": "2026-10-01"})
    world.change("assignment", "A-2026-0001", end_date="2026-10-01")
    world.visit(
        "A-2026-0001",
        "2026-09-24",
        follow_up=[
            {
                "kind": "family",
                "owner": "anna-peeters",
                "due": "2026-09-30",
                "status": "done",
                "action": "Call the sister about the papers",
            }
        ],
    )
    world.paths[("visit", "2026-11-18-A-2026-0001")].unlink()
    return world


def test_notes_and_actions_are_due_twelve_months_after_the_detention_ended(world):
    assert due_items(corpus_of(world.root), load_config(world.root), dt.date(2027, 9, 30)) == []
    due = due_items(corpus_of(world.root), load_config(world.root), dt.date(2027, 10, 1))
    assert [(item.rule, item.field, item.action, item.since) for item in due] == [
        ("follow-up-actions", "follow_up.0.action", "redact", dt.date(2027, 10, 1)),
        ("visit-notes", "notes", "redact", dt.date(2027, 10, 1)),
    ]


def test_apply_redacts_the_texts_and_keeps_the_rest_of_the_report(world):
    path = world.paths[("visit", "2026-09-24-A-2026-0001")]
    before = world.data("visit", "2026-09-24-A-2026-0001")
    untouched = snapshot(world.root)
    del untouched[world.rel("visit", "2026-09-24-A-2026-0001")]
    result = run_visits("retention", "--apply", root=world.root, today=dt.date(2027, 10, 1))
    assert result.code == 0
    after = world.data("visit", "2026-09-24-A-2026-0001")
    assert after["notes"] == "[redacted 2027-10-01 under retention rule visit-notes]"
    assert after["follow_up"][0]["action"] == "[redacted 2027-10-01 under retention rule follow-up-actions]"
    assert without_free_text(after) == without_free_text(before)
    assert path.read_text().startswith("# yaml-language-server: $schema=../../../../schemas/visit.schema.json\n")
    now = snapshot(world.root)
    assert {p: now[p] for p in untouched} == untouched


def test_a_switched_off_rule_keeps_the_text(world):
    world.settings("retention:\n  visit_notes_months: 0\n")
    due = due_items(corpus_of(world.root), load_config(world.root), dt.date(2030, 1, 1))
    assert [item.rule for item in due] == ["follow-up-actions"]


def test_a_person_nothing_refers_to_is_removed_after_the_period(world):
    world.put(
        "person",
        {
            "id": "P-2025-0007",
            "centre": "bruges",
            "detention_start": "2025-03-01",
            "nationality": "MA",
            "age_band": "25-34",
            "gender": "male",
            "outcome": {"kind": "removed", "date": "2025-06-01"},
        },
    )
    due = due_items(corpus_of(world.root), load_config(world.root), TODAY)
    assert [(item.rule, item.record.id, item.action) for item in due] == [("person-records", "P-2025-0007", "remove")]
    result = run_visits("retention", "--apply", root=world.root)
    assert "removed  records/people/P-2025-0007.yaml" in result.out
    assert not world.paths[("person", "P-2025-0007")].exists()
    assert run_visits("validate", root=world.root).code == 0


def test_a_person_an_assignment_refers_to_is_kept_even_if_that_file_is_broken(world):
    world.change(
        "person", "P-2026-0002", outcome={"kind": "removed", "date": "2025-06-01"}, detention_start="2025-03-01"
    )
    broken = world.paths[("assignment", "A-2026-0002")]
    broken.write_text(broken.read_text().replace("visits_per_week: 1", "visits_per_week: often"))
    assert due_items(corpus_of(world.root), load_config(world.root), TODAY) == []
    result = run_visits("retention", "--apply", root=world.root)
    assert broken.exists() and world.paths[("person", "P-2026-0002")].exists()
    assert "could not be read" in result.err


def test_expenses_go_seven_years_after_the_end_of_their_year(world):
    path = world.put(
        "expense",
        {
            "id": "2019-05-02-ben-claes-telephone",
            "volunteer": "ben-claes",
            "date": "2019-05-02",
            "kind": "telephone",
            "amount_cents": 500,
            "status": "paid",
        },
        owner="ben-claes",
    )
    assert due_items(corpus_of(world.root), load_config(world.root), dt.date(2026, 12, 31)) == []
    result = run_visits("retention", "--apply", "--format", "json", root=world.root, today=dt.date(2027, 1, 1))
    payload = json.loads(result.out)
    assert payload == {
        "applied": True,
        "items": [
            {
                "rule": "expenses",
                "action": "remove",
                "file": world.rel("expense", "2019-05-02-ben-claes-telephone"),
                "field": "",
                "since": "2027-01-01",
            }
        ],
    }
    assert not path.exists() and not path.parent.exists()  # the empty year folder goes too
    assert (world.root / "records" / "expenses").is_dir()


def test_listing_changes_nothing(world):
    before = snapshot(world.root)
    result = run_visits("retention", root=world.root, today=dt.date(2027, 10, 1))
    assert "redact   records/visits/ben-claes/2026/2026-09-24-A-2026-0001.yaml  notes" in result.out
    assert "2 texts are due to be redacted" in result.out
    assert snapshot(world.root) == before


def test_add_months_keeps_the_day_or_takes_the_last_one():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 22), 14) == dt.date(2028, 1, 22)
    assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
