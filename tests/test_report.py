"""The yearly monitoring report: built by `visits report` from the example records in nl, fr
and en, as pages, as a PDF read back with poppler, and as a Frictionless data package."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest
from frictionless import Package
from PIL import Image

from visits.i18n import LANGUAGES

from conftest import copy_repository, run_visits

YEAR = "2025"
FOLDERS = {"nl": "rapport", "fr": "rapport", "en": "report"}
# a cell of a Markdown table: a count, a formatted number, a hidden mark
_ROW = re.compile(r"^\| (.+) \|$", re.M)
_NUMBER = re.compile(r"^(\d[\d.,]*|&lt;\d+|x)$")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("report") / "repo")
    result = run_visits("report", "--year", YEAR, root=root)
    assert result.code == 0, result.err
    out = root / "build" / "report" / YEAR
    assert f"wrote the {YEAR} report in {out}" in result.out
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def table_figures(markdown: str) -> list[str]:
    """The figures of every table row, in reading order, as the page shows them."""
    found = []
    for row in _ROW.findall(markdown):
        cells = [cell.strip() for cell in row.split(" | ")][1:]
        found += [cell.replace("&lt;", "<") for cell in cells if _NUMBER.match(cell)]
    return found


def page_order(folder: Path) -> list[Path]:
    pages = sorted(folder.glob("*.md"), key=lambda p: (p.name != "index.md", p.name == "method.md", p.name))
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_builds_as_pages_pdf_and_data_in_each_language(built, language):
    folder = built / language
    pages = page_order(folder)
    names = [page.name for page in pages]
    assert names[0] == "index.md" and names[-1] == "method.md" and "merksplas.md" in names
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert (folder / "outcomes.svg").read_text(encoding="utf-8").startswith("<svg")
    for svg in folder.glob("*.svg"):
        assert "<script" not in svg.read_text(encoding="utf-8") and "href=" not in svg.read_text(encoding="utf-8")
    pdf = folder / f"{FOLDERS[language]}-{YEAR}-{language}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    # the PDF holds the pages' figures, in the same order
    text = pdf_text(pdf)
    tokens = re.findall(r"<\d+|\d[\d.,]*\d|\d|(?<!\w)x(?!\w)", text)
    expected = [figure for page in pages for figure in table_figures(page.read_text(encoding="utf-8"))]
    assert len(expected) > 50
    position = 0
    for figure in expected:
        while position < len(tokens) and tokens[position] != figure:
            position += 1
        assert position < len(tokens), f"{figure} of the pages is not in the PDF (in order)"
        position += 1
    if language == "nl":
        assert "Monitoringrapport 2025" in index and "Methode en beperkingen" in text
        assert "Dienst Vreemdelingenzaken" in (folder / "method.md").read_text(encoding="utf-8")
    if language == "fr":
        assert "Rapport de monitoring 2025" in index and "Office des étrangers" in text
        assert "\u202f:" in index  # French typography: a narrow no-break space before the colon


def test_the_pdf_pages_are_not_blank(built, tmp_path):
    pdf = built / "fr" / f"rapport-{YEAR}-fr.pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) >= 3
    for image in images:
        grey = Image.open(image).convert("L")
        dark = sum(count for value, count in enumerate(grey.histogram()) if value < 128)
        assert dark > 100, f"{image.name} is blank"  # the page number alone is about 30


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_package_validates(built, language):
    package_path = built / language / "data" / "datapackage.json"
    report = Package(str(package_path)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(package_path))
    names = {resource.name for resource in package.resources}
    assert {"centres", "outcomes", "nationalities", "vulnerabilities", "observations", "notable-facts"} <= names
    centres = package.get_resource("centres")
    assert centres.schema.get_field("people_accompanied").type == "integer"
    assert "<5" in centres.schema.missing_values
    rows = list(csv.DictReader(io.StringIO((built / language / "data" / "centres.csv").read_text("utf-8"))))
    assert rows[-1]["centre"] == "Total"
    # the package is the same in every language: codes for machines, titles per language
    assert (built / language / "data" / "outcomes.csv").read_text() == (
        built / "en" / "data" / "outcomes.csv"
    ).read_text()
    field = centres.schema.get_field("people_accompanied").to_dict()
    assert field["titles"]["nl"] == "Begeleide personen" and field["titles"]["fr"] == "Personnes accompagnées"


def test_the_figures_match_between_pages_and_data(built):
    data = list(csv.DictReader(io.StringIO((built / "en" / "data" / "centres.csv").read_text("utf-8"))))
    total = data[-1]["people_accompanied"]
    index = (built / "en" / "index.md").read_text(encoding="utf-8")
    assert f"People accompanied in {YEAR}: **{total}**." in index


def test_a_year_without_visits_is_an_error(tmp_path):
    root = copy_repository(tmp_path / "repo")
    result = run_visits("report", "--year", "2019", root=root)
    assert result.code == 1
    assert "no visit is recorded in 2019" in result.err
    assert not (root / "build").exists()


def test_a_bad_language_is_a_usage_error(tmp_path):
    root = copy_repository(tmp_path / "repo")
    result = run_visits("report", "--year", YEAR, "--lang", "de", root=root)
    assert result.code == 2
    assert "invalid choice: 'de'" in result.err


def test_the_report_is_never_written_among_the_records_nor_over_other_files(tmp_path):
    root = copy_repository(tmp_path / "repo")
    result = run_visits("report", "--year", YEAR, "--lang", "en", "--out", str(root / "records" / "x"), root=root)
    assert result.code == 1 and "among the records" in result.err
    assert not (root / "records" / "x").exists()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    result = run_visits("report", "--year", YEAR, "--lang", "en", "--out", str(other), root=root)
    assert result.code == 1 and "not a folder this command wrote" in result.err
    assert sorted(path.name for path in other.iterdir()) == ["keep.txt"]
    # a second run replaces its own earlier report, and leaves no temporary folder
    out = tmp_path / "out"
    for _ in range(2):
        assert run_visits("report", "--year", YEAR, "--lang", "en", "--out", str(out), root=root).code == 0
    assert sorted(path.name for path in out.iterdir()) == [".visits-report", "en"]
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".visits-")] == []


def test_without_weasyprint_the_pages_still_build_and_the_message_is_clear(tmp_path, monkeypatch):
    import visits.report.pdf as pdf

    def missing():
        raise pdf.Unavailable("the PDF needs WeasyPrint and the Pango library (libpango not found)")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    root = copy_repository(tmp_path / "repo")
    result = run_visits("report", "--year", YEAR, "--lang", "nl", root=root)
    assert result.code == 0, result.err
    assert "no PDF: the PDF needs WeasyPrint and the Pango library" in result.err
    assert "Traceback" not in result.err
    folder = root / "build" / "report" / YEAR / "nl"
    assert (folder / "index.md").exists() and not list(folder.glob("*.pdf"))


def test_public_pages_give_every_complete_year_under_the_language_folder():
    import datetime as dt

    from visits import engine
    from visits.config import load_config
    from visits.report import public_pages
    from visits.stats.measures import collect

    from conftest import REPO, TODAY

    config = load_config(REPO)
    facts = collect(engine.records(REPO, config), config, TODAY)
    files = public_pages(facts, config, TODAY, "en")
    assert {path.split("/")[1] for path in files} == {YEAR}  # 2026 is not over
    assert f"report/{YEAR}/index.md" in files and f"report/{YEAR}/data/datapackage.json" in files
    assert isinstance(files[f"report/{YEAR}/report-{YEAR}-en.pdf"], bytes)
    assert all(path.startswith("report/") for path in files)
    assert public_pages(facts, config, dt.date(2025, 6, 1), "nl") == {}
