"""What the monitoring report must never hold: visit notes, follow-up actions, people's codes,
the text of an unreviewed notable fact, or any fact's source; in its pages, PDF and data."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from visits.report.pdf import BASE, render

from conftest import copy_repository, run_visits
from sitefixtures import rewrite_records, set_path

YEAR = "2025"
PERSON_CODE = re.compile(r"P-\d{4}-\d{4}")


def _coordinator(root: Path) -> str:
    for path in sorted((root / "records" / "volunteers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("role") == "accredited":
            return data["id"]
    raise AssertionError("no accredited volunteer in the example records")


def _fact(root: Path, day: str, centre: str, text: str, source: str, reviewer: str | None) -> None:
    folder = root / "records" / "notable-facts" / day[:4]
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "schema_version: 1",
        f"id: {day}-{centre}",
        f"date: {day}",
        f"centre: {centre}",
        "kind: protest",
        "text:",
        f"  en: {text}",
        f"source: {source}",
    ]
    if reviewer:
        lines.append(f"reviewed_by: {reviewer}")
    (folder / f"{day}-{centre}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = copy_repository(tmp_path_factory.mktemp("leaks") / "repo")
    counter = iter(range(100000))

    def marking(field):
        def change(data):
            set_path(data, field, lambda: f"zqleak{next(counter):05d}")
            return data

        return change

    rewrite_records(root, "visit", marking("notes"))
    rewrite_records(root, "visit", marking("follow_up[].action"))
    coordinator = _coordinator(root)
    _fact(root, f"{YEAR}-06-03", "merksplas", "zqpublishedfact a protest in the yard", "zqleaksourceone", coordinator)
    _fact(root, f"{YEAR}-07-04", "vottem", "zqleakunreviewed a fire in a wing", "zqleaksourcetwo", None)
    result = run_visits("report", "--year", YEAR, root=root)
    assert result.code == 0, result.err
    return root / "build" / "report" / YEAR


def _texts(out: Path) -> dict[Path, str]:
    texts = {}
    for path in sorted(out.rglob("*")):
        if path.suffix == ".pdf":
            texts[path] = subprocess.run(
                ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
            ).stdout
        elif path.is_file():
            texts[path] = path.read_text(encoding="utf-8")
    return texts


def test_no_note_action_code_unreviewed_fact_or_source_reaches_the_report(planted):
    texts = _texts(planted)
    assert {path.suffix for path in texts} >= {".md", ".csv", ".svg", ".json", ".pdf"}
    for path, text in texts.items():
        assert "zqleak" not in text.lower(), path
        assert not PERSON_CODE.search(text), path
    # the reviewed fact is published, in the pages, the PDF and the data package, in every language
    for language in ("nl", "fr", "en"):
        assert "zqpublishedfact" in texts[planted / language / "merksplas.md"]
        assert "zqpublishedfact" in texts[planted / language / "data" / "notable-facts.csv"]
    assert "zqpublishedfact" in texts[planted / "fr" / f"rapport-{YEAR}-fr.pdf"]


def test_the_pdf_fetches_nothing_but_its_own_charts():
    from visits.i18n import translator

    page = "# Title\n\n![chart](chart.svg)\n\n![elsewhere](https://example.org/tracker.png)\n"
    chart = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
    with pytest.raises(Exception, match="example.org"):
        render([("index.md", page)], {"chart.svg": chart}, translator("en"), "Title")
    own = render(
        [("index.md", page.replace("https://example.org/tracker.png", "chart.svg"))],
        {"chart.svg": chart},
        translator("en"),
        "Title",
    )
    assert own.startswith(b"%PDF") and BASE.endswith(".invalid/")


class _Record:
    def __init__(self, id_: str, data: dict) -> None:
        self.id, self.data = id_, data


class _Corpus:
    """Just enough of a corpus for visits.stats.measures.collect."""

    def __init__(self, records: dict[str, list[_Record]]) -> None:
        self.records = records

    def of(self, kind: str):
        if kind not in self.records and kind == "notable-fact":
            raise KeyError(kind)
        return self.records.get(kind, [])


def _programme(observations_per_person: list[list[str]], facts=None) -> _Corpus:
    import datetime as dt

    centre = _Record(
        "merksplas",
        {"name": {"nl": "Gesloten centrum Merksplas", "fr": "Centre fermé de Merksplas", "en": "Merksplas"}},
    )
    people, assignments, visits = [], [], []
    for number, codes in enumerate(observations_per_person):
        person = f"P-2025-{number:04d}"
        people.append(_Record(person, {"centre": "merksplas", "detention_start": "2025-01-01", "nationality": "SY"}))
        assignments.append(_Record(f"A-{number}", {"centre": "merksplas", "person": person, "volunteer": "v"}))
        for visit_number, code in enumerate(codes or [None]):
            day = dt.date(2025, 3, 1 + visit_number).isoformat()
            data = {
                "date": day,
                "assignment": f"A-{number}",
                "start_time": "10:00",
                "duration_minutes": 60,
                "language": "ar",
                "topics": [],
            }
            if code:
                data["observations"] = [code]
            visits.append(_Record(f"{day}-A-{number}", data))
    records = {
        "centre": [centre],
        "person": people,
        "assignment": assignments,
        "visit": visits,
        "volunteer": [_Record("v", {"role": "friendly"})],
    }
    if facts is not None:
        records["notable-fact"] = facts
    return _Corpus(records)


def test_only_reviewed_notable_facts_are_collected_and_a_missing_kind_is_no_error():
    import datetime as dt

    from visits.stats.measures import collect

    facts = [
        _Record(
            "2025-05-01-merksplas",
            {
                "date": "2025-05-01",
                "centre": "merksplas",
                "kind": "fire",
                "text": {"en": "shown"},
                "source": "never",
                "reviewed_by": "anne",
            },
        ),
        _Record(
            "2025-05-02-merksplas",
            {
                "date": "2025-05-02",
                "centre": "merksplas",
                "kind": "fire",
                "text": {"en": "unreviewed"},
                "source": "never",
            },
        ),
    ]
    gathered = collect(_programme([[]], facts), {}, dt.date(2026, 1, 10))
    assert [fact["text"] for fact in gathered.notable] == [{"en": "shown"}]
    assert "source" not in gathered.notable[0]
    assert collect(_programme([[]]), {}, dt.date(2026, 1, 10)).notable == []


def test_observations_count_people_once_and_an_area_equal_to_its_code_is_hidden_with_it():
    import datetime as dt

    from visits.report.figures import ReportFigures
    from visits.stats.figures import YearFigures
    from visits.stats.grids import TOTAL
    from visits.stats.measures import collect
    from visits.stats.suppress import Hidden

    # six people: five told of a late doctor (one of them twice), one of an interrupted treatment
    people = [["medical-access", "medical-access"], *[["medical-access"]] * 4, ["treatment-interrupted"]]
    facts = collect(_programme(people), {}, dt.date(2026, 1, 10))
    report = ReportFigures(YearFigures(facts, 2025, 5))
    grid = report.observations
    assert grid["medical-access", "merksplas"] == 5
    assert isinstance(grid["treatment-interrupted", "merksplas"], Hidden)
    # the area (6 people) is not its one published code (5): once hidden, the codes and area are
    assert isinstance(grid["medical-care", TOTAL], Hidden) or grid["medical-care", TOTAL] == 6
    # every relation names cells that exist
    grids = {**report.grids(), "year.nationalities": report.year_figures.nationalities}
    for _, left, right in report.relations():
        for name, row, column in left + right:
            assert (row, column) in grids[name].cells
    lengths = report.lengths()
    assert lengths[TOTAL].quartiles is not None and lengths[TOTAL].people == 6
