"""Statistics pages: figures checked against a small hand-made programme, privacy of the
output on the example records, links that resolve, and a real strict MkDocs build."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import posixpath
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from visits import engine
from visits.config import DEFAULTS, load_config
from visits.layout import KINDS
from visits.stats import statistics_files
from visits.stats.charts import PALETTE, SVG_NAMESPACE
from visits.stats.figures import YearFigures
from visits.stats.grids import TOTAL
from visits.stats.measures import collect
from visits.stats.suppress import Hidden
from visits.stats.tables import Table, md_text
from visits.yamlwrite import dump

from chromium import start_chromium
from conftest import REPO, TODAY, copy_repository

NOTES_MARKER = "NOTES-MUST-NOT-LEAK-4f1c"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def centre(cid):
    return {
        "id": cid,
        "name": {"nl": cid, "fr": cid, "en": f"{cid.title()} centre"},
        "city": "Town",
        "visiting": {"max_visitors_at_once": 2, "max_minutes": 120, "days": ["monday"]},
        "active": True,
    }


def volunteer(vid, role):
    data = {
        "id": vid,
        "display_name": vid,
        "role": role,
        "languages": [{"code": "fr", "level": "fluent"}],
        "centres": ["alpha", "beta"],
        "start_date": "2025-01-01",
        "status": "active",
        "handle": vid,
    }
    if role == "friendly":
        data["referent"] = "bob-b"
    else:
        data |= {"weekly_hours": 10, "accreditation": {"centres": ["alpha", "beta"], "valid_until": "2027-01-01"}}
    return data


def person(pid, centre_id, start, nationality, **more):
    return {
        "id": pid,
        "centre": centre_id,
        "detention_start": start,
        "nationality": nationality,
        "age_band": "25-34",
        "gender": "male",
        **more,
    }


def assignment(aid, vid, pid, centre_id):
    return {"id": aid, "volunteer": vid, "person": pid, "centre": centre_id, "start_date": "2025-12-01"}


def visit(date, aid, minutes, language, topics, follow_up=()):
    data = {
        "id": f"{date}-{aid}",
        "assignment": aid,
        "date": date,
        "start_time": "10:00",
        "duration_minutes": minutes,
        "language": language,
        "topics": list(topics),
        "wellbeing": 3,
        "notes": f"{NOTES_MARKER} private words",
    }
    if follow_up:
        data["follow_up"] = [
            {"kind": kind, "owner": "bob-b", "due": date, "status": status} for kind, status in follow_up
        ]
    return data


def expense(date, vid, kind, status, **amount):
    return {"id": f"{date}-{vid}-{kind}", "volunteer": vid, "date": date, "kind": kind, "status": status, **amount}


OWNERS = {"A-2026-0001": "ann-a", "A-2026-0002": "bob-b", "A-2026-0003": "bob-b", "A-2026-0004": "ann-a"}
HAND_MADE = [
    ("centre", centre("alpha")),
    ("centre", centre("beta")),
    ("volunteer", volunteer("ann-a", "friendly")),
    ("volunteer", volunteer("bob-b", "accredited")),
    (
        "person",
        person(
            "P-2026-0001",
            "alpha",
            "2026-01-01",
            "MA",
            vulnerabilities=["disability"],
            outcome={"kind": "released", "date": "2026-03-11"},
        ),
    ),
    (
        "person",
        person(
            "P-2026-0002",
            "alpha",
            "2026-01-10",
            "SY",
            transfers=[{"date": "2026-02-15", "centre": "beta"}],
            outcome={"kind": "removed", "date": "2026-04-10"},
        ),
    ),
    ("person", person("P-2026-0003", "beta", "2025-11-20", "MA", outcome={"kind": "still-detained"})),
    ("assignment", assignment("A-2026-0001", "ann-a", "P-2026-0001", "alpha")),
    ("assignment", assignment("A-2026-0002", "bob-b", "P-2026-0002", "alpha")),
    ("assignment", assignment("A-2026-0003", "bob-b", "P-2026-0002", "beta")),
    ("assignment", assignment("A-2026-0004", "ann-a", "P-2026-0003", "beta")),
    ("visit", visit("2025-12-15", "A-2026-0004", 60, "ar", ["health"])),
    ("visit", visit("2026-01-05", "A-2026-0001", 60, "fr", ["health"], [("lawyer", "open")])),
    ("visit", visit("2026-01-12", "A-2026-0001", 60, "fr", ["health", "legal-procedure"])),
    ("visit", visit("2026-01-20", "A-2026-0002", 30, "en", ["legal-procedure"])),
    ("visit", visit("2026-02-20", "A-2026-0003", 50, "en", ["family-contact"], [("family", "done")])),
    ("visit", visit("2026-02-21", "A-2026-0004", 90, "ar", ["emotional-support"])),
    ("visit", visit("2026-04-02", "A-2026-0004", 30, "ar", ["health"])),
    ("visit", visit("2026-12-01", "A-2026-0004", 30, "ar", ["health"])),  # after "today": left out
    ("expense", expense("2026-01-05", "ann-a", "transport", "paid", km=100)),
    ("expense", expense("2026-01-20", "bob-b", "transport", "approved", amount_cents=550)),
    ("expense", expense("2026-02-21", "ann-a", "telephone", "submitted", amount_cents=1000)),
]


def write_records(root: Path, records) -> None:
    for kind, data in records:
        record = {"schema_version": KINDS[kind].version, **data}
        owner = OWNERS.get(data.get("assignment")) or data.get("volunteer")
        path = root / KINDS[kind].expected_path(record, owner)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(record), encoding="utf-8")


def load(root: Path):
    corpus = engine.records(root, DEFAULTS)
    assert corpus.file_findings == []
    return corpus


def settings(k: int) -> dict:
    config = copy.deepcopy(DEFAULTS)
    config["privacy"]["min_count"] = k
    config.setdefault("expenses", {})["km_rate_eur"] = "0.43"
    return config


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory):
    root = copy_repository(tmp_path_factory.mktemp("hand") / "repo", records=False)
    write_records(root, HAND_MADE)
    return load(root)


def table(files: dict, path: str) -> dict[str, dict[str, str]]:
    """A CSV as {first cell: {column: cell}}."""
    rows = list(csv.DictReader(io.StringIO(files[path])))
    first = next(iter(rows[0]))
    return {row[first]: row for row in rows}


def column(files: dict, path: str, name: str) -> dict[str, str]:
    return {key: row[name] for key, row in table(files, path).items()}


def test_counts_of_the_hand_made_programme(hand_made):
    files = statistics_files(hand_made, settings(1), TODAY)
    assert column(files, "2026/visits-by-month.csv", "Alpha centre") == {
        "2026-01": "3",
        "2026-02": "0",
        "2026-03": "0",
        "2026-04": "0",
        "2026-05": "0",
        "2026-06": "0",
        "2026-07": "0",
        "2026-08": "0",
        "2026-09": "0",
        "2026-10": "0",
        "2026-11": "0",
    }
    assert column(files, "2026/visits-by-quarter.csv", "Total") == {
        "2026-Q1": "5",
        "2026-Q2": "1",
        "2026-Q3": "0",
        "2026-Q4": "0",
        "2026": "6",
    }
    assert table(files, "2026/hours-by-month.csv")["2026-02"] == {
        "Month": "2026-02",
        "Alpha centre": "0.0",
        "Beta centre": "2.3",
        "Total": "2.3",
    }
    # P-2026-0002 is seen in alpha in January and in beta in February: counted once per period
    people = table(files, "2026/people-visited-by-quarter.csv")
    assert people["2026-Q1"] == {"Quarter": "2026-Q1", "Alpha centre": "2", "Beta centre": "1", "Total": "3"}
    assert people["2026"] == {"Quarter": "2026", "Alpha centre": "2", "Beta centre": "1", "Total": "3"}
    assert column(files, "2026/people-visited-by-month.csv", "Total")["2026-02"] == "2"
    # P-2026-0003 was first visited in December 2025: new then, not in 2026
    assert column(files, "2026/new-people-by-quarter.csv", "Total") == {
        "2026-Q1": "2",
        "2026-Q2": "0",
        "2026-Q3": "0",
        "2026-Q4": "0",
        "2026": "2",
    }
    assert column(files, "2025/new-people-by-quarter.csv", "Beta centre")["2025"] == "1"
    assert table(files, "2026/volunteers-by-month.csv")["2026-04"] == {
        "Month": "2026-04",
        "Friendly visitor": "1",
        "Accredited visitor": "0",
        "Total": "1",
    }


def test_yearly_summary_of_the_hand_made_programme(hand_made):
    files = statistics_files(hand_made, settings(1), TODAY)
    key = column(files, "2026/key-figures.csv", "2026")
    assert (key["Visits"], key["Hours visited"], key["People visited"], key["New people"]) == ("6", "5.3", "3", "2")
    assert (key["Detentions ended"], key["Follow-up actions agreed"], key["Expenses (EUR)"]) == ("2", "2", "58.50")
    # the outcome counts where the person was held last: P-2026-0002 was transferred to beta
    outcomes = table(files, "2026/outcomes.csv")
    assert outcomes["Released"] == {
        "Outcome": "Released",
        "Alpha centre": "1",
        "Beta centre": "0",
        "Total": "1",
        "Share (%)": "50",
    }
    assert (outcomes["Removed"]["Beta centre"], outcomes["Total"]["Total"]) == ("1", "2")
    lengths = table(files, "2026/detention-length.csv")
    assert [lengths["Alpha centre"][name] for name in ("Ended detentions", "Median")] == ["1", "69"]
    assert [lengths["Beta centre"][name] for name in ("Ended detentions", "Median")] == ["1", "90"]
    assert lengths["All centres"]["Median"] == "79.5"
    assert column(files, "2026/nationalities.csv", "People") == {"Morocco": "2", "Syria": "1", "Total": "3"}
    assert table(files, "2026/vulnerabilities.csv")["Disability"]["Alpha centre"] == "1"
    languages = table(files, "2026/languages.csv")
    assert (languages["French"]["Alpha centre"], languages["English"]["Total"], languages["Arabic"]["Beta centre"]) == (
        "2",
        "2",
        "2",
    )
    assert column(files, "2026/topics.csv", "Total")["Health"] == "3"
    actions = table(files, "2026/follow-up-actions.csv")
    assert (actions["Lawyer"]["Open"], actions["Family"]["Done"], actions["Total"]["Total"]) == ("1", "1", "2")
    assert table(files, "2026/expenses-by-month.csv")["2026-01"] == {
        "Period": "2026-01",
        "Km": "100",
        "Transport (EUR)": "48.50",
        "Telephone (EUR)": "0.00",
        "Total (EUR)": "48.50",
    }
    assert column(files, "2026/expenses-by-status.csv", "Amount (EUR)") == {
        "Submitted": "10.00",
        "Approved": "5.50",
        "Paid": "43.00",
    }


def test_settings_without_a_km_rate_fall_back_to_the_default_rate(hand_made):
    files = statistics_files(hand_made, {"privacy": {"min_count": 1}}, TODAY)
    assert column(files, "2026/expenses-by-month.csv", "Transport (EUR)")["2026-01"] == "48.50"


def test_small_counts_are_hidden_in_pages_csv_and_charts(hand_made):
    files = statistics_files(hand_made, settings(5), TODAY)
    small = str(Hidden(True, 5))  # the mark of a small count, as suppress.py writes it
    people = table(files, "2026/people-visited-by-quarter.csv")
    assert people["2026"] == {"Quarter": "2026", "Alpha centre": small, "Beta centre": small, "Total": small}
    assert column(files, "2026/nationalities.csv", "People") == {"Other nationalities": small, "Total": small}
    assert "Morocco" not in files["2026/summary.md"] and "Syria" not in files["2026/nationalities.csv"]
    assert column(files, "2026/detention-length.csv", "Median") == {
        "Alpha centre": "",
        "Beta centre": "",
        "All centres": "",
    }
    assert column(files, "2026/outcomes.csv", "Share (%)")["Released"] == ""
    assert f"| People visited | {md_text(small)} |" in files["2026/summary.md"]
    chart = ET.fromstring(files["2026/people-visited-by-month.svg"])
    assert not [rect for rect in chart.iter(f"{{{SVG_NAMESPACE}}}rect") if rect.get("fill") in PALETTE]
    assert small in [text.text for text in chart.iter(f"{{{SVG_NAMESPACE}}}text")]
    # visits are not counts of people: they stay exact, and so does the languages Total row that repeats them
    assert table(files, "2026/visits-by-quarter.csv")["2026"] == {
        "Quarter": "2026",
        "Alpha centre": "3",
        "Beta centre": "3",
        "Total": "6",
    }
    assert table(files, "2026/languages.csv")["Total"] == {
        "Language": "Total",
        "Alpha centre": "3",
        "Beta centre": "3",
        "Total": "6",
    }


def test_notes_never_reach_any_output(hand_made):
    files = statistics_files(hand_made, settings(1), TODAY)
    assert any(visit.data.get("notes", "").startswith(NOTES_MARKER) for visit in hand_made.of("visit"))
    assert len(files) > 20
    assert not [path for path, text in files.items() if NOTES_MARKER in text]


@pytest.fixture(scope="module")
def example_files():
    config = load_config(REPO)
    corpus = engine.records(REPO, config)
    for record in corpus.of("visit"):
        record.data = {**record.data, "notes": NOTES_MARKER}  # in memory only
    return statistics_files(corpus, config, TODAY), config["privacy"]["min_count"], corpus


def targets(path: str, text: str) -> list[str]:
    folder = posixpath.dirname(path)
    return [posixpath.normpath(posixpath.join(folder, target)) for target in LINK.findall(text)]


def test_every_link_resolves_and_every_page_is_reachable_from_the_index(example_files):
    files, _, _ = example_files
    pages = {path for path in files if path.endswith(".md")}
    for path in pages:
        assert files[path].startswith("---\ntitle: "), path
        missing = [target for target in targets(path, files[path]) if target not in files]
        assert missing == [], path
    reached, queue = set(), ["index.md"]
    while queue:
        page = queue.pop()
        if page not in reached:
            reached.add(page)
            queue += [target for target in targets(page, files[page]) if target.endswith(".md")]
    assert reached == pages
    assert {"2026/index.md", "2026/summary.md"} <= pages
    attachments = {path for path in files if not path.endswith(".md")}
    linked = {target for page in pages for target in targets(page, files[page])}
    assert attachments <= linked  # no file is generated that no page shows or offers


def test_example_outputs_hold_no_notes_and_the_true_visit_count(example_files):
    files, _, corpus = example_files
    assert not [path for path, text in files.items() if NOTES_MARKER in text]
    for year in {record.data["date"][:4] for record in corpus.of("visit")}:
        visits = sum(
            1
            for record in corpus.of("visit")
            if record.data["date"].startswith(year) and record.data["date"] <= TODAY.isoformat()
        )
        assert column(files, f"{year}/key-figures.csv", year)["Visits"] == str(visits)


def test_a_count_equal_in_people_visited_and_new_people_is_hidden_in_both_or_neither(example_files):
    _, k, corpus = example_files
    facts = collect(corpus, load_config(REPO), TODAY)
    first_year = min(int(record.data["date"][:4]) for record in corpus.of("visit"))
    figures = YearFigures(facts, first_year, k)

    def true(measure, row, column):
        return sum(facts(measure, row, centre) for centre in (facts.centres if column == TOTAL else [column]))

    equal = [key for key in figures.people.cells if true("people", *key) == true("new", *key)]
    hidden_in_people = {key for key in equal if isinstance(figures.people[key], Hidden)}
    hidden_in_new = {key for key in equal if isinstance(figures.new_people[key], Hidden)}
    assert hidden_in_people  # the example's first months: everyone visited is new
    assert hidden_in_people == hidden_in_new


PEOPLE_TABLES = (
    "people-visited-by-month",
    "people-visited-by-quarter",
    "new-people-by-month",
    "new-people-by-quarter",
    "outcomes",
    "nationalities",
    "vulnerabilities",
    "age-bands",
    "genders",
    "languages",
    "topics",
    "follow-up-actions",
)


@pytest.mark.parametrize("name", PEOPLE_TABLES)
def test_example_tables_about_people_publish_no_small_count(example_files, name):
    files, k, _ = example_files
    rows = list(csv.reader(io.StringIO(files[f"2026/{name}.csv"])))
    counts = [index for index, header in enumerate(rows[0]) if index and not header.endswith("(%)")]
    cells = [row[index] for row in rows[1:] for index in counts if row[index]]
    assert cells, name
    numbers = [int(cell) for cell in cells if cell.isdigit()]
    assert all(number == 0 or number >= k for number in numbers)
    assert set(cells) - {str(number) for number in numbers} <= {str(Hidden(True, k)), str(Hidden(False, k))}


def test_example_outcomes_hide_no_cell_alone_in_a_row_or_column(example_files):
    files, k, _ = example_files
    rows = list(csv.reader(io.StringIO(files["2026/outcomes.csv"])))
    grid = [row[1:-1] for row in rows[1:]]  # without the label and Share columns
    hidden = [[cell in (str(Hidden(True, k)), str(Hidden(False, k))) for cell in row] for row in grid]
    assert any(any(row) for row in hidden)
    assert all(sum(row) != 1 for row in hidden)
    assert all(sum(column) != 1 for column in zip(*hidden))


def test_table_text_from_records_is_literal_in_markdown_and_raw_in_csv():
    label = "<img src=x onerror=alert(1)> | *centre* [link](http://e.invalid)"
    rendered = Table(
        "t", "Title", ["Centre", "People", "Name"], [[label, Hidden(True, 5), "plain"], ["b", 12, "more"]], "About."
    )
    markdown = rendered.markdown()
    row = markdown.splitlines()[4]
    assert "<img" not in markdown and "&lt;img" in row
    assert "\\|" in row and "\\*centre\\*" in row and "\\[link\\]\\(" in row
    assert row.count(" | ") == 2  # the pipe in the label does not open a column
    assert "| --- | ---: | --- |" in markdown  # figures align right, text left
    assert md_text(Hidden(True, 5)) in row
    assert list(csv.reader(io.StringIO(rendered.csv())))[1] == [label, str(Hidden(True, 5)), "plain"]


def test_an_empty_programme_still_gives_an_index(tmp_path):
    root = copy_repository(tmp_path / "repo", records=False)
    files = statistics_files(load(root), settings(5), TODAY)
    assert list(files) == ["index.md"]
    assert "No visit" in files["index.md"]


def build_site(files: dict, folder: Path) -> subprocess.CompletedProcess:
    """The statistics section in a minimal Material site, built as the internal site is: strictly."""
    docs = folder / "docs"
    pages = {
        **{f"statistics/{path}": text for path, text in files.items()},
        "index.md": "---\ntitle: Home\n---\n\n# Home\n\n[Statistics](statistics/index.md)\n",
    }
    for path, text in pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Statistics test\ntheme:\n  name: material\n  font: false\n"
        "nav:\n  - Home: index.md\n  - Statistics: statistics/index.md\n"
        "markdown_extensions:\n  - tables\n  - admonition\n  - attr_list\n  - toc\n",
        encoding="utf-8",
    )
    return subprocess.run(
        ["mkdocs", "build", "--strict"],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="module")
def built_site(example_files, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    folder = tmp_path_factory.mktemp("statistics-site")
    return build_site(example_files[0], folder), folder / "site" / "statistics" / "2026"


@pytest.mark.slow
def test_the_statistics_section_builds_with_mkdocs_strict(built_site):
    result, year = built_site
    assert result.returncode == 0, result.stderr
    html = (year / "summary" / "index.html").read_text(encoding="utf-8")
    assert f">{md_text(Hidden(True, 5))}<" in html and "outcomes.svg" in html
    article = html.split("<article")[1].split("</article>")[0]
    assert not re.search(r"""(src|href)=["'](https?:)?//""", article)  # the content loads nothing from elsewhere


@pytest.mark.slow
@pytest.mark.browser
def test_a_reader_sees_the_charts_and_the_hidden_marks(built_site, tmp_path):
    from selenium.webdriver.common.by import By

    result, year = built_site
    assert result.returncode == 0, result.stderr
    driver = start_chromium(tmp_path / "profile", height=1000)
    try:
        for page in (year / "index.html", year / "summary" / "index.html"):
            driver.get(page.as_uri())
            images = driver.execute_script(
                "return Array.from(document.images).filter(i => i.src.endsWith('.svg'))"
                ".map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0, i.clientWidth])"
            )
            assert images and all(loaded for _, loaded, _ in images), images
            # the charts scale to the content column rather than sitting at a fixed size
            assert all(width > 400 for _, _, width in images), images
            text = driver.find_element(By.TAG_NAME, "article").text
            assert str(Hidden(True, 5)) in text.split() and "&lt;" not in text
    finally:
        driver.quit()


def test_hours_round_half_up_like_the_meeting_pack():
    from visits.stats.tables import hours

    assert (hours(135), hours(90), hours(3), hours(2), hours(0)) == ("2.3", "1.5", "0.1", "0.0", "0.0")


def test_the_topics_and_follow_up_kinds_counted_are_the_schemas():
    from visits.stats.figures import ACTION_KINDS, TOPICS

    visit = json.loads((REPO / "schemas/visit.schema.json").read_text(encoding="utf-8"))["properties"]
    assert list(TOPICS) == visit["topics"]["items"]["enum"]
    assert list(ACTION_KINDS) == visit["follow_up"]["items"]["properties"]["kind"]["enum"]
