"""Programme rules: each fires on a small hand-made programme changed in one place, and not otherwise.

`World` is also used by the expenses, retention and pack tests: a valid two-volunteer
programme in tmp_path where every rule is quiet on TODAY.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from visits import engine
from visits.config import load_config
from visits.layout import KINDS
from visits.yamlstrict import load_bytes
from visits.yamlwrite import dump, replace, schema_comment

from conftest import REPO, TODAY, copy_repository, run_visits

MODULES = ("active-listening", "intercultural-communication", "trauma", "immigration-law")


class World:
    """Two volunteers in Bruges: anna-peeters (accredited) is the referent of ben-claes (friendly),
    who had a supervision talk with her on 2026-09-30; nobody's first evaluation is due yet."""

    def __init__(self, root: Path):
        self.root = copy_repository(root, records=False)
        shutil.copytree(REPO / "records" / "centres", self.root / "records" / "centres")
        self.paths: dict[tuple[str, str], Path] = {}
        self.put(
            "volunteer",
            {
                "id": "anna-peeters",
                "display_name": "Anna P.",
                "role": "accredited",
                "languages": [{"code": "nl", "level": "fluent"}, {"code": "fr", "level": "passive"}],
                "centres": ["bruges"],
                "start_date": "2026-01-05",
                "commitment_end": "2027-01-04",
                "weekly_hours": 10,
                "accreditation": {"centres": ["bruges"], "valid_until": "2027-06-30"},
                "status": "active",
                "handle": "anna-p",
            },
        )
        self.put(
            "volunteer",
            {
                "id": "ben-claes",
                "display_name": "Ben C.",
                "role": "friendly",
                "referent": "anna-peeters",
                "languages": [{"code": "fr", "level": "fluent"}],
                "centres": ["bruges"],
                "start_date": "2026-01-05",
                "commitment_end": "2027-01-04",
                "status": "active",
                "handle": "ben-c",
            },
        )
        for module in MODULES:
            attendees = ["anna-peeters"] if module == "immigration-law" else ["anna-peeters", "ben-claes"]
            self.put(
                "training",
                {
                    "id": f"2026-02-15-{module}",
                    "module": module,
                    "date": "2026-02-15",
                    "trainer": "Legal team",
                    "attendees": attendees,
                },
            )
        self.put(
            "training",
            {
                "id": "2026-02-15-centre-induction-bruges",
                "module": "centre-induction",
                "centre": "bruges",
                "date": "2026-02-15",
                "trainer": "Centre staff",
                "attendees": ["anna-peeters", "ben-claes"],
            },
        )
        for day in ("2026-03-20", "2026-06-20", "2026-09-20"):
            self.meeting(day, ["anna-peeters", "ben-claes"])
        self.follow("A-2026-0001", "P-2026-0001", "ben-claes", "2026-09-10")
        self.follow("A-2026-0002", "P-2026-0002", "anna-peeters", "2026-10-01")
        self.visit(
            "A-2026-0001",
            "2026-11-18",
            follow_up=[
                {
                    "kind": "lawyer",
                    "owner": "anna-peeters",
                    "due": "2026-11-30",
                    "status": "open",
                    "action": "Ask the lawyer about the appeal deadline",
                }
            ],
        )
        self.visit("A-2026-0002", "2026-11-19")
        self.talk("ben-claes", "2026-09-30", "supervision", "referent")

    def talk(
        self, volunteer: str, day: str, kind: str = "evaluation", with_whom: str = "coordinator", **fields
    ) -> Path:
        """An evaluation or supervision talk (records/evaluations/<volunteer>/<year>/)."""
        return self.put(
            "evaluation",
            {
                "id": f"{day}-{volunteer}-{kind}",
                "volunteer": volunteer,
                "date": day,
                "kind": kind,
                "with": with_whom,
                "outcome": "continue",
                **fields,
            },
            volunteer,
        )

    def put(self, kind: str, data: dict, owner: str | None = None) -> Path:
        """Write a record where it belongs, replacing an earlier version of it."""
        record = {"schema_version": KINDS[kind].version, **data}
        relpath = KINDS[kind].expected_path(record, owner)
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        replace(path, dump(record, schema_comment(relpath, KINDS[kind].schema_file)))
        self.paths[(kind, record["id"])] = path
        return path

    def data(self, kind: str, record_id: str) -> dict:
        return load_bytes(self.paths[(kind, record_id)].read_bytes(), "x").data

    def change(self, kind: str, record_id: str, owner: str | None = None, **fields) -> Path:
        record = self.data(kind, record_id)
        record.update(fields)
        return self.put(kind, {k: v for k, v in record.items() if v is not None}, owner)

    def meeting(self, day: str, attendees: list[str]) -> Path:
        return self.put(
            "meeting",
            {"id": f"{day}-quarterly", "date": day, "kind": "quarterly", "place": "Brussels", "attendees": attendees},
        )

    def follow(self, assignment: str, person: str, volunteer: str, start: str, **person_fields) -> None:
        self.put(
            "person",
            {
                "id": person,
                "centre": "bruges",
                "detention_start": "2026-09-01",
                "nationality": "MA",
                "age_band": "25-34",
                "gender": "male",
                "outcome": {"kind": "still-detained"},
                **person_fields,
            },
        )
        self.put(
            "assignment",
            {
                "id": assignment,
                "volunteer": volunteer,
                "person": person,
                "centre": "bruges",
                "start_date": start,
                "visits_per_week": 1,
            },
        )

    def visit(self, assignment: str, day: str, **fields) -> Path:
        owner = self.data("assignment", assignment)["volunteer"]
        return self.put(
            "visit",
            {
                "id": f"{day}-{assignment}",
                "assignment": assignment,
                "date": day,
                "start_time": "10:00",
                "duration_minutes": 45,
                "language": "fr",
                "topics": ["health"],
                "wellbeing": 3,
                "notes": "Tired but hopeful; the hearing is next week.",
                **fields,
            },
            owner,
        )

    def settings(self, text: str) -> None:
        replace(self.root / "visits.yml", text)

    def findings(self, today: dt.date = TODAY):
        return engine.run(self.root, load_config(self.root), today).findings

    def codes(self, today: dt.date = TODAY) -> dict[str, set[str]]:
        """Finding code -> the files (relative) it was reported on."""
        found: dict[str, set[str]] = {}
        for finding in self.findings(today):
            found.setdefault(finding.code, set()).add(finding.file)
        return found

    def rel(self, kind: str, record_id: str) -> str:
        return self.paths[(kind, record_id)].relative_to(self.root).as_posix()


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path / "world")


def test_the_small_world_is_quiet(world):
    assert world.findings() == []


def test_example_records_have_no_errors_under_the_programme_rules(example_repo):
    outcome = engine.run(example_repo, load_config(example_repo), TODAY)
    assert [f for f in outcome.findings if f.severity.value == "error"] == []


def test_report_overdue_after_eight_days_without_a_report(world):
    # ben's last visit is 2026-11-18: 8 days later is still in rhythm, 9 is not
    assert "report-overdue" not in world.codes(dt.date(2026, 11, 26))
    assert world.codes(dt.date(2026, 11, 27))["report-overdue"] == {world.rel("assignment", "A-2026-0001")}


def test_report_overdue_threshold_comes_from_the_settings(world):
    world.settings("programme:\n  report_overdue_days: 3\n")
    assert world.codes()["report-overdue"] == {world.rel("assignment", "A-2026-0001")}


def test_referent_whose_accreditation_expired(world):
    world.change("volunteer", "anna-peeters", accreditation={"centres": ["bruges"], "valid_until": "2026-11-21"})
    assert world.codes()["referent-accreditation-expired"] == {world.rel("volunteer", "ben-claes")}
    world.change("volunteer", "anna-peeters", accreditation={"centres": ["bruges"], "valid_until": "2026-11-22"})
    assert "referent-accreditation-expired" not in world.codes()  # valid through today


def test_commitment_of_less_than_a_year(world):
    world.change("volunteer", "ben-claes", commitment_end="2027-01-03")
    assert world.codes()["commitment-short"] == {world.rel("volunteer", "ben-claes")}
    world.change("volunteer", "ben-claes", commitment_end="2027-01-04")  # exactly a year: kept
    assert "commitment-short" not in world.codes()


def test_missing_commitment_counts_as_short_but_not_for_someone_who_left(world):
    world.change("volunteer", "ben-claes", commitment_end=None)
    assert world.codes()["commitment-short"] == {world.rel("volunteer", "ben-claes")}
    world.change("volunteer", "ben-claes", status="left")
    assert "commitment-short" not in world.codes()


@pytest.mark.parametrize(("hours", "fires"), [(7.5, True), (8, False)])
def test_accredited_visitor_under_eight_hours(world, hours, fires):
    world.change("volunteer", "anna-peeters", weekly_hours=hours)
    assert ("hours-below-minimum" in world.codes()) is fires


@pytest.mark.parametrize(
    ("languages", "fires"),
    [
        ([{"code": "nl", "level": "fluent"}], True),
        ([{"code": "nl", "level": "passive"}, {"code": "fr", "level": "passive"}], True),
        ([{"code": "fr", "level": "fluent"}, {"code": "nl", "level": "passive"}], False),
        ([{"code": "fr", "level": "fluent"}, {"code": "nl", "level": "fluent"}], False),
    ],
)
def test_accredited_visitor_language_requirement(world, languages, fires):
    world.change("volunteer", "anna-peeters", languages=languages)
    assert ("language-requirement" in world.codes()) is fires


def test_friendly_visitors_have_no_language_requirement(world):
    assert world.data("volunteer", "ben-claes")["languages"] == [{"code": "fr", "level": "fluent"}]
    assert "language-requirement" not in world.codes()


@pytest.mark.parametrize(("days", "fires"), [(30, True), (31, False)])
def test_accreditation_expiring_within_thirty_days(world, days, fires):
    until = (TODAY + dt.timedelta(days=days)).isoformat()
    world.change("volunteer", "anna-peeters", accreditation={"centres": ["bruges"], "valid_until": until})
    assert ("accreditation-expiring" in world.codes()) is fires


def test_visit_after_the_accreditation_expired_is_an_error(world):
    world.change("volunteer", "anna-peeters", accreditation={"centres": ["bruges"], "valid_until": "2026-11-18"})
    found = [f for f in world.findings() if f.code == "visit-after-accreditation"]
    assert [(f.file, f.severity.value) for f in found] == [(world.rel("visit", "2026-11-19-A-2026-0002"), "error")]
    world.change("volunteer", "anna-peeters", accreditation={"centres": ["bruges"], "valid_until": "2026-11-19"})
    assert "visit-after-accreditation" not in world.codes()


def test_visit_in_a_centre_the_accreditation_does_not_cover(world):
    world.change("volunteer", "anna-peeters", accreditation={"centres": ["merksplas"], "valid_until": "2027-06-30"})
    assert world.codes()["visit-after-accreditation"] == {world.rel("visit", "2026-11-19-A-2026-0002")}


def test_training_module_missing_after_the_first_three_months(world):
    world.change("training", "2026-02-15-trauma", attendees=["anna-peeters"])
    found = [f for f in world.findings() if f.code == "training-missing"]
    assert [(f.file, "trauma" in f.message) for f in found] == [(world.rel("volunteer", "ben-claes"), True)]


def test_no_training_finding_in_the_first_three_months(world):
    world.change("training", "2026-02-15-trauma", attendees=["anna-peeters"])
    world.change("volunteer", "ben-claes", start_date="2026-08-23", commitment_end="2027-08-22")
    assert "training-missing" not in world.codes()  # three months end on 2026-11-23
    assert world.codes(dt.date(2026, 11, 23))["training-missing"] == {world.rel("volunteer", "ben-claes")}


def test_centre_induction_must_be_for_one_of_their_centres(world):
    world.change("training", "2026-02-15-centre-induction-bruges", attendees=["anna-peeters"])
    world.put(
        "training",
        {
            "id": "2026-02-15-centre-induction-vottem",
            "module": "centre-induction",
            "centre": "vottem",
            "date": "2026-02-15",
            "trainer": "Centre staff",
            "attendees": ["ben-claes"],
        },
    )
    assert world.codes()["training-missing"] == {world.rel("volunteer", "ben-claes")}


def test_immigration_law_is_required_of_accredited_visitors_only(world):
    world.change("training", "2026-02-15-immigration-law", attendees=["ben-claes"])
    assert world.codes()["training-missing"] == {world.rel("volunteer", "anna-peeters")}


def test_required_modules_come_from_the_settings(world):
    world.change("training", "2026-02-15-trauma", attendees=["anna-peeters"])
    world.settings("programme:\n  required_training:\n    friendly: [active-listening]\n")
    assert "training-missing" not in world.codes()


def test_two_quarterly_meetings_missed_in_a_row(world):
    world.meeting("2026-06-20", ["anna-peeters"])
    world.meeting("2026-09-20", ["anna-peeters"])
    assert world.codes()["meetings-missed"] == {world.rel("volunteer", "ben-claes")}


def test_two_meetings_missed_but_not_in_a_row(world):
    world.meeting("2026-03-20", ["anna-peeters"])
    world.meeting("2026-09-20", ["anna-peeters"])
    assert "meetings-missed" not in world.codes()


def test_meetings_before_the_start_date_do_not_count(world):
    world.meeting("2026-06-20", ["anna-peeters"])
    world.meeting("2026-09-20", ["anna-peeters"])
    world.change("volunteer", "ben-claes", start_date="2026-07-01", commitment_end="2027-06-30")
    assert "meetings-missed" not in world.codes()


def test_follow_up_action_past_its_due_date(world):
    assert "follow-up-overdue" not in world.codes(dt.date(2026, 11, 30))  # due that day
    found = [f for f in world.findings(dt.date(2026, 12, 1)) if f.code == "follow-up-overdue"]
    path = world.paths[("visit", "2026-11-18-A-2026-0001")]
    lines = path.read_text().split("\n")
    item = lines.index("- kind: lawyer")
    due_line = item + 1 + next(n for n, line in enumerate(lines[item:]) if line.strip().startswith("due:"))
    # the date that passed, not the start of the list item
    assert [(f.file, f.line) for f in found] == [(world.rel("visit", "2026-11-18-A-2026-0001"), due_line)]


def test_follow_up_action_done_is_not_overdue(world):
    world.visit(
        "A-2026-0001",
        "2026-11-18",
        follow_up=[{"kind": "lawyer", "owner": "anna-peeters", "due": "2026-11-30", "status": "done"}],
    )
    assert "follow-up-overdue" not in world.codes(dt.date(2026, 12, 1))


def test_severity_of_a_programme_code_can_be_raised_or_switched_off(world):
    world.change("training", "2026-02-15-trauma", attendees=["anna-peeters"])
    world.settings("severity:\n  training-missing: error\n")
    assert {f.severity.value for f in world.findings() if f.code == "training-missing"} == {"error"}
    world.settings("severity:\n  training-missing: off\n")
    assert "training-missing" not in world.codes()


@pytest.mark.parametrize(
    "settings",
    [
        "programme:\n  report_overdue_days: -1\n",
        "programme:\n  required_training:\n    friendly: [juggling]\n",
        "programme:\n  working_languages: []\n",
        "programme:\n  meetings_missed_in_a_row: true\n",
        "programme:\n  weekly_hours: 8\n",
    ],
)
def test_bad_programme_settings_are_a_usage_problem(world, settings):
    world.settings(settings)
    result = run_visits("validate", root=world.root)
    assert result.code == 2
    assert "visits.yml" in result.err and "Traceback" not in result.err
