"""Every hand-written page in every language, at the addresses docs/pages.yml gives; the page
map's loader names the file and line of a bad entry; the switcher's addresses per page."""

from __future__ import annotations

from pathlib import Path

import pytest

from visits.site import SiteError
from visits.site.counterparts import address, with_alternates
from visits.site.markdown import front_matter
from visits.site.pagemap import PageMapError, load_page_map

from conftest import REPO

LANGUAGES = ("nl", "fr", "en")
SOURCES = {"public": REPO / "docs" / "public", "internal": REPO / "docs" / "internal"}


@pytest.mark.parametrize("section", sorted(SOURCES))
def test_every_hand_written_page_exists_in_every_language_and_no_other(section):
    pages = load_page_map(REPO).pages(section)
    for language in LANGUAGES:
        folder = SOURCES[section] / language
        wanted = {f"{paths[language]}.md" for paths in pages.values()}
        present = {path.relative_to(folder).as_posix() for path in folder.rglob("*.md")}
        assert sorted(wanted - present) == [], f"missing in docs/{section}/{language}/"
        assert sorted(present - wanted) == [], f"not in docs/pages.yml ({section}, {language})"


def write_map(root: Path, text: str) -> None:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "pages.yml").write_text(text, encoding="utf-8")


SECTIONS_OK = "internal: {}\ninternal-generated: {}\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("public:\n  faq: {nl: veelgestelde-vragen}\n" + SECTIONS_OK, 2, "Dutch and French"),
        ("public:\n  faq: {nl: Vragen.md, fr: faq}\n" + SECTIONS_OK, 2, "not a path"),
        ("public:\n  a: {nl: x, fr: y}\n  b: {nl: x, fr: z}\n" + SECTIONS_OK, 3, "same nl path"),
        ("public: {}\n" + SECTIONS_OK + "extra: {}\n", 4, "unknown section"),
        ("public:\n  faq: {nl: a, nl: b, fr: c}\n" + SECTIONS_OK, 2, "already appears"),
    ],
)
def test_a_bad_page_map_entry_names_the_file_and_line(tmp_path, text, line, words):
    write_map(tmp_path, text)
    with pytest.raises(PageMapError) as caught:
        load_page_map(tmp_path)
    assert str(caught.value).startswith(f"docs/pages.yml:{line}: "), caught.value
    assert words in str(caught.value)


def test_the_page_map_gives_english_paths_as_ids():
    pagemap = load_page_map(REPO)
    assert pagemap.path("public", "faq", "fr") == "questions-frequentes"
    assert pagemap.path("public", "faq", "en") == "faq"
    assert pagemap.path("internal-generated", "training/matrix", "fr") == "formation/matrice"


def test_counterparts_go_into_the_front_matter_and_may_not_be_set_by_hand():
    page = with_alternates('---\ntitle: "FAQ"\n---\n\n# FAQ\n', {"nl": address("nl", "veelgestelde-vragen.md")}, "x.md")
    meta, body = front_matter(page, "x.md")
    assert meta == {"title": "FAQ", "alternate": {"nl": "../nl/veelgestelde-vragen.html"}}
    assert body.strip() == "# FAQ"
    with pytest.raises(SiteError, match="set by `visits site`"):
        with_alternates(page, {}, "x.md")
