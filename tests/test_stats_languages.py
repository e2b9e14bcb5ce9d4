"""Statistics pages in Dutch, French and English: the same protected figures in every
language, names where the records hold codes, each language's number formats and French
spacing; the translated section still builds with MkDocs --strict."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from babel.messages.pofile import read_po

from test_stats import build_site
from visits import engine
from visits.config import load_config
from visits.i18n import LOCALE_DIR, translator
from visits.i18n.vocabulary import NAMES
from visits.stats import grids, pages, statistics_files
from visits.stats.charts import SVG_NAMESPACE
from visits.stats.measures import collect
from visits.stats.suppress import Hidden
from visits.stats.tables import md_text

from conftest import REPO, TODAY

LANGUAGES = ("en", "fr", "nl")
HEADING = re.compile(r"^#{1,3} (.+)$", re.MULTILINE)
TABLE_ROW = re.compile(r"^\| .* \|$", re.MULTILINE)


@pytest.fixture(scope="module")
def example():
    config = load_config(REPO)
    corpus = engine.records(REPO, config)
    return corpus, config, collect(corpus, config, TODAY)


@pytest.fixture(scope="module")
def sections(example) -> dict[str, dict[str, str]]:
    corpus, config, facts = example
    return {language: statistics_files(corpus, config, TODAY, facts, language=language) for language in LANGUAGES}


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def page_rows(markdown: str) -> list[list[str]]:
    """The cells of every Markdown table row of a page, separator rows left out."""
    rows = [re.split(r"(?<!\\) \| ", line[2:-2]) for line in TABLE_ROW.findall(markdown)]
    return [row for row in rows if not all(re.fullmatch(r"-+:?", cell.strip("| ")) for cell in row)]


def hidden_positions(rows: list[list[str]], k: int, marks: tuple[str, str]) -> set[tuple[int, int]]:
    return {(r, c) for r, row in enumerate(rows) for c, cell in enumerate(row) if cell in marks}


def test_every_language_gives_the_same_files(sections):
    assert set(sections["fr"]) == set(sections["nl"]) == set(sections["en"])
    assert {"index.md", "2026/index.md", "2026/summary.md", "2026/outcomes.csv"} <= set(sections["fr"])


def test_a_hidden_cell_is_hidden_in_every_language_page_and_csv(sections, example):
    k = example[1]["privacy"]["min_count"]
    csv_marks = (str(Hidden(True, k)), str(Hidden(False, k)))
    page_marks = tuple(md_text(mark) for mark in csv_marks)
    hidden = {}
    for language, files in sections.items():
        hidden[language] = {
            path: hidden_positions(csv_rows(text), k, csv_marks)
            for path, text in files.items()
            if path.endswith(".csv")
        }
        for path in (p for p in files if p.endswith(".md")):
            page = hidden_positions(page_rows(files[path]), k, page_marks)
            hidden[language][path] = page
    assert sum(len(cells) for cells in hidden["en"].values()) > 20  # the example does hide counts
    assert hidden["fr"] == hidden["en"] == hidden["nl"]
    # the page shows what its CSV holds: each table's hidden cells, table by table, in order
    for language, files in sections.items():
        summary = page_rows(files["2026/summary.md"])
        outcomes = csv_rows(files["2026/outcomes.csv"])
        start = next(i for i, row in enumerate(summary) if row[0] == outcomes[0][0])
        shown = summary[start : start + len(outcomes)]
        assert hidden_positions(shown, k, page_marks) == hidden_positions(outcomes, k, csv_marks), language


def english_titles(files: dict[str, str]) -> set[str]:
    titles = {title for path, text in files.items() if path.endswith(".md") for title in HEADING.findall(text)}
    return {title for title in titles if not title.isdigit()}


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_translated_pages_hold_no_english_title(sections, language):
    english = english_titles(sections["en"])
    assert len(english) > 30
    for path, text in sections[language].items():
        if path.endswith(".md"):
            titles = set(HEADING.findall(text)) | set(re.findall(r'^title: "(.*)"$', text, re.MULTILINE))
            assert not titles & english, (path, titles & english)
            assert not re.search(r"Download CSV|Small numbers|Bar chart", text), path
        elif path.endswith(".csv"):
            headers = set(csv_rows(text)[0])
            same_word = {"Total", "Km", "Centre", "Transport (EUR)", "Total (EUR)", "Type", "Statut", "Status"}
            assert not (headers - same_word) & {"Month", "Quarter", "Period", "People", "Share (%)", "Outcome"}, path


def codes(corpus) -> set[str]:
    """Every code the records hold where a reader must see a name."""
    found = {code for field in NAMES.values() for code in field} - {"other", "unknown"}
    found |= {record.id for record in corpus.of("centre")}
    found |= {record.data["nationality"] for record in corpus.of("person")}
    found |= {record.data["language"] for record in corpus.of("visit")}
    return {code for code in found if not code.isdigit()}  # a wellbeing score is a number, not a name


@pytest.mark.parametrize("language", LANGUAGES)
def test_names_not_codes_in_tables_csv_headers_and_charts(sections, example, language):
    corpus = example[0]
    forbidden = codes(corpus)
    assert {"dublin-transfer", "DZ", "ar", "merksplas", "friendly"} <= forbidden
    files = sections[language]
    for path, text in files.items():
        if path.endswith(".csv"):
            rows = csv_rows(text)
            labels = set(rows[0]) | {row[0] for row in rows[1:]}
        elif path.endswith(".md"):
            labels = {cell.replace("\\", "") for row in page_rows(text) for cell in row}
        else:
            labels = {" ".join(e.itertext()) for e in ET.fromstring(text).iter(f"{{{SVG_NAMESPACE}}}text")}
        assert not labels & forbidden, (path, labels & forbidden)
    t = translator(language)
    centre = next(record for record in corpus.of("centre") if record.id == "merksplas")
    svg = ET.fromstring(files["2026/visits-by-month.svg"])
    legend = {" ".join(e.itertext()) for e in svg.iter(f"{{{SVG_NAMESPACE}}}text")}
    assert centre.data["name"][language] in legend
    assert t.month(3, "abbreviated") in legend
    assert centre.data["name"][language] in csv_rows(files["2026/visits-by-month.csv"])[0]


@pytest.mark.parametrize(("language", "thousands", "decimal"), [("fr", ".", ","), ("nl", ".", ","), ("en", ",", ".")])
def test_numbers_use_the_language_s_separators_on_pages_and_plain_digits_in_csv(sections, language, thousands, decimal):
    files = sections[language]
    key = {row[0]: row[1] for row in csv_rows(files["2026/key-figures.csv"])[1:]}
    t = translator(language)
    visits, hours = key[t.gettext("Visits")], key[t.gettext("Hours visited")]
    assert re.fullmatch(r"\d{4,}", visits) and re.fullmatch(r"\d+\.\d", hours)  # the CSV: machine-readable
    shown = {row[0]: row[1] for row in page_rows(files["2026/summary.md"]) if len(row) == 2}
    whole, tenth = hours.split(".")
    assert shown[t.gettext("Visits")] == f"{visits[:-3]}{thousands}{visits[-3:]}"
    assert shown[t.gettext("Hours visited")].replace(thousands, "") == f"{whole}{decimal}{tenth}"
    percent = re.compile(r"\d+%" if language == "en" else r"\d+\u00a0%")
    shares = [row[-1] for row in page_rows(files["2026/summary.md"]) if row[-1] and row[-1][-1] == "%"]
    assert shares and all(percent.fullmatch(share) for share in shares)


def test_french_prose_has_a_narrow_no_break_space_before_high_punctuation(sections):
    spaced = 0
    for path, text in sections["fr"].items():
        if not path.endswith(".md"):
            continue
        body = text.split("---\n", 2)[2]
        for line in body.splitlines():
            if line.startswith("|") or line.startswith("!!!"):
                continue  # table syntax (---:) and admonition marks are not prose
            assert not re.search(r"[^\s\u202f\d][;:!?](\s|$)", line), (path, line)
            assert not re.search(r" [;:!?]", line), (path, line)
            spaced += len(re.findall("\u202f[;:]", line))
    assert spaced > 10
    chart = ET.fromstring(sections["fr"]["2026/people-visited-by-month.svg"])
    desc = chart.find(f"{{{SVG_NAMESPACE}}}desc").text
    assert "\u202f;" in desc and " ;" not in desc  # chart texts are prose too
    assert "\u202f;" not in sections["nl"]["index.md"] and "\u202f:" not in sections["en"]["2026/index.md"]


def test_the_second_and_third_languages_reuse_the_protected_figures(example, monkeypatch):
    corpus, config, _ = example
    facts = collect(corpus, config, TODAY)  # fresh: nothing protected yet
    calls = []
    protect = grids.protect
    monkeypatch.setattr(grids, "protect", lambda *args, **kwargs: calls.append(1) or protect(*args, **kwargs))
    english = statistics_files(corpus, config, TODAY, facts, language="en")
    first = len(calls)
    french = statistics_files(corpus, config, TODAY, facts, language="fr")
    assert first > 0 and len(calls) == first
    k = config["privacy"]["min_count"]
    assert pages.published(facts, config).year(2026) is pages.published(facts, config).year(2026)
    assert pages.published(facts, config).k == k
    assert english.keys() == french.keys() and english["2026/summary.md"] != french["2026/summary.md"]


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_stats_catalogue_is_translated(language):
    with (LOCALE_DIR / "stats.pot").open("rb") as file:
        wanted = {(m.id, m.context) for m in read_po(file) if m.id}
    with (LOCALE_DIR / language / "LC_MESSAGES" / "stats.po").open("rb") as file:
        catalogue = {(m.id, m.context): m for m in read_po(file) if m.id}
    assert wanted and wanted == set(catalogue)
    assert not [key for key, m in catalogue.items() if m.fuzzy or not m.string]


@pytest.mark.slow
def test_the_french_section_builds_with_mkdocs_strict(sections, tmp_path):
    result = build_site(sections["fr"], tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "statistics" / "2026" / "summary" / "index.html").read_text(encoding="utf-8")
    assert "Synthèse 2026" in html and f">{md_text(Hidden(True, 5))}<" in html
