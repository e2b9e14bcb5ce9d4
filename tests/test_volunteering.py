"""Candidates, evaluations and supervision talks: the rules, retention, `visits new volunteer
--from-candidate`, the digest, the recruitment dashboard, and the example data's date."""

from __future__ import annotations

import datetime as dt

import pytest

from test_rules_programme import World
from visits import engine
from visits.config import load_config
from visits.recruitment import standings
from visits.site.dashboards import dashboard_pages
from visits.site.recruitment import monthly_cells, waiting_grid
from visits.stats.suppress import Hidden, recoverable

from conftest import TODAY, run_visits

ACCEPTED = {"outcome": "accepted", "date": "2026-10-01"}


def candidate(world: World, number: int, applied: str, **fields):
    data = {
        "id": f"C-2026-{number:04d}",
        "role": "friendly",
        "languages": [{"code": "fr", "level": "fluent"}, {"code": "nl", "level": "passive"}],
        "centres": ["bruges"],
        "coordinator": "hanneverbeke",
        "stages": {"applied": applied},
        **fields,
    }
    return world.put("candidate", data)


def corpus_of(world: World):
    return engine.records(world.root, load_config(world.root))


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path / "world")


# --- rules ---------------------------------------------------------------------------------


def test_stages_out_of_order_or_in_the_future(world):
    candidate(world, 1, "2026-11-01", stages={"applied": "2026-11-01", "interviewed": "2026-10-20"})
    candidate(world, 2, "2026-11-01", stages={"applied": "2026-11-01", "interviewed": "2026-11-25"})
    candidate(world, 3, "2026-11-01", stages={"applied": "2026-11-01", "interviewed": "2026-11-10"})
    assert world.codes()["candidate-stage-order"] == {
        world.rel("candidate", "C-2026-0001"),
        world.rel("candidate", "C-2026-0002"),
    }


def test_an_open_application_waits_after_thirty_days_without_a_step(world):
    candidate(world, 1, "2026-10-01", stages={"applied": "2026-10-01", "interviewed": "2026-10-23"})
    assert "candidate-waiting" not in world.codes()  # 30 days on TODAY
    assert world.codes(TODAY + dt.timedelta(days=1))["candidate-waiting"] == {world.rel("candidate", "C-2026-0001")}
    world.settings("programme:\n  candidate_wait_days: 10\n")
    assert "candidate-waiting" in world.codes()
    candidate(world, 1, "2026-10-01", decision={"outcome": "withdrew", "date": "2026-10-30"})
    assert "candidate-waiting" not in world.codes()  # decided: nothing to wait for


def test_an_accepted_candidate_needs_a_volunteer_record_naming_it(world):
    candidate(world, 1, "2026-08-01", decision=ACCEPTED)
    assert world.codes()["candidate-without-volunteer"] == {world.rel("candidate", "C-2026-0001")}
    world.change("volunteer", "ben-claes", candidate="C-2026-0001")
    assert "candidate-without-volunteer" not in world.codes()


def test_a_volunteer_naming_no_candidate_record_is_an_error(world):
    world.change("volunteer", "ben-claes", candidate="C-2026-0042")
    assert world.codes()["unknown-candidate"] == {world.rel("volunteer", "ben-claes")}


def test_the_first_evaluation_is_due_at_the_end_of_the_first_years_commitment(world):
    # both started 2026-01-05 and committed until 2027-01-04
    assert "evaluation-overdue" not in world.codes(dt.date(2027, 1, 4))
    late = world.codes(dt.date(2027, 1, 5))
    assert late["evaluation-overdue"] == {world.rel("volunteer", "anna-peeters"), world.rel("volunteer", "ben-claes")}
    world.change("volunteer", "anna-peeters", commitment_end="2026-11-20")  # an earlier end comes first
    assert world.codes()["evaluation-overdue"] == {world.rel("volunteer", "anna-peeters")}


def test_after_an_evaluation_the_next_is_due_a_year_later_or_when_agreed(world):
    world.talk("anna-peeters", "2026-12-20")
    world.talk("ben-claes", "2026-12-20", next_due="2027-06-30")
    day = dt.date(2027, 7, 1)
    world.talk("ben-claes", "2027-06-15", "supervision", "referent")
    assert world.codes(day)["evaluation-overdue"] == {world.rel("volunteer", "ben-claes")}
    assert "evaluation-overdue" not in world.codes(dt.date(2027, 6, 30))
    world.settings("programme:\n  evaluation_months: 6\n")
    assert world.rel("volunteer", "anna-peeters") in world.codes(day)["evaluation-overdue"]


def test_a_friendly_visitor_without_supervision_for_three_months(world):
    # ben's last talk was on 2026-09-30; anna, accredited, needs none
    assert "supervision-overdue" not in world.codes(dt.date(2026, 12, 30))
    assert world.codes(dt.date(2026, 12, 31))["supervision-overdue"] == {world.rel("volunteer", "ben-claes")}
    world.settings("programme:\n  supervision_months: 0\n")
    assert "supervision-overdue" not in world.codes(dt.date(2026, 12, 31))


def test_next_due_must_come_after_the_talk(world):
    path = world.talk("ben-claes", "2026-11-10", "supervision", "referent", next_due="2026-11-10")
    assert world.codes()["next-due-before-date"] == {path.relative_to(world.root).as_posix()}


# --- retention -------------------------------------------------------------------------------


def test_a_decided_candidate_is_removed_six_months_after_the_decision_unless_they_joined(world):
    declined = candidate(world, 1, "2026-01-10", decision={"outcome": "declined", "date": "2026-05-22"})
    joined = candidate(world, 2, "2026-01-10", decision={"outcome": "accepted", "date": "2026-01-30"})
    world.change("volunteer", "ben-claes", candidate="C-2026-0002")
    open_one = candidate(world, 3, "2026-10-30")
    assert world.codes()["retention-due"] == {declined.relative_to(world.root).as_posix()}  # since TODAY
    listed = run_visits("retention", "--format", "json", root=world.root)
    assert '"rule": "candidate-records"' in listed.out and declined.name in listed.out
    assert joined.name not in listed.out and open_one.name not in listed.out
    applied = run_visits("retention", "--apply", root=world.root)
    assert applied.code == 0 and "1 record were removed" in applied.out
    assert not declined.exists() and joined.exists() and open_one.exists()
    assert run_visits("validate", root=world.root).code == 0


def test_candidate_retention_counts_from_the_decision_and_can_be_switched_off(world):
    path = candidate(world, 1, "2026-01-10", decision={"outcome": "withdrew", "date": "2026-05-23"})
    assert "retention-due" not in world.codes()  # due on 2026-11-23
    assert world.codes(dt.date(2026, 11, 23))["retention-due"] == {path.relative_to(world.root).as_posix()}
    world.settings("retention:\n  candidate_months: 0\n")
    assert "retention-due" not in world.codes(dt.date(2027, 11, 23))


# --- visits new volunteer --from-candidate ---------------------------------------------------


def test_a_volunteer_is_made_from_the_accepted_candidate(world):
    candidate(
        world,
        1,
        "2026-08-01",
        name="Sarah D.",
        decision=ACCEPTED,
        stages={"applied": "2026-08-01", "interviewed": "2026-08-20"},
    )
    made = run_visits(
        "new",
        "volunteer",
        "--from-candidate",
        "C-2026-0001",
        "--set",
        "id=sarah-dubois",
        "--set",
        "handle=sdubois",
        "--set",
        "referent=anna-peeters",
        root=world.root,
    )
    assert made.code == 0, made.out + made.err
    assert made.out.startswith("wrote records/volunteers/sarah-dubois.yaml")
    volunteer = world.root / "records/volunteers/sarah-dubois.yaml"
    text = volunteer.read_text(encoding="utf-8")
    for line in (
        "display_name: Sarah D.",
        "role: friendly",
        "- bruges",
        "start_date: 2026-10-01",
        "commitment_end: 2027-09-30",
        "candidate: C-2026-0001",
        "code: fr",
    ):
        assert line in text, line
    assert "candidate-without-volunteer" not in world.codes()
    again = run_visits(
        "new",
        "volunteer",
        "--from-candidate",
        "C-2026-0001",
        "--set",
        "id=sarah-d",
        "--set",
        "handle=sd",
        "--set",
        "referent=anna-peeters",
        root=world.root,
    )
    assert again.code == 2 and "already a volunteer: records/volunteers/sarah-dubois.yaml" in again.err


@pytest.mark.parametrize(
    "decision, options, message",
    [
        (None, ["--set", "id=x-y", "--set", "handle=xy", "--set", "referent=anna-peeters"], "has not been accepted"),
        (ACCEPTED, ["--set", "id=x-y"], "also needs --set handle=... --set display_name=... --set referent=..."),
        (ACCEPTED, [], "also needs --set id=..."),
    ],
)
def test_from_candidate_says_what_is_missing_and_writes_nothing(world, decision, options, message):
    candidate(world, 1, "2026-08-01", **({"decision": decision} if decision else {}))
    before = sorted((world.root / "records/volunteers").iterdir())
    result = run_visits("new", "volunteer", "--from-candidate", "C-2026-0001", *options, root=world.root)
    assert result.code == 2 and message in result.err and "Traceback" not in result.err
    assert sorted((world.root / "records/volunteers").iterdir()) == before


def test_from_candidate_is_for_volunteers_and_known_candidates(world):
    wrong_kind = run_visits("new", "meeting", "--from-candidate", "C-2026-0001", root=world.root)
    assert wrong_kind.code == 2 and "visits new volunteer --from-candidate" in wrong_kind.err
    unknown = run_visits("new", "volunteer", "--from-candidate", "C-2026-0404", root=world.root)
    assert unknown.code == 2 and "no candidate with id 'C-2026-0404'" in unknown.err


def test_new_evaluation_and_candidate_are_prefilled_and_valid(world):
    talk = run_visits(
        "new",
        "evaluation",
        "--volunteer",
        "ben-claes",
        "--date",
        "2026-11-20",
        "--set",
        "kind=supervision",
        root=world.root,
    )
    assert talk.code == 0, talk.out + talk.err
    path = world.root / "records/evaluations/ben-claes/2026/2026-11-20-ben-claes-supervision.yaml"
    assert "with: referent" in path.read_text(encoding="utf-8")
    candidate(world, 7, "2026-11-01")
    applied = run_visits("new", "candidate", "--set", "applied=2026-11-21", root=world.root)
    assert applied.code == 0 and "records/candidates/C-2026-0008.yaml" in applied.out
    assert "coordinator: hanneverbeke" in (world.root / "records/candidates/C-2026-0008.yaml").read_text()


# --- digest, dashboards, meeting pack --------------------------------------------------------


def test_the_digest_lists_talks_due_and_candidates_waiting(world):
    candidate(world, 1, "2026-09-01")
    world.change("volunteer", "anna-peeters", commitment_end="2026-12-01")
    # in English, the source language: by default the digest is written in nl, then fr
    out = run_visits("digest", "--format", "markdown", "--lang", "en", root=world.root).out
    assert "### Evaluations and supervision talks due within 30 days (1)" in out
    assert "- @anna-p (`anna-peeters`): evaluation due on 2026-12-01, no evaluation yet" in out
    assert "### Candidates waiting more than 30 days (1)" in out
    assert "- `C-2026-0001`: applied on 2026-09-01, waiting 82 days for an interview (coordinator @hanneverbeke)" in out
    world.settings("programme:\n  evaluation_notice_days: 5\n")
    assert "due within 5 days (0)" in run_visits("digest", "--format", "markdown", "--lang", "en", root=world.root).out


def test_the_digest_and_the_dashboards_share_the_accreditation_threshold(world):
    world.settings("programme:\n  accreditation_warning_days: 250\n")  # anna's ends 2027-06-30
    digest = run_visits("digest", root=world.root).out
    assert "Accreditations ending within 250 days (1)" in digest
    corpus = corpus_of(world)
    index = dashboard_pages(corpus, TODAY, load_config(world.root))["index.md"]
    assert "## Accreditations ending within 250 days" in index and "| Anna P. | 30 Jun 2027 |" in index


def test_evaluations_due_page_and_pack_show_no_notes(world):
    world.talk("ben-claes", "2025-12-01", notes="SECRET-TALK-NOTE")
    world.change("volunteer", "ben-claes", start_date="2025-11-01", commitment_end="2026-10-31")
    corpus = corpus_of(world)
    pages = dashboard_pages(corpus, TODAY, load_config(world.root))
    assert "| 1 Dec 2026 | Evaluation | Ben C. | Friendly visitor | 1 Dec 2025 | in 9 days |" in pages["evaluations.md"]
    assert not any("SECRET" in text for text in pages.values())
    pack = run_visits("pack", "--quarter", "2026-Q4", "--lang", "en", root=world.root).out
    assert "| Ben C. (ben-claes) | evaluation | 2026-12-01 | coming up |" in pack and "SECRET" not in pack


def test_recruitment_counts_are_protected_and_no_hidden_count_can_be_recovered(world):
    for number in range(1, 8):  # seven in March, two of them in September
        candidate(
            world,
            number,
            f"2026-03-{number + 1:02d}",
            stages={"applied": f"2026-03-{number + 1:02d}", "interviewed": "2026-03-20"},
            decision={"outcome": "accepted" if number < 6 else "withdrew", "date": "2026-06-01"},
        )
    for number in (8, 9):
        candidate(world, number, "2026-09-10")
    items = standings(corpus_of(world), TODAY)
    months = [f"2026-{month:02d}" for month in range(1, 12)]
    cells = monthly_cells(items, months, 5)
    true = {key: 0 for key in cells}
    for item in items:
        for row in (item.applied.isoformat()[:7], "Total"):
            for column in (
                {"applied": "Applied", "interviewed": "Interviewed"}[item.stage],
                {None: "Still open", "accepted": "Accepted", "withdrew": "Withdrew"}[item.outcome],
                "Total",
            ):
                true[row, column] += 1
    assert true["2026-03", "Total"] == 7 and true["2026-09", "Still open"] == 2
    for key, value in cells.items():  # published as they are, or hidden; every small count hidden
        assert value == true[key] or isinstance(value, Hidden), key
        assert isinstance(value, Hidden) or not 0 < true[key] < 5, key
    assert sum(not isinstance(value, Hidden) and value > 0 for value in cells.values()) > 0  # not all withheld
    # what a reader could combine: the row sums of both breakdowns and every column's total
    hidden = [key for key, value in cells.items() if isinstance(value, Hidden)]
    columns = {column for _, column in cells}
    lines = [
        ((row, "Total"), *[(row, c) for c in breakdown])
        for row in [*months, "Total"]
        for breakdown in (
            ("Applied", "Interviewed", "Trained", "First visit"),
            ("Still open", "Accepted", "Declined", "Withdrew"),
        )
    ]
    lines += [(("Total", column), *[(month, column) for month in months]) for column in columns]
    assert hidden and recoverable(lines, hidden) == []
    grid = waiting_grid(items, TODAY, 5)
    assert isinstance(grid["Total", "Total"], Hidden)  # two open applications in all


# --- the example data's date -----------------------------------------------------------------


def test_without_today_commands_take_the_example_date_and_say_so(world):
    world.settings('as_of: "2026-11-22"\n')
    result = run_visits("validate", root=world.root, today=None)
    assert result.code == 0 and result.out.endswith("0 warnings\n")
    assert result.err == (
        "visits validate: as of 2026-11-22, the day the example records describe "
        "(as_of in visits.yml); --today YYYY-MM-DD for another day\n"
    )
    later = run_visits("validate", root=world.root, today=dt.date(2027, 3, 1))
    assert later.err == "" and "report-overdue" in later.out  # an explicit --today wins
    world.settings('as_of: "2026-02-30"\n')
    broken = run_visits("validate", root=world.root, today=None)
    assert broken.code == 2 and "as_of: expected a date YYYY-MM-DD, found '2026-02-30'" in broken.err
