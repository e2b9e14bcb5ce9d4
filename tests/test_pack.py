"""visits pack: the quarterly meeting pack, figures against the previous quarter, and what it never shows."""

from __future__ import annotations

import datetime as dt

import pytest

from test_rules_programme import World
from visits import engine
from visits.config import load_config
from visits.pack import Quarter, render_pack

from conftest import TODAY, run_visits

SECRET_NOTE = "Tired but hopeful; the hearing is next week."  # World's visit notes
SECRET_ACTION = "Ask the lawyer about the appeal deadline"


@pytest.fixture
def world(tmp_path) -> World:
    """Q3: ben visits P-2026-0001 twice, anna P-2026-0003 once (released 2026-08-15); Q4: one visit each."""
    world = World(tmp_path / "world")
    world.visit("A-2026-0001", "2026-09-17")
    world.visit("A-2026-0001", "2026-09-24")
    world.follow(
        "A-2026-0003",
        "P-2026-0003",
        "anna-peeters",
        "2026-07-01",
        detention_start="2026-06-20",
        outcome={"kind": "released", "date": "2026-08-15"},
    )
    world.change("assignment", "A-2026-0003", end_date="2026-08-15")
    world.visit("A-2026-0003", "2026-07-08")
    world.settings("privacy:\n  min_count: 2\n")
    return world


def pack(world: World, quarter: str, today: dt.date = TODAY) -> str:
    corpus = engine.records(world.root, load_config(world.root))
    return render_pack(corpus, load_config(world.root), quarter, today)


EXPECTED_Q4 = """\
# Quarterly visitors' meeting: 2026-Q4

Figures from 2026-10-01 to 2026-11-22 (the quarter runs until 2026-12-31), compared with 2026-Q3. \
Counts of people from 1 to 1, and those from which one could be worked out, are shown as "x". \
Follow-ups and trainings are as of 2026-11-22.

## Figures of the quarter

| Figure | 2026-Q3 | 2026-Q4 (to 2026-11-22) |
|---|---|---|
| Visits | 3 | 2 |
| Hours of visits | 2.3 | 1.5 |
| Volunteers who visited | 2 | 2 |
| People visited | x | 2 |
| People visited for the first time | x | x |

Outcomes of detention are counted per year, on the statistics pages, where they are protected \
together with their totals.

## Open follow-up actions

1 open, of which 0 past their due date.

### By kind

| Kind | Open | Past due |
|---|---|---|
| Lawyer | 1 | 0 |

### By owner

| Owner | Open | Past due |
|---|---|---|
| Anna P. (anna-peeters) | 1 | 0 |

## Training gaps

Every active volunteer has attended the modules their role requires.

## Evaluations and supervision talks due

No evaluation or supervision talk is overdue or due within 30 days.
"""


def test_pack_of_a_small_programme(world):
    # Q3: 45 + 45 + 45 minutes = 2.25 hours, shown rounded half up as 2.3
    assert pack(world, "2026-Q4") == EXPECTED_Q4


def test_the_command_prints_the_same_pack(world):
    result = run_visits("pack", "--quarter", "2026-Q4", root=world.root)
    assert (result.code, result.out) == (0, EXPECTED_Q4)


def test_small_counts_of_people_are_hidden_at_the_configured_threshold(world):
    world.settings("privacy:\n  min_count: 5\n")
    text = pack(world, "2026-Q4")
    assert "| People visited | x | x |" in text
    assert "Detention ended" not in text  # per-quarter outcomes could undo the yearly protection
    assert "| Visits | 3 | 2 |" in text  # visits are not people


def test_never_notes_action_texts_or_person_codes(world):
    text = pack(world, "2026-Q4") + pack(world, "2026-Q3")
    assert SECRET_NOTE not in text and SECRET_ACTION not in text
    assert "P-2026" not in text and "A-2026" not in text


def test_record_text_cannot_inject_html_or_break_a_table(world):
    world.change("volunteer", "anna-peeters", display_name="<img src=x onerror=alert(1)> | A.")
    text = pack(world, "2026-Q4")
    assert "<img" not in text
    assert "| &#60;img src&#61;x onerror&#61;alert(1)&#62; &#124; A. (anna-peeters) | 1 | 0 |" in text


def test_record_text_cannot_make_a_link_on_the_site(world):
    world.change("volunteer", "anna-peeters", display_name="[A.](javascript:alert(1))")
    text = pack(world, "2026-Q4")
    assert "](javascript" not in text and "javascript&#58;" in text


def test_training_gaps_say_who_misses_which_module(world):
    world.change("training", "2026-02-15-trauma", attendees=["anna-peeters"])
    world.change("training", "2026-02-15-centre-induction-bruges", attendees=["anna-peeters"])
    assert "| Ben C. (ben-claes) | Friendly visitor | Trauma, Centre induction | overdue |" in pack(world, "2026-Q4")


def test_overdue_actions_are_counted_past_due(world):
    text = pack(world, "2026-Q4", today=dt.date(2026, 12, 1))
    assert "1 open, of which 1 past their due date." in text
    assert "| Lawyer | 1 | 1 |" in text


def test_first_quarter_is_compared_with_the_last_of_the_year_before():
    assert Quarter.parse("2026-Q1").previous() == Quarter(2025, 4)
    assert (Quarter(2026, 4).start, Quarter(2026, 4).end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_visits_of_the_example_records_agree_with_their_file_names(example_repo):
    # visit ids start with their date: count them from the file names alone
    in_q3 = [
        path
        for path in (example_repo / "records" / "visits").rglob("*.yaml")
        if "2026-07-01" <= path.name[:10] <= "2026-09-30"
    ]
    corpus = engine.records(example_repo, load_config(example_repo))
    text = render_pack(corpus, load_config(example_repo), "2026-Q3", TODAY)
    visits_row = next(line for line in text.splitlines() if line.startswith("| Visits |"))
    assert visits_row.split(" | ")[-1] == f"{len(in_q3)} |"


def test_out_writes_a_new_file_and_never_overwrites(world, tmp_path):
    target = tmp_path / "pack-2026-Q4.md"
    first = run_visits("pack", "--quarter", "2026-Q4", "--out", str(target), root=world.root)
    assert first.code == 0 and target.read_text() == EXPECTED_Q4
    target.write_text("edited by hand\n")
    second = run_visits("pack", "--quarter", "2026-Q4", "--out", str(target), root=world.root)
    assert second.code == 1 and "already exists" in second.err
    assert target.read_text() == "edited by hand\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")) == []


@pytest.mark.parametrize("quarter", ["2026-Q5", "2026Q1", "Q3-2026", "2027-Q1"])
def test_bad_or_future_quarters_are_usage_problems(world, quarter):
    result = run_visits("pack", "--quarter", quarter, root=world.root)
    assert (result.code, result.out) == (2, "")
    assert "quarter" in result.err or "not started" in result.err


def test_figures_count_only_up_to_today(world):
    text = pack(world, "2026-Q4", today=dt.date(2026, 11, 18))
    assert "| Visits | 3 | 1 |" in text


def test_people_figures_are_the_ones_the_statistics_publish(example_repo):
    import csv
    import io

    from visits import engine
    from visits.stats import statistics_files

    from conftest import TODAY

    config = load_config(example_repo)
    corpus = engine.records(example_repo, config)
    files = statistics_files(corpus, config, TODAY)
    published = {}
    for name, label in (("people-visited", "People visited"), ("new-people", "People visited for the first time")):
        rows = list(csv.DictReader(io.StringIO(files[f"2026/{name}-by-quarter.csv"])))
        published[label] = {row["Quarter"]: row["Total"] for row in rows}
    text = render_pack(corpus, config, "2026-Q3", TODAY)
    for label, by_quarter in published.items():
        assert f"| {label} | {by_quarter['2026-Q2']} | {by_quarter['2026-Q3']} |" in text


def test_the_pack_is_written_in_the_languages_visits_yml_sets(example_repo):
    from conftest import run_visits

    both = run_visits("pack", "--quarter", "2026-Q3", root=example_repo)
    assert both.code == 0
    dutch, french = both.out.split("\n---\n\n")
    assert dutch.startswith("# Driemaandelijkse vergadering van de bezoekers: 2026-Q3")
    assert "## Openstaande acties voor opvolging" in dutch and "| Advocaat |" in dutch
    assert french.startswith("# Réunion trimestrielle des visiteurs\u202f: 2026-Q3")
    assert "## Formations manquantes" in french
    english = run_visits("pack", "--quarter", "2026-Q3", "--lang", "en", root=example_repo)
    assert english.out.startswith("# Quarterly visitors' meeting: 2026-Q3") and "\n---\n" not in english.out
